// The bundled sample driver (examples/) shows exactly the mistakes its comments announce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSources } from '../../server/src/rules/analyzeWithRules';
import { key, loadCases } from '../helpers/fixtures';

for (const c of loadCases('examples')) {
  test(`sample driver ${c.name}`, async () => {
    assert.ok(c.expected.length >= 6, 'the sample announces its mistakes with // expect: comments');
    const findings = await analyzeSources(c.sources);
    const got = findings.filter((f) => f.rule !== 'chimney/deprecated').map((f) => key({ uri: f.uri, line: f.range.start.line, rule: f.rule })).sort();
    assert.deepEqual(got, c.expected.map(key).sort());
  });
}
