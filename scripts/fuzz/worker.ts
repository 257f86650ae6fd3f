// The fuzz harness's analysis process: runs one case at a time for the parent
// (scripts/fuzz/run.ts), which kills and replaces it when a case hangs. A case is
// a set of C files (analysed as the command line does, and through the editor's
// incremental path) or a scenario file (parsed, and simulated when it passes).
import { pathToFileURL } from 'node:url';
import { stepsCounted } from '../../server/src/analysis/budget';
import { createAnalyzer } from '../../server/src/rules/analyzeWithRules';
import { getParsers, initParser } from '../../server/src/parse/parser';
import { FileLanguages } from '../../server/src/analysis/languages';
import { withParsedText } from '../../server/src/parse/trees';
import { parseScenario } from '../../server/src/simulator/scenario';
import { Simulation } from '../../server/src/simulator/simulation';
import { findingProblems, sameFindings, scenarioProblems } from './validate';

export type WorkerCase =
  | { id: number; kind: 'c'; files: { uri: string; text: string }[]; original?: string }
  | { id: number; kind: 'scenario'; file: string; text: string }
  /** Times tree-sitter alone on each file (to tell a slow parse from a slow analysis). */
  | { id: number; kind: 'parse'; files: { uri: string; text: string }[] };

export interface WorkerResult {
  id: number;
  /** An exception escaped the analysis (a crash). */
  crash?: string;
  /** Invalid output. */
  problems: string[];
  findings: number;
  skipped: number;
  steps: number;
  /** Processor time the case took, and the longest of its analyses (a case runs up to three). */
  cpuMillis: number;
  slowestAnalysisMillis: number;
}

/** Scenarios longer than this are parsed but not run (the simulator's own limits are another matter). */
const MAX_SIMULATED_EVENTS = 300;

export async function runCase(c: WorkerCase): Promise<WorkerResult> {
  const before = stepsCounted();
  const cpu = process.cpuUsage();
  const result: WorkerResult = { id: c.id, problems: [], findings: 0, skipped: 0, steps: 0, cpuMillis: 0, slowestAnalysisMillis: 0 };
  try {
    if (c.kind === 'c') await runC(c, result);
    else if (c.kind === 'parse') await runParse(c, result);
    else runScenario(c, result);
  } catch (e) {
    result.crash = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  result.steps = stepsCounted() - before;
  const used = process.cpuUsage(cpu);
  result.cpuMillis = Math.round((used.user + used.system) / 1000);
  return result;
}

/**
 * Garbage left by earlier analyses past which it is collected before the next one is timed: otherwise a
 * full collection of a heap grown over many cases is charged to whichever analysis it falls in. (The
 * process runs with --expose-gc, as run.ts starts it; collecting before every analysis would cost more
 * than the cases themselves.)
 */
const COLLECT_ABOVE_BYTES = 192 * 1024 * 1024;

/** Runs `f`, keeping the longest processor time of one analysis in `result`. */
function timed<T>(result: WorkerResult, f: () => T): T {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc && process.memoryUsage().heapUsed > COLLECT_ABOVE_BYTES) gc();
  const cpu = process.cpuUsage();
  try {
    return f();
  } finally {
    const used = process.cpuUsage(cpu);
    result.slowestAnalysisMillis = Math.max(result.slowestAnalysisMillis, Math.round((used.user + used.system) / 1000));
  }
}

async function runC(c: Extract<WorkerCase, { kind: 'c' }>, result: WorkerResult): Promise<void> {
  const fresh = await createAnalyzer();
  const findings = timed(result, () => {
    for (const f of c.files) fresh.setFile(f.uri, f.text);
    return fresh.analyze();
  });
  const skipped = fresh.skipped();
  result.findings = [...findings.values()].reduce((n, l) => n + l.length, 0);
  result.skipped = skipped.length;
  result.problems.push(...findingProblems(c.files, findings, skipped));
  if (c.original === undefined) return;
  // The editor's path: the file was open with its original text and is edited into the mutated one.
  const editor = await createAnalyzer();
  const [first, ...rest] = c.files;
  for (const f of rest) editor.setFile(f.uri, f.text);
  try {
    timed(result, () => {
      editor.openFile(first.uri, c.original!);
      editor.analyze();
    });
    const incremental = timed(result, () => {
      editor.openFile(first.uri, first.text);
      // As the server does when typing pauses: a tree tree-sitter's error recovery built from the old
      // tree's pieces is made the one a parse from scratch gives.
      editor.settle();
      return editor.analyze();
    });
    const diff = sameFindings(findings, incremental);
    if (diff) result.problems.push(diff);
    result.problems.push(...findingProblems(c.files, incremental, editor.skipped()));
  } finally {
    editor.trees.dispose();
  }
}

async function runParse(c: Extract<WorkerCase, { kind: 'parse' }>, result: WorkerResult): Promise<void> {
  await initParser();
  const parsers = await getParsers();
  // Each file with the grammar the analyzer gives it (C++ by extension, a header by its includers).
  const langs = new FileLanguages();
  for (const f of c.files) langs.set(f.uri, f.text);
  for (const f of c.files) timed(result, () => withParsedText(f.text, () => undefined, parsers[langs.lang(f.uri)]));
}

function runScenario(c: Extract<WorkerCase, { kind: 'scenario' }>, result: WorkerResult): void {
  const r = timed(result, () => parseScenario(c.text, c.file));
  result.problems.push(...scenarioProblems(c.text, c.file, r));
  if (r.ok && result.problems.length === 0 && r.scenario.events.length <= MAX_SIMULATED_EVENTS) {
    const sc = r.scenario;
    const sim = new Simulation(sc.events, { seed: sc.seed, capabilities: sc.capabilities, nic: sc.nic, policy: sc.optionalRetrieve });
    timed(result, () => sim.run());
    result.findings = sim.violationCount();
  }
}

export const fileUri = (name: string): string => pathToFileURL(name).toString();

if (require.main === module && process.send) {
  process.on('message', (c: WorkerCase) => {
    void runCase(c).then((r) => process.send!(r));
  });
  process.send({ ready: true });
}
