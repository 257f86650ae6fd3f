// The findings per file as last reported, made again only for the files that may read differently:
// those with findings now or at the last report, those whose entry changed since, and those with
// suppression comments. A workspace of thousands of files has findings in a few and changes one per
// keystroke; the others keep their lists (the same arrays), and changed() names those made again.
import type { Finding } from './findings';
import { sameList } from './sameList';

export class Reports {
  private last: { out: Map<string, Finding[]>; key: readonly unknown[]; withFindings: Set<string> } | undefined;
  /** Files whose entry changed since the last report. */
  private readonly touched = new Set<string>();
  /** Files with suppression comments (their unused ones are reported again with every report). */
  private readonly suppressed = new Set<string>();
  private lastChanged: ReadonlySet<string> | undefined;

  /** A file's entry was set (read, edited, or failed). */
  entrySet(uri: string, hasSuppressions: boolean): void {
    this.touched.add(uri);
    if (hasSuppressions) this.suppressed.add(uri);
    else this.suppressed.delete(uri);
  }

  /** A file went: the next report is made whole (a file read again later comes last, as in a fresh one). */
  fileGone(uri: string): void {
    this.suppressed.delete(uri);
    this.last = undefined;
  }

  /**
   * The report: `found` holds the findings of the files that have some, `uris` every file, `report` makes
   * one file's list (suppressions applied) or undefined for a file gone. `key` says what else the lists
   * depend on (the rules and their severities): a key that differs in any element makes every list
   * again. The map returned is updated in place by the next call (a copy of a map of thousands of files costs more than the rest).
   */
  make(found: ReadonlyMap<string, Finding[]>, uris: () => Iterable<string>, key: readonly unknown[], report: (uri: string, list: Finding[]) => Finding[] | undefined): Map<string, Finding[]> {
    const was = this.last?.key;
    const last = sameList(was, key) ? this.last : undefined;
    const out = last ? last.out : new Map<string, Finding[]>();
    const redo = last ? new Set([...found.keys(), ...last.withFindings, ...this.touched, ...this.suppressed]) : uris();
    const withFindings = new Set<string>();
    const changed = new Set<string>();
    for (const uri of redo) {
      const list = report(uri, found.get(uri) ?? []);
      if (!list) {
        if (out.delete(uri)) changed.add(uri);
        continue;
      }
      if (list.length) withFindings.add(uri);
      // (A file without findings, then and now, keeps its list: nothing to publish again.)
      if (list.length === 0 && out.get(uri)?.length === 0) continue;
      out.set(uri, list);
      changed.add(uri);
    }
    this.touched.clear();
    this.last = { out, key, withFindings };
    this.lastChanged = last ? changed : undefined;
    return out;
  }

  /** The files whose list the last report made again, those gone included (undefined: every file's). */
  changed(): ReadonlySet<string> | undefined {
    return this.lastChanged;
  }
}
