// Hover text for the offload symbols and our rule ids: pure data and one function,
// no LSP types. Names and values come from ../ndis/constants, rules and their
// explanations from ../rules (each rule's file); the prose is ours, written from ndis-chimney-facts.md and the
// archived WDK pages (sections cited per entry), never copied from them.
//
// Only these symbols get a hover: general C hover is left to cpptools and clangd.
import {
  EVENT_TYPE_BY_NAME,
  MAX_UPLOAD_REASON,
  STATUS_BY_NAME,
  UPLOAD_REASON_BY_NAME,
  type EnumInfo,
  type StatusInfo,
} from '../ndis/constants';
import { RULE_BY_ID, RULE_MODULE_BY_ID, ruleDocPath, type RuleMeta } from '../rules/registry';

/** What one hover explains, before it is rendered. */
interface Explanation {
  /** A short label after the name: "chimney status indication", "TCP_UPLOAD_REASON", ... */
  label: string;
  value?: number;
  meaning: string;
  /** When (and how) an offload target may use it. */
  when?: string;
  /** What the host stack (or NDIS) does next. */
  next?: string;
  /** Extra notes, one paragraph each. */
  notes?: string[];
  rules: string[];
}

// ---------------------------------------------------------------------------
// Rule groups used below.

const INDICATION_CALL_RULES = [
  'indication/header',
  'indication/source-handle',
  'indication/flags',
  'indication/destination-request',
  'indication/status-code',
  'indication/status-buffer',
];
const EVENT_CALL_RULES = ['offload-event/event-type', 'offload-event/retrieve-reason', 'offload-event/handle'];

// ---------------------------------------------------------------------------
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

