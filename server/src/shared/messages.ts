// Every custom LSP method (ndis/...) and every webview message, typed once.
// The client, the server and the webview import from here; nothing else
// declares a method name or a message shape.

import { PROTOCOL_EVENT_KINDS, type OffloadState, type ProtocolEvent, type ProtocolRuleId } from '../protocol/model';

/** A place in the user's code, as plain data (no vscode types). */
export interface SourceRef {
  uri: string;
  line: number; // 0-based
  character: number; // 0-based
}

/** One step of a finding's path, kept in Diagnostic.data for quick fixes and replay. */
export interface TraceStep {
  message: string;
  at: SourceRef;
  /** Protocol state after this step, when the step is a protocol step. */
  state?: OffloadState;
  /** The protocol event this step is, when it is one (replay plays these). */
  event?: ProtocolEvent;
}

/** What every diagnostic carries in `data`. */
export interface DiagnosticData {
  rule: string;
  trace: TraceStep[];
  /** Quick-fix hints: a text edit the fix can apply without re-analysis. */
  fixes?: { title: string; range: { start: SourceRef; end: SourceRef }; newText: string }[];
}

export const Methods = {
  /** client -> server: analyse every C file of the workspace folders now. */
  analyzeWorkspace: 'ndis/analyzeWorkspace',
  /** server -> client: analysis finished; figures for the language status item. */
  analysisStatus: 'ndis/analysisStatus',
} as const;

export interface AnalyzeWorkspaceResult {
  files: number;
  findings: number;
  millis: number;
}

export interface AnalysisStatusParams {
  state: 'idle' | 'analyzing';
  files: number;
  findings: number;
  millis: number;
  /** What the analysis understood: functions analysed of those defined, and the parse-error regions. */
  coverage?: { functions: number; analysed: number; parseErrorRegions: number; filesWithParseErrors: number };
}

export type { OffloadState, ProtocolEvent, ProtocolRuleId };

// ---------------------------------------------------------------------------
// Offload simulator (issue 4): LSP requests client -> server, and the messages
// between the webview and the extension. The webview is plain JS, so messages
// from it are untrusted data: validateFromWebview checks every field.

import type { Message, OptionalRetrievePolicy, SimEvent, SimState, EventSource } from './simulatorTypes';
import type { Violation } from '../protocol/model';

export const SimulatorMethods = {
  /** Open a session on a scenario (built-in id or workspace file URI). -> SimSnapshot */
  open: 'ndis/simulator/open',
  step: 'ndis/simulator/step',
  stepBack: 'ndis/simulator/stepBack',
  reset: 'ndis/simulator/reset',
  /** Validate and register one *.offload-scenario.json text. -> SimLoadScenarioResult */
  loadScenario: 'ndis/simulator/loadScenario',
  /** Built-in scenarios plus the workspace files the client passes. -> SimScenarioList */
  listScenarios: 'ndis/simulator/listScenarios',
  /** Open a session on protocol events extracted from code, each linked to its line. -> SimSnapshot */
  replay: 'ndis/simulator/replay',
  exportTrace: 'ndis/simulator/exportTrace',
  /** Travel to a position: every step up to there, from the start. -> SimSnapshot */
  goto: 'ndis/simulator/goto',
  /** The run's script as a valid *.offload-scenario.json text. -> SimExportResult */
  saveScenario: 'ndis/simulator/saveScenario',
  close: 'ndis/simulator/close',
} as const;

export interface SimOpenParams {
  scenarioId?: string;
  seed?: number;
  policy?: OptionalRetrievePolicy;
  /** Steps to take right away (restoring a panel). */
  position?: number;
}

export interface SimSessionParams {
  sessionId: string;
}

export interface SimResetParams extends SimSessionParams {
  seed?: number;
  policy?: OptionalRetrievePolicy;
}

export interface SimScenarioFile {
  uri: string;
  text: string;
}

export interface SimScenarioInfo {
  id: string;
  name: string;
  description?: string;
  source: 'builtin' | 'workspace';
  /** The rule a misuse scenario demonstrates. */
  demonstrates?: string;
  /** A workspace file that does not parse now: listed so the panel never shows another scenario in its place. */
  broken?: boolean;
}

export interface SimScenarioProblem {
  file: string;
  line: number; // 1-based
  field: string;
  message: string;
  /** "file:line: field: message", ready to show. */
  text: string;
}

export type SimLoadScenarioResult = { ok: true; scenario: SimScenarioInfo } | { ok: false; errors: SimScenarioProblem[] };

export interface SimListScenariosParams {
  files?: SimScenarioFile[];
}

export interface SimScenarioList {
  scenarios: SimScenarioInfo[];
  errors: SimScenarioProblem[];
}

/**
 * One step of a code path found in the user's code: a protocol event as the model names it
 * (`count` identical ones in a row on that line), or a branch decision (the condition that holds).
 * `line` is 0-based, like SourceRef.
 */
