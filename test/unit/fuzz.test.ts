// The fuzz harness (scripts/fuzz, `npm run fuzz`) in CI: a short run with a fixed
// seed over the repository's own fixtures and examples, and every failing input
// ever saved under test/fixtures/fuzz/ as a regression case. Hangs are caught
// by the harness's watchdog on processor time; here its limit is generous (a
// safety net), and the work the analysis counts is what is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runFuzz } from '../../scripts/fuzz/run';
import { runCase } from '../../scripts/fuzz/worker';
import { createAnalyzer } from '../../server/src/rules/analyzeWithRules';

const ROOT = resolve(__dirname, '../../..');
const SAVED = join(ROOT, 'test/fixtures/fuzz');

test('300 fuzz cases (seed 15): mutated driver files, scenario files and LSP sequences; no crash, hang or invalid output', { timeout: 600_000 }, async () => {
  const report = await runFuzz({
    count: 300,
    seed: 15,
    folders: [],
    hangMillis: 20_000,
    maxInput: 200_000,
    scenarioShare: 0.1,
    lspShare: 0.02,
    serverJs: join(ROOT, 'dist/server.js'),
  });
  assert.deepEqual(report.failures.map((f) => `case ${f.caseIndex} (${f.mutations.join('+')} on ${f.source}): ${f.kind}: ${f.detail.slice(0, 500)}`), []);
  assert.equal(report.cases.c + report.cases.scenario + report.cases.lsp, 300);
  assert.ok(report.cases.scenario > 0 && report.cases.lsp > 0 && report.cases.cpp > 0, JSON.stringify(report.cases));
  assert.ok(report.findings > 0, 'the mutated drivers still have findings');
  assert.ok(report.maxStepsPerChar < 500, `at most ${report.maxStepsPerChar} analysis steps per input character`);
});

test('every input the fuzz harness saved as a failure is analysed now without one', async () => {
  const files = existsSync(SAVED) ? readdirSync(SAVED).filter((f) => /\.(c|cpp|offload-scenario\.json)$/.test(f)) : [];
  for (const [i, f] of files.entries()) {
    const text = readFileSync(join(SAVED, f), 'utf8');
    const r = await runCase(!f.endsWith('.json') ? { id: i, kind: 'c', files: [{ uri: pathToFileURL(join(SAVED, f)).toString(), text }] } : { id: i, kind: 'scenario', file: f, text });
    assert.equal(r.crash, undefined, `${f}: ${r.crash}`);
    assert.deepEqual(r.problems, [], f);
  }
});

test('findings do not depend on the order files were added (the fuzz harness found role lists in that order)', async () => {
  const a = { uri: 'file:///w/a.c', text: 'VOID InitA(VOID) { Chars.InitializeHandlerEx = MpInitA; }\nVOID Late(VOID) { NdisMSetMiniportAttributes(h, &OffloadAttributes); }\n' };
  const b = { uri: 'file:///w/b.c', text: 'VOID InitB(VOID) { Chars.InitializeHandlerEx = MpInitB; }\n' };
  const run = async (order: { uri: string; text: string }[]) => {
    const an = await createAnalyzer();
    for (const f of order) an.setFile(f.uri, f.text);
    return [...an.analyze().values()].flat().map((f) => `${f.rule} ${f.message}`);
  };
  const ab = await run([a, b]);
  assert.ok(ab.some((m) => m.startsWith('protocol/offload-attributes-outside-initialize')), JSON.stringify(ab));
  assert.deepEqual(await run([b, a]), ab);
});

test('the interrupt-level chain named does not depend on the order files were added (two roots reach one helper)', async () => {
  const helper = { uri: 'file:///w/helper.c', text: 'VOID Indicate(NDIS_HANDLE h) { NDIS_STATUS_INDICATION si; NdisZeroMemory(&si, sizeof(si)); si.SourceHandle = h; si.StatusCode = NDIS_STATUS_LINK_STATE; NdisMIndicateStatusEx(h, &si); }\n' };
  // Each registered as an interrupt service routine (a root by its role, found file by file).
  const isr = (k: string) => ({
    uri: `file:///w/isr${k}.c`,
    text: `VOID Indicate(NDIS_HANDLE h);\nBOOLEAN OnFault${k}(NDIS_HANDLE h) { Indicate(h); return TRUE; }\nVOID Register${k}(VOID) { NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS Interrupt; Interrupt.InterruptHandler = OnFault${k}; }\n`,
  });
  const run = async (order: { uri: string; text: string }[]) => {
    const an = await createAnalyzer();
    for (const f of order) an.setFile(f.uri, f.text);
    return [...an.analyze().values()].flat().filter((f) => f.rule === 'indication/irql').map((f) => `${f.uri} ${f.message}`);
  };
  const ab = await run([helper, isr('A'), isr('B')]);
  assert.equal(ab.length, 1, JSON.stringify(ab));
  assert.deepEqual(await run([isr('B'), isr('A'), helper]), ab);
});