function statusExplanation(s: StatusInfo): Explanation {
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

// ---------------------------------------------------------------------------
// TCP_OFFLOAD_EVENT_TYPE (facts 3.3, 3.6).

const EVENT_DETAIL: Record<string, { when: string; next: string; info: string }> = {
  TcpIndicateSendBacklogChange: {
    info: '`EventSpecificInformation`: the number of send bytes the host stack should keep posted at the target.',
    when:
      'When the preferred send backlog changes enough to matter. Throttle it so that small or frequent changes do not flood the host, and do not derive the number from the bytes posted right now.',
    next: 'The host stack adjusts how much send data it keeps outstanding at the target for this connection.',
  },
  TcpIndicateDisconnect: {
    info: '`EventSpecificInformation`: not used; pass 0.',
    when:
      'The peer closed its side gracefully (a FIN arrived), and only once the client has consumed every byte that arrived before the FIN, so that no receive data is left to indicate.',
    next:
      "The host stack treats the connection's receive half as closed; the send half stays open. The target keeps the connection's resources until the host terminates the offload.",
  },
  TcpIndicateRetrieve: {
    info: '`EventSpecificInformation`: a `TCP_UPLOAD_REASON` from `LowActivity` (1) to `HardwareFailure` (11); 0 and `MaxUploadReason` are not reasons.',
    when:
      'The target wants this one TCP connection back in the host stack. One connection per call; the handle must be a TCP connection\'s `NdisOffloadHandle`, never a neighbor or path object; not on a half-closed connection (FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT). Asking again for the same connection is allowed. To give back every connection, indicate `NDIS_STATUS_UPLOAD_ALL` instead.',
    next:
      'The host stack calls `MiniportTerminateOffload` for the connection as soon as it can. For a mandatory reason it always does; for an optional one it may decline, so the target must be able to keep processing the connection.',
  },
  TcpIndicateAbort: {
    info: '`EventSpecificInformation`: not used; pass 0.',
    when:
      'An acceptable RST arrived. Mark the connection aborted first, then indicate; complete its outstanding sends and disconnects with `NDIS_STATUS_REQUEST_ABORTED`.',
    next: "The host stack then takes the connection back (it ends the offload); the target holds on to the connection's resources until that has happened.",
  },
};

function eventExplanation(e: EnumInfo): Explanation {
  const d = EVENT_DETAIL[e.name];
  return {
    label: '`TCP_OFFLOAD_EVENT_TYPE` (EventType of `NdisTcpOffloadEventHandler`)',
    value: e.value,
    meaning: e.summary,
    when: d ? `${d.when}\n\n${d.info}` : undefined,
    next: d?.next,
    rules: [
      'offload-event/event-type',
      'offload-event/handle',
      ...(e.name === 'TcpIndicateRetrieve' ? ['offload-event/retrieve-reason'] : []),
      'protocol/indication-in-initiate-window',
      'chimney/deprecated',
    ],
  };
}

// ---------------------------------------------------------------------------
// TCP_UPLOAD_REASON (facts 3.4, 3.6).

const REASON_NOTES: Record<string, string[]> = {
  NoBufferPreposting: ['`NoBufferProposting` is the same value under the older spelling that the documentation uses.'],
  NoBufferProposting: ['The header keeps this spelling for compatibility; `NoBufferPreposting` is the corrected name for the same value.'],
  ReceivedUrgentData: ['The target must not acknowledge the urgent data: the host stack handles it after the upload.'],
  HighOutOfOrderPackets: ['The documentation writes it `HighOutofOrderPackets`; the header spells it `HighOutOfOrderPackets`.'],
  InvalidState: [
    'Typical after `MiniportInvalidateOffload`: the target stops sending on the connections that depend on the invalidated object and retrieves each of them (or keeps processing until the host terminates them). It must not free the invalidated object before the termination.',
  ],
  UploadRequested: ['Also the reason to give when the target runs out of a resource it needs for the connection, such as a failed scatter-gather list allocation.'],
  HardwareFailure: [
    'When corruption is found during a terminate: complete that terminate with `NDIS_STATUS_FAILURE`, retrieve with `HardwareFailure`, indicate an abort, complete outstanding requests with `NDIS_STATUS_REQUEST_ABORTED` on the next terminate, then complete it.',
  ],
};

function reasonExplanation(r: EnumInfo): Explanation {
  const mandatory = r.upload === 'mandatory';
  return {
    label: `\`TCP_UPLOAD_REASON\` · ${mandatory ? '**mandatory** upload' : '**optional** upload'}`,
    value: r.value,
    meaning: r.summary,
    when: 'As `EventSpecificInformation` of `NdisTcpOffloadEventHandler` with `TcpIndicateRetrieve`, for one TCP connection.',
    next: mandatory
      ? 'Mandatory: the host stack always terminates the offload of the connection, so the target stops processing it and waits for `MiniportTerminateOffload`.'
      : 'Optional: the host stack may or may not terminate the offload; the target must be able to keep processing the connection if it stays offloaded.',
    notes: REASON_NOTES[r.name],
    rules: ['offload-event/retrieve-reason'],
  };
}

function maxReasonExplanation(): Explanation {
  return {
    label: '`TCP_UPLOAD_REASON` bound (not a reason)',
    value: MAX_UPLOAD_REASON.value,
    meaning: 'One past the last upload reason: the enumeration ends here. It is not a reason.',
    when: 'Never as `EventSpecificInformation` of `TcpIndicateRetrieve`: only 1 to 11 are valid. Useful only for range checks.',
    rules: ['offload-event/retrieve-reason'],
  };
}

// ---------------------------------------------------------------------------
// The two calls (facts 1.1, 1.2, 3.1, 3.2).

const CALLS: Record<string, Explanation> = {
  NdisMIndicateStatusEx: {
    label: 'NDIS function · `VOID NdisMIndicateStatusEx(NDIS_HANDLE MiniportAdapterHandle, PNDIS_STATUS_INDICATION StatusIndication)`',
    meaning:
      'A miniport reports a status change to the drivers above it. For chimney offload it carries `NDIS_STATUS_OFFLOAD_PAUSE`, `NDIS_STATUS_UPLOAD_ALL` and `NDIS_STATUS_OFFLOAD_RESUME`.',
    when: [
      'The first argument is the `MiniportAdapterHandle` NDIS gave `MiniportInitializeEx`, and `SourceHandle` in the structure names the same adapter.',
      'The structure: `Header` = `NDIS_OBJECT_TYPE_STATUS_INDICATION` / `NDIS_STATUS_INDICATION_REVISION_1` / `NDIS_SIZEOF_STATUS_INDICATION_REVISION_1`; `PortNumber` 0 unless the status concerns a port; `Flags` 0; `DestinationHandle` and `RequestId` both NULL unless answering an OID completed with `NDIS_STATUS_INDICATION_REQUIRED`; `StatusBuffer` and `StatusBufferSize` as the status code requires.',
      'Allowed once the registration attributes are set (possibly still inside `MiniportInitializeEx`) and never after `MiniportHaltEx` has returned; at IRQL <= DISPATCH_LEVEL. Avoid it while an initiate offload is in progress, and make sure such calls have returned before `NdisMTerminateOffloadComplete`.',
    ].join('\n\n'),
    next: 'NDIS calls `ProtocolStatusEx` of every bound protocol (or only the destination driver); filters see the indication in `FilterStatus`. For the chimney codes, hover the code for what the host stack does.',
    rules: [
      ...INDICATION_CALL_RULES,
      'protocol/pause-without-resume',
      'protocol/pause-never-resumed',
      'protocol/resume-without-pause',
      'protocol/resume-before-upload-drain',
      'protocol/indication-in-initiate-window',
      'chimney/deprecated',
    ],
  },
  NdisTcpOffloadEventHandler: {
    label: 'NDIS entry point · `VOID (*NDIS_TCP_OFFLOAD_EVENT_INDICATE)(NDIS_HANDLE NdisOffloadHandle, ULONG EventType, ULONG EventSpecificInformation)`',
    meaning:
      'An offload target reports an event on one offloaded TCP connection: a graceful disconnect, an abort, a request to take the connection back, or a new preferred send backlog.',
    when: [
      'Called through the pointer in `NDIS_TCP_OFFLOAD_EVENT_HANDLERS`, which the target obtains in `MiniportInitializeEx` with `NdisMGetOffloadHandlers(..., NdisTcpChimneyOffload, ...)` and uses only if that call succeeded.',
      "`NdisOffloadHandle` is the connection's handle from its offload block list, stored in the target's connection context: not the adapter handle, not the adapter context, not `MiniportOffloadContext`. `EventType` is a `TCP_OFFLOAD_EVENT_TYPE` (1 to 4); with `TcpIndicateRetrieve`, `EventSpecificInformation` is a `TCP_UPLOAD_REASON` (1 to 11).",
      'Documented at DISPATCH_LEVEL. Avoid it while an initiate offload is in progress, and make sure such calls have returned before `NdisMTerminateOffloadComplete`.',
    ].join('\n\n'),
    next: 'Depends on the event type: hover `TcpIndicateRetrieve`, `TcpIndicateAbort`, `TcpIndicateDisconnect` or `TcpIndicateSendBacklogChange`.',
    rules: [...EVENT_CALL_RULES, 'protocol/indication-in-initiate-window', 'chimney/deprecated'],
  },
};

// ---------------------------------------------------------------------------
// Rule ids: the explanation lives in each rule's own file.

function ruleMarkdown(rule: RuleMeta): string {
  const text = RULE_MODULE_BY_ID.get(rule.id)?.explain;
  const strength =
    rule.strength === 'MUST' ? 'the documentation requires it' : rule.strength === 'SHOULD' ? 'the documentation recommends it' : 'a heuristic drawn from the documentation';
  const parts = [
    `**\`${rule.id}\`** · NDIS Offload rule · default severity *${rule.severity}* · ${rule.strength} (${strength})`,
    `**${rule.title}**`,
  ];
  if (text) {
    parts.push(text.checks, `**How to satisfy it.** ${text.fix}`);
    if (text.symbols.length) parts.push(`**Concerns:** ${text.symbols.map((s) => `\`${s}\``).join(', ')}`);
  }
  parts.push(`Rule page: \`${ruleDocPath(rule.id)}\` · traced to \`${rule.source}\``);
  if (rule.deprecatedTag) parts.push('_Shown with the deprecated (strike-through) tag._');
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------
// Rendering.

/** `0x4002000B` for status codes (8 digits), `0x3` for enumerators. */
export function hex(value: number, digits = 1): string {
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(digits, '0')}`;
}

function render(name: string, e: Explanation, valueDigits: number): string {
  const head = [`**\`${name}\`**`, e.label];
  if (e.value !== undefined) {
    head.push(valueDigits === 8 ? `value \`${hex(e.value, 8)}\`` : `value \`${hex(e.value)}\` (${e.value})`);
  }
  const parts = [head.join(' · '), e.meaning];
  if (e.when) parts.push(`**When a target may use it.** ${e.when}`);
  if (e.next) parts.push(`**What the host stack does next.** ${e.next}`);
  for (const n of e.notes ?? []) parts.push(n);
  const rules = e.rules.filter((id) => RULE_BY_ID.has(id));
  if (rules.length) {
    parts.push(['**Related rules**', ...rules.map((id) => `- \`${id}\`: ${RULE_BY_ID.get(id)!.title}`)].join('\n'));
  }
  return parts.join('\n\n');
}

