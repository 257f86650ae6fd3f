// User scenarios (*.offload-scenario.json): parsing and validation with messages
// that name the file, the 1-based line and the field. The rules here and
// offload-scenario.schema.json describe the same format; a test keeps them in step.

import { STATUS_BY_NAME, UPLOAD_REASON_BY_NAME } from '../ndis/constants';
import { JsonSyntaxError, JsonTooManyItemsError, fieldName, parseLocated, pointerChild, type Located } from './jsonLocate';
import { CAPABILITY_FIELDS, type Capabilities, type OptionalRetrievePolicy, type ScriptedEvent, type SimEvent, type SimEventKind } from '../shared/simulatorTypes';

export const SCENARIO_VERSION = 1;
export const SCENARIO_FILE_SUFFIX = '.offload-scenario.json';
/** The simulator's step budget: a scenario longer than this is refused, not run. */
export const MAX_SCENARIO_EVENTS = 100_000;
/** Far above MAX_SCENARIO_EVENTS events written out in full. */
export const MAX_SCENARIO_BYTES = 32 * 1024 * 1024;
/** A file with more problems than this lists the first ones and says how many more. */
const MAX_ERRORS = 50;

export interface Scenario {
  /** "builtin:<name>" or the file's URI. */
  id: string;
  name: string;
  description?: string;
  seed?: number;
  optionalRetrieve?: OptionalRetrievePolicy;
  capabilities?: Partial<Capabilities>;
  nic?: string;
  events: ScriptedEvent[];
}

export interface ScenarioError {
  file: string;
  line: number;
  field: string;
  message: string;
}

export function formatScenarioError(e: ScenarioError): string {
  return `${e.file}:${e.line}: ${e.field}: ${e.message}`;
}

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

type Check = (v: unknown) => string | undefined;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const nonEmptyString: Check = (v) => (typeof v === 'string' && v.length > 0 ? undefined : 'must be a non-empty string');
const connName: Check = (v) => (typeof v === 'string' && /^[A-Za-z_][\w.-]*$/.test(v) ? undefined : 'must be a name of letters, digits, _ . or -');
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const status: Check = (v) =>
  typeof v === 'string' && STATUS_BY_NAME.has(v) ? undefined : `must be an NDIS status name such as NDIS_STATUS_SUCCESS (got ${JSON.stringify(v)})`;
const reason: Check = (v) =>
  typeof v === 'string' && UPLOAD_REASON_BY_NAME.has(v)
    ? undefined
    : `must be a TCP_UPLOAD_REASON name: ${[...UPLOAD_REASON_BY_NAME.keys()].join(', ')} (got ${JSON.stringify(v)})`;
const bytes: Check = (v) => (isInt(v) && v > 0 ? undefined : 'must be a positive integer');
const caps: Check = () => undefined; // checked field by field in checkCapabilities

/** Which keys each event kind takes; `true` marks a required key. */
const EVENT_KEYS: Record<SimEventKind, Record<string, [Check, boolean]>> = {
  offload: { conn: [connName, false], path: [connName, false], neighbor: [connName, false] },
  initiateArrives: { conn: [connName, false], reject: [bool, false] },
  completeInitiate: { conn: [connName, false], status: [status, false] },
  terminate: { conn: [connName, false] },
  completeTerminate: { conn: [connName, false] },
  drainTerminates: {},
  send: { conn: [connName, false], bytes: [bytes, false] },
  completeSend: { conn: [connName, false], status: [status, true] },
  pause: {},
  uploadAll: {},
  resume: { capabilities: [caps, false] },
  retrieve: { conn: [connName, false], reason: [reason, true] },
  abort: { conn: [connName, false] },
  failover: { nic: [connName, true] },
  capabilityChange: { capabilities: [caps, true] },
  branch: { condition: [nonEmptyString, true] },
  end: {},
};
export const EVENT_KINDS = Object.keys(EVENT_KEYS) as SimEventKind[];

const TOP_KEYS = ['$schema', 'version', 'name', 'description', 'seed', 'optionalRetrieve', 'capabilities', 'nic', 'events'];
const POLICIES: OptionalRetrievePolicy[] = ['upload', 'decline', 'random'];

