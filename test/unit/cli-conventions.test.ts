// The command line's conventions, through the built dist/cli.js: --version, --help, paths relative to
// the current folder in every format (absolute with --absolute-paths), hints hidden unless --show-hints,
// --max-warnings, --format github, and the $ndis-offload-lint problem matcher against real text output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatGithub } from '../../server/src/cli/formats';
import type { Finding } from '../../server/src/analysis/findings';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  contributes: { problemMatchers: { name: string; owner: string; fileLocation: string[]; pattern: Record<string, string | number> }[] };
};
const SAMPLE = 'examples';
const SAMPLE_FILES = ['examples/contoso-offload/offload.c', 'examples/contoso-offload/status.c'];
const WARNINGS_ONLY = 'test/fixtures/rules/protocol-pause-without-resume/fail-error-return.c';

interface Run {
  code: number | null;
  out: string;
  err: string;
}
function cli(args: string[], cwd = ROOT): Run {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.error, undefined, String(r.error));
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const show = (r: Run) => `exit ${r.code}\nstdout:\n${r.out}\nstderr:\n${r.err}`;
const TEXT_LINE = /^(.+):(\d+):(\d+): (error|warning|info|hint) ([a-z-]+\/[a-z-]+): (.+)$/;
const textFindings = (out: string) => out.trimEnd().split('\n').slice(0, -1).map((l) => TEXT_LINE.exec(l) ?? assert.fail(`not a finding line: ${l}`));

test('--version and -V print the package version on stdout, exit 0', () => {
  for (const flag of ['--version', '-V']) {
    const r = cli([flag]);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.out, `ndis-offload-lint ${PKG.version}\n`);
    assert.equal(r.err, '');
  }
});

test("--help and -h print the usage on stdout, exit 0, with every option, simulate's included, and each option it lists is accepted", () => {
  for (const flag of ['--help', '-h']) {
    const r = cli([flag]);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.err, '');
    assert.match(r.out, /^usage: ndis-offload-lint \[options\] PATH\.\.\.\n {7}ndis-offload-lint simulate /);
    for (const o of ['--format', '--rule', '--output', '--max-warnings', '--show-hints', '--absolute-paths', '--skip-folders', '--follow-external-links', '--version', '--help']) {
      assert.ok(r.out.includes(o), `--help does not mention ${o}`);
    }
    for (const f of ['text', 'json', 'sarif', 'github']) assert.ok(r.out.includes(f), `--help does not name the format ${f}`);
    const simulate = r.out.slice(r.out.indexOf('simulate options:'));
    for (const o of ['--format', '--seed', '--optional-retrieve', 'mermaid']) assert.ok(simulate.includes(o), `--help does not list simulate's ${o}`);
    assert.match(r.out, /exit codes: 0 .* 1 .* 2 /s);
  }
  // every long option of the top-level part is one the parser knows
  const top = cli(['--help']).out.split('simulate options:')[0];
  for (const o of new Set(top.match(/--[a-z][a-z-]+/g))) {
    const r = cli([o, '--version']); // a value-taking option takes --version as its value: still no "unknown option"
    assert.doesNotMatch(r.err, /unknown option/, `${o}: ${show(r)}`);
  }
  assert.equal(cli(['simulate', '--help']).code, 0);
});

test('usage errors go to stderr with the prefix, a short usage line and exit 2; nothing on stdout', () => {
  for (const args of [['--bogus', SAMPLE], ['--format', 'xml', SAMPLE], ['--max-warnings', 'many', SAMPLE], ['--show-hints=yes', SAMPLE], [], ['--output']]) {
    const r = cli(args);
    assert.equal(r.code, 2, show(r));
    assert.equal(r.out, '');
    const lines = r.err.trimEnd().split('\n');
    assert.equal(lines.length, 2, show(r));
    assert.match(lines[0], /^ndis-offload-lint: \S/);
    assert.match(lines[1], /^usage: ndis-offload-lint .*--help/);
  }
});

