// Suppression comments and pragmas that silence a rule on a line or a file.
//   // ndis-offload-disable-next-line RULE-ID [RULE-ID ...]
//   // ndis-offload-disable-file RULE-ID [RULE-ID ...]
//   #pragma warning(suppress: RULE-ID) / #pragma prefast(suppress: RULE-ID, "why")
import type { Finding } from './findings';
import { LineMap } from './source';

export interface Suppressions {
  /** The file has no suppression: filter() keeps everything, unused() is empty. */
  readonly none: boolean;
  filter(findings: Finding[]): Finding[];
  /** Suppressions that matched nothing in the last filter(): where they are and what they name. */
  unused(): { line: number; start: number; end: number; rules: string[] }[];
}

interface Entry {
  line: number; // the line the suppression applies to (-1 for the whole file)
  at: number; // the line the comment is on
  start: number;
  end: number;
  rules: Set<string>;
  used: Set<string>;
  /** Position in the file's list of suppressions. */
  order: number;
}

/** `known`: the rule ids a pragma may name (pragmas naming other ids belong to other tools). */
export function findSuppressions(text: string, known: ReadonlySet<string>, lines?: LineMap): Suppressions {
  const entries: Entry[] = [];
  const add = (line: number, at: number, m: Match, own: boolean) => {
    const rules = new Set(ruleIds(m.rest).filter((r) => own || known.has(r)));
    if (rules.size) entries.push({ line, at, start: m.index, end: m.end, rules, used: new Set(), order: entries.length });
  };
  // Lines are cut at LF, CRLF and lone CR alike; only the lines that mention a marker are looked at
  // (found with indexOf: a keystroke in a long file does not split it into lines).
  const marked = markedLines(text, lines);
  for (const [i, line] of marked) {
    let m = commentMarker(line, 'ndis-offload-disable-next-line');
    if (m) add(i + 1, i, m, true);
    m = commentMarker(line, 'ndis-offload-disable-file');
    if (m) add(-1, i, m, true);
    // Pragmas driver developers already write; they count only where they name one of our rules.
    m = suppressPragma(line);
    if (m) add(i + 1, i, m, false);
  }
  return {
    none: entries.length === 0,
    filter(findings) {
      for (const e of entries) e.used.clear();
      if (entries.length === 0) return findings;
      // By line, so a file with many suppressions and many findings stays linear.
      const byLine = new Map<number, Entry[]>();
      for (const e of entries) {
        const list = byLine.get(e.line);
        if (list) list.push(e);
        else byLine.set(e.line, [e]);
      }
      return findings.filter((f) => {
        // The first matching entry in file order, as the file reads.
        const a = byLine.get(f.range.start.line)?.find((e) => e.rules.has(f.rule));
        const b = byLine.get(-1)?.find((e) => e.rules.has(f.rule));
        const hit = a && b ? (a.order < b.order ? a : b) : (a ?? b);
        hit?.used.add(f.rule);
        return !hit;
      });
    },
    unused() {
      return entries.flatMap((e) => {
        const idle = [...e.rules].filter((r) => !e.used.has(r));
        return idle.length ? [{ line: e.at, start: e.start, end: e.end, rules: idle }] : [];
      });
    },
  };
}

/** The lines (index, text without its line end) that hold a suppression keyword or a pragma, in order. */
function markedLines(text: string, given: LineMap | undefined): [number, string][] {
  const at: number[] = [];
  for (const word of ['ndis-offload-disable', 'pragma']) for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length)) at.push(i);
  if (at.length === 0) return [];
  at.sort((a, b) => a - b);
  const lines = given ?? new LineMap(text);
  const out: [number, string][] = [];
  for (const offset of at) {
    const line = lines.position(offset).line;
    if (out.length && out[out.length - 1][0] === line) continue;
    const start = lines.offset({ line, character: 0 });
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    out.push([line, text.slice(start, end)]);
  }
  return out;
}

/** Where a suppression starts and ends on its line, and the text after its keyword (the rule ids). */
interface Match {
  index: number;
  end: number;
  rest: string;
}

const isBlank = (c: string | undefined) => c !== undefined && /\s/.test(c);

/** `// <blanks> KEYWORD <blanks> rest-of-line`, the first such comment on the line. */
function commentMarker(line: string, keyword: string): Match | undefined {
  for (let j = line.indexOf('//'); j >= 0; j = line.indexOf('//', j + 2)) {
    let k = j + 2;
    while (isBlank(line[k])) k++;
    if (!line.startsWith(keyword, k) || !isBlank(line[k + keyword.length])) continue;
    return { index: j, end: line.length, rest: line.slice(k + keyword.length) };
  }
  return undefined;
}

const PRAGMA_HEAD = /#\s*pragma\s+(?:warning|prefast)\s*\(\s*suppress\s*:/y;

/** `#pragma warning(suppress: ...)` or `#pragma prefast(suppress: ...)`, the first on the line. */
function suppressPragma(line: string): Match | undefined {
  for (let j = line.indexOf('#'); j >= 0; j = line.indexOf('#', j + 1)) {
    PRAGMA_HEAD.lastIndex = j;
    if (!PRAGMA_HEAD.test(line)) continue;
    const from = PRAGMA_HEAD.lastIndex;
    const close = line.indexOf(')', from);
    if (close < 0) return undefined; // no later pragma on this line can close either
    return { index: j, end: close + 1, rest: line.slice(from, close) };
  }
  return undefined;
}

/** Rule ids (`group/name`) in a text, left to right; one pass. */
export function ruleIds(s: string): string[] {
  const out: string[] = [];
  const isIdChar = (k: number) => {
    const c = s.charCodeAt(k);
    return (c >= 97 && c <= 122) || c === 45; // a-z, -
  };
  let i = 0;
  while (i < s.length) {
    if (!isIdChar(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && isIdChar(j)) j++;
    if (s.charCodeAt(j) === 47 /* / */ && isIdChar(j + 1)) {
      let k = j + 1;
      while (k < s.length && isIdChar(k)) k++;
      out.push(s.slice(i, k));
      i = k;
    } else i = j;
  }
  return out;
}