test('a function an edit above leaves inside a parse error is read again, not taken from before the edit (fuzz seed 1501, case 665)', async () => {
  const uri = 'file:///w/nullptr.cpp';
  const before = readFileSync(join(ROOT, 'test/fixtures/rules/indication-destination-request/fail-cpp-nullptr.cpp'), 'utf8');
  // A spliced line breaks the struct above the class: the grammar then reads `Adapter::` out of the method's name.
  const after = before.replace('    ULONG FailedTest;', '    ULONG Failetruct _ADAPTER {\n    NDIS_HANDLE MinipodTest;');
  assert.notEqual(after, before);
  const editor = await createAnalyzer();
  try {
    editor.openFile(uri, before);
    assert.equal([...editor.analyze().values()].flat().length, 1);
    editor.openFile(uri, after);
    const incremental = [...editor.analyze().values()].flat().map((f) => `${f.rule} ${f.message}`);
    const fresh = await createAnalyzer();
    fresh.setFile(uri, after);
    assert.deepEqual(incremental, [...fresh.analyze().values()].flat().map((f) => `${f.rule} ${f.message}`));
  } finally {
    editor.trees.dispose();
  }
});

test('an edit tree-sitter parses incrementally through broken code is settled to the tree a fresh parse gives (fuzz seed 4002, case 2292)', async () => {
  const uri = 'file:///w/reasons.c';
  const before = readFileSync(join(ROOT, 'test/fixtures/rules/offload-event-retrieve-reason/pass-optional-reasons.c'), 'utf8');
  const after = readFileSync(join(SAVED, 'seed4002-case2292.c'), 'utf8');
  const shown = (m: Map<string, { rule: string; message: string; range: { start: { line: number } } }[]>) => [...m.values()].flat().map((f) => `${f.range.start.line} ${f.rule} ${f.message}`);
  const fresh = await createAnalyzer();
  fresh.setFile(uri, after);
  const expected = shown(fresh.analyze());
  const editor = await createAnalyzer();
  try {
    editor.openFile(uri, before);
    editor.analyze();
    editor.openFile(uri, after);
    // `)f (` for `if (`: the incremental parse recovers from the error otherwise than a parse from scratch.
    assert.equal(editor.unsettled(), true);
    assert.notDeepEqual(shown(editor.analyze()), expected);
    assert.equal(editor.settle(), true);
    assert.equal(editor.unsettled(), false);
    assert.deepEqual(shown(editor.analyze()), expected);
  } finally {
    editor.trees.dispose();
  }
});

test('a memoised object value is recomputed when a macro its macro expands changes (fuzz seed 4001, case 1560)', async () => {
  const uri = 'file:///w/pasting.c';
  const before = readFileSync(join(ROOT, 'test/fixtures/rules/indication-header/fail-token-pasting-nested.c'), 'utf8');
  const after = readFileSync(join(SAVED, 'seed4001-case1560.c'), 'utf8');
  const shown = (m: Map<string, { rule: string; message: string }[]>) => [...m.values()].flat().map((f) => `${f.rule} ${f.message}`);
  const fresh = await createAnalyzer();
  fresh.setFile(uri, after);
  const expected = shown(fresh.analyze());
  // The edit is in MP_HEADER, which MP_INIT_INDICATION (the macro the function calls) expands.
  assert.ok(expected.some((m) => m.includes('Header.Size is never set')), JSON.stringify(expected));
  const editor = await createAnalyzer();
  try {
    editor.openFile(uri, before);
    assert.ok(shown(editor.analyze()).some((m) => m.includes('NDIS_SIZEOF_STATUS_INDICATION_REVISION_2')));
    editor.openFile(uri, after);
    editor.settle();
    assert.deepEqual(shown(editor.analyze()), expected);
  } finally {
    editor.trees.dispose();
  }
});

