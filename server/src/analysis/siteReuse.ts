// When a function's sites are worked out again (a caller of its wrapper changed, say), most come out
// as they were: the same call, seen from the same caller, with values made of the same objects. Those
// keep their old Site object, so that what is kept per site (the checks' findings, siteFindings.ts; the
// codes read, statusCode.ts) stays valid. A site is the same only when its values hold the same objects
// (locations, steps) as the old one's: one whose values were read again in a function an edit changed
// holds new ones and counts as new, however alike they read.
import type { Value } from './values';
import { sameList } from './sameList';

/** What a site (sites.ts) is made of, as far as comparing two goes (this module is below sites.ts). */
interface Site {
  kind: string;
  call: object;
  fn: object;
  context: object;
  values: Map<string, Value[]>;
  rootReached: boolean;
  local: boolean;
}

/** `now`, with each site equal to one of `before` replaced by that old object. */
export function reuseSites<S extends Site>(before: readonly S[] | undefined, now: S[]): S[] {
  if (!before?.length) return now;
  const byContext = new Map<unknown, S[]>();
  for (const s of before) {
    const list = byContext.get(s.context);
    if (list) list.push(s);
    else byContext.set(s.context, [s]);
  }
  return now.map((s) => byContext.get(s.context)?.find((old) => old === s || sameSite(old, s)) ?? s);
}

function sameSite(a: Site, b: Site): boolean {
  if (a.kind !== b.kind || a.call !== b.call || a.fn !== b.fn || a.context !== b.context || a.rootReached !== b.rootReached || a.local !== b.local) return false;
  return sameValues(a.values, b.values);
}

/** The same keys in the same order, each with the same values (sameValue). */
export function sameValues(a: Map<string, Value[]>, b: Map<string, Value[]>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  const bs = [...b];
  let i = 0;
  for (const [key, vals] of a) {
    const [key2, vals2] = bs[i++];
    if (key !== key2 || !sameList(vals, vals2, sameValue)) return false;
  }
  return true;
}

/** Field by field (whatever fields a value carries): the same primitives and objects, lists element by element. */
function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  const ka = Object.keys(a) as (keyof Value)[];
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || !sameList<unknown>(x, y)) return false;
  }
  return true;
}
