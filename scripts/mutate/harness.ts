// The mutation harness: a driver tree is copied to a temporary folder and analysed once through the
// library (createAnalyzer); then each mistake kind (kinds.ts) is injected at every place it applies,
// one mutation at a time, the workspace re-analysed, and the findings compared with the unmodified
// run. A mutation is caught when the kind's rule reports a new finding on the mutated line, on the
// call it concerns, or with a related step on the mutated line. Every other change is counted: on
// those lines (side changes, such as a second rule on the same mistake) or elsewhere (unrelated).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAnalyzer } from '../../server/src/rules/analyzeWithRules';
import { allSites } from '../../server/src/analysis/sites';
import { EventIndex } from '../../server/src/analysis/paths/events';
import { Roles } from '../../server/src/analysis/paths/roles';
import { LineMap } from '../../server/src/analysis/source';
import { objectOfArg } from '../../server/src/analysis/syntax';
import { cFiles, readSource } from '../../server/src/io/workspaceFiles';
import type { Finding } from '../../server/src/analysis/findings';
import { KINDS, type Edit, type KindContext, type MutationKind } from './kinds';

export interface HarnessOptions {
  /** Kind ids to run (default: all). */
  kinds?: readonly string[];
  /** At most this many mutations per kind (an even sample); default: all. */
  maxPerKind?: number;
  /** Keep the temporary copy (its path is in the result). */
  keep?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** Where a mutation was made, for the report (repository-relative path, 1-based line). */
export interface Place {
  file: string;
  line: number;
  text: string;
}

export interface KindResult {
  kind: MutationKind;
  /** Mutations made. */
  points: number;
  caught: number;
  /** The rule already reported that mistake there before the mutation (left out of the recall). */
  already: number;
  misses: Place[];
  /** Sites where the mistake could not be placed: the analysis does not show the write, and the text does not either. */
  unplaced: Place[];
  /** Findings added or removed in the mutated function or on the anchor lines, other than the one expected. */
  side: number;
  /** Findings added or removed anywhere else. */
  unrelated: { place: Place; change: string }[];
}

export interface TreeResult {
  folder: string;
  files: number;
  indicationSites: number;
  eventSites: number;
  /** NdisMIndicateStatusEx / NdisFIndicateStatus calls written in the files, and how many of them the analysis found as sites. */
  textCalls: number;
  callsFound: number;
  baselineFindings: number;
  kinds: KindResult[];
  /** The temporary copy, when kept. */
  copy?: string;
}

const findingKey = (f: Finding) => `${f.rule}|${f.uri}|${f.range.start.line}|${f.message}`;

/** Hints (the chimney deprecation note) are not findings a mutation is judged by. */
const findingsOf = (m: Map<string, Finding[]>): Finding[] => [...m.values()].flat().filter((f) => f.severity !== 'hint');

export async function mutateTree(folder: string, options: HarnessOptions = {}): Promise<TreeResult> {
  const log = options.log ?? (() => undefined);
  const copy = mkdtempSync(join(tmpdir(), 'ndis-mutate-'));
  try {
    // The copy: every C file the command line would read, same relative paths.
    const files = new Map<string, { path: string; rel: string; text: string; lines: LineMap }>();
    for (const file of cFiles(folder)) {
      const src = readSource(file);
      if (!src) continue;
      const rel = relative(folder, file);
      const path = join(copy, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, src.text);
      files.set(pathToFileURL(path).toString(), { path, rel: rel.split('\\').join('/'), text: src.text, lines: new LineMap(src.text) });
    }
    const analyzer = await createAnalyzer();
    for (const [uri, f] of files) analyzer.setFile(uri, f.text);
    const baseline = findingsOf(analyzer.analyze());
    const baseKeys = new Set(baseline.map(findingKey));
    const ws = analyzer.ws;
    const sites = allSites(ws);
    const events = new EventIndex(ws, new Roles(ws), sites);
    const ctx: KindContext = { ws, text: (uri) => files.get(uri)?.text, driverHandle: driverHandleOf(ws) };
    log(`${folder}: ${files.size} files, ${sites.filter((s) => s.kind === 'indication').length} indication and ${sites.filter((s) => s.kind === 'event').length} offload-event sites, ${baseline.length} findings before`);

    const place = (uri: string, offset: number): Place => {
      const f = files.get(uri);
      if (!f) return { file: uri, line: 0, text: '' };
      const line = f.lines.position(offset).line;
      return { file: f.rel, line: line + 1, text: f.text.split('\n')[line]?.trim() ?? '' };
    };

    // The lines of each function of the unmodified files: a change inside the mutated function is a side change.
    const spans = new Map<string, { first: number; last: number }[]>();
    for (const [uri, f] of files) spans.set(uri, (ws.files.get(uri)?.functions ?? []).map((fn) => ({ first: f.lines.position(fn.span.start).line, last: f.lines.position(fn.span.end).line })));
    // Every mutation is planned on the unmodified analysis (its sites and facts are replaced as files are re-read).
    const plan = KINDS.filter((k) => !options.kinds || options.kinds.includes(k.id)).map((kind) => ({ kind, edits: sample(editsOf(kind, sites, events, ws, ctx).filter((e) => files.has(e.uri)), options.maxPerKind) }));
    const results: KindResult[] = [];
    for (const { kind, edits } of plan) {
      const r: KindResult = { kind, points: 0, caught: 0, already: 0, misses: [], unplaced: [], side: 0, unrelated: [] };
      for (const e of edits) {
        const f = files.get(e.uri)!;
        if (e.unplaced) {
          r.unplaced.push({ ...place(e.uri, e.anchors[0]?.start ?? 0), text: e.unplaced });
          continue;
        }
        const mutated = apply(f.text, e);
        writeFileSync(f.path, mutated);
        analyzer.setFile(e.uri, mutated);
        const after = findingsOf(analyzer.analyze());
        writeFileSync(f.path, f.text);
        analyzer.setFile(e.uri, f.text);
        // Lines near the mutation, and the lines the finding may be reported on instead.
        const mutLines = new Set<number>();
        for (const rp of e.replaces) for (let l = f.lines.position(rp.start).line - 1; l <= f.lines.position(rp.end).line + 1; l++) mutLines.add(l);
        const nearMutation = (uri: string, line: number) => uri === e.uri && mutLines.has(line);
        const anchors = new Set(e.anchors.map((a) => `${a.uri}|${files.get(a.uri)?.lines.position(a.start).line}`));
        const onSite = (uri: string, line: number) => nearMutation(uri, line) || anchors.has(`${uri}|${line}`);
        const mutLine = f.lines.position(e.replaces[0].start).line;
        const inFn = spans.get(e.uri)?.find((s) => s.first <= mutLine && mutLine <= s.last);
        const sameFunction = (uri: string, line: number) => !!inFn && uri === e.uri && inFn.first <= line && line <= inFn.last;
        const afterKeys = new Set(after.map(findingKey));
        const added = after.filter((x) => !baseKeys.has(findingKey(x)));
        const removed = baseline.filter((x) => !afterKeys.has(findingKey(x)));
        const expected = added.filter((x) => (x.rule === kind.rule || kind.alsoBy?.includes(x.rule)) && (onSite(x.uri, x.range.start.line) || x.steps.some((s) => nearMutation(s.uri, s.range.start.line))));
        r.points++;
        if (expected.length) r.caught++;
        else if (baseline.some((x) => x.rule === kind.rule && onSite(x.uri, x.range.start.line) && afterKeys.has(findingKey(x)))) r.already++;
        else r.misses.push(place(e.uri, e.replaces[0].start));
        for (const [x, how] of [...added.map((x) => [x, 'added'] as const), ...removed.map((x) => [x, 'gone'] as const)]) {
          if (expected.includes(x)) continue;
          if (onSite(x.uri, x.range.start.line) || sameFunction(x.uri, x.range.start.line)) r.side++;
          else r.unrelated.push({ place: place(x.uri, files.get(x.uri)?.lines.offset(x.range.start) ?? 0), change: `${how} ${x.rule}: ${x.message}` });
        }
      }
      log(`  ${kind.id}: ${r.caught}/${r.points - r.already} caught${r.already ? ` (${r.already} already reported)` : ''}${r.unplaced.length ? `, ${r.unplaced.length} not placed` : ''}`);
      results.push(r);
    }
    return {
      folder,
      files: files.size,
      indicationSites: sites.filter((s) => s.kind === 'indication').length,
      eventSites: sites.filter((s) => s.kind === 'event').length,
      // A mutation is only placed where the analysis finds a call: calls it does not find are counted here.
      textCalls: [...files.values()].reduce((n, f) => n + writtenCalls(f.text), 0),
      callsFound: new Set(sites.filter((s) => s.kind === 'indication' && s.local).map((s) => `${s.call.at.uri}|${s.call.at.start}`)).size,
      baselineFindings: baseline.length,
      kinds: results,
      ...(options.keep ? { copy } : {}),
    };
  } finally {
    if (!options.keep) rmSync(copy, { recursive: true, force: true });
  }
}

/** Indication calls written in a file's code (not in comments, not in a #define). */
function writtenCalls(text: string): number {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '').replace(/^\s*#\s*define\b(?:[^\n]*\\\r?\n)*[^\n]*/gm, '');
  return (code.match(/\b(NdisMIndicateStatusEx|NdisFIndicateStatus)\s*\(/g) ?? []).length;
}

/** A kind's mutations over the workspace, each place once. */
function editsOf(kind: MutationKind, sites: ReturnType<typeof allSites>, events: EventIndex, ws: KindContext['ws'], ctx: KindContext): Edit[] {
  const out = new Map<string, Edit>();
  if (kind.site) for (const s of sites) if (s.kind === kind.on) for (const e of kind.site(s, ctx)) if (!out.has(e.key)) out.set(e.key, e);
  if (kind.fn) {
    for (const fn of ws.allFunctions()) {
      const evs = events.eventsOf(fn);
      if (evs.length === 0) continue;
      for (const e of kind.fn(fn, evs, ctx)) if (!out.has(e.key)) out.set(e.key, e);
    }
  }
  return [...out.values()];
}

/** An even sample of at most `max` items, in order. */
function sample<T>(items: T[], max: number | undefined): T[] {
  if (max === undefined || items.length <= max) return items;
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]);
}

