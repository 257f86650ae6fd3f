// An edit that changes only blanks or comments inside a function (Enter, a space, a comment typed)
// leaves what the function's facts say as it was: only offsets differ. openFacts.ts then keeps the old
// facts objects and copies the new offsets into them, so the workspace's indexes, and every result kept
// on top of them (WorkspaceIndex.keep), stay valid: no lookup answers differently. Facts are compared
// field by field; offsets (`start`, `end`, `bodyStart`, a graph edge's `at`, branch regions) are the only values that may
// differ. The control-flow graphs compare the same way.

/** Made later from the tree, not by extraction: the caller drops them (they are made again when asked for). */
const DERIVED = new Set(['cfg', 'cfgSkipped', 'noBody']);
/** Fields that hold an offset into the file. */
const OFFSETS = new Set(['start', 'end', 'bodyStart', 'at']);

/**
 * The steps that copy `now`'s offsets into `old`, or undefined when the two differ in anything but
 * offsets. Nothing is changed until the caller runs the steps (a comparison that fails half-way leaves `old` as it was).
 */
export function offsetsOnly(old: unknown, now: unknown): (() => void)[] | undefined {
  const steps: (() => void)[] = [];
  return same(old, now, steps) ? steps : undefined;
}

function same(a: unknown, b: unknown, steps: (() => void)[]): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i], steps));
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    const bs = [...b];
    let i = 0;
    for (const [k, v] of a) {
      const [k2, v2] = bs[i++];
      if (k !== k2 || !same(v, v2, steps)) return false;
    }
    return true;
  }
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // (Counted without making arrays of keys: this runs for every object of a function read again.)
  if (fieldCount(ra) !== fieldCount(rb)) return false;
  for (const k in ra) {
    if (DERIVED.has(k) || ra[k] === undefined) continue;
    const x = ra[k];
    const y = rb[k];
    if (OFFSETS.has(k) && typeof x === 'number' && typeof y === 'number') {
      if (x !== y) steps.push(() => (ra[k] = y));
    } else if (k === 'regions') {
      if (!sameRegions(x, y, steps)) return false;
    } else if (!same(x, y, steps)) return false;
  }
  return true;
}

/** The fields compared: those set, other than the derived ones. */
function fieldCount(r: Record<string, unknown>): number {
  let n = 0;
  for (const k in r) if (!DERIVED.has(k) && r[k] !== undefined) n++;
  return n;
}

/** Branch regions (`[start, end]` pairs): the same number of them, their offsets copied. */
function sameRegions(a: unknown, b: unknown, steps: (() => void)[]): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number[];
    const y = b[i] as number[];
    if (x === y) continue;
    if (x.length !== 2 || y.length !== 2) return false;
    if (x[0] !== y[0] || x[1] !== y[1]) {
      steps.push(() => {
        x[0] = y[0];
        x[1] = y[1];
      });
    }
  }
  return true;
}
