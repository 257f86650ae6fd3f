// How the analysis is asked to check: the rules (../rules) implement `Check`,
// and the analyzer runs the checks it is given, calling each hook with what it is about.
import type { RawFinding, Severity } from './findings';
import type { Loc } from './source';
import type { Site } from './sites';
import type { WorkspaceIndex } from './workspace';
import type { ProtocolAnalysis } from './paths/walk';

export interface CheckContext {
  ws: WorkspaceIndex;
  report(f: RawFinding): void;
}

/** A suppression comment that silenced nothing in the last analysis. */
export interface UnusedSuppression {
  loc: Loc;
  rules: string[];
}

/** What the analyzer needs to know of a check to run it and grade its findings. */
export interface CheckMeta {
  id: string;
  severity: Severity;
  deprecatedTag?: boolean;
}

/** A check the analyzer runs; each hook is called for what it is about. */
export interface Check {
  meta: CheckMeta;
  /** Every NdisMIndicateStatusEx / NdisFIndicateStatus call, as seen from its function and from each caller that feeds it. */
  indication?(site: Site, ctx: CheckContext): void;
  /** Every NdisTcpOffloadEventHandler call, likewise. */
  event?(site: Site, ctx: CheckContext): void;
  /** Once per analysis, with the paths walked over the protocol model. */
  protocol?(p: ProtocolAnalysis, ctx: CheckContext): void;
  /** Once per file, with the suppressions that silenced nothing. */
  unusedSuppressions?(unused: UnusedSuppression[], ctx: CheckContext): void;
}
