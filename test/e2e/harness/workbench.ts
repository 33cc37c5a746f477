/// <reference lib="dom" />
// Drives the code-server workbench in headless Chromium the way a user would: Explorer clicks,
// keyboard shortcuts, the mouse over a word. Waits on what the user would see, never on time.
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../helpers/browser';
import type { CodeServer } from './codeServer';
import { OUTPUT_DIR } from './paths';

const OUTPUT_CHANNEL = 'WFP Injection Assistant';
const SERVER_STARTED = 'WFP language server started.';

export class Workbench {
  readonly console: string[] = [];

  private constructor(
    readonly server: CodeServer,
    private readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(server: CodeServer): Promise<Workbench> {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `No Chromium at ${CHROMIUM}. Run scripts/e2e/setup.sh (installs Debian's chromium) or set CHROMIUM_PATH.`,
      );
    }
    const context = await chromium.launchPersistentContext(path.join(server.root, 'browser'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const wb = new Workbench(server, context, page);
    page.on('console', (m) => wb.console.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => wb.console.push(`[pageerror] ${e.message}`));
    await page.goto(server.url);
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 90_000 });
    return wb;
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    const file = path.join(OUTPUT_DIR, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Opens a workspace file by clicking it in the Explorer (Quick Open + Enter was unreliable). */
  async openFile(name: string): Promise<void> {
    await this.page.getByRole('treeitem', { name, exact: true }).click();
    // The file opens in the active group. With the flow panel beside the editor, it can already be
    // open in the other group too (a step revealed there): two active tabs by that name then.
    await this.page
      .locator('.editor-group-container.active .tabs-container .tab.active', { hasText: name })
      .waitFor();
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor();
  }

  /**
   * Focuses the editor of the first group whose active tab is `name` (the file beside the flow
   * panel): a click in its text. Opening the file from the explorer instead opens it in the
   * active group, which after a click in the panel can still be the panel's own.
   */
  async focusEditor(name: string): Promise<void> {
    const active = this.page.locator('.editor-group-container.active .tabs-container .tab.active', {
      hasText: name,
    });
    // The tab makes its group the active one, the text takes the keyboard; once more if a
    // webview overlay or a closing widget took the first click (seen once in a clean run).
    for (let attempt = 1; ; attempt++) {
      const group = this.page
        .locator('.editor-group-container', {
          has: this.page.locator('.tabs-container .tab.active', { hasText: name }),
        })
        .first();
      await group.locator('.tabs-container .tab.active', { hasText: name }).click();
      await group.locator('.monaco-editor .view-lines').click();
      try {
        await active.waitFor({ timeout: 10_000 });
        return;
      } catch (err) {
        if (attempt === 2) throw err;
      }
    }
  }

  /** The extension logs this line to its output channel once the language client has started. */
  async waitForLanguageServer(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.server.outputChannel(OUTPUT_CHANNEL).includes(SERVER_STARTED)) {
      if (Date.now() > deadline)
        throw new Error(
          `"${SERVER_STARTED}" not in the "${OUTPUT_CHANNEL}" output channel after ${timeoutMs} ms`,
        );
      await this.page.waitForTimeout(100);
    }
  }

  /** Moves the cursor with Go to Line (1-based line and column), then checks the status bar. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.cursorAt(line, column);
  }

  async cursorAt(line: number, column?: number): Promise<void> {
    const text = column === undefined ? new RegExp(`Ln ${line},`) : `Ln ${line}, Col ${column}`;
    await this.page.locator('.statusbar-item', { hasText: text }).waitFor();
  }

  /**
   * Puts the mouse over the first visible occurrence of `word` in the active editor and returns
   * the hover's text once it contains `expected`. Measures and moves again if no hover came:
   * the editor may still have been rendering the revealed line when the word was measured.
   */
  async hover(word: string, expected: string | RegExp, attempts = 4): Promise<string> {
    const hover = this.page.locator('.monaco-hover:not(.hidden)', { hasText: expected }).first();
    for (let attempt = 1; ; attempt++) {
      const box = await this.wordBox(word);
      await this.page.mouse.move(box.x - 40, box.y);
      await this.page.mouse.move(box.x, box.y, { steps: 5 });
      try {
        await hover.waitFor({ timeout: 5_000 });
        return await hover.innerText();
      } catch (e) {
        if (attempt >= attempts) throw e;
        await this.page.mouse.move(0, 0);
      }
    }
  }

