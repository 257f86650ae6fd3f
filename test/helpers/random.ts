// A seeded random source for tests, on the simulator's own PRNG.
import { nextRandom, seedState } from '../../server/src/simulator/prng';

export function prng(seed: number): () => number {
  let state = seedState(seed);
  return () => {
    const r = nextRandom(state);
    state = r.state;
    return r.value;
  };
}
