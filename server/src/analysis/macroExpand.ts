// The C preprocessor's macro expansion, for the macros drivers write: object-like and function-like
// macros, nested expansion with rescanning (a macro is not expanded again inside its own expansion),
// `#` stringizing, `##` token pasting, variadic macros (`...` and `__VA_ARGS__`, with the empty
// `, ## __VA_ARGS__` comma dropped as MSVC and GCC do). Text is cut into tokens in one pass; the work
// is bounded by a step count, an output size and an argument nesting depth, and a limit reached is
// said in the result (`limit`), never a hang. Offsets are not kept: callers place the whole
// expansion at the macro's use.

export interface MacroDef {
  name: string;
  /** Absent for an object-like macro. */
  params?: readonly string[];
  /** The parameter list ends with `...` (its arguments are `__VA_ARGS__`). */
  variadic?: boolean;
  body: string;
}

export interface ExpandOptions {
  lookup(name: string): MacroDef | undefined;
  /** Macros left as written (named constants the analysis reads by name). */
  keep?(m: MacroDef): boolean;
}

export interface Expansion {
  text: string;
  /** Set when a limit stopped the expansion (the text is then incomplete): the note in our words. */
  limit?: string;
  /** A parameter of the root macro was pasted or stringized (the expansion depends on the arguments' text). */
  argsUsed: boolean;
}

/** Macro expansions per call of expand(); beyond it the expansion stops with a note. */
export const MAX_EXPANSIONS = 2000;
/** Tokens of output per call of expand(). */
export const MAX_TOKENS = 20000;
/** Arguments expanded inside arguments, at most this deep. */
export const MAX_ARG_DEPTH = 32;

type Kind = 'id' | 'num' | 'str' | 'punct' | 'ws';

interface Tok {
  t: string;
  k: Kind;
  /** Macros that must not expand this token (they produced it). */
  hide?: ReadonlySet<string>;
  /** A parameter of the root macro, kept as its name: its argument's text when pasted or stringized. */
  param?: { spelling?: string };
}

const PUNCT3 = new Set(['...', '<<=', '>>=']);
const PUNCT2 = new Set(['##', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '::']);

function isIdStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isIdPart(c: number): boolean {
  return isIdStart(c) || isDigit(c);
}

/** Cuts text into preprocessing tokens; comments and line continuations become blanks. One pass. */
export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    const start = i;
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) {
      while (i < n && /[ \t\r\n\v\f]/.test(text[i])) i++;
      out.push({ t: ' ', k: 'ws' });
    } else if (c === 92 /* \ */ && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
      out.push({ t: ' ', k: 'ws' });
    } else if (c === 47 /* / */ && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      out.push({ t: ' ', k: 'ws' });
    } else if (c === 47 && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      out.push({ t: ' ', k: 'ws' });
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      i++;
      while (i < n && text.charCodeAt(i) !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i = Math.min(n, i + 1);
      out.push({ t: text.slice(start, i), k: 'str' });
    } else if (isIdStart(c)) {
      while (i < n && isIdPart(text.charCodeAt(i))) i++;
      out.push({ t: text.slice(start, i), k: 'id' });
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      i++;
      for (;;) {
        const d = text.charCodeAt(i);
        if ((d === 43 || d === 45) && /[eEpP]/.test(text[i - 1])) i++;
        else if (isIdPart(d) || d === 46) i++;
        else break;
      }
      out.push({ t: text.slice(start, i), k: 'num' });
    } else {
      const three = text.slice(i, i + 3);
      const two = text.slice(i, i + 2);
      const t = PUNCT3.has(three) ? three : PUNCT2.has(two) ? two : text[i];
      i += t.length;
      out.push({ t, k: 'punct' });
    }
  }
  return out;
}

class Limit extends Error {}

/**
 * Expands every macro in `text` (a statement or an expression as written at a use).
 * `root` expands one macro's body with its parameters kept as names (see expandBody).
 */
export function expand(text: string, opts: ExpandOptions): Expansion {
  const x = new Expander(opts);
  return x.run(() => x.expandList(tokenize(text), 0));
}

/**
 * A function-like macro's body with its parameters left as their names, nested macros expanded, and
 * `#` / `##` applied. `spellings` gives the text of each argument at one use, for the parameters that
 * are pasted or stringized; without it such a parameter is pasted as its own name (and `argsUsed` says so).
 */
export function expandBody(m: MacroDef, opts: ExpandOptions, spellings?: readonly string[]): Expansion {
  const x = new Expander(opts);
  return x.run(() => {
    const names = [...(m.params ?? []), ...(m.variadic ? ['__VA_ARGS__'] : [])];
    const args = names.map((p, i): Tok[] => [{ t: p, k: 'id', param: { spelling: spellings?.[i] } }]);
    const hide = new Set([m.name]);
    return x.expandList(x.substitute(m, args, hide, 0), 0);
  });
}

