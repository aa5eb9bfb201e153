// The workbench as a user drives it: keyboard shortcuts and the command palette, reading results from the DOM.
// Every step waits for the DOM state it causes (a widget appears, a tab becomes active), never for time.
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from './wait';

const SHORT = 15_000;
const LONG = 60_000;

// True once the command palette closed, or its input no longer holds a command (a command's own picker).
const PALETTE_DONE = `(() => {
  const w = document.querySelector('.quick-input-widget');
  if (!w || w.offsetParent === null || getComputedStyle(w).display === 'none') return true;
  const input = w.querySelector('.quick-input-box input');
  return !!input && !input.value.startsWith('>');
})()`;

export class Workbench {
  constructor(readonly page: Page) {}

  // ---- generic ----

  /**
   * Runs a command by its title through the command palette (F1), as a user would. Resolves when the palette
   * closed or turned into the command's own picker (e.g. a list of channels).
   */
  async runCommand(title: string): Promise<void> {
    await this.reset();
    await this.page.keyboard.press('F1');
    const input = this.quickInput();
    await input.waitFor({ state: 'visible', timeout: SHORT });
    await input.fill(`>${title}`);
    const exact = this.page.locator(`.quick-input-list .monaco-list-row[aria-label^="${cssString(title)}"]`).first();
    await exact.waitFor({ timeout: SHORT });
    await this.page.keyboard.press('Enter');
    await this.page.waitForFunction(PALETTE_DONE, undefined, { timeout: SHORT });
  }

