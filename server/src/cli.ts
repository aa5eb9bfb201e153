// The command-line checker: the same engine as the language server, over whole folders, for CI.
//   flux-gitops check [paths...] [--format text|json|sarif] [--profile NAME] [--config FILE] [--cache-dir DIR] [--quiet]
// Exit codes: 0 clean (warnings allowed), 1 errors found, 2 usage error.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { describeError, type Logger } from './core/logger';
import { createLanguageService } from './core/service';
import { CONFIG_FILE, DEFAULT_SETTINGS, mergeSettings, parseConfigFile, type SettingsLayer } from './core/settings';
import { readEach } from './core/workspace/host';
import { diskHost, toPath, toUri } from './node/diskHost';
import { loadRegistry, schemaDirs } from './node/schemas';
import { workerScanner } from './node/scanWorkers';
import { fileCacheStore } from './node/indexCacheFile';
import { formatJson, formatSarif, formatText, type FileResult } from './node/report';

interface Args {
  readonly paths: string[];
  readonly format: 'text' | 'json' | 'sarif';
  readonly profile?: string;
  readonly config?: string;
  /** Where the index cache is kept between runs (a CI cache folder), if anywhere. */
  readonly cacheDir?: string;
  readonly quiet: boolean;
}

const USAGE = 'usage: flux-gitops check [paths...] [--format text|json|sarif] [--profile NAME] [--config FILE] [--cache-dir DIR] [--quiet]';

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') throw new UsageError(USAGE);
  if (command !== 'check') throw new UsageError(`unknown command "${command ?? ''}"\n${USAGE}`);
  const paths: string[] = [];
  let format: Args['format'] = 'text';
  let profile: string | undefined;
  let config: string | undefined;
  let cacheDir: string | undefined;
  let quiet = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, json or sarif\n${USAGE}`);
      format = f;
    } else if (a === '--profile') profile = value();
    else if (a === '--config') config = value();
    else if (a === '--cache-dir') cacheDir = path.resolve(value());
    else if (a === '--quiet' || a === '-q') quiet = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else paths.push(a);
  }
  for (const p of paths) if (!existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
  // Real paths, so that reported paths are relative to the working folder even through symbolic links.
  return { paths: (paths.length ? paths : ['.']).map((p) => realpathSync(p)), format, profile, config, cacheDir, quiet };
}

/** The workspace config nearest to a checked path: in it or in a folder above it. */
function findConfig(start: string): string | undefined {
  let dir = path.resolve(start);
  if (existsSync(dir) && statSync(dir).isFile()) dir = path.dirname(dir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function loadLayer(file: string | undefined, logger: Logger): SettingsLayer | undefined {
  if (!file) return undefined;
  const { layer, problems } = parseConfigFile(readFileSync(file, 'utf8'));
  problems.forEach((p) => logger.warn(p));
  return layer;
}

async function check(args: Args): Promise<number> {
  const logger: Logger = {
    info: () => undefined,
    warn: (m) => process.stderr.write(`warning: ${m}\n`),
    error: (m, e) => process.stderr.write(`error: ${m}${e ? `: ${describeError(e)}` : ''}\n`),
  };
  const folders = args.paths.filter((p) => statSync(p).isDirectory());
  const files = args.paths.filter((p) => statSync(p).isFile()).map((p) => toUri(path.resolve(p)));
  const configFile = args.config ?? findConfig(args.paths[0]);
  const settings = mergeSettings(DEFAULT_SETTINGS, loadLayer(configFile, logger), args.profile ? { profile: args.profile } : undefined);
  // The workers start now and load the schemas while the main thread loads them too and lists the folders.
  const scanner = workerScanner(schemaDirs(), { prewarm: true, profile: settings.profile });
  const registry = loadRegistry(settings.profile);
  const host = diskHost(folders, () => settings.exclude);
  const cache = args.cacheDir ? fileCacheStore(args.cacheDir, folders, logger) : undefined;
  const service = createLanguageService({ registry, host, logger, settings, scanner, cache });
  // Worker threads index and check the folders in one pass; the files named alone are read and parsed here.
  await service.indexWorkspace({ withDiagnostics: true });
  const inFolders = [...service.index.uris()].sort();
  const named = new Set(inFolders);
  const alone = files.filter((f) => !named.has(f));
  const aloneSet = new Set(alone);
  const read = { ...host, readFile: async (uri: string) => (await host.readFile(uri)) ?? readFileSync(toPath(uri), 'utf8') };
  await readEach(read, alone, (uri, text) => service.open(uri, 0, text));
  // What the scan checked is done; the rest (a small workspace, suppression comments) is read and checked here.
  const uris = [...inFolders, ...alone];
  const scanned = new Map(uris.map((uri) => [uri, service.closedDiagnostics(uri)]));
  await readEach(read, uris.filter((uri) => !scanned.get(uri) && !aloneSet.has(uri)), (uri, text) => scanned.set(uri, service.closedDiagnostics(uri, text)));
  service.saveCache();
  const results: FileResult[] = uris.map((uri) => ({ path: path.relative(process.cwd(), toPath(uri)) || toPath(uri), uri, diagnostics: scanned.get(uri) ?? service.diagnostics(uri) }));
  const output = args.format === 'json' ? formatJson(results) : args.format === 'sarif' ? formatSarif(results, registry.generatedFrom) : formatText(results, args.quiet);
  process.stdout.write(output);
  const errors = results.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error));
  return errors ? 1 : 0;
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(err instanceof UsageError && (err as Error).message === USAGE ? 0 : 2);
  }
  try {
    process.exit(await check(args));
  } catch (err) {
    process.stderr.write(`flux-gitops: ${describeError(err)}\n`);
    process.exit(2);
  }
}

void main();
