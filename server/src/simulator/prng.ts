// A tiny seeded PRNG (mulberry32). Its whole state is one 32-bit number kept in
// SimState, so stepping back restores the random sequence too.

/** Returns a value in [0, 1) and the next PRNG state. */
export function nextRandom(state: number): { value: number; state: number } {
  const s = (state + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { value: ((t ^ (t >>> 14)) >>> 0) / 4294967296, state: s };
}

/** Normalises any number to a valid 32-bit seed. */
export function seedState(seed: number): number {
  return Number.isFinite(seed) ? Math.trunc(seed) >>> 0 : 0;
}
