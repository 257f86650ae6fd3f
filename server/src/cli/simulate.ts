// `ndis-offload-lint simulate SCENARIO.json` or `simulate <built-in name>`: runs a
// scenario headless and prints its trace; `simulate --list` lists the built-ins.
// Exit 0 when the run keeps to the protocol, 1 when a violation occurs, 2 when the
// scenario cannot be read or is malformed.
// `out` receives text as printed; `err` one message per call, without its line end.

import { readFile } from 'node:fs/promises';
import { readErrorReason } from '../io/workspaceFiles';
import { formatScenarioError, parseScenario, type Scenario } from '../simulator/scenario';
import { BUILTIN_SCENARIOS } from '../simulator/builtinScenarios';
import { Simulation } from '../simulator/simulation';
import { batched, traceJsonPieces, traceMermaidPieces, traceTextPieces } from '../simulator/trace';
import type { OptionalRetrievePolicy } from '../shared/simulatorTypes';

/** The options of `simulate`, also listed by the top-level --help. */
export const SIMULATE_OPTIONS = `  --list                    the built-in scenarios, by name (simulate BUILT-IN runs one)
  --format FORMAT           text (default), json or mermaid (a sequence diagram)
  --seed N                  the seed of the run's choices, 0 to 4294967295 (default: the scenario's, else 1)
  --optional-retrieve POLICY  upload (default), decline or random: the target's answer to optional retrieves`;

const SHORT_USAGE = 'usage: ndis-offload-lint simulate SCENARIO.offload-scenario.json|BUILT-IN [options]   (--help lists them)';
const USAGE = `usage: ndis-offload-lint simulate SCENARIO.offload-scenario.json|BUILT-IN [options]
       ndis-offload-lint simulate --list
Runs a scenario (a file, or a built-in by name) through the simulator engine and prints its trace.

options:
${SIMULATE_OPTIONS}

exit codes: 0 the run keeps to the protocol; 1 a violation occurred; 2 the scenario cannot be read or is malformed`;

export async function runSimulateCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const args = argv[0] === 'simulate' ? argv.slice(1) : argv;
  let file: string | undefined;
  let format = 'text';
  let seed: number | undefined;
  let policy: OptionalRetrievePolicy | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string | undefined => args[++i];
    if (a === '--help' || a === '-h') {
      out(USAGE + '\n');
      return 0;
    } else if (a === '--list') {
      const width = Math.max(...BUILTIN_SCENARIOS.map((b) => shortName(b.id).length));
      for (const b of BUILTIN_SCENARIOS) out(`${shortName(b.id).padEnd(width)}  ${b.name}\n`);
      return 0;
    } else if (a === '--format') {
      format = value() ?? '';
      if (!['text', 'json', 'mermaid'].includes(format)) return usage(err, `unknown format '${format}' (one of text, json, mermaid)`);
    } else if (a === '--seed') {
      const v = value();
      seed = v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN;
      if (!Number.isSafeInteger(seed) || seed > 0xffffffff) return usage(err, `--seed needs an integer from 0 to 4294967295`);
    } else if (a === '--optional-retrieve') {
      const v = value();
      if (v !== 'upload' && v !== 'decline' && v !== 'random') return usage(err, `--optional-retrieve needs upload, decline or random`);
      policy = v;
    } else if (a.startsWith('-')) {
      return usage(err, `unknown option '${a}'`);
    } else if (file === undefined) {
      file = a;
    } else {
      return usage(err, `one scenario file at a time (got '${file}' and '${a}')`);
    }
  }
  if (file === undefined) return usage(err, 'no scenario file given');

  let sc: Scenario;
  const builtin = findBuiltin(file);
  if (builtin && !/\.json$/i.test(file)) {
    sc = builtin;
  } else {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      const hint = /\.json$/i.test(file) ? '' : ' (and it is not a built-in scenario: `simulate --list` names them)';
      err(`ndis-offload-lint: cannot read the scenario '${file}': ${readErrorReason(file, e)}${hint}`);
      return 2;
    }
    const parsed = parseScenario(text, file);
    if (!parsed.ok) {
      for (const e of parsed.errors) err(formatScenarioError(e));
      return 2;
    }
    sc = parsed.scenario;
  }
  const usedSeed = seed ?? sc.seed ?? 1;
  const sim = new Simulation(sc.events, {
    seed: usedSeed,
    policy: policy ?? sc.optionalRetrieve ?? 'upload',
    capabilities: sc.capabilities,
    nic: sc.nic,
  });
  sim.run();
  // Written piece by piece: a long trace never becomes one giant string.
  const pieces =
    format === 'json' ? traceJsonPieces(sc.name, usedSeed, sim.trace)
    : format === 'mermaid' ? traceMermaidPieces(sim.trace)
    : (function* () {
        yield `${sc.name} (seed ${usedSeed})\n`;
        yield* traceTextPieces(sim.trace);
      })();
  for (const chunk of batched(pieces)) out(chunk);
  const violations = sim.trace.flatMap((e) => e.violations.map((v) => `${file}: step ${e.index + 1} (${e.event.kind}): ${v.rule}: ${v.reason}`));
  for (const v of violations) err(v);
  if (format === 'text') out(violations.length ? `${violations.length} protocol violation(s)\n` : 'the run keeps to the protocol\n');
  return violations.length ? 1 : 0;
}

function usage(err: (s: string) => void, why: string): number {
  err(`ndis-offload-lint: simulate: ${why}`);
  err(SHORT_USAGE);
  return 2;
}

const shortName = (id: string): string => id.replace(/^builtin:/, '');

/** A built-in by its short name (`failover-802.3ad`), its id, or a prefix that names one scenario (`failover`). */
function findBuiltin(name: string): Scenario | undefined {
  const n = shortName(name);
  const exact = BUILTIN_SCENARIOS.find((b) => shortName(b.id) === n);
  if (exact) return exact;
  const prefixed = BUILTIN_SCENARIOS.filter((b) => shortName(b.id).startsWith(n));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}
