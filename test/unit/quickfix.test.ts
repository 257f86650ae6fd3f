// Every quick fix the analyzer offers on the fixtures: applied as the one edit it is, the finding
// it fixes is gone, no other finding appears, and nothing outside the edit changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSources } from '../../server/src/rules/analyzeWithRules';
import type { Finding } from '../../server/src/analysis/findings';
import { LineMap } from '../../server/src/analysis/source';
import { loadCases } from '../helpers/fixtures';

const ROOT = 'test/fixtures/rules';
const count = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule).length;

let fixes = 0;
const kinds = new Set<string>();
for (const folder of readdirSync(ROOT).filter((f) => !f.includes('.')).sort()) {
  // Call-site fixtures are single calls: fixing a code to a chimney one may reveal a driver-wide
  // protocol finding, which is not a finding the fix brought about.
  const ignoreProtocol = !folder.startsWith('protocol-');
  for (const c of loadCases(join(ROOT, folder))) {
    test(`quick fixes of ${c.name}`, async () => {
      const before = await analyzeSources(c.sources);
      for (const f of before) {
        for (const fix of f.fixes) {
          fixes++;
          kinds.add(`${f.rule}: ${fix.title.replace(/ [A-Z_a-z>.-]*$/, '')}`);
          const src = c.sources.find((s) => s.uri === fix.uri)!;
          const lines = new LineMap(src.text);
          const start = lines.offset(fix.range.start);
          const end = lines.offset(fix.range.end);
          const text = src.text.slice(0, start) + fix.newText + src.text.slice(end);
          assert.equal(text.slice(0, start), src.text.slice(0, start));
          assert.equal(text.slice(start + fix.newText.length), src.text.slice(end));
          const after = await analyzeSources(c.sources.map((s) => (s === src ? { ...s, text } : s)));
          assert.ok(count(after, f.rule) < count(before, f.rule), `"${fix.title}" leaves ${f.rule} (${f.message})`);
          for (const g of after) {
            if (g.rule === 'chimney/deprecated' || (ignoreProtocol && g.rule.startsWith('protocol/'))) continue;
            assert.ok(count(before, g.rule) >= count(after, g.rule), `"${fix.title}" brings a new ${g.rule}: ${g.message}`);
          }
        }
      }
    });
  }
}

test('the fixtures exercise every kind of quick fix', () => {
  const wanted = ['indication/header', 'indication/source-handle', 'indication/flags', 'indication/status-code', 'offload-event/retrieve-reason', 'protocol/send-completed-paused', 'protocol/pause-without-resume'];
  for (const rule of wanted) assert.ok([...kinds].some((k) => k.startsWith(rule)), `no quick fix of ${rule} was applied (${[...kinds].join('; ')})`);
  assert.ok(fixes > 10);
});
