// Small helpers over tree-sitter C nodes and expression texts.
import type { Node } from 'web-tree-sitter';
import { charge } from './budget';
import { skipLiteral } from '../parse/codeChars';

/** Expression text in a canonical form: no blanks, `->` as `.`, no outer parentheses or casts. */
const normCache = new Map<string, string>();

// Everything here runs on text from the user's files, so every function is linear in its input
// (no regular expression that can backtrack, no loop that rescans what it already passed).

export function norm(text: string): string {
  charge(text.length);
  const hit = normCache.get(text);
  if (hit !== undefined) return hit;
  const t = normalize(text);
  if (normCache.size > 50000) normCache.clear();
  normCache.set(text, t);
  return t;
}

function normalize(text: string): string {
  let t = stripComments(text).replace(/\s+/g, '').replace(/->/g, '.');
  // C++: `this->x` is the member x (the same object as the implicit `x` in a member function), and
  // `static_cast<T>(x)` is x.
  if (t.includes('this.')) t = t.replace(/(^|[^\w.])this\./g, '$1');
  if (t.includes('_cast<')) t = stripCppCasts(t);
  // Macro bodies parenthesise their parameters: `(_pSi).Header` is `_pSi.Header`.
  // (Linear: a match starts only at `(` and an identifier cannot contain one.)
  t = t.replace(/\(([A-Za-z_][A-Za-z0-9_]*)\)(?=\.|$|[,;)\]])/g, (m, id: string, off: number) => (off > 0 && isWordChar(t.charCodeAt(off - 1)) ? m : id));
  return stripParensAndCasts(t);
}

/**
 * Drops outer parentheses and leading casts such as (NDIS_STATUS) or (PVOID)(ULONG_PTR), repeatedly:
 * `((PVOID)(x))` -> `x`. A cast is a parenthesised name (letters, digits, `_`, `*`) followed by an operand.
 * Works on indices over one match table, so each character is looked at a bounded number of times.
 */
function stripParensAndCasts(t: string): string {
  if (t.charCodeAt(0) !== 40 /* ( */) return t;
  const close = matchingParens(t);
  let lo = 0;
  let hi = t.length;
  for (;;) {
    const before = lo;
    while (hi - lo >= 2 && t.charCodeAt(lo) === 40 && close[lo] === hi - 1) {
      lo++;
      hi--;
    }
    if (t.charCodeAt(lo) === 40) {
      const c = close[lo];
      if (c > lo + 1 && c + 1 < hi && isCastName(t, lo + 1, c) && startsOperand(t.charCodeAt(c + 1))) lo = c + 1;
    }
    if (lo === before) return t.slice(lo, hi);
  }
}

/**
 * `t` without the parentheses around all of it, repeatedly: `((x))` -> `x`. With `trim`, blanks just
 * inside each pair go too (`( (x) )` -> `x`). Linear: one match table, indices moved inwards.
 */
export function stripOuterParens(t: string, trim = false): string {
  if (t.charCodeAt(0) !== 40 /* ( */) return t;
  const close = matchingParens(t);
  let lo = 0;
  let hi = t.length;
  const blank = (i: number) => /\s/.test(t[i]);
  while (hi - lo >= 2 && t.charCodeAt(lo) === 40 && close[lo] === hi - 1) {
    lo++;
    hi--;
    if (trim) {
      while (lo < hi && blank(lo)) lo++;
      while (hi > lo && blank(hi - 1)) hi--;
    }
  }
  return t.slice(lo, hi);
}

/** For each `(`, the index of its `)` (-1 when unbalanced); other entries are unused. */
function matchingParens(t: string): Int32Array {
  const close = new Int32Array(t.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 40) open.push(i);
    else if (c === 41 && open.length) close[open.pop()!] = i;
  }
  return close;
}

/** `[A-Za-z_][A-Za-z0-9_*]*` over t[from, to). */
function isCastName(t: string, from: number, to: number): boolean {
  if (!isWordStart(t.charCodeAt(from))) return false;
  for (let i = from + 1; i < to; i++) {
    const c = t.charCodeAt(i);
    if (!isWordChar(c) && c !== 42 /* * */) return false;
  }
  return true;
}

/** What may follow a cast: a name, a number, `(`, `&` or `*`. */
function startsOperand(c: number): boolean {
  return isWordChar(c) || c === 40 || c === 38 || c === 42;
}

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isWordChar(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
}

function isLineEnd(c: number): boolean {
  return c === 10 || c === 13;
}

/**
 * The text without its comments: `/* ... *\/` and `//` up to the end of the line (LF, CRLF or a lone CR).
 * String and character literals are kept as they are, comment markers inside them included; an
 * unterminated `/*` stays. One pass from left to right.
 */
export function stripComments(text: string): string {
  if (text.indexOf('/') < 0) return text;
  const parts: string[] = [];
  let from = 0;
  let i = 0;
  let unclosed = false;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      // A literal runs to its closing quote, or to the end of the line when unterminated.
      i = skipLiteral(text, i);
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */ && !unclosed) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) {
        // An unterminated `/*` is left as text (as before); no later one can close either.
        unclosed = true;
        i++;
        continue;
      }
      parts.push(text.slice(from, i));
      i = end + 2;
      from = i;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      parts.push(text.slice(from, i));
      i += 2;
      while (i < n && !isLineEnd(text.charCodeAt(i))) i++;
      from = i;
    } else i++;
  }
  if (from === 0) return text;
  parts.push(text.slice(from));
  return parts.join('');
}

