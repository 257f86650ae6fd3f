// No nesting in a workspace file can overflow the analyzer's stack: the walks
// over trees and call graphs keep stacks of their own, and a function nested
// deeper than MAX_NESTING levels is skipped with a note while the rest of the
// file (and workspace) is analysed. Each reproduction of issue 15 sits beside a
// function with a known finding, which must still be reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { MAX_NESTING } from '../../server/src/analysis/budget';
import { overNested, PARSE_NESTING_LIMIT } from '../../server/src/parse/nesting';
import { createAnalyzer } from '../../server/src/rules/analyzeWithRules';

const ROOT = resolve(__dirname, '../../..');

/** A function with one known finding (indication/header on its NdisMIndicateStatusEx line, line 10). */
const NEIGHBOUR = `VOID Bad(NDIS_HANDLE h)
{
    NDIS_STATUS_INDICATION si;
    NdisZeroMemory(&si, sizeof(si));
    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    si.Header.Revision = 2;
    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    si.SourceHandle = h;
    si.StatusCode = NDIS_STATUS_LINK_STATE;
    NdisMIndicateStatusEx(h, &si);
}
`;
const NEIGHBOUR_LINE = 9;

const deep = (body: string) => `${NEIGHBOUR}\nVOID Deep(NDIS_HANDLE h, int a)\n{\n    NDIS_STATUS_INDICATION si;\n    ${body}\n}\n`;
const terms = (n: number, sep: string) => Array.from({ length: n }, (_, i) => `a${i}`).join(sep);

/** The reproductions of issue 15 (about 1,200 else-if arms, 1,500 loops, 3,000 braces or parentheses, 5,000-term chains) and kin. */
const SHAPES: [string, string][] = [
  ['1,200 else-if arms', 'if (a == 0) x();' + Array.from({ length: 1200 }, (_, i) => ` else if (a == ${i + 1}) x();`).join('')],
  ['1,500 nested while loops', 'while (a) '.repeat(1500) + 'x();'],
  ['2,000 nested while loops (the start-up crash)', 'while (a) '.repeat(2000) + 'NdisMIndicateStatusEx(h, &si);'],
  ['3,000 nested braces', '{'.repeat(3000) + 'x();' + '}'.repeat(3000)],
  ['3,000 nested parentheses', `y = ${'('.repeat(3000)}a${')'.repeat(3000)};`],
  ['3,000 nested calls', `${'f('.repeat(3000)}a${')'.repeat(3000)};`],
  ['a 5,000-term + chain', `y = ${terms(5000, ' + ')};`],
  ['a 5,000-term && chain', `if (${terms(5000, ' && ')}) x();`],
  ['3,000 nested initializer lists', `NDIS_STATUS_INDICATION s2 = ${'{'.repeat(3000)}0${'}'.repeat(3000)};`],
  ['3,000 nested #if arms', '\n#if A\n'.repeat(3000) + 'x();' + '\n#endif\n'.repeat(3000)],
];

for (const [name, body] of SHAPES) {
  test(`${name}: that function is skipped with a note, the rest is reported`, async () => {
    const text = deep(body);
    for (const path of ['command line', 'editor'] as const) {
      const a = await createAnalyzer();
      const uri = 'file:///w/deep.c';
      if (path === 'editor') a.openFile(uri, text);
      else a.setFile(uri, text);
      const findings = [...a.analyze().values()].flat();
      assert.ok(
        findings.some((f) => f.rule === 'indication/header' && f.range.start.line === NEIGHBOUR_LINE),
        `${path}: the neighbour's finding is missing: ${JSON.stringify(findings.map((f) => f.rule))}`,
      );
      assert.deepEqual(a.fileNotes().map((n) => n.message), ['function Deep (line 13): too deeply nested (more than 1000 levels), skipped'], `${path}: the file was analysed but Deep`);
      const skipped = a.skipped();
      assert.deepEqual(skipped.map((s) => [s.name, s.reason, s.stage]), [['Deep', 'nesting', 'extract']], `${path}: ${JSON.stringify(skipped)}`);
      assert.match(skipped[0].message, /too deeply nested/);
      assert.equal(text.slice(skipped[0].loc.start, skipped[0].loc.end), 'Deep', 'the note points at the function name');
      a.trees.dispose();
    }
  });
}