  private async wordBox(word: string): Promise<{ x: number; y: number }> {
    const box = await this.page.evaluate((w) => {
      const lines = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
      if (!lines) return null;
      const walker = document.createTreeWalker(lines, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.textContent!.indexOf(w);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(n, at);
        range.setEnd(n, at + w.length);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
      return null;
    }, word);
    if (!box) throw new Error(`${word} is not on screen in the active editor`);
    return box;
  }

  /** How far (px) the active editor is scrolled sideways; 0 when line starts are visible. */
  async horizontalScroll(): Promise<number> {
    return this.page.evaluate(() => {
      // The text editor's group: after a click in the webview, the panel's group may still be
      // the active one while the editor beside it shows the revealed line.
      const editor =
        document.querySelector('.editor-group-container.active .monaco-editor') ??
        document.querySelector('.editor-group-container .monaco-editor');
      const area = editor?.querySelector('.monaco-scrollable-element.editor-scrollable');
      const line = editor?.querySelector('.view-lines .view-line');
      if (!area || !line) throw new Error('no active text editor');
      return Math.round(area.getBoundingClientRect().left - line.getBoundingClientRect().left);
    });
  }

  /** Squiggles of one severity in the active editor. */
  squiggles(severity: 'error' | 'warning' | 'info') {
    return this.page.locator(`.editor-group-container.active .monaco-editor .squiggly-${severity}`);
  }

  /** Runs a command from the Command Palette by its label. */
  async runCommand(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${label}`);
    await this.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: label }).waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /**
   * Ctrl+. at the cursor; resolves once the code action `title` is the focused entry, so Enter
   * applies it (a mouse click is swallowed by the menu's pointer block).
   */
  async openQuickFix(title: string): Promise<void> {
    await this.page.keyboard.press('Control+.');
    await this.page.locator('.action-widget .monaco-list-row.focused', { hasText: title }).waitFor();
  }

  /**
   * Changes user settings as a user does: Preferences: Open User Settings (JSON), the new text,
   * save, close. (A settings.json written behind the workbench's back was not picked up.)
   */
  async updateUserSettings(patch: Record<string, unknown>): Promise<void> {
    const text = JSON.stringify({ ...this.server.userSettings(), ...patch }, null, 2);
    await this.runCommand('Preferences: Open User Settings (JSON)');
    await this.page.locator('.tabs-container .tab.active', { hasText: 'settings.json' }).waitFor();
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    // Pasted, not typed: typing would close brackets and indent lines on its own.
    await this.page.evaluate((t) => {
      const data = new DataTransfer();
      data.setData('text/plain', t);
      document.activeElement?.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, text);
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    const deadline = Date.now() + 5_000;
    const saved = () => {
      try {
        return JSON.stringify(this.server.userSettings()) === JSON.stringify(JSON.parse(text));
      } catch {
        return false;
      }
    };
    while (!saved()) {
      if (Date.now() > deadline)
        throw new Error(
          `settings.json was not saved as\n${text}\nbut as\n${fs.readFileSync(path.join(this.server.userDataDir, 'User', 'settings.json'), 'utf8')}`,
        );
      await this.page.waitForTimeout(50);
    }
    await this.page.keyboard.press('Control+W');
  }

  /** Shows the Problems panel (Ctrl+Shift+M toggles it, so only when it is not shown yet). */
  async showProblems(): Promise<void> {
    // Ctrl+Shift+M toggles: pressed while a task's terminal was taking the panel, it can hide
    // Problems again. Each press is given 10 s; one that did not show the panel is pressed again.
    const panel = this.page.locator('.markers-panel');
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await panel.isVisible()) return;
      await this.page.keyboard.press('Control+Shift+M');
      const shown = await panel.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => false,
      );
      if (shown) return;
    }
    await panel.waitFor();
  }

  /** Closes whatever popup a failed step left open, so the next case starts clean. */
  async dismissPopups(): Promise<void> {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
  }

  /** Saves the active editor and returns the file's text from disk. */
  async save(name: string): Promise<string> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    return fs.readFileSync(path.join(this.server.workspace, name), 'utf8');
  }

  /** The frame of a webview whose document holds `selector` (webviews are nested iframes). */
  async webviewFrame(selector: string, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (
          await frame
            .locator(selector)
            .count()
            .catch(() => 0)
        )
          return frame;
      }
      if (Date.now() > deadline) throw new Error(`no webview with ${selector} after ${timeoutMs} ms`);
      await this.page.waitForTimeout(100);
    }
  }
}
