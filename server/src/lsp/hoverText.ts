// Hover text for the offload symbols and our rule ids: pure data and one function,
// no LSP types. Names and values come from ../ndis/constants, rules and their
// explanations from ../rules (each rule's file); the prose is ours, written from ndis-chimney-facts.md and the
// archived WDK pages (sections cited per entry), never copied from them. Status codes are
// explained by statusHover.ts (the status catalogue and the chimney table).
//
// Only these symbols get a hover: general C hover is left to cpptools and clangd.
import { EVENT_TYPE_BY_NAME, MAX_UPLOAD_REASON, UPLOAD_REASON_BY_NAME, type EnumInfo } from '../ndis/constants';
import { RULE_BY_ID, RULE_MODULE_BY_ID, ruleDocPath, type RuleMeta } from '../rules/registry';
import { render, type Explanation } from './hoverRender';
import { statusExplanation, statusWords } from './statusHover';

export { hex } from './hoverRender';

// ---------------------------------------------------------------------------
// Rule groups used below.

const INDICATION_CALL_RULES = [
  'indication/header',
  'indication/source-handle',
  'indication/flags',
  'indication/destination-request',
  'indication/status-code',
  'indication/status-buffer',
  'indication/status-buffer-type',
  'indication/status-buffer-header',
  'indication/obsolete-status',
  'indication/irql',
  'indication/port-number',
  'indication/code-requirements',
];
const EVENT_CALL_RULES = ['offload-event/event-type', 'offload-event/retrieve-reason', 'offload-event/handle'];

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
      'A miniport reports a status change to the drivers above it: link state, port state, offload and receive-filter configuration, power management, mobile broadband and Wi-Fi events, and more (hover a status code for its buffer). For chimney offload it carries `NDIS_STATUS_OFFLOAD_PAUSE`, `NDIS_STATUS_UPLOAD_ALL` and `NDIS_STATUS_OFFLOAD_RESUME`.',
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
  NdisFIndicateStatus: {
    label: 'NDIS function · `VOID NdisFIndicateStatus(NDIS_HANDLE NdisFilterHandle, PNDIS_STATUS_INDICATION StatusIndication)`',
    meaning:
      'A filter driver passes a status indication on to the drivers above it, or makes one of its own. It takes the same `NDIS_STATUS_INDICATION` as `NdisMIndicateStatusEx`, and the analyzer checks it with the same rules.',
    when: [
      'In `FilterStatus`, a filter passes on (possibly after changing it) the indication NDIS gave it; that one keeps its `SourceHandle`.',
      'An indication the filter makes itself sets `SourceHandle` to the `NdisFilterHandle` NDIS gave `FilterAttach`, which is also the first argument, and fills the rest as the status code requires. At IRQL <= DISPATCH_LEVEL.',
    ].join('\n\n'),
    next: 'NDIS calls the status handler of the next driver up: `FilterStatus` of the filter above, or `ProtocolStatusEx` of the bound protocols.',
    rules: INDICATION_CALL_RULES.filter((r) => r !== 'indication/status-buffer'),
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

/**
 * Markdown for a hover on `word`, or undefined when the word is not one of ours:
 * an NDIS status code, a TCP_OFFLOAD_EVENT_TYPE or TCP_UPLOAD_REASON value, one of the
 * two offload calls, or a rule id such as `protocol/resume-before-upload-drain`.
 */
export function hoverMarkdown(word: string): string | undefined {
  const rule = RULE_BY_ID.get(word);
  if (rule) return ruleMarkdown(rule);
  const status = statusExplanation(word);
  if (status) return render(word, status, 8);
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
    ...statusWords(),
    ...EVENT_TYPE_BY_NAME.keys(),
    ...UPLOAD_REASON_BY_NAME.keys(),
    MAX_UPLOAD_REASON.name,
    ...Object.keys(CALLS),
  ];
}

/** Rule ids a hover lists as related (for tests: each must exist in the registry). */
export function relatedRuleIds(word: string): string[] {
  const status = statusExplanation(word);
  if (status) return status.rules;
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
