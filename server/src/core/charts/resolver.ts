// Resolution of charts in the background: the first feature that asks for a release's chart starts it, and
// until it is known that feature behaves as if there were no chart. Each plan (plan.ts) resolves once; a
// failure keeps its reason (for hover) and is tried again only after a while, never in a loop; charts of this
// repository are read again when asked for after a short time, so an edited values.yaml is seen.
import type { Logger } from '../logger';
import { textHash } from '../text';
import type { WorkspaceHost } from '../workspace/host';
import { CHART_FILES, loadChart, type ChartTexts, type LoadedChart } from './chart';
import { MAX_SUBCHARTS } from './subcharts';
import type { ChartPlan, HelmRepoPlan, LocalPlan, OciPlan } from './plan';

export type RemotePlan = HelmRepoPlan | OciPlan;

export interface FetchedChart {
  readonly files: ChartTexts;
  /** The files of its sub-charts (its `charts/` folder, folders or archives). */
  readonly subcharts?: readonly ChartTexts[];
  /** Where the files came from, for hovers (a URL and digest, or the cache). */
  readonly origin: string;
  /** The chart already loaded from these files (the cache keeps it), when the fetcher has it. */
  readonly chart?: LoadedChart;
}

/** A HelmRelease that asked for a chart: the cluster it runs in may have that chart (node/charts/clusterFetcher.ts). */
export interface ChartAsker {
  readonly name: string;
  /** metadata.namespace, else the namespaces kustomize and Flux give it; empty when unknown. */
  readonly namespaces: readonly string[];
  /** The cluster folders whose tree takes the release's file in. */
  readonly clusters: readonly string[];
}

/** Brings a remote chart's files (node/charts/): from the disk cache, else the cluster or the network when allowed. */
export interface ChartFetcher {
  /** Rejects with an Error whose message is the reason, for hover. `asker`: the latest release that asked. */
  fetch(plan: RemotePlan, asker?: ChartAsker): Promise<FetchedChart>;
}

export type ChartState =
  | { readonly state: 'pending' }
  | { readonly state: 'ready'; readonly chart: LoadedChart }
  | { readonly state: 'failed'; readonly reason: string };

interface Entry {
  state: ChartState;
  /** When it was settled (ms); a failure is retried, a local chart re-read, some time after. */
  at: number;
  hash?: number;
  running?: Promise<void>;
  /** The latest release that asked, computed only when a fetch needs it. */
  asker?: () => ChartAsker;
}

export interface ResolverOptions {
  readonly host: WorkspaceHost;
  /** The three files of a packaged sub-chart (a .tgz in a chart folder's `charts/`); none: such sub-charts are not read. */
  readonly readArchive?: (uri: string) => Promise<ChartTexts | undefined>;
  readonly fetcher?: ChartFetcher;
  readonly logger: Logger;
  readonly now?: () => number;
}

const RETRY_FAILED_MS = 5 * 60_000;
const REREAD_LOCAL_MS = 2_000;
const IN_FLIGHT = 4;

export class ChartResolver {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners: ((keys: readonly string[]) => void)[] = [];
  private readonly queue: (() => Promise<void>)[] = [];
  private running = 0;
  /** How many plans are in the ready state. */
  private ready = 0;
  /** Packaged sub-charts of chart folders, by URI, with the disk stamp they were read at. */
  private readonly archives = new Map<string, { stamp: string; texts?: ChartTexts }>();

  constructor(private readonly options: ResolverOptions) {}

  /** Hears the keys of plans whose state changed. */
  onChange(listener: (keys: readonly string[]) => void): void {
    this.listeners.push(listener);
  }

  /** The state of a plan now; starts (or refreshes) its resolution in the background when due. */
  stateOf(plan: ChartPlan, asker?: () => ChartAsker): ChartState {
    if (plan.kind === 'none') return { state: 'failed', reason: plan.reason };
    const entry = this.entries.get(plan.key);
    if (!entry) return this.start(plan, asker).state;
    if (asker) entry.asker = asker;
    if (!entry.running && this.due(plan, entry)) this.refresh(plan, entry);
    return entry.state;
  }

  /** Whether any chart is known: until one is, no file needs its parse for chart checks (users.ts). */
  anyReady(): boolean {
    return this.ready > 0;
  }

  /** Makes every failed plan due again (a chart just arrived in the cache); the next ask resolves it anew. */
  retryFailed(): void {
    for (const entry of this.entries.values()) if (entry.state.state === 'failed') entry.at = -Infinity;
  }

