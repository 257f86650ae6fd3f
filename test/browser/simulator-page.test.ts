// The simulator page in a real browser (Debian's Chromium through playwright-core):
// it renders under its strict CSP, queues key presses (five presses, five steps), leaves
// Space and Enter to the focused button, travels to a clicked step, shows a violation as
// a banner with the illegal edge dashed in the error colour, links a replayed step to its
// line, restores itself after a reload, fits 400, 800 and 1600 px without horizontal
// scroll or text under 12 px, and leaves screenshots in light and dark themes.
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
      case 'goto': return [snap(this.svc.goto({ ...id, position: msg.position }))];
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

/** What the page must keep at any width: no horizontal scroll, no text under 12 px, every toolbar control in view. */
async function checkFits(page: Page, width: number): Promise<void> {
  const m = await page.evaluate(() => {
    const small: string[] = [];
    for (const e of Array.from(document.querySelectorAll('body *'))) {
      const el = e as HTMLElement;
      if (!el.childNodes.length || !Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim())) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const size = parseFloat(getComputedStyle(el).fontSize) * (el instanceof SVGElement ? (el.ownerSVGElement!.getBoundingClientRect().width / el.ownerSVGElement!.viewBox.baseVal.width || 1) : 1);
      if (size < 11.9) small.push(`${el.tagName}.${el.getAttribute('class') ?? ''} "${el.textContent!.trim().slice(0, 30)}" ${size.toFixed(1)}px`);
    }
    const controls = Array.from(document.querySelectorAll('.toolbar > select, .toolbar .buttons button')).map((b) => {
      const r = b.getBoundingClientRect();
      return { id: b.id, left: r.left, right: r.right };
    });
    return { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, small, controls };
  });
  assert.ok(m.scroll <= m.client, `horizontal scroll at ${width}px: ${m.scroll} > ${m.client}`);
  assert.deepEqual(m.small.slice(0, 5), [], `text under 12px at ${width}px`);
  for (const c of m.controls) assert.ok(c.left >= 0 && c.right <= m.client + 0.5, `${c.id} is off-screen at ${width}px (${c.left}-${c.right})`);
}

