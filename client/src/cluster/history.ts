// The history of a Flux object as rows: a HelmRelease's `status.history` snapshots (newest first, as
// helm-controller keeps them) and a Kustomization's applied and attempted revisions. Pure.
import { shortRevision } from './status';
import type { KObject } from './types';

export interface HistoryRow {
  /** Short line next to the label. */
  readonly label: string;
  readonly description: string;
  /** Every fact, one per line. */
  readonly details: readonly string[];
  /** True for the row that describes what runs now. */
  readonly current: boolean;
  readonly failed: boolean;
}

interface TestHook {
  lastStarted?: string;
  lastCompleted?: string;
  phase?: string;
}

interface Snapshot {
  name?: string;
  namespace?: string;
  version?: number;
  status?: string;
  action?: string;
  chartName?: string;
  chartVersion?: string;
  appVersion?: string;
  configDigest?: string;
  digest?: string;
  firstDeployed?: string;
  lastDeployed?: string;
  deleted?: string;
  testHooks?: Record<string, TestHook | null>;
  ociDigest?: string;
}

/** `sha256:0123456789ab…` -> `sha256:0123456`. */
function shortDigest(d: string | undefined): string {
  return d ? d.replace(/^(\w+):([0-9a-f]{7})[0-9a-f]*$/, '$1:$2') : '';
}

/** `3 tests passed` or `1 of 2 tests failed (smoke)`, from a snapshot's test hooks. */
export function testSummary(hooks: Snapshot['testHooks']): string | undefined {
  if (!hooks) return undefined;
  const entries = Object.entries(hooks);
  if (entries.length === 0) return 'no tests';
  const failed = entries.filter(([, h]) => h?.phase === 'Failed').map(([n]) => n);
  const running = entries.filter(([, h]) => h?.phase && h.phase !== 'Succeeded' && h.phase !== 'Failed').length;
  if (failed.length > 0) return `${failed.length} of ${entries.length} tests failed (${failed.join(', ')})`;
  if (running > 0) return `${running} of ${entries.length} tests running`;
  return `${entries.length} test${entries.length === 1 ? '' : 's'} passed`;
}

/** A HelmRelease's release history, newest first; empty when it has none (never installed, or older Flux). */
export function helmHistory(obj: KObject): HistoryRow[] {
  const raw = obj.status?.['history'];
  if (!Array.isArray(raw)) return [];
  return (raw as Snapshot[]).map((s, i) => {
    const tests = testSummary(s.testHooks);
    const chart = `${s.chartName ?? '?'} ${s.chartVersion ?? '?'}`;
    const details = [
      `Release ${s.namespace ?? ''}/${s.name ?? ''} v${s.version ?? '?'}: ${s.status ?? 'unknown'}${s.action ? ` (${s.action})` : ''}`,
      `Chart ${chart}${s.appVersion ? `, app version ${s.appVersion}` : ''}`,
      `Values digest ${s.configDigest ?? 'unknown'}`,
      `Release digest ${s.digest ?? 'unknown'}`,
      `First deployed ${s.firstDeployed ?? 'unknown'}, last deployed ${s.lastDeployed ?? 'unknown'}`,
    ];
    if (s.deleted) details.push(`Deleted ${s.deleted}`);
    if (s.ociDigest) details.push(`OCI digest ${s.ociDigest}`);
    if (tests) details.push(`Tests: ${tests}`);
    for (const [name, h] of Object.entries(s.testHooks ?? {})) details.push(`  ${name}: ${h?.phase ?? 'unknown'}${h?.lastCompleted ? ` at ${h.lastCompleted}` : ''}`);
    const parts = [s.appVersion ? `app ${s.appVersion}` : '', s.status ?? '', s.lastDeployed ?? '', `values ${shortDigest(s.configDigest)}`, tests ?? ''];
    return {
      label: `v${s.version ?? '?'} ${chart}`,
      description: parts.filter(Boolean).join(' · '),
      details,
      current: i === 0 && s.status === 'deployed',
      failed: s.status === 'failed',
    };
  });
}

/** A Kustomization's revisions: the one applied and, when a newer one failed, the one attempted. */
export function kustomizationRevisions(obj: KObject): HistoryRow[] {
  const applied = obj.status?.['lastAppliedRevision'];
  const attempted = obj.status?.['lastAttemptedRevision'];
  const origin = obj.status?.['lastAppliedOriginRevision'];
  const rows: HistoryRow[] = [];
  if (typeof attempted === 'string' && attempted && attempted !== applied) {
    rows.push({ label: 'Attempted', description: `${shortRevision(attempted)} (not applied)`, details: [`Last attempted revision: ${attempted}`], current: false, failed: true });
  }
  if (typeof applied === 'string' && applied) {
    const details = [`Last applied revision: ${applied}`];
    if (typeof origin === 'string' && origin) details.push(`Origin revision: ${origin}`);
    rows.push({ label: 'Applied', description: shortRevision(applied), details, current: true, failed: false });
  }
  return rows;
}
