// The built command line (dist/cli.js): exit codes, formats, --rule, --output,
// folders analysed as one workspace, and inputs that must not crash it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RULE_BY_ID } from '../../server/src/rules/registry';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CASES = 'test/fixtures/rules/indication-status-code';
const FAIL = `${CASES}/fail-success-assigned.c`;
const FAIL_FOLDER = `${CASES}/fail-wrapper-multifile`;
const PASS_FOLDER = `${CASES}/pass-wrapper-multifile`;

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function cli(args: string[], cwd = ROOT): Run {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.error, undefined, String(r.error));
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const show = (r: Run) => `exit ${r.code}\nstdout:\n${r.out}\nstderr:\n${r.err}`;
const noCrash = (r: Run) => assert.doesNotMatch(r.err, /internal error|Error:|at .*\.js:\d+/, show(r));

// `path:line:col: severity rule: message`, then a summary line.
const TEXT_LINE = /^(.+):(\d+):(\d+): (error|warning|info|hint) ([a-z-]+\/[a-z-]+): (.+)$/;
const SUMMARY = /^\d+ finding\(s\): \d+ error\(s\), \d+ warning\(s\), \d+ other(; \d+ hint\(s\) not shown \(--show-hints lists them\))?$/;

function findingLines(out: string): RegExpExecArray[] {
  const lines = out.trimEnd().split('\n');
  assert.match(lines[lines.length - 1], SUMMARY, out);
  return lines.slice(0, -1).map((l) => {
    const m = TEXT_LINE.exec(l);
    assert.ok(m, `not a 'file:line:col: severity rule: message' line: ${JSON.stringify(l)}`);
    return m;
  });
}

test('exit 1 on a failing fixture; the text line names file, line, column, severity and rule', () => {
  const r = cli([FAIL]);
  assert.equal(r.code, 1, show(r));
  const lines = findingLines(r.out);
  const status = lines.filter((m) => m[5] === 'indication/status-code');
  assert.equal(status.length, 1, r.out);
  const [, file, line, col, severity, , message] = status[0];
  assert.equal(file, FAIL);
  assert.equal(Number(line), 22);
  assert.equal(Number(col), 5);
  assert.equal(severity, 'error');
  assert.match(message, /NDIS_STATUS_SUCCESS/);
  assert.match(r.out.trimEnd().split('\n').pop()!, /^1 finding\(s\): 1 error\(s\), 0 warning\(s\), 0 other$/);
});

test('exit 0 on the passing twin folder', () => {
  const r = cli([PASS_FOLDER]);
  assert.equal(r.code, 0, show(r));
  for (const m of findingLines(r.out)) assert.ok(m[4] === 'hint' || m[4] === 'info', `unexpected ${m[0]}`);
  assert.equal(r.err, '');
});

test('a missing path is named on stderr and the rest is analysed; exit 2 when no path could be read', () => {
  const missing = `${CASES}/no-such-file-here.c`;
  const r = cli([FAIL, missing]);
  assert.equal(r.code, 1, show(r));
  assert.ok(r.err.includes(`ndis-offload-lint: cannot read '${missing}': no such file or folder`), show(r));
  assert.ok(findingLines(r.out).some((m) => m[5] === 'indication/status-code'), show(r));

  const none = cli([missing, `${CASES}/nor-this.c`]);
  assert.equal(none.code, 2, show(none));
  assert.match(none.err, /none of the paths given could be read/);
  assert.equal(none.out, '');
});

test('exit 2 on usage errors: --format bogus, --rule nope=error, bad severity, no path', () => {
  const bogus = cli(['--format', 'bogus', FAIL]);
  assert.equal(bogus.code, 2, show(bogus));
  assert.match(bogus.err, /bogus/);
  assert.match(bogus.err, /usage: ndis-offload-lint/);
  assert.equal(bogus.out, '');

  const nope = cli(['--rule', 'nope=error', FAIL]);
  assert.equal(nope.code, 2, show(nope));
  assert.match(nope.err, /nope/);
  assert.equal(nope.out, '');

  const severity = cli(['--rule', 'indication/status-code=fatal', FAIL]);
  assert.equal(severity.code, 2, show(severity));

  const none = cli([]);
  assert.equal(none.code, 2, show(none));
  assert.match(none.err, /no PATH/);
});

test('--rule indication/status-code=off turns the finding off (exit 0); =warning changes its severity', () => {
  const off = cli(['--rule', 'indication/status-code=off', FAIL]);
  assert.equal(off.code, 0, show(off));
  assert.ok(!findingLines(off.out).some((m) => m[5] === 'indication/status-code'), off.out);
  const eq = cli(['--rule=indication/status-code=off', FAIL]);
  assert.equal(eq.code, 0, show(eq));

  const warn = cli(['--rule', 'indication/status-code=warning', FAIL]);
  assert.equal(warn.code, 1, show(warn));
  const m = findingLines(warn.out).find((x) => x[5] === 'indication/status-code');
  assert.equal(m?.[4], 'warning');
  const hint = cli(['--rule', 'indication/status-code=hint', FAIL]);
  assert.equal(hint.code, 0, `a hint alone is not a warning or error: ${show(hint)}`);
});