  /** Focuses the first quick-input row whose aria label passes `match` with the arrow keys, then Enter. */
  async pick(match: (ariaLabel: string) => boolean): Promise<void> {
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: SHORT });
    const count = await rows.count();
    for (let i = 0; i <= count; i++) {
      const focused = (await this.page.locator('.quick-input-list .monaco-list-row.focused').first().getAttribute('aria-label')) ?? '';
      if (match(focused)) {
        await this.page.keyboard.press('Enter');
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    throw new Error(`no matching entry in the picker: ${labels.join(' | ')}`);
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /** Closes widgets, pickers and menus left open, so the next shortcut reaches the workbench. */
  async reset(): Promise<void> {
    const open = this.page.locator('.quick-input-widget:visible, .action-widget:visible, .editor-widget.suggest-widget.visible, .context-view .monaco-menu:visible');
    for (let i = 0; i < 5 && (await open.count()) > 0; i++) await this.page.keyboard.press('Escape');
    // `:visible` stops matching once a widget hides, so "detached" also covers widgets that stay in the DOM.
    await open.first().waitFor({ state: 'detached', timeout: SHORT });
  }

  // ---- editor ----

  /** Opens a workspace file through Quick Open (Ctrl+P) and waits until its editor is active. */
  async openFile(relativePath: string): Promise<void> {
    await this.reset();
    const base = relativePath.split('/').at(-1)!;
    const dir = relativePath.split('/').slice(0, -1).join('/');
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput();
    await input.waitFor({ state: 'visible', timeout: SHORT });
    await input.fill(relativePath);
    const label = dir ? `${base} ${dir}` : base;
    const row = this.page.locator(`.quick-input-list .monaco-list-row[aria-label^="${cssString(label)}"]`).first();
    await row.waitFor({ timeout: LONG });
    await row.click();
    await this.activeTab(base).waitFor({ timeout: SHORT });
    await this.activeEditor().locator('.view-lines').waitFor({ timeout: SHORT });
  }

  activeTab(fileName: string): Locator {
    return this.page.locator(`.tabs-container .tab.active[aria-label^="${cssString(fileName)}"]`);
  }

  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Moves the cursor with Quick Open's go-to-line (Ctrl+P, `:line:column`), waiting for the status bar to show it. */
  async goTo(line: number, column: number): Promise<void> {
    await this.reset();
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput();
    await input.waitFor({ state: 'visible', timeout: SHORT });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: SHORT });
    await this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ timeout: SHORT });
  }

  /** The cursor's 1-based line, read from the status bar ("Ln 12, Col 3"). */
  async cursorLine(): Promise<number> {
    const item = this.page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first();
    await item.waitFor({ timeout: SHORT });
    const match = /Ln (\d+), Col (\d+)/.exec(await item.innerText());
    if (!match) throw new Error('the status bar shows no cursor position');
    return Number(match[1]);
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }

  /**
   * Saves the active editor after an edit: waits until the edit made its tab dirty (edits from quick fixes
   * apply asynchronously), presses Ctrl+S and waits until the tab is clean again.
   */
  async save(): Promise<void> {
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ timeout: SHORT });
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: SHORT });
  }

  // ---- completion ----

  /**
   * Triggers suggestions (Ctrl+Space) and returns every label in the list. The list is virtualised, so it walks
   * it with the Down key until the focus wraps around, collecting the rows as they are rendered.
   */
  async completionLabels(): Promise<string[]> {
    await this.reset();
    await this.page.keyboard.press('Control+Space');
    const widget = this.page.locator('.editor-widget.suggest-widget.visible');
    await widget.waitFor({ timeout: SHORT });
    const rows = widget.locator('.monaco-list-row');
    await rows.first().waitFor({ timeout: SHORT });
    const size = Number((await rows.first().getAttribute('aria-setsize')) ?? '0');
    const labels = new Map<number, string>();
    for (let i = 0; i < Math.min(size, 200) && labels.size < size; i++) {
      for (const row of await rows.evaluateAll((els) => els.map((e) => ({ pos: Number(e.getAttribute('aria-posinset')), label: e.querySelector('.label-name')?.textContent ?? e.getAttribute('aria-label') ?? '' })))) {
        labels.set(row.pos, row.label.trim());
      }
      if (labels.size < size) await this.page.keyboard.press('ArrowDown');
    }
    return [...labels.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
  }

  async closeWidgets(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  // ---- hover ----

  /** Shows the hover at the cursor (Ctrl+K Ctrl+I) and returns its text and links. */
  async hoverAtCursor(): Promise<{ text: string; links: string[] }> {
    await this.reset();
    // A mouse resting on a tab or a button shows a workbench tooltip (also a .monaco-hover); park it first.
    await this.parkMouse();
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content').first();
    await hover.waitFor({ state: 'visible', timeout: SHORT });
    // The hover's markdown renders asynchronously after the box appears; wait until it has text.
    await this.page.waitForFunction((el) => (el?.textContent ?? '').trim().length > 0, await hover.elementHandle(), { timeout: SHORT });
    const text = (await hover.innerText()).trim();
    const links = await hover.locator('a').evaluateAll((els) => els.map((e) => e.getAttribute('data-href') ?? e.getAttribute('href') ?? ''));
    return { text, links };
  }

  /** Moves the mouse onto the empty middle of the status bar, where it shows no tooltip. */
  async parkMouse(): Promise<void> {
    const bar = await this.page.locator('.part.statusbar').boundingBox();
    if (bar) await this.page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
  }

  // ---- navigation ----

  /** Go to Definition (F12); resolves with the aria label of the tab that became active. */
  async goToDefinition(expectedFile: string): Promise<void> {
    await this.reset();
    await this.page.keyboard.press('F12');
    // Either the target opens or the editor says why not ("No definition found for ...").
    // Several definitions open a peek view instead of jumping, which counts as not jumping.
    const message = this.page.locator('.monaco-editor-overlaymessage .message');
    const peek = this.page.locator('.peekview-widget');
    const target = this.activeTab(expectedFile);
    await target.or(message).or(peek).first().waitFor({ timeout: SHORT });
    if (await target.isVisible()) return;
    const peeked = await peek.isVisible();
    const why = peeked ? `a peek view with several definitions: ${(await peek.innerText()).slice(0, 300)}` : `"${(await message.innerText()).trim()}"`;
    // The peek has the focus now; Escape closes it so later steps start from a plain editor.
    if (peeked) {
      await this.page.keyboard.press('Escape');
      await peek.waitFor({ state: 'hidden', timeout: SHORT });
    }
    throw new Error(`F12 did not jump to ${expectedFile}: ${why}`);
  }

  // ---- problems and quick fixes ----

  /** Opens the Problems panel (Ctrl+Shift+M) and waits until a row matches. Returns all row labels. */
  async problemsMatching(pattern: RegExp, timeoutMs = LONG): Promise<string[]> {
    const rows = (await this.problemsPanel()).locator('.monaco-list-row');
    await rows.filter({ hasText: pattern }).first().waitFor({ timeout: timeoutMs });
    return rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  }

  private async problemsPanel() {
    await this.reset();
    const panel = this.page.locator('.markers-panel');
    // Ctrl+Shift+M toggles the panel, so press it only when the panel is not showing.
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: SHORT });
    return panel;
  }

  /** Waits until no row of the Problems panel matches (e.g. the problems of files that were deleted). */
  async problemsWithout(pattern: RegExp, timeoutMs = LONG): Promise<void> {
    const rows = (await this.problemsPanel()).locator('.monaco-list-row');
    await rows.filter({ hasText: pattern }).first().waitFor({ state: 'detached', timeout: timeoutMs });
  }

  /**
   * The workbench's problem counts, as the status bar's Problems entry announces them ("Errors: 3, Warnings: 1",
   * or "No Problems"); its label abbreviates counts above 999, its accessible name does not. Hints are not counted.
   */
  async problemCounts(): Promise<ProblemCounts> {
    const item = this.page.locator('[id="status.problems"]').first();
    await item.waitFor({ timeout: SHORT });
    const labels = await item.evaluate((el) => [el, ...el.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label') ?? '').filter(Boolean));
    const label = labels.find((l) => /No Problems|Errors: \d|Warnings: \d|Infos: \d/.test(l));
    if (label === undefined) throw new Error(`the Problems status bar entry has no counts: ${JSON.stringify(labels)}`);
    const count = (name: string) => Number(new RegExp(`${name}: (\\d+)`).exec(label)?.[1] ?? '0');
    return { errors: count('Errors'), warnings: count('Warnings'), infos: count('Infos') };
  }

  /** Opens the quick-fix menu (Ctrl+.) at the cursor and returns its entries' titles. */
  async quickFixTitles(): Promise<string[]> {
    await this.reset();
    await this.page.keyboard.press('Control+.');
    const menu = this.page.locator('.action-widget');
    await menu.locator('.monaco-list-row.action').first().waitFor({ timeout: SHORT });
    return menu.locator('.monaco-list-row.action').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? (e.textContent ?? '').trim()));
  }

  /** Chooses a quick fix from the open menu with the arrow keys and Enter. */
  async applyQuickFix(title: string): Promise<void> {
    const menu = this.page.locator('.action-widget');
    const rows = menu.locator('.monaco-list-row.action');
    const count = await rows.count();
    for (let i = 0; i <= count; i++) {
      const focused = (await menu.locator('.monaco-list-row.action.focused').first().getAttribute('aria-label')) ?? '';
      if (focused.startsWith(title)) {
        await this.page.keyboard.press('Enter');
        await menu.waitFor({ state: 'hidden', timeout: SHORT });
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`quick fix "${title}" is not in the menu`);
  }

  // ---- output ----

  /**
   * The text of an output channel, chosen in the Output view's channel picker. The picker lists the channels
   * that exist when it opens, so it is reopened until the channel shows up (an extension still activating).
   */
  async outputChannelText(channel: string, timeoutMs = LONG): Promise<string> {
    const matches = (label: string) => label === channel || label.startsWith(`${channel},`);
    await waitUntil(`output channel "${channel}"`, async () => {
      await this.runCommand('Output: Show Output Channels...');
      const input = this.quickInput();
      await input.waitFor({ state: 'visible', timeout: SHORT });
      await input.fill(channel);
      // A matching channel renders its row at once; no row within 2 s means it does not exist yet.
      await this.page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 2_000 }).catch(() => undefined);
      const labels = await this.page.locator('.quick-input-list .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      if (labels.some(matches)) return true;
      await this.reset();
      return undefined;
    }, timeoutMs);
    await this.pick(matches);
    return this.outputText((text) => text.trim().length > 0);
  }

  /** Waits until the Output panel's text passes `until` (e.g. a command wrote its lines); returns it. */
  async outputText(until: (text: string) => boolean, timeoutMs = LONG): Promise<string> {
    const view = this.page.locator('.part.panel .output-view .view-lines, .part.panel .monaco-editor .view-lines').first();
    await view.waitFor({ timeout: SHORT });
    let last = '';
    try {
      return await waitUntil('output text', async () => {
        last = (await view.innerText()).replace(/\u00a0/g, ' ');
        return until(last) ? last : undefined;
      }, timeoutMs);
    } catch (err) {
      throw new Error(`${(err as Error).message}; the Output panel showed:\n${last}`);
    }
  }
}

export interface ProblemCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

function cssString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
