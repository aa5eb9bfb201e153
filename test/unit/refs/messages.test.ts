// Cross-file messages point somewhere: files by their path in the workspace (never a bare file name, which a
// repository of `namespace.yaml` files makes useless), long lists cut with "and N more", ranges over whole names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { workspace } from '../helpers';
import { diagnosticsOf, ks, messageOf, remember, TOKEN } from './fixtures';
import { listWithMore } from '../../../server/src/core/refs/diag';

async function ws(files: Record<string, string>) {
  return remember(await workspace(files), files);
}

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

/** Twelve apps, each with its own namespace.yaml naming the same Namespace: the shape of a home-lab repository. */
function apps(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`clusters/prod/kubernetes/apps/app-${String(i).padStart(2, '0')}/namespace.yaml`] = namespace('cert-manager');
  return files;
}

test('duplicate-object names each twin by its path in the workspace and line, five of them, then "and N more"', async () => {
  const s = await ws(apps(12));
  const [d] = diagnosticsOf(s, 'clusters/prod/kubernetes/apps/app-00/namespace.yaml', 'duplicate-object');
  const text = messageOf(d);
  assert.match(text, /\(clusters\/prod\/kubernetes\/apps\/app-01\/namespace\.yaml:4, clusters\/prod\/kubernetes\/apps\/app-02\/namespace\.yaml:4, /);
  assert.match(text, / and 6 more\)/, text);
  assert.equal(text.match(/namespace\.yaml:4/g)!.length, 5);
  assert.equal(d.relatedInformation!.length, 11, 'every twin is related below the cap');
});

test('duplicate-object covers the whole name, and so does each related location', async () => {
  const s = await ws(apps(2));
  const [d] = diagnosticsOf(s, 'clusters/prod/kubernetes/apps/app-00/namespace.yaml', 'duplicate-object');
  assert.deepEqual(d.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 8 + 'cert-manager'.length } });
  assert.deepEqual(d.relatedInformation![0].location.range, d.range);
});

test('related information is capped at 20; the last entry says how many were left out', async () => {
  const s = await ws(apps(26));
  const [d] = diagnosticsOf(s, 'clusters/prod/kubernetes/apps/app-00/namespace.yaml', 'duplicate-object');
  assert.equal(d.relatedInformation!.length, 20);
  assert.equal(d.relatedInformation![19].message, 'also defined here (and 5 more)');
  assert.match(messageOf(d), / and 20 more\)/);
});

test('duplicate-secret-owner names the rival by its path in the workspace', async () => {
  const other = TOKEN.replace('name: gitea-token\n  namespace', 'name: token-copy\n  namespace').replace('spec:\n', 'spec:\n  target:\n    name: gitea-token\n');
  const s = await ws({ 'clusters/prod/secrets/a/token.yaml': TOKEN, 'clusters/prod/secrets/b/token.yaml': other });
  const [d] = diagnosticsOf(s, 'clusters/prod/secrets/a/token.yaml', 'duplicate-secret-owner');
  assert.match(messageOf(d), /by token-copy \(clusters\/prod\/secrets\/b\/token\.yaml:4\)/);
});

test('reference-namespace says where the objects of that name are, with related locations', async () => {
  const repo = (ns: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: fleet\n  namespace: ${ns}\nspec:\n  interval: 1m\n  url: https://gitea.example.com/org/fleet.git\n`;
  const s = await ws({
    'clusters/prod/sources/fleet.yaml': repo('other'),
    'clusters/prod/apps.yaml': ks('apps').replace('name: flux-system\n', 'name: fleet\n'),
  });
  const [d] = diagnosticsOf(s, 'clusters/prod/apps.yaml', 'reference-namespace');
  assert.ok(d, 'the reference is in another namespace');
  assert.match(messageOf(d), /namespace other \(clusters\/prod\/sources\/fleet\.yaml:4\)/);
  assert.match(d.relatedInformation![0].location.uri, /clusters\/prod\/sources\/fleet\.yaml$/);
  assert.equal(d.relatedInformation![0].message, 'GitRepository other/fleet');
});

test('a long dependsOn cycle shows its first names, how many it leaves out, and the way back', async () => {
  const files: Record<string, string> = {};
  const n = 14;
  for (let i = 0; i < n; i++) files[`clusters/prod/k${i}.yaml`] = ks(`k${i}`, `  dependsOn:\n    - name: k${(i + 1) % n}\n`, './clusters/prod');
  const s = await ws(files);
  const [d] = diagnosticsOf(s, 'clusters/prod/k0.yaml', 'dependency-cycle');
  assert.match(messageOf(d), /^dependsOn cycle: k0 → k1 → k2 → k3 → k4 → k5 → k6 → k7 → k8 → … and 5 more → k0\./);
  assert.equal(d.relatedInformation!.length, 14);
});

test('listWithMore: the whole list up to the cap, then "and N more"', () => {
  assert.equal(listWithMore(['a', 'b']), 'a, b');
  assert.equal(listWithMore(['a', 'b', 'c', 'd'], 3), 'a, b, c and 1 more');
});

test('Namespace placeholders renamed by kustomize (`name: _` under `namespace: x`) are not duplicates; two renamed to one name are', async () => {
  const app = (ns: string) => ({ kustomization: `namespace: ${ns}\nresources:\n  - ./namespace.yaml\n`, namespace: namespace('_') });
  const files: Record<string, string> = {};
  for (const [dir, ns] of [['cert-manager', 'cert-manager'], ['kube-system', 'kube-system'], ['media-a', 'media'], ['media-b', 'media']]) {
    const a = app(ns);
    files[`clusters/prod/apps/${dir}/kustomization.yaml`] = a.kustomization;
    files[`clusters/prod/apps/${dir}/namespace.yaml`] = a.namespace;
  }
  const s = await ws(files);
  assert.deepEqual(diagnosticsOf(s, 'clusters/prod/apps/cert-manager/namespace.yaml', 'duplicate-object'), []);
  const [d] = diagnosticsOf(s, 'clusters/prod/apps/media-a/namespace.yaml', 'duplicate-object');
  assert.ok(d, 'media twice');
  assert.match(messageOf(d), /^Namespace media \(written _\) is defined again in the same build \(clusters\/prod\/apps\/media-b\/namespace\.yaml:4\)/);
});
