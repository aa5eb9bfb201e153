// How far the explorer goes with many contexts: a kubeconfig with N contexts that all point at the testbed's API
// server (one API server standing for N clusters; each context gets its own session, transport and watches, as
// N clusters would), measured from a cold start until everything settled, then idle.
//   --mode all   every context watched in full (what the explorer did for every setup before the plan)
//   --mode plan  the scaling plan: `--expanded` contexts (default 2) expanded and watched, the rest summarized;
//                then the fleet page opens and lists the fleet kinds of every context that is not watched
// Prints contexts, watches opened, requests, time, heap and RSS growth.
// Usage: node --expose-gc --import tsx bench/cluster/contexts.ts [--contexts 50] [--mode all|plan] [--expanded 2]
import type { ApiRequest, StreamRequest, Transport } from "../../client/src/cluster/http";
import { ClusterManager, defaultTransport } from "../../client/src/cluster/manager";
import { manyContextsKubeconfig } from "../../test/cluster/kubeconfigs";
import { TESTBED, ensureTestbed } from "../../test/testbed/helper";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string =>
  args.includes(name) ? args[args.indexOf(name) + 1] : fallback;
const N = Number(arg("--contexts", "50"));
const MODE = arg("--mode", "all");
const EXPANDED = Number(arg("--expanded", "2"));

const sent = { requests: 0, watches: 0 };

/** Counts every request and every watch stream the explorer sends. */
function counted(t: Transport): Transport {
  return {
    context: t.context,
    server: t.server,
    request: <T>(req: ApiRequest) => {
      sent.requests++;
      return t.request<T>(req);
    },
    stream: (req: StreamRequest) => {
      if (req.query?.watch) sent.watches++;
      else sent.requests++;
      return t.stream(req);
    },
    dispose: () => (t as { dispose?: () => void }).dispose?.(),
  } as Transport;
}

function settled(m: ClusterManager, check: () => boolean, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not within 5 minutes`)), 300_000);
    const poll = setInterval(() => done(), 250);
    const done = () => {
      if (!check()) return;
      clearTimeout(timer);
      clearInterval(poll);
      sub.dispose();
      resolve();
    };
    const sub = m.onEvent(() => done());
    done();
  });
}

const allWatching = (m: ClusterManager, names: readonly string[]): boolean =>
  names.every((n) => {
    const s = m.session(n)!;
    return s.phase === "ready" && [...s.kinds.values()].every((k) => k.phase === "watching");
  });

const summarized = (m: ClusterManager, names: readonly string[], withObjects: boolean): boolean =>
  m.summaries.pending() === 0 && names.every((n) => (withObjects ? m.summary(n)?.objects : m.summary(n)) !== undefined);

interface Figures {
  readonly stage: string;
  readonly ms: number;
}

function report(m: ClusterManager, f: Figures, heap0: number, rss0: number): void {
  global.gc?.();
  const mem = process.memoryUsage();
  const watched = m.list().filter((s) => s.watched);
  const openWatches = watched.reduce((n, s) => n + s.kinds.size, 0);
  process.stdout.write(
    `contexts ${N}, ${MODE}, ${f.stage}: ${watched.length} watched, ${openWatches} watches open (${sent.watches} opened), ` +
      `${sent.requests} requests, after ${(f.ms / 1000).toFixed(1)} s; heap +${((mem.heapUsed - heap0) / 2 ** 20).toFixed(1)} MiB, ` +
      `RSS +${((mem.rss - rss0) / 2 ** 20).toFixed(1)} MiB\n`,
  );
}

async function main(): Promise<void> {
  await ensureTestbed();
  const names = Array.from({ length: N }, (_, i) => `cluster-${String(i).padStart(3, "0")}`);
  const kubeconfig = manyContextsKubeconfig(names);
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const m = new ClusterManager(
    { kubeconfig, contexts: [], fluxNamespace: TESTBED.fluxNamespace, requestTimeoutSeconds: 30 },
    (info, config, timeoutMs) => {
      const t = defaultTransport(info, config, timeoutMs);
      return t && counted(t);
    },
    process.env,
    {},
    MODE === "all" ? { allUpTo: Number.MAX_SAFE_INTEGER } : {},
  );
  const t0 = performance.now();
  m.load();
  if (MODE === "all") {
    await settled(m, () => allWatching(m, names), "every context watching");
    report(m, { stage: "all watching", ms: performance.now() - t0 }, heap0, rss0);
  } else {
    const expanded = names.slice(0, EXPANDED);
    m.look("tree", expanded);
    const rest = names.slice(EXPANDED);
    await settled(m, () => allWatching(m, expanded) && summarized(m, rest, false), "expanded watching, the rest summarized");
    report(m, { stage: `${EXPANDED} expanded, ${rest.length} summarized`, ms: performance.now() - t0 }, heap0, rss0);
    const t1 = performance.now();
    m.wantSummaries(rest, true);
    await settled(m, () => summarized(m, rest, true), "fleet lists");
    report(m, { stage: `fleet open, ${rest.length} listed`, ms: performance.now() - t1 }, heap0, rss0);
  }
  m.dispose();
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
