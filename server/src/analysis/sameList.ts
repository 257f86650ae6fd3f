// Whether two lists hold the same items in the same order: what a result kept across edits compares
// to tell that what it was made from has not changed (the objects themselves, or as `same` says).

/** The same length, and each item the same as the other's at its place (identity unless `same` says). */
export function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined, same: (x: T, y: T) => boolean = Object.is): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
  return true;
}
