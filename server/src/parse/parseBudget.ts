// The parse budget: tree-sitter is stopped past a processor-time budget (its error recovery is quadratic
// on some broken shapes), and the first verdict on a text near the budget is kept, so that the same text
// parsed again gets the same answer. parser.ts parseText applies it.
import type { Parser } from 'web-tree-sitter';
import type { Pieces } from './pieces';

/**
 * Processor time one parse may take: a second plus 1 ms per KiB. Real drivers parse at 0.2 to
 * 4 ms per KiB (7,800 files of the 13 real trees; the slowest, 41 KiB, in 150 ms), so only text
 * no compiler accepts comes near it. The floor is generous because the process's processor time
 * also counts the engine compiling the grammars in the background while the first files parse.
 */
export function parseBudgetMillis(chars: number): number {
  return 1000 + chars / 1024;
}

/**
 * tree-sitter was stopped: its error recovery on this text went past parseBudgetMillis. Its cost
 * on some broken shapes grows with the square of their length (an expression 8,000 terms long
 * written as a C struct member: 1.6 s for 32 KB), and the callback it gives us comes at a linear
 * rate meanwhile, so the budget is on processor time: no step count we can read sees that work.
 */
export class ParseGaveUp extends Error {
  constructor(
    /** Where the parser was when it stopped. */
    readonly offset: number,
    readonly millis: number,
  ) {
    super(`tree-sitter gave up after ${Math.round(millis)} ms of processor time (its error recovery is slow on the broken code near offset ${offset})`);
    this.name = 'ParseGaveUp';
  }
}

/** Milliseconds of processor time this process has used. */
export function cpuMillis(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * The first verdict of each grammar on each text whose parse came near its budget (more than half of it) or went past
 * it, by length then text: the same text parsed again (a fresh analysis beside an incremental one,
 * another analyzer in the process) gets the same verdict instead of one that depends on the machine's
 * load at that moment. Texts this slow are rare; the latest MAX_VERDICTS are kept.
 */
const verdicts = new Map<Parser, Map<number, Map<string, ParseGaveUp | 'parsed'>>>();
let verdictCount = 0;
const MAX_VERDICTS = 32;

export function verdictOn(parser: Parser, text: string | Pieces): ParseGaveUp | 'parsed' | undefined {
  // A text in pieces is joined only when a verdict on a text of its length is kept.
  const byText = verdicts.get(parser)?.get(text.length);
  return byText && byText.get(text.toString());
}

export function keepVerdict(parser: Parser, pieces: string | Pieces, v: ParseGaveUp | 'parsed'): void {
  const text = pieces.toString();
  if (verdictCount >= MAX_VERDICTS) {
    verdicts.clear();
    verdictCount = 0;
  }
  let byLength = verdicts.get(parser);
  if (!byLength) verdicts.set(parser, (byLength = new Map()));
  let byText = byLength.get(text.length);
  if (!byText) byLength.set(text.length, (byText = new Map()));
  if (!byText.has(text)) verdictCount++;
  byText.set(text, v);
}