test('--format json parses and carries file, line, column, severity, rule, message, related', () => {
  const r = cli(['--format', 'json', FAIL]);
  assert.equal(r.code, 1, show(r));
  const list = JSON.parse(r.out) as { file: string; line: number; column: number; severity: string; rule: string; message: string; related: { file: string; line: number; message: string }[] }[];
  assert.ok(Array.isArray(list));
  const f = list.find((x) => x.rule === 'indication/status-code');
  assert.ok(f, r.out);
  assert.equal(f.file, FAIL, 'relative to the current folder');
  assert.equal(f.line, 22);
  assert.equal(f.column, 5);
  assert.equal(f.severity, 'error');
  assert.ok(f.related.some((x) => x.line === 20), JSON.stringify(f.related));
  for (const x of list) assert.ok(RULE_BY_ID.has(x.rule), x.rule);

  const clean = cli(['--format=json', PASS_FOLDER]);
  assert.equal(clean.code, 0, show(clean));
  assert.ok(Array.isArray(JSON.parse(clean.out)));
});

test('--output FILE writes the report there, not to stdout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndis-cli-out-'));
  try {
    const file = join(dir, 'report.json');
    const r = cli(['--format', 'json', '--output', file, FAIL]);
    assert.equal(r.code, 1, show(r));
    assert.equal(r.out, '');
    const list = JSON.parse(readFileSync(file, 'utf8')) as { rule: string }[];
    assert.ok(list.some((x) => x.rule === 'indication/status-code'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('exit 2 when --output cannot be written, naming the path', () => {
  const target = join(tmpdir(), 'ndis-no-such-dir-' + process.pid, 'report.txt');
  const r = cli(['--output', target, FAIL]);
  assert.equal(r.code, 2, show(r));
  assert.ok(r.err.includes(target), show(r));
});

test('a folder is one workspace: the wrapper in indicate.c reports on the caller in failover.c', () => {
  const r = cli([FAIL_FOLDER]);
  assert.equal(r.code, 1, show(r));
  const status = findingLines(r.out).filter((m) => m[5] === 'indication/status-code');
  assert.deepEqual(status.map((m) => `${m[1]}:${m[2]}`), [`${FAIL_FOLDER}/failover.c:12`]);
  // Each file alone does not see the other: no finding.
  const alone = cli([`${FAIL_FOLDER}/indicate.c`]);
  assert.ok(!findingLines(alone.out).some((m) => m[5] === 'indication/status-code'), alone.out);
});

test('a folder is read recursively (sub-folders), still as one workspace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndis-cli-tree-'));
  try {
    const src = join(ROOT, FAIL_FOLDER);
    mkdirSync(join(dir, 'inc'));
    mkdirSync(join(dir, 'src', 'failover'), { recursive: true });
    cpSync(join(src, 'mp.h'), join(dir, 'inc', 'mp.h'));
    cpSync(join(src, 'indicate.c'), join(dir, 'src', 'indicate.c'));
    cpSync(join(src, 'failover.c'), join(dir, 'src', 'failover', 'failover.c'));
    const r = cli(['.'], dir);
    assert.equal(r.code, 1, show(r));
    const status = findingLines(r.out).filter((m) => m[5] === 'indication/status-code');
    assert.deepEqual(status.map((m) => `${m[1]}:${m[2]}`), [join('src', 'failover', 'failover.c') + ':12']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a binary file and an unbalanced-brace file do not crash it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndis-cli-bad-'));
  try {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) & 0xff; // includes NUL bytes
    writeFileSync(join(dir, 'blob.c'), bytes);
    writeFileSync(
      join(dir, 'unbalanced.c'),
      '#include <ndis.h>\nVOID MpBroken(_In_ PADAPTER Adapter)\n{\n    NDIS_STATUS_INDICATION si;\n    if (Adapter->Paused) {\n        si.StatusCode = NDIS_STATUS_SUCCESS;\n        NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si);\n        {{{ (( [[\n}}}}\n)))\n',
    );
    const blob = cli([join(dir, 'blob.c')]);
    assert.equal(blob.code, 0, show(blob));
    assert.match(blob.err, /blob\.c/);
    noCrash(blob);

    const unbalanced = cli([join(dir, 'unbalanced.c')]);
    assert.ok(unbalanced.code === 0 || unbalanced.code === 1, show(unbalanced));
    findingLines(unbalanced.out);
    noCrash(unbalanced);

    const both = cli(['--format', 'sarif', dir]);
    assert.ok(both.code === 0 || both.code === 1, show(both));
    JSON.parse(both.out);
    noCrash(both);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('links in a folder are followed once: a linked file, a loop back to the folder, a dangling link', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndis-cli-links-'));
  try {
    cpSync(join(ROOT, 'test/fixtures/rules/indication-status-code/fail-pending.c'), join(dir, 'a.c'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync(join(dir, 'a.c'), join(dir, 'sub', 'linked.c'));
    symlinkSync(dir, join(dir, 'sub', 'loop'));
    symlinkSync(join(dir, 'missing.c'), join(dir, 'dangling.c'));
    const r = cli(['--format', 'json', dir]);
    noCrash(r);
    assert.equal(r.code, 1, show(r));
    const findings = JSON.parse(r.out) as { rule: string }[];
    assert.deepEqual(findings.map((f) => f.rule), ['indication/status-code'], show(r));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
