// "Use Schemas of This Cluster for a Folder…" in a real VS Code (code-server) against the testbed: the testbed
// serves a CRD no profile knows; the command, picked from the palette (context, then folder), reads it through the
// explorer, the folder's manifest of that kind gets a type error in the Problems panel, and the setting is written.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ClusterManager } from '../../client/src/cluster/manager';
import { clusterMissing, clusterSettings, TESTBED } from './clusterFacts';
import { missingEditorTools, skipUnless } from './harness/prereq';
import { startSession, withFailureScreenshot, type Session } from './harness/session';
import { ClusterTree, waitForToast } from './harness/tree';
import { ensureTestbed, testbedKubeconfigPath } from '../testbed/helper';

const problems = clusterMissing();
const skip = skipUnless([...missingEditorTools(), ...problems]);
const GROUP = `e2e${Date.now().toString(36)}.fluxgitops-test.io`;
const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const FOLDER = 'flux/clusters/e2e-schemas';

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `gadgets.${GROUP}` },
  spec: {
    group: GROUP,
    names: { kind: 'Gadget', plural: 'gadgets' },
    scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { gadgetCount: { type: 'integer' } } } } } } }],
  },
};

let session: Session | undefined;
let admin: ClusterManager | undefined;

describe('cluster schemas in a real VS Code (code-server)', { skip, timeout: 10 * 60_000 }, () => {
  before(async () => {
    await ensureTestbed();
    admin = new ClusterManager({ kubeconfig: testbedKubeconfigPath(), contexts: [TESTBED.contexts.admin], fluxNamespace: TESTBED.fluxNamespace, requestTimeoutSeconds: 10 });
    admin.load();
    await admin.session(TESTBED.contexts.admin)!.transport.request({ method: 'POST', path: CRD_PATH, body: crd });
    session = await startSession({ name: 'e2e-cluster-schemas', failurePrefix: 'schemas-', settings: { ...clusterSettings(), 'fluxGitops.contexts': [TESTBED.contexts.admin] } });
    const file = join(session.workspace, FOLDER, 'gadget.yaml');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `apiVersion: ${GROUP}/v1\nkind: Gadget\nmetadata:\n  name: g\n  namespace: apps\nspec:\n  gadgetCount: lots\n`);
  }, { timeout: 5 * 60_000 });

  after(async () => {
    await session?.close();
    await admin?.session(TESTBED.contexts.admin)?.transport.request({ method: 'DELETE', path: `${CRD_PATH}/gadgets.${GROUP}` }).catch(() => undefined);
    admin?.dispose();
  });

  test('the command reads the cluster\'s CRDs and the folder\'s Gadget gets a type error', async (t) => {
    await withFailureScreenshot(session, t, async () => {
      const s = session!;
      await new ClusterTree(s.page).open();
      await s.workbench.runCommand('Flux GitOps: Use Schemas of This Cluster for a Folder…');
      await s.workbench.pick((label) => label.startsWith(TESTBED.contexts.admin));
      await s.workbench.pick((label) => label.startsWith(FOLDER));
      const toast = await waitForToast(s.page, /is now checked with the \d+ CRDs of testbed/, 120_000);
      assert.match(toast, new RegExp(`${FOLDER} is now checked`));
      const rows = await s.workbench.problemsMatching(/Gadget\.spec\.gadgetCount should be an integer/, 120_000);
      assert.ok(rows.some((r) => r.includes('problems in file gadget.yaml')), rows.join('\n'));
      const settings = JSON.parse(readFileSync(join(s.workspace, '.vscode/settings.json'), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(settings['fluxGitops.clusterSchemas'], { [FOLDER]: TESTBED.contexts.admin });
    }, 'schemas-');
  });
});
