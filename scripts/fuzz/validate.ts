// What counts as invalid output in the fuzz harness: a finding outside its file,
// a range that ends before it starts, a message with a hole in it, an unknown
// rule, a function skipped because of an internal error, a scenario error that
// names no line, a scenario that passes with events no engine knows.
import type { Finding } from '../../server/src/analysis/findings';
import type { SkippedFunction } from '../../server/src/analysis/facts';
import { lineStarts } from '../../server/src/analysis/source';
import { ALL_RULES } from '../../server/src/rules/index';
import { EVENT_KINDS, type ScenarioResult } from '../../server/src/simulator/scenario';

interface Pos {
  line: number;
  character: number;
}

/** Lines and their lengths (without line endings) of each file, to check positions against. */
export class FileShapes {
  private readonly lengths = new Map<string, number[]>();
  constructor(files: { uri: string; text: string }[]) {
    for (const f of files) {
      const starts = lineStarts(f.text);
      this.lengths.set(
        f.uri,
        starts.map((s, i) => {
          let e = i + 1 < starts.length ? starts[i + 1] : f.text.length;
          if (i + 1 < starts.length) e -= f.text[e - 2] === '\r' && f.text[e - 1] === '\n' ? 2 : 1;
          return e - s;
        }),
      );
    }
  }

  /** Why a position is not in the file, or undefined when it is. */
  bad(uri: string, p: Pos | undefined, what: string): string | undefined {
    const lines = this.lengths.get(uri);
    if (!lines) return `${what}: unknown file ${uri}`;
    if (!p || !Number.isInteger(p.line) || !Number.isInteger(p.character)) return `${what}: not a position (${JSON.stringify(p)})`;
    if (p.line < 0 || p.line >= lines.length) return `${what}: line ${p.line} outside the file (${lines.length} lines)`;
    if (p.character < 0 || p.character > lines[p.line]) return `${what}: character ${p.character} outside line ${p.line} (${lines[p.line]} long)`;
    return undefined;
  }

  badRange(uri: string, r: { start: Pos; end: Pos } | undefined, what: string): string | undefined {
    if (!r) return `${what}: no range`;
    const s = this.bad(uri, r.start, `${what} start`) ?? this.bad(uri, r.end, `${what} end`);
    if (s) return s;
    if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) return `${what}: ends before it starts`;
    return undefined;
  }
}

const RULE_IDS = new Set(ALL_RULES.map((r) => r.meta.id));
const HOLE = /\b(undefined|NaN|null)\b|\[object Object\]/;
const SCENARIO_HOLE = /\b(undefined|NaN)\b|\[object Object\]/;

/** Problems with the findings and skip notes of one analysis. */
export function findingProblems(files: { uri: string; text: string }[], results: Map<string, Finding[]>, skipped: SkippedFunction[]): string[] {
  const shapes = new FileShapes(files);
  const out: string[] = [];
  const add = (p: string | undefined) => p && out.length < 20 && out.push(p);
  for (const [uri, list] of results) {
    for (const f of list) {
      const what = `${f.rule} finding`;
      if (f.uri !== uri) add(`${what} filed under ${uri} but located in ${f.uri}`);
      if (!RULE_IDS.has(f.rule)) add(`unknown rule ${f.rule}`);
      if (!['error', 'warning', 'info', 'hint'].includes(f.severity)) add(`${what}: severity ${f.severity}`);
      if (!f.message || HOLE.test(f.message)) add(`${what}: message ${JSON.stringify(f.message.slice(0, 200))}`);
      add(shapes.badRange(f.uri, f.range, what));
      for (const r of f.steps) {
        add(shapes.badRange(r.uri, r.range, `${what} step`));
        if (!r.message || HOLE.test(r.message)) add(`${what}: step message ${JSON.stringify(r.message.slice(0, 200))}`);
      }
      for (const x of f.fixes) add(shapes.badRange(x.uri, x.range, `${what} fix`));
    }
  }
  for (const s of skipped) {
    if (s.reason === 'error') add(`internal error in ${s.name} (${s.stage}): ${s.message}`);
    if (!s.message) add(`skip note for ${s.name} without a message`);
    const text = files.find((f) => f.uri === s.loc.uri)?.text;
    if (text === undefined || s.loc.start < 0 || s.loc.end > text.length || s.loc.start > s.loc.end) add(`skip note for ${s.name} located outside its file`);
  }
  return out;
}

/** Problems with the result of parsing one scenario file. */
export function scenarioProblems(text: string, file: string, r: ScenarioResult): string[] {
  const out: string[] = [];
  const lines = lineStarts(text).length;
  if (!r.ok) {
    if (r.errors.length === 0) out.push('rejected without an error');
    for (const e of r.errors.slice(0, 20)) {
      if (e.file !== file) out.push(`error names file ${e.file}`);
      if (!Number.isInteger(e.line) || e.line < 1 || e.line > lines) out.push(`error on line ${e.line} of a ${lines}-line file: ${e.message}`);
      if (typeof e.field !== 'string') out.push(`error without a field: ${e.message}`);
      // Values the user wrote are quoted as JSON (`null` included); anything else is a hole.
      if (!e.message || SCENARIO_HOLE.test(e.message.replace(/"[^"]*"/g, '""'))) out.push(`error message ${JSON.stringify(e.message)}`);
    }
    return out;
  }
  for (const [i, s] of r.scenario.events.entries()) {
    const kind = (s.event as { kind?: unknown }).kind;
    if (typeof kind !== 'string' || !EVENT_KINDS.includes(kind as never) || !Object.prototype.hasOwnProperty.call(s.event, 'kind')) {
      out.push(`accepted event ${i} with kind ${JSON.stringify(kind)}`);
    }
  }
  return out;
}

/** Two analyses of the same text (fresh and through the editor's incremental path) must agree. */
export function sameFindings(a: Map<string, Finding[]>, b: Map<string, Finding[]>): string | undefined {
  const key = (m: Map<string, Finding[]>) =>
    [...m].flatMap(([, list]) => list.map((f) => `${f.uri}:${f.range.start.line}:${f.range.start.character} ${f.rule} ${f.message}`)).sort();
  const x = key(a);
  const y = key(b);
  if (x.length !== y.length) return `fresh analysis has ${x.length} findings, the editor's incremental one ${y.length}`;
  const i = x.findIndex((s, k) => s !== y[k]);
  return i < 0 ? undefined : `fresh and incremental analyses differ: ${x[i]} / ${y[i]}`;
}
