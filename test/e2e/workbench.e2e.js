// End-to-end scenario in VS Code's web workbench (code-server), driven like a user with Playwright and
// Debian's Chromium. Run by scripts/e2e/run.sh, which starts code-server with the packaged extension
// installed and sets NDIS_E2E_URL, NDIS_E2E_WS (a fresh copy of test/fixtures/workspace) and NDIS_E2E_OUT.
//
// Steps, in order (the diagnostics come first, so they are checked even when a later feature is missing):
// the first run (npm start's address on a copy of examples/: status.c open, its squiggle and the status
// bar's Problems counts without any input; test/e2e/firstRun.js), open the folder, open driver.c, the squiggle, the Problems panel, the hover, the quick fix, the
// `ndis-pause` snippet, the simulator from the command palette stepped inside its webview; then failover.c:
// its protocol finding with the path in Problems, the "Replay in simulator" code lens and the replay
// stepped inside the webview, the NDIS commands in the palette, a suppression comment and an idle one's hint.
// Every step waits on something it can see (a locator or a DOM condition), never on a fixed delay.
// Screenshots go to NDIS_E2E_OUT (test-output/e2e/); with NDIS_E2E_DOCS_IMAGES=1 the README's pictures in
// docs/images/ are refreshed from the steps that passed.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { env, launch, mark } = require('./lib');
const { checkFirstRun } = require('./firstRun');

const RULE = 'indication/status-code';
// driver.c: the RULE finding in MpPauseOffload (NDIS_STATUS_PAUSED, which has a quick fix) is reported on
// the assignment or on the call.
const FINDING_LINES = ['si.StatusCode = NDIS_STATUS_PAUSED', 'NdisMIndicateStatusEx(Adapter->AdapterHandle, &si)'];
const SNIPPET_PREFIX = 'ndis-pause';
const SIMULATOR_COMMAND_TITLE = 'NDIS: Open Offload Simulator';
// Code actions that silence the finding or only show something are not the fix under test.
const NOT_A_FIX_TITLE = /disable|suppress|ignore|documentation|learn more|replay|simulator|^show\b/i;
const QUICKFIX_TITLE = process.env.NDIS_E2E_QUICKFIX ? new RegExp(process.env.NDIS_E2E_QUICKFIX, 'i') : null;
const STEP_SELECTOR = process.env.NDIS_E2E_STEP_SELECTOR; // overrides how the simulator's Step control is found
const DOCS_IMAGES = path.join(env.root, 'docs', 'images');
// failover.c: MpFailover pauses, returns early when the switch fails (PROTOCOL_RULE on that return),
// else uploads all, waits for the terminates and resumes.
const FAILOVER = 'failover.c';
const PROTOCOL_RULE = 'protocol/pause-without-resume';
const UNUSED_RULE = 'suppression/unused';
const IDLE_RULE = 'protocol/resume-before-upload-drain'; // has no finding in failover.c
const EARLY_LENS = 'Replay early return'; // MpFailover's early return: pause never resumed
const SUCCESS_LENS = 'Replay success path';
const WIDTHS = [400, 800, 1600];
const NDIS_COMMANDS = ['NDIS: Open Offload Simulator', 'NDIS: Analyze Workspace', 'NDIS: Show Rule Documentation'];
const FAILOVER_TEXT = {
  fn: 'NDIS_STATUS MpFailover(PADAPTER Adapter)',
  pause: 'MpIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_PAUSE);',
  branch: 'if (!NT_SUCCESS(Status))',
  earlyReturn: 'return Status;',
  uploadAll: 'MpIndicateStatus(Adapter, NDIS_STATUS_UPLOAD_ALL);',
  resume: 'MpIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_RESUME);',
};
/** 1-based line of `text` in the fixture's failover.c (the workspace is a fresh copy of it). */
function failoverLine(text) {
  const lines = fs.readFileSync(path.join(env.workspace || path.join(env.root, 'test', 'fixtures', 'workspace'), FAILOVER), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`"${text}" is not in ${FAILOVER}: the fixture changed?`);
  return i + 1;
}

const results = [];
const docsShots = []; // [file in out/docs, name in docs/images, step]
let page;
let shotNo = 0;

class StepFailure extends Error {}

