// The single source of truth for rules: ids, titles, default severities, the
// documented page each traces to, read from the rule files (./index.ts). The README
// table, docs/rules/, the settings schema in package.json and SARIF rule metadata
// are all generated or checked from here.
import { ALL_RULES } from './index';
import type { Rule, RuleMeta } from './types';

export type { RuleMeta, Severity, SeveritySetting } from './types';

export const RULES: readonly RuleMeta[] = ALL_RULES.map((r) => r.meta);

export const RULE_BY_ID: ReadonlyMap<string, RuleMeta> = new Map(RULES.map((r) => [r.id, r]));
export const RULE_MODULE_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map((r) => [r.meta.id, r]));

/** The docs page of a rule, relative to the extension root. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id.replace('/', '-')}.md`;
}
