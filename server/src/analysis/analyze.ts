// The analysis as a library: files in, findings out. The language server, the
// command line and the tests all go through this class.
import type { Tree } from 'web-tree-sitter';
import { extractFacts } from './extract';
import { WorkspaceIndex } from './workspace';
import { LineMap, type Loc, type Range } from './source';
import { eventSites, indicationSites } from './sites';
import { blankAnnotations } from '../parse/blank';
import { initParser } from '../parse/parser';
import { SITE_RULES } from '../rules/index';
import type { RawFinding, RelatedStep } from '../rules/types';
import { RULE_BY_ID, type Severity, type SeveritySetting } from '../rules/registry';
import type { DiagnosticData } from '../shared/messages';
import type { Parser } from 'web-tree-sitter';
import { findSuppressions, type Suppressions } from './suppressions';
import { protocolFindings } from './protocol/check';

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
  text: string;
  lines: LineMap;
  suppressions: Suppressions;
}

export class Analyzer {
  readonly ws = new WorkspaceIndex();
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
    try {
      this.ws.set(extractFacts(t, { uri, text }));
    } finally {
      own?.delete();
    }
    this.files.set(uri, { text, lines: new LineMap(text), suppressions: findSuppressions(text) });
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
    const sites = this.ws.allFunctions().flatMap((fn) => [...indicationSites(this.ws, fn), ...eventSites(this.ws, fn)]);
    for (const site of sites) {
      for (const rule of SITE_RULES) if (rule.kind === site.kind && this.enabled(rule.id)) rule.check(site, ctx);
    }
    for (const f of protocolFindings(this.ws, sites)) if (this.enabled(f.rule)) raw.push(f);

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
      out.set(uri, entry.suppressions.filter(list));
      list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule));
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
    if (f.fix) {
      const r = this.range(f.fix.loc);
      if (r) data.fixes = [{ title: f.fix.title, range: { start: { uri: f.fix.loc.uri, ...r.start }, end: { uri: f.fix.loc.uri, ...r.end } }, newText: f.fix.newText }];
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
