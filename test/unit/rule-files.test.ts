// One home per rule: every rule id maps to exactly one file under
// server/src/rules/<family>/, named after the id, registered once in
// rules/index.ts, with its docs page, its failing fixtures and a passing twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ALL_RULES } from '../../server/src/rules/index';
import { ruleDocPath } from '../../server/src/rules/registry';
import type { Rule } from '../../server/src/rules/types';
import { loadCases } from '../helpers/fixtures';

const ROOT = resolve(__dirname, '../../..');
const RULES_DIR = join(ROOT, 'server/src/rules');
/** Rule files are the files of the family folders; everything at the top of rules/ is shared machinery. */
const camel = (kebab: string) => kebab.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

function ruleFiles(): string[] {
  return readdirSync(RULES_DIR)
    .filter((d) => statSync(join(RULES_DIR, d)).isDirectory())
    .flatMap((d) => readdirSync(join(RULES_DIR, d)).filter((f) => f.endsWith('.ts')).map((f) => `${d}/${f}`));
}

/** The file a rule id lives in: `offload-event/retrieve-reason` -> `offloadEvent/retrieveReason.ts`. */
function fileOf(id: string): string {
  const [family, name] = id.split('/');
  return `${camel(family)}/${camel(name)}.ts`;
}

test('each rule id maps to exactly one rule file, and each rule file holds one registered rule', () => {
  const files = ruleFiles().sort();
  const expected = ALL_RULES.map((r) => fileOf(r.meta.id)).sort();
  assert.deepEqual(files, expected, 'files under server/src/rules/<family>/ must be exactly one per registered rule');
  for (const r of ALL_RULES) {
    const mod = require(join(RULES_DIR.replace(`${ROOT}/`, `${ROOT}/out/`), fileOf(r.meta.id).replace(/\.ts$/, '.js'))) as { rule?: Rule };
    assert.equal(mod.rule, r, `${fileOf(r.meta.id)} must export the registered rule as \`rule\``);
  }
  assert.equal(new Set(ALL_RULES).size, ALL_RULES.length, 'a rule is registered twice');
});

test('each rule has a check, an explanation, a docs page, failing fixtures and a passing twin', () => {
  for (const r of ALL_RULES) {
    const id = r.meta.id;
    assert.ok(r.indication || r.event || r.protocol || r.unusedSuppressions, `${id} checks nothing`);
    assert.ok(r.explain.checks.length > 20 && r.explain.fix.length > 5, `${id} has no explanation`);
    assert.ok(existsSync(join(ROOT, ruleDocPath(id))), `${id} has no page ${ruleDocPath(id)}`);
    const folder = join(ROOT, 'test/fixtures/rules', id.replace('/', '-'));
    assert.ok(existsSync(folder), `${id} has no fixtures folder`);
    const cases = loadCases(folder);
    assert.ok(cases.some((c) => c.expected.some((e) => e.rule === id)), `${id} has no failing fixture`);
    assert.ok(cases.some((c) => c.expected.length === 0), `${id} has no passing twin`);
  }
});
