// A quick fix as a rule states it (insert these statements before that one, copy that call, drop that
// statement) made concrete: the text replaced and the text put in, in the indentation of the code around it.
import { lineEndingAt, lineStartAt, splitLines, type Loc } from './source';
import type { FixSpec } from './findings';

/** Turns an insertion into a replacement of concrete text, in the indentation of the code around it. */
export function resolveFix(fix: FixSpec, textOf: (uri: string) => string | undefined): { title: string; loc: Loc; newText: string } | undefined {
  if ('newText' in fix) return fix;
  const text = textOf(fix.before.uri);
  if (text === undefined) return undefined;
  let statements = fix.lines ?? [];
  if (fix.copyOf) {
    const src = textOf(fix.copyOf.uri) ?? '';
    const semi = src.indexOf(';', fix.copyOf.end);
    statements = [oneLine(src.slice(fix.copyOf.start, semi < 0 ? fix.copyOf.end : semi + 1))];
  }
  if (statements.length === 0) return undefined;
  const lineStart = lineStartAt(text, fix.before.start);
  const lead = text.slice(lineStart, fix.before.start);
  if (fix.drop) return replaceAndInsert(fix, text, statements, lineStart, lead);
  if (/^\s*$/.test(lead)) {
    const eol = lineEndingAt(text, fix.before.start);
    return { title: fix.title, loc: { uri: fix.before.uri, start: lineStart, end: lineStart }, newText: statements.map((l) => `${lead}${l}${eol}`).join('') };
  }
  // The statement shares its line (`if (x) return s;`): wrap both in a block so the meaning stays.
  const semi = text.indexOf(';', fix.before.start);
  if (semi < 0) return undefined;
  const stmt = text.slice(fix.before.start, semi + 1);
  return { title: fix.title, loc: { uri: fix.before.uri, start: fix.before.start, end: semi + 1 }, newText: `{ ${statements.join(' ')} ${stmt} }` };
}

/**
 * One edit that deletes the statement at `drop` (alone on its line) and inserts the statements before the
 * line of `before`, in that line's indentation: the text between the two is kept as it is.
 */
function replaceAndInsert(fix: FixSpec & { before: Loc; drop?: Loc }, text: string, statements: string[], lineStart: number, lead: string): { title: string; loc: Loc; newText: string } | undefined {
  const drop = fix.drop!;
  if (drop.uri !== fix.before.uri || drop.start >= lineStart || !/^\s*$/.test(lead)) return undefined;
  const dropStart = text.lastIndexOf('\n', drop.start - 1) + 1;
  const semi = text.indexOf(';', drop.start);
  const dropEnd = text.indexOf('\n', semi);
  if (semi < 0 || dropEnd < 0 || dropEnd >= lineStart) return undefined;
  // The dropped statement must be alone on its line (a trailing comment goes with it).
  if (!/^\s*$/.test(text.slice(dropStart, drop.start)) || !/^\s*(\/\/.*)?\r?$/.test(text.slice(semi + 1, dropEnd))) return undefined;
  const kept = text.slice(dropEnd + 1, lineStart);
  return { title: fix.title, loc: { uri: drop.uri, start: dropStart, end: lineStart }, newText: kept + statements.map((l) => `${lead}${l}\n`).join('') };
}

/** A statement on one line: every line break, with the blanks around it, becomes one space (in one pass). */
function oneLine(text: string): string {
  const lines = splitLines(text);
  if (lines.length === 1) return text;
  const last = lines.length - 1;
  const parts = lines.map((l, i) => (i === 0 ? l.trimEnd() : i === last ? l.trimStart() : l.trim()));
  return parts.filter((p, i) => i === 0 || i === last || p !== '').join(' ');
}
