// The simulator as the language server hosts it: sessions by id, the workspace
// scenarios the client sent, and snapshots for the panel. No LSP types here, so
// the browser test can drive the same code the server runs.

import type {
  SimScenarioFile,
  SimExportParams, SimExportResult, SimGotoParams, SimListScenariosParams, SimLoadScenarioResult, SimOpenParams, SimReplayParams,
  SimResetParams, SimScenarioInfo, SimScenarioList, SimScenarioProblem, SimSessionParams, SimSnapshot, SimTraceView,
} from '../shared/messages';
import { BUILTIN_SCENARIOS, DEFAULT_SCENARIO_ID, builtinScenario } from './builtinScenarios';
import { eventLabel, VOCABULARY } from './labels';
import { scenarioFromRun } from './saveScenario';
import { VIOLATION_SHORT } from '../protocol/model';
import { replayScript } from './replayScript';
import { formatScenarioError, parseScenario, type Scenario, type ScenarioError } from './scenario';
import { Simulation } from './simulation';
import { stepView, traceJsonPieces, traceMermaidPieces } from './trace';
import type { OptionalRetrievePolicy } from '../shared/simulatorTypes';

interface Session {
  sim: Simulation;
  title: string;
  description?: string;
  scenarioId?: string;
  seed: number;
  policy: OptionalRetrievePolicy;
  build: (seed: number, policy: OptionalRetrievePolicy) => Simulation;
  replay?: SimReplayParams;
  setup?: number;
}

/** Sessions are cheap but not free; the oldest go first. */
const MAX_SESSIONS = 32;
/** A snapshot carries the latest steps and the next events, not a whole long run. */
export const SNAPSHOT_STEPS = 500;
/** Larger exports are refused from the panel (one LSP message); the command line streams any length. */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;

export class SimulatorService {
  private readonly sessions = new Map<string, Session>();
  private readonly workspace = new Map<string, Scenario>();
  private nextId = 1;

  constructor(private readonly limits: { maxExportChars: number } = { maxExportChars: MAX_EXPORT_CHARS }) {}

  listScenarios(p: SimListScenariosParams = {}): SimScenarioList {
    const errors: SimScenarioProblem[] = [];
    if (p.files) {
      this.workspace.clear();
      // Each file is judged alone: one malformed scenario never hides the others.
      for (const f of Array.isArray(p.files) ? p.files : []) {
        const r = this.loadScenario(f);
        if (!r.ok) errors.push(...r.errors);
      }
    }
    // A file that does not parse stays in the list, marked broken, under its own name.
    const named = (Array.isArray(p.files) ? p.files : []).filter((f): f is SimScenarioFile => !!f && typeof f.uri === 'string');
    const broken = named.filter((f) => !this.workspace.has(f.uri)).map((f): SimScenarioInfo => ({ id: f.uri, name: fileName(f.uri), source: 'workspace', broken: true }));
    const scenarios: SimScenarioInfo[] = [
      ...BUILTIN_SCENARIOS.map((s) => info(s, 'builtin', s.demonstrates)),
      ...[...this.workspace.values()].map((s) => info(s, 'workspace')),
      ...broken,
    ];
    return { scenarios, errors };
  }

  loadScenario(f: { uri: string; text: string }): SimLoadScenarioResult {
    if (typeof f?.uri !== 'string' || typeof f.text !== 'string') {
      const file = typeof f?.uri === 'string' ? f.uri : '(unnamed scenario)';
      return { ok: false, errors: [problem({ file, line: 1, field: '(file)', message: 'the client sent no text for this scenario file' })] };
    }
    const r = parseScenario(f.text, f.uri);
    if (!r.ok) {
      this.workspace.delete(f.uri);
      return { ok: false, errors: r.errors.map(problem) };
    }
    this.workspace.set(f.uri, r.scenario);
    return { ok: true, scenario: info(r.scenario, 'workspace') };
  }

  open(p: SimOpenParams): SimSnapshot {
    const id = p.scenarioId ?? DEFAULT_SCENARIO_ID;
    const scenario = builtinScenario(id) ?? this.workspace.get(id);
    if (!scenario) throw new Error(`unknown scenario ${id}`);
    const build = (seed: number, policy: OptionalRetrievePolicy): Simulation =>
      new Simulation(scenario.events, { seed, policy, capabilities: scenario.capabilities, nic: scenario.nic });
    return this.start(
      { title: scenario.name, description: scenario.description, scenarioId: scenario.id, build },
      p.seed ?? scenario.seed ?? 1,
      p.policy ?? scenario.optionalRetrieve ?? 'upload',
      p.position,
    );
  }

  replay(p: SimReplayParams): SimSnapshot {
    const r = replayScript(p.events);
    const build = (seed: number, policy: OptionalRetrievePolicy): Simulation =>
      new Simulation(r.script, { seed, policy, capabilities: { TcpConnectionOffloadCapacity: r.capacity } });
    return this.start(
      {
        title: p.title ?? 'Replay of a code path',
        description: `The protocol events and branch decisions along one path of your code. The first ${r.setup} steps (no line) set up a connection for them.`,
        build,
        replay: p,
        setup: r.setup,
      },
      p.seed ?? 1,
      'upload',
      // A replay starts where the code starts: the setup prefix is already played.
      p.position ?? r.setup,
    );
  }

