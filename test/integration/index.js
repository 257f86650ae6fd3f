// Integration suite, shaped for @vscode/test-electron: VS Code loads this module in its extension
// host and awaits `run()`. It runs unchanged in a desktop VS Code (test/integration/runDesktop.js) and
// in code-server's web workbench (test/e2e/ext-host.e2e.js, through the `?payload=` URL parameter).
//
// It expects the fixture workspace (test/fixtures/workspace, copied afresh) as the open folder.
// Every wait is on a VS Code event (diagnostics, tabs, document changes) bounded by a timeout;
// there is no sleep.
//
// A tiny runner stands in for mocha: tests run in order, each with a timeout; the closing line is
// "N passed, N failed". NDIS_IT_GREP (a regular expression) selects tests by name.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'ndis-offload.ndis-offload';
const RULE = 'indication/status-code';
const SIMULATOR_COMMAND = 'ndisOffload.openSimulator';
const SNIPPET_PREFIX = 'ndis-pause';
const DRIVER = 'driver.c';
// driver.c has two findings of RULE; each may be reported on the assignment or on the call.
const PAUSED_LINES = ['si.StatusCode = NDIS_STATUS_PAUSED', 'NdisMIndicateStatusEx(Adapter->AdapterHandle, &si)']; // has a quick fix
const SUCCESS_LINES = ['done.StatusCode = NDIS_STATUS_SUCCESS', 'NdisMIndicateStatusEx(Adapter->AdapterHandle, &done)'];
const SNIPPET_TARGET = 'snippet-target.c';
// Code actions that silence the finding or only show something are not the fix under test.
const NOT_A_FIX_TITLE = /disable|suppress|ignore|documentation|learn more|replay|simulator|^show\b/i;
const DIAGNOSTIC_TIMEOUT = 60_000;

// ---- runner ----------------------------------------------------------------------------------
const tests = [];
function test(name, fn, timeout = 90_000) {
  tests.push({ name, fn, timeout });
}

function log(...args) {
  console.log(...args);
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000}s: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function run() {
  const grep = process.env.NDIS_IT_GREP ? new RegExp(process.env.NDIS_IT_GREP) : null;
  let passed = 0;
  let failed = 0;
  const failures = [];
  log(`NDIS Offload integration suite in ${vscode.env.appName} ${vscode.version} (${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`);
  for (const t of tests) {
    if (grep && !grep.test(t.name)) continue;
    const start = Date.now();
    try {
      await withTimeout(Promise.resolve().then(t.fn), t.timeout, t.name);
      passed++;
      log(`  ✔ ${t.name} (${Date.now() - start} ms)`);
    } catch (err) {
      failed++;
      failures.push({ name: t.name, err });
      log(`  ✘ ${t.name} (${Date.now() - start} ms)`);
      log(`      ${String((err && err.stack) || err).split('\n').slice(0, 6).join('\n      ')}`);
    } finally {
      await resetEditors();
    }
  }
  log(`${passed} passed, ${failed} failed`);
  if (failed > 0) {
    throw new Error(`${failed} integration test(s) failed: ${failures.map((f) => f.name).join('; ')}`);
  }
}

// ---- helpers ---------------------------------------------------------------------------------

/** Resolves when `check()` returns a truthy value, re-checking on each of `events`; rejects after `ms`. */
function waitFor(what, check, events, ms = DIAGNOSTIC_TIMEOUT, describe = () => '') {
  return new Promise((resolve, reject) => {
    const subs = [];
    let timer;
    const finish = (fn, value) => {
      clearTimeout(timer);
      subs.forEach((s) => s.dispose());
      fn(value);
    };
    const evaluate = () => {
      try {
        const v = check();
        if (v) finish(resolve, v);
      } catch (err) {
        finish(reject, err);
      }
    };
    for (const ev of events) subs.push(ev(evaluate));
    timer = setTimeout(() => {
      const state = describe();
      finish(reject, new Error(`timed out after ${ms / 1000}s waiting for ${what}${state ? `; last seen: ${state}` : ''}`));
    }, ms);
    evaluate();
  });
}

