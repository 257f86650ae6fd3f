// What the analysis reports: findings with the path that led to them and their
// fixes, first in offsets (as checks report them), then in lines (as every front
// end shows them). Nothing here knows a particular rule or a wire format.
import type { Loc, Range } from './source';
import type { OffloadState, ProtocolEvent } from '../protocol/model';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/** One step of the path that explains a finding, in execution order. */
export interface RelatedStep {
  loc: Loc;
  message: string;
  /** Protocol state after this step, when the step is a protocol step. */
  state?: OffloadState;
  /** The protocol event this step is, when it is one (replay plays these). */
  event?: ProtocolEvent;
  /** For a branch decision: the condition that holds on the branch taken, as the CFG labels it. */
  branch?: string;
}

/** What the quick fix does: replace a span, or insert statements before the statement at `before`. */
export type FixSpec =
  | { title: string; loc: Loc; newText: string }
  /**
   * Insert `lines` (or a copy of the statement at `copyOf`) before the statement that starts at `before`;
   * with `drop`, also delete the statement that starts there (alone on its line, before `before`), in the same edit.
   */
  | { title: string; before: Loc; lines?: string[]; copyOf?: Loc; drop?: Loc };

/** A finding as a check reports it: offsets, not yet lines. */
export interface RawFinding {
  rule: string;
  loc: Loc;
  message: string;
  /** In execution order: assignments and calls that led to the finding, or the path. */
  steps: RelatedStep[];
  fix?: FixSpec;
  /** The finding depends on code the workspace does not have: it is shown one severity lower. */
  uncertain?: boolean;
}

export interface FindingStep {
  uri: string;
  range: Range;
  message: string;
  state?: OffloadState;
  event?: ProtocolEvent;
}

export interface FindingFix {
  title: string;
  uri: string;
  range: Range;
  newText: string;
}

/** A finding located in lines, with its severity as configured: what every front end shows. */
export interface Finding {
  rule: string;
  severity: Severity;
  uri: string;
  range: Range;
  message: string;
  /** The path that led here, in execution order. */
  steps: FindingStep[];
  fixes: FindingFix[];
  /** Shown struck through (the rule marks use of a deprecated feature). */
  deprecated: boolean;
}
