// Scenario files: every validation message names the file, the 1-based line and
// the field; one bad file loses nothing else; the JSON schema agrees with the validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { STATUS_CODES, UPLOAD_REASONS } from '../../server/src/ndis/constants';
import { formatScenarioError, parseScenario } from '../../server/src/simulator/scenario';
import { BUILTIN_SCENARIOS } from '../../server/src/simulator/builtinScenarios';
import { SimulatorService } from '../../server/src/simulator/service';
import { fieldName, parseLocated } from '../../server/src/simulator/jsonLocate';

const ROOT = resolve(__dirname, '../../..');
const FIX = join(ROOT, 'test/fixtures/scenarios');
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'server/src/simulator/offload-scenario.schema.json'), 'utf8'));
const F = 'my.offload-scenario.json';

/** Validates `text` and returns the one error, checking its parts. */
function oneError(text: string, line: number, field: string, message: RegExp): void {
  const r = parseScenario(text, F);
  assert.equal(r.ok, false, 'should be rejected');
  if (r.ok) return;
  assert.equal(r.errors.length, 1, JSON.stringify(r.errors));
  const [e] = r.errors;
  assert.equal(e.file, F);
  assert.equal(e.line, line);
  assert.equal(e.field, field);
  assert.match(e.message, message);
  assert.equal(formatScenarioError(e), `${F}:${line}: ${field}: ${e.message}`);
}

const lines = (...l: string[]) => l.join('\n');

test('a valid scenario loads with its options and events (comments dropped)', () => {
  const r = parseScenario(readFileSync(join(FIX, 'failover.offload-scenario.json'), 'utf8'), 'failover');
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.scenario.seed, 42);
  assert.deepEqual(r.scenario.capabilities, { TcpConnectionOffloadCapacity: 8 });
  assert.deepEqual(r.scenario.events[4].event, { kind: 'pause' });
});

test('invalid JSON: line of the error and the enclosing field', () => {
  const text = readFileSync(join(FIX, 'malformed-syntax.offload-scenario.json'), 'utf8');
  oneError(text, 6, 'events', /invalid JSON: expected ',' or '\]'/);
});

test('missing version, wrong version', () => {
  oneError(lines('{', '  "name": "x",', '  "events": [{ "kind": "pause" }]', '}'), 1, '(root)', /missing required field "version"/);
  oneError(lines('{', '  "version": 2,', '  "name": "x",', '  "events": [{ "kind": "pause" }]', '}'), 2, 'version', /unsupported version 2/);
});

test('unknown top-level key: line of the key', () => {
  const text = readFileSync(join(FIX, 'malformed-unknown-key.offload-scenario.json'), 'utf8');
  oneError(text, 4, 'speed', /unknown key "speed"/);
});

test('missing name, empty events, non-object root', () => {
  oneError(lines('{', '  "version": 1,', '  "events": [{ "kind": "pause" }]', '}'), 1, '(root)', /missing required field "name"/);
  oneError(lines('{', '  "version": 1,', '  "name": "x",', '  "events": []', '}'), 4, 'events', /non-empty array/);
  oneError('[1]', 1, '(root)', /must be a JSON object/);
});

test('event errors: unknown kind, unknown key, missing field, bad reason, bad status', () => {
  const wrap = (ev: string) => lines('{', '  "version": 1,', '  "name": "x",', '  "events": [', '    { "kind": "pause" },', `    ${ev}`, '  ]', '}');
  oneError(wrap('{ "kind": "explode" }'), 6, 'events[1].kind', /unknown event kind "explode"/);
  oneError(wrap('{ "kind": "pause", "conn": "c1" }'), 6, 'events[1].conn', /unknown key "conn" for a pause event/);
  oneError(wrap('{ "kind": "retrieve", "conn": "c1" }'), 6, 'events[1]', /missing required field "reason"/);
  oneError(wrap('{ "kind": "completeSend", "status": "NDIS_STATUS_OOPS" }'), 6, 'events[1].status', /must be an NDIS status name/);
  oneError(wrap('{ "kind": "send", "bytes": -1 }'), 6, 'events[1].bytes', /positive integer/);
  oneError(wrap('{ "kind": "offload", "conn": "two words" }'), 6, 'events[1].conn', /must be a name/);
  oneError(wrap('"pause"'), 6, 'events[1]', /must be an object/);
  const reason = readFileSync(join(FIX, 'malformed-reason.offload-scenario.json'), 'utf8');
  oneError(reason, 11, 'events[3].reason', /must be a TCP_UPLOAD_REASON name: .*"TooManyCats"/);
});