const codeOf = (d) => (d.code !== null && typeof d.code === 'object' ? d.code.value : d.code);
const diagnosticsOf = (uri, code = RULE) => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === code);
const describeDiagnostics = (uri) => () =>
  JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => `${d.range.start.line + 1}: ${codeOf(d)}: ${d.message}`));

function waitForDiagnostics(uri, what, predicate, ms = DIAGNOSTIC_TIMEOUT) {
  return waitFor(
    `${what} on ${path.basename(uri.path)}`,
    () => predicate(diagnosticsOf(uri)),
    [vscode.languages.onDidChangeDiagnostics],
    ms,
    describeDiagnostics(uri),
  );
}

const present = (diags) => (diags.length > 0 ? diags : null);
const absent = (diags) => diags.length === 0;

function workspaceFile(name) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'no workspace folder is open: open the fixture workspace (test/fixtures/workspace)');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function openFile(name) {
  const uri = workspaceFile(name);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { uri, doc, editor };
}

/** Lines (0-based) that contain one of `texts`. */
function linesOf(doc, texts) {
  const lines = [];
  for (let i = 0; i < doc.lineCount; i++) if (texts.some((t) => doc.lineAt(i).text.includes(t))) lines.push(i);
  assert.ok(lines.length, `none of ${JSON.stringify(texts)} found in ${doc.uri.path}: the fixture changed?`);
  return lines;
}

/** The RULE diagnostics reported on one of the lines that contain one of `texts`. */
const onLines = (doc, texts) => (diags) => {
  const lines = linesOf(doc, texts);
  const found = diags.filter((d) => lines.includes(d.range.start.line));
  return found.length ? found : null;
};

