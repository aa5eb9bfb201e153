// The trace from an object to the Flux objects above it, their sources, revisions and the commit link,
// over a lookup of recorded objects; and its Markdown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applierOf, commitLink, commitOf, traceMarkdown, traceOf } from '../../../client/src/cluster/trace';
import { refKey, type KObject, type ObjectRef } from '../../../client/src/cluster/types';

const SHA = '4f0c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b';
const ctx = 'prod';
const KS = 'kustomize.toolkit.fluxcd.io/Kustomization';
const HR = 'helm.toolkit.fluxcd.io/HelmRelease';
const GIT = 'source.toolkit.fluxcd.io/GitRepository';
const ready = [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision' }];

const objects = new Map<string, KObject>();
const put = (kindKey: string, obj: KObject) => objects.set(refKey({ context: ctx, kindKey, namespace: obj.metadata.namespace, name: obj.metadata.name }), obj);
const lookup = (ref: ObjectRef) => objects.get(refKey(ref));

put(GIT, {
  apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'fleet', namespace: 'flux-system' },
  spec: { url: 'https://gitea.example.com/platform/fleet.git', ref: { branch: 'main' } },
  status: { artifact: { revision: `main@sha1:${SHA}` }, conditions: ready },
});
put(KS, {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'flux-system', namespace: 'flux-system' },
  spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' } }, status: { lastAppliedRevision: `main@sha1:${SHA}`, conditions: ready },
});
put(KS, {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization',
  metadata: { name: 'apps', namespace: 'flux-system', labels: { 'kustomize.toolkit.fluxcd.io/name': 'flux-system', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } },
  spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' } }, status: { lastAppliedRevision: `main@sha1:${SHA}`, conditions: ready },
});

const deployment: KObject = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'podinfo', namespace: 'apps', labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } },
};
const start: ObjectRef = { context: ctx, kindKey: 'apps/Deployment', namespace: 'apps', name: 'podinfo' };

describe('trace', () => {
  it('finds the applier from the labels of either controller', () => {
    assert.deepEqual(applierOf(deployment, ctx), { context: ctx, kindKey: KS, namespace: 'flux-system', name: 'apps' });
    assert.deepEqual(applierOf({ metadata: { name: 'x', labels: { 'helm.toolkit.fluxcd.io/name': 'web', 'helm.toolkit.fluxcd.io/namespace': 'apps' } } }, ctx)?.kindKey, HR);
    assert.equal(applierOf({ metadata: { name: 'x' } }, ctx), undefined);
  });

  it('reads the commit from Flux revisions, new and old', () => {
    assert.equal(commitOf(`main@sha1:${SHA}`), SHA);
    assert.equal(commitOf(`sha1:${SHA}`), SHA);
    assert.equal(commitOf(`main/${SHA}`), SHA);
    assert.equal(commitOf('6.7.1'), undefined);
    assert.equal(commitOf('latest@sha256:abc'), undefined);
  });

  it('links a commit on Gitea, GitHub and GitLab, and nowhere on an unknown host', () => {
    assert.equal(commitLink('https://gitea.example.com/platform/fleet.git', SHA), `https://gitea.example.com/platform/fleet/commit/${SHA}`);
    assert.equal(commitLink('ssh://git@github.com/org/repo', SHA), `https://github.com/org/repo/commit/${SHA}`);
    assert.equal(commitLink('https://gitlab.com/group/repo.git', SHA), `https://gitlab.com/group/repo/-/commit/${SHA}`);
    assert.equal(commitLink('http://127.0.0.1:18091/git/fleet.git', SHA), undefined);
    assert.equal(commitLink('http://127.0.0.1:18091/git/fleet.git', SHA, 'http://127.0.0.1:18091'), `http://127.0.0.1:18091/git/fleet/commit/${SHA}`);
  });

  it('goes from a Deployment up through the Kustomizations to the source, its revision and the commit', () => {
    const t = traceOf(start, deployment, lookup);
    assert.deepEqual(t.steps.map((s) => s.ref.name), ['apps', 'flux-system']);
    const src = t.steps[0].source!;
    assert.deepEqual([src.ref.name, src.revision, src.commit], ['fleet', `main@sha1:${SHA}`, SHA]);
    assert.deepEqual(src.links.map((l) => l.url), ['https://gitea.example.com/platform/fleet', `https://gitea.example.com/platform/fleet/commit/${SHA}`]);
    const md = traceMarkdown(t);
    assert.match(md, /^# Trace of Deployment apps\/podinfo/);
    assert.match(md, /1\. Applied by \*\*Kustomization flux-system\/apps\*\*: ready/);
    assert.match(md, /2\. Which was applied by \*\*Kustomization flux-system\/flux-system\*\*/);
    assert.ok(md.includes(`[commit 4f0c1a2](https://gitea.example.com/platform/fleet/commit/${SHA})`));
  });

  it('uses the known owner when the object cannot be read (a Secret), and says why a chain stops', () => {
    const secret: ObjectRef = { context: ctx, kindKey: '/Secret', namespace: 'apps', name: 'token' };
    const t = traceOf(secret, undefined, lookup, { owner: { context: ctx, kindKey: KS, namespace: 'flux-system', name: 'apps' } });
    assert.equal(t.steps[0].ref.name, 'apps');
    const orphan = traceOf(start, { metadata: { name: 'podinfo', annotations: { 'meta.helm.sh/release-name': 'podinfo', 'meta.helm.sh/release-namespace': 'apps' } } }, lookup);
    assert.equal(orphan.steps.length, 0);
    assert.match(orphan.notes[0], /Helm release apps\/podinfo manages it, but without helm-controller's labels/);
    const gone = traceOf(start, { metadata: { name: 'x', labels: { 'kustomize.toolkit.fluxcd.io/name': 'deleted', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } } }, lookup);
    assert.equal(gone.steps[0].found, false);
    assert.match(traceMarkdown(gone), /not in the explorer's cache/);
  });

  it('stops on a label loop', () => {
    const loopy = new Map<string, KObject>();
    const self: KObject = { metadata: { name: 'me', namespace: 'ns', labels: { 'kustomize.toolkit.fluxcd.io/name': 'me', 'kustomize.toolkit.fluxcd.io/namespace': 'ns' } } };
    loopy.set(refKey({ context: ctx, kindKey: KS, namespace: 'ns', name: 'me' }), self);
    const t = traceOf(start, self, (r) => loopy.get(refKey(r)));
    assert.equal(t.steps.length, 1);
  });
});

describe('naming an object to trace', () => {
  it('reads Kind[.group] [namespace/]name', async () => {
    const { parseObjectPick } = await import('../../../client/src/cluster/trace');
    assert.deepEqual(parseObjectPick('Deployment apps/podinfo'), { kind: 'Deployment', group: 'apps', version: 'v1', namespace: 'apps', name: 'podinfo' });
    assert.deepEqual(parseObjectPick('Namespace testbed-apps'), { kind: 'Namespace', group: '', version: 'v1', namespace: undefined, name: 'testbed-apps' });
    assert.deepEqual(parseObjectPick('Certificate.cert-manager.io apps/tls'), { kind: 'Certificate', group: 'cert-manager.io', namespace: 'apps', name: 'tls' });
    assert.deepEqual(parseObjectPick('Widget apps/w'), { kind: 'Widget', group: undefined, namespace: 'apps', name: 'w' });
    assert.match(String(parseObjectPick('just-a-name')), /Write Kind/);
  });
});
