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
    const lineOf = (o: number) => (map?.position(o).line ?? 0) + 1;
    const skips = byFile.get(f.uri) ?? [];
    // A function skipped at a later stage (values, paths) is among the facts; one skipped while reading is not.
    const later = new Set(skips.filter((s) => s.stage !== 'extract').map((s) => `${s.name}|${s.loc.start}`));
    const analysed = f.functions.filter((fn) => !later.has(`${fn.name}|${fn.nameLoc.start}`)).length;
    const extractSkips = skips.filter((s) => s.stage === 'extract' && s.name !== '(file scope)').length;
    files.push({
      uri: f.uri,
      lang: f.lang ?? 'c',
      functions: f.functions.length + extractSkips,
      analysed,
      skipped: skips.map((s) => ({ name: s.name, line: lineOf(s.loc.start), reason: s.reason, message: s.message, stage: s.stage })),
      parseErrors: f.errorRegions.map((r) => ({ line: lineOf(r.start), endLine: lineOf(Math.max(r.start, r.end - 1)) })),
      ...(fileNote(f.uri) ? { note: fileNote(f.uri) } : {}),
    });
  }
  files.sort((a, b) => a.uri.localeCompare(b.uri));
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