class Expander {
  private steps = 0;
  private produced = 0;
  argsUsed = false;
  constructor(private readonly opts: ExpandOptions) {}

  run(f: () => Tok[]): Expansion {
    try {
      const toks = f();
      return { text: render(toks), argsUsed: this.argsUsed };
    } catch (e) {
      if (!(e instanceof Limit)) throw e;
      return { text: '', limit: e.message, argsUsed: this.argsUsed };
    }
  }

  private count(tokens: number): void {
    if (++this.steps > MAX_EXPANSIONS) throw new Limit(`more than ${MAX_EXPANSIONS} macro expansions`);
    this.produced += tokens;
    if (this.produced > MAX_TOKENS) throw new Limit(`an expansion longer than ${MAX_TOKENS} tokens`);
  }

  /** Expands a token list completely (rescanning each replacement with the rest of the list). */
  expandList(input: Tok[], depth: number): Tok[] {
    if (depth > MAX_ARG_DEPTH) throw new Limit(`macro arguments nested more than ${MAX_ARG_DEPTH} deep`);
    // The input as a stack (last token first out), so a replacement is pushed back in front of the rest.
    const stack = input.slice().reverse();
    const out: Tok[] = [];
    while (stack.length) {
      const tok = stack.pop()!;
      const def = tok.k === 'id' && !tok.param && !tok.hide?.has(tok.t) ? this.opts.lookup(tok.t) : undefined;
      if (!def || this.opts.keep?.(def)) {
        out.push(tok);
        continue;
      }
      const hide = new Set(tok.hide ?? []);
      hide.add(def.name);
      if (!def.params) {
        const body = tokenize(def.body);
        this.count(body.length);
        pushBack(stack, withHide(body, hide));
        continue;
      }
      // A function-like macro's name is a use only when an argument list follows.
      let j = stack.length - 1;
      while (j >= 0 && stack[j].k === 'ws') j--;
      if (j < 0 || stack[j].t !== '(') {
        out.push(tok);
        continue;
      }
      const found = collectArgs(stack, j);
      const fitted = found && fitArgs(def, found.args);
      if (!found || !fitted) {
        // No closing parenthesis, or not as many arguments as parameters: the text is left as it is.
        out.push(tok);
        continue;
      }
      stack.length = found.close;
      const body = this.substitute(def, fitted, hide, depth);
      this.count(body.length);
      pushBack(stack, body);
    }
    return out;
  }

  /** The body of `def` with its parameters replaced by `args`, `#` and `##` applied, tokens hidden from `hide`. */
  substitute(def: MacroDef, args: Tok[][], hide: ReadonlySet<string>, depth: number): Tok[] {
    const names = [...(def.params ?? []), ...(def.variadic ? ['__VA_ARGS__'] : [])];
    const index = new Map(names.map((n, i) => [n, i]));
    const body = tokenize(def.body);
    const sig = (k: number, dir: 1 | -1): number => {
      let q = k + dir;
      while (q >= 0 && q < body.length && body[q].k === 'ws') q += dir;
      return q;
    };
    const out: (Tok | { paste: true })[] = [];
    const expanded = new Map<number, Tok[]>();
    for (let k = 0; k < body.length; k++) {
      const b = body[k];
      if (b.t === '#' && def.params) {
        const q = sig(k, 1);
        const pi = q < body.length ? index.get(body[q].t) : undefined;
        if (pi !== undefined) {
          out.push({ t: this.stringize(args[pi]), k: 'str' });
          k = q;
          continue;
        }
      }
      if (b.t === '##') {
        // Blanks around ## go; the two sides are joined below.
        while (out.length && 'k' in out[out.length - 1] && (out[out.length - 1] as Tok).k === 'ws') out.pop();
        out.push({ paste: true });
        k = sig(k, 1) - 1;
        continue;
      }
      const pi = b.k === 'id' ? index.get(b.t) : undefined;
      if (pi === undefined) {
        out.push(b);
        continue;
      }
      const pasted = body[sig(k, -1)]?.t === '##' || body[sig(k, 1)]?.t === '##';
      if (pasted) {
        const raw = args[pi];
        // GNU and MSVC: `, ## __VA_ARGS__` with no variadic arguments drops the comma.
        if (names[pi] === '__VA_ARGS__' && raw.every((t) => t.k === 'ws')) {
          const last = out.length - 1;
          if (last >= 0 && 'paste' in out[last]) {
            out.pop();
            while (out.length && 'k' in out[out.length - 1] && (out[out.length - 1] as Tok).k === 'ws') out.pop();
            if (out.length && (out[out.length - 1] as Tok).t === ',') out.pop();
            continue;
          }
        }
        out.push(...(raw.length ? raw : [{ t: '', k: 'punct' as const }]));
      } else {
        let e = expanded.get(pi);
        if (!e) {
          e = this.expandList(args[pi], depth + 1);
          expanded.set(pi, e);
        }
        out.push(...e);
      }
    }
    return withHide(this.paste(out), hide);
  }

