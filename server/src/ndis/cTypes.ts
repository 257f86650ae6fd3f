// Plain C and Windows type names drivers use, with their sizes in bytes, and
// the names that mean "raw bytes" or "anything" when a buffer points to them.
// Facts only; the analysis (../analysis/types.ts) decides what they mean for a buffer.

/** Scalar types by size. Enumerations from the NDIS headers count as 4-byte values. */
export const SCALAR_SIZE: ReadonlyMap<string, number> = new Map<string, number>([
  ...['BOOLEAN', 'UCHAR', 'CHAR', 'BYTE', 'UINT8', 'INT8', 'u1Byte', 's1Byte', 'char', 'uint8_t', 'int8_t', 'bool'].map((t) => [t, 1] as [string, number]),
  ...['USHORT', 'SHORT', 'WORD', 'UINT16', 'INT16', 'WCHAR', 'u2Byte', 's2Byte', 'short', 'uint16_t', 'int16_t', 'NDIS_PORT_NUMBER_SHORT'].map((t) => [t, 2] as [string, number]),
  ...['ULONG', 'LONG', 'DWORD', 'UINT', 'INT', 'UINT32', 'INT32', 'BOOL', 'NDIS_STATUS', 'NTSTATUS', 'NDIS_OID', 'NDIS_PORT_NUMBER', 'u4Byte', 's4Byte', 'int', 'long', 'unsigned', 'uint32_t', 'int32_t', 'float',
      'NDIS_NETWORK_CHANGE_TYPE', 'NDIS_MEDIA_CONNECT_STATE', 'NDIS_MEDIA_DUPLEX_STATE', 'NDIS_SUPPORTED_PAUSE_FUNCTIONS', 'NDIS_PORT_CONTROL_STATE', 'NDIS_PORT_AUTHORIZATION_STATE', 'NDIS_DEVICE_POWER_STATE'].map((t) => [t, 4] as [string, number]),
  ...['ULONG64', 'LONG64', 'ULONGLONG', 'LONGLONG', 'UINT64', 'INT64', 'DWORD64', 'QWORD', 'u8Byte', 's8Byte', 'uint64_t', 'int64_t', 'double', 'LARGE_INTEGER', 'ULARGE_INTEGER', 'NDIS_PHYSICAL_ADDRESS', 'PHYSICAL_ADDRESS'].map((t) => [t, 8] as [string, number]),
]);

/** What a pointer to these may hold is not said by its type: a byte buffer, or anything. */
export const OPAQUE_POINTEE: ReadonlySet<string> = new Set([
  'VOID', 'void', 'UCHAR', 'CHAR', 'BYTE', 'UINT8', 'INT8', 'u1Byte', 's1Byte', 'char', 'uint8_t', 'int8_t', 'PVOID', 'ULONG_PTR', 'SIZE_T', 'size_t',
]);

/** `PNAME` pointer aliases the headers declare for these that are not structures (`PUCHAR`, `PULONG`, ...). */
export function isKnownTypeName(name: string): boolean {
  return SCALAR_SIZE.has(name) || OPAQUE_POINTEE.has(name);
}
