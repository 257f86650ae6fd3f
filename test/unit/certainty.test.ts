// Issue 11, points 6 and 7: a path that depends on a function the workspace does not define is not
// reported as certain, and the user can teach the analyzer; a defect inside a callee is reported
// once, where it is, with the callers that reach it as related steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSources, createAnalyzer } from '../../server/src/rules/analyzeWithRules';
import { uriOf } from '../helpers/fixtures';

const DIR = 'test/fixtures/rules/protocol-resume-before-upload-drain';
const source = (name: string) => ({ uri: uriOf(join(DIR, name)), text: readFileSync(join(DIR, name), 'utf8') });

test('an unknown call between upload-all and resume lowers the finding one severity and names the call', async () => {
  const findings = await analyzeSources([source('fail-unknown-call-may-wait.c')]);
  const f = findings.find((x) => x.rule === 'protocol/resume-before-upload-drain');
  assert.ok(f);
  assert.equal(f.severity, 'warning', 'error, one severity lower');
  assert.match(f.message, /TeamWaitForUploads, which the workspace does not define/);
  assert.match(f.message, /ndisOffload\.terminateWaits/);
  assert.ok(f.steps.some((s) => /TeamWaitForUploads is not defined in the workspace/.test(s.message)));
});

test('naming the function in terminateWaits makes it the wait: the finding is gone', async () => {
  const a = await createAnalyzer({}, ['TeamWaitForUploads']);
  const s = source('fail-unknown-call-may-wait.c');
  a.setFile(s.uri, s.text);
  const rules = [...a.analyze().values()].flat().map((f) => f.rule);
  assert.ok(!rules.includes('protocol/resume-before-upload-drain'), rules.join(', '));
  assert.ok(rules.includes('protocol/pause-without-resume'), 'the early return when the wait fails is still a defect');
});

test('a defect inside a callee is one finding, with each caller that reaches it as a related step', async () => {
  const findings = await analyzeSources([source('fail-reported-once-in-callee/adapter.c')]);
  const drains = findings.filter((f) => f.rule === 'protocol/resume-before-upload-drain');
  assert.equal(drains.length, 1, drains.map((f) => `${f.range.start.line + 1}: ${f.message}`).join('\n'));
  const reached = drains[0].steps.filter((s) => /^reached from/.test(s.message)).map((s) => s.message);
  assert.deepEqual(reached.sort(), ['reached from AdapterApplySettings here', 'reached from AdapterOidSetOffload here', 'reached from AdapterReconfigure here']);
  assert.equal(drains[0].severity, 'error', 'the callee is fully visible: certain');
});
