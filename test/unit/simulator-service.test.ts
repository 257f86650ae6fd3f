// The LSP-hosted service (sessions, replay with source links, export) and the
// guard on messages coming from the webview.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatorService } from '../../server/src/simulator/service';
import { SimulatorMethods, validateFromWebview } from '../../server/src/shared/messages';
import { traceToMermaid } from '../../server/src/simulator/trace';
import { simulate } from '../../server/src/simulator/simulation';

test('open, step, step back and reset a session', () => {
  const svc = new SimulatorService();
  let s = svc.open({});
  assert.equal(s.scenarioId, 'builtin:failover-802.3ad');
  assert.equal(s.position, 0);
  assert.equal(s.state.protocol, 'offloading');
  for (let i = 0; i < 9; i++) s = svc.step({ sessionId: s.sessionId });
  assert.equal(s.state.protocol, 'uploading');
  s = svc.stepBack({ sessionId: s.sessionId });
  assert.equal(s.state.protocol, 'paused');
  assert.equal(s.upcoming[0].label, 'target indicates NDIS_STATUS_UPLOAD_ALL');
  s = svc.reset({ sessionId: s.sessionId, policy: 'decline', seed: 5 });
  assert.deepEqual([s.position, s.policy, s.seed], [0, 'decline', 5]);
  assert.throws(() => svc.step({ sessionId: 'nope' }), /no simulator session nope/);
});

test('replay links each step to its source line and reaches the same violation as the analyzer', () => {
  const svc = new SimulatorService();
  const uri = 'file:///drv/offload.c';
  const s = svc.replay({
    title: 'DrvFailover',
    events: [
      { event: { kind: 'pause' }, uri, line: 10 },
      { event: { kind: 'uploadAll' }, uri, line: 11 },
      { event: { kind: 'sendComplete', status: 'NDIS_STATUS_PAUSED' }, uri, line: 12 },
      { event: { kind: 'resume' }, uri, line: 14 },
      { event: { kind: 'exit' }, uri, line: 15 },
    ],
    position: 1000,
  });
  const linked = s.trace.filter((e) => e.source);
  assert.deepEqual(linked.map((e) => e.source?.line), [10, 11, 12, 14, 15]);
  assert.deepEqual(
    s.trace.flatMap((e) => e.violations.map((v) => `${e.source?.line}:${v.rule}`)),
    ['12:protocol/send-completed-paused', '14:protocol/resume-before-upload-drain'],
  );
  assert.ok(s.replay, 'the snapshot keeps the replay so a restored panel can rebuild it');
});

test('replay of a rejected initiate after a pause', () => {
  const svc = new SimulatorService();
  const s = svc.replay({ events: [{ event: { kind: 'pause' }, uri: 'u', line: 1 }, { event: { kind: 'initiateArrives', rejected: true }, uri: 'u', line: 2 }, { event: { kind: 'resume' }, uri: 'u', line: 3 }], position: 100 });
  assert.deepEqual(s.trace.flatMap((e) => e.violations.map((v) => v.rule)), ['protocol/initiate-rejected-while-paused']);
});

test('export as JSON and as Mermaid', () => {
  const svc = new SimulatorService();
  const s = svc.open({ scenarioId: 'builtin:misuse-resume-without-pause', position: 100 });
  const json = JSON.parse(svc.exportTrace({ sessionId: s.sessionId, format: 'json' }).text);
  assert.equal(json.steps.length, s.trace.length);
  const mermaid = svc.exportTrace({ sessionId: s.sessionId, format: 'mermaid' }).text;
  assert.match(mermaid, /Note over T,H: VIOLATION protocol\/resume-without-pause/);
  assert.equal(mermaid, traceToMermaid(simulate(s.trace.map((e) => e.event)).trace));
});

test('simulator methods live under ndis/simulator/', () => {
  for (const m of Object.values(SimulatorMethods)) assert.match(m, /^ndis\/simulator\/\w+$/);
});

test('validateFromWebview accepts well-formed messages and drops the rest', () => {
  assert.deepEqual(validateFromWebview({ type: 'step' }), { type: 'step' });
  assert.deepEqual(validateFromWebview({ type: 'revealSource', uri: 'file:///a.c', line: 3 }), { type: 'revealSource', uri: 'file:///a.c', line: 3 });
  assert.deepEqual(validateFromWebview({ type: 'setPolicy', policy: 'random' }), { type: 'setPolicy', policy: 'random' });
  const restore = { position: 3, seed: 1, policy: 'upload', scenarioId: 'builtin:capability-change' };
  assert.deepEqual(validateFromWebview({ type: 'ready', restore }), { type: 'ready', restore });
  assert.deepEqual(validateFromWebview({ type: 'ready', restore: { position: -1 } }), { type: 'ready' });
  for (const bad of [null, 'step', {}, { type: 'boom' }, { type: 'revealSource', uri: 'x', line: -1 }, { type: 'setSeed', seed: 1.5 },
    { type: 'setPolicy', policy: 'always' }, { type: 'export', format: 'pdf' }, { type: 'selectScenario', scenarioId: '' }]) {
    assert.equal(validateFromWebview(bad), undefined, JSON.stringify(bad));
  }
});
