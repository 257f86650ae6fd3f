// The simulator engine: each documented host-stack behaviour (facts section 6),
// step back, determinism under a seed, and rule ids shared with the protocol model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { step } from '../../server/src/protocol/model';
import { UPLOAD_REASONS } from '../../server/src/ndis/constants';
import { applyEvent, initialState } from '../../server/src/simulator/engine';
import { Simulation, simulate } from '../../server/src/simulator/simulation';
import { BUILTIN_SCENARIOS } from '../../server/src/simulator/builtinScenarios';
import type { SimEvent, SimState } from '../../server/src/shared/simulatorTypes';

const OFFLOADED: SimEvent[] = [
  { kind: 'offload', conn: 'c1' },
  { kind: 'initiateArrives', conn: 'c1' },
  { kind: 'completeInitiate', conn: 'c1' },
  { kind: 'offload', conn: 'c2' },
  { kind: 'initiateArrives', conn: 'c2' },
  { kind: 'completeInitiate', conn: 'c2' },
];

const run = (events: SimEvent[], opts = {}) => simulate(events, { appendEnd: false, ...opts });
const stateOf = (s: SimState, id: string) => s.objects.find((o) => o.id === id)?.state;
const rules = (sim: Simulation) => sim.trace.flatMap((e) => e.violations.map((v) => v.rule));

test('the simulator starts in offloading with nothing offloaded', () => {
  const s = initialState();
  assert.equal(s.protocol, 'offloading');
  assert.deepEqual(s.objects, []);
});

test('host offloads a neighbor -> path -> TCP tree while offloading is allowed', () => {
  const sim = run(OFFLOADED.slice(0, 3));
  assert.deepEqual(sim.state.objects.map((o) => [o.id, o.kind, o.parent, o.state]), [
    ['nbr1', 'neighbor', undefined, 'offloaded'],
    ['path1', 'path', 'nbr1', 'offloaded'],
    ['c1', 'tcp', 'path1', 'offloaded'],
  ]);
  // A second connection shares the path and neighbor: only the TCP object is in its block list.
  const sim2 = run(OFFLOADED.slice(0, 4));
  const req = sim2.state.requests.find((r) => r.kind === 'initiate');
  assert.deepEqual(req?.objects, ['c2']);
});

test('host stops offloading on pause but still delivers initiates already in flight (queued)', () => {
  const sim = run([{ kind: 'offload', conn: 'c1' }, { kind: 'pause' }, { kind: 'offload', conn: 'c2' }, { kind: 'initiateArrives', conn: 'c1' }]);
  assert.equal(sim.trace[2].ignored, true);
  assert.equal(stateOf(sim.state, 'c2'), undefined);
  const req = sim.state.requests.find((r) => r.kind === 'initiate');
  assert.equal(req?.kind === 'initiate' && req.stage, 'queued');
  assert.deepEqual(rules(sim), []);
});

test('upload-all terminates every TCP connection, then the path, then the neighbor, and drains', () => {
  const sim = run([...OFFLOADED, { kind: 'pause' }, { kind: 'uploadAll' }]);
  assert.equal(sim.state.protocol, 'uploading');
  assert.deepEqual(sim.state.requests.map((r) => r.objects), [['c1', 'c2']]);
  assert.equal(stateOf(sim.state, 'path1'), 'offloaded', 'a path with dependents is not terminated');
  sim.script.push({ event: { kind: 'completeTerminate', conn: 'c1' } });
  sim.step();
  assert.deepEqual(sim.state.requests.map((r) => r.objects), [['path1']]);
  assert.equal(stateOf(sim.state, 'nbr1'), 'offloaded', 'the neighbor waits for its path');
  sim.script.push({ event: { kind: 'completeTerminate', conn: 'path1' } }, { event: { kind: 'completeTerminate', conn: 'nbr1' } });
  sim.run();
  assert.equal(sim.state.protocol, 'drained');
  assert.ok(sim.state.objects.every((o) => o.state === 'notOffloaded'));
});

test('an initiate that completes during an upload-all is terminated at once', () => {
  const sim = run([{ kind: 'offload', conn: 'c1' }, { kind: 'pause' }, { kind: 'uploadAll' }, { kind: 'initiateArrives', conn: 'c1' }, { kind: 'completeInitiate', conn: 'c1' }]);
  assert.equal(sim.state.protocol, 'uploading');
  assert.equal(stateOf(sim.state, 'c1'), 'terminateInFlight');
});

