// A seeded random source for the fuzz harness (the simulator's PRNG), with the
// draws the mutators need.
import { nextRandom, seedState } from '../../server/src/simulator/prng';

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seedState(seed);
  }
  /** In [0, 1). */
  next(): number {
    const r = nextRandom(this.state);
    this.state = r.state;
    return r.value;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }
  /** A size from 1 to max, small ones as likely as large ones on a log scale (deep nesting is rare but tried). */
  size(max: number): number {
    return Math.max(1, Math.floor(Math.exp(this.next() * Math.log(max))));
  }
}
