// A simulation run: a script of events, the trace of the steps taken so far,
// and a cursor. Step back pops the last entry and returns to its `before` state,
// so stepping forward again replays the same event from the same state (and the
// same PRNG state), which gives the same result.

import { applyEvent, initialState, type InitialOptions } from './engine';
import type { ScriptedEvent, SimEvent, SimState, TraceEntry } from '../shared/simulatorTypes';

export interface SessionOptions extends InitialOptions {
  /** Append an `end` event (the run returns) when the script lacks one. Default true. */
  appendEnd?: boolean;
}

export class Simulation {
  readonly script: ScriptedEvent[];
  readonly trace: TraceEntry[] = [];
  private readonly start: SimState;

  constructor(script: ScriptedEvent[], readonly options: SessionOptions = {}) {
    this.script = [...script];
    const last = this.script[this.script.length - 1];
    if (options.appendEnd !== false && last?.event.kind !== 'end') this.script.push({ event: { kind: 'end' } });
    this.start = initialState(options);
  }

  get state(): SimState {
    return this.trace.length ? this.trace[this.trace.length - 1].after : this.start;
  }

  get position(): number {
    return this.trace.length;
  }

  get done(): boolean {
    return this.trace.length >= this.script.length;
  }

  /** Applies the next scripted event; undefined at the end of the script. */
  step(): TraceEntry | undefined {
    if (this.done) return undefined;
    const { event, source, count } = this.script[this.trace.length];
    const outcome = applyEvent(this.state, event);
    const entry: TraceEntry = { index: this.trace.length, ...outcome, ...(source ? { source } : {}), ...(count ? { count } : {}) };
    this.trace.push(entry);
    return entry;
  }

  /** Inserts an ad-hoc event at the cursor and applies it. */
  inject(event: SimEvent): TraceEntry {
    this.script.splice(this.trace.length, 0, { event });
    return this.step()!;
  }

  stepBack(): TraceEntry | undefined {
    return this.trace.pop();
  }

  reset(): void {
    this.trace.length = 0;
  }

  /** Steps to the end (or to `position`) and returns the trace. */
  run(position = this.script.length): TraceEntry[] {
    while (this.trace.length < Math.min(position, this.script.length)) this.step();
    return this.trace;
  }

  violationCount(): number {
    return this.trace.reduce((n, e) => n + e.violations.length, 0);
  }
}

/** Convenience for tests and the CLI: run a list of events from the start. */
export function simulate(events: SimEvent[], options: SessionOptions = {}): Simulation {
  const sim = new Simulation(events.map((event) => ({ event })), options);
  sim.run();
  return sim;
}
