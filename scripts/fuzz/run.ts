// The fuzz harness's engine: draws cases from a seeded generator (mutated C
// files, mutated scenario files, LSP message sequences), runs C and scenario
// cases in a worker process it replaces when a case hangs, and collects
// crashes, hangs and invalid outputs. Failing inputs are saved as regression
// fixtures. Used by scripts/fuzz/main.ts (npm run fuzz) and by a unit test.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Rng } from './random';
import { mutate } from './mutate';
import { builtinScenarioTexts, mutateScenario } from './scenarioMutate';
import { lspSequence, playLsp, type LspStep } from './lspFuzz';
import type { WorkerCase, WorkerResult } from './worker';
import { kindOfPath } from '../../server/src/parse/language';

export interface FuzzOptions {
  /** Number of cases. */
  count: number;
  seed: number;
  /** Folders of C files to mutate; none: the repository's own fixtures and examples. */
  folders: string[];
  /**
   * An analysis that takes more processor time is a hang: per file up to HANG_SCALE_CHARS characters,
   * in proportion beyond (a big file may take longer, not super-linearly longer). An LSP request gets
   * ten times as long on the clock.
   */
  hangMillis: number;
  /** Where failing inputs are written; undefined: not saved. */
  saveDir?: string;
  /** Share of scenario and LSP cases (the rest mutate C files). */
  scenarioShare: number;
  lspShare: number;
  /** The built server for LSP sequences. */
  serverJs: string;
  /** Mutated inputs stay below this many characters (default MAX_INPUT). */
  maxInput?: number;
  /** Stop drawing cases at this time (ms since the epoch); the report says how many ran. */
  deadline?: number;
  /** Run only this case (the others are drawn but not run): to reproduce one failure. */
  only?: number;
  log?: (line: string) => void;
}

export interface Failure {
  kind: 'crash' | 'hang' | 'invalid';
  caseIndex: number;
  input: 'c' | 'scenario' | 'lsp';
  mutations: string[];
  source: string;
  detail: string;
  saved?: string;
}

export interface FuzzReport {
  /** `cpp`: the C cases read as C++ (counted in `c` too). */
  cases: { c: number; cpp: number; scenario: number; lsp: number };
  failures: Failure[];
  /** Slowest C or scenario case in milliseconds of processor time, and the most analysis steps counted for one C case per input character. */
  slowestMillis: number;
  slowest: string;
  maxStepsPerChar: number;
  bytes: number;
  /** The deadline came before the last case (the counts are those of the cases run). */
  stoppedEarly: boolean;
  findings: number;
  skippedFunctions: number;
  millis: number;
}

export const REPO = path.resolve(__dirname, '../../..');

/** Share of the C cases read as C++. */
export const CPP_SHARE = 0.25;

/** A C file's path with a C++ extension (a C++ file's own path unchanged). */
function asCpp(file: string): string {
  return kindOfPath(file) === 'cpp' ? file : file.replace(/\.[^./\\]*$/, '') + '.cpp';
}

/** Input size up to which one analysis must finish within the hang limit. */
export const HANG_SCALE_CHARS = 500_000;

/** Source files under a folder (C, C++ and headers), in a stable order. */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'fuzz' && !e.name.startsWith('.') && e.name !== 'node_modules') stack.push(p);
      else if (e.isFile() && /\.(c|h|cpp|cc|hpp|cxx|inl)$/i.test(e.name)) out.push(p);
    }
  }
  return out.sort();
}

/** The worker process, restarted after a hang or a crash. */
class Worker {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private pending: ((r: WorkerResult | { exit: string }) => void) | undefined;
  private stderr = '';

  private start(): Promise<void> {
    this.stderr = '';
    const child = fork(path.join(__dirname, 'worker.js'), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: ['--max-old-space-size=3072', '--expose-gc'] });
    this.child = child;
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (s: string) => (this.stderr = (this.stderr + s).slice(-4000)));
    const ready = new Promise<void>((res) => {
      child.on('message', (m: WorkerResult | { ready: true }) => {
        if ('ready' in m) return res();
        const p = this.pending;
        this.pending = undefined;
        p?.(m);
      });
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const p = this.pending;
      this.pending = undefined;
      p?.({ exit: `the analysis process exited (code ${code}, signal ${signal})\n${this.stderr}` });
    });
    return ready;
  }

  /**
   * Runs one case. A hang is a case that used more than `hangMillis` of processor time (so a busy
   * machine does not make hangs of slow cases), or thirty times as long on the clock.
   */
  async run(c: WorkerCase, hangMillis: number): Promise<WorkerResult | { exit: string } | { hang: true }> {
    if (!this.child) this.ready = this.start();
    await this.ready;
    const child = this.child!;
    const cpu0 = cpuMillis(child.pid);
    const t0 = Date.now();
    return new Promise((res) => {
      const timer = setInterval(() => {
        const cpu = cpuMillis(child.pid);
        const used = cpu === undefined || cpu0 === undefined ? Date.now() - t0 : cpu - cpu0;
        if (used < hangMillis && Date.now() - t0 < 30 * hangMillis) return;
        clearInterval(timer);
        this.pending = undefined;
        this.stop();
        res({ hang: true });
      }, Math.min(250, hangMillis));
      this.pending = (r) => {
        clearInterval(timer);
        res(r);
      };
      child.send(c);
    });
  }

  stop(): void {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) child.kill('SIGKILL');
  }
}

