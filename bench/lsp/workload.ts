// The workload both servers go through, phase by phase, on one generated repository. Every wait is bounded.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, fileUri, type ServerSpec } from './client';
import type { GeneratedFile, GeneratedRepo } from './generate';
import { PROBE_CASES } from './probes';
import { summarize, type Summary } from './stats';

export interface Measures {
  server: string;
  startupMillis: number;
  index?: { files: number; objects: number; millis: number };
  verification: string;
  open: Summary;
  /** Ours only: files opened (one at a time, then closed) from the start until the background check is done. */
  openWhileIndexing?: Summary & { beforeIndexed: number };
  edit: Summary;
  structuralEdit: Summary;
  completion: Summary & { hits: number; misses: string[]; slowest: string[] };
  workspace: { files: number; millis: number; filesPerSecond: number; cpuMillis: number; diagnostics: number; filesWithDiagnostics: number; samples: string[] };
  /** CPU time of the server process from start until ready (ours: indexed). */
  readyCpuMillis: number;
  rssMiB: number;
  peakRssMiB: number;
  readyRssMiB: number;
  rename?: { summary: Summary; dependants: number; rechecked: number; changed: number; note: string };
  /** Ours only: indexing again after a restart, every file unchanged (the on-disk index cache). */
  warmIndexMillis?: number;
}

export interface WorkloadOptions {
  readonly opens: number;
  readonly edits: number;
  readonly structuralEdits: number;
  readonly completions: number;
  readonly renames: number;
}

const VERIFY_TEXT = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: verify
  namespace: flux-system
spec:
  interval: 1m
  url: https://gitea.example.com/platform/fleet.git
  notAField: true
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: verify
  namespace: flux-system
spec:
  interval: 10m
  path: ./
  prune: true
  sourceRef:
    kind: GitRepo
    name: verify
`;

class Run {
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();

  constructor(readonly client: LspClient, readonly repo: GeneratedRepo) {}

  uriOf(f: GeneratedFile): string {
    return fileUri(path.join(this.repo.root, f.rel));
  }

  isOpen(uri: string): boolean {
    return this.versions.has(uri);
  }

  /** Opens a document and resolves with the time until its diagnostics arrived. */
  async open(uri: string, text: string, timeoutMs = 30000): Promise<number> {
    const t0 = performance.now();
    const wait = this.client.nextDiagnostics(uri, 1, timeoutMs);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    this.client.open(uri, text, 1);
    return (await wait).at - t0;
  }

  /** Replaces a document's text and resolves with the time until diagnostics of that version arrived. */
  async change(uri: string, text: string, timeoutMs = 30000): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    const t0 = performance.now();
    const wait = this.client.nextDiagnostics(uri, version, timeoutMs);
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    this.client.change(uri, text, version);
    return (await wait).at - t0;
  }

  changeNoWait(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    this.client.change(uri, text, version);
    return version;
  }

  text(uri: string): string | undefined {
    return this.texts.get(uri);
  }

  close(uri: string): void {
    this.versions.delete(uri);
    void this.client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
}

function firstLine(d: Diagnostic): string {
  const text = typeof d.message === 'string' ? d.message : d.message.value;
  return text.split('\n')[0];
}

function read(repo: GeneratedRepo, f: GeneratedFile): string {
  return readFileSync(path.join(repo.root, f.rel), 'utf8');
}

/** Spreads `n` picks evenly over a list, so that every role and cluster is represented. */
function spread<T>(list: readonly T[], n: number): T[] {
  if (list.length <= n) return [...list];
  const step = list.length / n;
  return Array.from({ length: n }, (_, i) => list[Math.floor(i * step)]);
}

/** Both servers must report the unknown field and the bad enum, or the comparison means nothing. */
async function verify(run: Run): Promise<string> {
  const uri = fileUri(path.join(run.repo.root, 'verify-bench.yaml'));
  const lines = VERIFY_TEXT.split('\n');
  const unknownLine = lines.indexOf('  notAField: true');
  const enumLine = lines.indexOf('    kind: GitRepo');
  const first = run.client.nextDiagnostics(uri, 1, 30000);
  run.client.open(uri, VERIFY_TEXT, 1);
  await first;
  let published = run.client.lastDiagnostics(uri)?.diagnostics ?? [];
  // yaml-language-server may validate before its schema settings arrived: edit again, a bounded number of times.
  for (let attempt = 2; attempt <= 10 && !published.some((d) => d.range.start.line === unknownLine); attempt++) {
    const next = run.client.nextDiagnostics(uri, attempt, 30000);
    run.client.change(uri, VERIFY_TEXT, attempt);
    published = (await next).diagnostics;
  }
  void run.client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const unknown = published.find((d) => d.range.start.line === unknownLine);
  const badEnum = published.find((d) => d.range.start.line === enumLine);
  if (!unknown || !badEnum) {
    throw new Error(`${run.client.spec.name} does not validate the sample (unknown field: ${unknown?.message ?? 'not reported'}; bad enum: ${badEnum?.message ?? 'not reported'}); all: ${JSON.stringify(published.map((d) => d.message))}`);
  }
  return `unknown field -> "${firstLine(unknown)}"; bad enum -> "${firstLine(badEnum)}"`;
}

async function measureOpens(run: Run, files: GeneratedFile[]): Promise<number[]> {
  const out: number[] = [];
  for (const f of files) out.push(await run.open(run.uriOf(f), read(run.repo, f)));
  return out;
}

/** A small, realistic edit: add an annotation under metadata (or a comment where there is no metadata). */
function edited(text: string, n: number): string {
  if (text.includes('\nmetadata:\n')) return text.replace('\nmetadata:\n', `\nmetadata:\n  annotations:\n    bench.example.com/edit: "${n}"\n`);
  return `${text}# edit ${n}\n`;
}

