// How far "watch every context in full" goes: a kubeconfig with N contexts that all point at the testbed's
// API server (each its own session, transport and watches, as N clusters would be), measured from a cold start
// until every session watches every served kind, then idle. Prints contexts, watches, sync time, heap and RSS.
// Usage: node --import tsx bench/cluster/contexts.ts [--contexts 50]
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { ClusterManager } from "../../client/src/cluster/manager";
import {
  TESTBED,
  ensureTestbed,
  testbedKubeconfigPath,
} from "../../test/testbed/helper";

const args = process.argv.slice(2);
const N = args.includes("--contexts")
  ? Number(args[args.indexOf("--contexts") + 1])
  : 50;

function manyContexts(n: number): string {
  const base = parse(readFileSync(testbedKubeconfigPath(), "utf8")) as {
    clusters: { name: string }[];
    users: { name: string }[];
    contexts: { name: string; context: { user: string; cluster: string } }[];
  };
  const admin = base.contexts.find(
    (c) => c.name === TESTBED.contexts.admin,
  )!.context;
  const contexts = Array.from({ length: n }, (_, i) => ({
    name: `cluster-${String(i).padStart(3, "0")}`,
    context: { cluster: admin.cluster, user: admin.user },
  }));
  const file = join(mkdtempSync(join(tmpdir(), "contexts-bench-")), "config");
  writeFileSync(
    file,
    stringify({ ...base, contexts, "current-context": contexts[0].name }),
    { mode: 0o600 },
  );
  return file;
}

async function main(): Promise<void> {
  await ensureTestbed();
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const m = new ClusterManager({
    kubeconfig: manyContexts(N),
    contexts: [],
    fluxNamespace: TESTBED.fluxNamespace,
    requestTimeoutSeconds: 30,
  });
  const t0 = performance.now();
  m.load();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("not every context synced within 5 minutes")),
      300_000,
    );
    const check = () => {
      const all = m.list();
      if (
        all.every(
          (s) =>
            s.phase === "ready" &&
            [...s.kinds.values()].every((k) => k.phase === "watching"),
        )
      ) {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    };
    const sub = m.onEvent(() => check());
    check();
  });
  const syncMs = performance.now() - t0;
  global.gc?.();
  const mem = process.memoryUsage();
  const watches = m.list().reduce((n, s) => n + s.kinds.size, 0);
  const objects = m
    .list()
    .reduce(
      (n, s) => n + [...s.kinds.keys()].reduce((k, key) => k + s.count(key), 0),
      0,
    );
  process.stdout.write(
    `contexts ${N}: ${watches} watches (${(watches / N).toFixed(0)} per context), ${objects} objects cached, all watching after ${(syncMs / 1000).toFixed(1)} s; ` +
      `heap +${((mem.heapUsed - heap0) / 2 ** 20).toFixed(1)} MiB, RSS +${((mem.rss - rss0) / 2 ** 20).toFixed(1)} MiB\n`,
  );
  m.dispose();
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
