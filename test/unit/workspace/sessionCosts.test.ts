// What keeps the common case cheap once many features read the index: an opened file goes ahead of indexing,
// closed files wait for the background check, and what every request reads is derived once, not per edit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { silentLogger } from '../../../server/src/core/logger';
import { createLanguageService, type LanguageService } from '../../../server/src/core/service';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { chartContentOf } from '../../../server/src/core/workspace/charts';
import { memoryHost } from '../../../server/src/core/workspace/host';
import { WorkspaceIndex } from '../../../server/src/core/workspace/index';
import { parseFile } from '../../../server/src/core/yaml/parse';
import { Publisher } from '../../../server/src/node/publisher';
import { loadCatalog } from '../../../server/src/node/schemas';
import { registry, uriOf, yaml } from '../helpers';

const KS = yaml`
  apiVersion: kustomize.toolkit.fluxcd.io/v1
  kind: Kustomization
  metadata:
    name: apps
    namespace: flux-system
  spec:
    interval: 10m
    path: ./apps
    prune: true
    notAField: 1
    sourceRef:
      kind: GitRepository
      name: missing
`;

const REPO = yaml`
  apiVersion: source.toolkit.fluxcd.io/v1
  kind: GitRepository
  metadata:
    name: platform
    namespace: flux-system
  spec:
    interval: 1m
    url: https://gitea.example.com/platform/fleet.git
`;

function service(files: Record<string, string>): LanguageService {
  return createLanguageService({ registry: registry(), host: memoryHost(files), logger: silentLogger, settings: DEFAULT_SETTINGS, catalog: loadCatalog() });
}

describe('an opened file goes ahead of indexing', () => {
  test('while indexing it gets its own checks; the cross-file ones once indexing is done', async () => {
    const s = service({ 'ks.yaml': KS, 'repo.yaml': REPO });
    const uri = uriOf('ks.yaml');
    const indexing = s.indexWorkspace();
    s.open(uri, 1, KS);
    const early = s.diagnostics(uri).map((d) => d.code);
    assert.ok(early.includes('unknown-field'), `early: ${early.join(', ')}`);
    assert.ok(!early.some((c) => String(c).startsWith('unresolved')), `early: ${early.join(', ')}`);
    await indexing;
    const later = s.diagnostics(uri).map((d) => d.code);
    assert.ok(later.includes('unknown-field'), `later: ${later.join(', ')}`);
    assert.ok(later.some((c) => String(c).startsWith('unresolved')), `later: ${later.join(', ')}`);
  });

  test('findings a kustomize patch is spared wait until it is known whether the file is one', async () => {
    const text = REPO.replace('  interval: 1m\n', '');
    const s = service({ 'repo.yaml': text });
    const uri = uriOf('repo.yaml');
    const indexing = s.indexWorkspace();
    s.open(uri, 1, text);
    assert.ok(!s.diagnostics(uri).some((d) => d.code === 'missing-required'));
    await indexing;
    assert.ok(s.diagnostics(uri).some((d) => d.code === 'missing-required'));
  });
});

describe('closed files wait for the background check', () => {
  test('nothing is published for a closed file before everyClosed, then it is', async () => {
    const sent: PublishDiagnosticsParams[] = [];
    const uri = uriOf('ks.yaml');
    const fake = {
      index: { uris: () => [uri][Symbol.iterator](), has: () => true },
      checking: () => false,
      closedDiagnostics: () => [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x' }],
    } as unknown as LanguageService;
    const publisher = new Publisher({ service: fake, versionOf: () => undefined, send: (p) => sent.push(p), readFile: async () => undefined, logger: silentLogger });
    publisher.schedule(uri);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.equal(sent.length, 0);
    publisher.everyClosed();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(sent.map((p) => p.uri), [uri]);
  });
});

describe('closed files read for their check', () => {
  test('are checked a few per turn, not all in the turn their reads finish', async () => {
    const sent: PublishDiagnosticsParams[] = [];
    const uris = Array.from({ length: 60 }, (_, i) => uriOf(`f${i}.yaml`));
    const fake = {
      index: { uris: () => uris[Symbol.iterator](), has: () => true },
      checking: () => false,
      // Without a text the service cannot answer (changed on disk); with it, each check costs about 1 ms.
      closedDiagnostics: (_uri: string, text?: string) => {
        if (text === undefined) return undefined;
        const end = performance.now() + 1;
        while (performance.now() < end);
        return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: text }];
      },
    } as unknown as LanguageService;
    const publisher = new Publisher({ service: fake, versionOf: () => undefined, send: (p) => sent.push(p), readFile: async () => 'x', logger: silentLogger });
    publisher.everyClosed();
    const perTurn: number[] = [];
    for (let turn = 0; turn < 200 && sent.length < uris.length; turn++) {
      const before = sent.length;
      await new Promise((r) => setImmediate(r));
      perTurn.push(sent.length - before);
    }
    assert.equal(sent.length, uris.length, 'every file is published in the end');
    assert.ok(Math.max(...perTurn) <= 5, `checks per turn: ${perTurn.join(',')}`);
  });
});

describe('derived once, not per edit', () => {
  test('the index keeps the kinds of unnamed documents, so the profile needs no parse', () => {
    const index = new WorkspaceIndex();
    const uri = uriOf('patch.yaml');
    index.update(parseFile(uri, 0, 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nspec: {}\n'));
    assert.deepEqual(index.entry(uri)?.unnamed, [['external-secrets.io/v1', 'ExternalSecret']]);
  });

  test('the declarations version moves only when a declared release changes', () => {
    const index = new WorkspaceIndex();
    const uri = uriOf('eso.yaml');
    const release = (version: string, note: string) => yaml`
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata:
        name: external-secrets
        namespace: external-secrets
        annotations:
          note: "${note}"
      spec:
        interval: 10m
        chart:
          spec:
            chart: external-secrets
            version: "${version}"
            sourceRef:
              kind: HelmRepository
              name: external-secrets
    `;
    index.update(parseFile(uri, 0, release('0.16.2', 'a')));
    const first = index.declarationsVersion;
    assert.deepEqual([...index.declaringFiles()], [uri]);
    index.update(parseFile(uri, 0, release('0.16.2', 'a longer note that moves every offset')));
    assert.equal(index.declarationsVersion, first);
    index.update(parseFile(uri, 0, release('1.3.1', 'a')));
    assert.notEqual(index.declarationsVersion, first);
  });

  test('chart content is remembered until files appear or vanish', () => {
    const index = new WorkspaceIndex();
    const isContent = chartContentOf(index);
    const values = uriOf('charts/app/values.yaml');
    index.update(parseFile(values, 0, 'a: 1\n'));
    assert.equal(isContent(values), false);
    index.update(parseFile(uriOf('charts/app/Chart.yaml'), 0, 'apiVersion: v2\nname: app\nversion: 1.0.0\n'));
    assert.equal(isContent(values), true);
  });
});
