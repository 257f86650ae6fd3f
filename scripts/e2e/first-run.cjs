// npm start's first view: VS Code's web workbench on the sample driver's folder with status.c open at
// its first finding, so squiggles and the Problems counts in the status bar show without a click.
// Shared by scripts/start.mjs (which serves it) and test/e2e/workbench.e2e.js (which checks it).
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/** The file the first view opens, inside the sample's folder (a copy of examples/). */
const SAMPLE_FILE = path.join('contoso-offload', 'status.c');

/**
 * The sample's findings from the built command line (dist/cli.js under `root`), as JSON objects with
 * absolute paths; hints included (the workbench counts only errors, warnings and infos).
 */
function sampleFindings(root, folder) {
  const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), '--format', 'json', '--absolute-paths', folder], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`the command line could not analyse ${folder} (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The workbench address that opens `folder` with SAMPLE_FILE at `at` ({ line, column }, 1-based) in the editor. */
function firstRunUrl(base, folder, at) {
  const host = new URL(base).host;
  const file = path.join(folder, SAMPLE_FILE).split(path.sep).join('/');
  // The web workbench reads ?payload= (VS Code's own web embedding does the same): openFile opens a file
  // of the remote (code-server) file system; gotoLineMode puts the caret on file:line:column.
  const payload = [['openFile', `vscode-remote://${host}${file.startsWith('/') ? '' : '/'}${file}${at ? `:${at.line}:${at.column}` : ''}`]];
  if (at) payload.push(['gotoLineMode', 'true']);
  return `${base.replace(/\/$/, '')}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Where the first view puts the caret: the sample file's first error or warning. */
function firstFindingIn(findings, folder) {
  const target = path.join(folder, SAMPLE_FILE);
  const f = findings.filter((x) => x.file === target && (x.severity === 'error' || x.severity === 'warning')).sort((a, b) => a.line - b.line)[0];
  return f ? { line: f.line, column: f.column } : undefined;
}

module.exports = { SAMPLE_FILE, sampleFindings, firstRunUrl, firstFindingIn };
