// The simulator in linear memory (issue 15, Why 5): a step keeps an undo journal
// of what it changed instead of a copy of the state, step back still returns to
// exactly the previous state, positions beyond the end are clamped, and exports
// are built piece by piece under a limit. Memory itself is measured by
// scripts/sim-memory.ts; here the work is counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prng } from '../helpers/random';
import { applyEvent, initialState, MAX_SIM_OBJECTS } from '../../server/src/simulator/engine';
import { Journal } from '../../server/src/simulator/journal';
import { MAX_SCENARIO_EVENTS } from '../../server/src/simulator/scenario';
import { SimulatorService } from '../../server/src/simulator/service';
import { Simulation, simulate } from '../../server/src/simulator/simulation';
import { traceJsonPieces, traceToJson, traceToMermaid, traceToText } from '../../server/src/simulator/trace';
import { runSimulateCommand } from '../../server/src/cli/simulate';
import { STATUS_CODES, UPLOAD_REASONS } from '../../server/src/ndis/constants';
import type { SimEvent } from '../../server/src/shared/simulatorTypes';

/** `n` offloads of new connections: the state grows with the run (the 373 MB at 1,000 events). */
function offloadScenario(n: number): string {
  const events = Array.from({ length: n }, (_, i) => `{"kind":"offload","conn":"c${i}"}`);
  return `{"version":1,"name":"offload ${n}","capabilities":{"TcpConnectionOffloadCapacity":4000000000},"events":[\n${events.join(',\n')}\n]}`;
}

/** Random events of every kind over a few connection names, so each engine path runs. */
function randomEvents(seed: number, n: number): SimEvent[] {
  const r = prng(seed);
  const any = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const conn = () => (r() < 0.3 ? undefined : any(['c1', 'c2', 'c3', 'c4', 'c5']));
  const withConn = <T extends object>(e: T) => {
    const c = conn();
    return c ? { ...e, conn: c } : e;
  };
  const make: (() => SimEvent)[] = [
    () => withConn({ kind: 'offload' as const }),
    () => withConn({ kind: 'initiateArrives' as const, ...(r() < 0.2 ? { reject: true } : {}) }),
    () => withConn({ kind: 'completeInitiate' as const, ...(r() < 0.2 ? { status: 'NDIS_STATUS_FAILURE' } : {}) }),
    () => withConn({ kind: 'terminate' as const }),
    () => withConn({ kind: 'completeTerminate' as const }),
    () => ({ kind: 'drainTerminates' }),
    () => withConn({ kind: 'send' as const }),
    () => withConn({ kind: 'completeSend' as const, status: any(STATUS_CODES).name }),
    () => ({ kind: 'pause' }),
    () => ({ kind: 'uploadAll' }),
    () => (r() < 0.5 ? { kind: 'resume' } : { kind: 'resume', capabilities: { TcpConnectionOffloadCapacity: 1 + Math.floor(r() * 6) } }),
    () => withConn({ kind: 'retrieve' as const, reason: any(UPLOAD_REASONS).name }),
    () => withConn({ kind: 'abort' as const }),
    () => ({ kind: 'failover', nic: any(['nic0', 'nic1']) }),
    () => ({ kind: 'capabilityChange', capabilities: { SupportIPv6: Math.floor(r() * 2) } }),
  ];
  return Array.from({ length: n }, () => any(make)());
}

test('step back returns to exactly the state a fresh run reaches, at every position of random runs', () => {
  for (let seed = 1; seed <= 12; seed++) {
    const events = randomEvents(seed, 120);
    const opts = { seed, policy: 'random' as const, appendEnd: false };
    // The reference: the pure transition applied to copies, step by step.
    const states = [initialState(opts)];
    for (const e of events) states.push(applyEvent(states[states.length - 1], e).after);
    const sim = simulate(events, opts);
    assert.deepStrictEqual(sim.state, states[events.length], `seed ${seed}: forward`);
    const forward = structuredClone(sim.trace);
    for (let k = events.length - 1; k >= 0; k--) {
      sim.stepBack();
      assert.deepStrictEqual(sim.state, states[k], `seed ${seed}: back to ${k}`);
    }
    sim.run();
    assert.deepStrictEqual(sim.trace, forward, `seed ${seed}: the same steps again`);
  }
});

