// The activity view: the Flux events of every shown context as a live timeline, newest first, filtered by
// context, kind, namespace or warnings only. It watches events only while it is visible.
import * as vscode from 'vscode';
import { filterText, type ActivityEvent, type ActivityFilter } from '../cluster/activity';
import { ActivityFeed } from '../cluster/activityWatch';
import type { Explorer } from './explorer';

type Item = ActivityEvent | { readonly note: string; readonly error: boolean };

/** The timeline shows at most this many rows; the feed keeps a few more for the filters. */
const SHOWN = 300;

export class ActivityView implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly feed: ActivityFeed;
  private readonly view: vscode.TreeView<Item>;
  private filter: ActivityFilter = {};
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly explorer: Explorer) {
    this.feed = new ActivityFeed(explorer.manager, () => this.schedule());
    this.view = vscode.window.createTreeView('fluxGitops.activity', { treeDataProvider: this });
    this.disposables.push(this.view, this.emitter, this.view.onDidChangeVisibility(() => this.follow()));
    this.follow();
  }

  /** Watches while visible in a trusted workspace; stops when hidden. */
  private follow(): void {
    if (this.view.visible && this.explorer.ensureStarted()) this.feed.start();
    else this.feed.stop();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.view.description = filterText(this.filter);
      this.emitter.fire(undefined);
    }, 100);
  }

  getChildren(item?: Item): Item[] {
    if (item) return [];
    const notes: Item[] = [...this.feed.errors].map(([context, text]) => ({ note: `${context}: ${text}`, error: true }));
    const events = this.feed.timeline.list(this.filter).slice(0, SHOWN);
    if (events.length === 0 && notes.length === 0) notes.push({ note: this.feed.running ? 'No Flux events (events expire after an hour by default).' : 'Open the view to follow the Flux events.', error: false });
    return [...notes, ...events];
  }

  getTreeItem(item: Item): vscode.TreeItem {
    if ('note' in item) {
      const t = new vscode.TreeItem(item.note);
      t.iconPath = new vscode.ThemeIcon(item.error ? 'warning' : 'info');
      return t;
    }
    const t = new vscode.TreeItem(`${item.reason} · ${item.kind} ${item.name}`);
    t.id = item.id;
    t.description = `${item.time.replace('T', ' ').replace('Z', '')}${item.count > 1 ? ` (x${item.count})` : ''} · ${item.context}`;
    const md = new vscode.MarkdownString();
    md.appendText(`${item.kind} ${item.namespace ? `${item.namespace}/` : ''}${item.name} (context ${item.context})\n\n${item.time} ${item.source}\n\n${item.message}`);
    t.tooltip = md;
    t.iconPath = item.warning ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) : new vscode.ThemeIcon('info');
    return t;
  }

  /** Asks which filter to set: warnings only, or one context, kind or namespace among those seen. */
  async pickFilter(): Promise<void> {
    const f = this.feed.timeline.facets();
    type Pick = vscode.QuickPickItem & { apply: (x: ActivityFilter) => ActivityFilter };
    const items: Pick[] = [
      { label: 'All events', apply: () => ({}) },
      { label: this.filter.warningsOnly ? 'Warnings and normal events' : 'Warnings only', apply: (x) => ({ ...x, warningsOnly: !x.warningsOnly }) },
      ...f.contexts.map((c): Pick => ({ label: c, description: 'context', apply: (x) => ({ ...x, context: c }) })),
      ...f.kinds.map((k): Pick => ({ label: k, description: 'kind', apply: (x) => ({ ...x, kind: k }) })),
      ...f.namespaces.map((n): Pick => ({ label: n, description: 'namespace', apply: (x) => ({ ...x, namespace: n }) })),
    ];
    const picked = await vscode.window.showQuickPick(items, { placeHolder: `Filter the Flux activity (now: ${filterText(this.filter)})` });
    if (!picked) return;
    this.filter = picked.apply(this.filter);
    this.schedule();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.feed.stop();
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
