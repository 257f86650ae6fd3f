// The scratch pad of one simulator step: the state it changes, the journal of
// those changes (for step back), and what the step said and did. Every change to
// the state goes through set / push / removeWhere so the journal sees it.
// Helpers that read the object tree live here too.

import { step, type ProtocolEvent, type Violation } from '../protocol/model';
import { Journal } from './journal';
import { nextRandom } from './prng';
import { OBJECT_STATE_LABEL } from './labels';
import type { Message, ObjectKind, Request, SimState, Side, StateObject } from '../shared/simulatorTypes';

/** Where each object sits in a state's objects array, so a lookup by id does not scan the array. */
const INDEX = new WeakMap<StateObject[], { pos: Map<string, number>; n: number; tail: StateObject | undefined }>();

export class StepContext {
  readonly messages: Message[] = [];
  readonly notes: string[] = [];
  readonly violations: Violation[] = [];
  ignored = false;

  constructor(
    readonly s: SimState,
    readonly journal: Journal = new Journal(),
  ) {}

  set<T extends object, K extends keyof T>(obj: T, key: K, value: T[K]): void {
    this.journal.set(obj, key, value);
  }

  push<T>(arr: T[], ...items: T[]): void {
    this.journal.push(arr, ...items);
  }

  removeWhere<T>(arr: T[], drop: (x: T) => boolean): T[] {
    return this.journal.removeWhere(arr, drop);
  }

  say(from: Side, to: Side, text: string): void {
    this.messages.push({ from, to, text });
  }

  noteOver(side: Side, text: string): void {
    this.messages.push({ from: side, to: side, text, note: true });
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** The event cannot apply here; nothing changes, and the user is told why. */
  ignore(why: string): void {
    this.ignored = true;
    this.notes.push(`ignored: ${why}`);
  }

  /** Moves the adapter-level state through the shared protocol model. */
  protocol(event: ProtocolEvent): void {
    const t = step(this.s.protocol, event);
    this.set(this.s, 'protocol', t.next);
    if (t.violation) this.violations.push(t.violation);
  }

  random(): number {
    const r = nextRandom(this.s.rng);
    this.set(this.s, 'rng', r.state);
    return r.value;
  }

  /** Seeded choice; the candidates are sorted so the pick does not depend on insertion order. */
  pick<T extends { id: string }>(candidates: T[]): T | undefined {
    if (candidates.length === 0) return undefined;
    const sorted = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return sorted[Math.floor(this.random() * sorted.length)];
  }

  nextId(prefix: string): string {
    this.set(this.s, 'counter', this.s.counter + 1);
    return `${prefix}${this.s.counter}`;
  }

  obj(id: string): StateObject | undefined {
    const arr = this.s.objects;
    let ix = INDEX.get(arr);
    if (!ix) INDEX.set(arr, (ix = { pos: new Map(), n: 0, tail: undefined }));
    // The array only grows, except when step back cuts its end: then index it again.
    if (ix.n > arr.length || (ix.n > 0 && arr[ix.n - 1] !== ix.tail)) {
      ix.pos.clear();
      ix.n = 0;
    }
    for (; ix.n < arr.length; ix.n++) ix.pos.set(arr[ix.n].id, ix.n);
    ix.tail = arr[ix.n - 1];
    const p = ix.pos.get(id);
    return p === undefined ? undefined : arr[p];
  }

  ensure(id: string, kind: ObjectKind, parent?: string): StateObject {
    let o = this.obj(id);
    if (!o) {
      o = { id, kind, parent, state: 'notOffloaded' };
      this.push(this.s.objects, o);
    }
    return o;
  }

  /** Objects that still depend on `id` from the host's point of view (its reference count). */
  dependents(id: string): StateObject[] {
    return this.s.objects.filter((o) => o.parent === id && o.state !== 'notOffloaded');
  }

  connections(state?: StateObject['state']): StateObject[] {
    return this.s.objects.filter((o) => o.kind === 'tcp' && (state === undefined || o.state === state));
  }

  requestFor(objectId: string, kind: Request['kind']): Request | undefined {
    return this.s.requests.find((r) => r.kind === kind && r.objects.includes(objectId));
  }

  /** `given` when it names an eligible connection, a seeded pick among the eligible ones when omitted. */
  chooseConn(given: string | undefined, eligible: (c: StateObject) => boolean, what: string): StateObject | undefined {
    if (given !== undefined) {
      const known = this.obj(given);
      if (known && known.kind === 'tcp' && eligible(known)) return known;
      this.ignore(known ? `${given} is ${OBJECT_STATE_LABEL[known.state]}, not ${what}` : `no connection named ${given}`);
      return undefined;
    }
    const o = this.pick(this.connections().filter(eligible));
    if (!o) this.ignore(`no connection is ${what}`);
    return o;
  }
}
