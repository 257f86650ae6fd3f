// The analysis as a library: files in, findings out. The language server, the
// command line and the tests all go through this class. It runs the checks it is
// given (the rules, ../rules) and never imports them.
import { factsOfRead } from './readFacts';
import { OpenFileFacts } from './openFacts';
import { macroNotes } from './macros';
import { WorkspaceIndex } from './workspace';
import { LineMap, type Loc, type Range } from './source';
import { resolveFix } from './resolveFix';
import { allSites } from './sites';
import { siteFindings } from './siteFindings';
import { getParsers, initParser, ParseGaveUp } from '../parse/parser';
import { FileLanguages } from './languages';
import { CoverageKeeper, type Coverage } from './coverage';
import { Reports } from './reports';
import { functionReplays, type FunctionReplay } from './replays';
import { sameList } from './sameList';
import type { Lang } from '../parse/language';
import { TreeStore } from '../parse/trees';
import { BlankedText, textOf, type KeptText } from '../parse/keptText';
import { diff, fits } from '../parse/document';
import type { Edit } from '../parse/blank';
import { buildCfg, functionBodyAt, type Cfg } from './cfg';
import { withMacroFlow } from './macroFlow';
import { emptyFacts, type FileFacts, type FunctionFacts, type SkippedFunction } from './facts';
import { budgetFor, withBudget } from './budget';
import { functionSkipNote, skipNote } from './skipNote';
import { findSuppressions, type Suppressions } from './suppressions';
import { analyzeProtocol } from './paths/walk';
import { EventIndex } from './paths/events';
import { Roles } from './paths/roles';
import type { Finding, FindingStep, FixSpec, RawFinding, Severity, SeveritySetting } from './findings';
import type { Check, CheckContext } from './checks';
import type { PathOutcome } from './paths/walk';

/** What a change of an open file replaced: [start, oldEnd) of its old text became [start, newEnd) (lsp/ passes it on). */
export type { Edit } from '../parse/blank';

/** One severity lower, for findings that depend on code the workspace does not have. */
const LOWER: Record<Severity, Severity> = { error: 'warning', warning: 'info', info: 'hint', hint: 'hint' };

export interface AnalyzerOptions {
  /** The checks to run (the rule set). */
  checks: readonly Check[];
  /** Per-rule severity overrides (`off` drops the rule). */
  severities?: Record<string, SeveritySetting>;
  /** Functions the workspace does not define that wait for the terminates of an upload-all. */
  terminateWaits?: readonly string[];
}

/** Something the analysis could not do for one file, said to the user instead of dropped. */
export interface FileNote {
  uri: string;
  message: string;
  /** For a function left out: why (an `unsupported` construct such as a C++ template is expected, not a limit hit). */
  reason?: SkippedFunction['reason'];
}

interface FileEntry {
  /** For a file open in the editor: its facts kept per node, read again where an edit touches them. */
  open?: OpenFileFacts;
  lang?: Lang;
  /** Its text: as given for an open file; for a file read from disk, through the blanked text its facts hold (keptText.ts). */
  source: KeptText;
  lines: LineMap;
  suppressions: Suppressions;
}

/** A fix made concrete, and the texts of the files it read (compared by identity). */
interface ResolvedFix {
  read: readonly (KeptText | undefined)[];
  fix: ReturnType<typeof resolveFix>;
}

/** Texts made again from their blanked twins kept at once (textOf): an analysis reads a few files' at a time. */
const REBUILT_KEPT = 4;

/** The lines of a file read from disk, counted when first asked for (a function of its own: the closure holds `source` alone). */
function linesOf(source: KeptText): LineMap {
  return new LineMap(() => textOf(source));
}

