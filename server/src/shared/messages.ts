// Every custom LSP method (ndis/...) and every webview message, typed once.
// The client, the server and the webview import from here; nothing else
// declares a method name or a message shape.

import type { OffloadState, ProtocolRuleId } from '../protocol/model';

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
  /** The protocol event this step is, when it is one (replay uses these). */
  event?: string;
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
}

export type { OffloadState, ProtocolRuleId };
