// Plain-data types of the offload simulator. Everything here is JSON-serialisable
// so a state can be cloned, sent over LSP and persisted by the webview.

import type { OffloadState, Violation } from '../protocol/model';

/** The NDIS_TCP_CONNECTION_OFFLOAD fields the target reports (facts 5.1). */
export interface Capabilities {
  Encapsulation: number;
  SupportIPv4: number;
  SupportIPv6: number;
  SupportIPv6ExtensionHeaders: number;
  SupportSack: number;
  CongestionAlgorithm: number;
  TcpConnectionOffloadCapacity: number;
  Flags: number;
}

export const CAPABILITY_FIELDS: readonly (keyof Capabilities)[] = [
  'Encapsulation', 'SupportIPv4', 'SupportIPv6', 'SupportIPv6ExtensionHeaders',
  'SupportSack', 'CongestionAlgorithm', 'TcpConnectionOffloadCapacity', 'Flags',
];

/** IEEE_802_3 (2) with IPv4, room for 4 connections: a plain chimney NIC. */
export const DEFAULT_CAPABILITIES: Capabilities = {
  Encapsulation: 2,
  SupportIPv4: 1,
  SupportIPv6: 0,
  SupportIPv6ExtensionHeaders: 0,
  SupportSack: 0,
  CongestionAlgorithm: 0,
  TcpConnectionOffloadCapacity: 4,
  Flags: 0,
};

export type ObjectKind = 'neighbor' | 'path' | 'tcp';
export type ObjectState = 'notOffloaded' | 'initiateInFlight' | 'offloaded' | 'terminateInFlight';

/** One node of the neighbor -> path -> TCP state-object tree. */
export interface StateObject {
  id: string;
  kind: ObjectKind;
  /** The object this one depends on (a path's neighbor, a connection's path). */
  parent?: string;
  state: ObjectState;
  /** NIC the object was offloaded to (failover moves the target, not the objects). */
  nic?: string;
}

/** Where an initiate request is: sent by the host, handed to the target, or queued there while paused. */
export type InitiateStage = 'inTransit' | 'atTarget' | 'queued';

export type Request =
  | { id: string; kind: 'initiate'; objects: string[]; stage: InitiateStage }
  | { id: string; kind: 'terminate'; objects: string[]; cause: string };

export interface Send {
  id: string;
  conn: string;
  bytes: number;
}

export type OptionalRetrievePolicy = 'upload' | 'decline' | 'random';

export interface SimState {
  protocol: OffloadState;
  /** The NIC the target currently runs on. */
  nic: string;
  /** What the host adopted at the last OID_TCP_TASK_OFFLOAD query. */
  hostCapabilities: Capabilities;
  /** What the target would report if queried now. */
  targetCapabilities: Capabilities;
  objects: StateObject[];
  requests: Request[];
  /** Sends posted to the target and not yet completed. */
  pendingSends: Send[];
  /** Sends the host took back (UPLOAD_IN_PROGRESS or returned on terminate) to send itself. */
  hostQueue: Send[];
  policy: OptionalRetrievePolicy;
  /** PRNG state: part of the simulator state so step back also rewinds randomness. */
  rng: number;
  counter: number;
}

/** Events from either side. `conn` omitted means "pick one" (seeded). */
export type SimEvent =
  | { kind: 'offload'; conn?: string; path?: string; neighbor?: string }
  | { kind: 'initiateArrives'; conn?: string; reject?: boolean }
  | { kind: 'completeInitiate'; conn?: string; status?: string }
  | { kind: 'terminate'; conn?: string }
  | { kind: 'completeTerminate'; conn?: string }
  | { kind: 'drainTerminates' }
  | { kind: 'send'; conn?: string; bytes?: number }
  | { kind: 'completeSend'; conn?: string; status: string }
  | { kind: 'pause' }
  | { kind: 'uploadAll' }
  | { kind: 'resume'; capabilities?: Partial<Capabilities> }
  | { kind: 'retrieve'; conn?: string; reason: string }
  | { kind: 'abort'; conn?: string }
  | { kind: 'failover'; nic: string }
  | { kind: 'capabilityChange'; capabilities: Partial<Capabilities> }
  /** The target's code takes a branch (replay): nothing changes for the host, the step shows the decision. */
  | { kind: 'branch'; condition: string }
  | { kind: 'end' };

export type SimEventKind = SimEvent['kind'];

/** Who acts: the offload target (the user's driver) or the host stack. */
export type Side = 'target' | 'host';

export const EVENT_SIDE: Record<SimEventKind, Side> = {
  offload: 'host', initiateArrives: 'host', completeInitiate: 'target', terminate: 'host',
  completeTerminate: 'target', drainTerminates: 'target', send: 'host', completeSend: 'target',
  pause: 'target', uploadAll: 'target', resume: 'target', retrieve: 'target', abort: 'target',
  failover: 'target', capabilityChange: 'target', branch: 'target', end: 'target',
};

/** One arrow (or note) of the sequence diagram. */
export interface Message {
  from: Side;
  to: Side;
  text: string;
  /** A note is drawn over the lifeline of `from` instead of an arrow. */
  note?: boolean;
}

/** A place in the user's code an event came from (replay). 0-based line. */
export interface EventSource {
  uri: string;
  line: number;
}

/** A scripted event: the event plus, for replay, where it came from. */
export interface ScriptedEvent {
  event: SimEvent;
  source?: EventSource;
  /** Identical events of the code merged into this one step (replay). */
  count?: number;
}

export interface TraceEntry {
  index: number;
  event: SimEvent;
  source?: EventSource;
  /** The adapter-level protocol state around the step (the full state is not kept per step: step back undoes a journal). */
  protocolBefore: OffloadState;
  protocolAfter: OffloadState;
  /** How many identical steps of the code this one stands for (merged in a replay). */
  count?: number;
  messages: Message[];
  /** What happened, in words, for the timeline tooltip and the CLI. */
  notes: string[];
  violations: Violation[];
  /** True when the event could not apply (nothing changed). */
  ignored?: boolean;
}