export class Analyzer {
  readonly ws = new WorkspaceIndex();
  private lastEvents: EventIndex | undefined;
  private lastPaths: Map<FunctionFacts, PathOutcome[]> | undefined;
  private lastSkipped: SkippedFunction[] = [];
  private readonly files = new Map<string, FileEntry>();
  /**
   * The fixes the last analysis made concrete (and those of this one), by what they say, with the texts
   * they were made from: a finding in a file read from disk, found again on the next analysis (the
   * protocol checks report theirs anew each time), does not make that file's text again (keptText.ts).
   */
  private fixesLast = new Map<string, ResolvedFix>();
  private fixesNow = new Map<string, ResolvedFix>();
  /** Texts of files read from disk made again (textOf), the latest REBUILT_KEPT, until the analysis ends. */
  private readonly rebuilt = new Map<BlankedText, string>();
  /** The grammar of each file (C++ sources and the headers only they include read as C++). */
  private readonly langs = new FileLanguages();
  private readonly notes = new Map<string, string>();
  private walkLimits: FileNote[] = [];
  /**
   * What the last analysis found, for the generation of the workspace index it read: reused while no
   * lookup can answer differently (an edit that moved offsets only). Every location it holds is the
   * facts' own or one made to move with its function (shiftFacts.locWithin), so it follows such edits.
   */
  private kept: { generation: number; ids: string; waits: ReadonlySet<string>; raw: RawFinding[]; skipped: SkippedFunction[]; events: EventIndex | undefined; paths: Map<FunctionFacts, PathOutcome[]> | undefined; walkLimits: FileNote[] } | undefined;
  /** The findings per file as last reported (reports.ts). */
  private readonly reports = new Reports();
  /** skipped() as last worked out, for a generation of the index and the notes of the last analysis. */
  private skippedMemo: { generation: number; extra: SkippedFunction[]; out: SkippedFunction[] } | undefined;
  /** The coverage, kept between analyses (entries made again for the files changed). */
  private readonly coverageKeeper = new CoverageKeeper();
  private checks: readonly Check[];
  private severities: Record<string, SeveritySetting>;
  private waits: ReadonlySet<string>;
  private known: ReadonlySet<string>;

  private constructor(
    readonly trees: TreeStore,
    options: AnalyzerOptions,
  ) {
    this.checks = options.checks;
    this.severities = options.severities ?? {};
    this.waits = new Set(options.terminateWaits ?? []);
    this.known = new Set(this.checks.map((c) => c.meta.id));
    // Values of local variables are followed along control-flow graphs, built from the kept trees.
    this.ws.cfgSource = (fn) => this.cfgOf(fn);
  }

  static async create(options: AnalyzerOptions): Promise<Analyzer> {
    await initParser();
    return new Analyzer(new TreeStore(await getParsers()), options);
  }

  /** Changes the severity overrides; the next analyze() uses them. */
  setSeverities(severities: Record<string, SeveritySetting>): void {
    this.severities = severities;
  }

  /** Changes the functions taken as waiting for the terminates of an upload-all. */
  setTerminateWaits(names: readonly string[]): void {
    if (names.length === this.waits.size && names.every((n) => this.waits.has(n))) return;
    this.waits = new Set(names);
  }

  /** A file as it is on disk: parsed, its facts kept, its tree freed. */
  setFile(uri: string, text: string): void {
    const { lang, changed } = this.langs.set(uri, text);
    this.readFile(uri, text, lang);
    this.reread(changed);
  }

  private readFile(uri: string, text: string, lang: Lang): void {
    this.trees.close(uri);
    try {
      // Control-flow graphs are needed only by functions with protocol events: files read from disk
      // get theirs on demand (cfgOf), which keeps a workspace scan close to the cost of parsing.
      const read = this.trees.readTree(uri, text, (tree, deep, blanked) => ({ facts: factsOfRead(tree, uri, text, lang, deep), source: BlankedText.keep(text, blanked) }), lang);
      this.keepRead(uri, text, lang, read.facts, read.source);
    } catch (e) {
      this.fail(uri, text, e);
    }
  }

  private keepRead(uri: string, text: string, lang: Lang, facts: FileFacts, source: KeptText = text): void {
    this.ws.set(facts);
    this.setEntry(uri, { source, lines: linesOf(source), suppressions: findSuppressions(text, this.known), lang });
    this.notes.delete(uri);
  }

  /**
   * Files another thread will read (the command line's workers): their languages are settled first, so
   * that each is parsed once with the grammar it ends with. Returns each file's language, in order.
   */
  planLanguages(files: readonly { uri: string; text: string }[]): Lang[] {
    for (const f of files) this.langs.set(f.uri, f.text);
    return files.map((f) => this.langs.lang(f.uri));
  }

  /** A file read by another thread with the language planLanguages gave: kept as setFile keeps it (an error: the file's note). */
  setReadFacts(uri: string, text: string, lang: Lang, facts: FileFacts | Error): void {
    if (this.langs.lang(uri) !== lang) return this.setFile(uri, text);
    this.trees.close(uri);
    if (facts instanceof Error) this.fail(uri, text, facts);
    else this.keepRead(uri, text, lang, facts);
  }