  step(p: SimSessionParams): SimSnapshot {
    const s = this.get(p.sessionId);
    s.sim.step();
    return this.snapshot(p.sessionId);
  }

  stepBack(p: SimSessionParams): SimSnapshot {
    this.get(p.sessionId).sim.stepBack();
    return this.snapshot(p.sessionId);
  }

  reset(p: SimResetParams): SimSnapshot {
    const s = this.get(p.sessionId);
    s.seed = p.seed ?? s.seed;
    s.policy = p.policy ?? s.policy;
    s.sim = s.build(s.seed, s.policy);
    return this.snapshot(p.sessionId);
  }

  /** Travels to a position by stepping forward or back from where the run is. */
  goto(p: SimGotoParams): SimSnapshot {
    const s = this.get(p.sessionId);
    const target = Math.min(p.position, s.sim.script.length);
    while (s.sim.position > target) s.sim.stepBack();
    s.sim.run(target);
    return this.snapshot(p.sessionId);
  }

  /** The whole run, from the first step to the last, whatever the current position. */
  exportTrace(p: SimExportParams): SimExportResult {
    const s = this.get(p.sessionId);
    // The whole run, whatever the current position: a fresh simulation of the same script to its end.
    const whole = s.build(s.seed, s.policy).run();
    const pieces = p.format === 'json' ? traceJsonPieces(s.title, s.seed, whole) : traceMermaidPieces(whole);
    const parts: string[] = [];
    let size = 0;
    for (const piece of pieces) {
      size += piece.length;
      if (size > this.limits.maxExportChars) {
        throw new Error(
          `the trace of ${whole.length} steps is too long to export from the panel (over ${Math.ceil(this.limits.maxExportChars / 1024 / 1024)} MB); ` +
            'export it with the command line instead: ndis-offload-lint simulate SCENARIO.offload-scenario.json --format json',
        );
      }
      parts.push(piece);
    }
    return { text: parts.join('') };
  }

  /** The run's script as a scenario file that parses (what "Save trace as scenario" writes). */
  saveScenario(p: SimSessionParams): SimExportResult {
    const s = this.get(p.sessionId);
    return { text: scenarioFromRun(s.title, s.description, s.seed, s.policy, s.sim) };
  }

  close(p: SimSessionParams): void {
    this.sessions.delete(p.sessionId);
  }

  snapshot(sessionId: string): SimSnapshot {
    const s = this.get(sessionId);
    const { trace: all, script, position } = s.sim;
    const traceStart = Math.max(0, all.length - SNAPSHOT_STEPS);
    const trace: SimTraceView[] = all.slice(traceStart).map((e) => ({
      ...stepView(e),
      label: stepLabel(e),
      violations: e.violations.map((v) => ({ ...v, short: VIOLATION_SHORT[v.rule] })),
    }));
    const upcomingEnd = Math.min(script.length, position + SNAPSHOT_STEPS);
    return {
      sessionId,
      ...(s.scenarioId ? { scenarioId: s.scenarioId } : {}),
      title: s.title,
      ...(s.description ? { description: s.description } : {}),
      seed: s.seed,
      policy: s.policy,
      position: s.sim.position,
      total: s.sim.script.length,
      done: s.sim.done,
      // A copy: the simulation's state changes in place as it steps.
      state: structuredClone(s.sim.state),
      trace,
      ...(traceStart ? { traceStart } : {}),
      upcoming: script.slice(position, upcomingEnd).map((x) => ({ label: stepLabel(x), ...(x.source ? { source: x.source } : {}), ...(x.count ? { count: x.count } : {}) })),
      ...(upcomingEnd < script.length ? { upcomingMore: script.length - upcomingEnd } : {}),
      violations: s.sim.violationCount(),
      ...(s.replay ? { replay: s.replay } : {}),
      ...(s.setup ? { setup: s.setup } : {}),
      vocabulary: VOCABULARY,
    };
  }

  private start(base: Omit<Session, 'sim' | 'seed' | 'policy'>, seed: number, policy: OptionalRetrievePolicy, position?: number): SimSnapshot {
    const sessionId = `sim${this.nextId++}`;
    const sim = base.build(seed, policy);
    // Beyond the end (or not a count at all) means the end: the run is clamped to its script.
    if (position !== undefined) sim.run(typeof position === 'number' && position >= 0 ? position : 0);
    this.sessions.set(sessionId, { ...base, sim, seed, policy });
    while (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    return this.snapshot(sessionId);
  }

  private get(id: string): Session {
    const s = this.sessions.get(id);
    if (!s) throw new Error(`no simulator session ${id} (it may have expired; reopen the scenario)`);
    return s;
  }
}

function info(s: Scenario, source: SimScenarioInfo['source'], demonstrates?: string): SimScenarioInfo {
  return { id: s.id, name: s.name, ...(s.description ? { description: s.description } : {}), source, ...(demonstrates ? { demonstrates } : {}) };
}

/** A step's words; the end of a replayed path is the function's return. */
function stepLabel(x: { event: Parameters<typeof eventLabel>[0]; source?: unknown }): string {
  return x.event.kind === 'end' && x.source ? 'the function returns' : eventLabel(x.event);
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.replace(/[?#].*$/, '').split('/').pop() || uri);
}

function problem(e: ScenarioError): SimScenarioProblem {
  return { ...e, text: formatScenarioError(e) };
}