test(`functions nested up to ${MAX_NESTING} levels are analysed even on a 60 KB call stack (the walks keep their own stacks)`, () => {
  const script = `
    const { createAnalyzer } = require(${JSON.stringify(join(ROOT, 'out/server/src/rules/analyzeWithRules.js'))});
    const shapes = JSON.parse(process.argv[1]);
    (async () => {
      const out = [];
      for (const text of shapes) {
        const a = await createAnalyzer();
        a.openFile('file:///w/deep.c', text);
        const findings = [...a.analyze().values()].flat();
        out.push({ rules: findings.map((f) => f.rule), skipped: a.skipped().length, notes: a.fileNotes().length });
      }
      console.log(JSON.stringify(out));
    })();`;
  const depth = MAX_NESTING - 50;
  const shapes = [
    deep('while (a) '.repeat(depth) + 'NdisMIndicateStatusEx(h, &si);'),
    deep('{'.repeat(depth) + 'x();' + '}'.repeat(depth)),
    deep(`y = ${'('.repeat(depth)}a${')'.repeat(depth)};`),
    deep(`if (a) x();${' else if (a) x();'.repeat(depth / 2 - 10)}`),
  ];
  const r = spawnSync(process.execPath, ['--stack-size=60', '-e', script, JSON.stringify(shapes)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { rules: string[]; skipped: number; notes: number }[];
  assert.equal(out.length, shapes.length);
  for (const o of out) {
    assert.equal(o.skipped, 0, 'nothing skipped');
    assert.equal(o.notes, 0, 'no file note');
    assert.ok(o.rules.includes('indication/header'), JSON.stringify(o));
  }
});

test('a call chain of 4,000 functions (the init-only closure climbs it without recursion)', async () => {
  const n = 4000;
  const fns = ['VOID Fz0(NDIS_HANDLE h, PNDIS_STATUS_INDICATION p) { p->StatusCode = NDIS_STATUS_OFFLOAD_PAUSE; NdisMIndicateStatusEx(h, p); }'];
  for (let i = 1; i < n; i++) fns.push(`VOID Fz${i}(NDIS_HANDLE h, PNDIS_STATUS_INDICATION p) { Fz${i - 1}(h, p); }`);
  fns.push(`VOID FzInit(VOID) { Chars.InitializeHandlerEx = Fz${n - 1}; }`);
  const a = await createAnalyzer();
  a.setFile('file:///w/chain.c', fns.join('\n') + '\n' + NEIGHBOUR);
  const findings = [...a.analyze().values()].flat();
  assert.ok(findings.some((f) => f.rule === 'protocol/pause-never-resumed'), JSON.stringify(findings.map((f) => f.rule)));
  assert.ok(findings.some((f) => f.rule === 'indication/header'));
  assert.deepEqual(a.skipped(), []);
});

test('3,000 nested #if 0 / #else arms at file level, and a macro with a 3,000-level body', async () => {
  const dead = '\n#if 0\nq();\n#else\n'.repeat(3000) + NEIGHBOUR + '\n#endif\n'.repeat(3000);
  const macro = `#define DEEP_INIT(s) ${'('.repeat(3000)}(s)->StatusCode = NDIS_STATUS_LINK_STATE${')'.repeat(3000)}\n`;
  const user = `VOID UseDeep(NDIS_HANDLE h)\n{\n    NDIS_STATUS_INDICATION si;\n    DEEP_INIT(&si);\n    NdisMIndicateStatusEx(h, &si);\n}\n`;
  const a = await createAnalyzer();
  a.setFile('file:///w/dead.c', dead);
  a.setFile('file:///w/macro.c', macro + user);
  const findings = [...a.analyze().values()].flat();
  assert.ok(findings.some((f) => f.rule === 'indication/header' && f.uri === 'file:///w/dead.c'), JSON.stringify(findings.map((f) => f.rule)));
  const skipped = a.skipped();
  assert.deepEqual(skipped.map((s) => [s.name, s.reason, s.loc.uri]), [['DEEP_INIT', 'nesting', 'file:///w/macro.c']]);
});

test('the language server starts on a workspace holding 2,000 nested loops and reports an open document with more', { timeout: 120_000 }, async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'ndis-deep-'));
  writeFileSync(join(folder, 'loops.c'), deep('while (a) '.repeat(2000) + 'x();'));
  const child = spawn(process.execPath, [join(ROOT, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (s) => (stderr += String(s)));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map<string, (d: Diagnostic[]) => void>();
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  t.after(() => {
    conn.dispose();
    if (child.exitCode === null) child.kill();
    rmSync(folder, { recursive: true, force: true });
  });
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    waiting.get(p.uri)?.(p.diagnostics);
    waiting.delete(p.uri);
  });
  conn.onRequest(() => null);
  conn.onNotification(() => undefined);
  conn.listen();
  const next = (uri: string) => new Promise<Diagnostic[]>((res) => waiting.set(uri, res));
  const folderUri = pathToFileURL(folder).toString();
  await conn.sendRequest('initialize', { processId: null, rootUri: folderUri, workspaceFolders: [{ uri: folderUri, name: 'w' }], capabilities: {} });
  const scanned = next(`${folderUri}/loops.c`);
  await conn.sendNotification('initialized', {});
  const onDisk = await scanned;
  assert.deepEqual(onDisk.filter((d) => d.code === 'indication/header').map((d) => d.range.start.line), [NEIGHBOUR_LINE], stderr);
  // An edit that adds nesting to an open document: its diagnostics are replaced, not left stale.
  const uri = `${folderUri}/open.c`;
  const opened = next(uri);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version: 1, text: NEIGHBOUR } });
  assert.equal((await opened).filter((d) => d.code === 'indication/header').length, 1);
  const changed = next(uri);
  const text = deep('while (a) '.repeat(3000) + 'x();').replace('si.Header.Revision = 2;', 'si.Header.Revision = 1;');
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
  assert.deepEqual((await changed).filter((d) => d.code === 'indication/header'), [], 'the fixed neighbour has no header finding any more');
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  assert.equal(await exited, 0, stderr);
});

