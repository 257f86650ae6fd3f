// The analysis as a library: files in, findings out. The language server, the
// command line and the tests all go through this class.
import type { Tree } from 'web-tree-sitter';
import { extractFacts, type FunctionCache } from './extract';
import { WorkspaceIndex } from './workspace';
import { LineMap, type Loc, type Range } from './source';
import { allSites } from './sites';
import { blankAnnotations } from '../parse/blank';
import { initParser } from '../parse/parser';
import { SITE_RULES } from '../rules/index';
import type { FixSpec, RawFinding, RelatedStep } from '../rules/types';
import { RULE_BY_ID, type Severity, type SeveritySetting } from '../rules/registry';
import type { DiagnosticData } from '../shared/messages';
import type { Node, Parser } from 'web-tree-sitter';
import { buildCfg, type Cfg } from './cfg';
import type { FunctionFacts } from './facts';
import { findSuppressions, type Suppressions } from './suppressions';
import { protocolFindings } from './protocol/check';
import { EventIndex, type EventKind } from './protocol/events';
import { Roles } from './protocol/roles';

/** Analyzer event kinds as protocol-model event kinds (the simulator replays those). */
const REPLAY_KIND: Partial<Record<EventKind, string>> = {
  pause: 'pause',
  uploadAll: 'uploadAll',
  resume: 'resume',
  wait: 'terminatesCompleted',
  capabilityChange: 'capabilityChange',
  sendPaused: 'sendComplete',
};

export interface RelatedInfo {
  uri: string;
  range: Range;
  message: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  uri: string;
  range: Range;
  message: string;
  related: RelatedInfo[];
  data: DiagnosticData;
  deprecated: boolean;
}

export interface AnalyzerOptions {
  /** Per-rule severity overrides (`off` drops the rule). */
  severities?: Record<string, SeveritySetting>;
}

interface FileEntry {
  functions?: FunctionCache;
  text: string;
  lines: LineMap;
  suppressions: Suppressions;
}

/** A function that makes protocol events, with the events in order: what "Replay in simulator" plays. */
export interface FunctionReplay {
  name: string;
  range: Range;
  events: { kind: string; uri: string; line: number; status?: string; rejected?: boolean }[];
}

export class Analyzer {
  readonly ws = new WorkspaceIndex();
  private lastEvents: EventIndex | undefined;
  private readonly files = new Map<string, FileEntry>();
  options: AnalyzerOptions = {};

  private constructor(private readonly parser: Parser) {}

  static async create(options: AnalyzerOptions = {}): Promise<Analyzer> {
    const a = new Analyzer(await initParser());
    a.options = options;
    return a;
  }

  /** Adds or replaces a file. Pass the tree when the caller keeps one (the editor's open files). */
  setFile(uri: string, text: string, tree?: Tree): void {
    const own = tree ? undefined : this.parser.parse(blankAnnotations(text));
    const t = tree ?? own;
    if (!t) return;
    // Files edited in the editor come with their tree: keep their functions' facts between edits.
    const cache = tree ? { previous: this.files.get(uri)?.functions, next: new Map() as FunctionCache } : undefined;
    try {
      // Control-flow graphs are needed only by functions with protocol events: files read from disk
      // get theirs on demand (cfgOf), which keeps a workspace scan close to the cost of parsing.
      this.ws.set(extractFacts(t, { uri, text, cache, eagerCfg: !!tree }));
    } finally {
      own?.delete();
    }
    this.files.set(uri, { text, lines: new LineMap(text), suppressions: findSuppressions(text), functions: cache?.next });
  }

  removeFile(uri: string): void {
    this.ws.delete(uri);
    this.files.delete(uri);
  }

