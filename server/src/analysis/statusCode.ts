// The one reading of a StatusCode value: every rule and the protocol walk ask
// here what a written code is, so a name, a workspace #define of it and its
// numeric value are recognised the same way everywhere. A code is looked up in
// the status catalogue (every documented indication code, ../ndis/statusCatalogue.ts)
// and in the table of chimney and completion statuses (../ndis/constants.ts).
import { STATUS_BY_NAME, STATUS_BY_VALUE, type StatusInfo } from '../ndis/constants';
import { CATALOGUE_BY_NAME, CATALOGUE_BY_VALUE, type StatusCatalogueEntry } from '../ndis/statusCatalogue';
import { HEADER_STATUS_NAMES } from '../ndis/headerStatusNames';
import { concrete } from './classify';
import { evaluate } from './evaluate';
import { norm } from './syntax';
import type { Value } from './values';
import type { Kept, WorkspaceIndex } from './workspace';

export interface CodeReading {
  value: Value;
  /** The expression as normalised text (`NDIS_STATUS_LINK_STATE`, `0x40010017`, `MY_CODE`). */
  text: string;
  /** Its number when it is a constant (header names, workspace #defines, literals). */
  number?: number;
  /** The chimney or completion status it is (constants.ts), by name or else by value. */
  status?: StatusInfo;
  /** True when `status` or `entry` was recognised by the name written (not only by its value). */
  named: boolean;
  /** The documented indication code it is: by name, or else the first code with its value. */
  entry?: StatusCatalogueEntry;
  /** Every documented code with its value (a value can have two names). */
  entries: readonly StatusCatalogueEntry[];
  /** An `NDIS_STATUS_` name that no table, no public header and no workspace #define knows: a misspelling. */
  unknownName: boolean;
}

/** What each written value of a status field is (assigned, initialised or zeroed; unknown ones are left out). */
export function readCodes(vals: readonly Value[] | undefined, ws: WorkspaceIndex): readonly CodeReading[] {
  if (!vals) return [];
  // The event index and several checks read every site's codes after every edit: one kept result per
  // list, made of its values' kept readings (WorkspaceIndex.keep: valid without asking its lookups when
  // no edit since touched their kinds).
  const hit = lists.get(vals);
  const kept = ws.keep(hit?.ws === ws ? hit.kept : undefined, () => concrete(vals).map((v) => keptReading(v, ws).value));
  if (hit?.ws !== ws || hit.kept !== kept) lists.set(vals, { ws, kept });
  return kept.value;
}

const lists = new WeakMap<readonly Value[], { ws: WorkspaceIndex; kept: Kept<readonly CodeReading[]> }>();

/** Readings per value, kept while the #defines they read are unchanged. */
const readings = new WeakMap<Value, { ws: WorkspaceIndex; kept: Kept<CodeReading> }>();

export function readCode(value: Value, ws: WorkspaceIndex): CodeReading {
  return keptReading(value, ws).value;
}

function keptReading(value: Value, ws: WorkspaceIndex): Kept<CodeReading> {
  const hit = readings.get(value);
  const kept = ws.keep(hit?.ws === ws ? hit.kept : undefined, () => computeReading(value, ws));
  if (hit?.ws !== ws || hit.kept !== kept) readings.set(value, { ws, kept });
  return kept;
}

function computeReading(value: Value, ws: WorkspaceIndex): CodeReading {
  const text = norm(value.expr);
  const byName = STATUS_BY_NAME.get(text);
  const entryByName = CATALOGUE_BY_NAME.get(text);
  const number = byName?.value ?? entryByName?.value ?? evaluate(text, ws);
  const status = byName ?? (number !== undefined ? STATUS_BY_VALUE.get(number) : undefined);
  const entries = entryByName ? [entryByName] : number !== undefined ? (CATALOGUE_BY_VALUE.get(number) ?? []) : [];
  const unknownName = isStatusName(text) && !byName && !entryByName && !(text in HEADER_STATUS_NAMES) && !ws.macro(text) && ws.global(text) === undefined;
  return { value, text, number, status, named: !!byName || !!entryByName, entry: entries[0], entries, unknownName };
}

/** A name of the NDIS_STATUS_ family as written (not an expression). */
export function isStatusName(text: string): boolean {
  return /^NDIS_STATUS_[A-Z0-9_]+$/.test(text);
}

/** The status every path agrees on, or undefined when the paths differ or one is not a known status. */
export function agreedStatus(readings: readonly CodeReading[]): StatusInfo | undefined {
  const first = readings[0]?.status;
  return first && readings.every((r) => r.status === first) ? first : undefined;
}

/** The documented code every path agrees on, or undefined when the paths differ or one is not documented. */
export function agreedEntry(readings: readonly CodeReading[]): StatusCatalogueEntry | undefined {
  const first = readings[0]?.entry;
  return first && readings.every((r) => r.entry === first) ? first : undefined;
}

/**
 * The documented code of a StatusCode when every value that reaches the call is written and they all
 * agree: what the buffer must be is judged only when no path may carry another code.
 */
export function siteEntry(vals: readonly Value[] | undefined, ws: WorkspaceIndex): StatusCatalogueEntry | undefined {
  const list = vals ?? [];
  if (list.length === 0 || concrete(list).length !== list.length) return undefined;
  return agreedEntry(readCodes(list, ws));
}
