// How rules explain a finding: where a value was written and the calls that carried it, or the path.
import type { Loc } from '../analysis/source';
import type { Site } from '../analysis/sites';
import type { Value } from '../analysis/values';
import type { FixSpec, RelatedStep } from '../analysis/findings';
import type { CheckContext } from '../analysis/checks';
import type { PathViolation, ProtocolAnalysis } from '../analysis/paths/walk';

/** Steps that explain how a value reached a call: where it was written, the calls that carried it, the call. */
export function valueSteps(site: Site, v: Value, field: string): RelatedStep[] {
  const steps: RelatedStep[] = [];
  if (v.loc) steps.push({ loc: v.loc, message: v.how === 'zero' ? `${field} left zero here` : `${field} set here` });
  // The branches of the path on which this value is the one that arrives.
  for (const b of v.path ?? []) steps.push({ loc: b.loc, message: `branch taken: ${b.branch}`, branch: b.branch });
  for (const call of v.through ?? []) steps.push({ loc: call, message: writtenBy(v, call, field) });
  for (const call of v.via) steps.push({ loc: call, message: 'passed on by this call' });
  steps.push({ loc: site.call.at, message: site.kind === 'indication' ? 'indicated here' : 'event indicated here' });
  return steps;
}

/** The step of a call that wrote a field: a macro expanded at its use says what the use became. */
export function writtenBy(v: Value | undefined, call: Loc, field: string): string {
  const e = v?.expansion;
  if (!e || e.at.uri !== call.uri || e.at.start !== call.start) return `${field} written by this call`;
  const text = e.text.length > 300 ? `${e.text.slice(0, 297)}...` : e.text;
  return `${field} written by ${e.macro}, which expands here to: ${text}`;
}

/** ` when !(fatal)`: the branch decisions under which a local variable's value is this one, for messages. */
export function pathWords(v: Value): string {
  const conds = (v.path ?? []).map((b) => b.branch);
  if (conds.length === 0) return '';
  const shown = conds.slice(0, 3).join(', ') + (conds.length > 3 ? ', ...' : '');
  return ` on the path where ${shown}`;
}

/** Where a finding about value `v` goes: the outermost call that passed it, else the call itself. */
export function reportLoc(site: Site, v: Value): Loc {
  return v.via[0] ?? site.call.at;
}

/** The related steps of a path finding: the callers that only reach the defect (it is reported once, where it is), then the path. */
export function pathSteps(v: PathViolation): RelatedStep[] {
  return [...v.reachedFrom.map((r) => ({ loc: r.loc, message: `reached from ${r.fn} here` })), ...v.steps];
}

/** Reports every path violation of `rule`, with the message (and the fix) the rule writes for it. */
export function reportViolations(p: ProtocolAnalysis, ctx: CheckContext, rule: string, message: (v: PathViolation) => string, fix?: (v: PathViolation) => FixSpec | undefined): void {
  for (const v of p.violations) {
    if (v.rule === rule) ctx.report({ rule, loc: v.loc, message: message(v), steps: pathSteps(v), fix: fix?.(v) });
  }
}

/** One problem of a value at a call, as a rule finds it (see reportPerPlace). */
export type PlaceReport = (v: Value, field: string, message: string) => void;

/**
 * Runs `collect`, then reports one finding per place with every message found there: a wrong buffer and
 * its wrong size written on one line are one mistake.
 */
export function reportPerPlace(site: Site, ctx: CheckContext, rule: string, collect: (report: PlaceReport) => void): void {
  const found = new Map<string, { v: Value; field: string; messages: string[] }>();
  collect((v, field, message) => {
    const loc = reportLoc(site, v);
    const k = `${loc.uri}:${loc.start}`;
    const f = found.get(k);
    if (!f) found.set(k, { v, field, messages: [message] });
    else if (!f.messages.includes(message)) f.messages.push(message);
  });
  for (const { v, field, messages } of found.values()) {
    ctx.report({ rule, loc: reportLoc(site, v), message: messages.join(' '), steps: valueSteps(site, v, field) });
  }
}
