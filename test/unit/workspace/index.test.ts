import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceIndex } from '../../../server/src/core/workspace/index';
import { structureOf } from '../../../server/src/core/workspace/structure';
import { parseFile } from '../../../server/src/core/yaml/parse';
import { yaml } from '../helpers';

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [p, t] of Object.entries(files)) index.update(parseFile(`file:///ws/${p}`, 0, t));
  return index;
}

const KS = yaml`
  apiVersion: kustomize.toolkit.fluxcd.io/v1
  kind: Kustomization
  metadata:
    name: apps
    namespace: flux-system
  spec:
    path: ./apps
    targetNamespace: apps
    sourceRef:
      kind: GitRepository
      name: fleet
    dependsOn:
      - name: infra
        namespace: other
    postBuild:
      substitute:
        CLUSTER: prod
      substituteFrom:
        - kind: Secret
          name: vars
          optional: true
`;

test('facts: references with ranges, Kustomization path and substitutions, Git refs, produced Secrets', () => {
  const index = indexOf({
    'ks.yaml': KS,
    'git.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: fleet\nspec:\n  url: https://g.example/o/r\n  ref:\n    tag: v1\n  secretRef:\n    name: tok\n',
    'es.yaml': 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: a\nspec:\n  target:\n    name: b\n---\napiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: c\nspec:\n  target:\n    creationPolicy: Merge\n',
    'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  KEY: hunter2\n',
  });
  const [ks] = index.objectsIn('file:///ws/ks.yaml');
  const refs = ks.facts.refs.map((r) => `${r.field}=${r.kind ?? ''}:${r.namespace ?? ''}/${r.name}${r.optional ? '?' : ''}`);
  assert.deepEqual(refs, ['spec.sourceRef=GitRepository:/fleet', 'spec.dependsOn[0]=:other/infra', 'spec.postBuild.substituteFrom[0]=Secret:/vars?']);
  assert.deepEqual(ks.facts.refs[1].span.range.start, { line: 12, character: 12 });
  assert.equal(ks.facts.kustomization?.path?.value, './apps');
  assert.deepEqual(ks.facts.kustomization?.substitute, ['CLUSTER']);
  const [git] = index.objectsIn('file:///ws/git.yaml');
  assert.equal(git.facts.git?.tag, 'v1');
  assert.equal(git.facts.git?.secretName, 'tok');
  assert.deepEqual(index.objectsIn('file:///ws/es.yaml').map((o) => o.facts.produces.map((p) => p.name)), [['b'], []], 'target name; Merge creates nothing');
  const [secret] = index.objectsIn('file:///ws/secret.yaml');
  assert.deepEqual(secret.facts.dataKeys, ['KEY']);
  assert.ok(!JSON.stringify(secret.facts).includes('hunter2'), 'Secret values are never kept');
});

test('facts hold plain data only, no syntax tree (files that are not open keep no AST)', () => {
  const index = indexOf({ 'ks.yaml': KS });
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    assert.ok(v.constructor === Object || Array.isArray(v), `unexpected ${v.constructor.name}`);
    for (const x of Object.values(v)) if (typeof x !== 'function') walk(x);
  };
  for (const o of index.all()) walk({ ...o, facts: { ...o.facts, refs: o.facts.refs.map((r) => ({ ...r, spec: undefined })) } });
});

test('${VAR} uses and image policy markers are found outside comments and escapes', () => {
  const index = indexOf({ 'd.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "${A} ${B:=1} $${C}"\n  # ${D}\n  img: x:1 # {"$imagepolicy": "flux-system:web:tag"}\n' });
  const [o] = index.objectsIn('file:///ws/d.yaml');
  assert.deepEqual(o.facts.vars.map((v) => `${v.name}${v.hasDefault ? '=' : ''}`), ['A', 'B=']);
  const marker = o.facts.refs.find((r) => r.kind === 'ImagePolicy')!;
  assert.equal(`${marker.namespace}/${marker.name}`, 'flux-system/web');
});

test('namespaces: targetNamespace over the outermost kustomization.yaml namespace over metadata.namespace', () => {
  const index = indexOf({
    'clusters/prod/ks.yaml': KS.replace('name: fleet', 'name: flux-system'),
    'apps/kustomization.yaml': 'namespace: inner\nresources:\n  - a.yaml\n',
    'apps/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: mine\n',
    'overlay/kustomization.yaml': 'namespace: outer\nresources:\n  - ../base\n',
    'base/kustomization.yaml': 'namespace: inner\nresources:\n  - b.yaml\n',
    'base/b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
    'loose/c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
    'loose/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n',
  });
  const s = structureOf(index, [], 0, ['file:///ws']);
  const ns = (p: string) => s.namespacesOf(index.objectsIn(`file:///ws/${p}`)[0]);
  assert.deepEqual(ns('apps/a.yaml'), ['apps'], 'the Kustomization that builds it sets targetNamespace');
  assert.deepEqual(ns('base/b.yaml'), ['outer'], 'the outer overlay wins');
  assert.equal(ns('loose/c.yaml'), undefined, 'unknown: matches any namespace');
  assert.equal(ns('loose/ns.yaml'), undefined, 'cluster-scoped');
});

test('builds: a folder without kustomization.yaml takes in every manifest below it, sub-kustomizations as built', () => {
  const index = indexOf({
    'c/a.yaml': 'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: a\n',
    'c/sub/b.yaml': 'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: b\n',
    'c/k/kustomization.yaml': 'resources:\n  - ../../elsewhere/e.yaml\npatches:\n  - path: p.yaml\n',
    'c/k/p.yaml': 'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: a\n',
    'c/k/unlisted.yaml': 'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: u\n',
    'elsewhere/e.yaml': 'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: e\n',
  });
  const s = structureOf(index, [], 0, ['file:///ws']);
  const files = [...s.builds.ofDir('file:///ws/c')].map((u) => u.slice('file:///ws/'.length)).sort();
  assert.deepEqual(files, ['c/a.yaml', 'c/k/kustomization.yaml', 'c/sub/b.yaml', 'elsewhere/e.yaml']);
  assert.ok(s.isPatch('file:///ws/c/k/p.yaml'));
});

test('the structure is rebuilt when files come and go or kustomizations change, not when an object is renamed', () => {
  const index = indexOf({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n', 'ks.yaml': KS });
  const v = index.structureVersion;
  index.update(parseFile('file:///ws/a.yaml', 1, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: renamed\n'));
  assert.equal(index.structureVersion, v);
  assert.deepEqual(index.previousNamesOf('file:///ws/a.yaml'), ['a']);
  index.update(parseFile('file:///ws/ks.yaml', 1, KS.replace('./apps', './other')));
  assert.ok(index.structureVersion > v);
  const w = index.structureVersion;
  index.update(parseFile('file:///ws/new.yaml', 1, 'x: 1\n'));
  assert.ok(index.structureVersion > w);
});
