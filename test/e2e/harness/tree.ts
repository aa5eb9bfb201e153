// The Flux GitOps cluster tree as a user sees it: rows with a label, a description and a status icon,
// expanded with a click on the twistie, acted on through the row's context menu.
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from './wait';

const SHORT = 15_000;

export interface TreeRow {
  readonly label: string;
  readonly description: string;
  /** The codicon id of the row's icon, e.g. "pass", "error", "debug-pause", "sync~spin" shows as "sync". */
  readonly icon: string;
  readonly ariaLabel: string;
  readonly level: number;
}

export class ClusterTree {
  constructor(
    private readonly page: Page,
    private readonly viewName = 'Clusters',
  ) {}

  /** The tree's list inside the side bar pane titled with the view's name. */
  private list(): Locator {
    return this.page.locator('.part.sidebar .pane', { has: this.page.locator(`.pane-header[aria-label^="${this.viewName}"]`) }).locator('.monaco-list').first();
  }

  /** Clicks the Flux GitOps activity bar entry and waits until the tree shows a row. */
  async open(containerTitle = 'Flux GitOps'): Promise<void> {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${containerTitle}"], .activitybar .action-item .action-label[aria-label^="${containerTitle}"]`).first();
    const sidebarTitle = this.page.locator('.part.sidebar .composite.title', { hasText: new RegExp(containerTitle, 'i') });
    if (!(await sidebarTitle.isVisible())) await item.click();
    await this.list().locator('.monaco-list-row').first().waitFor({ timeout: SHORT });
  }

