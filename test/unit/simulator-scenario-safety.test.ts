// Scenario files from an untrusted workspace (issue 15, Why 4): keys every
// JavaScript object has are ordinary unknown keys, `__proto__` is a key and not a
// prototype, deep nesting and huge event lists get a message with file, line and
// field, and one bad file never hides the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_JSON_DEPTH, parseLocated } from '../../server/src/simulator/jsonLocate';
import { MAX_SCENARIO_EVENTS, parseScenario, type ScenarioError } from '../../server/src/simulator/scenario';
import { SimulatorService } from '../../server/src/simulator/service';
import { runSimulateCommand } from '../../server/src/cli/simulate';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const F = 'evil.offload-scenario.json';
const scenario = (...eventLines: string[]) => ['{', '  "version": 1,', '  "name": "x",', '  "events": [', ...eventLines, '  ]', '}'].join('\n');

function errorsOf(text: string): ScenarioError[] {
  const r = parseScenario(text, F);
  assert.equal(r.ok, false, 'should be rejected');
  return r.ok ? [] : r.errors;
}
const brief = (es: ScenarioError[]) => es.map((e) => `${e.file}:${e.line}: ${e.field}`);

test('keys every object inherits are unknown keys of an event, with line and field', () => {
  for (const key of ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__']) {
    const es = errorsOf(scenario('    { "kind": "pause" },', `    { "kind": "pause", "${key}": 1 }`));
    assert.deepEqual(brief(es), [`${F}:6: events[1].${key}`], key);
    assert.match(es[0].message, new RegExp(`^unknown key "${key}" for a pause event`));
  }
});

test('such keys are unknown at the top level and in capabilities too, and unknown as event kinds', () => {
  const top = ['{', '  "version": 1,', '  "name": "x",', '  "constructor": {},', '  "events": [{ "kind": "pause" }]', '}'].join('\n');
  assert.deepEqual(brief(errorsOf(top)), [`${F}:4: constructor`]);
  const caps = scenario('    { "kind": "capabilityChange",', '      "capabilities": { "toString": 1 } }');
  assert.deepEqual(brief(errorsOf(caps)), [`${F}:6: events[0].capabilities.toString`]);
  for (const kind of ['toString', 'constructor', '__proto__']) {
    const es = errorsOf(scenario(`    { "kind": "${kind}" }`));
    assert.deepEqual(brief(es), [`${F}:5: events[0].kind`], kind);
    assert.match(es[0].message, /^unknown event kind/);
  }
});

test('"__proto__" is a key, not a prototype: an event made only of it has no kind', () => {
  const text = '{"version":1,"name":"x","events":[{"__proto__":{"kind":"pause"}}]}';
  const es = errorsOf(text);
  assert.deepEqual(brief(es), [`${F}:1: events[0]`]);
  assert.match(es[0].message, /missing required field "kind"/);
  const doc = parseLocated('{"__proto__": {"polluted": true}}').value as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(doc), null);
  assert.deepEqual(Object.keys(doc), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('the command line exits 2 on such a file instead of running "undefined" steps', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndis-scenario-'));
  try {
    const file = join(dir, F);
    writeFileSync(file, '{"version":1,"name":"x","events":[{"__proto__":{"kind":"pause"}}]}');
    let out = '';
    let err = '';
    const code = await runSimulateCommand(['simulate', file], (s) => (out += s), (s) => (err += s));
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /evil\.offload-scenario\.json:1: events\[0\]: missing required field "kind"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('JSON nested 20,000 deep is refused with file, line and field, not a stack overflow', () => {
  for (const [open, close] of [['[', ']'], ['{"a":', '}']]) {
    const deep = open.repeat(20_000) + '1' + close.repeat(20_000);
    const es = errorsOf(scenario('    { "kind": "pause" },', `    { "kind": "pause", "x": ${deep} }`));
    assert.equal(es.length, 1);
    assert.equal(es[0].file, F);
    assert.equal(es[0].line, 6);
    assert.match(es[0].field, /^events\[1\]\.x/);
    assert.equal(es[0].message, `invalid JSON: nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
});

test('a scenario longer than the step limit is refused with the limit in the message', () => {
  const ev = '    { "kind": "pause" },';
  const text = scenario(...Array.from({ length: MAX_SCENARIO_EVENTS }, () => ev), '    { "kind": "resume" }');
  const es = errorsOf(text);
  assert.deepEqual(brief(es), [`${F}:4: events`]);
  assert.equal(es[0].message, `has more than ${MAX_SCENARIO_EVENTS} events; the simulator runs at most ${MAX_SCENARIO_EVENTS} events (split the scenario into several files)`);
  const schema = JSON.parse(readFileSync(join(__dirname, '../../../server/src/simulator/offload-scenario.schema.json'), 'utf8'));
  assert.equal(schema.properties.events.maxItems, MAX_SCENARIO_EVENTS, 'the schema states the same limit');
  // Exactly at the limit it loads.
  const ok = parseScenario(scenario(...Array.from({ length: MAX_SCENARIO_EVENTS - 1 }, () => ev), '    { "kind": "resume" }'), F);
  assert.ok(ok.ok && ok.scenario.events.length === MAX_SCENARIO_EVENTS);
});

test('a file with many problems lists the first 50 and counts the rest', () => {
  const es = errorsOf(scenario(...Array.from({ length: 120 }, (_, i) => `    { "kind": "nope" }${i < 119 ? ',' : ''}`)));
  assert.equal(es.length, 51);
  assert.equal(es[50].message, 'and 70 more problem(s) not listed');
});

test('listScenarios: each bad file gets its errors and the good ones still load', () => {
  const svc = new SimulatorService();
  const good = { uri: 'file:///w/good.offload-scenario.json', text: scenario('    { "kind": "pause" }') };
  const bad = [
    { uri: 'file:///w/tostring.offload-scenario.json', text: scenario('    { "kind": "pause", "toString": 1 }') },
    { uri: 'file:///w/proto.offload-scenario.json', text: '{"version":1,"name":"x","events":[{"__proto__":{"kind":"pause"}}]}' },
    { uri: 'file:///w/deep.offload-scenario.json', text: '['.repeat(20_000) },
  ];
  const list = svc.listScenarios({ files: [bad[0], good, bad[1], bad[2], null as never, { uri: 'file:///w/notext.offload-scenario.json' } as never] });
  assert.deepEqual(list.scenarios.filter((s) => s.source === 'workspace' && !s.broken).map((s) => s.id), [good.uri]);
  // Each bad file stays in the list under its own name, marked broken, never as another scenario.
  assert.deepEqual(list.scenarios.filter((s) => s.broken).map((s) => s.id), [...bad.map((b) => b.uri), 'file:///w/notext.offload-scenario.json']);
  assert.deepEqual(list.errors.map((e) => e.file), [...bad.map((b) => b.uri), '(unnamed scenario)', 'file:///w/notext.offload-scenario.json']);
  const snap = svc.open({ scenarioId: good.uri, position: 1 });
  assert.equal(snap.position, 1);
});
