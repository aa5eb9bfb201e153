// "Use Schemas of <context> for <folder>" against the testbed: a CRD no profile knows is applied to the real
// API server, read through the explorer's own transport (cluster/crds.ts) into a disk cache, and sent to the real
// language server over LSP; a manifest of that kind under the folder then gets a type error and completion from
// it, one outside the folder nothing. A user forbidden to list CRDs (a ServiceAccount of our own: the testbed's
// restricted and explorer users may list them) gets a message naming the permission, and nothing changes. The cache answers from disk while no resourceVersion changed, and reads again after an edit.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CrdCache } from '../../client/src/cluster/crdCache';
import { readClusterCrds } from '../../client/src/cluster/crds';
import { isApiError } from '../../client/src/cluster/errors';
import { ClusterManager } from '../../client/src/cluster/manager';
import type { ClusterSession } from '../../client/src/cluster/session';
import { ClusterSchemasRequest } from '../../server/src/shared/protocol';
import { fileUri, startServer, type LspSession } from '../lsp/lspClient';
import { TESTBED, ensureTestbed, testbedKubeconfigPath } from '../testbed/helper';
import { userKubeconfig } from './kubeconfigs';

const SUFFIX = Date.now().toString(36);
const GROUP = `w${SUFFIX}.fluxgitops-test.io`;
const NO_CRDS_NS = `fgt-nocrds-${SUFFIX}`;
const CRD_NAME = `widgets.${GROUP}`;
const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: CRD_NAME },
  spec: {
    group: GROUP,
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                properties: {
                  replicas: { type: 'integer', description: 'How many widgets.' },
                  colour: { type: 'string', enum: ['red', 'blue'] },
                },
              },
            },
          },
        },
      },
    ],
  },
};

const manifest = (spec: string) => `apiVersion: ${GROUP}/v1alpha1\nkind: Widget\nmetadata:\n  name: w\n  namespace: apps\nspec:\n${spec}`;

function session(context: string, kubeconfig = testbedKubeconfigPath()): { m: ClusterManager; s: ClusterSession } {
  const m = new ClusterManager({ kubeconfig, contexts: [context], fluxNamespace: TESTBED.fluxNamespace, requestTimeoutSeconds: 10 });
  m.load();
  return { m, s: m.session(context)! };
}

/** A ServiceAccount with no role at all, and a kubeconfig of its token: it may not list CRDs. */
async function userWithoutCrds(admin: ClusterSession): Promise<string> {
  await admin.transport.request({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NO_CRDS_NS } } });
  await admin.transport.request({ method: 'POST', path: `/api/v1/namespaces/${NO_CRDS_NS}/serviceaccounts`, body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reader' } } });
  const token = await admin.transport.request<{ status: { token: string } }>({
    method: 'POST',
    path: `/api/v1/namespaces/${NO_CRDS_NS}/serviceaccounts/reader/token`,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } },
  });
  return userKubeconfig('testbed-nocrds', { token: token.status.token });
}

