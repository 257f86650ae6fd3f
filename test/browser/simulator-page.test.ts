// The simulator page in a real browser (Debian's Chromium through playwright-core):
// it renders under its strict CSP, steps, steps back, marks a violation, links a
// replayed step to its source line, restores itself after a reload, and leaves
// screenshots in light and dark themes under docs/images/.
// A stub acquireVsCodeApi forwards the page's messages to the real SimulatorService,
// the way the extension forwards them to the language server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { renderSimulatorHtml } from '../../client/src/simulatorHtml';
import { SimulatorService } from '../../server/src/simulator/service';
import { validateFromWebview, type FromWebview, type ToWebview } from '../../server/src/shared/messages';
import { DARK, LIGHT } from './themes';

const ROOT = resolve(__dirname, '../../..');
const CHROMIUM = '/usr/bin/chromium';
const ORIGIN = 'https://webview.test';
// Why skip: the page test needs a real browser; developer machines may lack Debian's
// chromium package. CI sets CI=true and must run it, so there a missing browser fails.
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true' ? `${CHROMIUM} not found (apt-get install -y chromium); set CI=true to require it` : false;
if (skip) console.log(`simulator page test skipped: ${skip}`);

/** Plays the extension: validates each page message and answers from the service. */
class FakeExtension {
  readonly svc = new SimulatorService();
  readonly received: FromWebview[] = [];
  sessionId = '';

  handle(raw: unknown): ToWebview[] {
    const msg = validateFromWebview(raw);
    assert.ok(msg, `the page sent a malformed message: ${JSON.stringify(raw)}`);
    this.received.push(msg);
    const snap = (s: ReturnType<SimulatorService['open']>): ToWebview => {
      this.sessionId = s.sessionId;
      return { type: 'snapshot', snapshot: s };
    };
    const id = { sessionId: this.sessionId };
    switch (msg.type) {
      case 'ready': {
        const list = this.svc.listScenarios();
        const s = msg.restore?.replay ? this.svc.replay({ ...msg.restore.replay, position: msg.restore.position }) : this.svc.open(msg.restore ?? {});
        return [{ type: 'scenarios', scenarios: list.scenarios, errors: list.errors }, snap(s)];
      }
      case 'step': return [snap(this.svc.step(id))];
      case 'stepBack': return [snap(this.svc.stepBack(id))];
      case 'reset': return [snap(this.svc.reset(id))];
      case 'setPolicy': return [snap(this.svc.reset({ ...id, policy: msg.policy }))];
      case 'setSeed': return [snap(this.svc.reset({ ...id, seed: msg.seed }))];
      case 'selectScenario': return [snap(this.svc.open({ scenarioId: msg.scenarioId }))];
      default: return [];
    }
  }
}

async function setTheme(page: Page, vars: Record<string, string>, kind: 'light' | 'dark'): Promise<void> {
  // CSSOM changes are allowed under the CSP (an injected <style> would not be): VS Code sets these the same way.
  await page.evaluate(([v, k]) => {
    for (const [name, value] of Object.entries(v)) document.documentElement.style.setProperty(`--vscode-${name}`, value);
    document.body.className = `vscode-${k}`;
  }, [vars, kind] as const);
}

const status = (page: Page) => page.locator('#status');

