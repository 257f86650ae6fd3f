// The offload target's protocol state as the host stack sees it, and the one
// transition function that both the analyzer and the simulator use, so the two
// can never disagree about what is a violation.
//
// Sources: NDIS_STATUS_OFFLOAD_PAUSE, NDIS_STATUS_OFFLOAD_RESUME, NDIS_STATUS_UPLOAD_ALL,
// "Terminate Offload Requested by an Offload Target", "Reporting a NIC's Connection
// Offload Capabilities" (ndis-chimney-facts.md sections 5.5, 6 and 8).

/** Where the target stands in the pause / upload-all / resume conversation. */
export type OffloadState =
  /** Entry of a function analysed without its callers' context: anything may have happened before. */
  | 'unknown'
  /** The host offloads new state objects to the target. */
  | 'offloading'
  /** The target indicated NDIS_STATUS_OFFLOAD_PAUSE: no new offloads (initiates in flight still arrive). */
  | 'paused'
  /** The target indicated NDIS_STATUS_UPLOAD_ALL: the host is terminating every offloaded connection. */
  | 'uploading'
  /** Every terminate that the upload-all caused has completed: the target may reconfigure and resume. */
  | 'drained';

export const OFFLOAD_STATES: readonly OffloadState[] = ['unknown', 'offloading', 'paused', 'uploading', 'drained'];

/** Events that move the target's protocol state or that the protocol constrains. */
export type ProtocolEvent =
  | { kind: 'pause' }
  | { kind: 'uploadAll' }
  | { kind: 'resume' }
  /** The target waited for (or observed) the completion of every terminate caused by an upload-all. */
  | { kind: 'terminatesCompleted' }
  /** The target changed its connection-offload configuration (capabilities it reports). */
  | { kind: 'capabilityChange' }
  /** MiniportInitiateOffload was called; `rejected` when the target fails it (with `status`, when known). */
  | { kind: 'initiateArrives'; rejected: boolean; status?: string }
  /** An offloaded send was completed with the given NDIS status name. */
  | { kind: 'sendComplete'; status: string }
  /** The target called NdisMInitiateOffloadComplete: the initiate-offload window closes. */
  | { kind: 'initiateComplete' }
  /** The target made an indication (status, offload event or receive); constrained only inside the initiate window. */
  | { kind: 'indication' }
  /** The function (or the simulated run) ends here. */
  | { kind: 'exit' };

export const PROTOCOL_EVENT_KINDS: readonly ProtocolEventKind[] = [
  'pause', 'uploadAll', 'resume', 'terminatesCompleted', 'capabilityChange', 'initiateArrives', 'sendComplete',
  'initiateComplete', 'indication', 'exit',
];

/** Events that move the pause / upload-all / resume state (the ones a caller inherits from a callee). */
export function movesState(kind: ProtocolEventKind): boolean {
  return kind === 'pause' || kind === 'uploadAll' || kind === 'resume' || kind === 'terminatesCompleted' || kind === 'capabilityChange';
}

export type ProtocolEventKind = ProtocolEvent['kind'];

/** Rule ids the protocol model can raise; the same ids name the analyzer's findings. */
export type ProtocolRuleId =
  | 'protocol/pause-without-resume'
  | 'protocol/resume-without-pause'
  | 'protocol/resume-before-upload-drain'
  | 'protocol/capability-change-outside-pause'
  | 'protocol/initiate-rejected-while-paused'
  | 'protocol/send-completed-paused'
  | 'protocol/indication-in-initiate-window';

export interface Violation {
  rule: ProtocolRuleId;
  /** Why, in our own words; the analyzer and the simulator both show it. */
  reason: string;
}

export interface Transition {
  next: OffloadState;
  violation?: Violation;
}

/** True while the host offloads nothing new (paused, uploading or drained). */
export function isHeld(state: OffloadState): boolean {
  return state === 'paused' || state === 'uploading' || state === 'drained';
}

/**
 * The transition table. Pure and total: every (state, event) pair has an answer,
 * and the `never` checks make the compiler reject a new state or event that is not handled.
 * `initiating` is true between MiniportInitiateOffload's start and NdisMInitiateOffloadComplete.
 */