/**
 * Markdown for a hover on `word`, or undefined when the word is not one of ours:
 * an NDIS status code, a TCP_OFFLOAD_EVENT_TYPE or TCP_UPLOAD_REASON value, one of the
 * two offload calls, or a rule id such as `protocol/resume-before-upload-drain`.
 */
export function hoverMarkdown(word: string): string | undefined {
  const rule = RULE_BY_ID.get(word);
  if (rule) return ruleMarkdown(rule);
  const status = STATUS_BY_NAME.get(word);
  if (status) return render(word, statusExplanation(status), 8);
  const event = EVENT_TYPE_BY_NAME.get(word);
  if (event) return render(word, eventExplanation(event), 1);
  const reason = UPLOAD_REASON_BY_NAME.get(word);
  if (reason) return render(word, reasonExplanation(reason), 1);
  if (word === MAX_UPLOAD_REASON.name) return render(word, maxReasonExplanation(), 1);
  const call = Object.prototype.hasOwnProperty.call(CALLS, word) ? CALLS[word] : undefined;
  if (call) return render(word, call, 1);
  return undefined;
}

/** Every word hoverMarkdown answers, for tests and for a client-side word filter. */
export function hoverWords(): string[] {
  return [
    ...RULE_BY_ID.keys(),
    ...STATUS_BY_NAME.keys(),
    ...EVENT_TYPE_BY_NAME.keys(),
    ...UPLOAD_REASON_BY_NAME.keys(),
    MAX_UPLOAD_REASON.name,
    ...Object.keys(CALLS),
  ];
}

/** Rule ids a hover lists as related (for tests: each must exist in the registry). */
export function relatedRuleIds(word: string): string[] {
  const status = STATUS_BY_NAME.get(word);
  if (status) return statusExplanation(status).rules;
  const event = EVENT_TYPE_BY_NAME.get(word);
  if (event) return eventExplanation(event).rules;
  const reason = UPLOAD_REASON_BY_NAME.get(word);
  if (reason) return reasonExplanation(reason).rules;
  if (word === MAX_UPLOAD_REASON.name) return maxReasonExplanation().rules;
  if (Object.prototype.hasOwnProperty.call(CALLS, word)) return CALLS[word].rules;
  return [];
}

/** Rule ids that have our own explanation (for tests: must equal the registry). */
export const EXPLAINED_RULE_IDS: readonly string[] = [...RULE_MODULE_BY_ID].filter(([, r]) => r.explain.checks && r.explain.fix).map(([id]) => id);
