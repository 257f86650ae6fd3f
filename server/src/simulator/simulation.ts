// A simulation run: a script of events, the trace of the steps taken so far,
// the live state, and a cursor. Each step changes the one state in place and
// keeps a journal of what it changed; step back undoes the last journal, which
// restores the state exactly (the PRNG state included), so stepping forward
// again replays the same event from the same state and gives the same result.
// Memory grows with what the steps changed, never with a copy of the state per step.

import { advance, initialState, type InitialOptions } from './engine';
import { Journal } from './journal';
import { MAX_SCENARIO_EVENTS } from './scenario';
import type { ScriptedEvent, SimEvent, SimState, TraceEntry } from '../shared/simulatorTypes';

export interface SessionOptions extends InitialOptions {
  /** Append an `end` event (the run returns) when the script lacks one. Default true. */
  appendEnd?: boolean;
}

/** The step budget: no run goes further than this many steps. */
export const MAX_STEPS = MAX_SCENARIO_EVENTS + 1;

export class SimulationLimitError extends Error {}

export class Simulation {
  readonly script: ScriptedEvent[];
  readonly trace: TraceEntry[] = [];
  private readonly journals: Journal[] = [];
  private live: SimState;
  private violations = 0;

  constructor(script: ScriptedEvent[], readonly options: SessionOptions = {}) {
    if (script.length > MAX_SCENARIO_EVENTS) {
      throw new SimulationLimitError(`the script has ${script.length} events; the simulator runs at most ${MAX_SCENARIO_EVENTS}`);
    }
    this.script = [...script];
    const last = this.script[this.script.length - 1];
    if (options.appendEnd !== false && last?.event.kind !== 'end') this.script.push({ event: { kind: 'end' } });
    this.live = initialState(options);
  }

  /** The state after the last step. It changes as the run moves: clone it to keep it. */
  get state(): SimState {
    return this.live;
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
    if (this.trace.length >= MAX_STEPS) throw new SimulationLimitError(`the simulator runs at most ${MAX_STEPS} steps`);
    const { event, source, count } = this.script[this.trace.length];
    const journal = new Journal();
    const outcome = advance(this.live, event, journal);
    const entry: TraceEntry = { index: this.trace.length, ...outcome, ...(source ? { source } : {}), ...(count ? { count } : {}) };
    this.trace.push(entry);
    this.journals.push(journal);
    this.violations += entry.violations.length;
    return entry;
  }

  /** Inserts an ad-hoc event at the cursor and applies it. */
  inject(event: SimEvent): TraceEntry {
    this.script.splice(this.trace.length, 0, { event });
    return this.step()!;
  }

  stepBack(): TraceEntry | undefined {
    const entry = this.trace.pop();
    if (!entry) return undefined;
    this.journals.pop()!.undo();
    this.violations -= entry.violations.length;
    return entry;
  }

  reset(): void {
    this.trace.length = 0;
    this.journals.length = 0;
    this.violations = 0;
    this.live = initialState(this.options);
  }

  /** Steps to the end (or to `position`, clamped to the script) and returns the trace. */
  run(position = this.script.length): TraceEntry[] {
    const to = Math.max(0, Math.min(Number.isFinite(position) ? Math.floor(position) : this.script.length, this.script.length));
    while (this.trace.length < to) this.step();
    return this.trace;
  }

  violationCount(): number {
    return this.violations;
  }
}

/** Convenience for tests and the CLI: run a list of events from the start. */
export function simulate(events: SimEvent[], options: SessionOptions = {}): Simulation {
  const sim = new Simulation(events.map((event) => ({ event })), options);
  sim.run();
  return sim;
}
