// The single source of truth for rules: ids, titles, default severities, the
// documented page each traces to. The README table, docs/rules/, the settings
// schema in package.json and SARIF rule metadata are all generated or checked from here.

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface RuleMeta {
  /** Stable id: never rename, users write it in settings and suppressions. */
  id: string;
  title: string;
  severity: Severity;
  /** How strong the documentation is: MUST, SHOULD or a heuristic drawn from it. */
  strength: 'MUST' | 'SHOULD' | 'HEUR';
  /** The documented page (under shared/reference) the rule traces to. */
  source: string;
  /** Rendered with the deprecated tag (strike-through) in the editor. */
  deprecatedTag?: boolean;
}

export const RULES: readonly RuleMeta[] = [
  // Call-site rules for NdisMIndicateStatusEx.
  { id: 'indication/header', title: 'Status indication header must identify an NDIS_STATUS_INDICATION revision 1', severity: 'error', strength: 'MUST', source: 'wdk-ddi/ns-ndis-_ndis_status_indication.md' },
  { id: 'indication/source-handle', title: 'SourceHandle must be the handle passed to NdisMIndicateStatusEx', severity: 'warning', strength: 'SHOULD', source: 'wdk-ddi/ns-ndis-_ndis_status_indication.md' },
  { id: 'indication/flags', title: 'Flags must be 0 in a miniport status indication', severity: 'error', strength: 'MUST', source: 'wdk-ddi/ns-ndis-_ndis_status_indication.md' },
  { id: 'indication/destination-request', title: 'DestinationHandle and RequestId are set together or not at all', severity: 'error', strength: 'MUST', source: 'wdk-ddi/ns-ndis-_ndis_status_indication.md' },
  { id: 'indication/status-buffer', title: 'StatusBuffer and StatusBufferSize must fit the status code', severity: 'warning', strength: 'HEUR', source: 'wdk-docs-archived/ndis-status-offload-pause.md' },
  { id: 'indication/status-code', title: 'StatusCode must be a status indication code', severity: 'error', strength: 'MUST', source: 'wdk-ddi/ns-ndis-_ndis_status_indication.md' },
  // Call-site rules for NdisTcpOffloadEventHandler.
  { id: 'offload-event/event-type', title: 'EventType must be a TCP_OFFLOAD_EVENT_TYPE value', severity: 'error', strength: 'MUST', source: 'wdk-ddi/nc-ndischimney-ndis_tcp_offload_event_indicate.md' },
  { id: 'offload-event/retrieve-reason', title: 'TcpIndicateRetrieve needs a TCP_UPLOAD_REASON from 1 to 11', severity: 'error', strength: 'MUST', source: 'wdk-ddi/nc-ndischimney-ndis_tcp_offload_event_indicate.md' },
  { id: 'offload-event/handle', title: "The first argument must be a TCP connection's NdisOffloadHandle", severity: 'error', strength: 'MUST', source: 'wdk-docs-archived/terminate-offload-requested-by-an-offload-target.md' },
  // The feature itself.
  { id: 'chimney/deprecated', title: 'TCP chimney offload is deprecated', severity: 'hint', strength: 'SHOULD', source: 'wdk-docs-archived/tcp-chimney-offload-status-indications.md', deprecatedTag: true },
  // Protocol rules across paths (pause / upload-all / resume).
  { id: 'protocol/pause-without-resume', title: 'A path from a pause reaches the exit without a resume', severity: 'warning', strength: 'HEUR', source: 'wdk-docs-archived/ndis-status-offload-resume.md' },
  { id: 'protocol/pause-never-resumed', title: 'Offloading is paused but never resumed anywhere in the driver', severity: 'warning', strength: 'HEUR', source: 'wdk-docs-archived/ndis-status-offload-resume.md' },
  { id: 'protocol/resume-without-pause', title: 'Resume without a pause or upload-all before it', severity: 'warning', strength: 'HEUR', source: 'wdk-docs-archived/ndis-status-offload-resume.md' },
  { id: 'protocol/resume-before-upload-drain', title: 'Resume before the terminates of an upload-all have completed', severity: 'error', strength: 'MUST', source: 'wdk-docs-archived/terminate-offload-requested-by-an-offload-target.md' },
  { id: 'protocol/capability-change-outside-pause', title: 'Connection-offload capabilities change outside pause / upload-all / resume', severity: 'error', strength: 'MUST', source: 'seeds/004_34fe84233115b8c9.txt' },
  { id: 'protocol/offload-attributes-outside-initialize', title: 'Offload attributes set outside MiniportInitializeEx', severity: 'error', strength: 'MUST', source: 'wdk-ddi/nf-ndis-ndismsetminiportattributes.md' },
  { id: 'protocol/initiate-rejected-while-paused', title: 'Initiate-offload requests after a pause must be queued, not failed', severity: 'error', strength: 'MUST', source: 'wdk-docs-archived/ndis-status-offload-pause.md' },
  { id: 'protocol/send-completed-paused', title: 'Offloaded sends complete with NDIS_STATUS_UPLOAD_IN_PROGRESS, not NDIS_STATUS_PAUSED', severity: 'error', strength: 'MUST', source: 'wdk-docs-archived/ndis-status-offload-pause.md' },
  { id: 'protocol/indication-in-initiate-window', title: 'No indication inside the initiate-offload window', severity: 'info', strength: 'SHOULD', source: 'wdk-docs-archived/processing-events-that-occur-during-an-offload.md' },
  // Housekeeping.
  { id: 'suppression/unused', title: 'A suppression comment that silences nothing', severity: 'hint', strength: 'HEUR', source: 'wdk-ddi/nf-ndis-ndismindicatestatusex.md' },
];

export const RULE_BY_ID: ReadonlyMap<string, RuleMeta> = new Map(RULES.map((r) => [r.id, r]));

/** The docs page of a rule, relative to the extension root. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id.replace('/', '-')}.md`;
}