  /** Settles when every resolution started so far has settled. */
  async settled(): Promise<void> {
    for (;;) {
      const running = [...this.entries.values()].flatMap((e) => (e.running ? [e.running] : []));
      if (!running.length) return;
      await Promise.all(running);
    }
  }

  private due(plan: ChartPlan, entry: Entry): boolean {
    const age = this.now() - entry.at;
    if (plan.kind === 'local') return age > REREAD_LOCAL_MS;
    return entry.state.state === 'failed' && age > RETRY_FAILED_MS;
  }

  private start(plan: LocalPlan | RemotePlan, asker?: () => ChartAsker): Entry {
    const entry: Entry = { state: { state: 'pending' }, at: this.now(), ...(asker ? { asker } : {}) };
    this.entries.set(plan.key, entry);
    this.refresh(plan, entry);
    return entry;
  }

  private refresh(plan: LocalPlan | RemotePlan, entry: Entry): void {
    const work = async () => {
      const files = plan.kind === 'local' ? await this.readLocal(plan) : await this.fetchRemote(plan, entry.asker?.());
      const hash = textHash('reason' in files ? files.reason : `${files.origin}\n${JSON.stringify([files.files, files.subcharts ?? []])}`);
      const changed = hash !== entry.hash;
      entry.hash = hash;
      entry.at = this.now();
      if (!changed) return;
      const wasReady = entry.state.state === 'ready';
      entry.state = 'reason' in files ? { state: 'failed', reason: files.reason } : { state: 'ready', chart: files.chart ?? loadChart(files.files, files.origin, files.subcharts) };
      this.ready += (entry.state.state === 'ready' ? 1 : 0) - (wasReady ? 1 : 0);
      for (const l of this.listeners) l([plan.key]);
    };
    entry.running = this.schedule(work)
      .catch((err) => this.options.logger.error(`Chart resolution failed for ${plan.key}`, err))
      .finally(() => {
        entry.running = undefined;
      });
  }

  private schedule(work: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push(() => work().then(resolve, reject));
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < IN_FLIGHT && this.queue.length) {
      const next = this.queue.shift()!;
      this.running++;
      void next().finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async readLocal(plan: LocalPlan): Promise<FetchedChart | { reason: string }> {
    const files = await this.readFolder(plan.dir);
    if (files['Chart.yaml'] === undefined) return { reason: `${plan.dir}/Chart.yaml cannot be read` };
    return { files, origin: plan.dir, subcharts: await this.readSubcharts(plan.dir) };
  }

  private async readFolder(dir: string): Promise<ChartTexts> {
    const texts = await Promise.all(CHART_FILES.map((f) => this.options.host.readFile(`${dir}/${f}`)));
    const files: ChartTexts = {};
    CHART_FILES.forEach((f, i) => {
      if (texts[i] !== undefined) files[f] = texts[i];
    });
    return files;
  }

  /** The sub-charts of a chart folder: folders with a Chart.yaml, and .tgz archives when they can be read. */
  private async readSubcharts(dir: string): Promise<ChartTexts[]> {
    const host = this.options.host;
    const names = await host.readDirectory(`${dir}/charts`).catch(() => [] as string[]);
    const out: ChartTexts[] = [];
    for (const name of names.slice(0, MAX_SUBCHARTS)) {
      const uri = `${dir}/charts/${name}`;
      const kind = await host.stat(uri);
      const sub = kind === 'directory' ? await this.readFolder(uri) : /\.tgz$/.test(name) ? await this.readArchive(uri) : undefined;
      if (sub?.['Chart.yaml'] !== undefined) out.push(sub);
    }
    return out;
  }

  /** A packaged sub-chart's files, unpacked again only when the archive changed on disk (a local chart is re-read often). */
  private async readArchive(uri: string): Promise<ChartTexts | undefined> {
    const stamp = this.options.host.stamp?.(uri);
    const known = this.archives.get(uri);
    if (stamp !== undefined && known?.stamp === stamp) return known.texts;
    const texts = await this.options.readArchive?.(uri).catch(() => undefined);
    if (stamp !== undefined) this.archives.set(uri, { stamp, texts });
    return texts;
  }

  private async fetchRemote(plan: RemotePlan, asker: ChartAsker | undefined): Promise<FetchedChart | { reason: string }> {
    const fetcher = this.options.fetcher;
    if (!fetcher) return { reason: 'charts are not fetched in this session' };
    try {
      return await fetcher.fetch(plan, asker);
    } catch (err) {
      return { reason: (err as Error)?.message ?? String(err) };
    }
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
