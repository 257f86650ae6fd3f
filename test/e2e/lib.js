// Shared by the end-to-end programs: Debian's Chromium through playwright-core (no browser download),
// a fresh user-data dir per run, and the environment that scripts/e2e/run.sh and scripts/start.mjs set.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const env = {
  url: process.env.NDIS_E2E_URL || 'http://127.0.0.1:8080', // code-server's address
  workspace: process.env.NDIS_E2E_WS,                       // a fresh copy of test/fixtures/workspace
  firstRunWorkspace: process.env.NDIS_E2E_FIRST_RUN_WS,     // a fresh copy of examples/ (npm start's folder)
  out: process.env.NDIS_E2E_OUT || path.resolve(__dirname, '..', '..', 'test-output', 'e2e'),
  root: process.env.NDIS_E2E_ROOT || path.resolve(__dirname, '..', '..'),
  // the extension the extension-host suite runs against (default: this repo, built)
  extensionDevelopmentPath: process.env.NDIS_E2E_EXT_DEV || process.env.NDIS_E2E_ROOT || path.resolve(__dirname, '..', '..'),
  chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
};

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const t0 = Date.now();
function mark(msg) {
  console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
}

async function launch({ width = 1440, height = 900 } = {}) {
  if (!env.workspace) throw new Error('NDIS_E2E_WS (the workspace folder to open) is not set: run through scripts/e2e/run.sh');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndis-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: env.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width, height },
    deviceScaleFactor: 1,
  });
  const page = context.pages()[0] || (await context.newPage());
  // Only this machine's server may be reached; anything else is a sign the workbench wants the internet.
  const foreign = new Set();
  context.on('request', (r) => {
    const u = r.url();
    // webview resources use a vscode-cdn.net address that the workbench's service worker answers locally
    if (/^https:\/\/[^/]*\.vscode-resource\.vscode-cdn\.net\//.test(u)) return;
    if (!/^(https?:\/\/(127\.0\.0\.1|localhost)[:/]|data:|blob:|vscode-|about:|chrome)/.test(u)) foreign.add(u.split('?')[0]);
  });
  const close = async () => {
    if (foreign.size) console.log(`  note: requests to other hosts (blocked here): ${[...foreign].slice(0, 5).join(', ')}`);
    await context.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, page, close };
}

module.exports = { env, launch, mark };
