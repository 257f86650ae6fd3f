// Scope tests of the injection grammar syntaxes/ndis-offload.injection.tmLanguage.json,
// run through vscode-tmgrammar-test on top of a minimal C (and C++) grammar:
// - the hand-written cases in test/grammar/*.test.c / *.test.cpp;
// - a generated case with every name of server/src/ndis/constants.ts, in code (it must
//   get its scope) and inside a comment and a string (it must not);
// - a control run with the comment/string exclusion removed, which must fail, so that
//   the negative assertions are known to bite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MAX_UPLOAD_REASON, EVENT_TYPES, STATUS_CODES, UPLOAD_REASONS } from '../../server/src/ndis/constants';

const GRAMMAR = 'syntaxes/ndis-offload.injection.tmLanguage.json';
const CONFIG = 'test/grammar/grammars.json';
// The package's bin script, run with this node (node_modules/.bin is a shell shim on Windows).
const CLI = resolve('node_modules/vscode-tmgrammar-test/dist/unit.js');

const SCOPE = {
  chimney: 'constant.other.status.chimney.ndis-offload',
  indication: 'constant.other.status.indication.ndis-offload',
  completion: 'constant.other.status.completion.ndis-offload',
  otherStatus: 'constant.other.status.ndis-offload',
  eventType: 'constant.other.event-type.ndis-offload',
  mandatory: 'constant.other.upload-reason.mandatory.ndis-offload',
  optional: 'constant.other.upload-reason.optional.ndis-offload',
  sentinel: 'constant.other.upload-reason.sentinel.ndis-offload',
  fn: 'support.function.offload.ndis-offload',
  miniportRole: 'support.type.handler-role.miniport.ndis-offload',
} as const;
const ALL_SCOPES = [
  ...Object.values(SCOPE),
  'support.type.handler-role.protocol.ndis-offload',
  'support.type.handler-role.ndis-entry.ndis-offload',
];

/** Offload calls the grammar must know (hover and analysis care about these). */
const FUNCTIONS = [
  'NdisMIndicateStatusEx',
  'NdisTcpOffloadEventHandler',
  'NdisMInitiateOffloadComplete',
  'NdisMTerminateOffloadComplete',
  'NdisMUpdateOffloadComplete',
  'NdisMInvalidateOffloadComplete',
  'NdisMQueryOffloadStateComplete',
  'NdisMOffloadEventIndicate',
  'NdisMGetOffloadHandlers',
  'NdisTcpOffloadReceiveHandler',
  'NdisTcpOffloadSendComplete',
];
/** Miniport handler role typedefs (ndis-chimney-facts.md section 4.2). */
const MINIPORT_ROLES = [
  'W_INITIATE_OFFLOAD_HANDLER',
  'W_TERMINATE_OFFLOAD_HANDLER',
  'W_UPDATE_OFFLOAD_HANDLER',
  'W_INVALIDATE_OFFLOAD_HANDLER',
  'W_QUERY_OFFLOAD_HANDLER',
  'W_TCP_OFFLOAD_SEND_HANDLER',
  'W_TCP_OFFLOAD_RECEIVE_HANDLER',
  'W_TCP_OFFLOAD_DISCONNECT_HANDLER',
  'W_TCP_OFFLOAD_FORWARD_HANDLER',
  'W_TCP_OFFLOAD_RECEIVE_RETURN_HANDLER',
];

function runCli(args: string[]): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** One `name` per line at the given column, with its assertion line. */
function caseLines(names: { name: string; scope: string }[], template: (name: string) => string, assertFor: (scope: string) => string): string[] {
  const out: string[] = [];
  for (const { name, scope } of names) {
    const line = template(name);
    const col = line.indexOf(name);
    assert.ok(col >= 2, 'the name must not start in the first two columns');
    out.push(line, `//${' '.repeat(col - 2)}${'^'.repeat(name.length)} ${assertFor(scope)}`);
  }
  return out;
}

function expectedNames(): { name: string; scope: string }[] {
  const names: { name: string; scope: string }[] = [];
  for (const s of STATUS_CODES) {
    names.push({
      name: s.name,
      scope: s.kind === 'chimney-indication' ? SCOPE.chimney : s.kind === 'indication' ? SCOPE.indication : SCOPE.completion,
    });
  }
  for (const e of EVENT_TYPES) names.push({ name: e.name, scope: SCOPE.eventType });
  for (const r of UPLOAD_REASONS) names.push({ name: r.name, scope: r.upload === 'mandatory' ? SCOPE.mandatory : SCOPE.optional });
  names.push({ name: MAX_UPLOAD_REASON.name, scope: SCOPE.sentinel });
  for (const f of FUNCTIONS) names.push({ name: f, scope: SCOPE.fn });
  for (const r of MINIPORT_ROLES) names.push({ name: r, scope: SCOPE.miniportRole });
  return names;
}

