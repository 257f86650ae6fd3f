// Keeps the analysis in step with the editor and the disk, and publishes
// diagnostics only for files whose findings changed.
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import type { Analyzer, Edit } from '../analysis/analyze';
import type { Finding } from '../analysis/findings';
import type { Coverage, FileCoverage } from '../analysis/coverage';
import { splitLines } from '../analysis/source';
import { toDiagnostic } from './diagnostics';
import { lensSignature } from './replayLenses';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { excludeMatcher, type ExcludeMatcher } from './exclude';
import { HeapKeeper } from './heapKeeper';
import { cFiles, MAX_FILE_BYTES, readErrorReason, readSource, type PathProblem } from '../io/workspaceFiles';
import { Methods, type AnalysisStatusParams } from '../shared/messages';

/** Pause in typing after which trees parsed incrementally through broken code are parsed from scratch. */
const SETTLE_MILLIS = 400;

export class EditorSession {
  /** What the client was last sent per file (its diagnostics as JSON; '[]' for none). */
  private published = new Map<string, string>();
  /** Findings listed in the Problems panel per file (hints are not), and their sum. */
  private readonly counts = new Map<string, number>();
  private total = 0;
  /** The next publish goes over every file (the files excluded changed, or analysis was turned off). */
  private publishAll = true;
  private readonly heap = new HeapKeeper();
  private settings: Settings = DEFAULT_SETTINGS;
  /** Workspace folders: exclude patterns are relative to them. */
  private folders: string[] = [];
  private exclude: ExcludeMatcher = excludeMatcher([], []);
  /** What `exclude` says of each uri asked about (every publish asks of every file). */
  private excludedUris = new Map<string, boolean>();
  private excludeProblems = '';
  private pending = false;
  /** The client can be asked to re-request code lenses (Replay in simulator) after an analysis. */
  lensRefresh = false;
  private lensSignature = '';
  private readonly tooLarge = new Set<string>();
  /** File notes already written to the log, so each is said once. */
  private logged = new Set<string>();
  private loggedCoverage = '';
  /** The parse-error line last logged per file. */
  private loggedLines = new Map<string, string>();
  lastMillis = 0;
  lastFindings = new Map<string, Finding[]>();
  /** Runs Analyzer.settle once typing pauses (see settleLater). */
  private settleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly connection: Connection,
    readonly analyzer: Analyzer,
  ) {}

  /** Whether the settings that decide which files a scan reads differ from the current ones. */
  walkChanges(s: Settings): boolean {
    return s.followExternalLinks !== this.settings.followExternalLinks || s.skipFolders.join('\n') !== this.settings.skipFolders.join('\n');
  }

  get walkSettings(): Pick<Settings, 'skipFolders' | 'followExternalLinks'> {
    return this.settings;
  }

  setSettings(s: Settings): void {
    this.settings = s;
    this.analyzer.setSeverities(s.rules);
    this.analyzer.setTerminateWaits(s.terminateWaits);
    this.compileExclude();
    this.schedule();
  }

  setFolders(folders: string[]): void {
    this.folders = folders;
    this.compileExclude();
  }

  private compileExclude(): void {
    this.exclude = excludeMatcher(this.settings.exclude, this.folders);
    this.excludedUris.clear();
    this.publishAll = true;
    // Said once per change of the setting, not at every unrelated settings change.
    const problems = this.exclude.problems.join('\n');
    if (problems === this.excludeProblems) return;
    this.excludeProblems = problems;
    for (const p of this.exclude.problems) {
      this.connection.console.warn(p);
      void this.connection.window.showWarningMessage(p);
    }
  }

  private excluded(uri: string): boolean {
    if (!uri.startsWith('file:')) return false;
    let hit = this.excludedUris.get(uri);
    if (hit === undefined) {
      hit = this.exclude.excluded(fileURLToPath(uri));
      // Forgotten past a bound, so that files come and gone over a long session are not all kept.
      if (this.excludedUris.size > 100_000) this.excludedUris.clear();
      this.excludedUris.set(uri, hit);
    }
    return hit;
  }

  /** A document opened or changed in the editor (the analyzer keeps its tree). */
  opened(uri: string, text: string, edit?: Edit): void {
    if (text.length > MAX_FILE_BYTES) {
      // A document this large would hold the server for seconds on every keystroke: said once, not analysed.
      if (!this.tooLarge.has(uri)) void this.connection.window.showWarningMessage(`NDIS Offload: ${uri.split('/').pop()} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; it is not analysed.`);
      this.tooLarge.add(uri);
      this.analyzer.skipFile(uri, '', `not analysed: larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB (${text.length} characters)`);
      this.schedule();
      return;
    }
    this.tooLarge.delete(uri);
    if (this.analyzer.openFile(uri, text, edit)) this.schedule();
  }

  /** A change typed in the editor; `edit`: the span it replaced, when the editor sent one range. */
  changed(uri: string, text: string, edit?: Edit): void {
    this.opened(uri, text, edit);
  }

  closed(uri: string): void {
    this.analyzer.closeFile(uri);
    // The file stays part of the workspace with its saved content.
    if (uri.startsWith('file:')) this.fromDisk(uri);
    else this.analyzer.removeFile(uri);
    this.schedule();
  }

  /** A file changed, appeared or went away on disk (not open in the editor). */
  fromDisk(uri: string): void {
    if (this.analyzer.isOpen(uri)) return;
    let src: ReturnType<typeof readSource>;
    try {
      src = readSource(fileURLToPath(uri));
    } catch {
      src = undefined;
    }
    if (src && !this.excluded(uri)) this.analyzer.setFile(uri, src.text);
    else this.analyzer.removeFile(uri);
    this.schedule();
  }

  /** Reads every C file of the folders in slices, yielding to the event loop so typing never waits. */
  async scan(folders: string[], progress?: (done: number, file: string) => void, cancelled?: () => boolean): Promise<number> {
    let n = 0;
    const found = new Set<string>();
    for (const folder of folders) {
      const walk = {
        skipFolders: this.settings.skipFolders,
        followExternalLinks: this.settings.followExternalLinks,
        onProblem: (p: PathProblem) => this.connection.console.warn(`${p.kind === 'unreadable' ? 'cannot read' : 'skipped'} ${p.path}: ${p.reason}`),
      };
      for (const file of cFiles(folder, walk)) {
        if (cancelled?.()) return n;
        const uri = pathToFileURL(file).toString();
        found.add(uri);
        if (this.analyzer.isOpen(uri) || this.excluded(uri)) continue;
        try {
          const src = readSource(file);
          if (src) this.analyzer.setFile(uri, src.text);
        } catch (e) {
          this.connection.console.warn(`cannot read ${file}: ${readErrorReason(file, e)}`);
        }
        n++;
        progress?.(n, file);
        if (n % 20 === 0) await new Promise((r) => setImmediate(r));
      }
    }
    // A completed scan also forgets files it no longer reads (a folder now skipped, a link no longer followed).
    const roots = folders.map((f) => pathToFileURL(f.endsWith('/') ? f : f + '/').toString());
    for (const uri of this.analyzer.uris()) {
      if (!found.has(uri) && !this.analyzer.isOpen(uri) && roots.some((r) => uri.startsWith(r))) this.analyzer.removeFile(uri);
    }
    this.schedule();
    return n;
  }

  /**
   * An edit parsed incrementally through broken code may leave a tree other than a parse from scratch
   * (Analyzer.settle): once no change has come for SETTLE_MILLIS, the open files are made the same as a
   * fresh parse, and analysed again when that changed a tree.
   */
  private settleLater(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    if (!this.analyzer.unsettled()) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      if (this.analyzer.settle()) this.schedule();
    }, SETTLE_MILLIS);
  }

  /** Coalesces bursts of changes into one analysis. */
  schedule(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.publish();
    });
  }

  publish(): void {
    const t0 = performance.now();
    const results = this.settings.enable ? this.analyzer.analyze() : new Map<string, Finding[]>();
    // A file may have several notes (one per function left out): each is said once.
    const notes = new Set(this.analyzer.fileNotes().map((n) => `${n.uri}: ${n.message}`));
    for (const n of notes) if (!this.logged.has(n)) this.connection.console.warn(n);
    this.logged = notes;
    this.lastMillis = performance.now() - t0;
    this.lastFindings = results;
    // Only the files whose list the analysis made again, unless any file may read differently now.
    const changed = this.settings.enable && !this.publishAll ? this.analyzer.changedInLastReport() : undefined;
    this.publishAll = false;
    if (changed) for (const uri of changed) this.publishFile(uri, results.get(uri));
    else {
      for (const [uri, findings] of results) this.publishFile(uri, findings);
      for (const uri of [...this.published.keys()]) if (!results.has(uri)) this.publishFile(uri, undefined);
    }
    const cov = this.analyzer.coverage();
    this.logCoverage(cov);
    const status: AnalysisStatusParams = {
      state: 'idle',
      files: results.size,
      findings: this.total,
      millis: Math.round(this.lastMillis * 10) / 10,
      coverage: { functions: cov.functions, analysed: cov.analysed, parseErrorRegions: cov.parseErrorRegions, filesWithParseErrors: cov.filesWithParseErrors },
    };
    void this.connection.sendNotification(Methods.analysisStatus, status);
    this.heap.afterPublish();
    this.settleLater();
    if (this.lensRefresh) {
      // Only when a lens of an open file would change: a refresh makes the client ask again.
      const sig = lensSignature(this.analyzer, this.analyzer.trees.openUris());
      if (sig !== this.lensSignature) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
      this.lensSignature = sig;
    }
  }

  /** Publishes one file's findings when they differ from what the client has (undefined: the file is gone). */
  private publishFile(uri: string, findings: Finding[] | undefined): void {
    const was = this.published.get(uri);
    if (!findings || this.excluded(uri)) {
      if (was === undefined) return;
      this.published.delete(uri);
      this.count(uri, 0);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    // (Most files of a workspace have no finding, now as before: nothing to work out for them.)
    if (findings.length === 0 && was === '[]') return;
    // The count the language status shows is what the Problems panel lists: hints are not listed there.
    this.count(uri, findings.filter((f) => f.severity !== 'hint').length);
    const diagnostics = findings.map(toDiagnostic);
    // (Most files of a workspace have no finding: their key is made without JSON.)
    const key = diagnostics.length ? JSON.stringify(diagnostics) : '[]';
    this.published.set(uri, key);
    if (was !== key || (was === undefined && this.analyzer.isOpen(uri))) void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  /** Sets the count of findings shown for a file, and the total. */
  private count(uri: string, n: number): void {
    this.total += n - (this.counts.get(uri) ?? 0);
    if (n) this.counts.set(uri, n);
    else this.counts.delete(uri);
  }

  /**
   * The coverage summary in the output channel when it changes, with each file's parse-error regions
   * (the functions left out are logged above, one note each).
   */
  private logCoverage(cov: Coverage): void {
    const summary = `coverage: ${cov.files.length} file(s), ${cov.functions} function(s): ${cov.analysed} analysed, ${cov.skipped} not analysed; ${cov.parseErrorRegions} parse-error region(s) in ${cov.filesWithParseErrors} file(s)`;
    // The parse-error line of each file whose line changed (an edit that moves lines changes its own
    // file's only), under the summary when anything did.
    const lines = new Map<string, string>();
    for (const f of cov.files) if (f.parseErrors.length) lines.set(f.uri, parseErrorLine(f));
    const changed = [...lines].filter(([uri, line]) => this.loggedLines.get(uri) !== line).map(([, line]) => line);
    if (summary === this.loggedCoverage && changed.length === 0) return;
    this.loggedCoverage = summary;
    this.loggedLines = lines;
    this.connection.console.info(summary);
    for (const l of changed) this.connection.console.info(l);
  }

  lineText(uri: string, line: number): string {
    const text = this.textOf(uri) ?? '';
    return splitLines(text)[line] ?? '';
  }

  textOf(uri: string): string | undefined {
    return this.analyzer.trees.openText(uri) ?? this.analyzer.textOf(uri);
  }

  dispose(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.analyzer.trees.dispose();
  }
}

/** A file's parse-error line, made once per coverage entry (an edit makes a new entry for its file only). */
const errorLines = new WeakMap<FileCoverage, string>();
function parseErrorLine(f: FileCoverage): string {
  let line = errorLines.get(f);
  if (line === undefined) {
    line = `${f.uri}: parse errors at line(s) ${f.parseErrors.map((r) => (r.endLine > r.line ? `${r.line}-${r.endLine}` : `${r.line}`)).join(', ')}`;
    errorLines.set(f, line);
  }
  return line;
}