export type SimReplayEvent =
  | { event: ProtocolEvent; uri: string; line: number; count?: number }
  | { branch: string; uri: string; line: number };

export interface SimReplayParams {
  title?: string;
  events: SimReplayEvent[];
  seed?: number;
  position?: number;
  /** Run stops at the step that breaks the protocol (the lens of a broken path sets it). */
  breakOnViolation?: boolean;
}

/** Travel to a position of the run (0 = before the first step). */
export interface SimGotoParams extends SimSessionParams {
  position: number;
}

export interface SimExportParams extends SimSessionParams {
  format: 'json' | 'mermaid';
}

export interface SimExportResult {
  text: string;
}

/** A trace step as the panel shows it (without the full before/after states). */
export interface SimTraceView {
  index: number;
  event: SimEvent;
  label: string;
  source?: EventSource;
  /** Identical events merged into this step (a helper that changes three capability fields). */
  count?: number;
  protocolBefore: SimState['protocol'];
  protocolAfter: SimState['protocol'];
  messages: Message[];
  notes: string[];
  violations: (Violation & { short: string })[];
  ignored?: boolean;
}

/** The words the panel shows for states, the same everywhere (diagram, status line, timeline, tables). */
export interface SimVocabulary {
  states: Record<OffloadState, string>;
  objectStates: Record<string, string>;
}

export interface SimSnapshot {
  sessionId: string;
  scenarioId?: string;
  title: string;
  description?: string;
  seed: number;
  policy: OptionalRetrievePolicy;
  position: number;
  total: number;
  done: boolean;
  state: SimState;
  /** The latest steps (at most a few hundred; `traceStart` steps before them are left out). */
  trace: SimTraceView[];
  traceStart?: number;
  /** Labels of the events still to come, for the greyed part of the timeline (`upcomingMore` further ones left out). */
  upcoming: { label: string; source?: EventSource; count?: number }[];
  upcomingMore?: number;
  violations: number;
  /** Kept so a restored panel can rebuild a replay session. */
  replay?: SimReplayParams;
  /** Steps of the setup prefix a replay adds before the code's own events (no source link). */
  setup?: number;
  vocabulary: SimVocabulary;
}

/** What the webview persists with setState and sends back in `ready`. */
export interface SimPanelRestore {
  scenarioId?: string;
  breakOnViolation?: boolean;
  replay?: SimReplayParams;
  position: number;
  seed: number;
  policy: OptionalRetrievePolicy;
}

export type ToWebview =
  | { type: 'snapshot'; snapshot: SimSnapshot }
  | { type: 'scenarios'; scenarios: SimScenarioInfo[]; errors: SimScenarioProblem[] }
  /** The loaded workspace scenario no longer parses: its run is closed, the problems are in the Problems panel. */
  | { type: 'broken'; scenarioId: string; name: string; problems: number }
  | { type: 'exported'; format: 'json' | 'mermaid' | 'scenario'; file: string }
  | { type: 'error'; message: string };

export type FromWebview =
  | { type: 'ready'; restore?: SimPanelRestore }
  | { type: 'step' }
  | { type: 'stepBack' }
  | { type: 'reset' }
  | { type: 'goto'; position: number }
  | { type: 'selectScenario'; scenarioId: string }
  | { type: 'setPolicy'; policy: OptionalRetrievePolicy }
  | { type: 'setSeed'; seed: number }
  | { type: 'revealSource'; uri: string; line: number }
  /** "Show fix": the quick fixes at a line of the user's code, or the rule's page when there is no code. */
  | { type: 'showFix'; rule: string; uri?: string; line?: number }
  | { type: 'openRule'; rule: string }
  | { type: 'export'; format: 'json' | 'mermaid' }
  | { type: 'saveScenario' }
  | { type: 'newScenario' }
  | { type: 'openScenario' }
  | { type: 'refreshScenarios' }
  | { type: 'showProblems' };

const POLICIES: readonly string[] = ['upload', 'decline', 'random'];
const isRec = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown, max = 4096): x is string => typeof x === 'string' && x.length <= max;
const isSeed = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0xffffffff;
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 100000;

function validReplay(x: unknown): x is SimReplayParams {
  if (!isRec(x) || !Array.isArray(x.events) || x.events.length > 10000) return false;
  if (x.title !== undefined && !isStr(x.title)) return false;
  if (x.seed !== undefined && !isSeed(x.seed)) return false;
  if (x.breakOnViolation !== undefined && typeof x.breakOnViolation !== 'boolean') return false;
  return x.events.every(
    (e) => isRec(e) && isStr(e.uri) && isCount(e.line) &&
      ('branch' in e ? isStr(e.branch, 512) : validEvent(e.event) && (e.count === undefined || isCount(e.count))),
  );
}

const RULE_ID = /^[a-z-]+\/[a-z-]+$/;

