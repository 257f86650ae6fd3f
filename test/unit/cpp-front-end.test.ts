// The C++ front end: which grammar reads which file (headers by their includers), the facts of C++
// constructs, member-call resolution, and what `--stats` and Analyzer.coverage() say was understood.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAnalyzer } from '../../server/src/rules/analyzeWithRules';
import { calleeOf } from '../../server/src/analysis/calls';
import { kindOfPath, includedNames } from '../../server/src/parse/language';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');

test('file kinds by extension; #include names', () => {
  assert.equal(kindOfPath('file:///a/b/offload.cpp'), 'cpp');
  assert.equal(kindOfPath('x.CC'), 'cpp');
  assert.equal(kindOfPath('x.hpp'), 'cpp');
  assert.equal(kindOfPath('x.c'), 'c');
  assert.equal(kindOfPath('x.h'), 'header');
  assert.deepEqual(includedNames('#include "Adapter.h"\n  #  include <ndis.h>\n// #include "no.h"\n'), ['adapter.h', 'ndis.h']);
});

test('a header included only from C++ is read as C++; one a C file includes too stays C; the change follows edits', async () => {
  const a = await createAnalyzer();
  const header = 'file:///w/adapter.h';
  const headerText = 'namespace nic { class Adapter { public: void Report() { NdisMIndicateStatusEx(h_, &si_); } }; }\n';
  a.setFile(header, headerText);
  // Nobody includes it yet: its own text (a namespace) says C++.
  assert.equal(a.languageOf(header), 'cpp');
  a.setFile('file:///w/main.c', '#include "adapter.h"\nvoid f(void) {}\n');
  assert.equal(a.languageOf(header), 'c');
  a.setFile('file:///w/main.c', 'void f(void) {}\n');
  a.setFile('file:///w/adapter.cpp', '#include "Adapter.h"\nvoid g() {}\n');
  assert.equal(a.languageOf(header), 'cpp');
  // Read again with the C++ grammar: the member function is there.
  assert.deepEqual(a.ws.files.get(header)!.functions.map((f) => [f.name, f.owner, f.qualified]), [['Report', 'Adapter', 'nic::Adapter::Report']]);
  a.removeFile('file:///w/adapter.cpp');
  assert.equal(a.languageOf(header), 'cpp'); // included by nobody again: its text decides
});

test('C++ facts: namespaces, in- and out-of-class members, constructors, lambdas, templates noted', async () => {
  const a = await createAnalyzer();
  const uri = 'file:///w/nic.cpp';
  a.setFile(
    uri,
    [
      'namespace nic { namespace {',
      'void Send(NDIS_HANDLE h) { NDIS_STATUS_INDICATION si = {}; NdisMIndicateStatusEx(h, &si); }',
      '} }',
      'class Adapter {',
      ' public:',
      '  Adapter(NDIS_HANDLE h) : handle_(h), si_{} {}',
      '  void Report() { this->Helper(); }',
      '  void Helper();',
      '  template <typename T> void Typed(T t) {}',
      ' private:',
      '  NDIS_HANDLE handle_;',
      '};',
      'void Adapter::Helper() { auto go = [&](int x) { Send(handle_); }; go(1); }',
      'extern "C" { NTSTATUS DriverEntry(PVOID d, PVOID r) { return 0; } }',
      'constexpr ULONG kFlags = 0x4;',
    ].join('\n'),
  );
  const facts = a.ws.files.get(uri)!;
  assert.equal(facts.lang, 'cpp');
  assert.deepEqual(
    facts.functions.map((f) => [f.name, f.owner ?? '', f.qualified ?? '', !!f.lambda]),
    [
      ['Send', '', 'nic::(anonymous)::Send', false],
      ['Adapter', 'Adapter', 'Adapter::Adapter', false],
      ['Report', 'Adapter', 'Adapter::Report', false],
      ['Helper', 'Adapter', 'Adapter::Helper', false],
      ['go', 'Adapter', '', true],
      ['DriverEntry', '', 'DriverEntry', false],
    ],
  );
  const ctor = facts.functions[1];
  assert.deepEqual(ctor.writes.map((w) => [w.kind, w.kind === 'assign' ? w.lv : w.kind === 'initList' ? w.obj : '']), [['assign', 'handle_'], ['initList', 'si_']]);
  assert.equal(facts.constants.get('kFlags'), '0x4');
  assert.deepEqual(facts.skipped.map((s) => [s.name, s.reason]), [['Typed', 'unsupported']]);
  // Calls: this->Helper() reaches the member; the lambda's call to Send is the lambda's, not Helper's.
  const report = facts.functions[2];
  assert.equal(calleeOf(a.ws, report, report.calls[0])?.qualified, 'Adapter::Helper');
  const helper = facts.functions[3];
  assert.deepEqual(helper.calls.map((c) => c.name), ['go']);
  assert.equal(calleeOf(a.ws, helper, helper.calls[0])?.lambda, true);
  assert.deepEqual(facts.functions[4].calls.map((c) => c.name), ['Send']);
});

