// The note kept for a function left out of the analysis (see budget.ts).
import type { SkippedFunction } from './facts';
import type { Loc } from './source';
import { OverBudget, skipMessage, type SkipReason } from './budget';

/** The note for a function left out, from what stopped its analysis (OverBudget, or any other error). */
export function skipNote(name: string, loc: Loc, stage: SkippedFunction['stage'], e: unknown): SkippedFunction {
  const reason: SkipReason = e instanceof OverBudget ? e.reason : 'error';
  const detail = reason === 'error' ? (e instanceof Error ? e.message : String(e)) : undefined;
  return { name, reason, message: skipMessage(reason, detail), loc: { ...loc }, stage };
}

/** The note for a function whose construct the analysis does not read (`why` in our words). */
export function unsupportedNote(name: string, loc: Loc, why: string): SkippedFunction {
  return { name, reason: 'unsupported', message: skipMessage('unsupported', why), loc: { ...loc }, stage: 'extract' };
}
