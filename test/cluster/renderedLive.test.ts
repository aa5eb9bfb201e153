// "Diff Rendered Output against Live Cluster" on the real testbed: a local copy of the fleet repository (cloned
// from the testbed's Git server at the revision `apps-ok` last applied) is rendered by the bundled language server,
// apps-ok's inventory is fetched from the real API server, and the two documents of the diff are equal; an
// unsaved edit of the ConfigMap in the local copy is then the one and only difference. Read-only on the cluster.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KubeTransport } from '../../client/src/cluster/http';
import { loadKubeconfig } from '../../client/src/cluster/kubeconfig';
import { renderedAgainstLive } from '../../client/src/cluster/liveInventory';
import type { KObject } from '../../client/src/cluster/types';
import { RenderedOutputRequest } from '../../server/src/shared/protocol';
import { fileUri, startServer, type LspSession } from '../lsp/lspClient';
import { TESTBED, ensureTestbed, testbedGitUrl, testbedKubeconfigPath } from '../testbed/helper';

const KS_PATH = `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${TESTBED.fluxNamespace}/kustomizations/apps-ok`;
const MANIFEST = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: fleet
  namespace: flux-system
spec:
  interval: 10m
  url: ${testbedGitUrl('fleet')}
  ref:
    branch: main
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps-ok
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps/ok
  prune: true
  sourceRef:
    kind: GitRepository
    name: fleet
`;

describe('Diff Rendered Output against Live Cluster on the testbed', () => {
  let dir = '';
  let server: LspSession;
  let transport: KubeTransport;
  let ks: KObject;
  let manifestUri = '';

  const render = async () => {
    const out = await server.connection.sendRequest<RenderedOutputRequest.Result>(RenderedOutputRequest.method, { uri: manifestUri, line: MANIFEST.split('\n').indexOf('kind: Kustomization') });
    assert.equal(out.error, undefined, out.text);
    return out;
  };

  before(async () => {
    await ensureTestbed();
    transport = new KubeTransport(TESTBED.contexts.admin, loadKubeconfig(testbedKubeconfigPath()).forContext(TESTBED.contexts.admin)!, 15_000);
    ks = await transport.request<KObject>({ path: KS_PATH });
    const revision = String(ks.status?.['lastAppliedRevision'] ?? '');
    const sha = /sha1:([0-9a-f]{40})$/.exec(revision)?.[1];
    assert.ok(sha, `apps-ok has applied a revision (${revision})`);
    dir = mkdtempSync(path.join(tmpdir(), 'flux-gitops-rendered-live-'));
    execFileSync('git', ['clone', '--quiet', testbedGitUrl('fleet'), dir], { timeout: 30_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    execFileSync('git', ['checkout', '--quiet', sha], { cwd: dir, timeout: 30_000 });
    mkdirSync(path.join(dir, 'clusters/testbed'), { recursive: true });
    writeFileSync(path.join(dir, 'clusters/testbed/apps.yaml'), MANIFEST);
    manifestUri = fileUri(path.join(dir, 'clusters/testbed/apps.yaml'));
    server = await startServer(dir);
    await server.waitForLog(/Indexed/, 60_000);
  });

  const inventorySize = (): number => {
    const entries = (ks.status?.['inventory'] as { entries?: unknown[] } | undefined)?.entries ?? [];
    return entries.length;
  };

  after(async () => {
    await server?.stop();
    transport?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows no difference while the local copy is what apps-ok applied', async () => {
    const rendered = await render();
    // Other tests of the tier commit files under apps/ok, so the build has as many objects as apps-ok applied.
    assert.equal(rendered.objects, inventorySize(), rendered.text);
    const started = performance.now();
    const docs = await renderedAgainstLive(transport, ks, rendered.text);
    const ms = performance.now() - started;
    assert.equal(docs.changed, 0, `${docs.live}\n<->\n${docs.rendered}`);
    assert.equal(docs.live, docs.rendered);
    assert.match(docs.live, /^# Kustomization flux-system\/apps-ok: live in testbed \(left\)/);
    assert.match(docs.live, /# Namespace testbed-apps\n/, 'the Namespace, without the finalizer and label the API server adds');
    assert.match(docs.live, /# ConfigMap testbed-apps\/app-config\n/);
    assert.equal(docs.requests, 2, 'one labelled list per collection: the Namespaces and the ConfigMaps of testbed-apps');
    process.stderr.write(`[rendered-live] inventory of ${inventorySize()} fetched and compared in ${ms.toFixed(0)} ms\n`);
  });

  it('shows an unsaved edit of the local copy as the one and only difference', async () => {
    const file = path.join(dir, 'apps/ok/configmap.yaml');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /revision: "1"/);
    const uri = fileUri(file);
    server.open(uri, text, 1);
    server.change(uri, text.replace('revision: "1"', 'revision: "2"'), 2);
    // The request waits for the renders the edit made stale, so its answer has the edit.
    const rendered = await render();
    assert.match(rendered.text, /revision: "2"/);
    const docs = await renderedAgainstLive(transport, ks, rendered.text);
    assert.equal(docs.changed, 1);
    const left = docs.live.split('\n');
    const right = docs.rendered.split('\n');
    assert.equal(left.length, right.length);
    const differing = left.flatMap((l, i) => (l === right[i] ? [] : [`${l} -> ${right[i]}`]));
    assert.deepEqual(differing, ['  revision: "1" ->   revision: "2"']);
    assert.ok(docs.live.includes(`# ${inventorySize()} objects: 1 changed, 0 only rendered, 0 only in the cluster.`), docs.live);
  });
});
