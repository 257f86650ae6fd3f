// Real driver code is full of tokens a C grammar does not know: IN/OUT/OPTIONAL,
// old and new SAL annotations, calling conventions. We overwrite them with spaces
// of the same length before parsing, so the tree has far fewer ERROR nodes and
// every offset in the tree is still an offset in the user's text.
import { blankSpans, overNested } from './nesting';
import { unclosedCommentOpeners } from './openComments';
import { unmatchedOpeners } from './unmatched';

/** Whole words replaced by spaces. */
const PLAIN = [
  'IN', 'OUT', 'INOUT', 'OPTIONAL', 'NTAPI', 'WINAPI', 'NDIS_API', 'STDCALL', 'CALLBACK', 'FASTCALL',
  'FORCEINLINE', '__forceinline', 'DECLSPEC_NOINLINE', 'DECLSPEC_CACHEALIGN', 'EXTERN_C', 'NTSYSAPI',
  'NTKERNELAPI', 'DECLSPEC_IMPORT', 'POINTER_ALIGNMENT', 'UNALIGNED', '__drv_aliasesMem',
  '__checkReturn', '__callback', '__nullterminated', '__reserved', '__success', '__range',
  '__in', '__out', '__inout', '__in_opt', '__out_opt', '__inout_opt', '__field_range', '__bcount', '__ecount',
];

/** Words mapped to the keyword of the same length. */
const KEYWORDS: Record<string, string> = { WHILE: 'while', CONST: 'const', VOLATILE: 'volatile' };

// New SAL: _In_, _Out_writes_bytes_(n), _IRQL_requires_max_(DISPATCH_LEVEL), _Use_decl_annotations_ ...
// Old SAL: __in_bcount(n), __out_ecount_opt(n), __drv_requiresIRQL(x), __deref_out ...
const ANNOTATION =
  /\b(?:_(?:In|Out|Inout|Outptr|Outref|Deref|Ret|Pre|Post|Must|Check|Success|Use|IRQL|Kernel|When|Function|Requires|Acquires|Releases|Guarded|Interlocked|Field|Struct|Null|Notnull|Maybenull|Printf|Scanf|Reserved|Const|Frees|At|Analysis|Dispatch|Always|Points|Readable|Writable|Valid|Literal|Strict|Landmark|Has|On|Return|Result|Called|Benign|No|Drv|Writes|Reads|Raises|Restores|Saves|Satisfies|Inexpressible)(?:_[A-Za-z0-9]+)*_|__(?:in|out|inout|deref|drv|field|bcount|ecount|format|typefix)_[A-Za-z0-9_]+)\b/g;

const PLAIN_RE = new RegExp(`\\b(?:${PLAIN.join('|')})\\b`, 'g');
const KEYWORD_RE = new RegExp(`\\b(?:${Object.keys(KEYWORDS).join('|')})\\b`, 'g');

/** Length of a balanced parenthesised group starting at `i` (after optional spaces), or 0. */
function parenGroupLength(text: string, i: number): number {
  let j = i;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  if (text[j] !== '(') return 0;
  let depth = 0;
  for (let k = j; k < text.length && k - j < 4000; k++) {
    const c = text[k];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return k + 1 - i;
    } else if (c === ';' || c === '{' || c === '}') return 0;
  }
  return 0;
}

function spaces(s: string): string {
  // Keep line breaks so rows and columns stay the same.
  return s.replace(/[^\r\n]/g, ' ');
}

/**
 * Returns a text of the same length with annotations blanked and keyword aliases mapped, code nested
 * deeper than PARSE_NESTING_LIMIT blanked, unclosed `/*` blanked, `(` and `[` that nothing closes blanked, and every lone CR (old Mac line
 * ending) made a LF: the C grammar ends `//` comments and directives at LF only.
 */
export function blankAnnotations(text: string): string {
  // Text nested deeper than the parser can take is blanked too (see nesting.ts), and so is each `/*`
  // that nothing closes (see openComments.ts).
  // Both characters: a run of ` *x` left in a C++ class body costs tree-sitter-cpp's error recovery the square of its length.
  const openers = unclosedCommentOpeners(text).map((o) => [o, o + 2] as const);
  // And so is each `(` and `[` that nothing closes (see unmatched.ts).
  const unmatched = unmatchedOpeners(text).map((o) => [o, o + 1] as const);
  const blanked = blankSpans(blankSpans(blankSpans(blankWords(text), overNested(text)), openers), unmatched);
  return blanked.includes('\r') ? blanked.replace(/\r(?!\n)/g, '\n') : blanked;
}

function blankWords(text: string): string {
  // Collected as (start, replacement) and applied in one pass: the file may be megabytes long.
  const edits: [number, string][] = [];
  const directive = directiveLines(text);
  const onDirective = (pos: number) => directive.length > 0 && inDirective(directive, pos);
  for (const m of text.matchAll(ANNOTATION)) {
    const start = m.index!;
    if (onDirective(start)) continue; // include guards such as _MP_H_ stay
    const len = m[0].length + parenGroupLength(text, start + m[0].length);
    edits.push([start, spaces(text.slice(start, start + len))]);
  }
  for (const m of text.matchAll(PLAIN_RE)) {
    if (onDirective(m.index!)) continue;
    const len = m[0].length + (m[0].startsWith('__') && m[0] !== '__forceinline' ? parenGroupLength(text, m.index! + m[0].length) : 0);
    edits.push([m.index!, spaces(text.slice(m.index!, m.index! + len))]);
  }
  for (const m of text.matchAll(KEYWORD_RE)) edits.push([m.index!, KEYWORDS[m[0]]]);
  if (edits.length === 0) return text;
  edits.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let at = 0;
  for (const [start, rep] of edits) {
    if (start < at) continue; // overlapping (an annotation inside another's parentheses)
    parts.push(text.slice(at, start), rep);
    at = start + rep.length;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Spans [start, end) of preprocessor directive lines, in order. */
function directiveLines(text: string): number[] {
  const spans: number[] = [];
  for (const m of text.matchAll(/^[ \t]*#.*$/gm)) spans.push(m.index!, m.index! + m[0].length);
  return spans;
}

function inDirective(spans: number[], pos: number): boolean {
  let lo = 0;
  let hi = spans.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pos < spans[2 * mid]) hi = mid - 1;
    else if (pos >= spans[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}
