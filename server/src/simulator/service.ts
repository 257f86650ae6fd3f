// The simulator as the language server hosts it: sessions by id, the workspace
// scenarios the client sent, and snapshots for the panel. No LSP types here, so
// the browser test can drive the same code the server runs.

import type {
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
import { stepView, traceToJson, traceToMermaid } from './trace';
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

export class SimulatorService {
  private readonly sessions = new Map<string, Session>();
  private readonly workspace = new Map<string, Scenario>();
  private nextId = 1;

  listScenarios(p: SimListScenariosParams = {}): SimScenarioList {
    const errors: SimScenarioProblem[] = [];
    if (p.files) {
      this.workspace.clear();
      // Each file is judged alone: one malformed scenario never hides the others.
      for (const f of p.files) {
        const r = this.loadScenario(f);
        if (!r.ok) errors.push(...r.errors);
      }
    }
    // A file that does not parse stays in the list, marked broken, under its own name.
    const broken = (p.files ?? []).filter((f) => !this.workspace.has(f.uri)).map((f): SimScenarioInfo => ({ id: f.uri, name: fileName(f.uri), source: 'workspace', broken: true }));
    const scenarios: SimScenarioInfo[] = [
      ...BUILTIN_SCENARIOS.map((s) => info(s, 'builtin', s.demonstrates)),
      ...[...this.workspace.values()].map((s) => info(s, 'workspace')),
      ...broken,
    ];
    return { scenarios, errors };
  }

  loadScenario(f: { uri: string; text: string }): SimLoadScenarioResult {
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
    const whole = s.build(s.seed, s.policy).run();
    const text = p.format === 'json' ? JSON.stringify(traceToJson(s.title, s.seed, whole), null, 2) + '\n' : traceToMermaid(whole);
    return { text };
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
    const trace: SimTraceView[] = s.sim.trace.map((e) => ({
      ...stepView(e),
      label: stepLabel(e),
      violations: e.violations.map((v) => ({ ...v, short: VIOLATION_SHORT[v.rule] })),
    }));
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
      state: s.sim.state,
      trace,
      upcoming: s.sim.script.slice(s.sim.position).map((x) => ({ label: stepLabel(x), ...(x.source ? { source: x.source } : {}), ...(x.count ? { count: x.count } : {}) })),
      violations: s.sim.violationCount(),
      ...(s.replay ? { replay: s.replay } : {}),
      ...(s.setup ? { setup: s.setup } : {}),
      vocabulary: VOCABULARY,
    };
  }

  private start(base: Omit<Session, 'sim' | 'seed' | 'policy'>, seed: number, policy: OptionalRetrievePolicy, position?: number): SimSnapshot {
    const sessionId = `sim${this.nextId++}`;
    const sim = base.build(seed, policy);
    if (position) sim.run(position);
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