async function revertActive() {
  if (vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.isDirty) {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}

async function resetEditors() {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.uri.scheme !== 'untitled') {
      await vscode.window.showTextDocument(doc);
      await revertActive();
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

async function activeExtension() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed (installed: ${vscode.extensions.all.filter((e) => !e.packageJSON.isBuiltin).map((e) => e.id).join(', ') || 'none'})`);
  if (!ext.isActive) await ext.activate();
  return ext;
}

/** Minimal JSONC (comments, trailing commas) to JSON, for snippet files. */
function parseJsonc(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

// ---- tests -----------------------------------------------------------------------------------

test('the extension activates', async () => {
  const ext = await activeExtension();
  assert.ok(ext.isActive, `${EXTENSION_ID} did not activate`);
});

test(`driver.c gets its two ${RULE} diagnostics`, async () => {
  await activeExtension();
  const { uri, doc } = await openFile(DRIVER);
  const [paused] = await waitForDiagnostics(uri, `a ${RULE} diagnostic in MpPauseOffload (NDIS_STATUS_PAUSED)`, onLines(doc, PAUSED_LINES));
  const [success] = await waitForDiagnostics(uri, `a ${RULE} diagnostic in MpIndicateDone (NDIS_STATUS_SUCCESS)`, onLines(doc, SUCCESS_LINES));
  for (const [d, name] of [[paused, 'NDIS_STATUS_PAUSED'], [success, 'NDIS_STATUS_SUCCESS']]) {
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error, `${RULE} should be an error by default (${name})`);
    assert.match(d.message, new RegExp(name), `the message names the status code it saw: "${d.message}"`);
    assert.ok(d.source, 'the diagnostic names its source');
  }
});

test(`the ${RULE} diagnostic links its rule page`, async () => {
  const { uri } = await openFile(DRIVER);
  const [d] = await waitForDiagnostics(uri, `a diagnostic with code ${RULE}`, present);
  assert.ok(d.code !== null && typeof d.code === 'object' && d.code.target,
    `code should carry a link to the rule page (LSP codeDescription); got ${JSON.stringify(d.code)}`);
});

test(`a quick fix for ${RULE} is offered and applies`, async () => {
  const { uri, doc } = await openFile(DRIVER);
  const [d] = await waitForDiagnostics(uri, `a ${RULE} diagnostic on NDIS_STATUS_PAUSED`, onLines(doc, PAUSED_LINES));
  const actions = (await vscode.commands.executeCommand(
    'vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value, 10)) || [];
  const titles = actions.map((a) => a.title);
  const wanted = process.env.NDIS_E2E_QUICKFIX ? new RegExp(process.env.NDIS_E2E_QUICKFIX, 'i') : null;
  const fixes = actions.filter((a) => (a.edit || a.command) && (wanted ? wanted.test(a.title) : !NOT_A_FIX_TITLE.test(a.title)));
  const fix = fixes.find((a) => a.isPreferred) || fixes[0];
  assert.ok(fix, `no quick fix for ${RULE} at line ${d.range.start.line + 1} (code actions offered: ${JSON.stringify(titles)})`);
  log(`      applying quick fix "${fix.title}"`);
  const before = doc.getText();
  if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), `workspace.applyEdit refused the edit of "${fix.title}"`);
  if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments || []));
  assert.notEqual(doc.getText(), before, `quick fix "${fix.title}" did not change the document`);
  await waitForDiagnostics(uri, `the ${RULE} diagnostic on NDIS_STATUS_PAUSED to go after "${fix.title}"`,
    (ds) => !onLines(doc, PAUSED_LINES)(ds) && onLines(doc, SUCCESS_LINES)(ds));
  // The finding comes back when the file is reverted: the diagnostics follow edits both ways.
  await revertActive();
  await waitForDiagnostics(uri, `the ${RULE} diagnostic to come back after reverting the fix`, onLines(doc, PAUSED_LINES));
});

test(`the snippet "${SNIPPET_PREFIX}" inserts a status indication`, async () => {
  const ext = await activeExtension();
  const contributed = (ext.packageJSON.contributes && ext.packageJSON.contributes.snippets) || [];
  const files = contributed.filter((s) => s.language === 'c');
  assert.ok(files.length, `the extension contributes no snippets for C (contributes.snippets: ${JSON.stringify(contributed)})`);
  let name;
  let body;
  for (const f of files) {
    const snippets = parseJsonc(fs.readFileSync(path.join(ext.extensionPath, f.path), 'utf8'));
    for (const [key, s] of Object.entries(snippets)) {
      const prefixes = [].concat(s.prefix || []);
      if (prefixes.includes(SNIPPET_PREFIX)) { name = key; body = [].concat(s.body).join('\n'); }
    }
  }
  assert.ok(name, `no contributed C snippet has the prefix "${SNIPPET_PREFIX}" (files: ${files.map((f) => f.path).join(', ')})`);
  const { doc, editor } = await openFile(SNIPPET_TARGET);
  assert.equal(doc.getText(), '', `${SNIPPET_TARGET} should start empty`);
  const changed = waitFor(`the snippet "${name}" to be inserted`, () => doc.getText().includes('NdisMIndicateStatusEx'),
    [vscode.workspace.onDidChangeTextDocument], 20_000, () => JSON.stringify(doc.getText().slice(0, 200)));
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  // By name, through VS Code's own snippet service: proves the contribution is registered, not just on disk.
  await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'c', name });
  await changed;
  const text = doc.getText();
  assert.match(text, /NdisMIndicateStatusEx\s*\(/, 'the snippet calls NdisMIndicateStatusEx');
  assert.match(text, /NDIS_STATUS_OFFLOAD_PAUSE/, 'the pause snippet indicates NDIS_STATUS_OFFLOAD_PAUSE');
  assert.ok(!text.includes('${'), `the snippet's placeholders were expanded (body: ${body.slice(0, 80)}...)`);
});

