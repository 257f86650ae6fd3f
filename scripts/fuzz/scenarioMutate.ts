// Mutations of *.offload-scenario.json files for the fuzz harness: keys every
// JavaScript object has, `__proto__`, wrong types, odd numbers, deep nesting,
// long event lists and random byte edits.
import { BUILTIN_SCENARIOS } from '../../server/src/simulator/builtinScenarios';
import type { Rng } from './random';

/** The built-in scenarios as the files a user would write. */
export function builtinScenarioTexts(): string[] {
  return BUILTIN_SCENARIOS.map((s) =>
    JSON.stringify({ version: 1, name: s.name, description: s.description, seed: s.seed, capabilities: s.capabilities, events: s.events.map((e) => e.event) }, null, 2),
  );
}

const ODD_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'kind', 'events', 'version', '', ' ', 'é', '\u0000'];
const KINDS = ['offload', 'initiateArrives', 'completeInitiate', 'terminate', 'completeTerminate', 'drainTerminates', 'send', 'completeSend', 'pause', 'uploadAll', 'resume', 'retrieve', 'abort', 'failover', 'capabilityChange', 'end', 'toString', '__proto__', 'constructor'];

function oddValue(rnd: Rng): unknown {
  return rnd.pick<() => unknown>([
    () => null,
    () => true,
    () => -1,
    () => 1.5,
    () => 1e308,
    () => 4294967296,
    () => '',
    () => 'x'.repeat(rnd.size(100_000)),
    () => [],
    () => ({}),
    () => rnd.pick(KINDS),
    () => 'NDIS_STATUS_SUCCESS',
    () => 'UploadRequested',
    () => ({ kind: rnd.pick(KINDS) }),
  ])();
}

/** Sets `key` on an object as JSON would (`__proto__` as an own key, not the prototype). */
function setKey(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function mutateValue(doc: unknown, rnd: Rng): unknown {
  if (typeof doc !== 'object' || doc === null) return oddValue(rnd);
  const o = doc as Record<string, unknown>;
  const events = Array.isArray(o.events) ? (o.events as unknown[]) : undefined;
  switch (rnd.int(7)) {
    case 0:
      setKey(o, rnd.pick(ODD_KEYS), oddValue(rnd));
      return o;
    case 1:
      if (events?.length) {
        const e = events[rnd.int(events.length)];
        if (e && typeof e === 'object') setKey(e as Record<string, unknown>, rnd.pick(ODD_KEYS), oddValue(rnd));
      }
      return o;
    case 2:
      if (events?.length) events[rnd.int(events.length)] = rnd.chance(0.5) ? oddValue(rnd) : { kind: rnd.pick(KINDS), conn: rnd.pick(['c1', 'c2', '', '1x', 'a'.repeat(rnd.size(10000))]) };
      return o;
    case 3:
      if (events?.length) {
        const k = rnd.size(3000);
        o.events = Array.from({ length: k }, (_, i) => events[i % events.length]);
      }
      return o;
    case 4: {
      const keys = Object.keys(o);
      if (keys.length) setKey(o, rnd.pick(keys), oddValue(rnd));
      return o;
    }
    case 5: {
      const keys = Object.keys(o);
      if (keys.length) delete o[rnd.pick(keys)];
      return o;
    }
    default:
      return oddValue(rnd);
  }
}

/** One mutated scenario text and what was done to it. */
export function mutateScenario(text: string, rnd: Rng): { text: string; names: string[] } {
  const mode = rnd.int(4);
  if (mode === 0) {
    // Structure: parse, change, write back (with any indentation).
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      doc = {};
    }
    const n = 1 + rnd.int(3);
    for (let i = 0; i < n; i++) doc = mutateValue(doc, rnd);
    return { text: JSON.stringify(doc, null, rnd.pick([0, 1, 2, '\t'])) ?? 'null', names: ['scenario-structure'] };
  }
  if (mode === 1) {
    // Deep nesting where a value is expected.
    const k = rnd.size(30000);
    const deep = rnd.chance(0.5) ? '['.repeat(k) + ']'.repeat(k) : '{"a":'.repeat(k) + '1' + '}'.repeat(k);
    const at = text.indexOf('"events"');
    return { text: at >= 0 ? `${text.slice(0, at)}"deep": ${deep}, ${text.slice(at)}` : deep, names: ['scenario-deep'] };
  }
  if (mode === 2) {
    // Raw text edits: the JSON may break anywhere.
    let t = text;
    const edits = rnd.size(30);
    for (let e = 0; e < edits; e++) {
      const at = rnd.int(t.length + 1);
      t = t.slice(0, at) + rnd.pick(['{', '}', '[', ']', '"', ',', ':', '\\', '\\u', '\n', '\r', '\0', '"__proto__": {"kind": "pause"},', '1e999', '-', '/*', '😀']) + t.slice(at + rnd.int(3));
    }
    return { text: t, names: ['scenario-bytes'] };
  }
  // Keys a JavaScript object already has, written into the text.
  const key = rnd.pick(ODD_KEYS);
  const t = text.replace(/\{\s*"kind"/, `{ ${JSON.stringify(key)}: ${JSON.stringify(oddValue(rnd)) ?? 'null'}, "kind"`);
  return { text: t, names: ['scenario-odd-key'] };
}
