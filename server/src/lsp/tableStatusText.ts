// Hover text for the statuses of the chimney and completion table (../ndis/constants.ts): what an
// offload target does with each, written from ndis-chimney-facts.md and the archived WDK pages
// (sections cited per entry), in our own words. statusHover.ts adds what the status catalogue knows.
import type { StatusInfo } from '../ndis/constants';
import type { Explanation } from './hoverRender';

// Status codes with more to say than their one-line summary (facts 2.4, 4.5, 5.5, 6).

const STATUS_DETAIL: Record<string, Omit<Explanation, 'label' | 'value' | 'meaning'> & { meaning?: string }> = {
  NDIS_STATUS_OFFLOAD_PAUSE: {
    meaning:
      'The offload target asks the host stack to stop handing it new state objects to offload. Connections that are already offloaded are not affected: the target keeps processing them as usual.',
    when:
      'Any time the target may make status indications, typically before a team failover (802.3ad) or before it changes the connection-offload capabilities it reports. Not while an initiate offload is still in progress. The status buffer carries nothing: `StatusBuffer = NULL`, `StatusBufferSize = 0`.',
    next:
      'The host starts no new offload. Initiate requests that were already on their way can still arrive at `MiniportInitiateOffload` after the pause: the target queues them and handles them later instead of failing them. Nothing new is offloaded until the target indicates `NDIS_STATUS_OFFLOAD_RESUME`.',
    rules: [
      'indication/status-buffer',
      'protocol/pause-without-resume',
      'protocol/pause-never-resumed',
      'protocol/initiate-rejected-while-paused',
      'protocol/capability-change-outside-pause',
      'protocol/indication-in-initiate-window',
      'chimney/deprecated',
    ],
  },
  NDIS_STATUS_UPLOAD_ALL: {
    meaning: 'The offload target asks the host stack to take back every TCP connection it has offloaded to the target.',
    when:
      'Usually after a pause: pause, upload all, wait until every terminate has completed, then fail over or reconfigure, then resume. The documentation does not require the pause first. To give back a single connection, use `NdisTcpOffloadEventHandler` with `TcpIndicateRetrieve` instead. The status buffer carries nothing (`NULL`, size 0).',
    next:
      'The host stops offloading and calls `MiniportTerminateOffload` once or several times until every TCP connection is terminated, then terminates the path and neighbor objects as well (in the same calls or later ones). Offloaded sends that arrive meanwhile complete with `NDIS_STATUS_UPLOAD_IN_PROGRESS`, never `NDIS_STATUS_PAUSED`. The target may resume only after it has completed all those terminates with `NdisMTerminateOffloadComplete`.',
    rules: [
      'indication/status-buffer',
      'protocol/resume-before-upload-drain',
      'protocol/send-completed-paused',
      'protocol/capability-change-outside-pause',
      'protocol/pause-without-resume',
      'protocol/indication-in-initiate-window',
      'chimney/deprecated',
    ],
  },
  NDIS_STATUS_OFFLOAD_RESUME: {
    meaning: 'The offload target tells the host stack that it may offload to the target again.',
    when:
      'After a pause; after an upload-all, only once every terminate it caused has been completed with `NdisMTerminateOffloadComplete`. The status buffer is either empty (`NULL`, size 0) or an `NDIS_TCP_CONNECTION_OFFLOAD` with `sizeof(NDIS_TCP_CONNECTION_OFFLOAD)` that reports the capabilities now in force. A target is not obliged to resume, but without it the host never offloads anything new to it.',
    next:
      'The host queries `OID_TCP_TASK_OFFLOAD` again, so the target can now report capabilities different from those it gave at initialization, and then resumes offloading.',
    rules: [
      'indication/status-buffer',
      'protocol/resume-without-pause',
      'protocol/resume-before-upload-drain',
      'protocol/pause-without-resume',
      'protocol/pause-never-resumed',
      'protocol/capability-change-outside-pause',
      'protocol/indication-in-initiate-window',
      'chimney/deprecated',
    ],
  },
  NDIS_STATUS_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES: {
    when: 'Made by a MUX intermediate driver when a NIC below it comes or goes; the status buffer holds an `NDIS_TCP_CONNECTION_OFFLOAD`. A miniport changes its own connection-offload capabilities with pause, upload-all and resume instead.',
    next: 'Overlying drivers learn the new hardware capabilities of the virtual adapter.',
    rules: ['indication/status-code', 'indication/status-buffer', 'protocol/capability-change-outside-pause'],
  },
  NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG: {
    when: 'A miniport must make it whenever its current task-offload configuration changes, for example after a set of `OID_TCP_OFFLOAD_PARAMETERS` or `OID_OFFLOAD_ENCAPSULATION`; the status buffer holds an `NDIS_OFFLOAD`.',
    rules: ['indication/status-code', 'indication/status-buffer'],
  },
  NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES: {
    when: 'Made when the task-offload hardware capabilities change; the status buffer holds an `NDIS_OFFLOAD`.',
    rules: ['indication/status-code', 'indication/status-buffer'],
  },
  NDIS_STATUS_OFFLOAD_ENCASPULATION_CHANGE: {
    notes: ['The misspelling (ENCASPULATION) is the one the header defines: keep it.'],
    rules: ['indication/status-code'],
  },
  NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS: {
    when: 'Only in the `Status` of a block completed by `NdisMInitiateOffloadComplete`: this object was offloaded but at least one of its immediate dependents was not. Query, update, invalidate and terminate completions accept only success or failure.',
    next: 'The host keeps the dependents that failed in the host stack.',
    rules: ['indication/status-code'],
  },
  NDIS_STATUS_OFFLOAD_STATE_INVALID: {
    when: 'A block-list status. Although its value sits among the offload indication codes, it is not an indication.',
    rules: ['indication/status-code'],
  },
  NDIS_STATUS_UPLOAD_IN_PROGRESS: {
    when: "The status a target gives offloaded sends (and, while a retrieve is pending, receives, disconnects and forwards) when the connection's offload is being terminated: after an upload-all, or once the target has decided to request the termination.",
    next: 'The host stack queues the data again and sends it itself once the connection is back in the host stack.',
    rules: ['protocol/send-completed-paused'],
  },
  NDIS_STATUS_PAUSED: {
    when: "An NDIS 6 pause status for the miniport or a binding. It is the wrong status for offloaded sends during an upload: those complete with `NDIS_STATUS_UPLOAD_IN_PROGRESS`. After an abort, they complete with `NDIS_STATUS_REQUEST_ABORTED`.",
    rules: ['protocol/send-completed-paused', 'indication/status-code'],
  },
  NDIS_STATUS_REQUEST_ABORTED: {
    when: 'After an acceptable RST (and the `TcpIndicateAbort` event), or after an abortive disconnect, the target completes the outstanding sends and disconnects of the connection with it.',
    next: 'The host stack drops the data instead of sending it again.',
    notes: ['Not the same value as `NDIS_STATUS_SEND_ABORTED` (0xC023000C).'],
    rules: ['indication/status-code'],
  },
  NDIS_STATUS_SEND_ABORTED: {
    when: 'Not the status for sends on an aborted offloaded connection: those complete with `NDIS_STATUS_REQUEST_ABORTED`, a different value.',
    rules: ['indication/status-code'],
  },
  NDIS_STATUS_INDICATION_REQUIRED: {
    when: 'A miniport completes an OID request with it (only for OIDs that allow it) and then reports the result with `NdisMIndicateStatusEx`, setting `DestinationHandle` and `RequestId` from that request.',
    rules: ['indication/destination-request', 'indication/status-code'],
  },
  NDIS_STATUS_REQUEST_UPLOAD: {
    when: 'An intermediate driver that cannot handle a send (for example, out of memory) puts it on the first NET_BUFFER_LIST of the send; the other lists complete with `NDIS_STATUS_UPLOAD_REQUESTED`.',
    next: 'The host stack takes the connection back from the offload target.',
    rules: ['indication/status-code'],
  },
  NDIS_STATUS_UPLOAD_REQUESTED: {
    when: 'Completes the remaining NET_BUFFER_LISTs of a send whose first list carries `NDIS_STATUS_REQUEST_UPLOAD`.',
    rules: ['indication/status-code'],
  },
  NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED: {
    when: '`NdisTcpOffloadReceiveHandler` returns it when the host took none of the data the target indicated.',
    next: 'The target keeps the data and indicates it later or delivers it into posted receive buffers.',
    rules: [],
  },
  NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED: {
    when: '`NdisTcpOffloadReceiveHandler` returns it when the host took only part of the indicated data; `BytesConsumed` tells how much.',
    rules: [],
  },
};