test(`the command ${SIMULATOR_COMMAND} opens the simulator webview`, async () => {
  await activeExtension();
  const commands = await vscode.commands.getCommands(true);
  assert.ok(commands.includes(SIMULATOR_COMMAND), `command ${SIMULATOR_COMMAND} is not registered`);
  const webviewTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview);
  assert.ok(!webviewTab(), 'a webview tab is already open before the command');
  const opened = waitFor('a webview tab', webviewTab, [vscode.window.tabGroups.onDidChangeTabs], 30_000,
    () => JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label)));
  await vscode.commands.executeCommand(SIMULATOR_COMMAND);
  const tab = await opened;
  log(`      webview tab "${tab.label}" (${tab.input.viewType})`);
  assert.match(tab.label, /simulat/i, 'the panel title names the simulator');
  await vscode.window.tabGroups.close(webviewTab()); // tab objects are replaced as the tab changes: look it up again
});

test(`ndisOffload.rules turns ${RULE} off, to a warning, and back without a reload`, async () => {
  const { uri } = await openFile(DRIVER);
  await waitForDiagnostics(uri, `a diagnostic with code ${RULE}`, present);
  const config = () => vscode.workspace.getConfiguration('ndisOffload');
  const inspected = config().inspect('rules');
  assert.ok(inspected, 'the setting ndisOffload.rules is not contributed');
  const previous = inspected.workspaceValue;
  const withRule = (severity) => ({ ...(config().get('rules') || {}), [RULE]: severity });
  try {
    await config().update('rules', withRule('off'), vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(uri, `the ${RULE} diagnostic to go with severity "off"`, absent);
    await config().update('rules', withRule('warning'), vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(uri, `the ${RULE} diagnostic to come back as a warning`,
      (ds) => ds.length > 0 && ds.every((d) => d.severity === vscode.DiagnosticSeverity.Warning));
  } finally {
    await config().update('rules', previous, vscode.ConfigurationTarget.Workspace);
  }
  await waitForDiagnostics(uri, `the ${RULE} diagnostic to be an error again once the setting is restored`,
    (ds) => ds.length > 0 && ds.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
});

// ---- failover.c: a protocol finding with a path, replay, suppressions ---------------------------

const FAILOVER = 'failover.c';
const PROTOCOL_RULE = 'protocol/pause-without-resume';
const UNUSED_RULE = 'suppression/unused';
// failover.c: MpFailover pauses, returns early when the switch fails (the finding), else uploads all,
// waits for the terminates and resumes.
const FAILOVER_LINES = {
  fn: 'NDIS_STATUS MpFailover(PADAPTER Adapter)',
  pause: 'MpIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_PAUSE);',
  branch: 'if (!NT_SUCCESS(Status))',
  earlyReturn: 'return Status;',
  uploadAll: 'MpIndicateStatus(Adapter, NDIS_STATUS_UPLOAD_ALL);',
  wait: 'NdisWaitEvent(&Adapter->TerminatesDone, 0);',
  resume: 'MpIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_RESUME);',
};
/** The one line of failover.c that holds `text` (0-based). */
function lineOf(doc, text) {
  const lines = linesOf(doc, [text]);
  assert.equal(lines.length, 1, `"${text}" should be on one line of ${path.basename(doc.uri.path)}, found on ${lines.map((l) => l + 1)}`);
  return lines[0];
}

function waitForCode(uri, code, what, predicate, ms = DIAGNOSTIC_TIMEOUT) {
  return waitFor(
    `${what} on ${path.basename(uri.path)}`,
    () => predicate(diagnosticsOf(uri, code)),
    [vscode.languages.onDidChangeDiagnostics],
    ms,
    describeDiagnostics(uri),
  );
}

/** The PROTOCOL_RULE diagnostic on the early return of MpFailover. */
async function failoverFinding() {
  const { uri, doc, editor } = await openFile(FAILOVER);
  const ret = lineOf(doc, FAILOVER_LINES.earlyReturn);
  const [d] = await waitForCode(uri, PROTOCOL_RULE, `a ${PROTOCOL_RULE} diagnostic on "${FAILOVER_LINES.earlyReturn}" (line ${ret + 1})`,
    (ds) => { const on = ds.filter((x) => x.range.start.line === ret); return on.length ? on : null; });
  return { uri, doc, editor, d };
}

const webviewTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
const tabLabels = () => JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label));

test(`${FAILOVER} gets a ${PROTOCOL_RULE} diagnostic with its path (pause, branch, return)`, async () => {
  await activeExtension();
  const { uri, doc, d } = await failoverFinding();
  assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, `${PROTOCOL_RULE} should be a warning by default`);
  assert.match(d.message, /MpFailover/, `the message names the function: "${d.message}"`);
  const related = d.relatedInformation || [];
  const seen = JSON.stringify(related.map((r) => `${path.basename(r.location.uri.path)}:${r.location.range.start.line + 1}: ${r.message}`));
  assert.equal(related.length, 3, `relatedInformation should be the path pause, branch, return; got ${seen}`);
  const expected = [
    ['pause', FAILOVER_LINES.pause, /pause/i],
    ['branch', FAILOVER_LINES.branch, /branch/i],
    ['return', FAILOVER_LINES.earlyReturn, /return/i],
  ];
  expected.forEach(([what, text, message], i) => {
    const r = related[i];
    assert.equal(r.location.uri.toString(), uri.toString(), `path step ${i + 1} (${what}) is in ${FAILOVER}; got ${seen}`);
    assert.equal(r.location.range.start.line, lineOf(doc, text), `path step ${i + 1} (${what}) is on "${text}"; got ${seen}`);
    assert.match(r.message, message, `path step ${i + 1} says what happens there; got ${seen}`);
  });
});