test('coverage: functions analysed and left out, parse-error regions with their lines', async () => {
  const a = await createAnalyzer();
  a.setFile('file:///w/broken.c', 'void ok(void) { f(); }\nint x = ;\n@@@ garbage\nvoid ok2(void) {}\n');
  a.setFile('file:///w/t.cpp', 'template <class T> void t(T x) {}\nvoid u() {}\n');
  a.analyze();
  const cov = a.coverage();
  const broken = cov.files.find((f) => f.uri.endsWith('broken.c'))!;
  assert.ok(broken.parseErrors.length > 0);
  // nothing on line 1, which parses; the first region where the broken text starts
  assert.equal(broken.parseErrors[0].line, 2, JSON.stringify(broken.parseErrors));
  assert.ok(broken.parseErrors.every((r) => r.line >= 2 && r.endLine >= r.line), JSON.stringify(broken.parseErrors));
  const t = cov.files.find((f) => f.uri.endsWith('t.cpp'))!;
  assert.deepEqual([t.lang, t.functions, t.analysed, t.skipped.map((s) => [s.name, s.line])], ['cpp', 2, 1, [['t', 1]]]);
  assert.equal(cov.functions, cov.analysed + cov.skipped);
});

test('--stats prints files, functions analysed and left out with why, and parse-error lines; templates are one note without it', () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'ndis-stats-'));
  try {
    writeFileSync(join(dir, 'a.cpp'), 'template <class T> void t(T x) {}\ntemplate <class T> void t2(T x) {}\nnamespace { void u() {} }\n');
    writeFileSync(join(dir, 'b.c'), 'void ok(void) {}\nint x = ;\n');
    const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args, dir], { encoding: 'utf8' });
    const plain = run([]);
    assert.equal(plain.status, 0, plain.stderr);
    assert.match(plain.stderr, /note: 2 function\(s\) not analysed for a construct the analysis does not read \(C\+\+ templates, operators\); --stats lists them/);
    assert.doesNotMatch(plain.stderr, /^stats:/m);
    const stats = run(['--stats']);
    assert.equal(stats.status, 0, stats.stderr);
    assert.match(stats.stderr, /^stats: 2 file\(s\) \(1 read as C\+\+\), 4 function\(s\): 2 analysed, 2 not analysed \(50\.0% understood\); 1 parse-error region\(s\) in 1 file\(s\)$/m);
    assert.match(stats.stderr, /^stats: C\+\+: 3 function\(s\): 1 analysed, 2 not analysed$/m);
    assert.match(stats.stderr, /a\.cpp \(C\+\+\): 3 function\(s\), 1 analysed, 2 not analysed$/m);
    assert.match(stats.stderr, /^stats: {3}line 2: t2: not analysed: a C\+\+ template/m);
    assert.match(stats.stderr, /b\.c \(C\): 1 function\(s\), 1 analysed, 1 parse-error region\(s\)$/m);
    assert.match(stats.stderr, /^stats: {3}parse errors at line\(s\) 2$/m);
    // the report itself is unchanged (stats go to stderr)
    assert.equal(stats.stdout, plain.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
