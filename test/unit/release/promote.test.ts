// Promotion from a staging cluster folder to its production twins: the chart version, values and image tags
// are copied as staging writes them, the fields each environment sets for itself are kept, several production
// clusters get one edit, and a staging object without a twin (or not in staging) is refused with a reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TextEdit } from 'vscode-languageserver-types';
import { changedSince } from '../../../client/src/fleet/promotion';
import { promote } from '../../../server/src/core/features/promote';
import { promotionEdits } from '../../../server/src/core/promotion/fields';
import { parseFile } from '../../../server/src/core/yaml/parse';
import type { PromoteRequest } from '../../../server/src/shared/protocol';
import { uriOf, workspace, yaml } from '../helpers';

const STAGING = yaml`
  apiVersion: helm.toolkit.fluxcd.io/v2
  kind: HelmRelease
  metadata:
    name: cert-manager
    namespace: cert-manager
  spec:
    interval: 1m
    chart:
      spec:
        chart: cert-manager
        version: 1.16.0
        sourceRef: { kind: HelmRepository, name: jetstack }
    values:
      crds:
        enabled: true
      image:
        tag: v1.16.0   # pinned for the CVE fix
`;

const PRODUCTION = yaml`
  apiVersion: helm.toolkit.fluxcd.io/v2
  kind: HelmRelease
  metadata:
    name: cert-manager
    namespace: cert-manager
  spec:
    interval: 10m
    suspend: true
    targetNamespace: cert-manager
    chart:
      spec:
        chart: cert-manager
        version: "1.15.3"
        sourceRef: { kind: HelmRepository, name: jetstack }
    values:
        crds:
            enabled: true
        image:
            tag: v1.15.3
    postBuild:
      substitute:
        ENV: production
`;

/** Applies LSP text edits (from the end backwards) to a text. */
function apply(text: string, edits: readonly TextEdit[]): string {
  const lines = parseFile('file:///x', 0, text).lines;
  const sorted = [...edits].sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, lines.offsetAt(e.range.start)) + e.newText + out.slice(lines.offsetAt(e.range.end));
  return out;
}

const side = (text: string) => ({ text, doc: parseFile('file:///x', 0, text).docs[0] });
const ok = (r: PromoteRequest.Result) => {
  if ('error' in r) throw new Error(r.error);
  return r;
};

describe('promotion edit', () => {
  it('copies the chart version and values, re-indented, and keeps what each environment sets', () => {
    const { edits, changes } = promotionEdits('helm.toolkit.fluxcd.io/HelmRelease', side(STAGING), side(PRODUCTION));
    assert.deepEqual(changes, [
      { path: 'spec.chart.spec.version', what: '1.15.3 -> 1.16.0' },
      { path: 'spec.values', what: 'replaced' },
    ]);
    let out = PRODUCTION;
    for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    const doc = parseFile('file:///x', 0, out).docs[0].doc.toJSON();
    assert.equal(doc.spec.chart.spec.version, '1.16.0');
    assert.deepEqual(doc.spec.values, { crds: { enabled: true }, image: { tag: 'v1.16.0' } });
    assert.equal(doc.spec.interval, '10m');
    assert.equal(doc.spec.suspend, true);
    assert.equal(doc.spec.targetNamespace, 'cert-manager');
    assert.deepEqual(doc.spec.postBuild, { substitute: { ENV: 'production' } });
    assert.match(out, /^  values:\n    crds:\n      enabled: true\n    image:\n      tag: v1.16.0   # pinned for the CVE fix\n  postBuild:/m);
  });

  it('adds a field only staging has and removes one staging dropped; nothing when they already match', () => {
    const noValues = PRODUCTION.replace(/ {2}values:\n(?: {4}.*\n)+/, '');
    const added = promotionEdits('helm.toolkit.fluxcd.io/HelmRelease', side(STAGING), side(noValues));
    assert.deepEqual(added.changes.map((c) => c.what), ['1.15.3 -> 1.16.0', 'added']);
    const stagingNoValues = STAGING.replace(/ {2}values:\n(?: {4}.*\n)+/, '');
    const removed = promotionEdits('helm.toolkit.fluxcd.io/HelmRelease', side(stagingNoValues), side(PRODUCTION));
    assert.deepEqual(removed.changes.map((c) => c.what), ['1.15.3 -> 1.16.0', 'removed']);
    const out = removed.edits.sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), PRODUCTION);
    assert.deepEqual(Object.keys(parseFile('file:///x', 0, out).docs[0].doc.toJSON().spec), ['interval', 'suspend', 'targetNamespace', 'chart', 'postBuild']);
    assert.deepEqual(promotionEdits('helm.toolkit.fluxcd.io/HelmRelease', side(STAGING), side(STAGING)).edits, []);
  });

  it('copies a Kustomization\'s image tags and nothing else', () => {
    const ks = (tag: string, interval: string) => yaml`
      apiVersion: kustomize.toolkit.fluxcd.io/v1
      kind: Kustomization
      metadata: { name: apps, namespace: flux-system }
      spec:
        interval: ${interval}
        path: ./apps
        prune: true
        images:
          - name: ghcr.io/acme/app
            newTag: ${tag}
    `;
    const { edits, changes } = promotionEdits('kustomize.toolkit.fluxcd.io/Kustomization', side(ks('v2', '1m')), side(ks('v1', '10m')));
    assert.deepEqual(changes, [{ path: 'spec.images', what: 'replaced' }]);
    const out = edits.reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), ks('v1', '10m'));
    assert.equal(out, ks('v2', '10m'));
  });
});

