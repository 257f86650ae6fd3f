// The replays a "Replay in simulator" lens plays (lsp/replayLenses.ts): for each function of a file that
// pauses, uploads all or resumes, one replay per way it ends (from the protocol walk's paths), or every
// event in source order when its paths were not walked.
import type { FileFacts, FunctionFacts } from './facts';
import type { RelatedStep } from './findings';
import type { LineMap, Loc, Range } from './source';
import type { EventIndex } from './paths/events';
import type { PathOutcome } from './paths/walk';
import { VIOLATION_SHORT, type ProtocolEvent, type ProtocolRuleId } from '../protocol/model';

/** Where a location is, as lines and columns (undefined for a file the analysis does not hold). */
type RangeOf = (loc: Loc) => Range | undefined;

/** One step of a replay: a protocol event (repeated `count` times in a row) or a branch decision, at a 0-based line. */
export type ReplayStep =
  | { event: ProtocolEvent; uri: string; line: number; count?: number }
  | { branch: string; uri: string; line: number };

/** One kind of path through a function that makes protocol events: what a "Replay" lens plays. */
export interface FunctionReplay {
  /** The function. */
  name: string;
  range: Range;
  /** How the path ends, in words: "early return (line 67): pause never resumed", "success path". */
  path: string;
  /** The first violation on the path, when it breaks the protocol. */
  violation?: ProtocolRuleId;
  steps: ReplayStep[];
}

/** The replays of the functions of a file that pause, upload all or resume, in source order. */
export function functionReplays(facts: FileFacts, lines: LineMap, index: EventIndex, paths: ReadonlyMap<FunctionFacts, PathOutcome[]> | undefined, rangeOf: RangeOf): FunctionReplay[] {
  const uri = facts.uri;
  const out: FunctionReplay[] = [];
  for (const fn of facts.functions) {
    const evs = index.eventsOf(fn);
    if (!evs.some((e) => e.event.kind === 'pause' || e.event.kind === 'uploadAll' || e.event.kind === 'resume')) continue;
    const range = lines.range(fn.nameLoc.start, fn.nameLoc.end);
    const outcomes = paths?.get(fn);
    if (outcomes?.length) {
      out.push(...pathReplays(fn.name, range, outcomes, rangeOf));
      continue;
    }
    // Not walked (no graph, or the protocol rules are off): every event of the function in source order.
    const steps = mergeRepeats(evs.flatMap((e) => {
      const line = rangeOf(e.loc)?.start.line;
      return line !== undefined && replayable(e.event) ? [{ event: e.event, uri: e.loc.uri, line }] : [];
    }));
    steps.push({ event: { kind: 'exit' }, uri, line: lines.position(fn.span.end).line });
    out.push({ name: fn.name, range, path: 'every event in order', steps });
  }
  return out;
}

/** One replay per way the function ends: broken paths first, then one clean path per end state. */
function pathReplays(name: string, range: Range, outcomes: PathOutcome[], rangeOf: RangeOf): FunctionReplay[] {
  const lineOf = (l: { uri: string; start: number } | undefined) => (l ? rangeOf({ ...l, end: l.start })?.start.line : undefined);
  const lastRet = Math.max(...outcomes.map((o) => o.ret?.start ?? -1));
  const broken = outcomes.filter((o) => o.exitViolation || o.violations.length);
  const clean = outcomes.filter((o) => !o.exitViolation && !o.violations.length);
  const byEnd = new Map<string, PathOutcome>();
  for (const o of clean) if (!byEnd.has(o.end)) byEnd.set(o.end, o);
  const kept = [...broken, ...byEnd.values()].slice(0, 4);
  return kept.map((o) => {
    const line = lineOf(o.ret ?? o.steps[o.steps.length - 1]?.loc);
    const where = o.ret ? `${o.ret.start < lastRet ? 'early return' : 'return'} (line ${(line ?? 0) + 1})` : `end of ${name} (line ${(line ?? 0) + 1})`;
    const rule = o.violations[0] ?? o.exitViolation;
    const path = rule ? `${where}: ${VIOLATION_SHORT[rule]}` : byEnd.size === 1 ? 'success path' : `path to the ${where}`;
    return { name, range, path, ...(rule ? { violation: rule } : {}), steps: replaySteps(o.steps, rangeOf) };
  });
}

/** A path's steps as replay steps, at their lines. */
function replaySteps(steps: RelatedStep[], rangeOf: RangeOf): ReplayStep[] {
  return mergeRepeats(steps.flatMap((s): ReplayStep[] => {
    const line = rangeOf(s.loc)?.start.line;
    if (line === undefined) return [];
    if (s.branch !== undefined) return [{ branch: s.branch, uri: s.loc.uri, line }];
    return s.event && replayable(s.event) ? [{ event: s.event, uri: s.loc.uri, line }] : [];
  }));
}

/** The initiate window's markers matter to the path walk, not to a replay of the sequence. */
function replayable(e: ProtocolEvent): boolean {
  return e.kind !== 'indication' && e.kind !== 'initiateComplete';
}

/** Identical events in a row on one line (a helper that writes three capability fields) become one step with a count. */
function mergeRepeats(steps: ReplayStep[]): ReplayStep[] {
  const out: ReplayStep[] = [];
  for (const s of steps) {
    const prev = out[out.length - 1];
    if (prev && 'event' in prev && 'event' in s && prev.line === s.line && prev.uri === s.uri && JSON.stringify(prev.event) === JSON.stringify(s.event)) {
      prev.count = (prev.count ?? 1) + 1;
    } else out.push({ ...s });
  }
  return out;
}
