// "One lens per path that matters" and "replay like a debugger" on the sample driver:
// ContosoFailover gets a lens for its early return (pause never resumed) and one for its
// success path; each replays its own steps, branch decisions included, with repeated
// identical steps merged; the early return's replay stops on the violation in the simulator.
// The sample's first mistake (NDIS_STATUS_PAUSED through the wrapper) gets a real fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalyzer } from '../../server/src/rules/analyzeWithRules';
import { loadCases } from '../helpers/fixtures';
import { replayLenses } from '../../server/src/lsp/replayLenses';
import { codeActions } from '../../server/src/lsp/codeActions';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import { SimulatorService } from '../../server/src/simulator/service';
import { validateFromWebview, type SimReplayParams } from '../../server/src/shared/messages';
import { parseScenario } from '../../server/src/simulator/scenario';

async function sample() {
  const [c] = loadCases('examples');
  const a = await createAnalyzer();
  for (const s of c.sources) a.setFile(s.uri, s.text);
  const findings = a.analyze();
  const status = c.sources.find((s) => s.uri.endsWith('status.c'))!;
  const lineOf = (text: string) => status.text.split('\n').findIndex((l) => l.includes(text));
  return { a, findings, status, lineOf };
}

test('ContosoFailover: one lens for the early return, one for the success path', async () => {
  const { a, status, lineOf } = await sample();
  const lenses = replayLenses(a, status.uri).filter((l) => l.range.start.line === lineOf('ContosoFailover(PCONTOSO_ADAPTER'));
  const titles = lenses.map((l) => l.command!.title);
  const ret = lineOf('return NDIS_STATUS_FAILURE;') + 1;
  assert.deepEqual(titles, [`$(debug-alt) Replay early return (line ${ret}): pause never resumed`, '$(play) Replay success path']);
  const early = lenses[0].command!.arguments![0] as SimReplayParams;
  assert.equal(early.breakOnViolation, true);
  const kinds = early.events.map((e) => ('branch' in e ? `branch ${e.branch}@${e.line + 1}` : `${e.event.kind}@${e.line + 1}`));
  assert.deepEqual(kinds, [
    `pause@${lineOf('NDIS_STATUS_OFFLOAD_PAUSE, NULL, 0') + 1}`,
    `branch !Adapter->PortLinkUp[NewPort]@${lineOf('if (!Adapter->PortLinkUp[NewPort])') + 1}`,
    `exit@${ret}`,
  ]);
  const success = lenses[1].command!.arguments![0] as SimReplayParams;
  const caps = success.events.filter((e) => 'event' in e && e.event.kind === 'capabilityChange');
  assert.equal(caps.length, 1, 'the three capability fields ContosoSetTcpCaps writes are one step');
  assert.equal('event' in caps[0] && caps[0].count, 3);
  assert.ok(success.events.some((e) => 'event' in e && e.event.kind === 'resume'));
});

test('the early return replays in the simulator with its branch step and stops on the violation', async () => {
  const { a, status, lineOf } = await sample();
  const lens = replayLenses(a, status.uri).find((l) => /early return/.test(l.command!.title))!;
  const svc = new SimulatorService();
  let snap = svc.replay(lens.command!.arguments![0] as SimReplayParams);
  assert.ok(snap.setup! > 0 && snap.position === snap.setup, 'the replay starts where the code starts');
  assert.equal(snap.upcoming[0].source?.line, lineOf('NDIS_STATUS_OFFLOAD_PAUSE, NULL, 0'));
  snap = svc.step({ sessionId: snap.sessionId });
  snap = svc.step({ sessionId: snap.sessionId });
  assert.equal(snap.trace.at(-1)!.label, '`!Adapter->PortLinkUp[NewPort]` is true');
  snap = svc.step({ sessionId: snap.sessionId });
  const last = snap.trace.at(-1)!;
  assert.equal(last.source?.line, lineOf('return NDIS_STATUS_FAILURE;'));
  assert.deepEqual(last.violations.map((v) => [v.rule, v.short]), [['protocol/pause-without-resume', 'pause never resumed']]);
  // Travel back to any step and forward again.
  const back = svc.goto({ sessionId: snap.sessionId, position: 1 });
  assert.equal(back.position, 1);
  assert.equal(svc.goto({ sessionId: snap.sessionId, position: 1000 }).done, true);
});

