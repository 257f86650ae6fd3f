// Every rule's failing fixtures and passing twins: exact rule ids and lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSources } from '../../server/src/rules/analyzeWithRules';
import { key, loadCases } from '../helpers/fixtures';
import { RULES } from '../../server/src/rules/registry';

const ROOT = 'test/fixtures/rules';

for (const folder of readdirSync(ROOT).filter((f) => !f.includes('.')).sort()) {
  // The deprecation hint is everywhere chimney is; only its own fixtures assert it. Call-site
  // fixtures are single calls without a driver around them, so protocol findings are not theirs.
  const ignoreDeprecated = folder !== 'chimney-deprecated';
  const ignoreProtocol = !folder.startsWith('protocol-');
  for (const c of loadCases(join(ROOT, folder))) {
    test(c.name, async () => {
      const findings = await analyzeSources(c.sources);
      const got = findings
        .filter((f) => !(ignoreDeprecated && f.rule === 'chimney/deprecated'))
        .filter((f) => !(ignoreProtocol && f.rule.startsWith('protocol/')))
        .map((f) => key({ uri: f.uri, line: f.range.start.line, rule: f.rule }))
        .sort();
      const want = c.expected.map(key).sort();
      assert.deepEqual(got, want, findings.map((f) => `${key({ uri: f.uri, line: f.range.start.line, rule: f.rule })}: ${f.message}`).join('\n'));
      // Lines marked `// trace-step` are the steps of the path the finding explains, in order.
      const steps = c.traceSteps;
      if (steps.length > 0) {
        const finding = findings.find((f) => f.rule.startsWith('protocol/'));
        assert.ok(finding, 'a protocol finding with a trace');
        const lines = finding.steps.slice(0, -1).map((t) => `${t.uri}:${t.range.start.line}`);
        assert.deepEqual(lines, steps.map((s) => `${s.uri}:${s.line}`), finding.steps.map((t) => `${t.range.start.line + 1}: ${t.message} [${t.state ?? ''}]`).join('\n'));
      }
    });
  }
}

test('every rule has failing fixtures and passing twins', () => {
  const folders = new Set(readdirSync(ROOT));
  for (const r of RULES) {
    const folder = r.id.replace('/', '-');
    assert.ok(folders.has(folder), `no fixtures for ${r.id}`);
    const cases = loadCases(join(ROOT, folder));
    assert.ok(cases.some((c) => c.expected.some((e) => e.rule === r.id)), `${r.id} has no failing fixture`);
    assert.ok(cases.some((c) => c.expected.length === 0), `${r.id} has no passing twin`);
  }
});