test('designated initializers nested 3,000 deep where no initializer can be (they broke the parser for good) are kept from it', async () => {
  const shape = (k: number) => `{ .a = ${'{ .a = '.repeat(k)}0${' }'.repeat(k)} }`;
  const a = await createAnalyzer();
  a.setFile('file:///w/a.c', `VOID Deep(VOID)\n${shape(3000)}\n${NEIGHBOUR}`);
  a.setFile('file:///w/b.c', `${shape(3000)};\n`);
  // Files read after them are still parsed and analysed.
  a.setFile('file:///w/c.c', NEIGHBOUR.replace('Bad', 'Bad2'));
  const findings = [...a.analyze().values()].flat();
  assert.deepEqual(findings.filter((f) => f.rule === 'indication/header').map((f) => f.uri).sort(), ['file:///w/a.c', 'file:///w/c.c']);
  assert.deepEqual(a.skipped().map((s) => [s.loc.uri, s.name, s.reason]), [['file:///w/a.c', 'Deep', 'nesting'], ['file:///w/b.c', '(file scope)', 'nesting']]);
  assert.deepEqual(a.fileNotes().map((n) => n.message), ['function Deep (line 1): too deeply nested (more than 1000 levels), skipped', 'code at file scope (line 1): too deeply nested (more than 1000 levels), skipped']);
});

test(`the parser is given at most ${PARSE_NESTING_LIMIT} levels of brackets; comments, literals and directives do not count`, () => {
  const k = PARSE_NESTING_LIMIT;
  assert.deepEqual(overNested(`${'('.repeat(k)}x${')'.repeat(k)}`), []);
  const over = `${'('.repeat(k + 2)}x${')'.repeat(k + 2)}`;
  assert.deepEqual(overNested(over), [[k, over.length - k]]);
  const ignored = [`/* ${'{'.repeat(k + 5)} */`, `// ${'('.repeat(k + 5)}`, `"${'['.repeat(k + 5)}"`, `'\\\\' ${"'{'".repeat(k + 5)}`, `#define OPEN ${'{'.repeat(k + 5)}\nint x;`, `#define OPEN \\\r\n ${'{'.repeat(k + 5)}\r\nint x;`];
  for (const t of ignored) assert.deepEqual(overNested(t), [], JSON.stringify(t.slice(0, 40)));
  assert.deepEqual(overNested(`${')'.repeat(5)}${'('.repeat(k)}`), [], 'stray closers do not lower the count below zero');
  assert.deepEqual(overNested(`${'{'.repeat(k + 1)}`), [[k, k + 1]], 'unclosed to the end');
});

test('the command line reports the other findings and says which function it skipped and why', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ndis-deep-cli-'));
  try {
    writeFileSync(join(folder, 'deep.c'), deep('while (a) '.repeat(2000) + 'x();'));
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), folder], { encoding: 'utf8', cwd: folder });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /deep\.c:10:\d+: error indication\/header/);
    assert.match(r.stderr, /deep\.c'?: function Deep \(line 13\): too deeply nested \(more than 1000 levels\), skipped/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
