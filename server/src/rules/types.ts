// What a rule is: its registry entry, its hover text, and the checks it runs
// (the analysis calls them; see ../analysis/findings.ts for the hooks).
import type { Check, CheckMeta } from '../analysis/checks';

export type { CheckContext as RuleContext } from '../analysis/checks';
export type { RawFinding, RelatedStep, FixSpec, Severity, SeveritySetting } from '../analysis/findings';

export interface RuleMeta extends CheckMeta {
  /** Stable id: never rename, users write it in settings and suppressions. */
  id: string;
  title: string;
  /** How strong the documentation is: MUST, SHOULD or a heuristic drawn from it. */
  strength: 'MUST' | 'SHOULD' | 'HEUR';
  /** The documented page (under shared/reference) the rule traces to. */
  source: string;
}

/** The rule explained in our own words: the hover on its id and the top of its docs page. */
export interface RuleExplanation {
  checks: string;
  fix: string;
  /** Symbols whose hover lists this rule. */
  symbols: string[];
}

export interface Rule extends Check {
  meta: RuleMeta;
  explain: RuleExplanation;
}