  /** Joins the tokens on each side of every `##` into one token (retokenized). */
  private paste(list: (Tok | { paste: true })[]): Tok[] {
    const out: Tok[] = [];
    let joinNext = false;
    for (const item of list) {
      if ('paste' in item) {
        joinNext = out.length > 0;
        continue;
      }
      if (!joinNext) {
        out.push(item);
        continue;
      }
      joinNext = false;
      const left = out.pop()!;
      const text = this.spell(left) + this.spell(item);
      const toks = tokenize(text);
      out.push(...(toks.length ? toks : []));
    }
    return out;
  }

  /** The text a token stands for when pasted: a root parameter's argument, else itself. */
  private spell(t: Tok): string {
    if (t.k === 'ws') return '';
    if (!t.param) return t.t;
    this.argsUsed = true;
    return t.param.spelling ?? t.t;
  }

  /** `#arg`: the argument's text in quotes, blanks collapsed, quotes and backslashes of literals escaped. */
  private stringize(arg: Tok[]): string {
    let s = '';
    for (const t of arg) {
      if (t.k === 'ws') s += s && !s.endsWith(' ') ? ' ' : '';
      else if (t.k === 'str') s += t.t.replace(/[\\"]/g, (c) => '\\' + c);
      else s += this.spell(t);
    }
    return `"${s.trimEnd()}"`;
  }
}

function withHide(toks: Tok[], hide: ReadonlySet<string>): Tok[] {
  return toks.map((t) => (t.k === 'id' && !t.param ? { ...t, hide: t.hide ? new Set([...t.hide, ...hide]) : hide } : t));
}

function pushBack(stack: Tok[], toks: Tok[]): void {
  for (let i = toks.length - 1; i >= 0; i--) stack.push(toks[i]);
}

/**
 * The arguments of the use whose `(` is at `stack[open]` (the stack holds the rest of the text, last token
 * first): read without taking anything off, so an argument list that never closes leaves the text as it is.
 */
function collectArgs(stack: Tok[], open: number): { args: Tok[][]; close: number } | undefined {
  const args: Tok[][] = [[]];
  let level = 0;
  for (let i = open - 1; i >= 0; i--) {
    const t = stack[i];
    if (t.k === 'punct') {
      if (t.t === '(') level++;
      else if (t.t === ')') {
        if (level === 0) return { args: args.map(trim), close: i };
        level--;
      } else if (t.t === ',' && level === 0) {
        args.push([]);
        continue;
      }
    }
    args[args.length - 1].push(t);
  }
  return undefined;
}

function trim(toks: Tok[]): Tok[] {
  let a = 0;
  let b = toks.length;
  while (a < b && toks[a].k === 'ws') a++;
  while (b > a && toks[b - 1].k === 'ws') b--;
  return toks.slice(a, b);
}

/** One token list per parameter (the variadic ones joined with their commas); undefined when the count is wrong. */
function fitArgs(def: MacroDef, args: Tok[][]): Tok[][] | undefined {
  const n = def.params?.length ?? 0;
  if (n === 0 && !def.variadic) return args.length === 1 && args[0].length === 0 ? [] : undefined;
  if (!def.variadic) return args.length === n ? args : undefined;
  if (args.length < n) return undefined;
  const fixed = args.slice(0, n);
  const rest: Tok[] = [];
  args.slice(n).forEach((a, i) => {
    if (i > 0) rest.push({ t: ',', k: 'punct' }, { t: ' ', k: 'ws' });
    rest.push(...a);
  });
  return [...fixed, rest];
}

/** Tokens back to text, with a blank between two tokens that would otherwise run together. */
function render(toks: Tok[]): string {
  let s = '';
  let prev: Tok | undefined;
  for (const t of toks) {
    if (t.k === 'ws') {
      if (s && !s.endsWith(' ')) s += ' ';
      prev = undefined;
      continue;
    }
    if (prev && runsTogether(prev, t)) s += ' ';
    s += t.t;
    prev = t;
  }
  return s.trim();
}

function runsTogether(a: Tok, b: Tok): boolean {
  const word = (t: Tok) => t.k === 'id' || t.k === 'num';
  if (word(a) && (word(b) || b.k === 'str')) return true;
  if (a.k === 'punct' && b.k === 'punct') return PUNCT2.has(a.t[a.t.length - 1] + b.t[0]) || (a.t === '/' && b.t === '*');
  return false;
}
