// The chart the cluster runs (source-controller's artifact, through the service proxy) for the language server's
// chart cache, so a release's values are completed and checked against exactly that chart, with no registry
// access here: asked by the server itself for a release whose chart it has not (ClusterChartAnswers), or put
// there by "Use the Cluster's Chart for Values" on a HelmRelease of the tree.
import * as vscode from 'vscode';
import { clusterChartParams, downloadReleaseChart, isDownloader } from '../cluster/chartArtifact';
import { ClusterCharts } from '../cluster/clusterCharts';
import { errorMessage } from '../cluster/errors';
import type { TreeNode } from '../tree/model';
import { ChartFromClusterRequest, ClusterChartRequest, ClusterConnectedNotification } from '../../../server/src/shared/protocol';
import type { Ctx } from '../ctx';
import type { ServerHandle } from '../languageClient';
import type { Explorer } from './explorer';
import { clusterContexts } from './settings';

/**
 * Answers the server's ChartFromClusterRequest from the explorer's connected contexts, and tells the server when
 * a context connects, so charts it could not find are looked for again.
 */
export class ClusterChartAnswers implements vscode.Disposable {
  private readonly charts: ClusterCharts;
  private readonly ready = new Set<string>();
  private readonly subscription: { dispose(): void };

  constructor(ctx: Ctx, private readonly explorer: Explorer, private readonly server: ServerHandle) {
    this.charts = new ClusterCharts({ sessions: () => explorer.manager.list(), mapping: clusterContexts, trusted: () => vscode.workspace.isTrusted });
    server.onStarted(() => {
      server.client()?.onRequest(ChartFromClusterRequest.method, async (p: ChartFromClusterRequest.Params) => {
        const answer = await this.charts.answer(p);
        // A chart sent is news; a chart not there is said in the release's hover, and at debug level here (a
        // workspace opened with no context connected would otherwise log one line per release).
        if ('chart' in answer) ctx.log.info(`Chart of HelmRelease ${p.release.name} from context ${answer.chart.context} sent to the language server.`);
        else ctx.log.debug(`No chart of HelmRelease ${p.release.name} from the cluster: ${answer.reason}`);
        return answer;
      });
    });
    this.subscription = explorer.manager.onEvent((e) => e?.event.type === 'session' && this.onSession(e.context));
  }

  private onSession(context: string): void {
    const phase = this.explorer.manager.session(context)?.phase;
    if (phase !== 'ready') return void this.ready.delete(context);
    if (this.ready.has(context)) return;
    this.ready.add(context);
    const params: ClusterConnectedNotification.Params = { context };
    void this.server.client()?.sendNotification(ClusterConnectedNotification.method, params).catch(() => undefined);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

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