/** Never throws: whatever the text, the answer is a scenario or errors naming file, line and field. */
export function parseScenario(text: string, file: string): ScenarioResult {
  let r: ScenarioResult;
  try {
    r = parse(text, file);
  } catch (e) {
    // A safety net: the checks below are meant to catch everything first.
    return { ok: false, errors: [{ file, line: 1, field: '(root)', message: `the scenario could not be read (${e instanceof Error ? e.message : String(e)})` }] };
  }
  if (r.ok || r.errors.length <= MAX_ERRORS) return r;
  const more = r.errors.length - MAX_ERRORS;
  return { ok: false, errors: [...r.errors.slice(0, MAX_ERRORS), { ...r.errors[MAX_ERRORS], message: `and ${more} more problem(s) not listed` }] };
}

const has = (o: object, k: string): boolean => Object.hasOwn(o, k);
const tooMany = (what: string): string => `has more than ${MAX_SCENARIO_EVENTS} ${what}; the simulator runs at most ${MAX_SCENARIO_EVENTS} events (split the scenario into several files)`;

function parse(text: string, file: string): ScenarioResult {
  if (text.length > MAX_SCENARIO_BYTES) {
    return { ok: false, errors: [{ file, line: 1, field: '(root)', message: `the file is larger than ${MAX_SCENARIO_BYTES / 1024 / 1024} MB, more than a scenario of ${MAX_SCENARIO_EVENTS} events needs` }] };
  }
  let doc: Located;
  try {
    // Reading stops at the first array longer than the step budget: a million events are never all parsed.
    doc = parseLocated(text, MAX_SCENARIO_EVENTS);
  } catch (e) {
    if (e instanceof JsonTooManyItemsError) {
      const what = e.pointer === '/events' ? 'events' : 'items';
      return { ok: false, errors: [{ file, line: e.line, field: fieldName(e.pointer), message: tooMany(what) }] };
    }
    if (e instanceof JsonSyntaxError) return { ok: false, errors: [{ file, line: e.line, field: fieldName(e.pointer), message: `invalid JSON: ${e.message}` }] };
    throw e;
  }
  const errors: ScenarioError[] = [];
  const err = (pointer: string, message: string, atKey = false): void => {
    const line = (atKey ? doc.keyLines.get(pointer) : undefined) ?? doc.lines.get(pointer) ?? doc.keyLines.get(pointer) ?? 1;
    errors.push({ file, line, field: fieldName(pointer), message });
  };
  const root = doc.value;
  if (!isObject(root)) {
    err('', 'a scenario must be a JSON object');
    return { ok: false, errors };
  }
  for (const k of Object.keys(root)) if (!TOP_KEYS.includes(k)) err(pointerChild('', k), `unknown key "${k}" (allowed: ${TOP_KEYS.join(', ')})`, true);
  if (!has(root, 'version')) err('', 'missing required field "version" (set it to 1)');
  else if (root.version !== SCENARIO_VERSION) err('/version', `unsupported version ${JSON.stringify(root.version)}: this extension reads version ${SCENARIO_VERSION}`);
  if (!has(root, 'name')) err('', 'missing required field "name"');
  else if (nonEmptyString(root.name)) err('/name', nonEmptyString(root.name)!);
  if (has(root, 'description') && typeof root.description !== 'string') err('/description', 'must be a string');
  if (has(root, 'seed') && !(isInt(root.seed) && root.seed >= 0 && root.seed <= 0xffffffff)) err('/seed', 'must be an integer from 0 to 4294967295');
  if (has(root, 'optionalRetrieve') && !POLICIES.includes(root.optionalRetrieve as OptionalRetrievePolicy)) {
    err('/optionalRetrieve', `must be one of ${POLICIES.join(', ')}`);
  }
  if (has(root, 'nic') && connName(root.nic)) err('/nic', connName(root.nic)!);
  if (has(root, 'capabilities')) checkCapabilities(root.capabilities, '/capabilities', err);

  const events: ScriptedEvent[] = [];
  if (!has(root, 'events')) err('', 'missing required field "events"');
  else if (!Array.isArray(root.events) || root.events.length === 0) err('/events', 'must be a non-empty array of events');
  else root.events.forEach((ev, i) => {
    const p = pointerChild('/events', i);
    const checked = checkEvent(ev, p, err);
    if (checked) events.push({ event: checked });
  });

  if (errors.length) return { ok: false, errors };
  const r = root as Record<string, unknown>;
  return {
    ok: true,
    scenario: {
      id: file,
      name: r.name as string,
      ...(typeof r.description === 'string' ? { description: r.description } : {}),
      ...(isInt(r.seed) ? { seed: r.seed } : {}),
      ...(r.optionalRetrieve ? { optionalRetrieve: r.optionalRetrieve as OptionalRetrievePolicy } : {}),
      ...(r.capabilities ? { capabilities: { ...(r.capabilities as Partial<Capabilities>) } } : {}),
      ...(typeof r.nic === 'string' ? { nic: r.nic } : {}),
      events,
    },
  };
}

