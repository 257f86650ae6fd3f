// Names and values from ndis.h, ntddndis.h and ndischimney.h as recorded in
// ndis-chimney-facts.md sections 1.3, 2, 3.3-3.5 and 5. Descriptions are ours.
import { HEADER_STATUS_NAMES } from './headerStatusNames';
import { CONSTANT_VALUES } from './headerValues';

export type StatusKind =
  /** A chimney status indication an offload target makes with NdisMIndicateStatusEx. */
  | 'chimney-indication'
  /** Another documented status indication code (not chimney). */
  | 'indication'
  /** A completion or request status: never a valid StatusCode of an indication. */
  | 'completion';

export interface StatusInfo {
  name: string;
  value: number;
  kind: StatusKind;
  /** Our own one-line summary. */
  summary: string;
  /** What the status buffer must hold for an indication; undefined when not checked. */
  buffer?: 'none' | 'none-or-connection-offload' | 'connection-offload' | 'ndis-offload';
  /** The step of the pause / upload-all / resume protocol this indication is (a protocol event kind). */
  protocolEvent?: 'pause' | 'uploadAll' | 'resume';
}

const PROTOCOL_EVENT: Readonly<Record<string, StatusInfo['protocolEvent']>> = {
  NDIS_STATUS_OFFLOAD_PAUSE: 'pause',
  NDIS_STATUS_UPLOAD_ALL: 'uploadAll',
  NDIS_STATUS_OFFLOAD_RESUME: 'resume',
};

const S = (name: string, value: number, kind: StatusKind, summary: string, buffer?: StatusInfo['buffer']): StatusInfo => ({
  name, value, kind, summary, buffer, ...(PROTOCOL_EVENT[name] ? { protocolEvent: PROTOCOL_EVENT[name] } : {}),
});