test('the status-code finding through the wrapper offers to change the argument at the call site', async () => {
  const { findings, status, lineOf } = await sample();
  const line = lineOf('ContosoIndicateStatus(Adapter, NDIS_STATUS_PAUSED');
  const f = findings.get(status.uri)!.find((x) => x.rule === 'indication/status-code' && x.range.start.line === line)!;
  assert.ok(f, 'the finding is on the call to the wrapper');
  assert.equal(f.fixes.length, 1);
  assert.equal(f.fixes[0].newText, 'NDIS_STATUS_OFFLOAD_PAUSE');
  assert.equal(f.fixes[0].range.start.line, line);
  const text = status.text.split('\n')[line];
  assert.equal(text.slice(f.fixes[0].range.start.character, f.fixes[0].range.end.character), 'NDIS_STATUS_PAUSED');
  const d = toDiagnostic(f);
  const titles = codeActions({ textDocument: { uri: status.uri }, range: d.range, context: { diagnostics: [d] } }, () => text).map((x) => x.title);
  assert.deepEqual(titles, ['Use NDIS_STATUS_OFFLOAD_PAUSE in the call to ContosoIndicateStatus', 'Suppress indication/status-code on this line']);
});

test('no replay quick fix on protocol findings, and one deprecation hint per file without a strikethrough', async () => {
  const { findings, status } = await sample();
  const list = findings.get(status.uri)!;
  const protocol = list.find((f) => f.rule === 'protocol/pause-without-resume')!;
  const d = toDiagnostic(protocol);
  const titles = codeActions({ textDocument: { uri: status.uri }, range: d.range, context: { diagnostics: [d] } }, () => '').map((x) => x.title);
  assert.ok(!titles.some((t) => /replay/i.test(t)), `no replay among the quick fixes: ${JSON.stringify(titles)}`);
  const hints = list.filter((f) => f.rule === 'chimney/deprecated');
  assert.equal(hints.length, 1);
  assert.match(hints[0].message, /This file has 3 chimney calls/);
  assert.equal(toDiagnostic(hints[0]).tags, undefined);
});

test('"Save trace as scenario" writes a scenario that parses and runs the same way', async () => {
  const { a, status } = await sample();
  const svc = new SimulatorService();
  for (const lens of replayLenses(a, status.uri)) {
    const snap = svc.replay(lens.command!.arguments![0] as SimReplayParams);
    const { text } = svc.saveScenario({ sessionId: snap.sessionId });
    const parsed = parseScenario(text, 'saved.offload-scenario.json');
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.errors));
    const again = svc.open({ scenarioId: (svc.loadScenario({ uri: 'file:///saved.offload-scenario.json', text }) as { ok: true; scenario: { id: string } }).scenario.id, position: 1000 });
    const whole = svc.goto({ sessionId: snap.sessionId, position: 1000 });
    assert.equal(again.violations, whole.violations, lens.command!.title);
    assert.equal(again.state.protocol, whole.state.protocol);
  }
});

test('webview messages of the debugger: goto, showFix, openRule are checked field by field', () => {
  assert.deepEqual(validateFromWebview({ type: 'goto', position: 3 }), { type: 'goto', position: 3 });
  assert.equal(validateFromWebview({ type: 'goto', position: -1 }), undefined);
  assert.equal(validateFromWebview({ type: 'openRule', rule: '../../etc' }), undefined);
  assert.deepEqual(validateFromWebview({ type: 'showFix', rule: 'protocol/pause-without-resume', uri: 'file:///a.c', line: 4 }), { type: 'showFix', rule: 'protocol/pause-without-resume', uri: 'file:///a.c', line: 4 });
  assert.equal(validateFromWebview({ type: 'showFix', rule: 'protocol/pause-without-resume', uri: 'file:///a.c' }), undefined);
  assert.deepEqual(validateFromWebview({ type: 'saveScenario', extra: 1 }), { type: 'saveScenario' });
});