test(`${FAILOVER}: one replay lens per way MpFailover ends (early return, success path)`, async () => {
  const { uri, doc } = await failoverFinding(); // the analysis of the file has run
  const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 10)) || [];
  const seen = JSON.stringify(lenses.map((l) => `${l.range.start.line + 1}: ${l.command && l.command.title} -> ${l.command && l.command.command}`));
  const fnLine = lineOf(doc, FAILOVER_LINES.fn);
  const mine = lenses.filter((l) => l.command && l.command.command === SIMULATOR_COMMAND && l.range.start.line === fnLine);
  const ret = lineOf(doc, FAILOVER_LINES.earlyReturn);
  assert.deepEqual(mine.map((l) => l.command.title.replace(/^\$\([\w-]+\) /, '')),
    [`Replay early return (line ${ret + 1}): pause never resumed`, 'Replay success path'], `lenses: ${seen}`);
  const steps = (l) => l.command.arguments[0].events.map((e) => ('branch' in e ? `branch@${e.line + 1}` : `${e.event.kind}@${e.line + 1}`));
  const early = steps(mine[0]);
  assert.deepEqual(early, [`pause@${lineOf(doc, FAILOVER_LINES.pause) + 1}`, `branch@${lineOf(doc, FAILOVER_LINES.branch) + 1}`, `exit@${ret + 1}`], `early return: ${JSON.stringify(early)}`);
  const success = steps(mine[1]);
  for (const [kind, text] of [['pause', FAILOVER_LINES.pause], ['uploadAll', FAILOVER_LINES.uploadAll], ['resume', FAILOVER_LINES.resume]]) {
    assert.ok(success.includes(`${kind}@${lineOf(doc, text) + 1}`), `the success path has ${kind} on "${text}": ${JSON.stringify(success)}`);
  }
  // MpIndicateStatus itself makes no event: its status code is a parameter.
  const wrapper = lenses.filter((l) => l.range.start.line !== fnLine && l.command && l.command.command === SIMULATOR_COMMAND);
  assert.equal(wrapper.length, 0, `only MpFailover gets replay lenses; lenses: ${seen}`);
});