export const STATUS_CODES: readonly StatusInfo[] = [
  S('NDIS_STATUS_OFFLOAD_PAUSE', 0x40020001, 'chimney-indication', 'Asks the host stack to stop offloading new state objects to the target.', 'none'),
  S('NDIS_STATUS_UPLOAD_ALL', 0x40020002, 'chimney-indication', 'Asks the host stack to terminate the offload of every TCP connection on the target.', 'none'),
  S('NDIS_STATUS_OFFLOAD_RESUME', 0x40020003, 'chimney-indication', 'Asks the host stack to resume offloading; it then re-queries OID_TCP_TASK_OFFLOAD.', 'none-or-connection-offload'),
  S('NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS', 0x40020004, 'completion', 'A block-list status for initiate offload: this object offloaded, a dependent did not.'),
  S('NDIS_STATUS_OFFLOAD_STATE_INVALID', 0x40020005, 'completion', 'A block-list status, not a status indication.'),
  S('NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG', 0x40020006, 'indication', 'Reports a changed current task-offload configuration in an NDIS_OFFLOAD.', 'ndis-offload'),
  S('NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES', 0x40020007, 'indication', 'Reports changed task-offload hardware capabilities in an NDIS_OFFLOAD.', 'ndis-offload'),
  S('NDIS_STATUS_OFFLOAD_ENCASPULATION_CHANGE', 0x40020008, 'indication', 'Reports an encapsulation change (the header spells it ENCASPULATION).'),
  S('NDIS_STATUS_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES', 0x4002000b, 'indication', 'A MUX reports changed connection-offload hardware capabilities in an NDIS_TCP_CONNECTION_OFFLOAD.', 'connection-offload'),
  S('NDIS_STATUS_HD_SPLIT_CURRENT_CONFIG', 0x4002000c, 'indication', 'Reports a changed header-data split configuration.'),
  S('NDIS_STATUS_RECEIVE_QUEUE_STATE', 0x4002000d, 'indication', 'Reports a receive queue state change.'),
  S('NDIS_STATUS_OFFLOAD_IM_RESERVED1', 0x40020100, 'indication', 'Reserved for intermediate drivers.'),
  S('NDIS_STATUS_OFFLOAD_IM_RESERVED2', 0x40020101, 'indication', 'Reserved for intermediate drivers.'),
  S('NDIS_STATUS_OFFLOAD_IM_RESERVED3', 0x40020102, 'indication', 'Reserved for intermediate drivers.'),
  // Common non-chimney indications (informational NTSTATUS values, 0x4xxxxxxx).
  S('NDIS_STATUS_MEDIA_CONNECT', 0x4001000b, 'indication', 'The media became connected (NDIS 5 style; NDIS 6 uses NDIS_STATUS_LINK_STATE).'),
  S('NDIS_STATUS_MEDIA_DISCONNECT', 0x4001000c, 'indication', 'The media became disconnected (NDIS 5 style).'),
  S('NDIS_STATUS_MEDIA_SPECIFIC_INDICATION', 0x40010012, 'indication', 'A media-specific indication.'),
  S('NDIS_STATUS_LINK_STATE', 0x40010017, 'indication', 'Reports the link state in an NDIS_LINK_STATE.'),
  S('NDIS_STATUS_NETWORK_CHANGE', 0x40010018, 'indication', 'Reports a network change.'),
  S('NDIS_STATUS_PORT_STATE', 0x40010022, 'indication', 'Reports a port state change.'),
  // Completion statuses: results of requests, never indication codes.
  S('NDIS_STATUS_SUCCESS', 0x00000000, 'completion', 'The request succeeded.'),
  S('NDIS_STATUS_PENDING', 0x00000103, 'completion', 'The request will complete asynchronously.'),
  S('NDIS_STATUS_NOT_ACCEPTED', 0x00010003, 'completion', 'The request was not accepted.'),
  S('NDIS_STATUS_INDICATION_REQUIRED', 0x40230001, 'completion', 'An OID completion status meaning the result follows as a status indication.'),
  S('NDIS_STATUS_FAILURE', 0xc0000001, 'completion', 'The request failed.'),
  S('NDIS_STATUS_RESOURCES', 0xc000009a, 'completion', 'The request failed for lack of resources.'),
  S('NDIS_STATUS_NOT_SUPPORTED', 0xc00000bb, 'completion', 'The request is not supported.'),
  S('NDIS_STATUS_INVALID_PARAMETER', 0xc000000d, 'completion', 'A parameter was invalid.'),
  S('NDIS_STATUS_BAD_VERSION', 0xc0010004, 'completion', 'The object header revision is not supported.'),
  S('NDIS_STATUS_REQUEST_ABORTED', 0xc001000c, 'completion', 'The request was aborted; an offload target completes sends with it after an RST.'),
  S('NDIS_STATUS_INVALID_LENGTH', 0xc0010014, 'completion', 'A buffer length was invalid.'),
  S('NDIS_STATUS_PAUSED', 0xc023002a, 'completion', 'The miniport or binding is paused (NDIS 6). An offload target must not complete offloaded sends with it during an upload.'),
  S('NDIS_STATUS_SEND_ABORTED', 0xc023000c, 'completion', 'A send was aborted (NDIS 6); not the same value as NDIS_STATUS_REQUEST_ABORTED.'),
  S('NDIS_STATUS_LOW_POWER_STATE', 0xc023002f, 'completion', 'The device is in a low-power state.'),
  S('NDIS_STATUS_INVALID_STATE', 0xc0000184, 'completion', 'The device is in an invalid state for the request.'),
  S('NDIS_STATUS_UPLOAD_IN_PROGRESS', 0xc0231001, 'completion', "The connection's offload is being terminated; the host stack requeues the data and sends it itself."),
  S('NDIS_STATUS_REQUEST_UPLOAD', 0xc0231002, 'completion', 'An intermediate driver asks for an upload on the first NBL of a send it cannot handle.'),
  S('NDIS_STATUS_UPLOAD_REQUESTED', 0xc0231003, 'completion', 'Completes the remaining NBLs after NDIS_STATUS_REQUEST_UPLOAD.'),
  S('NDIS_STATUS_OFFLOAD_TCP_ENTRIES', 0xc0231004, 'completion', 'Initiate offload failed: no more TCP entries.'),
  S('NDIS_STATUS_OFFLOAD_PATH_ENTRIES', 0xc0231005, 'completion', 'Initiate offload failed: no more path entries.'),
  S('NDIS_STATUS_OFFLOAD_NEIGHBOR_ENTRIES', 0xc0231006, 'completion', 'Initiate offload failed: no more neighbor entries.'),
  S('NDIS_STATUS_OFFLOAD_IP_ADDRESS_ENTRIES', 0xc0231007, 'completion', 'Initiate offload failed: no more IP address entries.'),
  S('NDIS_STATUS_OFFLOAD_HW_ADDRESS_ENTRIES', 0xc0231008, 'completion', 'Initiate offload failed: no more hardware address entries.'),
  S('NDIS_STATUS_OFFLOAD_VLAN_ENTRIES', 0xc0231009, 'completion', 'Initiate offload failed: no more VLAN entries.'),
  S('NDIS_STATUS_OFFLOAD_TCP_XMIT_BUFFER', 0xc023100a, 'completion', 'Initiate offload failed: no transmit buffer.'),
  S('NDIS_STATUS_OFFLOAD_TCP_RCV_BUFFER', 0xc023100b, 'completion', 'Initiate offload failed: no receive buffer.'),
  S('NDIS_STATUS_OFFLOAD_TCP_RCV_WINDOW', 0xc023100c, 'completion', 'Initiate offload failed: receive window unsupported.'),
  S('NDIS_STATUS_OFFLOAD_VLAN_MISMATCH', 0xc023100d, 'completion', 'Initiate offload failed: VLAN mismatch.'),
  S('NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED', 0xc023100e, 'completion', 'The host did not accept offloaded receive data.'),
  S('NDIS_STATUS_OFFLOAD_POLICY', 0xc023100f, 'completion', 'Initiate offload refused by policy.'),
  S('NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED', 0xc0231010, 'completion', 'The host accepted part of the offloaded receive data.'),
  S('NDIS_STATUS_OFFLOAD_REQUEST_RESET', 0xc0231011, 'completion', 'The offload request needs a reset.'),
  S('NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED', 0xc0231012, 'completion', 'Initiate offload rejected the connection (NDIS 6.20).'),
];

