// `simulate SCENARIO.json`: exit 0 (keeps to the protocol), 1 (violation), 2 (unreadable or malformed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { runSimulateCommand } from '../../server/src/cli/simulate';

const FIX = resolve(__dirname, '../../../test/fixtures/scenarios');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  const errs: string[] = [];
  const code = await runSimulateCommand(argv, (s) => (out += s), (s) => errs.push(s));
  // one message per call, without its line end (the command line adds it): no blank lines
  for (const m of errs) assert.ok(!m.endsWith('\n') && m.length > 0, `an error message ends with a line end or is empty: ${JSON.stringify(m)}`);
  return { code, out, err: errs.join('\n') };
}

test('exit 0 and the trace when the run keeps to the protocol', async () => {
  const r = await cli('simulate', join(FIX, 'failover.offload-scenario.json'));
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /NDIS_STATUS_UPLOAD_ALL/);
  assert.match(r.out, /upload-all pending -> upload-all drained/);
  assert.match(r.out, /the run keeps to the protocol/);
  assert.equal(r.err, '');
});

test('exit 1 when a violation occurs, naming the rule and the step', async () => {
  const file = join(FIX, 'resume-before-drain.offload-scenario.json');
  const r = await cli('simulate', file);
  assert.equal(r.code, 1);
  assert.match(r.err, new RegExp(`step 6 \\(resume\\): protocol/resume-before-upload-drain`));
  assert.match(r.out, /VIOLATION protocol\/resume-before-upload-drain/);
});

test('exit 2 when the scenario is malformed: file, line and field', async () => {
  const file = join(FIX, 'malformed-reason.offload-scenario.json');
  const r = await cli('simulate', file);
  assert.equal(r.code, 2);
  assert.match(r.err, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:11: events\\[3\\]\\.reason: `));
  assert.equal(r.out, '');
  const syntax = await cli(join(FIX, 'malformed-syntax.offload-scenario.json'));
  assert.equal(syntax.code, 2);
  assert.match(syntax.err, /:6: events: invalid JSON/);
});

test('exit 2 when the file cannot be read or no file is given', async () => {
  const r = await cli('simulate', join(FIX, 'does-not-exist.offload-scenario.json'));
  assert.equal(r.code, 2);
  assert.match(r.err, /^ndis-offload-lint: cannot read the scenario '.*does-not-exist\.offload-scenario\.json': no such file or folder$/);
  for (const args of [['simulate'], ['simulate', 'a', 'b'], ['simulate', '--format', 'xml', 'a'], ['simulate', '--bogus']]) {
    const u = await cli(...args);
    assert.equal(u.code, 2, args.join(' '));
    assert.match(u.err, /^ndis-offload-lint: simulate: .+\nusage: ndis-offload-lint simulate /, args.join(' '));
    assert.equal(u.out, '');
  }
});

test('--format json and --format mermaid export the trace', async () => {
  const file = join(FIX, 'failover.offload-scenario.json');
  const j = await cli('simulate', file, '--format', 'json');
  assert.equal(j.code, 0);
  const parsed = JSON.parse(j.out);
  assert.equal(parsed.version, 1);
  assert.equal(parsed.seed, 42);
  assert.ok(parsed.steps.some((s: { protocolAfter: string }) => s.protocolAfter === 'drained'));
  const m = await cli('simulate', file, '--format', 'mermaid', '--seed', '7');
  assert.equal(m.code, 0);
  assert.match(m.out, /^sequenceDiagram\n {2}participant T as Offload target\n {2}participant H as Host stack\n/);
  assert.match(m.out, /T->>H: NDIS_STATUS_OFFLOAD_PAUSE/);
});

test('simulate runs a built-in by name and --list names them', async () => {
  const list = await cli('simulate', '--list');
  assert.equal(list.code, 0);
  assert.match(list.out, /^failover-802\.3ad\s+802\.3ad failover$/m);
  const byName = await cli('simulate', 'failover');
  assert.equal(byName.code, 0, byName.err);
  assert.match(byName.out, /^802\.3ad failover \(seed 1\)/);
  const misuse = await cli('simulate', 'misuse-pause-without-resume');
  assert.equal(misuse.code, 1);
  const unknown = await cli('simulate', 'no-such-scenario');
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /not a built-in scenario: `simulate --list` names them/);
});

test('the scenario files in examples/ run as the README says', async () => {
  const ex = resolve(__dirname, '../../../examples/scenarios');
  assert.equal((await cli('simulate', join(ex, 'failover.offload-scenario.json'))).code, 0);
  const early = await cli('simulate', join(ex, 'contoso-early-return.offload-scenario.json'));
  assert.equal(early.code, 1);
  assert.match(early.err, /protocol\/pause-without-resume/);
});