  /** A file open in the editor: its tree is kept and re-parsed incrementally, its facts read again only where the edit touched them. False when nothing changed. */
  openFile(uri: string, text: string, edit?: Edit): boolean {
    // The edit from the text kept open (the editor's, or found by comparing): the language and the
    // parse then read only around it.
    const before = this.trees.openText(uri);
    if (before !== undefined && this.files.get(uri)?.source === before) {
      if (!edit || !fits(before, text, edit)) edit = diff(before, text);
    } else edit = undefined;
    const { lang, changed } = edit && before !== undefined ? this.langs.edited(uri, before, text, edit) : this.langs.set(uri, text);
    const same = !this.openIn(uri, text, lang, edit);
    this.reread(changed);
    return !same;
  }

  private openIn(uri: string, text: string, lang: Lang, edit?: Edit): boolean {
    let parsed: boolean;
    try {
      parsed = this.trees.setOpen(uri, text, lang, edit);
    } catch (e) {
      this.fail(uri, text, e);
      return true;
    }
    if (!parsed && this.files.get(uri)?.source === text && this.files.get(uri)?.lang === lang) return false;
    const doc = this.trees.document(uri)!;
    const entry = this.files.get(uri);
    const before = this.ws.files.get(uri);
    try {
      // Facts read with the other grammar are not reused.
      let open = entry?.lang === lang ? entry.open : undefined;
      let facts;
      if (open && doc.lastChange && before) facts = open.update(doc.tree, text, doc.deep, doc.lastChange);
      else {
        open = new OpenFileFacts(uri, lang);
        facts = open.read(doc.tree, text, doc.deep);
      }
      // The same facts object: the edit moved offsets only (openFacts.ts), and the workspace index stays as it is.
      if (facts !== before) this.ws.set(facts);
      const lines = new LineMap(doc.lines);
      this.setEntry(uri, { source: text, lines, suppressions: findSuppressions(text, this.known, lines), open, lang });
      this.notes.delete(uri);
    } catch (e) {
      this.fail(uri, text, e);
    }
    return true;
  }

  /**
   * Open files whose tree came from an incremental parse of text with syntax errors are parsed from
   * scratch (see ParsedDocument.settle) and, where the tree differs, read again whole. True when a
   * file changed: analyze() again. The server calls it when typing pauses.
   */
  settle(): boolean {
    let changed = false;
    for (const uri of this.trees.openUris()) {
      const doc = this.trees.document(uri)!;
      const entry = this.files.get(uri);
      if (!entry || doc.settled) continue;
      try {
        if (!doc.settle()) continue;
        const open = new OpenFileFacts(uri, this.langs.lang(uri));
        this.ws.set(open.read(doc.tree, textOf(entry.source), doc.deep));
        this.setEntry(uri, { ...entry, open });
      } catch (e) {
        this.trees.close(uri);
        this.fail(uri, textOf(entry.source), e);
      }
      changed = true;
    }
    return changed;
  }

  /** True when settle() has work to do. */
  unsettled(): boolean {
    return this.trees.openUris().some((u) => this.trees.document(u)?.settled === false);
  }

  /** Files whose grammar changed (a header now included from C++ only, or no longer): read again. */
  private reread(uris: readonly string[]): void {
    for (const u of uris) {
      const text = this.textOf(u);
      if (text === undefined) continue;
      const lang = this.langs.lang(u);
      if (this.trees.isOpen(u)) this.openIn(u, text, lang);
      else this.readFile(u, text, lang);
    }
  }

  /** The grammar a file is read with. */
  languageOf(uri: string): Lang {
    return this.langs.lang(uri);
  }

  /** The editor closed the file: its tree goes; its facts stay until the caller replaces or removes them. */
  closeFile(uri: string): void {
    this.trees.close(uri);
    const entry = this.files.get(uri);
    if (entry) entry.open = undefined;
  }

  isOpen(uri: string): boolean {
    return this.trees.isOpen(uri);
  }

  /** Keeps a file in the workspace without analysing it (too large, for one), with the reason as its note. */
  skipFile(uri: string, text: string, reason: string): void {
    this.trees.close(uri);
    this.fail(uri, text, undefined);
    this.notes.set(uri, reason);
  }