test('host queries OID_TCP_TASK_OFFLOAD after resume and adopts the capabilities reported then', () => {
  const sim = run([{ kind: 'pause' }, { kind: 'uploadAll' }, { kind: 'capabilityChange', capabilities: { TcpConnectionOffloadCapacity: 0 } }]);
  assert.equal(sim.state.hostCapabilities.TcpConnectionOffloadCapacity, 4, 'not adopted before the resume');
  sim.script.push({ event: { kind: 'resume', capabilities: { SupportIPv6: 1 } } }, { event: { kind: 'offload', conn: 'c1' } });
  sim.run();
  const resume = sim.trace[3];
  assert.ok(resume.messages.some((m) => m.from === 'host' && m.text.includes('OID_TCP_TASK_OFFLOAD')));
  assert.equal(sim.state.hostCapabilities.TcpConnectionOffloadCapacity, 0);
  assert.equal(sim.state.hostCapabilities.SupportIPv6, 1);
  assert.equal(sim.trace[4].ignored, true, 'capacity 0: the host offloads nothing');
  assert.deepEqual(rules(sim), []);
});

for (const reason of UPLOAD_REASONS.filter((r) => r.upload === 'mandatory')) {
  test(`retrieve with mandatory ${reason.name}: the host terminates even when optional uploads are declined`, () => {
    const sim = run([...OFFLOADED, { kind: 'retrieve', conn: 'c1', reason: reason.name }], { policy: 'decline' });
    assert.equal(stateOf(sim.state, 'c1'), 'terminateInFlight');
  });
}

for (const reason of UPLOAD_REASONS.filter((r) => r.upload === 'optional')) {
  test(`retrieve with optional ${reason.name} follows the policy`, () => {
    const events: SimEvent[] = [...OFFLOADED, { kind: 'retrieve', conn: 'c1', reason: reason.name }];
    assert.equal(stateOf(run(events, { policy: 'upload' }).state, 'c1'), 'terminateInFlight');
    assert.equal(stateOf(run(events, { policy: 'decline' }).state, 'c1'), 'offloaded');
  });
}

test('the random retrieve policy is decided by the seed', () => {
  const events: SimEvent[] = [...OFFLOADED, { kind: 'retrieve', conn: 'c1', reason: 'LowActivity' }];
  const outcomes = new Set<string | undefined>();
  for (let seed = 1; seed <= 20; seed++) {
    const a = stateOf(run(events, { policy: 'random', seed }).state, 'c1');
    assert.equal(stateOf(run(events, { policy: 'random', seed }).state, 'c1'), a, 'same seed, same answer');
    outcomes.add(a);
  }
  assert.deepEqual([...outcomes].sort(), ['offloaded', 'terminateInFlight']);
});

test('host requeues a send completed with NDIS_STATUS_UPLOAD_IN_PROGRESS, and sends returned on terminate', () => {
  const sim = run([...OFFLOADED, { kind: 'send', conn: 'c1' }, { kind: 'send', conn: 'c2' }, { kind: 'completeSend', conn: 'c1', status: 'NDIS_STATUS_UPLOAD_IN_PROGRESS' }]);
  assert.deepEqual(sim.state.hostQueue.map((s) => s.conn), ['c1']);
  assert.deepEqual(sim.state.pendingSends.map((s) => s.conn), ['c2']);
  sim.script.push({ event: { kind: 'terminate', conn: 'c2' } }, { event: { kind: 'completeTerminate', conn: 'c2' } });
  sim.run();
  assert.deepEqual(sim.state.hostQueue.map((s) => s.conn), ['c1', 'c2']);
  assert.deepEqual(sim.state.pendingSends, []);
});

test('abort makes the host terminate the connection', () => {
  const sim = run([...OFFLOADED, { kind: 'abort', conn: 'c2' }]);
  assert.equal(stateOf(sim.state, 'c2'), 'terminateInFlight');
  assert.equal(sim.state.requests[0].kind === 'terminate' && sim.state.requests[0].cause, 'abort');
});

test('failover moves the target to another NIC and warns about objects still offloaded', () => {
  const sim = run([...OFFLOADED, { kind: 'failover', nic: 'nic1' }]);
  assert.equal(sim.state.nic, 'nic1');
  assert.match(sim.trace[6].notes.join(' '), /still offloaded on nic0/);
});

