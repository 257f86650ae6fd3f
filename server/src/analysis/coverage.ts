// How much of the workspace the analysis understood: per file, the functions read and analysed, those
// left out with why, and the regions the parser could not read. The command line's `--stats`, the
// server's log and the editor's language status all show this; nothing is dropped silently.
import type { FileFacts, SkippedFunction } from './facts';
import type { LineMap } from './source';

export interface SkippedEntry {
  name: string;
  /** 1-based line of the function's name. */
  line: number;
  reason: SkippedFunction['reason'];
  message: string;
  stage: SkippedFunction['stage'];
}

export interface FileCoverage {
  uri: string;
  lang: 'c' | 'cpp';
  /** Function definitions of the file (lambdas included), read or not. */
  functions: number;
  /** Those whose facts, values and paths were all analysed. */
  analysed: number;
  skipped: SkippedEntry[];
  /** 1-based line spans the parser could not read. */
  parseErrors: { line: number; endLine: number }[];
  /** Why the whole file was not analysed (or only in part), when it was not. */
  note?: string;
}

export interface Coverage {
  files: FileCoverage[];
  functions: number;
  analysed: number;
  skipped: number;
  parseErrorRegions: number;
  filesWithParseErrors: number;
  /** analysed / functions (1 when there is no function). */
  share: number;
}

/** Each file's entry, with the line map, note and skipped functions it was made from. */
const kept = new WeakMap<FileFacts, { map: LineMap | undefined; note: string | undefined; skips: readonly SkippedFunction[]; cov: FileCoverage }>();

function sameSkips(a: readonly SkippedFunction[], b: readonly SkippedFunction[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i] || (s.name === b[i].name && s.loc === b[i].loc && s.message === b[i].message && s.reason === b[i].reason && s.stage === b[i].stage));
}

function fileCoverage(f: FileFacts, skips: readonly SkippedFunction[], map: LineMap | undefined, note: string | undefined): FileCoverage {
  const lineOf = (o: number) => (map?.position(o).line ?? 0) + 1;
  // A function skipped at a later stage (values, paths) is among the facts; one skipped while reading is not.
  const later = new Set(skips.filter((s) => s.stage !== 'extract').map((s) => `${s.name}|${s.loc.start}`));
  const analysed = later.size === 0 ? f.functions.length : f.functions.filter((fn) => !later.has(`${fn.name}|${fn.nameLoc.start}`)).length;
  const extractSkips = skips.filter((s) => s.stage === 'extract' && s.name !== '(file scope)').length;
  return {
    uri: f.uri,
    lang: f.lang ?? 'c',
    functions: f.functions.length + extractSkips,
    analysed,
    skipped: skips.map((s) => ({ name: s.name, line: lineOf(s.loc.start), reason: s.reason, message: s.message, stage: s.stage })),
    parseErrors: f.errorRegions.map((r) => ({ line: lineOf(r.start), endLine: lineOf(Math.max(r.start, r.end - 1)) })),
    ...(note ? { note } : {}),
  };
}

/** The last order files were sorted in: the same files come in the same order after most edits, and localeCompare is slow. */
let lastOrder: { uris: string[]; order: number[] } | undefined;

function sortByUri(files: FileCoverage[]): void {
  const uris = files.map((f) => f.uri);
  let order: number[];
  if (lastOrder && lastOrder.uris.length === uris.length && lastOrder.uris.every((u, i) => u === uris[i])) order = lastOrder.order;
  else {
    order = uris.map((_, i) => i).sort((a, b) => uris[a].localeCompare(uris[b]));
    lastOrder = { uris, order };
  }
  const input = files.slice();
  order.forEach((k, i) => (files[i] = input[k]));
}

export function computeCoverage(
  facts: Iterable<FileFacts>,
  skipped: readonly SkippedFunction[],
  fileNote: (uri: string) => string | undefined,
  lines: (uri: string) => LineMap | undefined,
): Coverage {
  const byFile = new Map<string, SkippedFunction[]>();
  for (const s of skipped) {
    const list = byFile.get(s.loc.uri) ?? [];
    list.push(s);
    byFile.set(s.loc.uri, list);
  }
  const files: FileCoverage[] = [];
  for (const f of facts) {
    const map = lines(f.uri);
    const skips = byFile.get(f.uri) ?? [];
    const note = fileNote(f.uri);
    // Most files are as they were at the last analysis: their entry is kept with what made it.
    const hit = kept.get(f);
    if (hit && hit.map === map && hit.note === note && sameSkips(hit.skips, skips)) {
      files.push(hit.cov);
      continue;
    }
    const cov = fileCoverage(f, skips, map, note);
    kept.set(f, { map, note, skips, cov });
    files.push(cov);
  }
  sortByUri(files);
  const functions = files.reduce((n, f) => n + f.functions, 0);
  const analysed = files.reduce((n, f) => n + f.analysed, 0);
  const parseErrorRegions = files.reduce((n, f) => n + f.parseErrors.length, 0);
  return {
    files,
    functions,
    analysed,
    skipped: functions - analysed,
    parseErrorRegions,
    filesWithParseErrors: files.filter((f) => f.parseErrors.length > 0).length,
    share: functions === 0 ? 1 : analysed / functions,
  };
}