test('simulator page: keys queue, focus, travel, violation banner, replay link, restore, widths, screenshots', { skip, timeout: 180_000 }, async () => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ndis-sim-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 800, height: 860 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/.test(m.text())) problems.push(`console: ${m.text()}`); });

    const web = join(ROOT, 'client/webview');
    const codicons = join(ROOT, 'node_modules/@vscode/codicons/dist');
    const html = renderSimulatorHtml(readFileSync(join(web, 'simulator.html'), 'utf8'), {
      cspSource: ORIGIN, nonce: 'dGVzdG5vbmNlMTIzNDU2Nw', scriptUri: `${ORIGIN}/simulator.js`, styleUri: `${ORIGIN}/simulator.css`,
      layoutUri: `${ORIGIN}/diagramLayout.js`, codiconUri: `${ORIGIN}/codicon.css`,
    });
    const files: Record<string, string> = {
      'simulator.js': join(web, 'simulator.js'), 'simulator.css': join(web, 'simulator.css'), 'diagramLayout.js': join(web, 'diagramLayout.js'),
      'codicon.css': join(codicons, 'codicon.css'), 'codicon.ttf': join(codicons, 'codicon.ttf'),
    };
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) return route.abort();
      const file = url.pathname === '/index.html' ? undefined : url.pathname.slice(1);
      if (file && !files[file]) return route.fulfill({ status: 404 });
      const type = !file ? 'text/html' : file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'font/ttf';
      return route.fulfill({ status: 200, contentType: type, body: file ? readFileSync(files[file]) : html });
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
    await status(page).filter({ hasText: 'Step 0 of' }).waitFor();
    assert.equal(await page.locator('#diagram .node.current').getAttribute('data-state'), 'offloading');
    assert.equal(await page.locator('#diagram .node[data-state="unknown"]').count(), 0, 'the simulator never reaches "unknown": no node for it');

    // Five quick presses of N are five steps (the old page dropped presses while a request was in flight).
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    for (let i = 0; i < 5; i++) await page.keyboard.press('n');
    await status(page).filter({ hasText: 'Step 5 of' }).waitFor();

    // Space on a focused button presses that button; it does not start playing.
    await page.focus('#stepBack');
    await page.keyboard.press('Space');
    await status(page).filter({ hasText: 'Step 4 of' }).waitFor();
    assert.equal(await page.locator('#play').getAttribute('aria-label'), 'Play the run');
    // Every control is reachable with Tab and shows a focus ring.
    await page.focus('#scenario');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement!.id), 'stepBack');
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle), 'none', `focus ring (select: ${ring})`);

    // A misuse scenario: travel by clicking a row, then the step that breaks the protocol.
    await page.selectOption('#scenario', 'builtin:misuse-resume-before-drain');
    await status(page).filter({ hasText: 'Step 0 of 11' }).waitFor();
    await page.locator('#timeline button.row[data-position="8"]').click();
    await status(page).filter({ hasText: 'Step 8 of' }).waitFor();
    assert.equal(await page.locator('#diagram .node.current').getAttribute('data-state'), 'uploading');
    assert.match(await status(page).innerText(), /upload-all pending/, 'the status line says the diagram\'s words');
    assert.equal(await page.locator('#banner').isHidden(), true);
    assert.equal(await page.locator('#diagram .edge.illegal').count(), 0, 'an illegal transition is drawn only once taken');
    await page.keyboard.press('ArrowRight');
    await status(page).filter({ hasText: 'Step 9 of' }).waitFor();
    assert.equal(await page.locator('.detail.violation').getAttribute('data-rule'), 'protocol/resume-before-upload-drain');
    assert.match(await page.locator('#bannerText').innerText(), /resume before the upload-all drained/);
    assert.equal(await page.locator('#bannerRule').innerText(), 'protocol/resume-before-upload-drain');
    assert.equal(await page.locator('#diagram .edge.illegal.taken').count(), 1, 'the illegal edge is drawn, in the error colour');
    assert.equal(await page.locator('#diagram .node.bad').getAttribute('data-state'), 'offloading');
    assert.doesNotMatch(await page.locator('body').innerText(), /terminateInFlight|notOffloaded|initiateInFlight/, 'no internal names on screen');

    // Play with break on violation: from the start it stops at step 9.
    await page.locator('#restart').click();
    await status(page).filter({ hasText: 'Step 0 of' }).waitFor();
    await page.locator('#speed').evaluate((e: HTMLInputElement) => { e.value = '10'; e.dispatchEvent(new Event('input')); });
    await page.locator('#play').click();
    await status(page).filter({ hasText: 'Step 9 of' }).waitFor();
    await page.locator('#notice', { hasText: 'Stopped at step 9' }).waitFor();
    assert.equal(await page.locator('#play').getAttribute('aria-label'), 'Play the run');

    // An invalid seed is refused visibly; a valid one says it restarts the run.
    await page.locator('#moreButton').click();
    await page.fill('#seed', '12x');
    await page.keyboard.press('Enter');
    await page.locator('#seedError', { hasText: 'is not a seed' }).waitFor();
    assert.equal(await page.locator('#seed').getAttribute('aria-invalid'), 'true');
    await page.fill('#seed', '7');
    await page.keyboard.press('Enter');
    await page.locator('#notice', { hasText: 'Seed 7: the run restarted from step 0' }).waitFor();
    await page.keyboard.press('Escape');

    // Reload: the page sends its saved position back and comes back where it was.
    await page.locator('#timeline button.row[data-position="9"]').click();
    await status(page).filter({ hasText: 'Step 9 of' }).waitFor();
    await page.reload();
    await setTheme(page, LIGHT, 'light');
    await status(page).filter({ hasText: 'Step 9 of 11' }).waitFor();
    const ready = ext.received.filter((m) => m.type === 'ready');
    assert.equal(ready.length, 2);
    assert.deepEqual(ready[1].type === 'ready' && ready[1].restore?.scenarioId, 'builtin:misuse-resume-before-drain');

    // Every width, both themes: fits, and leaves its pictures.
    const out = join(ROOT, 'test-output', 'browser');
    mkdirSync(out, { recursive: true });
    for (const width of [226, 400, 800, 1600]) {
      await page.setViewportSize({ width, height: width === 400 ? 900 : 860 });
      for (const [name, vars] of [['light', LIGHT], ['dark', DARK]] as const) {
        await setTheme(page, vars, name);
        await page.waitForFunction((w) => document.documentElement.clientWidth === w || document.documentElement.clientWidth <= w, width);
        await checkFits(page, width);
        await page.screenshot({ path: join(out, `simulator-${width}-${name}.png`), fullPage: true });
      }
    }
    const docs = join(ROOT, 'docs/images');
    mkdirSync(docs, { recursive: true });
    await page.setViewportSize({ width: 1200, height: 800 });
    await setTheme(page, LIGHT, 'light');
    await page.screenshot({ path: join(docs, 'simulator-light.png') });
    await setTheme(page, DARK, 'dark');
    await page.screenshot({ path: join(docs, 'simulator-dark.png') });

    // A replayed code path: clicking a step's line asks to reveal it; the branch decision is a step.
    const uri = 'file:///drv/failover.c';
    const replay = ext.svc.replay({
      title: 'DrvFailover: early return (line 46): pause never resumed',
      events: [{ event: { kind: 'pause' }, uri, line: 41 }, { branch: '!LinkUp', uri, line: 43 }, { event: { kind: 'exit' }, uri, line: 45 }],
      breakOnViolation: true,
    });
    ext.sessionId = replay.sessionId;
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'snapshot', snapshot: replay } as ToWebview);
    await page.locator('#timeline li.upcoming', { hasText: '`!LinkUp` is true' }).waitFor();
    await page.locator('#timeline li.upcoming button.linkish', { hasText: 'failover.c:44' }).click();
    await page.waitForFunction(() => true);
    const reveal = ext.received.filter((m) => m.type === 'revealSource');
    assert.deepEqual(reveal.at(-1), { type: 'revealSource', uri, line: 43 });

    assert.deepEqual(problems, [], 'no script error and no CSP violation');
    assert.deepEqual(requests.filter((u) => !u.startsWith(ORIGIN)), [], 'nothing loaded from anywhere else');
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});
