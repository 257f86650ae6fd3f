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
  // One binary operator at the top level, lowest precedence first.
  for (const op of ['|', '+', '-', '<<', '&']) {
    const i = topLevelIndex(t, op);
    if (i > 0) {
      const a = evaluateIn(t.slice(0, i), ws, depth + 1, steps);
      const b = evaluateIn(t.slice(i + op.length), ws, depth + 1, steps);
      if (a === undefined || b === undefined) return undefined;
      switch (op) {
        case '|': return (a | b) >>> 0;
        case '+': return a + b;
        case '-': return a - b;
        case '<<': return (a << b) >>> 0;
        case '&': return (a & b) >>> 0;
      }
    }
  }
  return undefined;
}

function parseLiteral(t: string): number | undefined {
  const m = /^(0[xX][0-9a-fA-F]+|\d+)[uUlL]*$/.exec(t);
  if (!m) return undefined;
  return Number(m[1]) >>> 0;
}

function topLevelIndex(t: string, op: string): number {
  let depth = 0;
  for (let i = t.length - op.length; i >= 0; i--) {
    const c = t[i];
    if (c === ')') depth++;
    else if (c === '(') depth--;
    else if (depth === 0 && t.startsWith(op, i)) {
      if (op === '-' && (i === 0 || /[|+\-<&(]/.test(t[i - 1]))) continue; // unary minus
      if (op === '&' && (t[i - 1] === '&' || t[i + 1] === '&')) continue;
      if (op === '<<' || op === '|' ? t[i + op.length] === op[0] || t[i - 1] === op[op.length - 1] : false) continue;
      return i;
    }
  }
  return -1;
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