describe('cluster schemas from the testbed', () => {
  let admin: ReturnType<typeof session>;
  let lsp: LspSession;
  let ws: string;
  let cacheDir: string;
  const folder = () => fileUri(join(ws, 'flux/clusters/testbed'));
  const inside = () => fileUri(join(ws, 'flux/clusters/testbed/widget.yaml'));
  const outside = () => fileUri(join(ws, 'flux/clusters/other/widget.yaml'));

  before(async () => {
    await ensureTestbed();
    admin = session(TESTBED.contexts.admin);
    await admin.s.transport.request({ method: 'POST', path: CRD_PATH, body: widgetCrd, purpose: { verb: 'create', resource: 'customresourcedefinitions.apiextensions.k8s.io' } });
    ws = mkdtempSync(join(tmpdir(), 'fgt-cluster-schemas-'));
    cacheDir = join(ws, '.cache');
    for (const dir of ['flux/clusters/testbed', 'flux/clusters/other']) {
      mkdirSync(join(ws, dir), { recursive: true });
      writeFileSync(join(ws, dir, 'widget.yaml'), manifest('  replicas: many\n'));
    }
    lsp = await startServer(ws);
    await lsp.waitForLog(/Indexed \d+ YAML files/);
    const first = lsp.nextDiagnostics(inside());
    lsp.open(inside(), manifest('  replicas: many\n'));
    assert.deepEqual((await first).map((d) => d.code), [], 'the pinned profiles know no Widget: the kind passes silently');
  });

  after(async () => {
    await admin?.s.transport.request({ method: 'DELETE', path: `${CRD_PATH}/${CRD_NAME}` }).catch(() => undefined);
    await admin?.s.transport.request({ method: 'DELETE', path: `/api/v1/namespaces/${NO_CRDS_NS}` }).catch(() => undefined);
    admin?.m.dispose();
    await lsp?.stop();
    if (ws) rmSync(ws, { recursive: true, force: true });
  });

  it('a user forbidden to list CRDs gets a message naming the missing permission, and nothing changes', async () => {
    const denied = session('testbed-nocrds', await userWithoutCrds(admin.s));
    try {
      const err = await readClusterCrds(denied.s.transport, new CrdCache(cacheDir)).then(() => undefined, (e: unknown) => e);
      assert.ok(isApiError(err, 'forbidden'), `expected a 403, got ${String(err)}`);
      assert.match(err.message, /may not list customresourcedefinitions\.apiextensions\.k8s\.io cluster-wide/);
      assert.ok(!existsSync(cacheDir) || readdirSync(cacheDir).length === 0, 'nothing was cached');
    } finally {
      denied.m.dispose();
    }
    assert.deepEqual(lsp.latest.get(inside())?.map((d) => d.code), [], 'the server was told nothing: still no finding');
  });

  it('after "Use Schemas of testbed", a Widget under the folder gets a type error and completion; one outside does not', async () => {
    const t0 = performance.now();
    const { snapshot, fromCache } = await readClusterCrds(admin.s.transport, new CrdCache(cacheDir));
    const readMs = performance.now() - t0;
    assert.equal(fromCache, false);
    assert.ok(snapshot.crds.some((c) => c.metadata.name === CRD_NAME), 'the new CRD is read');
    const params: ClusterSchemasRequest.Params = { folderUri: folder(), context: TESTBED.contexts.admin, crds: snapshot.crds };
    const result = await lsp.connection.sendRequest<ClusterSchemasRequest.Result>(ClusterSchemasRequest.method, params);
    assert.equal(result.crds, snapshot.crds.length);
    assert.ok(result.kinds >= snapshot.crds.length, `${result.kinds} kinds`);
    console.log(`read ${snapshot.crds.length} CRDs (${(JSON.stringify(snapshot).length / 1024).toFixed(0)} KiB) in ${readMs.toFixed(0)} ms; server took ${result.kinds} kinds`);

    const diags = await lsp.diagnosticsWhen(inside(), (d) => d.some((x) => x.code === 'wrong-type'));
    const wrong = diags.find((d) => d.code === 'wrong-type')!;
    assert.equal(wrong.range.start.line, 6, 'on `replicas: many`');

    lsp.open(outside(), manifest('  replicas: many\n'));
    assert.deepEqual((await lsp.nextDiagnostics(outside())).map((d) => d.code), [], 'another folder keeps the pinned schemas');

    const text = manifest('  replicas: 2\n  \n');
    lsp.change(inside(), text, 2);
    const completion = await lsp.connection.sendRequest<{ label: string }[] | { items: { label: string }[] }>('textDocument/completion', {
      textDocument: { uri: inside() },
      position: { line: 7, character: 2 },
    });
    const labels = (Array.isArray(completion) ? completion : completion.items).map((i) => i.label);
    assert.ok(labels.includes('colour'), `completion offers the cluster schema's fields: ${labels.join(', ')}\n${lsp.logs.slice(-8).join('\n')}`);
  });

  it('the disk cache answers while no resourceVersion changed, and reads again after the CRD changed', async () => {
    const cache = new CrdCache(cacheDir);
    const t0 = performance.now();
    const again = await readClusterCrds(admin.s.transport, cache);
    console.log(`unchanged: answered from the disk cache after one metadata list in ${(performance.now() - t0).toFixed(0)} ms`);
    assert.equal(again.fromCache, true, 'unchanged resourceVersions: one metadata list, the copy on disk');
    const patch = { spec: { versions: [{ ...widgetCrd.spec.versions[0], schema: { openAPIV3Schema: { ...widgetCrd.spec.versions[0].schema.openAPIV3Schema, properties: { ...widgetCrd.spec.versions[0].schema.openAPIV3Schema.properties, spec: { type: 'object', properties: { size: { type: 'string' } } } } } } }] } };
    await admin.s.transport.request({ method: 'PATCH', path: `${CRD_PATH}/${CRD_NAME}`, body: patch, contentType: 'application/merge-patch+json' });
    const fresh = await readClusterCrds(admin.s.transport, cache);
    assert.equal(fresh.fromCache, false, 'a changed resourceVersion reads the CRDs again');
    const widget = fresh.snapshot.crds.find((c) => c.metadata.name === CRD_NAME)!;
    assert.match(JSON.stringify(widget.spec), /"size"/);
    assert.deepEqual(new CrdCache(cacheDir).load(TESTBED.contexts.admin)?.crds.length, fresh.snapshot.crds.length, 'the new copy is on disk');
  });
});
