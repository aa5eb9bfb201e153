// How each server under test is started and configured.
import * as path from 'node:path';
import type { ServerSpec } from './client';
import { fileUri } from './client';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../server/src/shared/launch';

export const ROOT = path.resolve(__dirname, '../..');

export function oursSpec(options: { cpuProfDir?: string; dist?: string; nodeArgs?: string[] } = {}): ServerSpec {
  const prof = [...(options.nodeArgs ?? []), ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [])];
  return {
    name: 'ours',
    argv: [...SERVER_EXEC_ARGV, ...prof, path.join(options.dist ?? path.join(ROOT, 'dist'), 'server.js'), '--stdio'],
    env: SERVER_ENV,
    initializationOptions: { clientHasSnippets: true, trusted: true },
    configuration: () => ({}),
    versionedDiagnostics: true,
  };
}

/** yaml-language-server at its best and offline: no schema store, no CRD catalogue, one dispatching schema. */
export function yamlLsSettings(schemaPath: string): Record<string, unknown> {
  return {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemaStore: { enable: false, url: '' },
    kubernetesCRDStore: { enable: false, url: '' },
    schemas: { [fileUri(schemaPath)]: ['*.yaml', '*.yml'] },
    customTags: [],
    yamlVersion: '1.2',
    maxItemsComputed: 5000,
    disableAdditionalProperties: false,
    disableDefaultProperties: false,
  };
}

export function yamlLsSpec(schemaPath: string): ServerSpec {
  const settings = yamlLsSettings(schemaPath);
  return {
    name: 'yaml-language-server',
    argv: [path.join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
    configuration: (section) => {
      if (section === 'yaml') return settings;
      if (section === 'http') return { proxy: '', proxyStrictSSL: false };
      if (section === 'editor') return { tabSize: 2, detectIndentation: false };
      if (section === '[yaml]') return { 'editor.tabSize': 2, 'editor.insertSpaces': true };
      return null;
    },
    versionedDiagnostics: false,
  };
}
