// Runs the integration suite (test/integration/index.js, an @vscode/test-electron-shaped module) inside
// code-server's extension host: the web workbench reads `?payload=` (extensionDevelopmentPath,
// extensionTestsPath) like VS Code's own browser integration tests, and reports the suite's end through
// window.codeAutomationExit(code) and its console through window.codeAutomationLog(type, args).
'use strict';
const path = require('node:path');
const util = require('node:util');
const { env, launch, mark } = require('./lib');

const SUITE_TIMEOUT_MS = Number(process.env.NDIS_E2E_SUITE_TIMEOUT_MS || 240_000);

(async () => {
  const { page, close } = await launch();
  let exitCode = 1;
  try {
    let finish;
    const exited = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    // The workbench's own log lines come through here too: show the suite's, and every error.
    let suiteStarted = false;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      if (line.includes('NDIS Offload integration suite')) suiteStarted = true;
      if (!suiteStarted && type !== 'error') return;
      for (const l of line.split('\n')) console.log(`  [ext-host${type === 'error' ? ' error' : ''}] ${l}`);
    });
    page.on('pageerror', (e) => console.log(`  [page error] ${e.message}`));
    page.on('crash', () => finish('page crashed'));

    const hostPort = new URL(env.url).host;
    const remote = (p) => `vscode-remote://${hostPort}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(env.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(path.join(env.root, 'test', 'integration', 'index.js'))],
      ['skipWelcome', 'true'],
    ]);
    mark(`opening ${env.workspace} with the integration suite as payload`);
    await page.goto(`${env.url}/?folder=${encodeURIComponent(env.workspace)}&payload=${encodeURIComponent(payload)}`);
    let timer;
    const code = await Promise.race([
      exited,
      new Promise((resolve) => { timer = setTimeout(() => resolve(`no result after ${SUITE_TIMEOUT_MS / 1000}s`), SUITE_TIMEOUT_MS); }),
    ]);
    clearTimeout(timer);
    await page.screenshot({ path: path.join(env.out, 'ext-host-end.png') }).catch(() => {});
    if (code === 0) {
      mark('integration suite in the workbench: passed');
      exitCode = 0;
    } else {
      mark(`integration suite in the workbench: FAILED (${typeof code === 'number' ? `exit code ${code}` : code})`);
    }
  } catch (err) {
    mark(`integration suite in the workbench: FAILED (${err && err.message || err})`);
    await page.screenshot({ path: path.join(env.out, 'ext-host-failure.png') }).catch(() => {});
  } finally {
    await close();
  }
  process.exit(exitCode);
})();