test('paths are relative to the current folder in text, json, github and sarif; absolute with --absolute-paths', () => {
  const files = (format: string, out: string): string[] => {
    if (format === 'text') return textFindings(out).map((m) => m[1]);
    if (format === 'json') return (JSON.parse(out) as { file: string; related: { file: string }[] }[]).flatMap((f) => [f.file, ...f.related.map((x) => x.file)]);
    if (format === 'github') return out.trimEnd().split('\n').map((l) => /^::\w+ file=([^,]+),/.exec(l)![1]);
    const log = JSON.parse(out) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[] };
    return log.runs[0].results.map((x) => {
      const a = x.locations[0].physicalLocation.artifactLocation;
      return a.uriBaseId ? a.uri : fileURLToPath(a.uri);
    });
  };
  for (const format of ['text', 'json', 'github', 'sarif']) {
    const rel = cli(['--format', format, '--show-hints', SAMPLE]);
    assert.equal(rel.code, 1, show(rel));
    const relFiles = files(format, rel.out);
    assert.ok(relFiles.length >= 6, `${format}: ${relFiles.length} paths`);
    for (const f of relFiles) assert.ok(SAMPLE_FILES.includes(f), `${format} names '${f}', not a path relative to the current folder`);

    const abs = cli(['--format', format, '--show-hints', '--absolute-paths', SAMPLE]);
    const absFiles = files(format, abs.out);
    assert.equal(absFiles.length, relFiles.length);
    for (const f of absFiles) assert.ok(isAbsolute(f) && SAMPLE_FILES.some((s) => f === join(ROOT, s)), `${format} --absolute-paths names '${f}'`);
  }
  // from inside the sample's folder, the same files are named from there
  const inner = cli(['.'], join(ROOT, 'examples', 'contoso-offload'));
  assert.deepEqual([...new Set(textFindings(inner.out).map((m) => m[1]))].sort(), ['offload.c', 'status.c']);
});

test('hints are left out of text and github output unless --show-hints; json and sarif carry them', () => {
  const plain = cli([SAMPLE]);
  const plainFindings = textFindings(plain.out);
  assert.ok(!plainFindings.some((m) => m[4] === 'hint'), plain.out);
  const hidden = /; (\d+) hint\(s\) not shown \(--show-hints lists them\)$/.exec(plain.out.trimEnd());
  assert.ok(hidden, `the summary does not say hints were left out: ${plain.out}`);
  const all = cli(['--show-hints', SAMPLE]);
  const hints = textFindings(all.out).filter((m) => m[4] === 'hint');
  assert.equal(hints.length, Number(hidden[1]));
  assert.ok(hints.every((m) => m[5] === 'chimney/deprecated'), all.out);
  assert.equal(textFindings(all.out).length, plainFindings.length + hints.length);
  assert.doesNotMatch(all.out, /not shown/);

  const json = JSON.parse(cli(['--format', 'json', SAMPLE]).out) as { severity: string }[];
  assert.equal(json.filter((f) => f.severity === 'hint').length, hints.length);
  const sarif = JSON.parse(cli(['--format', 'sarif', SAMPLE]).out) as { runs: { results: { ruleId: string; level: string }[] }[] };
  const notes = sarif.runs[0].results.filter((r) => r.ruleId === 'chimney/deprecated');
  assert.equal(notes.length, hints.length);
  assert.ok(notes.every((r) => r.level === 'note'));
  assert.doesNotMatch(cli(['--format', 'github', SAMPLE]).out, /^::notice/m);
  assert.match(cli(['--format', 'github', '--show-hints', SAMPLE]).out, /^::notice .*title=NDIS Offload chimney\/deprecated::/m);
});

test('--max-warnings N: exit 0 with up to N warnings, 1 beyond (said on stderr); errors always exit 1', () => {
  const base = cli([WARNINGS_ONLY]);
  assert.equal(base.code, 1, `a warning fails by default: ${show(base)}`);
  const warnings = textFindings(base.out).filter((m) => m[4] === 'warning').length;
  assert.ok(warnings >= 1 && !textFindings(base.out).some((m) => m[4] === 'error'), base.out);
  const within = cli(['--max-warnings', String(warnings), WARNINGS_ONLY]);
  assert.equal(within.code, 0, show(within));
  assert.equal(within.err, '');
  const beyond = cli([`--max-warnings=${warnings - 1}`, WARNINGS_ONLY]);
  assert.equal(beyond.code, 1, show(beyond));
  assert.ok(beyond.err.includes(`ndis-offload-lint: ${warnings} warning(s), more than --max-warnings ${warnings - 1} allows`), show(beyond));
  const errors = cli(['--max-warnings', '1000', SAMPLE]);
  assert.equal(errors.code, 1, show(errors));
});