/** Processor time a process has used (Linux /proc; undefined elsewhere). */
function cpuMillis(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // utime + stime, in clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const t0 = Date.now();
  const log = o.log ?? (() => undefined);
  const folders = o.folders.length ? o.folders : [path.join(REPO, 'test/fixtures/rules'), path.join(REPO, 'test/fixtures/workspace'), path.join(REPO, 'examples')];
  const files = folders.flatMap((f) => (fs.statSync(f).isDirectory() ? sourceFiles(f) : [f]));
  if (files.length === 0) throw new Error(`no C files under ${folders.join(', ')}`);
  const cppFiles = files.filter((f) => kindOfPath(f) === 'cpp');
  const texts = new Map<string, string>();
  const read = (f: string) => {
    let t = texts.get(f);
    if (t === undefined) {
      t = fs.readFileSync(f, 'utf8');
      if (texts.size > 2000) texts.clear();
      texts.set(f, t);
    }
    return t;
  };
  const scenarios = [...builtinScenarioTexts(), ...fs.readdirSync(path.join(REPO, 'test/fixtures/scenarios')).map((n) => fs.readFileSync(path.join(REPO, 'test/fixtures/scenarios', n), 'utf8'))];
  const rnd = new Rng(o.seed);
  const other = () => read(rnd.pick(files));
  const worker = new Worker();
  const report: FuzzReport = { cases: { c: 0, cpp: 0, scenario: 0, lsp: 0 }, failures: [], slowestMillis: 0, slowest: '', maxStepsPerChar: 0, bytes: 0, stoppedEarly: false, findings: 0, skippedFunctions: 0, millis: 0 };
  const lspFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'ndis-fuzz-lsp-'));
  for (const f of files.slice(0, 3)) fs.writeFileSync(path.join(lspFolder, path.basename(f)), read(f));
  const fail = (f: Failure, save: () => string | undefined) => {
    if (o.saveDir) f.saved = save();
    report.failures.push(f);
    log(`case ${f.caseIndex}: ${f.kind} (${f.input}, ${f.mutations.join('+')}, from ${f.source}): ${f.detail.split('\n')[0]}${f.saved ? ` [saved ${path.relative(REPO, f.saved)}]` : ''}`);
  };
  try {
    for (let i = 0; i < o.count; i++) {
      if (o.deadline !== undefined && Date.now() >= o.deadline) {
        report.stoppedEarly = true;
        break;
      }
      const roll = rnd.next();
      if (roll < o.lspShare) {
        report.cases.lsp++;
        const steps = lspSequence(rnd, other, lspFolder);
        if (o.only !== undefined && o.only !== i) continue;
        // The server's answers are timed on the clock (its processor time is not the question's), so generously.
        const out = await playLsp(o.serverJs, steps, o.hangMillis * 10);
        const detail = out.crash ?? out.hang ?? out.problems.join('\n');
        if (detail) fail({ kind: out.crash ? 'crash' : out.hang ? 'hang' : 'invalid', caseIndex: i, input: 'lsp', mutations: ['lsp-sequence'], source: 'generated', detail }, () => saveLsp(o, i, steps, detail));
        continue;
      }
      let c: Exclude<WorkerCase, { kind: 'parse' }>;
      let names: string[];
      let source: string;
      if (roll < o.lspShare + o.scenarioShare) {
        report.cases.scenario++;
        const base = rnd.pick(scenarios);
        const m = mutateScenario(base, rnd);
        names = m.names;
        source = 'scenario';
        c = { id: i, kind: 'scenario', file: `fuzz-${i}.offload-scenario.json`, text: m.text };
      } else {
        report.cases.c++;
        // A share of the cases are C++ (read with the C++ grammar, as the product reads .cpp files): a C++
        // fixture, or a C file named .cpp (drivers often compile C code as C++).
        const cpp = rnd.chance(CPP_SHARE);
        const file = cpp && cppFiles.length && rnd.chance(0.5) ? rnd.pick(cppFiles) : rnd.pick(files);
        const original = read(file);
        const m = mutate(original, rnd, other, o.maxInput);
        names = m.names;
        source = path.relative(REPO, file);
        const uri = pathToFileURL(cpp ? asCpp(file) : file).toString();
        if (kindOfPath(uri) === 'cpp') report.cases.cpp++;
        // Sometimes with the files beside it, as a workspace.
        const siblings = rnd.chance(0.3) ? files.filter((f) => f !== file && path.dirname(f) === path.dirname(file)).slice(0, 3) : [];
        c = { id: i, kind: 'c', files: [{ uri, text: m.text }, ...siblings.map((f) => ({ uri: pathToFileURL(f).toString(), text: read(f) }))], original: rnd.chance(0.5) ? original : undefined };
        report.bytes += m.text.length;
      }
      if (o.only !== undefined && o.only !== i) continue;
      const chars = c.kind === 'c' ? c.files.reduce((n, f) => n + f.text.length, 0) : c.text.length;
      const limit = Math.round(o.hangMillis * Math.max(1, chars / HANG_SCALE_CHARS));
      // Up to three analyses per case (fresh, and the editor's before and after the edit).
      const r = await worker.run(c, 3 * limit);
      if ('cpuMillis' in r) note(report, r.slowestAnalysisMillis, `case ${i} (${names.join('+')} on ${source}, ${chars} characters)`);
      const input = c.kind;
      const saveInput = () => saveCase(o, i, c, names, source);
      if ('hang' in r) fail({ kind: 'hang', caseIndex: i, input, mutations: names, source, detail: `no answer after ${3 * limit} ms of processor time${c.kind === 'c' ? await parseShare(worker, c, limit) : ''}` }, saveInput);
      else if ('cpuMillis' in r && r.slowestAnalysisMillis > limit) {
        fail({ kind: 'hang', caseIndex: i, input, mutations: names, source, detail: `one analysis took ${r.slowestAnalysisMillis} ms of processor time (limit ${limit} ms for ${chars} characters)${c.kind === 'c' ? await parseShare(worker, c, limit) : ''}` }, saveInput);
      }
      else if ('exit' in r) fail({ kind: 'crash', caseIndex: i, input, mutations: names, source, detail: r.exit }, saveInput);
      else {
        if (r.crash) {
          fail({ kind: 'crash', caseIndex: i, input, mutations: names, source, detail: r.crash }, saveInput);
          worker.stop(); // a crash may leave the parser's wasm module broken: the next case gets a fresh process
        }
        else if (r.problems.length) fail({ kind: 'invalid', caseIndex: i, input, mutations: names, source, detail: r.problems.join('\n') }, saveInput);
        report.findings += r.findings;
        report.skippedFunctions += r.skipped;
        if (c.kind === 'c') {
          const chars = c.files.reduce((n, f) => n + f.text.length, 0) * (c.original === undefined ? 1 : 3);
          report.maxStepsPerChar = Math.max(report.maxStepsPerChar, r.steps / Math.max(chars, 1000));
        }
      }
      if ((i + 1) % 500 === 0) log(`${i + 1} cases, ${report.failures.length} failures, slowest ${report.slowestMillis} ms`);
    }
  } finally {
    worker.stop();
    fs.rmSync(lspFolder, { recursive: true, force: true });
  }
  report.millis = Date.now() - t0;
  return report;
}