/** Statuses a target writes in the blocks of a failed initiate offload. */
const INITIATE_FAILURES = new Set([
  'NDIS_STATUS_OFFLOAD_TCP_ENTRIES',
  'NDIS_STATUS_OFFLOAD_PATH_ENTRIES',
  'NDIS_STATUS_OFFLOAD_NEIGHBOR_ENTRIES',
  'NDIS_STATUS_OFFLOAD_IP_ADDRESS_ENTRIES',
  'NDIS_STATUS_OFFLOAD_HW_ADDRESS_ENTRIES',
  'NDIS_STATUS_OFFLOAD_VLAN_ENTRIES',
  'NDIS_STATUS_OFFLOAD_TCP_XMIT_BUFFER',
  'NDIS_STATUS_OFFLOAD_TCP_RCV_BUFFER',
  'NDIS_STATUS_OFFLOAD_TCP_RCV_WINDOW',
  'NDIS_STATUS_OFFLOAD_VLAN_MISMATCH',
  'NDIS_STATUS_OFFLOAD_POLICY',
  'NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED',
]);

/** The hover of a chimney, completion or indication status of constants.ts. */
export function tableStatusExplanation(s: StatusInfo): Explanation {
  const detail = STATUS_DETAIL[s.name];
  const label =
    s.kind === 'chimney-indication'
      ? 'chimney status indication'
      : s.kind === 'indication'
        ? 'status indication code'
        : 'completion status (not an indication code)';
  let when = detail?.when;
  let next = detail?.next;
  if (!when) {
    if (s.kind === 'indication') {
      when = `A driver reports it as the \`StatusCode\` of an \`NDIS_STATUS_INDICATION\` passed to \`NdisMIndicateStatusEx\`${bufferWords(s)}.`;
    } else if (INITIATE_FAILURES.has(s.name)) {
      when =
        'Only in the `Status` of a block completed by `NdisMInitiateOffloadComplete`, when the target could not offload that object. Never for query, update, invalidate or terminate completions, and never as an indication code.';
      next = next ?? 'The host stack keeps the object (and whatever depends on it) and processes it itself.';
    } else {
      when = 'The result of a request or an operation. It is never a valid `StatusCode` of `NdisMIndicateStatusEx`.';
    }
  }
  if (!next && s.kind === 'indication') {
    next = 'NDIS passes it to the `ProtocolStatusEx` handler of every bound protocol (filters see it in `FilterStatus`).';
  }
  return {
    label,
    value: s.value,
    meaning: detail?.meaning ?? s.summary,
    when,
    next,
    notes: detail?.notes,
    rules: detail?.rules ?? (s.kind === 'completion' ? ['indication/status-code'] : ['indication/status-code', ...(s.buffer ? ['indication/status-buffer'] : [])]),
  };
}

function bufferWords(s: StatusInfo): string {
  switch (s.buffer) {
    case 'none':
      return '; the status buffer carries nothing (`NULL`, size 0)';
    case 'none-or-connection-offload':
      return '; the status buffer is empty or an `NDIS_TCP_CONNECTION_OFFLOAD`';
    case 'connection-offload':
      return '; the status buffer holds an `NDIS_TCP_CONNECTION_OFFLOAD`';
    case 'ndis-offload':
      return '; the status buffer holds an `NDIS_OFFLOAD`';
    default:
      return '';
  }
}