type Err = (pointer: string, message: string, atKey?: boolean) => void;

function checkEvent(ev: unknown, p: string, err: Err): SimEvent | undefined {
  if (!isObject(ev)) {
    err(p, 'an event must be an object with a "kind"');
    return undefined;
  }
  if (!has(ev, 'kind')) {
    err(p, `missing required field "kind" (one of ${EVENT_KINDS.join(', ')})`);
    return undefined;
  }
  const kind = ev.kind as SimEventKind;
  const spec = typeof kind === 'string' && has(EVENT_KEYS, kind) ? EVENT_KEYS[kind] : undefined;
  if (!spec) {
    err(pointerChild(p, 'kind'), `unknown event kind ${JSON.stringify(ev.kind)} (one of ${EVENT_KINDS.join(', ')})`);
    return undefined;
  }
  let ok = true;
  for (const [k, v] of Object.entries(ev)) {
    if (k === 'kind' || k === 'comment') continue;
    const c = pointerChild(p, k);
    if (!has(spec, k)) {
      const allowed = ['kind', ...Object.keys(spec), 'comment'].join(', ');
      err(c, `unknown key "${k}" for a ${kind} event (allowed: ${allowed})`, true);
      ok = false;
      continue;
    }
    const [check] = spec[k];
    const msg = k === 'capabilities' ? checkCapabilities(v, c, err) : check(v);
    if (msg) {
      if (k !== 'capabilities') err(c, msg);
      ok = false;
    }
  }
  if (has(ev, 'comment') && typeof ev.comment !== 'string') {
    err(pointerChild(p, 'comment'), 'must be a string');
    ok = false;
  }
  for (const [k, [, required]] of Object.entries(spec)) {
    if (required && !has(ev, k)) {
      err(p, `missing required field "${k}" for a ${kind} event`);
      ok = false;
    }
  }
  if (!ok) return undefined;
  // A plain object again (the parser's have no prototype), without the comment.
  const event: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ev)) if (k !== 'comment') event[k] = isObject(v) ? { ...v } : v;
  return event as unknown as SimEvent;
}

/** Reports its own errors; returns a non-empty string when something was wrong. */
function checkCapabilities(v: unknown, p: string, err: Err): string | undefined {
  if (!isObject(v)) {
    err(p, `must be an object with NDIS_TCP_CONNECTION_OFFLOAD fields (${CAPABILITY_FIELDS.join(', ')})`);
    return 'bad';
  }
  let bad: string | undefined;
  if (Object.keys(v).length === 0) {
    err(p, 'must set at least one field');
    bad = 'bad';
  }
  for (const [k, x] of Object.entries(v)) {
    const c = pointerChild(p, k);
    if (!(CAPABILITY_FIELDS as readonly string[]).includes(k)) {
      err(c, `unknown NDIS_TCP_CONNECTION_OFFLOAD field "${k}" (allowed: ${CAPABILITY_FIELDS.join(', ')})`, true);
      bad = 'bad';
    } else if (!(isInt(x) && x >= 0 && x <= 0xffffffff)) {
      err(c, 'must be an unsigned 32-bit integer');
      bad = 'bad';
    }
  }
  return bad;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