test(`${FAILOVER}: replay is a lens, not a quick fix for ${PROTOCOL_RULE}`, async () => {
  const { uri, d } = await failoverFinding();
  const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value, 10)) || [];
  assert.ok(!actions.some((a) => /replay/i.test(a.title)), `a replay among the quick fixes: ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(actions.some((a) => /suppress/i.test(a.title)), `the suppression is offered: ${JSON.stringify(actions.map((a) => a.title))}`);
});

test(`${FAILOVER}: a suppression comment silences ${PROTOCOL_RULE}; one that silences nothing is a ${UNUSED_RULE} hint`, async () => {
  const { uri, doc } = await failoverFinding();
  const indentOf = (line) => /^\s*/.exec(doc.lineAt(line).text)[0];
  const ret = lineOf(doc, FAILOVER_LINES.earlyReturn);
  const wait = lineOf(doc, FAILOVER_LINES.wait);
  assert.equal(diagnosticsOf(uri, UNUSED_RULE).length, 0, `${UNUSED_RULE} before any suppression: ${describeDiagnostics(uri)()}`);
  try {
    // 1. above the early return: the finding goes, and the suppression is used (no hint)
    const silence = new vscode.WorkspaceEdit();
    silence.insert(uri, new vscode.Position(ret, 0), `${indentOf(ret)}// ndis-offload-disable-next-line ${PROTOCOL_RULE}\n`);
    assert.ok(await vscode.workspace.applyEdit(silence), 'workspace.applyEdit refused the suppression comment');
    await waitForCode(uri, PROTOCOL_RULE, `the ${PROTOCOL_RULE} diagnostic to go once suppressed`, absent);
    assert.equal(diagnosticsOf(uri, UNUSED_RULE).length, 0, `the suppression that silences ${PROTOCOL_RULE} is reported unused: ${describeDiagnostics(uri)()}`);
    // 2. a rule with no finding on the next line: an idle suppression, reported as a hint on the comment
    const idleRule = 'protocol/resume-before-upload-drain';
    const idleLine = wait + 1; // the wait moved down by the first comment
    assert.ok(doc.lineAt(idleLine).text.includes(FAILOVER_LINES.wait), `line ${idleLine + 1} should be the wait: "${doc.lineAt(idleLine).text}"`);
    const idle = new vscode.WorkspaceEdit();
    idle.insert(uri, new vscode.Position(idleLine, 0), `${indentOf(idleLine)}// ndis-offload-disable-next-line ${idleRule}\n`);
    assert.ok(await vscode.workspace.applyEdit(idle), 'workspace.applyEdit refused the idle suppression comment');
    const [hint] = await waitForCode(uri, UNUSED_RULE, `a ${UNUSED_RULE} hint on the idle suppression (line ${idleLine + 1})`,
      (ds) => { const on = ds.filter((x) => x.range.start.line === idleLine); return on.length ? on : null; });
    assert.equal(hint.severity, vscode.DiagnosticSeverity.Hint, `${UNUSED_RULE} is a hint by default`);
    assert.match(hint.message, new RegExp(idleRule), `the hint names the idle rule: "${hint.message}"`);
    assert.equal(diagnosticsOf(uri, PROTOCOL_RULE).length, 0, `${PROTOCOL_RULE} came back: ${describeDiagnostics(uri)()}`);
    assert.ok(doc.isDirty, 'the edits stay unsaved');
  } finally {
    await vscode.window.showTextDocument(doc);
    await revertActive();
  }
  assert.ok(!doc.getText().includes('ndis-offload-disable'), 'revert removed the suppression comments');
  await waitForCode(uri, PROTOCOL_RULE, `the ${PROTOCOL_RULE} diagnostic to come back after reverting`, present);
  await waitForCode(uri, UNUSED_RULE, `the ${UNUSED_RULE} hint to go after reverting`, absent);
});

module.exports = { run };