/** For a slow C case: how much of it is tree-sitter's own parse (its error recovery can be slow on broken text). */
async function parseShare(worker: Worker, c: Extract<WorkerCase, { kind: 'c' }>, limit: number): Promise<string> {
  const r = await worker.run({ id: c.id, kind: 'parse', files: c.files }, 10 * limit);
  if ('hang' in r) return `; tree-sitter alone takes more than ${10 * limit} ms to parse the file (a slow parse, not a slow analysis)`;
  if (!('cpuMillis' in r)) return '';
  return `; tree-sitter alone takes ${r.slowestAnalysisMillis} ms to parse the file${r.slowestAnalysisMillis > limit ? ' (a slow parse, not a slow analysis)' : ''}`;
}

function note(report: FuzzReport, millis: number, what: string): void {
  if (millis > report.slowestMillis) {
    report.slowestMillis = millis;
    report.slowest = what;
  }
}

function saveCase(o: FuzzOptions, i: number, c: Exclude<WorkerCase, { kind: 'parse' }>, mutations: string[], source: string): string {
  fs.mkdirSync(o.saveDir!, { recursive: true });
  const base = path.join(o.saveDir!, `seed${o.seed}-case${i}`);
  // A C++ case keeps its extension, so that the regression test reads it with the C++ grammar again.
  const file = c.kind === 'c' ? `${base}.${kindOfPath(c.files[0].uri) === 'cpp' ? 'cpp' : 'c'}` : `${base}.offload-scenario.json`;
  fs.writeFileSync(file, c.kind === 'c' ? c.files[0].text : c.text);
  fs.writeFileSync(`${base}.json`, JSON.stringify({ seed: o.seed, case: i, input: c.kind, mutations, source, original: c.kind === 'c' && c.original !== undefined }, null, 2) + '\n');
  return file;
}

function saveLsp(o: FuzzOptions, i: number, steps: LspStep[], detail: string): string {
  fs.mkdirSync(o.saveDir!, { recursive: true });
  const file = path.join(o.saveDir!, `seed${o.seed}-case${i}.lsp.json`);
  fs.writeFileSync(file, JSON.stringify({ seed: o.seed, case: i, detail: detail.slice(0, 2000), steps }, null, 1) + '\n');
  return file;
}
