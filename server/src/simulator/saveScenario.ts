// "Save trace as scenario": a run's script written as a *.offload-scenario.json
// text that parseScenario accepts, so a replay of the user's code (or a built-in)
// becomes a file to edit and run again, in the panel or with `simulate`.

import { SCENARIO_VERSION } from './scenario';
import type { Simulation } from './simulation';
import type { OptionalRetrievePolicy } from '../shared/simulatorTypes';

export function scenarioFromRun(name: string, description: string | undefined, seed: number, policy: OptionalRetrievePolicy, sim: Simulation): string {
  const caps = sim.options.capabilities && Object.keys(sim.options.capabilities).length ? sim.options.capabilities : undefined;
  const doc = {
    version: SCENARIO_VERSION,
    name,
    ...(description ? { description } : {}),
    seed,
    optionalRetrieve: policy,
    ...(caps ? { capabilities: caps } : {}),
    ...(sim.options.nic ? { nic: sim.options.nic } : {}),
    events: sim.script.map((x) => ({
      ...x.event,
      ...(x.source ? { comment: `${fileName(x.source.uri)} line ${x.source.line + 1}${x.count && x.count > 1 ? ` (x${x.count})` : ''}` } : {}),
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.split('/').pop() || uri);
}