export const STATUS_BY_NAME: ReadonlyMap<string, StatusInfo> = new Map(STATUS_CODES.map((s) => [s.name, s]));
export const STATUS_BY_VALUE: ReadonlyMap<number, StatusInfo> = new Map(
  [...STATUS_CODES].reverse().map((s) => [s.value, s]),
);

/** The three chimney status indications, which is what makes a call "chimney". */
export const CHIMNEY_INDICATIONS = ['NDIS_STATUS_OFFLOAD_PAUSE', 'NDIS_STATUS_UPLOAD_ALL', 'NDIS_STATUS_OFFLOAD_RESUME'] as const;
export type ChimneyIndication = (typeof CHIMNEY_INDICATIONS)[number];

export interface EnumInfo {
  name: string;
  value: number;
  summary: string;
  /** For upload reasons: whether the host always uploads (mandatory) or may decline (optional). */
  upload?: 'mandatory' | 'optional';
}

export const EVENT_TYPES: readonly EnumInfo[] = [
  { name: 'TcpIndicateSendBacklogChange', value: 1, summary: 'Tells the host the optimal number of send bytes to keep posted; EventSpecificInformation carries that number.' },
  { name: 'TcpIndicateDisconnect', value: 2, summary: 'A FIN arrived and every byte before it was consumed: the receive half is closed.' },
  { name: 'TcpIndicateRetrieve', value: 3, summary: 'Asks the host to terminate the offload of this one TCP connection; EventSpecificInformation is a TCP_UPLOAD_REASON.' },
  { name: 'TcpIndicateAbort', value: 4, summary: 'An acceptable RST arrived: the host terminates the offload.' },
];