test('a step keeps what it changed, not the state: journals stay small as the state grows', () => {
  const n = 5000;
  const sim = new Simulation(Array.from({ length: n }, (_, i) => ({ event: { kind: 'offload', conn: `c${i}` } as SimEvent })), {
    capabilities: { TcpConnectionOffloadCapacity: 4_000_000_000 },
  });
  const sizes: number[] = [];
  const journalOf = (s: Simulation) => (s as unknown as { journals: Journal[] }).journals;
  while (!sim.done) {
    sim.step();
    sizes.push(journalOf(sim)[sim.position - 1].size);
  }
  assert.ok(Math.max(...sizes) <= 16, `largest journal ${Math.max(...sizes)} changes`);
  const held = sim.state.objects.length;
  assert.ok(held <= MAX_SIM_OBJECTS && held > MAX_SIM_OBJECTS - 3, `${held} objects`);
  for (const e of sim.trace) assert.ok(!('before' in e) && !('after' in e), 'a trace entry holds no state');
  // The memory budget: past MAX_SIM_OBJECTS objects an offload is refused with a reason.
  assert.match(sim.trace[n - 1].notes.join(' '), new RegExp(`at most ${MAX_SIM_OBJECTS} offload state objects`));
});

test('ndis/simulator/open far beyond the end of a long scenario is clamped to the end', () => {
  const svc = new SimulatorService();
  const uri = 'file:///w/long.offload-scenario.json';
  assert.ok(svc.loadScenario({ uri, text: offloadScenario(5000) }).ok);
  const s = svc.open({ scenarioId: uri, position: 5000 });
  assert.equal(s.position, 5000);
  const end = svc.open({ scenarioId: uri, position: 1e12 });
  assert.deepEqual([end.position, end.total, end.done], [5001, 5001, true]);
  for (const position of [-3, Number.NaN, 2.5]) assert.ok(svc.open({ scenarioId: uri, position }).position <= 2);
  // The snapshot carries the latest steps and says how many it left out.
  assert.equal(end.trace.length, 500);
  assert.equal(end.traceStart, 4501);
  assert.equal(end.trace[499].index, 5000);
  assert.equal(s.upcoming.length, 1);
  const start = svc.open({ scenarioId: uri });
  assert.deepEqual([start.upcoming.length, start.upcomingMore], [500, 4501]);
  // Stepping back from the end still works.
  assert.equal(svc.stepBack({ sessionId: end.sessionId }).position, 5000);
});

test('exports are built piece by piece and equal the whole-string forms', () => {
  for (const events of [randomEvents(3, 60), [] as SimEvent[]]) {
    const sim = simulate(events, { appendEnd: events.length > 0 });
    assert.equal([...traceJsonPieces('t "q"', 7, sim.trace)].join(''), JSON.stringify(traceToJson('t "q"', 7, sim.trace), null, 2) + '\n');
    for (const piece of traceJsonPieces('t', 7, sim.trace)) assert.ok(piece.endsWith('\n'));
  }
  const sim = simulate(randomEvents(4, 40));
  assert.match(traceToMermaid(sim.trace), /^sequenceDiagram\n {2}participant T as Offload target\n/);
  assert.equal(traceToText([]), '\n');
});

