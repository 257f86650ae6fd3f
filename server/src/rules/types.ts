// What a rule sees and how it reports.
import type { Loc } from '../analysis/source';
import type { Site } from '../analysis/sites';
import type { Value } from '../analysis/values';
import type { WorkspaceIndex } from '../analysis/workspace';
import type { OffloadState } from '../protocol/model';

export interface RelatedStep {
  loc: Loc;
  message: string;
  state?: OffloadState;
  event?: string;
}

export interface RawFinding {
  rule: string;
  loc: Loc;
  message: string;
  /** In execution order: assignments and calls that led to the finding, or the path. */
  steps: RelatedStep[];
  /** What the quick fix does: replace a span, or insert statements before the statement at `before`. */
  fix?: FixSpec;
}

export type FixSpec =
  | { title: string; loc: Loc; newText: string }
  /** Insert `lines` (or a copy of the statement at `copyOf`) before the statement that starts at `before`. */
  | { title: string; before: Loc; lines?: string[]; copyOf?: Loc };

export interface RuleContext {
  ws: WorkspaceIndex;
  report(f: RawFinding): void;
}

export interface SiteRule {
  id: string;
  kind: Site['kind'];
  check(site: Site, ctx: RuleContext): void;
}

/** Steps that explain how a value reached a call: where it was written, the calls that carried it, the call. */
export function valueSteps(site: Site, v: Value, field: string): RelatedStep[] {
  const steps: RelatedStep[] = [];
  if (v.loc) steps.push({ loc: v.loc, message: v.how === 'zero' ? `${field} left zero here` : `${field} set here` });
  for (const call of v.through ?? []) steps.push({ loc: call, message: `${field} written by this call` });
  for (const call of v.via) steps.push({ loc: call, message: 'passed on by this call' });
  steps.push({ loc: site.call.at, message: site.kind === 'indication' ? 'indicated here' : 'event indicated here' });
  return steps;
}

/** Where a finding about value `v` goes: the outermost call that passed it, else the call itself. */
export function reportLoc(site: Site, v: Value): Loc {
  return v.via[0] ?? site.call.at;
}