test('the engine is pure: the state before a step is left untouched', () => {
  const before = run(OFFLOADED).state;
  const copy = structuredClone(before);
  applyEvent(before, { kind: 'pause' });
  applyEvent(before, { kind: 'uploadAll' });
  assert.deepEqual(before, copy);
});

test('step back restores the state before the step, and stepping again gives the same step', () => {
  const events: SimEvent[] = [...OFFLOADED, { kind: 'pause' }, { kind: 'uploadAll' }, { kind: 'retrieve', reason: 'LowActivity' }];
  const sim = new Simulation(events.map((event) => ({ event })), { policy: 'random', seed: 9 });
  sim.run(8);
  const s7 = structuredClone(sim.state);
  const e8 = sim.step()!;
  sim.stepBack();
  assert.deepEqual(sim.state, s7);
  assert.equal(sim.position, 8);
  assert.deepEqual(sim.step(), e8);
  sim.reset();
  assert.deepEqual(sim.state, initialState({ policy: 'random', seed: 9 }));
});

test('a run is deterministic under a seed, and seeded picks differ across seeds', () => {
  const events: SimEvent[] = [...OFFLOADED, { kind: 'offload' }, { kind: 'send' }, { kind: 'send' }, { kind: 'retrieve', reason: 'HighDropRate' }, { kind: 'terminate' }];
  const picks = new Set<string>();
  for (let seed = 0; seed < 10; seed++) {
    const a = run(events, { seed, policy: 'random' });
    const b = run(events, { seed, policy: 'random' });
    assert.deepEqual(a.trace, b.trace);
    picks.add(JSON.stringify(a.state.objects.map((o) => o.state)) + JSON.stringify(a.state.pendingSends));
  }
  assert.ok(picks.size > 1, 'different seeds make different choices');
});

test('each misuse scenario raises exactly the rule it demonstrates, with the model rule id', () => {
  const misuse = BUILTIN_SCENARIOS.filter((s) => s.demonstrates);
  assert.equal(misuse.length, 6);
  for (const s of misuse) {
    const sim = new Simulation(s.events);
    sim.run();
    assert.deepEqual([...new Set(rules(sim))], [s.demonstrates], s.id);
  }
});

test('documented scenarios keep to the protocol and end where they should', () => {
  for (const s of BUILTIN_SCENARIOS.filter((x) => !x.demonstrates)) {
    const sim = new Simulation(s.events);
    sim.run();
    assert.deepEqual(rules(sim), [], s.id);
    assert.equal(sim.state.protocol, 'offloading', s.id);
  }
  const failover = new Simulation(BUILTIN_SCENARIOS[0].events);
  failover.run();
  assert.ok(failover.trace.some((e) => e.protocolBefore === 'uploading' && e.protocolAfter === 'drained'));
  assert.equal(failover.state.nic, 'nic1');
});

test('a violation in the simulator is the one the model gives for the same state and event', () => {
  const cases: [SimEvent[], SimEvent][] = [
    [[{ kind: 'pause' }, { kind: 'uploadAll' }, ...OFFLOADED.slice(0, 0)], { kind: 'resume' }],
    [[], { kind: 'resume' }],
    [[], { kind: 'capabilityChange', capabilities: { Flags: 0 } }],
    [[{ kind: 'pause' }], { kind: 'end' }],
  ];
  for (const [prefix, ev] of cases) {
    const sim = run([...OFFLOADED, ...prefix]);
    const entry = applyEvent(sim.state, ev);
    const kind = ev.kind === 'end' ? 'exit' : ev.kind;
    const model = step(sim.state.protocol, { kind } as Parameters<typeof step>[1]);
    assert.equal(entry.violations[0]?.rule, model.violation?.rule, `${sim.state.protocol} + ${ev.kind}`);
  }
});

test('every step records its protocol state before and after', () => {
  const sim = run([...OFFLOADED, { kind: 'pause' }]);
  for (let i = 1; i < sim.trace.length; i++) assert.equal(sim.trace[i].protocolBefore, sim.trace[i - 1].protocolAfter);
  assert.equal(sim.trace[6].protocolBefore, 'offloading');
  assert.equal(sim.trace[6].protocolAfter, 'paused');
});