export const UPLOAD_REASONS: readonly EnumInfo[] = [
  { name: 'LowActivity', value: 1, upload: 'optional', summary: 'Too little send and receive activity on the connection.' },
  { name: 'HighDropRate', value: 2, upload: 'optional', summary: 'Too many transmit segments were dropped.' },
  { name: 'SmallIO', value: 3, upload: 'optional', summary: 'The posted receive buffers are too small.' },
  { name: 'NoBufferPreposting', value: 4, upload: 'optional', summary: 'No receive buffers are preposted.' },
  { name: 'NoBufferProposting', value: 4, upload: 'optional', summary: 'Legacy spelling of NoBufferPreposting, the one the documentation uses.' },
  { name: 'ReceivedUrgentData', value: 5, upload: 'mandatory', summary: 'A segment with the URG bit arrived; the target must not acknowledge the urgent data.' },
  { name: 'HighFragmentation', value: 6, upload: 'optional', summary: 'Too many fragments were received.' },
  { name: 'HighOutOfOrderPackets', value: 7, upload: 'optional', summary: 'Too many out-of-order segments were received.' },
  { name: 'TimeoutExpiration', value: 8, upload: 'mandatory', summary: 'A TCP timeout expired.' },
  { name: 'InvalidState', value: 9, upload: 'mandatory', summary: 'A send was attempted on a connection that depends on an invalidated state object.' },
  { name: 'UploadRequested', value: 10, upload: 'mandatory', summary: 'Any other reason, such as a resource allocation failure.' },
  { name: 'HardwareFailure', value: 11, upload: 'mandatory', summary: "The connection's hardware state is corrupt." },
];
export const MAX_UPLOAD_REASON = { name: 'MaxUploadReason', value: 12 } as const;

/** Other constants a driver may write in the fields we check. */
export const OTHER_CONSTANTS: ReadonlyMap<string, number> = new Map<string, number>([
  ['NDIS_OBJECT_TYPE_STATUS_INDICATION', 0x98],
  ['NDIS_STATUS_INDICATION_REVISION_1', 1],
  ['NDIS_SIZEOF_STATUS_INDICATION_REVISION_1', 0x70],
  ['NDIS_OBJECT_TYPE_DEFAULT', 0x80],
  ['NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES', 0xa0],
  ['NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1', 1],
  ['NDIS_TCP_CONNECTION_OFFLOAD_REVISION_2', 2],
  ['NdisTcpChimneyOffload', 1],
  ['MaxUploadReason', 12],
  ['NULL', 0],
  ['FALSE', 0],
  ['TRUE', 1],
  ['NDIS_DEFAULT_PORT_NUMBER', 0],
  ['NDIS_STATUS_INDICATION_FLAGS_MEDIA_CONNECT_TO_CONNECT', 0x1000],
  ['NDIS_STATUS_INDICATION_FLAGS_NDIS_RESERVED', 0xfff],
]);

export const EVENT_TYPE_BY_NAME = new Map(EVENT_TYPES.map((e) => [e.name, e]));
export const UPLOAD_REASON_BY_NAME = new Map(UPLOAD_REASONS.map((e) => [e.name, e]));

/** Every known name with its numeric value, for constant evaluation (this file's tables win over the headers'). */
export const KNOWN_VALUES: ReadonlyMap<string, number> = new Map<string, number>([
  ...Object.entries(HEADER_STATUS_NAMES).filter((e): e is [string, number] => e[1] !== undefined),
  ...Object.entries(CONSTANT_VALUES).flatMap(([k, v]) => (v.value !== undefined ? [[k, v.value] as [string, number]] : [])),
  ...STATUS_CODES.map((s) => [s.name, s.value] as [string, number]),
  ...EVENT_TYPES.map((e) => [e.name, e.value] as [string, number]),
  ...UPLOAD_REASONS.map((e) => [e.name, e.value] as [string, number]),
  ...OTHER_CONSTANTS,
]);

/** NDIS_STATUS_INDICATION fields in declaration order, for positional initializers. */
export const STATUS_INDICATION_FIELDS = [
  'Header', 'SourceHandle', 'PortNumber', 'StatusCode', 'Flags', 'DestinationHandle',
  'RequestId', 'StatusBuffer', 'StatusBufferSize', 'Guid', 'NdisReserved',
] as const;
export const OBJECT_HEADER_FIELDS = ['Type', 'Revision', 'Size'] as const;
