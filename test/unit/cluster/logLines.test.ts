// The compact log line: time of day, level, message, then only the fields that say something; the date once
// when it changes; an object's own identity left out of its log; raw lines as written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogLineFormatter, splitTime, subjectOf } from '../../../client/src/cluster/logLines';
import { parseLogLine } from '../../../client/src/cluster/logs';

const APPS = { kind: 'Kustomization', name: 'apps', namespace: 'flux-system' };

/** A kustomize-controller line as controller-runtime writes it. */
function line(msg: string, extra: Record<string, unknown> = {}, ts = '2026-12-01T04:31:07.123456Z'): string {
  return JSON.stringify({
    level: 'info',
    ts,
    msg,
    controller: 'kustomization',
    controllerGroup: 'kustomize.toolkit.fluxcd.io',
    controllerKind: 'Kustomization',
    Kustomization: { name: 'apps', namespace: 'flux-system' },
    namespace: 'flux-system',
    name: 'apps',
    reconcileID: '5d0c6f1e-7a6b-4f0e-9c55-0d7c1e2f3a4b',
    ...extra,
  });
}

describe('compact log lines', () => {
  it("keeps only the telling fields in an object's own log", () => {
    const f = new LogLineFormatter({ target: APPS });
    const out = f.format(parseLogLine(line('server-side apply completed', { revision: 'main@sha1:0123456789abcdef0123456789abcdef01234567', output: { 'ConfigMap/apps/x': 'unchanged' } }), 'pod-1'));
    assert.deepEqual(out, [
      '── 2026-12-01 ──',
      '04:31:07.123 INFO  server-side apply completed  revision=main@sha1:0123456789abcdef0123456789abcdef01234567 output={"ConfigMap/apps/x":"unchanged"}',
    ]);
  });

  it('writes the date only when it changes', () => {
    const f = new LogLineFormatter({ target: APPS });
    assert.equal(f.format(parseLogLine(line('a'), 'p')).length, 2);
    assert.deepEqual(f.format(parseLogLine(line('b', {}, '2026-12-01T23:59:59.9Z'), 'p')), ['23:59:59.9 INFO  b']);
    assert.deepEqual(f.format(parseLogLine(line('c', {}, '2026-12-02T00:00:00.000Z'), 'p')), ['── 2026-12-02 ──', '00:00:00.000 INFO  c']);
  });

  it("names the object once in a controller's log", () => {
    const f = new LogLineFormatter();
    const [, text] = f.format(parseLogLine(line('Reconciliation finished in 52ms, next run in 10m0s', { level: 'error', error: 'kustomize build failed: "x" not found' }), 'pod-1'));
    assert.equal(text, '04:31:07.123 ERROR Kustomization flux-system/apps: Reconciliation finished in 52ms, next run in 10m0s  error="kustomize build failed: \\"x\\" not found"');
  });

  it('keeps the fields of a line about another object of the same kind', () => {
    const f = new LogLineFormatter({ target: APPS });
    const other = JSON.stringify({ level: 'info', ts: '2026-12-01T04:31:07Z', msg: 'dependency', Kustomization: { name: 'infra', namespace: 'flux-system' } });
    assert.deepEqual(f.format(parseLogLine(other, 'p')).at(-1), '04:31:07 INFO  dependency  Kustomization={"name":"infra","namespace":"flux-system"}');
  });

  it('leaves name and namespace alone on a line that names no reconciled object', () => {
    const f = new LogLineFormatter();
    const text = JSON.stringify({ level: 'info', ts: 'not a time', msg: 'Starting workers', name: 'x y', namespace: '' });
    assert.deepEqual(f.format(parseLogLine(text, 'p')), ['not a time INFO  Starting workers  name="x y" namespace=""']);
  });

  it('prints raw lines as written, and non-JSON lines as they are, with the pod when asked', () => {
    const raw = line('server-side apply completed');
    assert.deepEqual(new LogLineFormatter({ raw: true, target: APPS }).format(parseLogLine(raw, 'pod-1')), [raw]);
    assert.deepEqual(new LogLineFormatter({ withPod: true }).format(parseLogLine('plain text ', 'pod-2')), ['[pod-2] plain text']);
  });
});

describe('log line parts', () => {
  it('splits ISO times into date and time of day, keeping a zone other than UTC', () => {
    assert.deepEqual(splitTime('2026-12-01T04:31:07.123456789Z'), { date: '2026-12-01', time: '04:31:07.123' });
    assert.deepEqual(splitTime('2026-12-01T04:31:07+02:00'), { date: '2026-12-01', time: '04:31:07+02:00' });
    assert.deepEqual(splitTime('1764563467.5'), { time: '1764563467.5' });
  });

  it('names the subject from controllerKind, namespace and name', () => {
    assert.equal(subjectOf({ controllerKind: 'HelmRelease', namespace: 'apps', name: 'podinfo' }), 'HelmRelease apps/podinfo');
    assert.equal(subjectOf({ controllerKind: 'Bucket', name: 'b' }), 'Bucket b');
    assert.equal(subjectOf({ name: 'x' }), undefined);
  });
});