/** Drops parentheses and casts (C casts and the C++ `static_cast<T>(x)` family) around an expression node. */
export function unwrap(node: Node): Node {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0)!;
    else if (n.type === 'cast_expression' && n.childForFieldName('value')) n = n.childForFieldName('value')!;
    else if (n.type === 'call_expression' && isCppCast(n)) n = n.childForFieldName('arguments')!.namedChild(0)!;
    else return n;
  }
}

function isCppCast(call: Node): boolean {
  const f = call.childForFieldName('function');
  const name = f?.type === 'template_function' ? f.childForFieldName('name')?.text : undefined;
  return (name === 'static_cast' || name === 'reinterpret_cast' || name === 'const_cast' || name === 'dynamic_cast') && call.childForFieldName('arguments')?.namedChildCount === 1;
}

const CPP_CAST_NAMES = ['static_cast<', 'reinterpret_cast<', 'const_cast<', 'dynamic_cast<'];

/**
 * `static_cast<PVOID>(x)` -> `(x)` (blank-free text), for each of the four C++ casts; the type may hold
 * template arguments of its own. One pass left to right over a precomputed table of parentheses.
 */
function stripCppCasts(t: string): string {
  const close = matchingParens(t);
  const parts: string[] = [];
  let from = 0;
  let i = 0;
  while (i < t.length) {
    const name = CPP_CAST_NAMES.find((c) => t.startsWith(c, i));
    if (!name || (i > 0 && isWordChar(t.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    // The type runs to the `>` that balances the `<`.
    let j = i + name.length;
    let depth = 1;
    for (; j < t.length && depth > 0; j++) {
      const c = t.charCodeAt(j);
      if (c === 60 /* < */) depth++;
      else if (c === 62 /* > */) depth--;
    }
    if (depth !== 0 || t.charCodeAt(j) !== 40 /* ( */ || close[j] < 0) {
      i++;
      continue;
    }
    parts.push(t.slice(from, i));
    from = j; // keep `(x)`: the operand in its parentheses
    i = j;
  }
  if (from === 0) return t;
  parts.push(t.slice(from));
  return parts.join('');
}

/** `&x` -> `x` (normalised); anything else normalised as is. The object a pointer argument designates. */
export function objectOfArg(text: string): { obj: string; byAddress: boolean } {
  const t = norm(text);
  if (t.startsWith('&')) return { obj: norm(t.slice(1)), byAddress: true };
  return { obj: t, byAddress: false };
}

/**
 * The last identifier of a callee expression: `A->B.NdisTcpOffloadEventHandler` -> that field;
 * closing parentheses and blanks after it are passed over (`(*pfn)` -> `pfn`). The text itself when
 * it does not end so. Scans back from the end once.
 */
export function lastName(text: string): string {
  let i = text.length;
  const blank = (k: number) => k > 0 && /\s/.test(text[k - 1]);
  while (blank(i)) i--;
  while (i > 0 && text.charCodeAt(i - 1) === 41 /* ) */) i--;
  while (blank(i)) i--;
  const end = i;
  while (i > 0 && isWordChar(text.charCodeAt(i - 1))) i--;
  // The name starts at its first letter or `_` (a run such as `9ab` names `ab`).
  while (i < end && !isWordStart(text.charCodeAt(i))) i++;
  return i < end ? text.slice(i, end) : text;
}

export function isIdentifier(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}

/** Name declared by a declarator node (through pointers, arrays, init and parentheses). */
export function declaredName(decl: Node | null): { name: string; stars: number; node: Node } | undefined {
  let stars = 0;
  let n = decl;
  while (n) {
    switch (n.type) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
        return { name: n.text, stars, node: n };
      case 'pointer_declarator':
        stars++;
        n = n.childForFieldName('declarator');
        break;
      case 'init_declarator':
      case 'array_declarator':
      case 'function_declarator':
      case 'attributed_declarator':
        n = n.childForFieldName('declarator') ?? n.namedChild(0);
        break;
      case 'parenthesized_declarator':
      // C++ `T& x` / `T&& x`: the name of the object itself.
      case 'reference_declarator':
        n = n.namedChild(0);
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** Visits every descendant in document order; return false from `visit` to skip a subtree. */
export function walk(node: Node, visit: (n: Node) => boolean | void): void {
  const cursor = node.walk();
  try {
    let descend = true;
    for (;;) {
      if (descend) {
        const keep = visit(cursor.currentNode);
        if (keep !== false && cursor.gotoFirstChild()) continue;
      }
      if (cursor.gotoNextSibling()) {
        descend = true;
        continue;
      }
      if (!cursor.gotoParent()) return;
      if (cursor.currentNode.id === node.id) return;
      descend = false;
    }
  } finally {
    cursor.delete();
  }
}

/**
 * Like walk(), with a value handed down the tree: `visit` gets the value of the node's level and returns
 * the value for the node's children, or false to skip them. Iterative, so any depth is fine.
 */
export function walkScoped<S>(node: Node, scope: S, visit: (n: Node, scope: S) => S | false): void {
  const cursor = node.walk();
  try {
    let level = scope;
    const above: S[] = [];
    for (;;) {
      const inner = visit(cursor.currentNode, level);
      if (inner !== false && cursor.gotoFirstChild()) {
        above.push(level);
        level = inner;
        continue;
      }
      for (;;) {
        if (above.length === 0) return;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        level = above.pop()!;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** An expression as the user wrote it, on one line, for messages (`Adapter->Handle`, not the normalised form). */
export function shown(text: string): string {
  return stripComments(text).replace(/\s+/g, ' ').trim();
}
