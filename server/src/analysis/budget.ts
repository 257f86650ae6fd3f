// Work budgets, like eslint's: the analysis of one function counts its steps
// (tree nodes visited, characters normalised, paths walked) instead of
// watching the clock, so a result never depends on the machine's speed. A
// function that runs out is skipped with a note; everything else is analysed.

/** Thrown when the work of one function exceeds its budget, or its syntax is nested too deeply. */
export class OverBudget extends Error {
  constructor(readonly reason: SkipReason) {
    super(reason === 'nesting' ? 'too deeply nested' : 'work budget exceeded');
  }
}

export type SkipReason =
  /** The syntax nests deeper than MAX_NESTING levels. */
  | 'nesting'
  /** The analysis took more steps than its budget. */
  | 'budget'
  /** The analysis failed unexpectedly (a defect of ours, kept to this function). */
  | 'error'
  /** A construct the analysis does not read (a C++ template, an operator, a declaration it cannot name). */
  | 'unsupported';

/** Syntax-tree levels inside one function body; hand-written code stays far below. */
export const MAX_NESTING = 1000;

/** Steps allowed to the analysis of one function: a fixed base plus a share per character of its text. */
export function budgetFor(length: number): number {
  return Math.ceil((2_000_000 + 40 * length) * scale);
}

let scale = 1;
/** Multiplies every budget (tests reach the limits with small inputs); returns the previous factor. */
export function scaleBudgets(factor: number): number {
  const old = scale;
  scale = factor;
  return old;
}

interface Meter {
  left: number;
}

let meter: Meter | undefined;
/** Steps counted since the process started (tests read it to assert that work stays linear). */
let total = 0;

/**
 * Counts `n` steps of work that belongs to no one function (a search of the call graph shared by all):
 * counted for the linearity tests and the fuzz harness, charged to no budget.
 */
export function countWork(n: number): void {
  total += n;
}

/** Counts `n` steps against the budget in force, if any. */
export function charge(n: number): void {
  total += n;
  if (meter && (meter.left -= n) < 0) throw new OverBudget('budget');
}

/** Runs `f` with a budget of its own (independent of any budget around it). */
export function withBudget<T>(steps: number, f: () => T): T {
  return withBudgetCounted(steps, f).value;
}

/** withBudget, saying how many of the steps `f` took. */
export function withBudgetCounted<T>(steps: number, f: () => T): { value: T; used: number } {
  const saved = meter;
  const own = { left: steps };
  meter = own;
  try {
    const value = f();
    return { value, used: steps - own.left };
  } finally {
    meter = saved;
  }
}

/** Steps counted so far by every analysis in this process. */
export function stepsCounted(): number {
  return total;
}

/** Why a function was skipped, in our words, for notes in logs, the command line and the editor. */
export function skipMessage(reason: SkipReason, detail?: string): string {
  switch (reason) {
    case 'nesting':
      return `too deeply nested (more than ${MAX_NESTING} levels), skipped`;
    case 'budget':
      return `too large to analyse within its work budget${detail ? ` (${detail})` : ''}, skipped`;
    case 'error':
      return `skipped after an internal error${detail ? `: ${detail}` : ''}`;
    case 'unsupported':
      return `not analysed: ${detail ?? 'a construct the analysis does not read'}`;
  }
}
