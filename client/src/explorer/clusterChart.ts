// "Use the Cluster's Chart for Values" on a HelmRelease of the tree: the chart the cluster runs (source-
// controller's artifact, through the service proxy) goes to the language server's chart cache, so the
// release's values are completed and checked against exactly that chart, with no registry access here.
import * as vscode from 'vscode';
import { clusterChartParams, downloadReleaseChart, isDownloader } from '../cluster/chartArtifact';
import { errorMessage } from '../cluster/errors';
import type { TreeNode } from '../tree/model';
import { ClusterChartRequest } from '../../../server/src/shared/protocol';
import type { ServerHandle } from '../languageClient';
import type { Explorer } from './explorer';

export async function useClusterChart(explorer: Explorer, server: ServerHandle, node: unknown): Promise<void> {
  explorer.requireTrusted();
  const found = node ? explorer.model.object(node as TreeNode) : undefined;
  const target = found ?? (await pickRelease(explorer));
  if (!target) return;
  const client = server.client();
  if (!client) return void vscode.window.showWarningMessage('Flux GitOps: the language server is not running.');
  const { session, obj } = target;
  if (!isDownloader(session.transport)) return;
  const transport = session.transport;
  const title = `Downloading the chart of ${obj.metadata.namespace}/${obj.metadata.name} from ${session.name}`;
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async () => {
      const chart = await downloadReleaseChart(transport, obj, session.options.fluxNamespace);
      return client.sendRequest<ClusterChartRequest.Result>(ClusterChartRequest.method, await clusterChartParams(transport, chart));
    });
    if ('error' in result) throw new Error(result.error);
    explorer.ctx.log.info(`Chart of ${obj.metadata.name} from ${session.name} kept as ${result.source}.`);
    void vscode.window.showInformationMessage(`The chart of ${obj.metadata.name} from ${session.name} now checks its values.`);
  } catch (err) {
    void vscode.window.showErrorMessage(`Flux GitOps: ${errorMessage(err)}`);
  }
}

async function pickRelease(explorer: Explorer) {
  const releases = explorer.model.allObjects((info) => info?.kind === 'HelmRelease');
  const items = releases.map((r) => ({ label: r.ref.name, description: r.ref.namespace, detail: r.ref.context, node: r.node }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: "HelmRelease whose chart the language server should use" });
  return picked ? explorer.model.object(picked.node) : undefined;
}
