// The command-line checker: the same engine as the language server, over whole folders, for CI.
//   flux-gitops check [paths...] [--format text|json|sarif] [--profile NAME] [--config FILE] [--cache-dir DIR] [--chart-cache DIR] [--no-render] [--quiet]
//   flux-gitops diff [folder] [--ref REF] [--format text|markdown] [--exit-code]
// Exit codes: 0 clean (warnings allowed), 1 errors found, 2 usage error.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { describeError, type Logger } from './core/logger';
import { createLanguageService } from './core/service';
import { CONFIG_FILE, DEFAULT_SETTINGS, mergeSettings, parseConfigFile, type SettingsLayer } from './core/settings';
import { readEach } from './core/workspace/host';
import { diskHost, toPath, toUri } from './node/diskHost';
import { loadCatalog, loadRegistry, schemaDirs } from './node/schemas';
import { workerScanner } from './node/scanWorkers';
import { fileCacheStore } from './node/indexCacheFile';
import { startRenderEngine, startRendering } from './node/renders';
import { chartFetcher } from './node/charts/fetcher';
import { readChartArchive } from './node/charts/unpack';
import { defaultRef } from './node/gitRef';
import { diffWorkspaces, formatDiff, renderedAt } from './node/renderDiff';
import { jsonReport, sarifReport, textReport, writeReport, type FileResult } from './node/report';

interface Args {
  readonly paths: string[];
  readonly format: 'text' | 'json' | 'sarif';
  readonly profile?: string;
  readonly config?: string;
  /** Where the index cache is kept between runs (a CI cache folder), if anywhere. */
  readonly cacheDir?: string;
  readonly quiet: boolean;
  /** Render Flux Kustomizations with the real kustomize (on unless --no-render). */
  readonly render: boolean;
  /** A chart cache folder (`--chart-cache`): HelmRelease values are checked against the charts in it. */
  readonly chartCache?: string;
}

const USAGE = 'usage: flux-gitops check [paths...] [--format text|json|sarif] [--profile NAME] [--config FILE] [--cache-dir DIR] [--chart-cache DIR] [--no-render] [--quiet]';

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
  let render = true;
  let chartCache: string | undefined;
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
    else if (a === '--no-render') render = false;
    else if (a === '--chart-cache') chartCache = path.resolve(value());
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else paths.push(a);
  }
  for (const p of paths) if (!existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
  // Real paths, so that reported paths are relative to the working folder even through symbolic links.
  return { paths: (paths.length ? paths : ['.']).map((p) => realpathSync(p)), format, profile, config, cacheDir, quiet, render, chartCache };
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

/** The checker never uses the network: charts come from this repository and the chart cache. */
function checkerChartFetcher(args: Args) {
  return chartFetcher({ cacheDir: args.chartCache, network: false, offlineReason: 'the checker reads charts offline (this repository\'s, and those in --chart-cache)' });
}

/** The commands' log: warnings and errors on stderr (stdout holds the report), nothing else. */
const stderrLogger: Logger = {
  info: () => undefined,
  warn: (m) => process.stderr.write(`warning: ${m}\n`),
  error: (m, e) => process.stderr.write(`error: ${m}${e ? `: ${describeError(e)}` : ''}\n`),
};

async function check(args: Args): Promise<number> {
  const logger = stderrLogger;
  const folders = args.paths.filter((p) => statSync(p).isDirectory());
  const files = args.paths.filter((p) => statSync(p).isFile()).map((p) => toUri(path.resolve(p)));
  const configFile = args.config ?? findConfig(args.paths[0]);
  const settings = mergeSettings(DEFAULT_SETTINGS, loadLayer(configFile, logger), args.profile ? { profile: args.profile } : undefined);
  // The workers start now and load the schemas while the main thread loads them too and lists the folders.
  const scanner = workerScanner(schemaDirs(), { prewarm: true, profile: settings.profile });
  const registry = loadRegistry(settings.profile);
  const host = diskHost(folders, () => settings.exclude);
  const cache = args.cacheDir ? fileCacheStore(args.cacheDir, folders, logger) : undefined;
  const service = createLanguageService({ registry, host, logger, settings, scanner, cache, catalog: loadCatalog(), charts: { fetcher: checkerChartFetcher(args), readArchive: (uri) => readChartArchive(uri) } });
  // The render process loads while the folders are indexed. A second one only where a core is left for it. The
  // renders are the checker's work: they run at its priority, not below it as in the editor.
  const renderEngine = args.render && folders.length ? startRenderEngine(logger, { processes: availableParallelism() > 2 ? 2 : 1, lowPriority: false, cacheFile: args.cacheDir && path.join(args.cacheDir, 'renders.jsonl') }) : undefined;
  // Worker threads index and check the folders in one pass; the files named alone are read and parsed here.
  await service.indexWorkspace({ withDiagnostics: true });
  // Charts resolvable offline (this repository's, the chart cache's) check their HelmReleases' values.
  await service.resolveCharts();
  const inFolders = [...service.index.uris()].sort();
  const named = new Set(inFolders);
  const alone = files.filter((f) => !named.has(f));
  const aloneSet = new Set(alone);
  const read = { ...host, readFile: async (uri: string) => (await host.readFile(uri)) ?? readFileSync(toPath(uri), 'utf8') };
  await readEach(read, alone, (uri, text) => service.open(uri, 0, text));
  // What the scan checked is done; the rest (a small workspace, suppression comments) is read and checked here.
  // The real kustomize renders every Flux Kustomization whose folder is here; its verdict replaces the fast
  // index's guesses (render/checks.ts). A module that cannot load leaves the fast index alone, and says so.
  if (renderEngine) {
    // HelmReleases too, when their chart is here or in --chart-cache (never fetched).
    const renders = startRendering(service, logger, () => undefined, { engine: renderEngine, lowPriority: false }, { chartCacheDir: args.chartCache });
    await renders.settled();
    renders.dispose();
  }
  const uris = [...inFolders, ...alone];
  const scanned = new Map(uris.map((uri) => [uri, service.closedDiagnostics(uri)]));
  await readEach(read, uris.filter((uri) => !scanned.get(uri) && !aloneSet.has(uri)), (uri, text) => scanned.set(uri, service.closedDiagnostics(uri, text)));
  service.saveCache();
  const results: FileResult[] = uris.map((uri) => ({ path: path.relative(process.cwd(), toPath(uri)) || toPath(uri), uri, diagnostics: scanned.get(uri) ?? service.diagnostics(uri) }));
  const report = args.format === 'json' ? jsonReport(results) : args.format === 'sarif' ? sarifReport(results, registry.generatedFrom) : textReport(results, args.quiet);
  await writeReport(report, process.stdout);
  const errors = results.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error));
  return errors ? 1 : 0;
}

