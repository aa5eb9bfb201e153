// The render module through the Renderer: kustomize and Flux's post-build substitution, compiled to WebAssembly
// and run in a worker thread, on small fixtures, one per behaviour the checker's hand-made model got wrong.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { yaml } from '../helpers';
import { field, files, ids, objectsOf, startRenderer } from './helpers';

const renderer = startRenderer();
after(() => renderer.dispose());

const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

const deployment = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    selector:
      matchLabels: { app: web }
    template:
      metadata:
        labels: { app: web }
      spec:
        containers:
          - name: web
            image: ghcr.io/acme/web:1.0
            envFrom:
              - secretRef:
                  name: web-credentials
`;

before(() => {
  renderer.syncFiles(
    files({
      // A placeholder Namespace named by the folder's `namespace:`.
      'apps/media/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: _\n',
      'apps/media/app.yaml': configMap('media'),
      'apps/media/kustomization.yaml': 'namespace: media\nresources: [namespace.yaml, app.yaml]\n',
      // A parent's Flux Kustomizations, to be patched from the parent.
      'clusters/main/apps.yaml': yaml`
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: media
          namespace: flux-system
        spec:
          interval: 10m
          path: ./apps/media
          sourceRef: { kind: GitRepository, name: flux-system }
      `,
      'clusters/main/kustomization.yaml': 'resources: [apps.yaml]\n',
      // A secretGenerator whose hashed name the Deployment's reference must get.
      'apps/web/deployment.yaml': deployment,
      'apps/web/kustomization.yaml': yaml`
        resources: [deployment.yaml]
        secretGenerator:
          - name: web-credentials
            literals: [token=not-a-secret]
        components: [../../components/team]
      `,
      'components/team/kustomization.yaml': yaml`
        apiVersion: kustomize.config.k8s.io/v1alpha1
        kind: Component
        commonLabels:
          team: payments
      `,
      'components/extra/kustomization.yaml': yaml`
        apiVersion: kustomize.config.k8s.io/v1alpha1
        kind: Component
        resources: [extra.yaml]
      `,
      'components/extra/extra.yaml': configMap('extra'),
      // A folder without a kustomization file, with a sub-folder that has one.
      'plain/a.yaml': configMap('a'),
      'plain/deep/b.yml': configMap('b'),
      'plain/notes.txt': 'not a manifest',
      // Left out of the artifact by source-controller's default exclusions, so never listed.
      'plain/.github/workflows/ci.yaml': 'name: ci\non: push\n',
      'plain/.sops.yaml': 'creation_rules: []\n',
      'plain/built/kustomization.yaml': 'resources: [c.yaml]\n',
      'plain/built/c.yaml': configMap('c'),
      'plain/built/ignored.yaml': configMap('not-listed'),
      // Variables, defaults and the opt-out.
      'vars/config.yaml': yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          cluster: \${CLUSTER}
          region: \${REGION:=eu-west-1}
          zone: \${ZONE}
      `,
      'vars/raw.yaml': yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: raw
          annotations:
            kustomize.toolkit.fluxcd.io/substitute: disabled
        data:
          script: echo \${HOME}
      `,
      // Bad input.
      'remote/kustomization.yaml': 'resources:\n  - https://github.com/acme/platform//deploy?ref=v1.0.0\n',
      'loop/kustomization.yaml': 'resources: [.]\n',
      'broken/kustomization.yaml': 'resources: [missing.yaml]\n',
    }),
  );
});

test('a placeholder Namespace takes the name the folder kustomization gives it', async () => {
  const result = await renderer.render({ path: 'apps/media' });
  assert.deepEqual(ids(result), ['Namespace//media', 'ConfigMap/media/media']);
  assert.deepEqual(objectsOf(result)[0].origin, { path: 'apps/media/namespace.yaml' });
  assert.equal(field(objectsOf(result)[0], 'metadata', 'annotations'), undefined, 'origin annotations are removed');
});

test("a parent Flux Kustomization's patches reach the child Kustomizations it builds", async () => {
  const result = await renderer.render({
    path: 'clusters/main',
    patches: [
      {
        patch: yaml`
          apiVersion: kustomize.toolkit.fluxcd.io/v1
          kind: Kustomization
          metadata:
            name: not-used
          spec:
            postBuild:
              substitute:
                CLUSTER: main
        `,
        target: { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization' },
      },
    ],
  });
  const [child] = objectsOf(result);
  assert.equal(child.name, 'media');
  assert.deepEqual(field(child, 'spec', 'postBuild', 'substitute'), { CLUSTER: 'main' });
  assert.equal(field(child, 'spec', 'path'), './apps/media', 'the rest of the child is kept');
});

test('namePrefix and nameSuffix rename every object, targetNamespace moves them', async () => {
  const result = await renderer.render({ path: 'apps/media', namePrefix: 'blue-', nameSuffix: '-v2', targetNamespace: 'staging' });
  assert.deepEqual(ids(result), ['Namespace//staging', 'ConfigMap/staging/blue-media-v2']);
});

test("a secretGenerator's hashed name reaches the Deployment that references it", async () => {
  const result = await renderer.render({ path: 'apps/web' });
  const secret = objectsOf(result).find((o) => o.kind === 'Secret')!;
  assert.match(secret.name, /^web-credentials-[a-z0-9]{10}$/);
  assert.deepEqual(secret.origin, { path: 'apps/web/kustomization.yaml', configuredIn: 'apps/web/kustomization.yaml' });
  const web = objectsOf(result).find((o) => o.kind === 'Deployment')!;
  assert.equal(field(web, 'spec', 'template', 'spec', 'containers', 0, 'envFrom', 0, 'secretRef', 'name'), secret.name);
  assert.deepEqual(web.origin, { path: 'apps/web/deployment.yaml' });
});

test("components: the kustomization's own and the Flux Kustomization's, appended after it", async () => {
  const result = await renderer.render({ path: 'apps/web', components: ['../../components/extra'] });
  const web = objectsOf(result).find((o) => o.kind === 'Deployment')!;
  assert.equal(field(web, 'metadata', 'labels', 'team'), 'payments');
  const extra = objectsOf(result).find((o) => o.name === 'extra')!;
  assert.equal(field(extra, 'metadata', 'labels', 'team'), undefined, 'the Flux component comes after the file’s');
  assert.equal(extra.origin?.path, 'components/extra/extra.yaml');
  const missing = await renderer.render({ path: 'apps/web', components: ['../../components/none'] });
  assert.match(missing.error?.message ?? '', /components\/none/);
  const ignored = await renderer.render({ path: 'apps/web', components: ['../../components/none'], ignoreMissingComponents: true });
  assert.equal(ignored.error, undefined);
  const remote = await renderer.render({ path: 'apps/web', components: ['https://example.com/c'] });
  assert.equal(remote.error?.message, "component path 'https://example.com/c' must be local and relative");
});

test("kustomize's deprecation notes come back as warnings, with the file that has them", async () => {
  const result = await renderer.render({ path: 'apps/web' });
  assert.deepEqual(result.warnings, [
    "components/team/kustomization.yaml: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.",
  ]);
  assert.equal((await renderer.render({ path: 'apps/media' })).warnings, undefined);
});

test('images replace the tag and name of matching containers', async () => {
  const result = await renderer.render({ path: 'apps/web', images: [{ name: 'ghcr.io/acme/web', newName: 'registry.local/web', newTag: '2.0' }] });
  const web = objectsOf(result).find((o) => o.kind === 'Deployment')!;
  assert.equal(field(web, 'spec', 'template', 'spec', 'containers', 0, 'image'), 'registry.local/web:2.0');
});

test('a folder without a kustomization file: every manifest below it, a sub-kustomization as a whole, no CI files', async () => {
  const result = await renderer.render({ path: 'plain' });
  assert.deepEqual(ids(result).sort(), ['ConfigMap//a', 'ConfigMap//b', 'ConfigMap//c']);
  assert.equal(objectsOf(result).find((o) => o.name === 'b')?.origin?.path, 'plain/deep/b.yml');
  assert.equal(objectsOf(result).find((o) => o.name === 'c')?.origin?.path, 'plain/built/c.yaml');
  const again = await renderer.render({ path: 'plain' });
  assert.deepEqual(ids(again), ids(result), 'the generated kustomization.yaml does not stay behind');
});

test('folder and file names kustomize keeps in memory only with help: spaces, plus signs, accents', async () => {
  renderer.syncFiles(files({ 'odd names/c++/café.yaml': configMap('cafe'), 'odd names/kustomization.yaml': 'resources: [c++/café.yaml]\n' }));
  const result = await renderer.render({ path: 'odd names' });
  assert.deepEqual(ids(result), ['ConfigMap//cafe']);
  assert.equal(objectsOf(result)[0].origin?.path, 'odd names/c++/café.yaml');
  const generated = await renderer.render({ path: 'odd names/c++' });
  assert.equal(objectsOf(generated)[0].origin?.path, 'odd names/c++/café.yaml');
});

test('substitution: values, defaults, undefined variables, and the disabled opt-out', async () => {
  const result = await renderer.render({ path: 'vars', substitute: { CLUSTER: 'main' } });
  const settings = objectsOf(result).find((o) => o.name === 'settings')!;
  assert.deepEqual(field(settings, 'data'), { cluster: 'main', region: 'eu-west-1', zone: null });
  assert.deepEqual(settings.undefinedVariables, ['ZONE']);
  const raw = objectsOf(result).find((o) => o.name === 'raw')!;
  assert.equal(field(raw, 'data', 'script'), 'echo ${HOME}');
  assert.equal(raw.undefinedVariables, undefined);
});

test('without postBuild nothing is substituted and nothing is reported', async () => {
  const settings = objectsOf(await renderer.render({ path: 'vars' })).find((o) => o.name === 'settings')!;
  assert.equal(field(settings, 'data', 'cluster'), '${CLUSTER}');
  assert.equal(settings.undefinedVariables, undefined);
});

test('variables from a Secret are unknown but defined: kept as written, not reported', async () => {
  const result = await renderer.render({ path: 'vars', substitute: { REGION: 'us-east-1' }, unknownVariables: true });
  const settings = objectsOf(result).find((o) => o.name === 'settings')!;
  assert.deepEqual(field(settings, 'data'), { cluster: '${CLUSTER}', region: 'us-east-1', zone: '${ZONE}' });
  assert.equal(settings.undefinedVariables, undefined);
});

test('an invalid variable name fails the render as the controller does', async () => {
  const result = await renderer.render({ path: 'vars', substitute: { 'bad-name': 'x' } });
  assert.match(result.error?.message ?? '', /'bad-name' var name is invalid/);
});

test('commonMetadata labels and annotates every object, not its selectors', async () => {
  const result = await renderer.render({ path: 'apps/web', commonMetadata: { labels: { owner: 'platform' }, annotations: { note: 'x' } } });
  const web = objectsOf(result).find((o) => o.kind === 'Deployment')!;
  assert.equal(field(web, 'metadata', 'labels', 'owner'), 'platform');
  assert.equal(field(web, 'metadata', 'annotations', 'note'), 'x');
  assert.equal(field(web, 'spec', 'selector', 'matchLabels', 'owner'), undefined);
  assert.equal(field(web, 'spec', 'template', 'metadata', 'labels', 'owner'), undefined);
});

test('a remote base is refused without any network access, and says why', async () => {
  const result = await renderer.render({ path: 'remote' });
  assert.deepEqual(result.objects, []);
  assert.match(result.error!.message, /remote resource 'https:\/\/github.com\/acme\/platform\/\/deploy\?ref=v1.0.0' \(in remote\/kustomization.yaml\) is not fetched/);
  assert.equal(result.error!.path, 'remote/kustomization.yaml');
});

test("kustomize's own errors: a loop, a missing file, a missing folder", async () => {
  assert.match((await renderer.render({ path: 'loop' })).error?.message ?? '', /^kustomize build failed: .*cycle detected/);
  assert.match((await renderer.render({ path: 'broken' })).error?.message ?? '', /^kustomize build failed: .*missing\.yaml/);
  assert.deepEqual((await renderer.render({ path: 'nowhere' })).error, { message: 'kustomization path not found: nowhere', path: 'nowhere' });
});

test('deltas: an edited file is rendered again, a deleted one is gone', async () => {
  renderer.syncFiles(files({ 'delta/one.yaml': configMap('one'), 'delta/two.yaml': configMap('two') }));
  assert.deepEqual(ids(await renderer.render({ path: 'delta' })), ['ConfigMap//one', 'ConfigMap//two']);
  renderer.syncFiles(files({ 'delta/one.yaml': configMap('uno'), 'delta/two.yaml': null }));
  assert.deepEqual(ids(await renderer.render({ path: 'delta' })), ['ConfigMap//uno']);
  renderer.syncFiles(files({ 'delta/one.yaml': null }));
  assert.match((await renderer.render({ path: 'delta' })).error?.message ?? '', /kustomization path not found: delta/);
});