test('grammar file: scope name, injection selector, and every pattern is named', () => {
  const g = JSON.parse(readFileSync(GRAMMAR, 'utf8'));
  assert.equal(g.scopeName, 'ndis-offload.injection');
  assert.equal(g.injectionSelector, 'L:source.c -comment -string, L:source.cpp -comment -string');
  const named: string[] = [];
  const visit = (rule: { name?: string; match?: string; patterns?: unknown[] }) => {
    if (rule.match) {
      assert.ok(rule.name, `pattern ${rule.match.slice(0, 40)}... has a scope name`);
      named.push(rule.name);
    }
    for (const p of (rule.patterns ?? []) as (typeof rule)[]) visit(p);
  };
  for (const r of Object.values(g.repository) as { name?: string }[]) visit(r);
  assert.deepEqual([...new Set(named)].sort(), [...ALL_SCOPES].sort());
  for (const s of named) assert.match(s, /\.ndis-offload$/, 'our scopes end in .ndis-offload');
});

test('grammar scopes: hand-written C and C++ cases (test/grammar)', () => {
  const r = runCli(['--config', CONFIG, 'test/grammar/*.test.c', 'test/grammar/*.test.cpp']);
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /ndis-offload\.test\.c run successfuly/);
  assert.match(r.output, /ndis-offload\.test\.cpp run successfuly/);
});

test('grammar scopes: every constant name gets its scope in code and none in comments or strings', () => {
  const names = expectedNames();
  const dir = mkdtempSync(join(tmpdir(), 'ndis-grammar-'));
  try {
    const none = `- ${ALL_SCOPES.join(' ')}`;
    const lines = [
      '// SYNTAX TEST "source.c" "every offload name from constants.ts"',
      'VOID AllNames(VOID)',
      '{',
      ...caseLines(names, (n) => `    Value = ${n};`, (scope) => `source.c ${scope}`),
      ...caseLines(names, (n) => `    Value = 0; // ${n}`, () => `comment.line.double-slash.c ${none}`),
      ...caseLines(names, (n) => `    Value = 0; /* ${n} */`, () => `comment.block.c ${none}`),
      ...caseLines(names, (n) => `    Print("${n}");`, () => `string.quoted.double.c ${none}`),
      // A name glued to more identifier characters is a different identifier.
      ...caseLines(names, (n) => `    Value = My${n}Count;`, () => `variable.other.c ${none}`),
      '}',
      '',
    ];
    const file = join(dir, 'all-names.test.c');
    writeFileSync(file, lines.join('\n'));
    const r = runCli(['--config', CONFIG, file.replace(/\\/g, '/')]);
    assert.equal(r.code, 0, r.output);
    // And in C++.
    const cpp = join(dir, 'all-names.test.cpp');
    writeFileSync(
      cpp,
      [
        '// SYNTAX TEST "source.cpp" "every offload name from constants.ts, in C++"',
        ...caseLines(names, (n) => `auto value = ${n};`, (scope) => `source.cpp ${scope}`),
        '',
      ].join('\n'),
    );
    const rc = runCli(['--config', CONFIG, cpp.replace(/\\/g, '/')]);
    assert.equal(rc.code, 0, rc.output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('grammar scopes: control run without the comment/string exclusion fails the negative assertions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndis-grammar-control-'));
  try {
    const g = JSON.parse(readFileSync(GRAMMAR, 'utf8'));
    g.injectionSelector = 'L:source.c, L:source.cpp';
    writeFileSync(join(dir, 'injection.json'), JSON.stringify(g));
    copyFileSync('test/grammar/c-minimal.tmLanguage.json', join(dir, 'c.json'));
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        contributes: {
          grammars: [
            { scopeName: 'source.c', path: './c.json' },
            { scopeName: 'ndis-offload.injection', path: './injection.json', injectTo: ['source.c'] },
          ],
        },
      }),
    );
    const r = runCli(['--config', join(dir, 'config.json'), 'test/grammar/ndis-offload.test.c']);
    assert.notEqual(r.code, 0, `the control run should fail:\n${r.output}`);
    assert.match(r.output, /comment\.block\.c|comment\.line\.double-slash\.c|string\.quoted\.double\.c/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