const DIFF_USAGE = 'usage: flux-gitops diff [folder] [--ref REF] [--format text|markdown] [--exit-code] [--profile NAME] [--config FILE]';

interface DiffArgs {
  readonly folder: string;
  readonly ref?: string;
  readonly markdown: boolean;
  readonly exitCode: boolean;
  readonly profile?: string;
  readonly config?: string;
}

function parseDiffArgs(rest: string[]): DiffArgs {
  let folder: string | undefined;
  let ref: string | undefined;
  let markdown = false;
  let exitCode = false;
  let profile: string | undefined;
  let config: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => rest[++i] ?? (() => { throw new UsageError(`${a} needs a value\n${DIFF_USAGE}`); })();
    if (a === '--ref') ref = value();
    else if (a === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'markdown') throw new UsageError(`--format must be text or markdown\n${DIFF_USAGE}`);
      markdown = f === 'markdown';
    } else if (a === '--exit-code') exitCode = true;
    else if (a === '--profile') profile = value();
    else if (a === '--config') config = value();
    else if (a.startsWith('-') || folder) throw new UsageError(`unexpected ${a}\n${DIFF_USAGE}`);
    else folder = a;
  }
  const dir = folder ?? '.';
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`no such folder: ${dir}`);
  return { folder: realpathSync(dir), ref, markdown, exitCode, profile, config };
}

/** `flux-gitops diff`: what the working tree changes in what Flux applies, against a ref (default: the upstream). */
async function diff(args: DiffArgs): Promise<number> {
  const logger = stderrLogger;
  const settings = mergeSettings(DEFAULT_SETTINGS, loadLayer(args.config ?? findConfig(args.folder), logger), args.profile ? { profile: args.profile } : undefined);
  const registry = loadRegistry(settings.profile);
  const root = toUri(args.folder);
  const ref = args.ref ?? (await defaultRef(args.folder));
  const base = await renderedAt(args.folder, root, ref, registry, settings, logger);
  const now = createLanguageService({ registry, host: diskHost([args.folder], () => settings.exclude), logger, settings });
  await now.indexWorkspace();
  const renders = startRendering(now, logger, () => undefined);
  await renders.settled();
  const diffs = diffWorkspaces(base.service, now, [root]);
  renders.dispose();
  base.dispose();
  process.stdout.write(formatDiff(diffs, ref, base.commit, args.markdown));
  return args.exitCode && diffs.length ? 1 : 0;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'diff') {
    try {
      process.exit(await diff(parseDiffArgs(argv.slice(1))));
    } catch (err) {
      process.stderr.write(`${err instanceof UsageError ? err.message : `flux-gitops: ${describeError(err)}`}\n`);
      process.exit(2);
    }
  }
  let args: Args;
  try {
    args = parseArgs(argv);
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