test('simulator page: render, step, step back, violation, replay link, restore, screenshots', { skip, timeout: 120_000 }, async () => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ndis-sim-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 860 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/.test(m.text())) problems.push(`console: ${m.text()}`); });

    const web = join(ROOT, 'client/webview');
    const html = renderSimulatorHtml(readFileSync(join(web, 'simulator.html'), 'utf8'), {
      cspSource: ORIGIN, nonce: 'dGVzdG5vbmNlMTIzNDU2Nw', scriptUri: `${ORIGIN}/simulator.js`, styleUri: `${ORIGIN}/simulator.css`,
    });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) return route.abort();
      const file = url.pathname === '/index.html' ? undefined : url.pathname.slice(1);
      if (file && !['simulator.js', 'simulator.css'].includes(file)) return route.fulfill({ status: 404 });
      const type = !file ? 'text/html' : file.endsWith('.js') ? 'text/javascript' : 'text/css';
      return route.fulfill({ status: 200, contentType: type, body: file ? readFileSync(join(web, file)) : html });
    });

    const ext = new FakeExtension();
    let queue = Promise.resolve();
    await page.exposeFunction('__toExtension', (msg: unknown) => {
      for (const reply of ext.handle(msg)) queue = queue.then(() => page.evaluate((m) => window.postMessage(m, '*'), reply));
    });
    // The stub keeps setState in sessionStorage, which survives a reload like VS Code's webview state does.
    await context.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => (w.__toExtension as (m: unknown) => void)(m),
        getState: () => JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null'),
        setState: (s: unknown) => sessionStorage.setItem('vscode-state', JSON.stringify(s)),
      });
    });

    await page.goto(`${ORIGIN}/index.html`);
    await setTheme(page, LIGHT, 'light');
    await assert.doesNotReject(status(page).filter({ hasText: '802.3ad failover: step 0 of' }).waitFor());
    assert.equal(await page.locator('#diagram .node.current').getAttribute('data-state'), 'offloading');

    // A misuse scenario: six setup steps, pause, upload-all, then a resume before the drain.
    await page.selectOption('#scenario', 'builtin:misuse-resume-before-drain');
    await status(page).filter({ hasText: 'step 0 of 11' }).waitFor();
    for (let i = 1; i <= 8; i++) {
      await page.click('#step');
      await status(page).filter({ hasText: `step ${i} of` }).waitFor();
    }
    assert.equal(await page.locator('#diagram .node.current').getAttribute('data-state'), 'uploading');
    assert.equal(await page.locator('.violation-text').count(), 0);
    await page.keyboard.press('ArrowRight');
    await status(page).filter({ hasText: 'step 9 of' }).waitFor();
    assert.equal(await page.locator('.violation-text').getAttribute('data-rule'), 'protocol/resume-before-upload-drain');
    assert.match(await status(page).innerText(), /1 violation/);
    assert.equal(await page.locator('#diagram .edge.taken text').textContent(), 'resume (too early)');

    // Step back (keyboard) removes the violation and returns to upload-all pending.
    await page.keyboard.press('ArrowLeft');
    await status(page).filter({ hasText: 'step 8 of' }).waitFor();
    assert.equal(await page.locator('.violation-text').count(), 0);
    assert.equal(await page.locator('#diagram .node.current').getAttribute('data-state'), 'uploading');
    assert.match(await page.locator('#objects').innerText(), /c1\s+tcp\s+path1\s+terminateInFlight/);

    // Reload: the page sends its saved position back and comes back where it was.
    await page.reload();
    await setTheme(page, LIGHT, 'light');
    await status(page).filter({ hasText: 'Misuse: resume before the upload-all drained: step 8 of' }).waitFor();
    const ready = ext.received.filter((m) => m.type === 'ready');
    assert.equal(ready.length, 2);
    assert.deepEqual(ready[1].type === 'ready' && ready[1].restore?.scenarioId, 'builtin:misuse-resume-before-drain');

    await page.click('#step');
    await status(page).filter({ hasText: 'step 9 of' }).waitFor();
    const shots = join(ROOT, 'docs/images');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'simulator-light.png'), fullPage: true });
    await setTheme(page, DARK, 'dark');
    await page.screenshot({ path: join(shots, 'simulator-dark.png'), fullPage: true });

    // A replayed code path: clicking a step that came from code asks to reveal its line.
    const uri = 'file:///drv/failover.c';
    const replay = ext.svc.replay({ title: 'Replay: DrvFailover', events: [{ event: { kind: 'pause' }, uri, line: 41 }, { event: { kind: 'resume' }, uri, line: 57 }], position: 100 });
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'snapshot', snapshot: replay } as ToWebview);
    await page.locator('.entry.linked').first().waitFor();
    await page.locator('.entry.linked').nth(1).click();
    await page.waitForFunction(() => true);
    const reveal = ext.received.filter((m) => m.type === 'revealSource');
    assert.deepEqual(reveal.at(-1), { type: 'revealSource', uri, line: 57 });

    assert.deepEqual(problems, [], 'no script error and no CSP violation');
    assert.deepEqual(requests.filter((u) => !u.startsWith(ORIGIN)), [], 'nothing loaded from anywhere else');
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});