test('a text whose parse comes near the parse budget gets the same verdict each time it is parsed (fuzz seed 5002, case 3511)', async () => {
  // `N::N::...` thousands long in a C file: tree-sitter takes about the budget to recover, so whether it
  // gives up depended on the machine's load at that moment, and a fresh analysis and the editor's
  // disagreed. The first verdict on a text is kept (server/src/parse/parseBudget.ts).
  const before = readFileSync(join(ROOT, 'test/fixtures/rules/protocol-offload-attributes-outside-initialize/fail-work-item.c'), 'utf8');
  const after = readFileSync(join(SAVED, 'seed5002-case3511.c'), 'utf8');
  for (const uri of ['file:///w/work-item.c', 'file:///w/work-item.cpp']) {
    const shown = (m: Map<string, { rule: string; message: string }[]>) => [...m.values()].flat().map((f) => `${f.rule} ${f.message}`);
    const fresh = await createAnalyzer();
    fresh.setFile(uri, after);
    const expected = shown(fresh.analyze());
    const editor = await createAnalyzer();
    try {
      editor.openFile(uri, before);
      editor.analyze();
      editor.openFile(uri, after);
      editor.settle();
      assert.deepEqual(shown(editor.analyze()), expected, uri);
      assert.deepEqual(editor.fileNotes().map((n) => n.message.replace(/\d+ ms/, 'N ms')), fresh.fileNotes().map((n) => n.message.replace(/\d+ ms/, 'N ms')), uri);
    } finally {
      editor.trees.dispose();
    }
  }
});

test('an edit that leaves thousands of nodes at file level reads them with a cursor, not node by node from their parent (fuzz seed 7001, case 6648)', async () => {
  // A 100,000-character chain broken by byte edits: the editor's update walked the file-level nodes with
  // nextSibling, which tree-sitter finds from the parent each time (2 s against 0.1 s for a fresh read).
  const { Node } = await import('web-tree-sitter');
  const uri = 'file:///w/chain.c';
  const before = readFileSync(join(ROOT, 'test/fixtures/rules/indication-status-code/pass-pause-resume-assigned.c'), 'utf8');
  const after = readFileSync(join(SAVED, 'seed7001-case6648.c'), 'utf8');
  const shown = (m: Map<string, { rule: string; message: string }[]>) => [...m.values()].flat().map((f) => `${f.rule} ${f.message}`);
  const fresh = await createAnalyzer();
  fresh.setFile(uri, after);
  const expected = shown(fresh.analyze());
  const editor = await createAnalyzer();
  const getter = Object.getOwnPropertyDescriptor(Node.prototype, 'nextSibling')!;
  let siblingSteps = 0;
  try {
    editor.openFile(uri, before);
    editor.analyze();
    Object.defineProperty(Node.prototype, 'nextSibling', { ...getter, get(this: InstanceType<typeof Node>) { siblingSteps++; return getter.get!.call(this); } });
    editor.openFile(uri, after);
    Object.defineProperty(Node.prototype, 'nextSibling', getter);
    assert.equal(siblingSteps, 0);
    editor.settle();
    assert.deepEqual(shown(editor.analyze()), expected);
  } finally {
    Object.defineProperty(Node.prototype, 'nextSibling', getter);
    editor.trees.dispose();
  }
});

test('a file read from disk is parsed once for an analysis right after its read, graphs included (fuzz seed 8001, case 728)', async () => {
  // Its graphs were built from a second parse: a file tree-sitter takes 1.5 s to parse cost twice that.
  const { Parser } = await import('web-tree-sitter');
  const text = readFileSync(join(ROOT, 'test/fixtures/rules/protocol-pause-without-resume/fail-error-return.c'), 'utf8');
  const an = await createAnalyzer();
  const parse = Parser.prototype.parse;
  let parses = 0;
  Parser.prototype.parse = function (this: InstanceType<typeof Parser>, ...args: Parameters<typeof parse>) {
    parses++;
    return parse.apply(this, args);
  };
  try {
    an.setFile('file:///w/early.c', text);
    const findings = [...an.analyze().values()].flat();
    assert.ok(findings.some((f) => f.rule === 'protocol/pause-without-resume'), JSON.stringify(findings.map((f) => f.rule)));
    assert.equal(parses, 1);
    // The kept tree is freed with the analysis: the next one parses the file again for its graphs.
    parses = 0;
    an.setFile('file:///w/early.c', `${text}\n`);
    an.setFile('file:///w/other.c', 'int other(void) { return 0; }\n');
    an.setFile('file:///w/third.c', 'int third(void) { return 0; }\n');
    an.analyze();
    assert.equal(parses, 4, 'three reads, and early.c again: only the latest two reads are kept');
  } finally {
    Parser.prototype.parse = parse;
  }
});
