// The first-run check of the workbench scenario: npm start's address (scripts/e2e/first-run.cjs) opens a
// fresh copy of examples/ with status.c in the editor, and without any input the squiggle of its first
// finding is in view and the status bar's Problems item counts the sample's errors and warnings (both
// files). Then, opened with the keyboard, the Problems panel lists each of those findings' rules.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const firstRun = require('../../scripts/e2e/first-run.cjs');

/** In the page: errors and warnings in the status bar's Problems item ("$(error) 5 $(warning) 1"), or null. */
const STATUS_BAR_COUNTS = () => {
  const item = document.getElementById('status.problems');
  if (!item) return null;
  const n = (item.innerText.match(/\d+/g) || []).map(Number);
  return n.length >= 2 ? { errors: n[0], warnings: n[1], text: item.innerText.replace(/\s+/g, ' ').trim() } : null;
};

async function checkFirstRun({ page, env, shot, waitForSquiggle, mark }) {
  const folder = env.firstRunWorkspace;
  if (!folder) throw new Error('NDIS_E2E_FIRST_RUN_WS (a fresh copy of examples/) is not set: run through scripts/e2e/run.sh');
  const findings = firstRun.sampleFindings(env.root, folder);
  const want = { errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length };
  const at = firstRun.firstFindingIn(findings, folder);
  if (!at || want.errors + want.warnings === 0) throw new Error(`the command line finds no error or warning in ${firstRun.SAMPLE_FILE}: the sample changed?`);
  const lineText = fs.readFileSync(path.join(folder, firstRun.SAMPLE_FILE), 'utf8').split('\n')[at.line - 1].trim();
  const first = findings.find((f) => f.file === path.join(folder, firstRun.SAMPLE_FILE) && f.line === at.line);

  await page.goto(firstRun.firstRunUrl(env.url, folder, at));
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await page.locator('.tabs-container .tab.active', { hasText: path.basename(firstRun.SAMPLE_FILE) }).waitFor({ timeout: 90_000 }).catch(() => {
    throw new Error(`npm start's address opened no ${firstRun.SAMPLE_FILE} tab`);
  });
  await waitForSquiggle([lineText], { severity: first.severity }).catch(() => {
    throw new Error(`no ${first.severity} squiggle in view on line ${at.line} of ${firstRun.SAMPLE_FILE} ("${lineText}") within 90s`);
  });
  await page.waitForFunction((want) => {
    const item = document.getElementById('status.problems');
    const n = ((item && item.innerText.match(/\d+/g)) || []).map(Number);
    return n[0] === want.errors && n[1] === want.warnings;
  }, want, { timeout: 90_000, polling: 500 }).catch(async () => {
    const seen = await page.evaluate(STATUS_BAR_COUNTS).catch(() => undefined);
    throw new Error(`the status bar's Problems item does not count the sample's ${want.errors} errors and ${want.warnings} warnings (it shows ${JSON.stringify(seen)})`);
  });
  mark(`  first view: ${firstRun.SAMPLE_FILE} at line ${at.line}, status bar ${want.errors} errors, ${want.warnings} warnings`);
  await shot('first-run', { docs: 'first-run.png' });

  // the Problems panel, opened with its shortcut: each rule of the sample's errors and warnings is listed
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible' });
  await shot('first-run-problems');
  const filter = page.locator('.part.panel .viewpane-filter input').first();
  for (const rule of new Set(findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.rule))) {
    await filter.fill(rule);
    await panel.locator('.monaco-list-row', { hasText: rule }).first().waitFor({ timeout: 15_000 }).catch(async () => {
      throw new Error(`the Problems panel lists no ${rule} (rows: ${JSON.stringify(await panel.locator('.monaco-list-row').allInnerTexts())})`);
    });
  }
  await filter.fill('');
  await page.keyboard.press('Control+J'); // hide the panel again
  await page.locator('.part.panel').waitFor({ state: 'hidden' });
}

module.exports = { checkFirstRun };