async function measureEdits(run: Run, files: GeneratedFile[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < files.length; i++) {
    const uri = run.uriOf(files[i]);
    out.push(await run.change(uri, edited(run.text(uri)!, i)));
  }
  return out;
}

/** A kustomization.yaml without its configmap.yaml resource, else without its last resource (small repositories have no configmap.yaml). */
function dropResource(text: string): string {
  if (text.includes('  - configmap.yaml\n')) return text.replace('  - configmap.yaml\n', '');
  const entries = [...text.matchAll(/^  - [^\n]*\n/gm)];
  const last = entries.at(-1);
  return last ? text.slice(0, last.index) + text.slice(last.index! + last[0].length) : text;
}

/**
 * Edits that change the workspace's structure: a resource dropped from a kustomization.yaml, or a Flux
 * Kustomization's path changed. Each file is opened first (not timed), then edited (timed), then restored.
 */
async function measureStructuralEdits(run: Run, files: GeneratedFile[], n: number): Promise<number[]> {
  const candidates = spread(files.filter((f) => (f.role === 'kustomization' || f.role === 'flux-kustomization') && !run.isOpen(run.uriOf(f))), n);
  const out: number[] = [];
  for (const f of candidates) {
    const uri = run.uriOf(f);
    const text = read(run.repo, f);
    const edited = f.role === 'kustomization' ? dropResource(text) : text.replace('  path: ./flux/', '  path: ./flux/moved/');
    if (edited === text) throw new Error(`no structural edit applies to ${uri}`);
    await run.open(uri, text);
    out.push(await run.change(uri, edited));
    // Undone (not timed), so that later phases see the generated workspace again.
    await run.change(uri, text);
  }
  return out;
}

async function measureCompletion(run: Run, candidates: GeneratedFile[], total: number): Promise<Measures['completion']> {
  const perCase = 4;
  const probes: { uri: string; line: number; character: number; expect: string; name: string }[] = [];
  for (const c of PROBE_CASES) {
    const files = spread(candidates.filter((f) => f.role === c.role && !run.isOpen(run.uriOf(f))), perCase * 3);
    for (const f of files) {
      if (probes.filter((p) => p.name === c.name).length >= perCase) break;
      const uri = run.uriOf(f);
      if (run.isOpen(uri)) continue;
      const probe = c.make(read(run.repo, f));
      if (!probe) continue;
      await run.open(uri, probe.text);
      probes.push({ uri, line: probe.line, character: probe.character, expect: c.expect, name: c.name });
    }
  }
  if (!probes.length) throw new Error('no completion probe could be built from the generated files');
  const times: number[] = [];
  const misses = new Set<string>();
  const byCase = new Map<string, number[]>();
  let hits = 0;
  for (let i = 0; i < total; i++) {
    const p = probes[i % probes.length];
    const r = await run.client.completion(p.uri, p.line, p.character);
    times.push(r.millis);
    byCase.set(p.name, [...(byCase.get(p.name) ?? []), r.millis]);
    if (r.labels.includes(p.expect)) hits++;
    else misses.add(`${p.name} (wanted ${p.expect})`);
  }
  const slowest = [...byCase].map(([name, t]) => ({ name, s: summarize(t) })).sort((a, b) => b.s.max - a.s.max).slice(0, 3)
    .map(({ name, s }) => `${name}: p50 ${s.p50.toFixed(2)} / max ${s.max.toFixed(2)} ms`);
  return { ...summarize(times), hits, misses: [...misses], slowest };
}