  rowLocator(label: string, level?: number): Locator {
    const rows = this.list().locator(level ? `.monaco-list-row[aria-level="${level}"]` : '.monaco-list-row');
    return rows.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).first();
  }

  async rows(): Promise<TreeRow[]> {
    return this.list()
      .locator('.monaco-list-row')
      .evaluateAll((els) =>
        els.map((e) => {
          const icon = e.querySelector('.custom-view-tree-node-item-icon');
          const codicon = [...(icon?.classList ?? [])].find((c) => c.startsWith('codicon-') && c !== 'codicon-') ?? '';
          return {
            label: (e.querySelector('.label-name')?.textContent ?? '').trim(),
            description: (e.querySelector('.label-description')?.textContent ?? '').trim(),
            icon: codicon.replace(/^codicon-/, ''),
            ariaLabel: e.getAttribute('aria-label') ?? '',
            level: Number(e.getAttribute('aria-level') ?? '0'),
          };
        }),
      );
  }

  /**
   * The rendered rows that `find` picks from, scrolling the virtualised list from the top with the mouse wheel
   * (which moves neither focus nor selection) until it finds one or reaches the end.
   */
  async scan<T>(find: (rows: TreeRow[]) => T | undefined): Promise<T | undefined> {
    const box = await this.list().boundingBox();
    const hit = find(await this.rows());
    if (hit !== undefined || !box) return hit;
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await this.page.mouse.wheel(0, -1_000_000);
    let signature = '';
    for (let page = 0; page < 500; page++) {
      const rows = await this.rows();
      const found = find(rows);
      if (found !== undefined) return found;
      const next = rows.map((r) => r.label).join('|');
      if (next === signature) return undefined;
      signature = next;
      await this.page.mouse.wheel(0, box.height * 0.8);
      // The list re-renders on the next frames; wait until the rendered rows changed (or the end was reached).
      await waitUntil('the tree to scroll', async () => ((await this.rows()).map((r) => r.label).join('|') !== signature ? true : undefined), 1_000).catch(() => undefined);
    }
    return undefined;
  }

  /** Waits until a row with this label exists and passes `test`; returns it. */
  async waitForRow(label: string, test: (row: TreeRow) => boolean = () => true, timeoutMs = 60_000): Promise<TreeRow> {
    let last: TreeRow | undefined;
    try {
      return await waitUntil(`tree row "${label}"`, async () => {
        const row = await this.scan((rows) => rows.find((r) => r.label === label));
        last = row ?? last;
        return row && test(row) ? row : undefined;
      }, timeoutMs);
    } catch (err) {
      throw new Error(`tree row "${label}" ${last ? `stayed ${JSON.stringify(last)}` : 'never appeared'}: ${(err as Error).message}`);
    }
  }

  /**
   * Waits for a row under a parent the tree may fold again meanwhile (a context row redrawn while its children
   * are first asked for: see the closing note of 2026-12-02), unfolding the parent again when it is folded.
   */
  async waitForRowUnder(parent: string, parentLevel: number, label: string, timeoutMs = 60_000): Promise<TreeRow> {
    return waitUntil(`tree row "${label}" under "${parent}"`, async () => {
      const row = await this.scan((rows) => rows.find((r) => r.label === label));
      if (row) return row;
      const folded = this.rowLocator(parent, parentLevel);
      if ((await folded.count()) && (await folded.getAttribute('aria-expanded')) === 'false') await folded.locator('.monaco-tl-twistie').click();
      return undefined;
    }, timeoutMs);
  }

  /**
   * Waits for a row under an expanded parent that may stay drawn without its children (seen once in a fresh-clone run,
   * 2026-12-02: the Canaries group expanded, its count 1, no row under it for 60 s). When no such row has shown for
   * `refoldMs`, the parent is folded and unfolded again, once per period; how often that happened is returned too.
   */
  async waitForRowIn(parent: string, parentLevel: number, label: string, test: (row: TreeRow) => boolean = () => true, timeoutMs = 60_000, refoldMs = 15_000): Promise<{ row: TreeRow; refolds: number }> {
    let since = Date.now();
    let refolds = 0;
    const row = await waitUntil(`tree row "${label}" under "${parent}"`, async () => {
      const found = await this.scan((rows) => rows.find((r) => r.label === label));
      if (found) since = Date.now();
      if (found && test(found)) return found;
      if (found || Date.now() - since < refoldMs) return undefined;
      const parentRow = this.rowLocator(parent, parentLevel);
      if ((await parentRow.count()) && (await parentRow.getAttribute('aria-expanded')) === 'true') {
        await parentRow.locator('.monaco-tl-twistie').click();
        await waitUntil(`"${parent}" to fold`, async () => ((await parentRow.getAttribute('aria-expanded')) === 'false' ? true : undefined), 5_000);
      }
      await parentRow.locator('.monaco-tl-twistie').click();
      refolds++;
      since = Date.now();
      return undefined;
    }, timeoutMs);
    return { row, refolds };
  }

  /** Expands a group and, when the group lists namespaces (objects in several), the namespace too. */
  async expandGroup(group: string, namespace: string, child: string): Promise<void> {
    await this.expand(group);
    const found = await waitUntil(`"${child}" or namespace "${namespace}" under ${group}`, () =>
      this.scan((rows) => rows.find((r) => r.label === child) ?? rows.find((r) => r.label === namespace && r.icon === 'symbol-namespace')), 60_000);
    if (found.label !== child) await this.expand(namespace);
  }

  /** Expands a collapsed row (click on it toggles; expanded rows are left as they are). */
  async expand(label: string, level?: number): Promise<void> {
    await this.waitForRow(label, (r) => level === undefined || r.level === level);
    const row = this.rowLocator(label, level);
    if ((await row.getAttribute('aria-expanded')) === 'true') return;
    await row.locator('.monaco-tl-twistie').click();
    // Read the attribute through the locator each time: a busy tree re-renders its rows, so a handle to the
    // clicked element may be detached before it would show the new state.
    await waitUntil(`"${label}" to expand`, async () => ((await row.getAttribute('aria-expanded')) === 'true' ? true : undefined), SHORT);
  }

  /**
   * Opens the focused row's context menu with Shift+F10 and reads its entries. A click on an expandable row also
   * expands it, and the redraw that follows (its children arriving) can close a menu that just opened, leaving it
   * empty: then the menu is opened again, at most three times.
   */
  private async openContextMenu(menu: Locator): Promise<string[]> {
    const entries = menu.locator('.action-item:not(.disabled) .action-label:not(.separator)');
    let titles: string[] = [];
    for (let attempt = 0; attempt < 3 && titles.length === 0; attempt++) {
      // A menu left open but empty is closed first; Escape is not pressed otherwise (in the tree it clears the focus).
      if (attempt > 0 && (await menu.isVisible())) await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Shift+F10');
      await entries.first().waitFor({ timeout: SHORT });
      titles = (await entries.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    }
    return titles;
  }

  /**
   * Opens the row's context menu and runs the entry with this title from the keyboard. The row is focused with a
   * click and the menu opened with Shift+F10, which follows the focused item even while a busy tree re-renders
   * its rows under the mouse; the menu ignores a click right after it opened, arrows and Enter always work.
   */
  async contextAction(label: string, action: string): Promise<void> {
    await this.waitForRow(label);
    const row = this.rowLocator(label);
    await row.click();
    const focused = this.list().locator('.monaco-list-row.focused .label-name');
    await waitUntil(`"${label}" to be focused`, async () => ((await focused.first().innerText().catch(() => '')).trim() === label ? true : undefined), SHORT);
    const menu = this.page.locator('.context-view .monaco-menu').first();
    const titles = await this.openContextMenu(menu);
    if (!titles.includes(action)) throw new Error(`"${action}" is not in the context menu of ${label}: ${titles.join(' | ')}`);
    for (let i = 0; i <= titles.length; i++) {
      await this.page.keyboard.press('ArrowDown');
      const focused = (await menu.locator('.action-item.focused .action-label').first().innerText().catch(() => '')).trim();
      if (focused === action) {
        await this.page.keyboard.press('Enter');
        await menu.waitFor({ state: 'detached', timeout: SHORT });
        return;
      }
    }
    throw new Error(`could not focus "${action}" in the context menu of ${label}`);
  }
}

/** Notification toasts (progress and messages) currently shown, as text. */
export async function toastTexts(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-toast').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
}

/** Waits for a toast whose text matches; returns its text. */
export async function waitForToast(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: pattern }).first();
  await toast.waitFor({ timeout: timeoutMs });
  return (await toast.innerText()).trim();
}

/**
 * Records the message of every notification toast from now on, also of toasts that close before a test could
 * look (a progress notification of a quick reconcile). Returns a reader of what was seen so far.
 */
export async function recordToasts(page: Page): Promise<() => Promise<string[]>> {
  // Plain script text: the test's transpiler would wrap named functions in helpers the page does not have.
  await page.evaluate(`(() => {
    const seen = (globalThis.__fluxToasts = new Set());
    const read = () => {
      for (const el of document.querySelectorAll('.notifications-toasts .notification-toast .notification-list-item-message')) seen.add((el.textContent || '').trim());
    };
    new MutationObserver(read).observe(document.body, { childList: true, subtree: true, characterData: true });
  })()`);
  return () => page.evaluate('[...(globalThis.__fluxToasts || [])]') as Promise<string[]>;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
