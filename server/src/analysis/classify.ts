// Questions the rules ask about values.
import type { Value } from './values';
import type { WorkspaceIndex } from './workspace';
import { evaluate, sizeofOperand } from './evaluate';
import { isConcrete } from './values';
import { norm } from './syntax';

/** Values written on the way (assignments, initializers, zeroing), not unknown or unresolved ones. */
export function concrete(vals: readonly Value[] | undefined): Value[] {
  return (vals ?? []).filter(isConcrete);
}

/** True when every value is known and zero (or the field was never written). */
export function allZero(vals: readonly Value[] | undefined, ws: WorkspaceIndex): boolean {
  const list = vals ?? [];
  return list.length > 0 && list.every((v) => v.how === 'unset' || v.how === 'zero' || (isConcrete(v) && evaluate(v.expr, ws) === 0));
}

export function isZero(v: Value, ws: WorkspaceIndex): boolean {
  return v.how === 'zero' || evaluate(v.expr, ws) === 0;
}

/** True when the value is certainly not zero (a non-zero constant, an address, a sizeof). */
export function isNonZero(v: Value, ws: WorkspaceIndex): boolean {
  if (!isConcrete(v) || v.how === 'zero') return false;
  const n = evaluate(v.expr, ws);
  if (n !== undefined) return n !== 0;
  const t = norm(v.expr);
  return t.startsWith('&') || sizeofOperand(t) !== undefined;
}

/** Words of a type name without decoration: `struct _NDIS_X` / `NDIS_X` -> `NDIS_X`. */
export function typeKey(t: string): string {
  return t.replace(/\b(struct|const|volatile|CONST|VOLATILE)\b/g, '').replace(/\s+/g, '').replace(/^_/, '');
}

export function editDistance(a: string, b: string): number {
  // The table is |a| x |b|: past a few hundred characters a name is no misspelling of a short one,
  // and its distance is at least the difference of the lengths.
  if (a.length * b.length > 100_000) return Math.max(a.length, b.length);
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length];
}

export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = editDistance(name, c);
    if (dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  return best;
}