async function shot(name, { docs, clip } = {}) {
  shotNo++;
  const file = path.join(env.out, `${String(shotNo).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  if (docs) {
    const docsFile = path.join(env.out, 'docs', docs);
    fs.mkdirSync(path.dirname(docsFile), { recursive: true });
    let box = null;
    if (clip) box = await page.locator(clip).first().boundingBox().catch(() => null);
    await page.screenshot({ path: docsFile, ...(box ? { clip: box } : {}) });
    docsShots.push({ file: docsFile, name: docs, step: currentStep });
  }
}

let currentStep = '';
async function step(name, fn, { critical = false, needs = [] } = {}) {
  currentStep = name;
  const start = Date.now();
  const missing = needs.filter((n) => !results.find((r) => r.name === n && r.ok));
  if (missing.length) {
    results.push({ name, ok: false, message: `not run: needs "${missing.join('", "')}"` });
    mark(`✘ ${name}: not run, needs "${missing.join('", "')}"`);
    return;
  }
  try {
    await fn();
    results.push({ name, ok: true });
    mark(`✔ ${name} (${((Date.now() - start) / 1000).toFixed(1)}s)`);
  } catch (err) {
    const message = String((err && err.message) || err).split('\n').slice(0, 4).join(' | ');
    results.push({ name, ok: false, message });
    mark(`✘ ${name}: ${message}`);
    await page.screenshot({ path: path.join(env.out, `failure-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`) }).catch(() => {});
    if (critical) throw new StepFailure(`stopping: "${name}" failed`);
  } finally {
    // leave no widget open for the next step
    await page.keyboard.press('Escape').catch(() => {});
    await page.keyboard.press('Escape').catch(() => {});
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// ---- workbench helpers -----------------------------------------------------------------------

const activeEditor = () => page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();

async function quickOpen(fileName) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: fileName }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Bounding box of a squiggle (error unless `severity` says otherwise) on one of the lines that contain one of `texts`, once there is one. */
async function waitForSquiggle(texts, { gone = false, timeout = 90_000, severity = 'error' } = {}) {
  const handle = await page.waitForFunction(({ texts, gone, severity }) => {
    const editor = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
    if (!editor) return false;
    // Monaco renders spaces as U+00A0
    const lines = [...editor.querySelectorAll('.view-lines .view-line')]
      .filter((l) => texts.some((t) => l.textContent.replace(/\u00a0/g, ' ').includes(t)));
    if (!lines.length) return false;
    const squiggles = [...editor.querySelectorAll(`.squiggly-${severity}`)].map((s) => s.getBoundingClientRect())
      .filter((r) => r.width > 0 && lines.some((l) => {
        const lr = l.getBoundingClientRect();
        return r.top + r.height / 2 >= lr.top && r.top + r.height / 2 <= lr.bottom;
      }));
    if (gone) return squiggles.length === 0;
    return squiggles.length ? { x: squiggles[0].x, y: squiggles[0].y, width: squiggles[0].width, height: squiggles[0].height } : false;
  }, { texts, gone, severity }, { timeout, polling: 'raf' });
  return handle.jsonValue();
}

/** Moves the keyboard focus in an open list (action widget, suggest widget) to the row `matches` accepts. */
async function focusRow(listSelector, matches, what) {
  const rows = page.locator(`${listSelector} .monaco-list-row`);
  const count = await rows.count();
  const focused = page.locator(`${listSelector} .monaco-list-row.focused`);
  for (let i = 0; i <= count; i++) {
    const text = (await focused.count()) ? await focused.first().innerText() : '';
    if (matches(text)) return text;
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(({ sel, before }) => {
      const f = document.querySelector(`${sel} .monaco-list-row.focused`);
      return f && f.innerText !== before;
    }, { sel: listSelector, before: text }, { timeout: 5_000 }).catch(() => {});
  }
  throw new Error(`could not focus ${what} in the list (rows: ${JSON.stringify(await rows.allInnerTexts())})`);
}

const MAXIMIZE_GROUP = 'View: Toggle Maximize Editor Group';

/**
 * Opens the command palette and types `text` into it. A webview that takes the focus back after a layout
 * change closes the palette under the test's hands; then it is opened again (three tries).
 */
async function openPalette(text) {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+Shift+P');
    await input.waitFor({ state: 'visible' });
    try {
      await input.fill(text, { timeout: 5_000 });
      if (await input.isVisible()) return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
    if (attempt >= 3) throw new Error(`the command palette closed while "${text}" was typed, three times`);
    mark(`  the command palette closed before "${text}" was typed: opening it again`);
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }
}

/** Runs a command from the command palette by its title. */
async function runCommand(title) {
  await openPalette(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first()
    .waitFor({ timeout: 15_000 }).catch(() => { throw new Error(`the command palette has no "${title}"`); });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Closes the simulator's tab with its close button, when it is open. */
async function closeSimulatorTab() {
  const simTab = page.locator('.tabs-container .tab', { hasText: 'Offload Simulator' });
  if (!(await simTab.count())) return;
  await simTab.first().hover();
  await simTab.first().locator('.tab-actions .action-label').first().click();
  await simTab.first().waitFor({ state: 'detached' });
}

// ---- the scenario ----------------------------------------------------------------------------

async function scenario() {
  let squiggle;

  await step('first run: npm start\'s address shows status.c and the sample\'s findings without a click', async () => {
    await checkFirstRun({ page, env, shot, waitForSquiggle, mark });
  });

  await step('workbench opens the fixture folder', async () => {
    await page.goto(`${env.url}/?folder=${encodeURIComponent(env.workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'driver.c' }).waitFor({ timeout: 90_000 });
    await shot('workbench');
  }, { critical: true });

  await step('open driver.c', async () => {
    await quickOpen('driver.c');
    await activeEditor().locator('.view-lines', { hasText: 'MpPauseOffload' }).waitFor();
  }, { critical: true });

  await step('diagnostics: squiggle under the finding', async () => {
    squiggle = await waitForSquiggle(FINDING_LINES).catch(() => {
      throw new Error(`no error squiggle on the lines "${FINDING_LINES.join('" / "')}" of driver.c within 90s: the language server did not report ${RULE}`);
    });
    await shot('squiggle', { docs: 'squiggle.png', clip: '.part.editor' });
  });

  await step('the language status says how much of the workspace the analysis understood', async () => {
    // VS Code's `{}` item in the status bar gathers language status items; ours carries the coverage.
    await page.locator('[id="status.languageStatus"]').click();
    const hover = page.locator('.monaco-hover, .context-view', { hasText: 'understood' }).first();
    await hover.waitFor({ timeout: 30_000 }).catch(async () => {
      const text = await page.locator('.monaco-hover, .context-view').allInnerTexts().catch(() => []);
      throw new Error(`the language status shows no coverage ("understood"); it shows ${JSON.stringify(text)}`);
    });
    await shot('language-status');
    await page.keyboard.press('Escape');
  }, { needs: ['diagnostics: squiggle under the finding'] });

  await step(`diagnostics: Problems panel lists ${RULE}`, async () => {
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: RULE }).first();
    await row.waitFor({ timeout: 30_000 }).catch(async () => {
      const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts().catch(() => []);
      throw new Error(`Problems panel has no entry with "${RULE}" (entries: ${JSON.stringify(rows)})`);
    });
    await shot('problems', { docs: 'problems.png' });
  }, { needs: ['diagnostics: squiggle under the finding'] });

  await step('hover on the squiggle shows the finding', async () => {
    await page.mouse.move(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2);
    await page.locator('.monaco-hover', { hasText: RULE }).first().waitFor({ state: 'visible', timeout: 15_000 }).catch(() => {
      throw new Error(`hovering the squiggle shows no hover with "${RULE}"`);
    });
    await shot('hover', { docs: 'hover.png', clip: '.part.editor' });
    await page.mouse.move(5, 5);
  }, { needs: ['diagnostics: squiggle under the finding'] });

  await step(`quick fix for ${RULE} applies`, async () => {
    await page.mouse.click(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2); // caret into the finding
    await page.keyboard.press('Control+.');
    const widget = page.locator('.action-widget');
    const anyRow = widget.locator('.monaco-list-row');
    await anyRow.first().waitFor({ timeout: 15_000 }).catch(async () => {
      const text = await page.locator('.context-view').innerText().catch(() => '');
      throw new Error(`quick fix not available yet: Ctrl+. on the ${RULE} squiggle opened no code action list${text ? ` ("${text.trim()}")` : ''}`);
    });
    const titles = await anyRow.allInnerTexts();
    const isFix = (t) => (QUICKFIX_TITLE ? QUICKFIX_TITLE.test(t) : t.trim() && !NOT_A_FIX_TITLE.test(t.trim()) && !/^(quick fix|more actions)/i.test(t.trim()));
    expect(titles.some(isFix), `quick fix not available yet: Ctrl+. on the ${RULE} squiggle offers ${JSON.stringify(titles)}, none of them a fix${QUICKFIX_TITLE ? ` matching ${QUICKFIX_TITLE}` : ' (suppressions and documentation links do not count)'}`);
    const title = await focusRow('.action-widget', isFix, 'the quick fix');
    await shot('quickfix', { docs: 'quickfix.png', clip: '.part.editor' });
    // Enter on the focused row: a pointer-block overlay swallows clicks on the action list.
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    await waitForSquiggle(FINDING_LINES, { gone: true, timeout: 30_000 }).catch(() => {
      throw new Error(`after quick fix "${title.trim()}" the squiggle is still there`);
    });
    if (await page.locator('.markers-panel').isVisible()) {
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'NDIS_STATUS_PAUSED' }).first().waitFor({ state: 'detached', timeout: 30_000 })
        .catch(() => { throw new Error(`after quick fix "${title.trim()}" the Problems panel still lists the finding on NDIS_STATUS_PAUSED`); });
    }
    mark(`  applied "${title.trim()}"`);
    await shot('quickfix-applied');
  }, { needs: ['diagnostics: squiggle under the finding'] });

  await step(`snippet "${SNIPPET_PREFIX}" inserts`, async () => {
    await quickOpen('snippet-target.c');
    const editor = activeEditor();
    await editor.locator('.view-lines').click();
    await page.keyboard.type(SNIPPET_PREFIX);
    await page.keyboard.press('Control+Space');
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: SNIPPET_PREFIX }).first();
    await suggestion.waitFor({ timeout: 20_000 }).catch(async () => {
      const rows = await page.locator('.suggest-widget .monaco-list-row').allInnerTexts().catch(() => []);
      throw new Error(`the suggest list offers no snippet "${SNIPPET_PREFIX}" (offered: ${JSON.stringify(rows.slice(0, 8))})`);
    });
    await focusRow('.suggest-widget', (t) => t.includes(SNIPPET_PREFIX), `the snippet ${SNIPPET_PREFIX}`);
    await shot('snippet-suggest', { docs: 'snippet-suggest.png', clip: '.part.editor' });
    await page.keyboard.press('Enter');
    await editor.locator('.view-lines', { hasText: 'NdisMIndicateStatusEx' }).waitFor({ timeout: 10_000 }).catch(() => {
      throw new Error(`accepting "${SNIPPET_PREFIX}" inserted no NdisMIndicateStatusEx call`);
    });
    await shot('snippet', { docs: 'snippet.png', clip: '.part.editor' });
  });

  await step('simulator opens from the command palette and steps', async () => {
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${SIMULATOR_COMMAND_TITLE}`);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: SIMULATOR_COMMAND_TITLE }).first()
      .waitFor({ timeout: 15_000 }).catch(() => { throw new Error(`the command palette has no "${SIMULATOR_COMMAND_TITLE}"`); });
    await page.keyboard.press('Enter');
    const web = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await web.locator('body *').first().waitFor({ timeout: 30_000 }).catch(() => {
      throw new Error(`"${SIMULATOR_COMMAND_TITLE}" opened no webview with content within 30s`);
    });
    const stepButton = STEP_SELECTOR
      ? web.locator(STEP_SELECTOR).first()
      : web.locator('[data-action="step"], #step, #btn-step')
        .or(web.getByRole('button', { name: /^\W*step\b(?!\W*back)/i })).first();
    await stepButton.waitFor({ timeout: 30_000 }).catch(() => {
      throw new Error('the simulator webview shows no Step control (a button named "Step", or [data-action="step"] / #step; set NDIS_E2E_STEP_SELECTOR to override)');
    });
    const frame = await (await web.locator('body').elementHandle()).ownerFrame();
    for (let i = 1; i <= 2; i++) {
      const before = await frame.evaluate(() => document.body.innerText);
      await stepButton.click();
      await frame.waitForFunction((b) => document.body.innerText !== b, before, { timeout: 15_000 }).catch(() => {
        throw new Error(`clicking Step (${i}) changed nothing in the simulator panel`);
      });
    }
    await shot('simulator', { docs: 'simulator-workbench.png', clip: '.part.editor' });
  });

  // ---- failover.c: a protocol finding with its path, replay, commands, suppressions -------------

  await step(`open ${FAILOVER}`, async () => {
    await page.keyboard.press('Control+1'); // the first editor group, not the simulator's
    await quickOpen(FAILOVER);
    await activeEditor().locator('.view-lines', { hasText: 'MpFailover' }).waitFor();
  });

  await step(`Problems panel shows ${PROTOCOL_RULE} with its path`, async () => {
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    const filter = page.locator('.part.panel .viewpane-filter input').first();
    await filter.fill(`**/${FAILOVER}`); // only failover.c's entries
    await panel.locator('.monaco-list-row', { hasText: 'driver.c' }).first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {
      throw new Error(`the Problems filter "**/${FAILOVER}" still lists driver.c`);
    });
    const row = panel.locator('.monaco-list-row', { hasText: PROTOCOL_RULE }).first();
    await row.waitFor({ timeout: 90_000 }).catch(async () => {
      const rows = await panel.locator('.monaco-list-row').allInnerTexts().catch(() => []);
      throw new Error(`Problems panel has no entry with "${PROTOCOL_RULE}" within 90s: the language server did not report it on ${FAILOVER} (entries: ${JSON.stringify(rows)})`);
    });
    expect(/MpFailover/.test(await row.innerText()), `the ${PROTOCOL_RULE} entry does not name MpFailover: "${await row.innerText()}"`);
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
    // the path: pause, branch, return, each a related-information row with its line
    const related = panel.locator('.monaco-list-row:has(.related-info-resource)');
    const want = [['pause', FAILOVER_TEXT.pause], ['branch', FAILOVER_TEXT.branch], ['return', FAILOVER_TEXT.earlyReturn]]
      .map(([word, text]) => ({ word, line: failoverLine(text) }));
    await page.waitForFunction((want) => {
      const rows = [...document.querySelectorAll('.markers-panel .monaco-list-row')].filter((r) => r.querySelector('.related-info-resource'));
      return want.every((w) => rows.some((r) => r.innerText.toLowerCase().includes(w.word) && new RegExp(`\\b${w.line}\\b`).test(r.innerText)));
    }, want, { timeout: 15_000 }).catch(async () => {
      throw new Error(`the ${PROTOCOL_RULE} entry does not show its path ${JSON.stringify(want)} (related rows: ${JSON.stringify(await related.allInnerTexts())})`);
    });
    await shot('protocol-path', { docs: 'protocol-path.png', clip: '.part.panel' });
    await filter.fill('');
  }, { needs: [`open ${FAILOVER}`] });

  let lens;
  await step(`code lenses "${EARLY_LENS}" and "${SUCCESS_LENS}" above MpFailover`, async () => {
    if (await page.locator('.part.panel').isVisible()) {
      await page.keyboard.press('Control+J'); // more room for the editor
      await page.locator('.part.panel').waitFor({ state: 'hidden' });
    }
    await closeSimulatorTab(); // the lens opens it afresh, beside failover.c
    const editor = activeEditor();
    await editor.locator('.view-lines', { hasText: 'MpFailover' }).waitFor();
    lens = editor.locator('.codelens-decoration a', { hasText: EARLY_LENS }).first();
    await lens.waitFor({ timeout: 60_000 }).catch(async () => {
      const lenses = await editor.locator('.codelens-decoration').allInnerTexts().catch(() => []);
      throw new Error(`no "${EARLY_LENS}" code lens in ${FAILOVER} within 60s (lenses: ${JSON.stringify(lenses)})`);
    });
    const texts = (await editor.locator('.codelens-decoration').allInnerTexts()).join(' | ');
    const ret = failoverLine(FAILOVER_TEXT.earlyReturn);
    expect(texts.includes(`${EARLY_LENS} (line ${ret}): pause never resumed`), `the early-return lens names its line and what goes wrong: "${texts}"`);
    expect(texts.includes(SUCCESS_LENS), `no "${SUCCESS_LENS}" lens beside it: "${texts}"`);
    const placement = await page.evaluate(({ fn }) => {
      const ed = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
      const lenses = [...ed.querySelectorAll('.codelens-decoration a')].filter((a) => /Replay/.test(a.textContent));
      const line = [...ed.querySelectorAll('.view-lines .view-line')].find((l) => l.textContent.replace(/\u00a0/g, ' ').includes(fn));
      if (!line) return { error: 'the line of MpFailover is not rendered' };
      const l = line.getBoundingClientRect();
      return { count: lenses.length, gaps: lenses.map((a) => l.top - a.getBoundingClientRect().bottom), lineHeight: l.height };
    }, { fn: FAILOVER_TEXT.fn });
    expect(!placement.error, placement.error);
    expect(placement.count === 2, `${FAILOVER} shows ${placement.count} replay lenses, expected two (on MpFailover)`);
    expect(placement.gaps.every((g) => g >= -1 && g < placement.lineHeight * 1.5), `the lenses are not right above "${FAILOVER_TEXT.fn}" (gaps ${placement.gaps})`);
    await lens.hover();
    await shot('codelens', { docs: 'codelens.png', clip: '.editor-group-container.active' });
  }, { needs: [`open ${FAILOVER}`] });

  const web = () => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  const simFrame = async () => (await web().locator('body').elementHandle()).ownerFrame();
  /** The editor's execution pointer: the decorated line of failover.c and the words after it. */
  const pointer = () => page.evaluate(() => {
    const ed = [...document.querySelectorAll('.editor-instance .monaco-editor')].find((e) => e.textContent.includes('MpFailover'));
    if (!ed) return null;
    const marks = [...ed.querySelectorAll('.view-overlays div[class*="ced-"]')].map((d) => d.getBoundingClientRect().top);
    for (const line of ed.querySelectorAll('.view-lines .view-line')) {
      if (!marks.some((t) => Math.abs(t - line.getBoundingClientRect().top) < 2)) continue;
      const words = [...line.querySelectorAll('span')].map((s) => getComputedStyle(s, '::after').content).find((c) => c && /step \d+/.test(c)) || '';
      return { line: line.textContent.replace(/\u00a0/g, ' ').trim(), words };
    }
    return null;
  });

  await step('the early-return lens replays MpFailover like a debugger and stops on the violation', async () => {
    await lens.click();
    const title = web().locator('#title');
    await title.filter({ hasText: 'MpFailover' }).waitFor({ timeout: 30_000 }).catch(async () => {
      throw new Error(`after clicking the lens the simulator does not name MpFailover (title: "${await title.innerText().catch(() => '?')}")`);
    });
    const frame = await simFrame();
    // the replay starts where the code starts: the pause, the branch taken, the return are still to come
    const upcoming = (await web().locator('#timeline li.upcoming').allInnerTexts()).join(' | ');
    for (const [label, text] of [['NDIS_STATUS_OFFLOAD_PAUSE', FAILOVER_TEXT.pause], ['`!NT_SUCCESS(Status)` is true', FAILOVER_TEXT.branch], ['the function returns', FAILOVER_TEXT.earlyReturn]]) {
      expect(upcoming.includes(label) && upcoming.includes(`failover.c:${failoverLine(text)}`), `the steps to come lack "${label}" at line ${failoverLine(text)}: ${upcoming}`);
    }
    // one step: the pointer moves onto the pause in the C source
    await web().locator('#step').click();
    await page.waitForFunction((line) => {
      const ed = [...document.querySelectorAll('.editor-instance .monaco-editor')].find((e) => e.textContent.includes('MpFailover'));
      // the execution pointer: a whole-line decoration in the overlay layer at the line's height
      const highlighted = (ed, l) => [...ed.querySelectorAll('.view-overlays div[class*="ced-"]')].some((d) => Math.abs(d.getBoundingClientRect().top - l.getBoundingClientRect().top) < 2);
      // Monaco renders spaces as no-break spaces.
      return ed && [...ed.querySelectorAll('.view-lines .view-line')].some((l) => l.textContent.replace(/\u00a0/g, ' ').includes(line) && highlighted(ed, l));
    }, FAILOVER_TEXT.pause, { timeout: 15_000 }).catch(() => { throw new Error('stepping onto the pause put no execution pointer on its line in failover.c'); });
    let p = await pointer();
    expect(p && p.line.includes(FAILOVER_TEXT.pause), `the pointer after step 1: ${JSON.stringify(p)}`);
    mark(`  pointer: ${JSON.stringify(p)}`);
    // play: break on violation stops at the return that leaves offloading paused
    await web().locator('#play').click();
    await web().locator('#banner:not([hidden])').waitFor({ timeout: 30_000 }).catch(() => { throw new Error('playing the early return showed no violation banner'); });
    const banner = await web().locator('#banner').innerText();
    expect(/pause never resumed/.test(banner) && /protocol\/pause-without-resume/.test(banner), `the banner: "${banner}"`);
    await web().locator('#notice', { hasText: 'Stopped at step' }).waitFor({ timeout: 15_000 });
    await page.waitForFunction((line) => {
      const ed = [...document.querySelectorAll('.editor-instance .monaco-editor')].find((e) => e.textContent.includes('MpFailover'));
      // the execution pointer: a whole-line decoration in the overlay layer at the line's height
      const highlighted = (ed, l) => [...ed.querySelectorAll('.view-overlays div[class*="ced-"]')].some((d) => Math.abs(d.getBoundingClientRect().top - l.getBoundingClientRect().top) < 2);
      return ed && [...ed.querySelectorAll('.view-lines .view-line')].some((l) => l.textContent.replace(/\u00a0/g, ' ').includes(line) && highlighted(ed, l));
    }, FAILOVER_TEXT.earlyReturn, { timeout: 15_000 }).catch(() => { throw new Error('at the violation the execution pointer is not on the early return'); });
    p = await pointer();
    expect(p && p.line.includes(FAILOVER_TEXT.earlyReturn), `the pointer at the violation: ${JSON.stringify(p)}`);
    mark(`  pointer at the violation: ${JSON.stringify(p)}`);
    const st = await web().locator('#status').innerText();
    expect(/1 violation/.test(st) && /paused/.test(st), `the status line at the violation: "${st}"`);
    // travel: a click on the first row goes back to the start, the pointer with it
    await web().locator('#timeline button.row[data-position="0"]').click();
    await frame.waitForFunction(() => /Step 0 of/.test(document.getElementById('status').innerText), null, { timeout: 15_000 });
    await shot('replay-violation-start');
    await web().locator('#timeline button.row').last().click();
    await web().locator('#banner:not([hidden])').waitFor({ timeout: 15_000 });
    await shot('replay', { docs: 'replay.png', clip: '.part.editor' });
  }, { needs: [`code lenses "${EARLY_LENS}" and "${SUCCESS_LENS}" above MpFailover`] });

  await step('the simulator fits 400, 800 and 1600 px, light and dark, with 12 px text and no horizontal scroll', async () => {
    const frame = await simFrame();
    await runCommand('View: Toggle Primary Side Bar Visibility');
    const themeIs = (t) => page.evaluate((x) => document.querySelector('.monaco-workbench').classList.contains(x === 'dark' ? 'vs-dark' : 'vs'), t);
    const firstTheme = (await themeIs('dark')) ? 'dark' : 'light';
    for (const theme of ['dark', 'light']) {
      // Each screenshot is named after the theme it really shows.
      if (!(await themeIs(theme))) await runCommand('Preferences: Toggle between Light/Dark Themes');
      await page.waitForFunction((x) => document.querySelector('.monaco-workbench').classList.contains(x === 'dark' ? 'vs-dark' : 'vs'), theme, { timeout: 15_000 })
        .catch(() => { throw new Error(`the workbench did not switch to the ${theme} theme`); });
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        const maximize = width === 400; // at 400 px the panel takes the window, as a user would make it
        if (maximize) await runCommand(MAXIMIZE_GROUP);
        await frame.waitForFunction((w) => document.documentElement.clientWidth > 0 && document.documentElement.clientWidth <= w, width, { timeout: 15_000 });
        await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => r(true))));
        const m = await frame.evaluate(() => {
          const small = [];
          for (const el of document.querySelectorAll('body *')) {
            if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
            const r = el.getBoundingClientRect();
            if (!r.width || !r.height) continue;
            const svg = el.ownerSVGElement;
            const k = svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width || 1 : 1;
            const size = parseFloat(getComputedStyle(el).fontSize) * k;
            if (size < 11.9) small.push(`${el.tagName} "${el.textContent.trim().slice(0, 20)}" ${size.toFixed(1)}px`);
          }
          const off = [...document.querySelectorAll('.toolbar > select, .toolbar .buttons button')].filter((b) => {
            const r = b.getBoundingClientRect();
            return r.left < 0 || r.right > document.documentElement.clientWidth + 0.5;
          }).map((b) => b.id);
          return { width: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth, small, off };
        });
        mark(`  ${theme} ${width}px: panel ${m.width}px`);
        await shot(`simulator-${width}-${theme}`, width === 1600 ? { docs: `simulator-workbench-${theme}.png` } : {});
        expect(m.scroll <= m.width, `${theme} ${width}px: the panel scrolls sideways (${m.scroll} > ${m.width})`);
        expect(m.small.length === 0, `${theme} ${width}px: text under 12 px: ${m.small.slice(0, 4).join('; ')}`);
        expect(m.off.length === 0, `${theme} ${width}px: controls off-screen: ${m.off.join(', ')}`);
        expect(await web().locator('#banner').isVisible(), `${theme} ${width}px: the violation banner is not in view`);
        if (maximize) await runCommand(MAXIMIZE_GROUP);
      }
    }
    if (!(await themeIs(firstTheme))) await runCommand('Preferences: Toggle between Light/Dark Themes');
    await runCommand('View: Toggle Primary Side Bar Visibility');
    await page.setViewportSize({ width: 1440, height: 900 });
  }, { needs: ['the early-return lens replays MpFailover like a debugger and stops on the violation'] });

  await step('the success-path lens replays MpFailover to its end within the protocol', async () => {
    const editor = page.locator('.editor-group-container .editor-instance .monaco-editor', { has: page.locator('.view-lines', { hasText: 'MpFailover' }) }).first();
    await editor.locator('.codelens-decoration a', { hasText: SUCCESS_LENS }).first().click();
    await web().locator('#title', { hasText: 'success path' }).waitFor({ timeout: 30_000 });
    const frame = await simFrame();
    // five quick presses of N are five steps
    await web().locator('#timeline').click({ position: { x: 2, y: 2 } }).catch(() => {});
    await web().locator('#h-seq').click();
    const before = Number(/Step (\d+)/.exec(await web().locator('#status').innerText())[1]);
    for (let i = 0; i < 5; i++) await page.keyboard.press('n');
    await frame.waitForFunction((n) => new RegExp(`Step ${n} of`).test(document.getElementById('status').innerText), before + 5, { timeout: 15_000 })
      .catch(async () => { throw new Error(`five presses of N from step ${before} did not make five steps: "${await web().locator('#status').innerText()}"`); });
    await web().locator('#timeline button.row').last().click();
    await frame.waitForFunction(() => { const m = /Step (\d+) of (\d+)/.exec(document.getElementById('status').innerText); return m && m[1] === m[2]; }, null, { timeout: 15_000 });
    const end = await web().locator('#status').innerText();
    expect(/keeps to the protocol/.test(end), `the success path of MpFailover should keep to the protocol: "${end}"`);
    const timeline = await web().locator('#timeline').innerText();
    for (const code of ['NDIS_STATUS_OFFLOAD_PAUSE', 'NDIS_STATUS_UPLOAD_ALL', 'NDIS_STATUS_OFFLOAD_RESUME', 'upload-all drained \u2192 offloading']) {
      expect(timeline.includes(code), `the timeline does not show ${code}`);
    }
    expect(!/terminateInFlight|notOffloaded|initiateInFlight/.test(await web().locator('body').innerText()), 'internal names on screen');
    mark(`  replay: ${end}`);
    await shot('replay-success');
  }, { needs: ['the early-return lens replays MpFailover like a debugger and stops on the violation'] });

  await step('command palette lists the NDIS commands', async () => {
    // the focus to failover.c's editor, out of the simulator's webview
    const failoverEditor = page.locator('.editor-group-container .editor-instance .monaco-editor', { has: page.locator('.view-lines', { hasText: 'MpFailover' }) }).first();
    await failoverEditor.locator('.view-line', { hasText: 'NDIS_STATUS Status;' }).first().click();
    await page.locator('.editor-group-container.active .editor-instance .monaco-editor.focused').waitFor();
    await openPalette('>NDIS');
    for (const title of NDIS_COMMANDS) {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 }).catch(async () => {
        const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts().catch(() => []);
        throw new Error(`the command palette filtered to "NDIS" has no "${title}" (rows: ${JSON.stringify(rows)})`);
      });
    }
    await shot('commands', { docs: 'commands.png', clip: '.quick-input-widget' });
  });

  await step(`a suppression comment silences ${PROTOCOL_RULE}; an idle one is a ${UNUSED_RULE} hint`, async () => {
    await closeSimulatorTab(); // failover.c gets the whole width for its long comments
    // back to failover.c's editor
    const failoverEditor = page.locator('.editor-group-container .editor-instance .monaco-editor', { has: page.locator('.view-lines', { hasText: 'MpFailover' }) }).first();
    await failoverEditor.locator('.view-line', { hasText: 'NDIS_STATUS Status;' }).first().click();
    await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: FAILOVER }).waitFor();
    // caret into the finding on the early return, then the quick fix that writes the suppression comment
    const warning = await waitForSquiggle([FAILOVER_TEXT.earlyReturn], { severity: 'warning' });
    await page.mouse.click(warning.x + warning.width / 2, warning.y + warning.height / 2);
    await page.keyboard.press('Control+.');
    const widget = page.locator('.action-widget');
    await widget.locator('.monaco-list-row').first().waitFor({ timeout: 15_000 });
    const suppressTitle = new RegExp(`suppress ${PROTOCOL_RULE.replace('/', '\\/')}`, 'i');
    const titles = await widget.locator('.monaco-list-row').allInnerTexts();
    expect(titles.some((t) => suppressTitle.test(t)), `Ctrl+. on the ${PROTOCOL_RULE} squiggle offers no suppression (${JSON.stringify(titles)})`);
    expect(!titles.some((t) => /replay/i.test(t)), `Ctrl+. on the ${PROTOCOL_RULE} squiggle offers a replay, which fixes nothing (${JSON.stringify(titles)})`);
    await focusRow('.action-widget', (t) => suppressTitle.test(t), 'the suppression');
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    const editor = activeEditor();
    await editor.locator('.view-line', { hasText: `ndis-offload-disable-next-line ${PROTOCOL_RULE}` }).waitFor({ timeout: 10_000 }).catch(() => {
      throw new Error('the suppression quick fix wrote no suppression comment');
    });
    await waitForSquiggle([FAILOVER_TEXT.earlyReturn], { severity: 'warning', gone: true, timeout: 30_000 }).catch(() => {
      throw new Error(`with the suppression comment above it the ${PROTOCOL_RULE} squiggle is still on "${FAILOVER_TEXT.earlyReturn}"`);
    });
    // a suppression that silences nothing, typed by hand above the pause
    await editor.locator('.view-line', { hasText: FAILOVER_TEXT.pause }).first().click();
    await page.keyboard.press('Control+Shift+Enter'); // insert line above, indented
    const idle = `// ndis-offload-disable-next-line ${IDLE_RULE}`;
    await page.keyboard.type(idle);
    await page.keyboard.press('Home'); // scroll back to the start of the line
    await editor.locator('.view-line', { hasText: idle }).waitFor();
    const hint = await waitForSquiggle([idle], { severity: 'hint', timeout: 30_000 }).catch(() => {
      throw new Error(`the idle suppression of ${IDLE_RULE} gets no ${UNUSED_RULE} hint within 30s`);
    });
    await page.mouse.move(hint.x + Math.min(hint.width / 2, 40), hint.y + hint.height / 2);
    await page.locator('.monaco-hover', { hasText: UNUSED_RULE }).first().waitFor({ state: 'visible', timeout: 15_000 }).catch(() => {
      throw new Error(`hovering the idle suppression shows no hover with "${UNUSED_RULE}"`);
    });
    await shot('suppression', { docs: 'suppression.png', clip: '.editor-group-container.active' });
    await page.mouse.move(5, 5);
  }, { needs: [`open ${FAILOVER}`] });

  await step('an exported Mermaid trace renders as a sequence diagram in the Markdown preview', async () => {
    await quickOpen('exported-trace.md');
    // Several rows match the title fuzzily ("Open Locked Preview to the Side" first): choose the exact one.
    await openPalette('>Markdown: Open Preview to the Side');
    await page.locator('.quick-input-list .monaco-list-row .label-name').filter({ hasText: /^Markdown: Open Preview to the Side$/ }).first().click();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    // The preview is a webview: wait for our drawing in whichever webview frame holds it.
    await page.locator('.tabs-container .tab', { hasText: 'Preview exported-trace.md' }).waitFor({ timeout: 30_000 });
    // Its frame may not be ready yet: wait on every webview frame there is, and on one more.
    const frames = (await page.locator('iframe.webview.ready').count()) + 1;
    const drawing = await Promise.any([...Array(frames).keys()].map(async (i) => {
      const svg = page.frameLocator(`iframe.webview.ready >> nth=${i}`).frameLocator('iframe#active-frame').locator('.ndis-sequence-preview svg.ndis-sequence');
      await svg.waitFor({ timeout: 30_000 });
      return svg;
    })).catch(() => { throw new Error('the Markdown preview shows no sequence diagram drawn by the extension'); });
    const texts = await drawing.evaluate((svg) => [...svg.querySelectorAll('text')].map((t) => t.textContent).join(' | '));
    expect(/Offload target/.test(texts) && /VIOLATION protocol\/resume-before-upload-drain/.test(texts), `the drawing lacks its participants or violation: ${texts.slice(0, 300)}`);
    await shot('mermaid-preview', { clip: '.part.editor' });
  });
}