export function step(state: OffloadState, event: ProtocolEvent, initiating = false): Transition {
  switch (event.kind) {
    case 'initiateComplete':
      return { next: state };
    case 'indication':
      if (initiating) {
        return {
          next: state,
          violation: {
            rule: 'protocol/indication-in-initiate-window',
            reason: 'an indication made while an initiate offload is still in progress',
          },
        };
      }
      return { next: state };
    case 'pause':
      // A duplicate pause is undocumented; the host is already holding offloads, so it stays put.
      return { next: state === 'uploading' || state === 'drained' ? state : 'paused' };
    case 'uploadAll':
      return { next: 'uploading' };
    case 'terminatesCompleted':
      return { next: state === 'uploading' ? 'drained' : state };
    case 'resume':
      switch (state) {
        case 'paused':
        case 'drained':
        case 'unknown':
          return { next: 'offloading' };
        case 'uploading':
          return {
            next: 'offloading',
            violation: {
              rule: 'protocol/resume-before-upload-drain',
              reason: 'resume indicated while the terminates of an upload-all may still be outstanding',
            },
          };
        case 'offloading':
          return {
            next: 'offloading',
            violation: {
              rule: 'protocol/resume-without-pause',
              reason: 'resume indicated while offloading was never paused',
            },
          };
        default:
          return assertNever(state);
      }
    case 'capabilityChange':
      switch (state) {
        case 'drained':
        case 'unknown':
          return { next: state };
        case 'offloading':
        case 'paused':
        case 'uploading':
          return {
            next: state,
            violation: {
              rule: 'protocol/capability-change-outside-pause',
              reason:
                state === 'uploading'
                  ? 'connection-offload configuration changed before the upload-all drained'
                  : state === 'paused'
                    ? 'connection-offload configuration changed after a pause but without an upload-all'
                    : 'connection-offload configuration changed while the host may still be offloading',
            },
          };
        default:
          return assertNever(state);
      }
    case 'initiateArrives':
      if (event.rejected && isHeld(state)) {
        return {
          next: state,
          violation: {
            rule: 'protocol/initiate-rejected-while-paused',
            reason: 'an initiate-offload request that arrives after a pause must be queued, not failed',
          },
        };
      }
      return { next: state };
    case 'sendComplete':
      if (event.status === 'NDIS_STATUS_PAUSED') {
        return {
          next: state,
          violation: {
            rule: 'protocol/send-completed-paused',
            reason: 'an offloaded send completed with NDIS_STATUS_PAUSED; while an upload is pending it must be NDIS_STATUS_UPLOAD_IN_PROGRESS',
          },
        };
      }
      return { next: state };
    case 'exit':
      if (isHeld(state)) {
        return {
          next: state,
          violation: {
            rule: 'protocol/pause-without-resume',
            reason: 'returns with offloading still held: the host stack offloads nothing more until a resume',
          },
        };
      }
      return { next: state };
    default:
      return assertNever(event);
  }
}

function assertNever(x: never): never {
  throw new Error(`unhandled protocol case: ${JSON.stringify(x)}`);
}

/** Human words for a state, for traces and the simulator's diagram. */
export const STATE_LABEL: Record<OffloadState, string> = {
  unknown: 'unknown',
  offloading: 'offloading',
  paused: 'paused',
  uploading: 'upload-all pending',
  drained: 'upload-all drained',
};

/** A violation in a few words, for lens titles, banners and the simulator's timeline. */
export const VIOLATION_SHORT: Record<ProtocolRuleId, string> = {
  'protocol/pause-without-resume': 'pause never resumed',
  'protocol/resume-without-pause': 'resume without a pause',
  'protocol/resume-before-upload-drain': 'resume before the upload-all drained',
  'protocol/capability-change-outside-pause': 'capabilities change outside a pause',
  'protocol/initiate-rejected-while-paused': 'initiate failed while paused',
  'protocol/send-completed-paused': 'send completed with NDIS_STATUS_PAUSED',
  'protocol/indication-in-initiate-window': 'indication inside the initiate window',
};

/** The NDIS name of each event that is a status indication, as a driver developer writes it. */
export const EVENT_STATUS_NAME: Partial<Record<ProtocolEventKind, string>> = {
  pause: 'NDIS_STATUS_OFFLOAD_PAUSE',
  uploadAll: 'NDIS_STATUS_UPLOAD_ALL',
  resume: 'NDIS_STATUS_OFFLOAD_RESUME',
};

/** A branch condition as a replay step says it: "`!Adapter->LinkUp` is true". */
export function describeBranch(label: string): string {
  const t = label.trim();
  if (/^(case\b|default$|no case matches$|__except$)/.test(t)) return t === 'no case matches' ? 'no case matches' : `${t} taken`;
  const neg = /^!\((.*)\)$/.exec(t);
  if (neg) {
    const inner = neg[1].trim();
    if (/^![\w.\->[\]]+$/.test(inner)) return `\`${inner.slice(1)}\` is true`;
    return `\`${inner}\` is false`;
  }
  return `\`${t}\` is true`;
}

/** An event in the words of a path step ("pause indicated here"), for traces and the simulator. */
export function describeEvent(e: ProtocolEvent): string {
  switch (e.kind) {
    case 'pause':
      return 'pause indicated here';
    case 'uploadAll':
      return 'upload-all indicated here';
    case 'resume':
      return 'resume indicated here';
    case 'terminatesCompleted':
      return 'waits here for the terminates to complete';
    case 'capabilityChange':
      return 'connection-offload capabilities change here';
    case 'initiateArrives':
      return e.rejected ? `initiate-offload request failed here${e.status ? ` with ${e.status}` : ''}` : 'initiate-offload request arrives here';
    case 'sendComplete':
      return `offloaded send completed here with ${e.status}`;
    case 'initiateComplete':
      return 'initiate offload completed here';
    case 'indication':
      return 'indication made here';
    case 'exit':
      return 'returns here';
    default:
      return assertNever(e);
  }
}