test('--format github writes one workflow command per finding, level, position and rule title', () => {
  const r = cli(['--format', 'github', SAMPLE]);
  assert.equal(r.code, 1, show(r));
  const text = cli([SAMPLE]);
  const lines = r.out.trimEnd().split('\n');
  const expected = textFindings(text.out);
  assert.equal(lines.length, expected.length);
  const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };
  for (const [i, l] of lines.entries()) {
    const m = /^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=NDIS Offload ([a-z-]+\/[a-z-]+)::(.+)$/.exec(l);
    assert.ok(m, `not a workflow command: ${l}`);
    const [, file, line, col, , rule, message] = expected[i];
    assert.deepEqual([m[1], m[2], m[3], m[4], m[7], m[8]], [LEVEL[expected[i][4]], file, line, col, rule, message]);
  }
});

test('--format github escapes what would end a property or the command', () => {
  const f: Finding = {
    uri: 'file:///tmp/a,b:c.c',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
    severity: 'warning',
    rule: 'indication/flags',
    message: '100% wrong\nsecond line, with: colon',
    steps: [],
    fixes: [],
    deprecated: false,
  };
  const out = formatGithub([f], () => '/tmp/a,b:c.c', false);
  assert.equal(out, '::warning file=/tmp/a%2Cb%3Ac.c,line=1,col=1,endLine=1,endColumn=4,title=NDIS Offload indication/flags::100%25 wrong%0Asecond line, with: colon\n');
});

test('the $ndis-offload-lint problem matcher reads every finding line of real text output, and nothing else', () => {
  const matchers = PKG.contributes.problemMatchers;
  const m = matchers.find((x) => x.name === 'ndis-offload-lint');
  assert.ok(m, 'package.json contributes no problem matcher named ndis-offload-lint');
  assert.deepEqual(m.fileLocation, ['autoDetect', '${workspaceFolder}']);
  const p = m.pattern as { regexp: string; file: number; line: number; column: number; severity: number; code: number; message: number };
  const re = new RegExp(p.regexp); // VS Code compiles the pattern the same way
  for (const args of [['--show-hints', SAMPLE], ['--show-hints', '--absolute-paths', SAMPLE]]) {
    const r = cli(args);
    const lines = r.out.trimEnd().split('\n');
    const findings = textFindings(r.out);
    const all = JSON.parse(cli(['--format', 'json', SAMPLE]).out) as unknown[];
    assert.equal(findings.length, all.length, `every finding, hints included, is a line: ${r.out}`);
    assert.ok(findings.some((f) => f[4] === 'hint') && findings.some((f) => f[4] === 'warning') && findings.some((f) => f[4] === 'error'), r.out);
    for (const [i, f] of findings.entries()) {
      const g = re.exec(lines[i]);
      assert.ok(g, `the problem matcher misses: ${lines[i]}`);
      assert.deepEqual([g[p.file], g[p.line], g[p.column], g[p.severity], g[p.code], g[p.message]], f.slice(1));
      assert.ok(existsSync(resolve(ROOT, g[p.file])), `the matched file ${g[p.file]} does not resolve from the workspace folder`);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(g[p.severity]));
    }
    assert.equal(re.exec(lines[lines.length - 1]), null, 'the summary line is not a problem');
  }
  // a Windows path keeps its drive letter in the file
  const win = re.exec('C:\\drv\\status.c:53:5: error indication/status-code: StatusCode is NDIS_STATUS_PAUSED.');
  assert.ok(win);
  assert.deepEqual([win[p.file], win[p.line], win[p.column]], ['C:\\drv\\status.c', '53', '5']);
});