(async () => {
  fs.mkdirSync(env.out, { recursive: true });
  const browser = await launch();
  page = browser.page;
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => console.log(`  [page error] ${e.message.slice(0, 200)}`));
  try {
    await scenario();
  } catch (err) {
    if (!(err instanceof StepFailure)) {
      results.push({ name: 'scenario', ok: false, message: String((err && err.message) || err) });
      mark(`✘ ${err && err.stack || err}`);
    } else mark(err.message);
  } finally {
    await browser.close();
  }
  const passed = results.filter((r) => r.ok);
  const failed = results.filter((r) => !r.ok);
  if (process.env.NDIS_E2E_DOCS_IMAGES === '1') {
    fs.mkdirSync(DOCS_IMAGES, { recursive: true });
    for (const s of docsShots) {
      if (passed.find((r) => r.name === s.step)) fs.copyFileSync(s.file, path.join(DOCS_IMAGES, s.name));
    }
    mark(`README pictures refreshed in docs/images/ from the passing steps`);
  }
  console.log('workbench scenario:');
  for (const r of results) console.log(`  ${r.ok ? '✔' : '✘'} ${r.name}${r.ok ? '' : ` — ${r.message}`}`);
  console.log(`${passed.length} passed, ${failed.length} failed`);
  process.exit(failed.length ? 1 : 0);
})();