test('capability errors: unknown field, bad value, empty object; seed and policy', () => {
  const top = (k: string) => lines('{', '  "version": 1,', '  "name": "x",', `  ${k},`, '  "events": [{ "kind": "pause" }]', '}');
  oneError(top('"capabilities": { "Speed": 1 }'), 4, 'capabilities.Speed', /unknown NDIS_TCP_CONNECTION_OFFLOAD field "Speed"/);
  oneError(top('"capabilities": { "SupportIPv4": -1 }'), 4, 'capabilities.SupportIPv4', /unsigned 32-bit/);
  oneError(top('"capabilities": {}'), 4, 'capabilities', /at least one field/);
  oneError(top('"seed": 1.5'), 4, 'seed', /integer/);
  oneError(top('"optionalRetrieve": "sometimes"'), 4, 'optionalRetrieve', /upload, decline, random/);
  oneError(lines('{', '  "version": 1,', '  "name": "x",', '  "events": [', '    { "kind": "capabilityChange",', '      "capabilities": { "Bogus": 1 } }', '  ]', '}'), 6, 'events[0].capabilities.Bogus', /unknown NDIS_TCP_CONNECTION_OFFLOAD field/);
});

test('duplicate keys are reported at the second one', () => {
  oneError(lines('{', '  "version": 1,', '  "name": "x",', '  "name": "y",', '  "events": [{ "kind": "pause" }]', '}'), 4, 'name', /duplicate key "name"/);
});

test('several errors in one file are all reported', () => {
  const r = parseScenario(lines('{', '  "version": 1,', '  "name": "",', '  "extra": 1,', '  "events": [{ "kind": "nope" }]', '}'), F);
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.errors.map((e) => [e.line, e.field]), [[4, 'extra'], [3, 'name'], [5, 'events[0].kind']]);
});

test('a malformed scenario loses nothing else: the other files and the built-ins still load', () => {
  const svc = new SimulatorService();
  const read = (n: string) => ({ uri: `file:///w/${n}`, text: readFileSync(join(FIX, n), 'utf8') });
  const list = svc.listScenarios({ files: [read('malformed-reason.offload-scenario.json'), read('failover.offload-scenario.json'), read('malformed-syntax.offload-scenario.json')] });
  assert.equal(list.scenarios.filter((s) => s.source === 'workspace' && !s.broken).length, 1);
  // The broken files stay listed under their own names, marked broken, never as another scenario.
  assert.deepEqual(list.scenarios.filter((s) => s.broken).map((s) => [s.id, s.name]), [
    ['file:///w/malformed-reason.offload-scenario.json', 'malformed-reason.offload-scenario.json'],
    ['file:///w/malformed-syntax.offload-scenario.json', 'malformed-syntax.offload-scenario.json'],
  ]);
  assert.equal(list.scenarios.filter((s) => s.source === 'builtin').length, BUILTIN_SCENARIOS.length);
  assert.deepEqual(list.errors.map((e) => e.text.split(': ')[0]), ['file:///w/malformed-reason.offload-scenario.json:11', 'file:///w/malformed-syntax.offload-scenario.json:6']);
  const snap = svc.open({ scenarioId: 'file:///w/failover.offload-scenario.json', position: 3 });
  assert.equal(snap.position, 3);
});

test('the locator maps JSON pointers to lines', () => {
  const d = parseLocated('{\n "a": [\n  1,\n  {"b": 2}\n ]\n}');
  assert.equal(d.lines.get('/a/1/b'), 4);
  assert.equal(d.keyLines.get('/a'), 2);
  assert.equal(fieldName('/a/1/b'), 'a[1].b');
});

test('the JSON schema accepts every built-in scenario and rejects the malformed fixtures', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(SCHEMA);
  for (const s of BUILTIN_SCENARIOS) {
    const doc = { version: 1, name: s.name, events: s.events.map((e) => e.event) };
    assert.ok(validate(doc), `${s.id}: ${JSON.stringify(validate.errors)}`);
    assert.ok(parseScenario(JSON.stringify(doc), s.id).ok, s.id);
  }
  assert.ok(validate(JSON.parse(readFileSync(join(FIX, 'failover.offload-scenario.json'), 'utf8'))));
  for (const n of ['malformed-reason', 'malformed-unknown-key']) {
    assert.equal(validate(JSON.parse(readFileSync(join(FIX, `${n}.offload-scenario.json`), 'utf8'))), false, n);
  }
});

test('the schema lists the same statuses and upload reasons as the constants module', () => {
  const events = SCHEMA.properties.events.items.oneOf as { properties: Record<string, { const?: string; enum?: string[] }> }[];
  const byKind = new Map(events.map((e) => [e.properties.kind.const, e.properties]));
  assert.deepEqual(byKind.get('completeSend')?.status.enum, STATUS_CODES.map((s) => s.name));
  assert.deepEqual(byKind.get('retrieve')?.reason.enum, [...new Set(UPLOAD_REASONS.map((r) => r.name))]);
});