function apply(text: string, e: Edit): string {
  let out = text;
  for (const r of [...e.replaces].sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + r.text + out.slice(r.end);
  return out;
}

/** The global NdisMRegisterMiniportDriver writes the driver handle into, as the driver names it. */
function driverHandleOf(ws: KindContext['ws']): string | undefined {
  for (const { fn, call } of ws.callersOf('NdisMRegisterMiniportDriver')) {
    const arg = call.args[4];
    if (!arg) continue;
    const { obj, byAddress } = objectOfArg(arg.text);
    const root = /^[A-Za-z_]\w*/.exec(obj)?.[0];
    if (byAddress && root && !fn.locals.has(root) && !fn.params.some((p) => p.name === root)) return obj;
  }
  return undefined;
}

/** Sums the results of several trees per kind. */
export function totals(trees: readonly TreeResult[]): KindResult[] {
  return KINDS.flatMap((kind) => {
    const rs = trees.flatMap((t) => t.kinds.filter((k) => k.kind === kind));
    if (rs.length === 0) return [];
    return [{
      kind,
      points: rs.reduce((n, r) => n + r.points, 0),
      caught: rs.reduce((n, r) => n + r.caught, 0),
      already: rs.reduce((n, r) => n + r.already, 0),
      misses: rs.flatMap((r) => r.misses),
      unplaced: rs.flatMap((r) => r.unplaced),
      side: rs.reduce((n, r) => n + r.side, 0),
      unrelated: rs.flatMap((r) => r.unrelated),
    }];
  });
}

/** Recall of a kind over the mutations it could be judged on, or undefined when it had none. */
export function recall(r: KindResult): number | undefined {
  const n = r.points - r.already;
  return n > 0 ? r.caught / n : undefined;
}
