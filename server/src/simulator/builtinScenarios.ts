// The scenarios that ship with the extension: the documented sequences (facts
// 5.5 and 6) and one per protocol misuse the analyzer flags.

import { UPLOAD_REASONS } from '../ndis/constants';
import type { ProtocolRuleId } from '../protocol/model';
import type { Scenario } from './scenario';
import type { SimEvent } from '../shared/simulatorTypes';

export interface BuiltinScenario extends Scenario {
  /** The rule a misuse scenario demonstrates; undefined for a documented sequence. */
  demonstrates?: ProtocolRuleId;
}

const ev = (events: SimEvent[]): Scenario['events'] => events.map((event) => ({ event }));

/** Two connections over one path and one neighbor, offloaded and idle. */
const SETUP: SimEvent[] = [
  { kind: 'offload', conn: 'c1' },
  { kind: 'initiateArrives', conn: 'c1' },
  { kind: 'completeInitiate', conn: 'c1' },
  { kind: 'offload', conn: 'c2' },
  { kind: 'initiateArrives', conn: 'c2' },
  { kind: 'completeInitiate', conn: 'c2' },
];

const documented: BuiltinScenario[] = [
  {
    id: 'builtin:failover-802.3ad',
    name: '802.3ad failover',
    description: 'Pause, upload every connection, wait for the terminates (connections, then the path, then the neighbor), fail over to the second NIC, resume and offload again.',
    events: ev([
      ...SETUP,
      { kind: 'send', conn: 'c1' },
      { kind: 'pause' },
      { kind: 'uploadAll' },
      { kind: 'completeSend', conn: 'c1', status: 'NDIS_STATUS_UPLOAD_IN_PROGRESS' },
      { kind: 'completeTerminate', conn: 'c1' },
      { kind: 'completeTerminate', conn: 'path1' },
      { kind: 'completeTerminate', conn: 'nbr1' },
      { kind: 'failover', nic: 'nic1' },
      { kind: 'resume' },
      { kind: 'offload', conn: 'c3' },
      { kind: 'initiateArrives', conn: 'c3' },
      { kind: 'completeInitiate', conn: 'c3' },
    ]),
  },
  {
    id: 'builtin:capability-change',
    name: 'Capability change',
    description: 'Report new connection-offload capabilities the documented way: pause, upload-all, drain, reconfigure, resume; the host re-queries and adopts them.',
    events: ev([
      ...SETUP,
      { kind: 'pause' },
      { kind: 'uploadAll' },
      { kind: 'drainTerminates' },
      { kind: 'capabilityChange', capabilities: { SupportIPv6: 1, TcpConnectionOffloadCapacity: 8 } },
      { kind: 'resume' },
      { kind: 'offload', conn: 'c3' },
    ]),
  },
  {
    id: 'builtin:pause-with-initiate-in-flight',
    name: 'Pause with an initiate in flight',
    description: 'An initiate the host sent before the pause still arrives; the target queues it and completes it later.',
    events: ev([
      { kind: 'offload', conn: 'c1' },
      { kind: 'pause' },
      { kind: 'offload', conn: 'c2' },
      { kind: 'initiateArrives', conn: 'c1' },
      { kind: 'completeInitiate', conn: 'c1' },
      { kind: 'resume' },
      { kind: 'offload', conn: 'c2' },
    ]),
  },
];

// One scenario per distinct TCP_UPLOAD_REASON value (NoBufferProposting is a legacy alias).
const retrieves: BuiltinScenario[] = UPLOAD_REASONS.filter((r, i) => UPLOAD_REASONS.findIndex((x) => x.value === r.value) === i).map((r) => ({
  id: `builtin:retrieve-${r.name}`,
  name: `Retrieve: ${r.name} (${r.upload})`,
  description:
    r.upload === 'mandatory'
      ? `The target asks for the upload of c1 with ${r.name}; the reason is mandatory, so the host always terminates the connection.`
      : `The target asks for the upload of c1 with ${r.name}; the reason is optional, so the host follows the optional-retrieve policy (upload, decline or random).`,
  events: ev([
    ...SETUP,
    { kind: 'send', conn: 'c1' },
    { kind: 'retrieve', conn: 'c1', reason: r.name },
    { kind: 'completeSend', conn: 'c1', status: 'NDIS_STATUS_UPLOAD_IN_PROGRESS' },
    { kind: 'drainTerminates' },
  ]),
}));

const misuse: BuiltinScenario[] = [
  {
    id: 'builtin:misuse-resume-before-drain',
    name: 'Misuse: resume before the upload-all drained',
    demonstrates: 'protocol/resume-before-upload-drain',
    events: ev([...SETUP, { kind: 'pause' }, { kind: 'uploadAll' }, { kind: 'resume' }, { kind: 'drainTerminates' }]),
  },
  {
    id: 'builtin:misuse-resume-without-pause',
    name: 'Misuse: resume without a pause',
    demonstrates: 'protocol/resume-without-pause',
    events: ev([...SETUP, { kind: 'resume' }]),
  },
  {
    id: 'builtin:misuse-capability-change-outside-pause',
    name: 'Misuse: capability change while offloading',
    demonstrates: 'protocol/capability-change-outside-pause',
    events: ev([...SETUP, { kind: 'capabilityChange', capabilities: { TcpConnectionOffloadCapacity: 1 } }]),
  },
  {
    id: 'builtin:misuse-initiate-rejected-while-paused',
    name: 'Misuse: initiate failed because of the pause',
    demonstrates: 'protocol/initiate-rejected-while-paused',
    events: ev([
      { kind: 'offload', conn: 'c1' },
      { kind: 'pause' },
      { kind: 'initiateArrives', conn: 'c1', reject: true },
      { kind: 'resume' },
    ]),
  },
  {
    id: 'builtin:misuse-send-completed-paused',
    name: 'Misuse: send completed with NDIS_STATUS_PAUSED',
    demonstrates: 'protocol/send-completed-paused',
    events: ev([
      ...SETUP,
      { kind: 'send', conn: 'c1' },
      { kind: 'pause' },
      { kind: 'uploadAll' },
      { kind: 'completeSend', conn: 'c1', status: 'NDIS_STATUS_PAUSED' },
      { kind: 'drainTerminates' },
      { kind: 'resume' },
    ]),
  },
  {
    id: 'builtin:misuse-pause-without-resume',
    name: 'Misuse: pause without a resume',
    demonstrates: 'protocol/pause-without-resume',
    events: ev([...SETUP, { kind: 'pause' }, { kind: 'end' }]),
  },
];

for (const m of misuse) m.description ??= `Shows ${m.demonstrates}: the step that breaks the protocol is marked with that rule id.`;

export const BUILTIN_SCENARIOS: readonly BuiltinScenario[] = [...documented, ...retrieves, ...misuse];
export const DEFAULT_SCENARIO_ID = 'builtin:failover-802.3ad';

export function builtinScenario(id: string): BuiltinScenario | undefined {
  return BUILTIN_SCENARIOS.find((s) => s.id === id);
}
