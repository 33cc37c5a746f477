/// <reference lib="dom" />
// The injection flow webview in a real browser: the bundled renderer inside the panel's own HTML
// and CSP, fed flow models the real server computed for fixture files.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';
import type { Browser, Page } from 'playwright-core';
import { flowHtml } from '../../client/src/flowHtml';
import type { InjectionFlowModel, StepId } from '../../shared/flowModel';
import { injectionFlowRequest } from '../../shared/protocol';
import { launchChromium } from '../helpers/browser';
import { LspClient, positionOf } from '../helpers/lspClient';
import { fixture, REPO_ROOT } from '../helpers/paths';

const WEBVIEW_DIST = path.join(REPO_ROOT, 'dist', 'webview');
const SCREENSHOTS = path.join(REPO_ROOT, 'test', 'output', 'webview');

/** A few of VS Code's default theme colours, set the way the workbench sets them (CSSOM). */
const THEMES: Record<string, Record<string, string>> = {
  light: {
    '--vscode-foreground': '#3b3b3b',
    '--vscode-editor-background': '#ffffff',
    '--vscode-descriptionForeground': '#717171',
    '--vscode-textLink-foreground': '#005fb8',
    '--vscode-focusBorder': '#005fb8',
    '--vscode-badge-background': '#cccccc',
    '--vscode-badge-foreground': '#3b3b3b',
    '--vscode-widget-border': '#e5e5e5',
    '--vscode-editorWidget-background': '#f8f8f8',
    '--vscode-font-family': 'sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-editor-font-family': 'monospace',
  },
  dark: {
    '--vscode-foreground': '#cccccc',
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-textLink-foreground': '#4daafc',
    '--vscode-focusBorder': '#0078d4',
    '--vscode-badge-background': '#616161',
    '--vscode-badge-foreground': '#f8f8f8',
    '--vscode-widget-border': '#313131',
    '--vscode-editorWidget-background': '#202020',
    '--vscode-font-family': 'sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-editor-font-family': 'monospace',
  },
};

interface Harness {
  posted: unknown[];
  violations: string[];
}

async function flowModels(): Promise<Record<'forward' | 'leak' | 'worker', InjectionFlowModel>> {
  const client = await LspClient.start();
  try {
    const open = async (name: string[], uri: string) => {
      const text = fs.readFileSync(fixture(...name), 'utf8');
      await client.open(uri, text);
      return text;
    };
    const forward = await open(['driver', 'forward_classify.c'], 'file:///ws/forward_classify.c');
    const leaks = await open(['ownership', 'leaks.c'], 'file:///ws/leaks.c');
    const worker = await open(['flow', 'receive_worker.c'], 'file:///ws/receive_worker.c');
    const flow = async (uri: string, position: { line: number; character: number }) => {
      const model = await client.rpc.sendRequest(injectionFlowRequest, { textDocument: { uri }, position });
      assert.ok(model, `no flow model at ${uri}:${position.line + 1}`);
      return model;
    };
    return {
      forward: await flow(
        'file:///ws/forward_classify.c',
        positionOf(forward, 'FwpsInjectForwardAsync0(', 2),
      ),
      leak: await flow('file:///ws/leaks.c', positionOf(leaks, 'DbgPrint("injection failed', -80)),
      worker: await flow(
        'file:///ws/receive_worker.c',
        positionOf(worker, 'FwpsInjectTransportReceiveAsync0(', 2),
      ),
    };
  } finally {
    await client.stop();
  }
}

