// The VS Code side of the tree: turns the model's nodes and views into TreeItems and forwards its change
// batches, so a watch event refreshes exactly the nodes the model reports.
import * as vscode from 'vscode';
import type { IconName, TreeModel, TreeNode } from '../tree/model';

const ICONS: Record<IconName, [string, string?]> = {
  ready: ['pass', 'testing.iconPassed'],
  reconciling: ['sync~spin', 'charts.blue'],
  failed: ['error', 'testing.iconFailed'],
  suspended: ['debug-pause', 'charts.yellow'],
  unknown: ['circle-large-outline', 'disabledForeground'],
  context: ['server-environment'],
  'context-error': ['warning', 'problemsErrorIcon.foreground'],
  'context-connecting': ['loading~spin'],
  group: ['folder'],
  namespace: ['symbol-namespace'],
  info: ['info'],
  warning: ['warning', 'problemsWarningIcon.foreground'],
  error: ['error', 'problemsErrorIcon.foreground'],
  applied: ['check'],
  loading: ['loading~spin'],
  forbidden: ['lock', 'problemsWarningIcon.foreground'],
  secret: ['key'],
  more: ['ellipsis'],
  history: ['history'],
  attention: ['bell-dot', 'problemsWarningIcon.foreground'],
  kind: ['symbol-class'],
};

export function themeIcon(name: IconName): vscode.ThemeIcon {
  const [id, color] = ICONS[name];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

function tooltip(lines: readonly string[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  const [title, ...rest] = lines;
  md.appendMarkdown('**');
  md.appendText(title ?? '');
  md.appendMarkdown('**');
  for (const line of rest) {
    md.appendMarkdown('  \n');
    md.appendText(line);
  }
  return md;
}

export class ClusterTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: { dispose(): void };

  constructor(private readonly model: TreeModel) {
    this.sub = model.onDidChange((nodes) => this.emitter.fire(nodes ? [...nodes] : undefined));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const view = this.model.view(node);
    const state =
      view.collapsible === 'none'
        ? vscode.TreeItemCollapsibleState.None
        : view.collapsible === 'expanded'
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(view.label, state);
    item.id = node.id;
    item.description = view.description;
    item.tooltip = tooltip(view.tooltip);
    item.iconPath = themeIcon(view.icon);
    item.contextValue = view.contextValue;
    if (view.command) item.command = { command: view.command, title: view.label, arguments: [node] };
    if (node.type === 'object') item.accessibilityInformation = { label: `${view.label}, ${view.icon}, ${view.description ?? ''}` };
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return this.model.children(node);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.model.parent(node);
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
