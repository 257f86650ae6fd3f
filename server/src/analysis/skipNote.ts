// The note kept for a function left out of the analysis (see budget.ts).
import type { FunctionFacts, SkippedFunction } from './facts';
import type { Loc } from './source';
import { OverBudget, skipMessage, type SkipReason } from './budget';
import { locWithin } from './shiftFacts';

/** The note for a function left out, from what stopped its analysis (OverBudget, or any other error). */
export function skipNote(name: string, loc: Loc, stage: SkippedFunction['stage'], e: unknown): SkippedFunction {
  const reason: SkipReason = e instanceof OverBudget ? e.reason : 'error';
  const detail = reason === 'error' ? (e instanceof Error ? e.message : String(e)) : undefined;
  return { name, reason, message: skipMessage(reason, detail), loc: { ...loc }, stage };
}

/**
 * The note for a function left out while the workspace was analysed (its values or its paths): at its
 * name, a location that moves with the function (kept with the analysis while no lookup changes).
 */
export function functionSkipNote(fn: FunctionFacts, stage: SkippedFunction['stage'], e: unknown): SkippedFunction {
  return { ...skipNote(fn.name, fn.nameLoc, stage, e), loc: locWithin(fn, fn.nameLoc.start, fn.nameLoc.end - fn.nameLoc.start) };
}

/** The note for a function whose construct the analysis does not read (`why` in our words). */
export function unsupportedNote(name: string, loc: Loc, why: string): SkippedFunction {
  return { name, reason: 'unsupported', message: skipMessage('unsupported', why), loc: { ...loc }, stage: 'extract' };
}