describe('Webview: injection flow panel in Chromium', function () {
  this.timeout(60000);
  let server: http.Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let models: Awaited<ReturnType<typeof flowModels>>;

  before(async () => {
    models = await flowModels();
    server = http.createServer((req, res) => {
      const name = (req.url ?? '/').split('?')[0];
      if (name === '/') {
        res.setHeader('Content-Type', 'text/html');
        res.end(
          flowHtml({ cspSource: origin, scriptUri: `${origin}/main.js`, styleUri: `${origin}/style.css` }),
        );
        return;
      }
      const file = path.join(WEBVIEW_DIST, path.basename(name));
      if (!fs.existsSync(file)) {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.setHeader('Content-Type', file.endsWith('.css') ? 'text/css' : 'text/javascript');
      res.end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 900, height: 1100 } });
    // Stands in for the VS Code host: records what the webview posts and any CSP violation.
    await page.addInitScript(() => {
      const w = window as unknown as { __harness: Harness; acquireVsCodeApi: () => unknown };
      w.__harness = { posted: [], violations: [] };
      w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.__harness.posted.push(m) });
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__harness.violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await page.goto(origin + '/');
  });

  afterEach(async () => {
    const h = await harness();
    assert.deepStrictEqual(h.violations, [], 'no Content-Security-Policy violations');
    await page.close();
  });

  const harness = () => page.evaluate(() => (window as unknown as { __harness: Harness }).__harness);
  const send = (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message);
  const theme = (name: string) =>
    page.evaluate((vars) => {
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
    }, THEMES[name]);

  it('starts empty and tells the host it is ready', async () => {
    await page.waitForSelector('.empty');
    assert.match((await page.textContent('.empty')) ?? '', /injection call/);
    assert.deepStrictEqual((await harness()).posted, [{ type: 'ready' }]);
  });

  it('renders the layers matrix and every step of a correct flow', async () => {
    await send({ type: 'model', model: models.forward });
    await page.waitForSelector('[data-step="inject"]');
    assert.strictEqual(await page.textContent('h1'), 'FwpsInjectForwardAsync0');
    const statuses = await page.$$eval('[data-step]', (els) =>
      els.map((e) => `${e.getAttribute('data-step')}:${e.getAttribute('data-status')}`),
    );
    assert.deepStrictEqual(
      statuses,
      models.forward.steps.map((s) => `${s.id}:${s.status}`),
    );
    const allowed = await page.$$eval('.matrix .layer.allowed', (els) =>
      els.map((e) => e.getAttribute('data-layer')),
    );
    assert.deepStrictEqual(
      allowed.sort(),
      models.forward.layers
        .filter((l) => l.allowed)
        .map((l) => l.id)
        .sort(),
    );
    assert.strictEqual(
      await page.getAttribute('.matrix .runs-here-ok', 'data-layer'),
      'FWPS_LAYER_IPFORWARD_V4',
    );
    assert.strictEqual(await page.$('.matrix .runs-here-bad'), null);
    await theme('light');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'flow-light.png'), fullPage: true });
    await theme('dark');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'flow-dark.png'), fullPage: true });
  });

  it('posts a reveal for a clicked step and for Enter on a focused one', async () => {
    await send({ type: 'model', model: models.forward });
    await page.click('[data-step="freeOnFailure"]');
    await page.focus('[data-step="selfInjectionCheck"]');
    await page.keyboard.press('Enter');
    const posted = (await harness()).posted.slice(1);
    const step = (id: StepId) => models.forward.steps.find((s) => s.id === id)!;
    assert.deepStrictEqual(posted, [
      { type: 'reveal', location: step('freeOnFailure').location },
      { type: 'reveal', location: step('selfInjectionCheck').location },
    ]);
  });

  it('shows a leak: the missing step and the finding, which reveals its range', async () => {
    await send({ type: 'model', model: models.leak });
    await page.waitForSelector('[data-rule="WFP2002"]');
    assert.strictEqual(await page.getAttribute('[data-step="freeOnFailure"]', 'data-status'), 'missing');
    await page.click('[data-rule="WFP2002"]');
    assert.deepStrictEqual((await harness()).posted.slice(1), [
      { type: 'reveal', location: models.leak.findings[0].location },
    ]);
    await theme('dark');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'flow-leak-dark.png'), fullPage: true });
  });

  it('renders a worker-side injection: the classify action found elsewhere, the retreat unknown, the checksum step', async () => {
    await send({ type: 'model', model: models.worker });
    await page.waitForSelector('[data-step="checksum"]');
    assert.match((await page.textContent('.scope')) ?? '', /outside a classifyFn/);
    // Judged in ReceiveClassify, the one function that fills the record's clone.
    assert.strictEqual(await page.getAttribute('[data-step="classifyAction"]', 'data-status'), 'found');
    assert.strictEqual(await page.getAttribute('[data-step="retreat"]', 'data-status'), 'unknown');
  });

  it('shows text from source code as text, never as markup', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const model: InjectionFlowModel = JSON.parse(JSON.stringify(models.leak));
    model.function.written = hostile;
    model.steps[0].detail = `</span></button>${hostile}`;
    model.findings[0].message = `<b>bold</b>${hostile}`;
    model.classify = { name: `<i>Classify</i>`, evidence: [] };
    await send({ type: 'model', model });
    await page.waitForSelector('h1');
    assert.strictEqual(await page.textContent('h1'), hostile);
    assert.ok((await page.textContent('[data-step]'))?.includes(`</button>${hostile}`));
    assert.ok((await page.textContent('.finding'))?.includes('<b>bold</b>'));
    assert.ok((await page.textContent('.scope'))?.includes('<i>Classify</i>'));
    const injected = await page.evaluate(() => ({
      elements: document.querySelectorAll('#root img, #root script, #root b, #root i').length,
      pwned: (window as unknown as { __pwned?: number }).__pwned,
    }));
    assert.deepStrictEqual(injected, { elements: 0, pwned: undefined });
  });

  it('puts the answer first: call, verdict and steps at the top, where it runs and the layers folded', async () => {
    // A classifyFn serving 30 layers, found by 30 layerId checks: the evidence must not push the steps down.
    const model: InjectionFlowModel = JSON.parse(JSON.stringify(models.forward));
    const many = model.layers.slice(0, 30);
    model.classify = {
      name: 'SamplerClassify',
      evidence: many.map((l, i) => ({
        layer: l.id,
        kind: 'layerIdCheck',
        description: 'layerId check',
        location: {
          uri: 'file:///ws/c.c',
          range: { start: { line: 100 + i, character: 0 }, end: { line: 100 + i, character: 0 } },
        },
      })),
    };
    many.forEach((l) => Object.assign(l, { classifyRunsHere: true, verdict: l.allowed ? 'ok' : 'other' }));
    await page.setViewportSize({ width: 800, height: 813 });
    await send({ type: 'model', model });
    await page.waitForSelector('[data-step="inject"]');
    const order = await page.$$eval('#root > *', (els) =>
      els.map((e) => e.className || e.tagName.toLowerCase()),
    );
    assert.deepStrictEqual(order, ['header', 'flow', 'where-runs', 'layers']);
    assert.match((await page.textContent('.verdict')) ?? '', /^Every step found$/);
    const lastStep = await page.$$eval(
      '[data-step]',
      (els) => els[els.length - 1].getBoundingClientRect().bottom,
    );
    assert.ok(lastStep < 813, `the last step ends at ${lastStep}px, below the fold`);
    assert.match(
      (await page.textContent('.where-runs summary')) ?? '',
      /runs at 30 layers, from layerId checks/,
    );
    assert.strictEqual(await page.isVisible('.evidence'), false, 'the evidence is folded');
    assert.strictEqual(await page.isVisible('.matrix'), false, 'the matrix is folded when nothing is wrong');
    assert.match((await page.textContent('#layers-title')) ?? '', /the classifyFn runs at 30/);
    await page.click('#layers-title');
    assert.strictEqual(await page.$('.matrix .runs-here-bad'), null, 'nothing red without WFP3003');
    assert.ok((await page.$$('.matrix .runs-here-other')).length > 0);
    assert.strictEqual(await page.$('th[scope="row"]:text-is("IP forward, forward")'), null);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'flow-answer-first.png') });
  });

  it('says what is wrong in the verdict and opens the matrix when a layer is wrong', async () => {
    await send({ type: 'model', model: models.leak });
    await page.waitForSelector('.verdict.problem');
    assert.match(
      (await page.textContent('.verdict')) ?? '',
      /1 problem \(WFP2002\); missing: Free the NBL if the call fails/,
    );
    const model: InjectionFlowModel = JSON.parse(JSON.stringify(models.forward));
    const layer = model.layers.find((l) => !l.allowed)!;
    Object.assign(layer, { classifyRunsHere: true, verdict: 'bad' });
    await send({ type: 'model', model });
    await page.waitForSelector('.matrix .runs-here-bad');
    assert.strictEqual(await page.isVisible('.matrix'), true);
  });

  it('goes back to the empty state when the cursor leaves injection code', async () => {
    await send({ type: 'model', model: models.forward });
    await send({ type: 'empty', reason: 'nothing here' });
    await page.waitForSelector('.empty');
    assert.strictEqual(await page.$('[data-step]'), null);
  });
});
