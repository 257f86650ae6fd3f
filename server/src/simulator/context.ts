// The scratch pad of one simulator step: a private copy of the state plus what
// the step said and did. Helpers that read the object tree live here too.

import { step, type ProtocolEvent, type Violation } from '../protocol/model';
import { nextRandom } from './prng';
import { OBJECT_STATE_LABEL } from './labels';
import type { Message, ObjectKind, Request, SimState, Side, StateObject } from '../shared/simulatorTypes';

export class StepContext {
  readonly messages: Message[] = [];
  readonly notes: string[] = [];
  readonly violations: Violation[] = [];
  ignored = false;

  constructor(readonly s: SimState) {}

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
    this.s.protocol = t.next;
    if (t.violation) this.violations.push(t.violation);
  }

  random(): number {
    const r = nextRandom(this.s.rng);
    this.s.rng = r.state;
    return r.value;
  }

  /** Seeded choice; the candidates are sorted so the pick does not depend on insertion order. */
  pick<T extends { id: string }>(candidates: T[]): T | undefined {
    if (candidates.length === 0) return undefined;
    const sorted = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return sorted[Math.floor(this.random() * sorted.length)];
  }

  nextId(prefix: string): string {
    this.s.counter += 1;
    return `${prefix}${this.s.counter}`;
  }

  obj(id: string): StateObject | undefined {
    return this.s.objects.find((o) => o.id === id);
  }

  ensure(id: string, kind: ObjectKind, parent?: string): StateObject {
    let o = this.obj(id);
    if (!o) {
      o = { id, kind, parent, state: 'notOffloaded' };
      this.s.objects.push(o);
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

  /** `given` when it names an eligible connection, a seeded pick when omitted. */
  chooseConn(given: string | undefined, eligible: StateObject[], what: string): StateObject | undefined {
    if (given !== undefined) {
      const o = eligible.find((c) => c.id === given);
      if (!o) {
        const known = this.obj(given);
        this.ignore(known ? `${given} is ${OBJECT_STATE_LABEL[known.state]}, not ${what}` : `no connection named ${given}`);
      }
      return o;
    }
    const o = this.pick(eligible);
    if (!o) this.ignore(`no connection is ${what}`);
    return o;
  }
}