test('an export larger than the panel limit is refused with a message naming the command line', () => {
  const svc = new SimulatorService({ maxExportChars: 20_000 });
  const uri = 'file:///w/long.offload-scenario.json';
  svc.loadScenario({ uri, text: offloadScenario(200) });
  const s = svc.open({ scenarioId: uri, position: 1e9 });
  assert.throws(() => svc.exportTrace({ sessionId: s.sessionId, format: 'json' }), /the trace of 201 steps is too long to export from the panel \(over 1 MB\); export it with the command line instead: ndis-offload-lint simulate/);
  // The export covers the whole run whatever the position; a short run goes through.
  const shortUri = 'file:///w/short.offload-scenario.json';
  svc.loadScenario({ uri: shortUri, text: offloadScenario(2) });
  const small = svc.open({ scenarioId: shortUri, position: 1 });
  assert.equal(JSON.parse(svc.exportTrace({ sessionId: small.sessionId, format: 'json' }).text).steps.length, 3);
});

test('a million events are refused up front with the step limit, before they are all read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndis-million-'));
  try {
    const file = join(dir, 'million.offload-scenario.json');
    writeFileSync(file, `{"version":1,"name":"m","events":[\n${Array.from({ length: 1_000_000 }, () => '{"kind":"pause"}').join(',\n')}\n]}`);
    let out = '';
    let err = '';
    const code = await runSimulateCommand([file, '--format', 'json'], (s) => (out += s), (s) => (err += s));
    assert.equal(code, 2);
    assert.equal(out, '');
    // one message per err call, without its line end (the command line adds it)
    assert.equal(err, `${file}:1: events: has more than ${MAX_SCENARIO_EVENTS} events; the simulator runs at most ${MAX_SCENARIO_EVENTS} events (split the scenario into several files)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the command line writes a long trace in pieces', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndis-long-'));
  try {
    const file = join(dir, 'long.offload-scenario.json');
    writeFileSync(file, offloadScenario(3000));
    const chunks: string[] = [];
    const code = await runSimulateCommand([file, '--format', 'json'], (s) => chunks.push(s), () => undefined);
    assert.equal(code, 0);
    assert.ok(chunks.length > 1, 'more than one write');
    assert.ok(chunks.every((c) => c.length <= 2 << 20));
    assert.equal(JSON.parse(chunks.join('')).steps.length, 3001);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a script longer than the step budget is refused by the simulation itself (replay too)', () => {
  const events = Array.from({ length: MAX_SCENARIO_EVENTS + 1 }, () => ({ event: { kind: 'pause' } as SimEvent }));
  assert.throws(() => new Simulation(events), new RegExp(`the simulator runs at most ${MAX_SCENARIO_EVENTS}`));
  const svc = new SimulatorService();
  const replay = Array.from({ length: MAX_SCENARIO_EVENTS }, (_, line) => ({ event: { kind: 'sendComplete' as const, status: 'NDIS_STATUS_SUCCESS' }, uri: 'file:///a.c', line }));
  assert.throws(() => svc.replay({ events: replay }), /the simulator runs at most/);
});

test('the journal undoes sets, pushes and removals exactly, absent keys included', () => {
  const o: { a?: number; list: number[] } = { list: [1, 2, 3, 4, 5] };
  const j = new Journal();
  j.set(o, 'a', 1);
  j.push(o.list, 6, 7);
  assert.deepEqual(j.removeWhere(o.list, (x) => x % 2 === 0), [2, 4, 6]);
  j.set(o, 'a', 2);
  assert.deepEqual(o, { a: 2, list: [1, 3, 5, 7] });
  j.undo();
  assert.deepStrictEqual(o, { list: [1, 2, 3, 4, 5] });
  assert.ok(!('a' in o));
});

test('lookups by id stay right after step back replaces the newest objects with others', () => {
  const sim = new Simulation([{ event: { kind: 'offload', conn: 'a' } }], { appendEnd: false });
  sim.run();
  sim.inject({ kind: 'initiateArrives', conn: 'a' });
  sim.stepBack();
  sim.stepBack();
  // Same positions in the objects array, other objects.
  sim.inject({ kind: 'offload', conn: 'b' });
  assert.equal(sim.inject({ kind: 'initiateArrives', conn: 'b' }).ignored, undefined);
  const a = sim.inject({ kind: 'initiateArrives', conn: 'a' });
  assert.deepEqual([a.ignored, a.notes], [true, ['ignored: no connection named a']]);
});
