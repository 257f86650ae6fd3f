// What "New scenario file" writes: a small, valid scenario that shows the format
// (every kind is listed in the JSON schema, which VS Code uses for completion).
export const NEW_SCENARIO_TEMPLATE = `${JSON.stringify(
  {
    version: 1,
    name: 'My scenario',
    description: 'Offload one connection, pause, upload every connection, wait for the terminates, resume.',
    seed: 1,
    events: [
      { kind: 'offload', conn: 'c1' },
      { kind: 'initiateArrives', conn: 'c1' },
      { kind: 'completeInitiate', conn: 'c1' },
      { kind: 'pause', comment: 'NDIS_STATUS_OFFLOAD_PAUSE' },
      { kind: 'uploadAll', comment: 'NDIS_STATUS_UPLOAD_ALL' },
      { kind: 'drainTerminates' },
      { kind: 'resume', comment: 'NDIS_STATUS_OFFLOAD_RESUME' },
    ],
  },
  null,
  2,
)}\n`;