/** Opens every file not open yet in one burst and waits for all their diagnostics. */
async function measureWorkspace(run: Run, files: GeneratedFile[]): Promise<Measures['workspace']> {
  const todo = files.filter((f) => !run.isOpen(run.uriOf(f))).map((f) => ({ f, uri: run.uriOf(f), text: read(run.repo, f) }));
  const timeout = Math.max(120000, todo.length * 60);
  const cpu0 = run.client.cpuMillis();
  const t0 = performance.now();
  const waits = todo.map((d) => run.open(d.uri, d.text, timeout));
  await Promise.all(waits);
  const millis = performance.now() - t0;
  const cpuMillis = run.client.cpuMillis() - cpu0;
  let diagnostics = 0;
  let filesWithDiagnostics = 0;
  const messages = new Map<string, number>();
  // Only the files opened in the burst count: the probes and edits of earlier phases are not valid manifests.
  for (const { f, uri } of todo) {
    const list = run.client.lastDiagnostics(uri)?.diagnostics ?? [];
    diagnostics += list.length;
    if (list.length) filesWithDiagnostics++;
    for (const d of list) {
      const key = `${f.role}: ${firstLine(d)}`;
      messages.set(key, (messages.get(key) ?? 0) + 1);
    }
  }
  const samples = [...messages].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([m, n]) => `${n}× ${m}`);
  return { files: todo.length, millis, filesPerSecond: (todo.length / millis) * 1000, cpuMillis, diagnostics, filesWithDiagnostics, samples };
}

/** metadata.name of the GitRepository in gotk-sync.yaml (generate.ts), with enough context to be unique. */
const GIT_REPOSITORY_NAME = '  name: platform\n  namespace: flux-system\nspec:\n  interval: 1m';

/**
 * Renames the GitRepository that every Flux Kustomization of one cluster uses, in an open document, and
 * times until the dependants' diagnostics arrive (then renames it back, and so on).
 */
async function measureRename(run: Run, files: GeneratedFile[], rounds: number): Promise<NonNullable<Measures['rename']>> {
  const sync = files.find((f) => f.role === 'sync')!;
  const uri = run.uriOf(sync);
  const dependants = files.filter((f) => f.cluster === sync.cluster && f.role === 'flux-kustomization').map((f) => run.uriOf(f));
  const original = run.text(uri)!;
  const times: number[] = [];
  let rechecked = 0;
  let changed = 0;
  for (let i = 0; i < rounds; i++) {
    const renamed = i % 2 === 0;
    const text = renamed ? original.replace(GIT_REPOSITORY_NAME, GIT_REPOSITORY_NAME.replace('platform', 'platform-renamed')) : original;
    if (text === run.text(uri)) throw new Error(`the rename found nothing to change in ${uri}`);
    const before = new Map(dependants.map((d) => [d, run.client.lastDiagnostics(d)?.diagnostics.length ?? 0]));
    const t0 = performance.now();
    const waits = dependants.map((d) => run.client.nextDiagnostics(d, undefined, 3000).then((p) => p, () => undefined));
    const own = run.client.nextDiagnostics(uri, run.changeNoWait(uri, text), 10000);
    const [ownDiags, results] = await Promise.all([own, Promise.all(waits)]);
    const arrived = results.filter((r) => r !== undefined);
    if (arrived.length === dependants.length) times.push(Math.max(ownDiags.at, ...arrived.map((r) => r.at)) - t0);
    rechecked = Math.max(rechecked, arrived.length);
    if (renamed) changed = Math.max(changed, dependants.filter((d) => (run.client.lastDiagnostics(d)?.diagnostics.length ?? 0) !== before.get(d)).length);
  }
  const note = times.length ? '' : `dependants not re-checked: ${rechecked}/${dependants.length} published within 3 s`;
  return { summary: summarize(times), dependants: dependants.length, rechecked, changed, note };
}

function parseIndexLog(line: string): Measures['index'] {
  const m = /Indexed (\d+) YAML files \((\d+) objects\) in (\d+(?:\.\d+)?) ms/.exec(line);
  return m ? { files: Number(m[1]), objects: Number(m[2]), millis: Number(m[3]) } : undefined;
}

/**
 * Opens files one at a time from the server's start until its background check is done, each closed again as a
 * person would move on: an opened file must go ahead of the indexing work.
 */
async function measureOpensWhileIndexing(run: Run, files: GeneratedFile[], indexed: Promise<unknown>, checked: Promise<unknown>): Promise<NonNullable<Measures['openWhileIndexing']>> {
  let isIndexed = false;
  let isChecked = false;
  void indexed.then(() => (isIndexed = true), () => undefined);
  void checked.then(() => (isChecked = true), () => undefined);
  const times: number[] = [];
  let beforeIndexed = 0;
  for (const f of spread(files.filter((x) => x.role !== 'sync'), 200)) {
    if (isChecked) break;
    const uri = run.uriOf(f);
    const during = !isIndexed;
    times.push(await run.open(uri, read(run.repo, f)));
    if (during) beforeIndexed++;
    run.close(uri);
  }
  return { ...summarize(times), beforeIndexed };
}

