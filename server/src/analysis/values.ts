// What a field or argument may hold when a call is reached.
import type { Loc } from './source';

export type ValueHow =
  /** Assigned by `x.F = e`, or an argument written at the call. */
  | 'assign'
  /** From an initializer (designated, positional or `= {0}`). */
  | 'init'
  /** Zeroed by NdisZeroMemory and the like, or left out of an initializer list. */
  | 'zero'
  /** Never written on the way to the call (an uninitialized local). */
  | 'unset'
  /** Written by something we cannot see through (a copy, an external function). */
  | 'unknown'
  /** Flows from parameter `param` of the function (resolved at its callers). */
  | 'param'
  /** A field of an object that parameter `param` points to, filled by the caller. */
  | 'caller';

export interface Value {
  expr: string;
  how: ValueHow;
  /** Where the value was written (the assignment or initializer). */
  loc?: Loc;
  param?: number;
  /** Calls that carried the value into the function that uses it, outermost first. */
  via: Loc[];
  /** Calls that wrote the value into the object on the way (init functions and macros). */
  through?: Loc[];
  /** The value comes from a macro expanded at a use (it pastes or stringizes): the use and what it became. */
  expansion?: { at: Loc; macro: string; text: string };
  /**
   * For a local variable's value followed along the control-flow graph: the branch decisions of a
   * path on which this value reaches the use (empty when it is the only value there). Absent for
   * values read without paths.
   */
  path?: BranchStep[];
  /** The local variables the value was read through (`h = Adapter->Handle; si.SourceHandle = h;`: `h`), outermost first. */
  names?: string[];
  /** Where the outermost of those locals is read (the `h` of `si.SourceHandle = h`), when the value was read through one. */
  readAt?: Loc;
}

/** A branch decision on the way from a write to its use: where the condition is, and which way it went. */
export interface BranchStep {
  loc: Loc;
  branch: string;
}

export function isConcrete(v: Value): boolean {
  return v.how === 'assign' || v.how === 'init' || v.how === 'zero';
}
