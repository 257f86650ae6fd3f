// Constant evaluation of the small expressions drivers write in indication
// fields: names from the NDIS headers, #defines of the workspace, literals,
// casts and a few operators. Anything else is "not a constant".
import { KNOWN_VALUES } from '../ndis/constants';
import { isIdentifier, norm, stripComments } from './syntax';
import type { WorkspaceIndex } from './workspace';

/** Characters one evaluation may look at (macro bodies included) before it answers "not a constant". */
const EVALUATION_STEPS = 1_000_000;

export function evaluate(expr: string, ws: WorkspaceIndex | undefined): number | undefined {
  return evaluateIn(expr, ws, 0, { left: EVALUATION_STEPS });
}

function evaluateIn(expr: string, ws: WorkspaceIndex | undefined, depth: number, steps: { left: number }): number | undefined {
  if (depth > 8) return undefined;
  // Each level reads its text a few times (normalising it, looking for each operator):
  // a budget on characters keeps macro chains and long sums linear.
  if ((steps.left -= 6 * expr.length + 1) < 0) return undefined;
  const t = norm(expr);
  const lit = parseLiteral(t);
  if (lit !== undefined) return lit;
  if (isIdentifier(t)) {
    const known = KNOWN_VALUES.get(t);
    if (known !== undefined) return known;
    if (t === 'nullptr') return 0;
    const m = ws?.macro(t);
    if (m && !m.params && m.body.trim()) return evaluateIn(stripComments(m.body), ws, depth + 1, steps);
    const c = ws?.constant(t);
    if (c !== undefined) return evaluateIn(stripComments(c), ws, depth + 1, steps);
    return undefined;
  }
  // The top-level operator that binds least (the rightmost of its level: C's operators associate left).
  for (const level of LEVELS) {
    const at = rightmostOf(t, level);
    if (!at) continue;
    const a = evaluateIn(t.slice(0, at.i), ws, depth + 1, steps);
    const b = evaluateIn(t.slice(at.i + at.op.length), ws, depth + 1, steps);
    if (a === undefined || b === undefined) return undefined;
    return binary(at.op, a, b);
  }
  // Unary operators.
  const u = /^([~!+-])/.exec(t);
  if (u) {
    const a = evaluateIn(t.slice(1), ws, depth + 1, steps);
    if (a === undefined) return undefined;
    switch (u[1]) {
      case '~': return ~a >>> 0;
      case '!': return a === 0 ? 1 : 0;
      case '-': return -a;
      default: return a;
    }
  }
  return undefined;
}

/** Binary operators from the loosest binding to the tightest. */
const LEVELS: readonly (readonly string[])[] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

/** `a op b` on the 32-bit values drivers write (undefined for a division by zero). */
export function binary(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '|': return (a | b) >>> 0;
    case '^': return (a ^ b) >>> 0;
    case '&': return (a & b) >>> 0;
    case '<<': return (a << b) >>> 0;
    case '>>': return a >>> b;
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? undefined : Math.trunc(a / b);
    case '%': return b === 0 ? undefined : a % b;
    default: return undefined;
  }
}

function parseLiteral(t: string): number | undefined {
  const m = /^(0[xX][0-9a-fA-F]+|\d+)[uUlL]*$/.exec(t);
  if (!m) return undefined;
  return Number(m[1]) >>> 0;
}

/** The rightmost operator of `ops` outside parentheses that is a binary operator there (one pass over the text). */
function rightmostOf(t: string, ops: readonly string[]): { i: number; op: string } | undefined {
  let depth = 0;
  for (let i = t.length - 1; i > 0; i--) {
    const c = t[i];
    if (c === ')') depth++;
    else if (c === '(') depth--;
    if (depth !== 0) continue;
    for (const op of ops) {
      const s = i - op.length + 1;
      if (s <= 0 || !t.startsWith(op, s)) continue;
      // Not part of a longer operator (`||`, `&&`, `<<=`, `->`, `<=`) ...
      const before = t[s - 1];
      const after = t[i + 1];
      if (op.length === 1 && (before === op || after === op || after === '=')) continue;
      if (op.length === 2 && (after === '=' || after === op[0] || before === op[0])) continue;
      // ... and a binary operator: something that ends an operand comes before it (else it is unary).
      if (!/[\w)\]]/.test(before)) continue;
      return { i: s, op };
    }
  }
  return undefined;
}

/** `sizeof(X)` -> X, normalised; undefined when the text is not a sizeof. */
export function sizeofOperand(expr: string): string | undefined {
  const t = norm(expr);
  if (/^sizeof[A-Za-z_][\w.]*$/.test(t)) return t.slice(6);
  if (!t.startsWith('sizeof(')) return undefined;
  // The parenthesis opened after sizeof must close at the very end: `sizeof(H) + n` is a sum.
  let depth = 0;
  for (let i = 6; i < t.length; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')' && --depth === 0) return i === t.length - 1 ? norm(t.slice(7, -1)) : undefined;
  }
  return undefined;
}
