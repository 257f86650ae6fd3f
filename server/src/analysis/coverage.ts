// How much of the workspace the analysis understood: per file, the functions read and analysed, those
// left out with why, and the regions the parser could not read. The command line's `--stats`, the
// server's log and the editor's language status all show this; nothing is dropped silently.
import type { FileFacts, SkippedFunction } from './facts';
import type { LineMap } from './source';
import { sameList } from './sameList';

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

function sameSkips(a: readonly SkippedFunction[], b: readonly SkippedFunction[]): boolean {
  return sameList(a, b, (s, t) => s === t || (s.name === t.name && s.loc === t.loc && s.message === t.message && s.reason === t.reason && s.stage === t.stage));
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

/** The functions left out, per file. */
function byUri(skipped: readonly SkippedFunction[]): Map<string, SkippedFunction[]> {
  const out = new Map<string, SkippedFunction[]>();
  for (const s of skipped) {
    const list = out.get(s.loc.uri);
    if (list) list.push(s);
    else out.set(s.loc.uri, [s]);
  }
  return out;
}

/** Sums over the files' entries. */
interface Totals {
  functions: number;
  analysed: number;
  parseErrorRegions: number;
  filesWithParseErrors: number;
}

function add(t: Totals, f: FileCoverage, sign: 1 | -1): void {
  t.functions += sign * f.functions;
  t.analysed += sign * f.analysed;
  t.parseErrorRegions += sign * f.parseErrors.length;
  t.filesWithParseErrors += sign * (f.parseErrors.length > 0 ? 1 : 0);
}

/**
 * The coverage of a workspace, kept between analyses: only the entries of files that changed, or whose
 * functions left out changed, are made again (a workspace of thousands of files changes one per keystroke).
 */
export class CoverageKeeper {
  private last: { files: FileCoverage[]; at: Map<string, number>; skips: Map<string, SkippedFunction[]>; totals: Totals } | undefined;
  /** Files whose facts, lines or note changed since the last compute(). */
  private readonly changed = new Set<string>();

  fileChanged(uri: string): void {
    this.changed.add(uri);
  }

  /** A file went: every entry is made again (a file gone or new is only seen so). */
  fileGone(): void {
    this.last = undefined;
  }

  compute(
    facts: ReadonlyMap<string, FileFacts>,
    skipped: readonly SkippedFunction[],
    fileNote: (uri: string) => string | undefined,
    lines: (uri: string) => LineMap | undefined,
  ): Coverage {
    const skips = byUri(skipped);
    const last = this.last;
    const redo = last ? new Set(this.changed) : undefined;
    this.changed.clear();
    if (redo && last) {
      for (const uri of new Set([...skips.keys(), ...last.skips.keys()])) if (!sameSkips(skips.get(uri) ?? [], last.skips.get(uri) ?? [])) redo.add(uri);
    }
    const entry = (f: FileFacts) => fileCoverage(f, skips.get(f.uri) ?? [], lines(f.uri), fileNote(f.uri));
    if (!redo || !last || [...redo].some((uri) => !facts.has(uri) || !last.at.has(uri))) {
      // Every entry, in uri order (localeCompare: the order the command line's --stats lists).
      const files = [...facts.values()].map(entry).sort((a, b) => a.uri.localeCompare(b.uri));
      const totals: Totals = { functions: 0, analysed: 0, parseErrorRegions: 0, filesWithParseErrors: 0 };
      for (const f of files) add(totals, f, 1);
      this.last = { files, at: new Map(files.map((f, i) => [f.uri, i])), skips, totals };
    } else {
      for (const uri of redo) {
        const i = last.at.get(uri)!;
        add(last.totals, last.files[i], -1);
        last.files[i] = entry(facts.get(uri)!);
        add(last.totals, last.files[i], 1);
      }
      last.skips = skips;
    }
    const { files, totals } = this.last!;
    return {
      files: files.slice(),
      functions: totals.functions,
      analysed: totals.analysed,
      skipped: totals.functions - totals.analysed,
      parseErrorRegions: totals.parseErrorRegions,
      filesWithParseErrors: totals.filesWithParseErrors,
      share: totals.functions === 0 ? 1 : totals.analysed / totals.functions,
    };
  }
}