/** A protocol event as the model defines it, field by field. */
export function validEvent(x: unknown): x is ProtocolEvent {
  if (!isRec(x) || !(PROTOCOL_EVENT_KINDS as readonly unknown[]).includes(x.kind)) return false;
  if (x.status !== undefined && !isStr(x.status, 128)) return false;
  if (x.kind === 'sendComplete') return isStr(x.status, 128);
  if (x.kind === 'initiateArrives') return typeof x.rejected === 'boolean';
  return true;
}

function validRestore(x: unknown): x is SimPanelRestore {
  return (
    isRec(x) && isCount(x.position) && isSeed(x.seed) && POLICIES.includes(x.policy as string) &&
    (x.scenarioId === undefined || isStr(x.scenarioId)) && (x.replay === undefined || validReplay(x.replay)) &&
    (x.breakOnViolation === undefined || typeof x.breakOnViolation === 'boolean')
  );
}

const isOpt = (x: unknown, ok: (y: unknown) => boolean) => x === undefined || ok(x);
const isSession = (x: unknown) => isRec(x) && isStr(x.sessionId, 64);

/** Shape checks of every ndis/simulator/* request's parameters, so a malformed request gets an error, not a crash. */
export const SIMULATOR_PARAMS: Record<(typeof SimulatorMethods)[keyof typeof SimulatorMethods], (p: unknown) => boolean> = {
  [SimulatorMethods.open]: (p) => p === undefined || p === null || (isRec(p) && isOpt(p.scenarioId, (x) => isStr(x)) && isOpt(p.seed, isSeed) && isOpt(p.policy, (x) => POLICIES.includes(x as string)) && isOpt(p.position, isCount)),
  [SimulatorMethods.step]: isSession,
  [SimulatorMethods.stepBack]: isSession,
  [SimulatorMethods.reset]: (p) => isSession(p) && isRec(p) && isOpt(p.seed, isSeed) && isOpt(p.policy, (x) => POLICIES.includes(x as string)),
  [SimulatorMethods.loadScenario]: (p) => isRec(p) && isStr(p.uri) && isStr(p.text, 8 * 1024 * 1024),
  [SimulatorMethods.listScenarios]: (p) => p === undefined || p === null || (isRec(p) && isOpt(p.files, (f) => Array.isArray(f) && f.length <= 1000 && f.every((x) => isRec(x) && isStr(x.uri) && isStr(x.text, 8 * 1024 * 1024)))),
  [SimulatorMethods.replay]: (p) => validReplay(p) && isOpt((p as unknown as Record<string, unknown>).position, isCount),
  [SimulatorMethods.exportTrace]: (p) => isSession(p) && isRec(p) && (p.format === 'json' || p.format === 'mermaid'),
  [SimulatorMethods.goto]: (p) => isSession(p) && isRec(p) && isCount(p.position),
  [SimulatorMethods.saveScenario]: isSession,
  [SimulatorMethods.close]: isSession,
};

/** The only way a webview message enters the extension: anything malformed is dropped. */
export function validateFromWebview(x: unknown): FromWebview | undefined {
  if (!isRec(x) || typeof x.type !== 'string') return undefined;
  switch (x.type) {
    case 'ready':
      if (x.restore === undefined) return { type: 'ready' };
      return validRestore(x.restore) ? { type: 'ready', restore: x.restore } : { type: 'ready' };
    case 'step':
    case 'stepBack':
    case 'reset':
    case 'saveScenario':
    case 'newScenario':
    case 'openScenario':
    case 'refreshScenarios':
    case 'showProblems':
      return { type: x.type };
    case 'goto':
      return isCount(x.position) ? { type: 'goto', position: x.position } : undefined;
    case 'openRule':
      return isStr(x.rule, 128) && RULE_ID.test(x.rule) ? { type: 'openRule', rule: x.rule } : undefined;
    case 'showFix':
      if (!isStr(x.rule, 128) || !RULE_ID.test(x.rule)) return undefined;
      if (x.uri === undefined && x.line === undefined) return { type: 'showFix', rule: x.rule };
      return isStr(x.uri) && isCount(x.line) ? { type: 'showFix', rule: x.rule, uri: x.uri, line: x.line } : undefined;
    case 'selectScenario':
      return isStr(x.scenarioId) && x.scenarioId.length > 0 ? { type: 'selectScenario', scenarioId: x.scenarioId } : undefined;
    case 'setPolicy':
      return POLICIES.includes(x.policy as string) ? { type: 'setPolicy', policy: x.policy as OptionalRetrievePolicy } : undefined;
    case 'setSeed':
      return isSeed(x.seed) ? { type: 'setSeed', seed: x.seed } : undefined;
    case 'revealSource':
      return isStr(x.uri) && isCount(x.line) ? { type: 'revealSource', uri: x.uri, line: x.line } : undefined;
    case 'export':
      return x.format === 'json' || x.format === 'mermaid' ? { type: 'export', format: x.format } : undefined;
    default:
      return undefined;
  }
}