describe('promote request', () => {
  const files = {
    'flux/clusters/eu-staging/security/cert-manager/release.yaml': STAGING,
    'flux/clusters/eu-production/security/cert-manager/release.yaml': PRODUCTION,
    'flux/clusters/us-production/security/cert-manager/release.yaml': PRODUCTION.replace('1.15.3', '1.14.0'),
    'flux/clusters/eu-staging/security/lonely.yaml': STAGING.replace('name: cert-manager\n', 'name: lonely\n'),
    'flux/clusters/eu-production/network/cilium.yaml': PRODUCTION.replace('name: cert-manager\n', 'name: cilium\n'),
    'flux/clusters/ap-production/network/cilium.yaml': PRODUCTION.replace('name: cert-manager\n', 'name: cilium\n'),
  };
  const run = async (path: string) => {
    const service = await workspace(files, { platform: { enabled: true } });
    const file = parseFile(uriOf(path), 0, files[path as keyof typeof files]);
    return promote({ index: service.index, platform: service.settings().platform, read: async (uri) => files[Object.keys(files).find((p) => uriOf(p) === uri) as keyof typeof files] }, file, file.text.indexOf('kind:'));
  };

  it('builds one edit for every production cluster with a twin, and names those without', async () => {
    const r = ok(await run('flux/clusters/eu-staging/security/cert-manager/release.yaml'));
    assert.equal(r.from, 'eu-staging');
    assert.deepEqual(r.targets.map((t) => [t.cluster, t.changes]), [
      ['eu-production', ['spec.chart.spec.version: 1.15.3 -> 1.16.0', 'spec.values: replaced']],
      ['us-production', ['spec.chart.spec.version: 1.14.0 -> 1.16.0', 'spec.values: replaced']],
    ]);
    assert.deepEqual(r.without, ['ap-production'], 'a production cluster without the release is named');
    const eu = uriOf('flux/clusters/eu-production/security/cert-manager/release.yaml');
    const out = apply(PRODUCTION, r.edit.changes![eu]);
    assert.match(out, /version: 1\.16\.0/);
    assert.match(out, /interval: 10m\n {2}suspend: true/);
    assert.equal(Object.keys(r.edit.changes!).length, 2);
  });

  it('refuses with a reason: no twin, not staging', async () => {
    const lonely = await run('flux/clusters/eu-staging/security/lonely.yaml');
    assert.match('error' in lonely ? lonely.error : '', /lonely has no production twin/);
    const fromProd = await run('flux/clusters/eu-production/security/cert-manager/release.yaml');
    assert.match('error' in fromProd ? fromProd.error : '', /eu-production is not a staging cluster/);
  });
});

describe('promotion on the client', () => {
  it('knows a twin edited since the server read it, file by file', async () => {
    const r = ok(await promote(
      { index: (await workspace({ 'flux/clusters/eu-staging/a.yaml': STAGING, 'flux/clusters/eu-production/a.yaml': PRODUCTION })).index, platform: { enabled: true, environments: {}, rules: {} }, read: async () => PRODUCTION },
      parseFile(uriOf('flux/clusters/eu-staging/a.yaml'), 0, STAGING),
      STAGING.indexOf('kind:'),
    ));
    const at = (text: string) => (_uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }) => {
      const lines = parseFile('file:///x', 0, text).lines;
      return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
    };
    assert.deepEqual(r.targets[0].replaced.length, 2);
    assert.deepEqual(changedSince(r, at(PRODUCTION)), []);
    assert.deepEqual(changedSince(r, at(PRODUCTION.replace('1.15.3', '1.15.4'))), [uriOf('flux/clusters/eu-production/a.yaml')]);
    assert.deepEqual(changedSince(r, at(`# a comment on top\n${PRODUCTION}`)), [uriOf('flux/clusters/eu-production/a.yaml')]);
  });
});