  hasFile(uri: string): boolean {
    return this.files.has(uri);
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  textOf(uri: string): string | undefined {
    return this.files.get(uri)?.text;
  }

  /** Every finding of the workspace, grouped by file (files without findings map to []). */
  analyze(): Map<string, Finding[]> {
    const raw: RawFinding[] = [];
    const ctx = { ws: this.ws, report: (f: RawFinding) => raw.push(f) };
    const sites = allSites(this.ws);
    this.lastEvents = new EventIndex(this.ws, new Roles(this.ws), sites);
    for (const site of sites) {
      for (const rule of SITE_RULES) if (rule.kind === site.kind && this.enabled(rule.id)) rule.check(site, ctx);
    }
    for (const f of protocolFindings(this.ws, sites, (fn) => this.cfgOf(fn), this.lastEvents)) if (this.enabled(f.rule)) raw.push(f);

    const out = new Map<string, Finding[]>();
    for (const uri of this.files.keys()) out.set(uri, []);
    const seen = new Set<string>();
    for (const f of raw) {
      const key = `${f.rule}|${f.loc.uri}|${f.loc.start}|${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const finding = this.toFinding(f);
      if (!finding) continue;
      out.get(f.loc.uri)?.push(finding);
    }
    for (const [uri, list] of out) {
      const entry = this.files.get(uri)!;
      const kept = entry.suppressions.filter(list);
      if (this.enabled('suppression/unused')) {
        for (const u of entry.suppressions.unused()) {
          u.rules = u.rules.filter((r) => this.enabled(r));
          if (u.rules.length === 0) continue;
          const start = entry.lines.offset({ line: u.line, character: u.start });
          const f = this.toFinding({ rule: 'suppression/unused', loc: { uri, start, end: start + (u.end - u.start) }, message: `This suppression of ${u.rules.join(', ')} silences nothing: no such finding is reported on the line it covers.`, steps: [] });
          if (f) kept.push(f);
        }
      }
      out.set(uri, kept);
      kept.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule));
    }
    return out;
  }

  /** The control-flow graph of a function, built from a fresh parse of its file when it was not kept. */
  cfgOf(fn: FunctionFacts): Cfg | undefined {
    if (fn.cfg || fn.fromMacro) return fn.cfg;
    const text = this.files.get(fn.uri)?.text;
    if (text === undefined) return undefined;
    const tree = this.parser.parse(blankAnnotations(text));
    if (!tree) return undefined;
    try {
      let n: Node | null = tree.rootNode.descendantForIndex(fn.span.start, fn.span.start);
      while (n && !(n.type === 'function_definition' && n.startIndex === fn.span.start)) n = n.parent;
      const body = n?.childForFieldName('body');
      if (body) fn.cfg = buildCfg(body);
    } finally {
      tree.delete();
    }
    return fn.cfg;
  }

  /** Turns an insertion into a replacement of concrete text, in the indentation of the code around it. */
  private resolveFix(fix: FixSpec): { title: string; loc: Loc; newText: string } | undefined {
    if ('newText' in fix) return fix;
    const text = this.files.get(fix.before.uri)?.text;
    if (text === undefined) return undefined;
    let statements = fix.lines ?? [];
    if (fix.copyOf) {
      const src = this.files.get(fix.copyOf.uri)?.text ?? '';
      const semi = src.indexOf(';', fix.copyOf.end);
      statements = [src.slice(fix.copyOf.start, semi < 0 ? fix.copyOf.end : semi + 1).replace(/\s*\n\s*/g, ' ')];
    }
    if (statements.length === 0) return undefined;
    const lineStart = text.lastIndexOf('\n', fix.before.start - 1) + 1;
    const lead = text.slice(lineStart, fix.before.start);
    if (/^\s*$/.test(lead)) {
      return { title: fix.title, loc: { uri: fix.before.uri, start: lineStart, end: lineStart }, newText: statements.map((l) => `${lead}${l}\n`).join('') };
    }
    // The statement shares its line (`if (x) return s;`): wrap both in a block so the meaning stays.
    const semi = text.indexOf(';', fix.before.start);
    if (semi < 0) return undefined;
    const stmt = text.slice(fix.before.start, semi + 1);
    return { title: fix.title, loc: { uri: fix.before.uri, start: fix.before.start, end: semi + 1 }, newText: `{ ${statements.join(' ')} ${stmt} }` };
  }

  /** Functions of a file that make pause / upload-all / resume events (after analyze()). */
  replays(uri: string): FunctionReplay[] {
    const facts = this.ws.files.get(uri);
    const entry = this.files.get(uri);
    if (!facts || !entry) return [];
    const index = this.lastEvents;
    if (!index) return [];
    const out: FunctionReplay[] = [];
    for (const fn of facts.functions) {
      const evs = index.eventsOf(fn);
      if (!evs.some((e) => e.kind === 'pause' || e.kind === 'uploadAll' || e.kind === 'resume')) continue;
      const events = evs.flatMap((e) => {
        const kind = REPLAY_KIND[e.kind];
        const line = this.range(e.loc)?.start.line;
        return kind && line !== undefined ? [{ kind, uri: e.loc.uri, line, status: e.status }] : [];
      });
      out.push({ name: fn.name, range: entry.lines.range(fn.nameLoc.start, fn.nameLoc.end), events: [...events, { kind: 'exit', uri, line: entry.lines.position(fn.span.end).line }] });
    }
    return out;
  }

  private enabled(rule: string): boolean {
    return this.options.severities?.[rule] !== 'off';
  }

  private range(loc: Loc): Range | undefined {
    return this.files.get(loc.uri)?.lines.range(loc.start, loc.end);
  }

  private toFinding(f: RawFinding): Finding | undefined {
    const meta = RULE_BY_ID.get(f.rule);
    const range = this.range(f.loc);
    if (!meta || !range) return undefined;
    const setting = this.options.severities?.[f.rule];
    const related = f.steps.flatMap((s: RelatedStep) => {
      const r = this.range(s.loc);
      return r ? [{ uri: s.loc.uri, range: r, message: s.message }] : [];
    });
    const data: DiagnosticData = {
      rule: f.rule,
      trace: f.steps.flatMap((s) => {
        const r = this.range(s.loc);
        return r ? [{ message: s.message, at: { uri: s.loc.uri, ...r.start }, state: s.state, event: s.event }] : [];
      }),
    };
    const fix = f.fix ? this.resolveFix(f.fix) : undefined;
    if (fix) {
      const r = this.range(fix.loc);
      if (r) data.fixes = [{ title: fix.title, range: { start: { uri: fix.loc.uri, ...r.start }, end: { uri: fix.loc.uri, ...r.end } }, newText: fix.newText }];
    }
    return {
      rule: f.rule,
      severity: setting && setting !== 'off' ? setting : meta.severity,
      uri: f.loc.uri,
      range,
      message: f.message,
      related,
      data,
      deprecated: !!meta.deprecatedTag,
    };
  }
}

/** One-shot analysis of in-memory sources, for tests and tools. */
export async function analyzeSources(sources: { uri: string; text: string }[], options: AnalyzerOptions = {}): Promise<Finding[]> {
  const a = await Analyzer.create(options);
  for (const s of sources) a.setFile(s.uri, s.text);
  return [...a.analyze().values()].flat();
}