  /** A file's entry, noted for the next report and coverage. */
  private setEntry(uri: string, entry: FileEntry): void {
    this.files.set(uri, entry);
    this.reports.entrySet(uri, !entry.suppressions.none);
    this.coverageKeeper.fileChanged(uri);
  }

  /** A finding's fix made concrete in the text of now (the last analysis's, while the files it reads keep their texts). */
  private fixOf(spec: FixSpec): ResolvedFix['fix'] {
    if ('newText' in spec) return spec;
    const at = (l: Loc | undefined) => (l ? `${l.uri}|${l.start}|${l.end}` : '');
    const key = [spec.title, at(spec.before), at(spec.copyOf), at(spec.drop), ...(spec.lines ?? [])].join('\n');
    const read = [this.files.get(spec.before.uri)?.source, spec.copyOf && this.files.get(spec.copyOf.uri)?.source];
    let made = this.fixesNow.get(key) ?? this.fixesLast.get(key);
    if (!made || made.read[0] !== read[0] || made.read[1] !== read[1]) made = { read, fix: resolveFix(spec, (uri) => this.textOf(uri)) };
    this.fixesNow.set(key, made);
    return made.fix;
  }

  /** The file could not be analysed: it stays in the workspace without facts, and the reason is kept. */
  private fail(uri: string, text: string, e: unknown): void {
    this.ws.set(emptyFacts(uri));
    this.setEntry(uri, { source: text, lines: new LineMap(text), suppressions: findSuppressions(text, this.known) });
    const why = e instanceof ParseGaveUp ? `tree-sitter gave up parsing it after ${Math.round(e.millis)} ms of processor time (its error recovery is slow on the broken code near line ${new LineMap(text).position(e.offset).line + 1})` : e instanceof Error ? e.message : String(e);
    this.notes.set(uri, `not analysed: ${why}`);
  }

  /** What could not be analysed, per file (files not analysed, functions whose paths were not all walked, functions left out). */
  fileNotes(): FileNote[] {
    return [...[...this.notes].map(([uri, message]) => ({ uri, message })), ...this.walkLimits, ...this.skipNotes()];
  }

  /** How much of each file was understood (after analyze()): functions analysed and left out, parse-error regions. */
  coverage(): Coverage {
    return this.coverageKeeper.compute(this.ws.files, this.skipped(), (uri) => this.notes.get(uri), (uri) => this.files.get(uri)?.lines);
  }

  /** Each function left out of the analysis (see skipped()), as a note on its file. */
  private skipNotes(): FileNote[] {
    return this.skipped().map((s) => {
      const line = (this.files.get(s.loc.uri)?.lines.position(s.loc.start).line ?? 0) + 1;
      const what = s.name === '(file scope)' ? `code at file scope (line ${line})` : `function ${s.name} (line ${line})`;
      return { uri: s.loc.uri, message: `${what}: ${s.message}`, reason: s.reason };
    });
  }

  removeFile(uri: string): void {
    this.trees.close(uri);
    this.ws.delete(uri);
    this.files.delete(uri);
    this.reports.fileGone(uri);
    this.coverageKeeper.fileGone();
    this.notes.delete(uri);
    this.reread(this.langs.delete(uri));
  }