export async function runWorkload(spec: ServerSpec, repo: GeneratedRepo, o: WorkloadOptions, log: (m: string) => void): Promise<Measures> {
  const t0 = performance.now();
  const client = await LspClient.start(spec, repo.root);
  try {
    let index: Measures['index'];
    if (spec.name === 'ours') index = parseIndexLog(await client.waitForLog(/Indexed \d+ YAML files/, 300000));
    else client.configurationChanged();
    const startupMillis = performance.now() - t0;
    const readyRssMiB = client.rssMiB('VmRSS');
    const readyCpuMillis = client.cpuMillis();
    log(`${spec.name}: started in ${startupMillis.toFixed(0)} ms${index ? `, indexed ${index.files} files in ${index.millis} ms` : ''}`);
    const run = new Run(client, repo);
    const verification = await verify(run);
    log(`${spec.name}: validates: ${verification}`);
    const mixed = spread(repo.files.filter((f) => f.role !== 'sync'), o.opens);
    const open = summarize(await measureOpens(run, mixed));
    log(`${spec.name}: open->diagnostics p50 ${open.p50.toFixed(1)} ms`);
    const edit = summarize(await measureEdits(run, mixed.slice(0, o.edits)));
    log(`${spec.name}: edit->diagnostics p50 ${edit.p50.toFixed(1)} ms`);
    const structuralEdit = summarize(await measureStructuralEdits(run, repo.files, o.structuralEdits));
    log(`${spec.name}: structural edit->diagnostics p50 ${structuralEdit.p50.toFixed(1)} ms`);
    const completion = await measureCompletion(run, repo.files, o.completions);
    log(`${spec.name}: completion p50 ${completion.p50.toFixed(2)} p95 ${completion.p95.toFixed(2)} max ${completion.max.toFixed(2)} ms, ${completion.hits}/${completion.n} with the expected item`);
    const workspace = await measureWorkspace(run, repo.files);
    log(`${spec.name}: opened ${workspace.files} files in ${workspace.millis.toFixed(0)} ms (${workspace.filesPerSecond.toFixed(0)} files/s), ${workspace.diagnostics} diagnostics`);
    const rssMiB = client.rssMiB('VmRSS');
    const peakRssMiB = client.rssMiB('VmHWM');
    log(`${spec.name}: RSS ${rssMiB.toFixed(0)} MiB with every file open (peak ${peakRssMiB.toFixed(0)} MiB)`);
    const rename = spec.name === 'ours' ? await measureRename(run, repo.files, o.renames) : undefined;
    if (rename) log(`${spec.name}: rename -> dependants p50 ${rename.summary.p50.toFixed(1)} ms (${rename.rechecked}/${rename.dependants} re-checked, ${rename.changed} changed) ${rename.note}`);
    return { server: spec.name, startupMillis, index, verification, open, edit, structuralEdit, completion, workspace, rssMiB, peakRssMiB, readyRssMiB, readyCpuMillis, rename };
  } finally {
    await client.stop();
  }
}

/**
 * Ours only, in a server of its own (so the main workload's memory figures stay comparable): files opened one at a
 * time from the start until the background check is done.
 */
export async function measureOpenWhileIndexing(spec: ServerSpec, repo: GeneratedRepo, log: (m: string) => void): Promise<Measures['openWhileIndexing']> {
  const client = await LspClient.start(spec, repo.root);
  try {
    const indexed = client.waitForLog(/Indexed \d+ YAML files/, 300000);
    const checked = client.waitForLog(/in the background in/, 300000);
    const result = await measureOpensWhileIndexing(new Run(client, repo), repo.files, indexed, checked);
    await Promise.all([indexed, checked]);
    log(`${spec.name}: open->diagnostics while indexing p50 ${result.p50.toFixed(1)} ms, max ${result.max.toFixed(1)} ms (${result.n} opens, ${result.beforeIndexed} before indexed)`);
    return result;
  } finally {
    await client.stop();
  }
}

/**
 * Ours only: starts the server with an index cache twice (the first start fills it once its background check is
 * done) and returns how long the second start took to index the unchanged workspace.
 */
export async function measureWarmIndex(spec: ServerSpec, repo: GeneratedRepo, log: (m: string) => void): Promise<number | undefined> {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-bench-cache-'));
  const withCache = { ...spec, initializationOptions: { ...spec.initializationOptions, cacheDir } };
  try {
    const first = await LspClient.start(withCache, repo.root);
    await first.waitForLog(/in the background in/, 300000);
    await first.stop();
    const second = await LspClient.start(withCache, repo.root);
    const index = parseIndexLog(await second.waitForLog(/Indexed \d+ YAML files/, 300000));
    await second.stop();
    log(`${spec.name}: indexed again after a restart in ${index?.millis} ms (on-disk index cache)`);
    return index?.millis;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
