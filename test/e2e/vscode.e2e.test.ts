// The VSIX installed into a real VS Code (code-server), driven by headless Chromium the way a new
// user would try it. Each case opens its own fixture file, so one failure does not hide the next.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CodeServer } from './harness/codeServer';
import { REPO_ROOT } from '../helpers/paths';
import { E2E_WORKSPACE, OUTPUT_DIR } from './harness/paths';
import { Workbench } from './harness/workbench';

/** 1-based line and column of the first `needle` in a workspace fixture (plus `delta` columns). */
function where(file: string, needle: string, delta = 0): { line: number; column: number } {
  const text = fs.readFileSync(path.join(E2E_WORKSPACE, file), 'utf8');
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not in ${file}`);
  const before = text.slice(0, at + delta);
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

describe('VS Code with the VSIX installed', function () {
  let server: CodeServer;
  let wb: Workbench;

  before(async function () {
    fs.rmSync(OUTPUT_DIR, { recursive: true, force: true }); // no stale failure screenshots
    try {
      server = await CodeServer.start();
    } catch (e) {
      throw new Error(`E2E could not start code-server: ${(e as Error).message}`, { cause: e });
    }
    try {
      wb = await Workbench.open(server);
    } catch (e) {
      throw new Error(
        `E2E could not start Chromium or load the workbench: ${(e as Error).message}\n--- code-server log\n${server.log()}`,
        { cause: e },
      );
    }
    // The extension activates with a workspace of C files, before any is opened (the server
    // warms up meanwhile); every case needs its language server.
    try {
      await wb.waitForLanguageServer();
      await wb.openFile('forward_classify.c');
    } catch (e) {
      await wb.screenshot('failed-startup').catch(() => undefined);
      throw new Error(
        `${(e as Error).message}\n--- browser console\n${wb.console.slice(-80).join('\n')}\n--- extension host log\n${server.extensionHostLog()}\n--- code-server log\n${server.log()}`,
        { cause: e },
      );
    }
  });

  after(async function () {
    await wb?.close();
    await server?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !wb) return;
    await wb.dismissPopups();
    const shot = await wb
      .screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`)
      .catch(() => '(no screenshot)');
    console.log(`\n--- screenshot: ${shot}`);
    console.log(`--- browser console (last 80 lines)\n${wb.console.slice(-80).join('\n')}`);
    console.log(`--- extension host log\n${server.extensionHostLog()}`);
    console.log(
      `--- "WFP Injection Assistant" output channel\n${server.outputChannel('WFP Injection Assistant')}`,
    );
    console.log(`--- code-server log\n${server.log()}`);
  });

  it('hover on an Fwps call shows our documentation', async function () {
    await wb.openFile('forward_classify.c');
    const call = where('forward_classify.c', 'FwpsInjectForwardAsync0');
    await wb.goTo(call.line, call.column);
    const text = await wb.hover('FwpsInjectForwardAsync0', 'IP forwarding layer');
    assert.match(text, /FwpsInjectForwardAsync0/);
    assert.match(text, /learn\.microsoft\.com|Microsoft/i);
    await wb.screenshot('1-hover');
  });

  it('signature help highlights the active parameter while typing a call', async function () {
    await wb.openFile('typing.c');
    const body = where('typing.c', 'NTSTATUS status;\n', 'NTSTATUS status;\n'.length);
    await wb.goTo(body.line, 1);
    await wb.page.keyboard.type('    status = FwpsInjectNetworkSendAsync0');
    await wb.page.keyboard.press('Escape'); // close the completion list; this step is about the call
    await wb.page.keyboard.type('(gInjectionHandle, NULL, ');
    const widget = wb.page.locator('.parameter-hints-widget');
    await widget.locator('.signature', { hasText: 'FwpsInjectNetworkSendAsync0' }).waitFor();
    const active = await widget.locator('.signature .parameter.active').innerText();
    assert.match(active, /flags/);
    await wb.screenshot('2-signature-help');
  });

  it('reports the WFP2002 leak and "Free the NBL on failure" fixes it', async function () {
    await wb.openFile('leak.c');
    await wb.squiggles('warning').first().waitFor();
    await wb.showProblems();
    // exit_label.c has a WFP2002 too (for FwpsInjectForwardAsync0): the workspace is checked.
    const problem = wb.page.locator('.markers-panel .monaco-list-row', {
      hasText: 'FwpsInjectNetworkSendAsync0 fails',
    });
    await problem.first().waitFor();
    assert.strictEqual(await problem.count(), 1);
    await wb.screenshot('3a-leak-problems');

    const call = where('leak.c', 'FwpsInjectNetworkSendAsync0');
    await wb.goTo(call.line, call.column + 3);
    await wb.openQuickFix('Free the NBL on failure');
    await wb.screenshot('3b-quick-fix');
    await wb.page.keyboard.press('Enter');

    await wb.squiggles('warning').first().waitFor({ state: 'detached' });
    await problem.first().waitFor({ state: 'detached' });
    const text = await wb.save('leak.c');
    const failureBranch = text.slice(
      text.indexOf('FwpsInjectNetworkSendAsync0'),
      text.indexOf('return STATUS_SUCCESS'),
    );
    assert.match(
      failureBranch,
      /if \(!NT_SUCCESS\(status\)\)\s*\{[^}]*FwpsFreeCloneNetBufferList0\(clone, 0\);[^}]*return status;/,
    );
    await wb.screenshot('3c-leak-fixed');
  });

  it('the injection flow panel follows the cursor and its steps move the cursor', async function () {
    await wb.openFile('forward_classify.c');
    const call = where('forward_classify.c', 'FwpsInjectForwardAsync0');
    await wb.goTo(call.line, call.column);
    await wb.runCommand('WFP: Show Injection Flow');
    await wb.page.locator('.tabs-container .tab', { hasText: 'WFP Injection Flow' }).waitFor();
    const flow = await wb.webviewFrame('[data-step="allocate"]');
    const allocate = flow.locator('[data-step="allocate"]');
    assert.strictEqual(await allocate.getAttribute('data-status'), 'found');
    // The answer first: the verdict, then the steps; where it runs and the layers below, folded.
    assert.strictEqual(await flow.locator('.verdict').innerText(), 'Every step found');
    // As it opens, the panel can render twice (the model posted for the cursor, and again when the
    // webview says it is ready): an element read between two renders has no box.
    const top = async (selector: string) => {
      const element = flow.locator(selector).first();
      for (let attempt = 0; ; attempt++) {
        await element.waitFor();
        const box = await element.boundingBox();
        if (box) return box.y;
        if (attempt === 20) throw new Error(`${selector} has no box`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const [verdict, firstStep, whereRuns] = [
      await top('.verdict'),
      await top('[data-step]'),
      await top('.where-runs'),
    ];
    assert.ok(
      verdict < firstStep && firstStep < whereRuns,
      `verdict ${verdict}px, first step ${firstStep}px, where it runs ${whereRuns}px`,
    );
    assert.strictEqual(await flow.locator('.matrix').isVisible(), false, 'the layers matrix is folded');
    await wb.screenshot('4a-flow-panel');
    await allocate.click();
    await wb.cursorAt(where('forward_classify.c', 'FwpsAllocateCloneNetBufferList0').line);
    assert.strictEqual(await wb.horizontalScroll(), 0, 'the revealed line is scrolled sideways');
    await wb.screenshot('4b-flow-step-revealed');

    // The panel follows the cursor: out of injection code it empties, back on the call it fills.
    // Timed from the moment the status bar shows the new cursor position.
    await wb.focusEditor('forward_classify.c'); // the editor again, not the panel
    const followed: number[] = [];
    for (const [target, selector] of [
      [{ line: 1, column: 1 }, '.empty'],
      [call, '[data-step="inject"]'],
    ] as const) {
      await wb.goTo(target.line, target.column);
      const t0 = Date.now();
      await flow.locator(selector).waitFor();
      followed.push(Date.now() - t0);
    }
    console.log(`      flow panel followed the cursor in ${followed.join(' and ')} ms`);
  });

  it('completion inserts the wfp-classify snippet', async function () {
    await wb.openFile('snippets.c');
    const end = fs.readFileSync(path.join(E2E_WORKSPACE, 'snippets.c'), 'utf8').split('\n').length;
    await wb.goTo(end, 1);
    await wb.page.keyboard.type('wfp-classify');
    await wb.page.keyboard.press('Control+Space');
    const item = wb.page.locator('.suggest-widget .monaco-list-row.focused', { hasText: 'wfp-classify' });
    await item.waitFor();
    await wb.screenshot('5a-snippet-completion');
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.suggest-widget').waitFor({ state: 'hidden' });
    await wb.page.keyboard.press('Escape'); // leave snippet mode with the default placeholders
    const text = await wb.save('snippets.c');
    assert.match(text, /^VOID\nMyClassify\(\n {4}const FWPS_INCOMING_VALUES0\* inFixedValues,/m);
    assert.match(
      text,
      /injectionState = FwpsQueryPacketInjectionState0\(gInjectionHandle, \(NET_BUFFER_LIST\*\)layerData, NULL\);/,
    );
    assert.match(text, /FwpsFreeCloneNetBufferList0\(clonedNbl, 0\);/);
    assert.doesNotMatch(text, /wfp-classify/);
    await wb.screenshot('5b-snippet-inserted');
  });

  it('findings of a file nobody opened reach the Problems panel, and WFP: Check Workspace reports them', async function () {
    await wb.showProblems();
    await wb.page
      .locator('.markers-panel .monaco-list-row', { hasText: 'unopened_flags.c' })
      .first()
      .waitFor();
    await wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'WFP1003' }).first().waitFor();
    await wb.screenshot('6a-workspace-findings');
    await wb.runCommand('WFP: Check Workspace');
    const toast = wb.page.locator('.notification-toast', {
      hasText: /WFP: \d+ findings? in \d+ of \d+ files/,
    });
    await toast.waitFor();
    assert.match(await toast.innerText(), /in [1-9]\d* of [1-9]\d* files/);
    await wb.screenshot('6b-check-workspace');
    await wb.dismissPopups();
  });

  it('settings work: wfp.trace.server traces the traffic, wfp.codeLens.enabled hides the lenses', async function () {
    await wb.openFile('forward_classify.c');
    const call = where('forward_classify.c', 'FwpsInjectForwardAsync0');
    await wb.goTo(call.line, call.column); // the lens sits above the call: bring it into view
    const lens = wb.page.locator('.editor-group-container.active .codelens-decoration', {
      hasText: 'WFP: Show Injection Flow',
    });
    await lens.first().waitFor();
    const traced = () =>
      /\[Trace - [^\]]+\] Sending request 'textDocument\/hover/.test(
        server.outputChannel('WFP Injection Assistant'),
      );
    assert.ok(!traced(), 'no trace before the setting');
    await wb.updateUserSettings({ 'wfp.trace.server': 'messages' });
    await wb.openFile('forward_classify.c');
    const deadline = Date.now() + 20_000;
    while (!traced()) {
      assert.ok(
        Date.now() < deadline,
        `no hover request traced in the output channel:\n${server.outputChannel('WFP Injection Assistant')}`,
      );
      await wb.hover('FwpsInjectForwardAsync0', 'IP forwarding layer');
      await wb.page.mouse.move(0, 0);
      await wb.page.waitForTimeout(200);
    }
    await wb.updateUserSettings({ 'wfp.codeLens.enabled': false, 'wfp.trace.server': 'off' });
    await wb.openFile('forward_classify.c');
    await wb.goTo(call.line, call.column);
    await lens.first().waitFor({ state: 'detached' });
    await wb.screenshot('8-no-code-lens');
    await wb.updateUserSettings({ 'wfp.codeLens.enabled': true });
    await wb.openFile('forward_classify.c');
    await wb.goTo(call.line, call.column);
    await lens.first().waitFor();
  });

  it("the free-on-failure fix before `goto Exit;` sets the NBL to NULL, in the file's 3-space style", async function () {
    await wb.openFile('exit_label.c');
    await wb.squiggles('warning').first().waitFor();
    const call = where('exit_label.c', 'FwpsInjectForwardAsync0');
    await wb.goTo(call.line, call.column + 3);
    await wb.openQuickFix('Free the NBL on failure');
    await wb.page.keyboard.press('Enter');
    await wb.squiggles('warning').first().waitFor({ state: 'detached' });
    const text = await wb.save('exit_label.c');
    assert.match(
      text,
      /if \(!NT_SUCCESS\(status\)\)\n   \{\n      FwpsFreeCloneNetBufferList0\(clone, 0\);\n      clone = NULL;\n      goto Exit;\n   \}/,
    );
    assert.strictEqual(text.match(/if \(clone != NULL\)/g)?.length, 1, 'the label keeps its one check');
    await wb.screenshot('7-exit-label-fixed');
  });

  it('the wfp-inject task lists the findings of files that are not open in the Problems panel', async function () {
    // A file no editor has open; the task's findings carry the source `wfp-inject` (the server's: `wfp`).
    fs.mkdirSync(path.join(server.workspace, 'task'), { recursive: true });
    fs.copyFileSync(
      path.join(REPO_ROOT, 'test', 'fixtures', 'uris', 'send.c'),
      path.join(server.workspace, 'task', 'send.c'),
    );
    // "Tasks: Restart Running Task" sorts first: pick the exact row.
    await wb.page.keyboard.press('F1');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('>Tasks: Run Task');
    const row = (text: RegExp) =>
      wb.page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: text }).first();
    await row(/^Tasks: Run Task/).click();
    // First the task types, then the tasks the type's provider offers.
    await row(/wfp-inject/).click();
    await row(/check workspace/).waitFor();
    await wb.screenshot('9a-run-task');
    await row(/check workspace/).click();
    // The task's terminal may take the panel while it runs; the Problems list renders only the
    // rows in view, and the server reports other files too: show Problems, filtered to the file.
    const filter = wb.page.locator('input[placeholder^="Filter (e.g."]');
    const fromTask = wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'wfp-inject' });
    const deadline = Date.now() + 60_000;
    // Both rows, each time with Problems shown: the terminal can take the panel between the two.
    const shown = async (rule: string) => (await fromTask.filter({ hasText: rule }).count()) > 0;
    while (!((await shown('WFP2005')) && (await shown('WFP2002')))) {
      assert.ok(Date.now() < deadline, 'no findings of the task in the Problems panel');
      await wb.showProblems();
      if ((await filter.inputValue()) !== 'task/send.c') await filter.fill('task/send.c');
      await wb.page.waitForTimeout(250);
    }
    assert.strictEqual(await fromTask.count(), 2);
    await wb.screenshot('9b-task-problems');
    // The task's terminal takes the panel back when the task ends: show Problems again to clear it.
    for (let attempt = 1; ; attempt++) {
      await wb.showProblems();
      try {
        await filter.fill('', { timeout: 5000 });
        break;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
  });
});
