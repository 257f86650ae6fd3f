// `ndis-offload-lint simulate SCENARIO.json`: runs a scenario headless and
// prints its trace. Exit 0 when the run keeps to the protocol, 1 when a
// violation occurs, 2 when the scenario cannot be read or is malformed.

import { readFile } from 'node:fs/promises';
import { formatScenarioError, parseScenario } from '../simulator/scenario';
import { Simulation } from '../simulator/simulation';
import { batched, traceJsonPieces, traceMermaidPieces, traceTextPieces } from '../simulator/trace';
import type { OptionalRetrievePolicy } from '../shared/simulatorTypes';

const USAGE = `usage: ndis-offload-lint simulate SCENARIO.offload-scenario.json [--format text|json|mermaid] [--seed N] [--optional-retrieve upload|decline|random]
  exit 0: the run keeps to the protocol; 1: a violation occurred; 2: the scenario cannot be read or is malformed`;

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
    } else if (a === '--format') {
      format = value() ?? '';
      if (!['text', 'json', 'mermaid'].includes(format)) return usage(err, `unknown format "${format}"`);
    } else if (a === '--seed') {
      const v = value();
      seed = v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN;
      if (!Number.isSafeInteger(seed) || seed > 0xffffffff) return usage(err, `--seed needs an integer from 0 to 4294967295`);
    } else if (a === '--optional-retrieve') {
      const v = value();
      if (v !== 'upload' && v !== 'decline' && v !== 'random') return usage(err, `--optional-retrieve needs upload, decline or random`);
      policy = v;
    } else if (a.startsWith('-')) {
      return usage(err, `unknown option ${a}`);
    } else if (file === undefined) {
      file = a;
    } else {
      return usage(err, `one scenario file at a time (got ${file} and ${a})`);
    }
  }
  if (file === undefined) return usage(err, 'missing the scenario file');

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    err(`${file}:1: (file): cannot read the scenario: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return 2;
  }
  const parsed = parseScenario(text, file);
  if (!parsed.ok) {
    for (const e of parsed.errors) err(formatScenarioError(e) + '\n');
    return 2;
  }
  const sc = parsed.scenario;
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
  for (const v of violations) err(v + '\n');
  if (format === 'text') out(violations.length ? `${violations.length} protocol violation(s)\n` : 'the run keeps to the protocol\n');
  return violations.length ? 1 : 0;
}

function usage(err: (s: string) => void, why: string): number {
  err(`${why}\n${USAGE}\n`);
  return 2;
}