  hasFile(uri: string): boolean {
    return this.files.has(uri);
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  textOf(uri: string): string | undefined {
    const source = this.files.get(uri)?.source;
    if (source === undefined || typeof source === 'string') return source;
    // A file read from disk makes its text again (keptText.ts): once for all its findings' fixes and graphs.
    let text = this.rebuilt.get(source);
    if (text === undefined) {
      if (this.rebuilt.size >= REBUILT_KEPT) this.rebuilt.delete(this.rebuilt.keys().next().value!);
      this.rebuilt.set(source, (text = textOf(source)));
    }
    return text;
  }

  /**
   * Every finding of the workspace, grouped by file (files without findings map to []). The map is the
   * analyzer's own: the next analyze() updates it in place (copy it to compare two analyses).
   */
  analyze(): Map<string, Finding[]> {
    try {
      return this.run();
    } finally {
      this.trees.releaseScratch();
      this.rebuilt.clear();
      this.fixesLast = this.fixesNow;
      this.fixesNow = new Map();
    }
  }

  private run(): Map<string, Finding[]> {
    const checks = this.checks.filter((c) => this.enabled(c.meta.id));
    const ids = checks.map((c) => c.meta.id).join(',');
    this.ws.upToDate();
    const kept = this.kept;
    let raw: RawFinding[];
    if (kept && kept.generation === this.ws.generation && kept.ids === ids && kept.waits === this.waits) {
      // Nothing any lookup answers changed since (blanks or a comment typed: openFacts.ts): the same
      // findings, their locations moved with the code.
      raw = kept.raw;
      this.lastSkipped = [...kept.skipped];
      this.lastEvents = kept.events;
      this.lastPaths = kept.paths;
      this.walkLimits = kept.walkLimits;
    } else {
      raw = this.findRaw(checks, ids);
      this.kept = { generation: this.ws.generation, ids, waits: this.waits, raw, skipped: [...this.lastSkipped], events: this.lastEvents, paths: this.lastPaths, walkLimits: this.walkLimits };
    }

    const found = new Map<string, Finding[]>();
    const seen = new Set<string>();
    for (const f of raw) {
      const key = `${f.rule}|${f.loc.uri}|${f.loc.start}|${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const finding = this.toFinding(f);
      if (!finding) continue;
      const list = found.get(f.loc.uri);
      if (list) list.push(finding);
      else found.set(f.loc.uri, [finding]);
    }
    // The report is made again for the files that may read differently (reports.ts).
    return this.reports.make(found, () => this.files.keys(), [ids, this.severities], (uri, list) => {
      const entry = this.files.get(uri);
      return entry && this.fileReport(uri, entry, list, checks);
    });
  }

  /**
   * The files whose list the last analyze() made again, those gone included (undefined: every file's, as
   * after a change of settings); the lists of the others are the same arrays as before.
   */
  changedInLastReport(): ReadonlySet<string> | undefined {
    return this.reports.changed();
  }

  /** One file's findings as reported: suppressed ones out, unused suppressions in, in order. */
  private fileReport(uri: string, entry: FileEntry, list: Finding[], checks: readonly Check[]): Finding[] {
    // (Most files of a workspace have neither findings nor suppressions.)
    if (list.length === 0 && entry.suppressions.none) return list;
    const kept = entry.suppressions.filter(list);
    const unused = entry.suppressions.unused().flatMap((u) => {
      const rules = u.rules.filter((r) => this.enabled(r));
      const start = entry.lines.offset({ line: u.line, character: u.start });
      return rules.length ? [{ loc: { uri, start, end: start + (u.end - u.start) }, rules }] : [];
    });
    if (unused.length) {
      const extra: RawFinding[] = [];
      const fileCtx: CheckContext = { ws: this.ws, report: (f) => extra.push(f) };
      for (const c of checks) c.unusedSuppressions?.(unused, fileCtx);
      for (const f of extra) {
        const finding = this.toFinding(f);
        if (finding) kept.push(finding);
      }
    }
    kept.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule));
    return kept;
  }

  /** What the checks report over the workspace, with their locations (lines and columns are worked out by run()). */
  private findRaw(checks: readonly Check[], ids: string): RawFinding[] {
    const raw: RawFinding[] = [];
    const ctx: CheckContext = { ws: this.ws, report: (f: RawFinding) => raw.push(f) };
    const skipped: SkippedFunction[] = [];
    this.lastSkipped = skipped;
    const sites = allSites(this.ws, skipped);
    this.lastEvents = new EventIndex(this.ws, Roles.of(this.ws), sites, this.waits);
    this.lastPaths = undefined;
    const failed = new Set<FunctionFacts>();
    for (const site of sites) {
      const { findings, errors } = siteFindings(this.ws, site, checks, ids);
      for (const f of findings) raw.push(f);
      // A check that fails on one call (a defect of ours) is noted on its function; the other checks still report.
      if (errors.length && !failed.has(site.fn)) skipped.push(functionSkipNote(site.fn, 'values', errors[0]));
      if (errors.length) failed.add(site.fn);
    }
    if (checks.some((c) => c.protocol)) {
      const p = analyzeProtocol(this.ws, sites, (fn) => this.cfgOf(fn), this.lastEvents, this.waits, skipped);
      this.walkLimits = p.limits.map((l) => ({ uri: l.fn.uri, message: l.message }));
      this.lastPaths = p.paths;
      for (const c of checks) c.protocol?.(p, ctx);
    }
    return raw;
  }

  /**
   * Functions left out of the analysis, with why: those whose body could not be read (kept with each
   * file's facts) and those whose values or paths ran out of budget in the last analyze().
   */
  skipped(): SkippedFunction[] {
    this.ws.upToDate();
    const extra = [...macroNotes(this.ws), ...this.lastSkipped];
    // The files' own are those of their facts, which an edit that moves offsets only keeps (in order).
    const memo = this.skippedMemo;
    if (memo && memo.generation === this.ws.generation && sameList(memo.extra, extra)) return memo.out.slice();
    const out: SkippedFunction[] = [];
    for (const f of this.ws.files.values()) for (const s of f.skipped) out.push(s);
    for (const s of extra) out.push(s);
    out.sort((a, b) => a.loc.uri.localeCompare(b.loc.uri) || a.loc.start - b.loc.start || a.stage.localeCompare(b.stage));
    this.skippedMemo = { generation: this.ws.generation, extra, out };
    return out.slice();
  }

  /** The control-flow graph of a function; files not open are parsed once per analysis for all their functions. */
  cfgOf(fn: FunctionFacts): Cfg | undefined {
    const cfg = this.baseCfg(fn);
    // Control flow inside macros (`MP_EXIT;`) is spliced in from the workspace's current #defines.
    return cfg && withMacroFlow(this.ws, cfg);
  }

  private baseCfg(fn: FunctionFacts): Cfg | undefined {
    if (fn.cfg || fn.fromMacro || fn.noBody) return fn.cfg;
    if (fn.cfgSkipped) {
      this.lastSkipped.push(fn.cfgSkipped);
      return undefined;
    }
    // Parsed once for every function of the file that needs a graph in this analysis; freed at its end.
    const tree = this.trees.openTree(fn.uri) ?? this.trees.scratchTree(fn.uri, () => this.files.get(fn.uri)?.source, this.langs.lang(fn.uri));
    if (!tree) return undefined;
    const body = functionBodyAt(tree.rootNode, fn.span.start);
    if (!body) fn.noBody = true;
    try {
      if (body) fn.cfg = withBudget(budgetFor(fn.span.end - fn.span.start), () => buildCfg(body));
    } catch (e) {
      // Not tried again while the function is unchanged.
      fn.cfgSkipped = skipNote(fn.name, fn.nameLoc, 'paths', e);
      this.lastSkipped.push(fn.cfgSkipped);
    }
    return fn.cfg;
  }

  /** Functions of a file that make pause / upload-all / resume events (after analyze()): what their "Replay" lenses play. */
  replays(uri: string): FunctionReplay[] {
    const facts = this.ws.files.get(uri);
    const entry = this.files.get(uri);
    if (!facts || !entry || !this.lastEvents) return [];
    return functionReplays(facts, entry.lines, this.lastEvents, this.lastPaths, (loc) => this.range(loc));
  }

  private enabled(rule: string): boolean {
    return this.severities[rule] !== 'off';
  }

  private range(loc: Loc): Range | undefined {
    return this.files.get(loc.uri)?.lines.range(loc.start, loc.end);
  }

  private toFinding(f: RawFinding): Finding | undefined {
    const check = this.checks.find((c) => c.meta.id === f.rule);
    const range = this.range(f.loc);
    if (!check || !range) return undefined;
    const setting = this.severities[f.rule];
    const steps: FindingStep[] = f.steps.flatMap((s) => {
      const r = this.range(s.loc);
      return r ? [{ uri: s.loc.uri, range: r, message: s.message, ...(s.state ? { state: s.state } : {}), ...(s.event ? { event: s.event } : {}) }] : [];
    });
    const fix = f.fix ? this.fixOf(f.fix) : undefined;
    const fixRange = fix ? this.range(fix.loc) : undefined;
    const severity = setting && setting !== 'off' ? setting : check.meta.severity;
    return {
      rule: f.rule,
      severity: f.uncertain ? LOWER[severity] : severity,
      uri: f.loc.uri,
      range,
      message: f.message,
      steps,
      fixes: fix && fixRange ? [{ title: fix.title, uri: fix.loc.uri, range: fixRange, newText: fix.newText }] : [],
      deprecated: !!check.meta.deprecatedTag,
    };
  }
}
