// The explorer's answer to the language server's ChartFromClusterRequest: the chart a HelmRelease runs, from a
// connected context that one of the release's cluster folders maps to (fluxGitops.clusterContexts, else by name),
// downloaded through the service proxy (chartArtifact.ts). Bounded: each artifact (context and digest) is
// downloaded once per session (the latest 32 answers are kept), a failure is remembered for a while, and at most
// two downloads run at once.
// No vscode import: the cluster tier drives it against the testbed.
import { chartSourceOf, clusterChartParams, downloadArtifact, getSource, artifactOf, isDownloader, type ArtifactLimits } from './chartArtifact';
import { contextServes, type ClusterContexts } from './contexts';
import { errorMessage } from './errors';
import type { ClusterSession } from './session';
import type { KObject } from './types';
import type { ChartFromClusterRequest } from '../../../server/src/shared/protocol';

const HELM_RELEASE = 'helm.toolkit.fluxcd.io/HelmRelease';
const MAX_DOWNLOADS = 2;
const MAX_KEPT = 32;
/** A context that said no (403, no artifact yet) is asked again for that release only after this. */
const FAILURE_MS = 5 * 60_000;

export interface ClusterChartsOptions {
  readonly sessions: () => readonly ClusterSession[];
  readonly mapping: () => ClusterContexts;
  /** Whether the workspace is trusted: an untrusted one never talks to clusters for the server. */
  readonly trusted: () => boolean;
  readonly limits?: ArtifactLimits;
  readonly now?: () => number;
}

type Answer = ChartFromClusterRequest.Result;

export class ClusterCharts {
  /** `context|digest` -> the download's answer, kept for the session (the same artifact is never fetched twice). */
  private readonly artifacts = new Map<string, Promise<Answer>>();
  /** `context|namespace/name` -> a failure and when it happened. */
  private readonly failures = new Map<string, { reason: string; at: number }>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Downloads started, for tests and the log. */
  downloads = 0;

  constructor(private readonly options: ClusterChartsOptions) {}

  async answer(p: ChartFromClusterRequest.Params): Promise<Answer> {
    if (!this.options.trusted()) return { reason: 'the workspace is not trusted, so the explorer does not ask clusters' };
    const sessions = this.options.sessions();
    if (!sessions.length) return { reason: 'the cluster explorer is connected to no context' };
    const mapping = this.options.mapping();
    const mapped = sessions.filter((s) => !p.clusters.length || contextServes(s.name, p.clusters, mapping));
    const where = p.clusters.length ? `cluster folder ${p.clusters.join(', ')}` : 'the release';
    if (!mapped.length) return { reason: `no context of the explorer maps to ${where} (setting fluxGitops.clusterContexts)` };
    const connected = mapped.filter((s) => s.phase === 'ready');
    if (!connected.length) return { reason: `the explorer is not connected to ${mapped.map((s) => s.name).join(', ')}` };
    const reasons: string[] = [];
    for (const session of connected) {
      const release = releaseIn(session, p.release);
      if (!release) {
        reasons.push(`context ${session.name} has no HelmRelease ${p.release.name} in ${p.release.namespaces.join(', ') || 'any namespace'}`);
        continue;
      }
      const answer = await this.fromSession(session, release);
      if ('chart' in answer) return answer;
      reasons.push(answer.reason);
    }
    return { reason: reasons.join('; ') };
  }

  private async fromSession(session: ClusterSession, release: KObject): Promise<Answer> {
    const failKey = `${session.name}|${release.metadata.namespace}/${release.metadata.name}`;
    const failed = this.failures.get(failKey);
    if (failed && this.now() - failed.at < FAILURE_MS) return { reason: failed.reason };
    try {
      const transport = session.transport;
      if (!isDownloader(transport)) return { reason: `context ${session.name} cannot download` };
      const source = chartSourceOf(release);
      if (!source) return this.fail(failKey, `HelmRelease ${release.metadata.name} in context ${session.name} names no chart source yet (no status.helmChart)`);
      const object = await getSource(transport, source);
      const artifact = artifactOf(object);
      if (!artifact) return this.fail(failKey, `${source.kind} ${source.namespace}/${source.name} in context ${session.name} has no artifact yet`);
      const key = `${session.name}|${artifact.digest}`;
      let pending = this.artifacts.get(key);
      if (!pending) {
        pending = this.limited(async () => {
          this.downloads++;
          const archive = await downloadArtifact(transport, artifact, session.options.fluxNamespace, this.options.limits);
          return { chart: await clusterChartParams(transport, { source, object, artifact, archive }) };
        }).catch((err: unknown) => ({ reason: errorMessage(err) }));
        this.artifacts.set(key, pending);
        // Answers hold their archive: only the latest few are kept (each release's chart is asked once anyway).
        if (this.artifacts.size > MAX_KEPT) this.artifacts.delete(this.artifacts.keys().next().value!);
      }
      const answer = await pending;
      if ('reason' in answer) {
        // The artifact may be fetched again after the failure period (a permission granted, a network back).
        this.artifacts.delete(key);
        return this.fail(failKey, answer.reason);
      }
      return answer;
    } catch (err) {
      return this.fail(failKey, errorMessage(err));
    }
  }

  private fail(key: string, reason: string): Answer {
    this.failures.set(key, { reason, at: this.now() });
    return { reason };
  }

  /** Runs `work` when fewer than MAX_DOWNLOADS run. */
  private async limited<T>(work: () => Promise<T>): Promise<T> {
    while (this.running >= MAX_DOWNLOADS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

/** The release as that context has it, in the first namespace the repository gives it (any when none is known). */
function releaseIn(session: ClusterSession, release: ChartFromClusterRequest.Params['release']): KObject | undefined {
  for (const ns of release.namespaces) {
    const found = session.get(HELM_RELEASE, ns, release.name);
    if (found) return found;
  }
  if (release.namespaces.length) return undefined;
  return session.list(HELM_RELEASE).find((o) => o.metadata.name === release.name);
}
