// The Receiver in VS Code: Copy Webhook URL, and Create Gitea Actions Workflow (asks for the secret's name
// and the branch, then writes .gitea/workflows/notify-flux.yaml in the workspace and opens it).
import * as vscode from 'vscode';
import { webhookUrl, receiverRepositories } from '../cluster/receiver';
import type { KObject } from '../cluster/types';
import type { Explorer } from '../explorer/explorer';
import type { TreeNode } from '../tree/model';
import { giteaWorkflow, secretNameProblem, WORKFLOW_PATH } from './giteaWorkflow';

const RECEIVER_KEY = 'notification.toolkit.fluxcd.io/Receiver';

export class ReceiverCommands {
  constructor(private readonly explorer: Explorer) {}

  /** The Receiver of the node the command was invoked on, else a quick pick of the shown ones. */
  private async receiver(arg: unknown): Promise<{ obj: KObject; context: string } | undefined> {
    this.explorer.requireTrusted();
    const node = arg as TreeNode | undefined;
    if (node?.type === 'object' && node.ref.kindKey === RECEIVER_KEY) {
      const found = this.explorer.model.object(node);
      if (found) return { obj: found.obj, context: node.ref.context };
    }
    const all = this.explorer.model.allObjects((info) => info?.kind === 'Receiver');
    if (!all.length) throw new Error('No Receiver in the shown clusters.');
    const items = all.map((r) => ({ label: r.ref.name, description: `${r.ref.namespace ?? ''} · ${r.ref.context}`, r }));
    const picked = all.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { placeHolder: 'Receiver' });
    return picked && { obj: picked.r.obj, context: picked.r.ref.context };
  }

  /** The webhook URL, asking for the base URL once (saved in the workspace settings). */
  private async url(obj: KObject): Promise<string | undefined> {
    const config = vscode.workspace.getConfiguration('fluxGitops');
    let base = config.get<string>('webhookBaseUrl', '');
    if (!base && typeof obj.status?.['webhookPath'] === 'string') {
      base = (await vscode.window.showInputBox({
        title: 'Flux webhook base URL',
        prompt: "The external address of notification-controller's webhook receiver (saved as fluxGitops.webhookBaseUrl)",
        placeHolder: 'https://flux-webhook.example.com',
        validateInput: (v) => (/^https?:\/\/[^/]+/.test(v.trim()) ? undefined : 'An http(s) URL'),
      })) ?? '';
      if (!base) return undefined;
      await config.update('webhookBaseUrl', base.trim(), vscode.ConfigurationTarget.Workspace);
    }
    const result = webhookUrl(obj, base);
    if ('error' in result) throw new Error(result.error);
    return result.url;
  }

  async copyWebhookUrl(arg: unknown): Promise<void> {
    const r = await this.receiver(arg);
    const url = r && (await this.url(r.obj));
    if (!url) return;
    await vscode.env.clipboard.writeText(url);
    void vscode.window.showInformationMessage(`Copied ${url}`);
  }

  async createWorkflow(arg: unknown): Promise<void> {
    const r = await this.receiver(arg);
    const url = r && (await this.url(r.obj));
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!r || !url) return;
    if (!folder) throw new Error('Open the repository the Receiver watches first.');
    const secretName = await vscode.window.showInputBox({
      title: 'Repository secret with the Receiver token',
      prompt: "The name of the Gitea repository secret holding the token of the Receiver's secretRef",
      value: 'FLUX_WEBHOOK_TOKEN',
      validateInput: (v) => secretNameProblem(v.trim()),
    });
    if (!secretName) return;
    const branch = await vscode.window.showInputBox({ title: 'Branch', prompt: 'Pushes to this branch notify Flux', value: this.branchOf(r.obj, r.context) });
    if (!branch) return;
    const target = vscode.Uri.joinPath(folder.uri, WORKFLOW_PATH);
    const exists = await vscode.workspace.fs.stat(target).then(() => true, () => false);
    if (exists && (await vscode.window.showWarningMessage(`${WORKFLOW_PATH} exists. Replace it?`, { modal: true }, 'Replace')) !== 'Replace') return;
    const receiver = `${r.obj.metadata.namespace ?? ''}/${r.obj.metadata.name}`;
    await vscode.workspace.fs.writeFile(target, Buffer.from(giteaWorkflow({ branch: branch.trim(), webhookUrl: url, secretName: secretName.trim(), receiver })));
    await vscode.window.showTextDocument(target);
  }

  /** The branch of the first GitRepository the Receiver wakes, as the watch cache has it; else main. */
  private branchOf(obj: KObject, context: string): string {
    const session = this.explorer.manager.session(context);
    for (const repo of receiverRepositories(obj)) {
      const branch = session?.get('source.toolkit.fluxcd.io/GitRepository', repo.namespace, repo.name)?.spec?.['ref'] as { branch?: string } | undefined;
      if (branch?.branch) return branch.branch;
    }
    return 'main';
  }
}
