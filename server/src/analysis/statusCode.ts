// The one reading of a StatusCode value: every rule and the protocol walk ask
// here what a written code is, so a name, a workspace #define of it and its
// numeric value are recognised the same way everywhere.
import { STATUS_BY_NAME, STATUS_BY_VALUE, type StatusInfo } from '../ndis/constants';
import { concrete } from './classify';
import { evaluate } from './evaluate';
import { norm } from './syntax';
import type { Value } from './values';
import type { WorkspaceIndex } from './workspace';

export interface CodeReading {
  value: Value;
  /** The expression as normalised text (`NDIS_STATUS_LINK_STATE`, `0x40010017`, `MY_CODE`). */
  text: string;
  /** Its number when it is a constant (header names, workspace #defines, literals). */
  number?: number;
  /** The documented status it is, by name or else by value. */
  status?: StatusInfo;
  /** True when `status` was recognised by the name written (not only by its value). */
  named: boolean;
}

/** What each written value of a status field is (assigned, initialised or zeroed; unknown ones are left out). */
export function readCodes(vals: readonly Value[] | undefined, ws: WorkspaceIndex): CodeReading[] {
  return concrete(vals).map((v) => readCode(v, ws));
}

export function readCode(value: Value, ws: WorkspaceIndex): CodeReading {
  const text = norm(value.expr);
  const byName = STATUS_BY_NAME.get(text);
  const number = byName?.value ?? evaluate(text, ws);
  const status = byName ?? (number !== undefined ? STATUS_BY_VALUE.get(number) : undefined);
  return { value, text, number, status, named: !!byName };
}

/** The status every path agrees on, or undefined when the paths differ or one is not a known status. */
export function agreedStatus(readings: readonly CodeReading[]): StatusInfo | undefined {
  const first = readings[0]?.status;
  return first && readings.every((r) => r.status === first) ? first : undefined;
}
