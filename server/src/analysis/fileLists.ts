// What each file gives for one question (its roles, its functions that may hold an event ...), kept
// for the files where the answer is not empty and worked out again only for the files an edit changed.
// A pass over the workspace that reads such a list instead of every file's facts is not made again
// when an edit leaves every file's answer as it was (WorkspaceIndex.filesWith, .derived).
import type { FileFacts } from './facts';
import { sameList } from './sameList';

/** One file's non-empty answer. */
export interface FileItems<T> {
  uri: string;
  items: readonly T[];
}

export class FileList<T> {
  /** Non-empty answers by uri. */
  private entries = new Map<string, readonly T[]>();
  /** The entries in uri order (the order of WorkspaceIndex.filesInOrder), made when first asked for. */
  private ordered: FileItems<T>[] | undefined;
  /** Files changed since the lists were last brought up to date ('all': every file, as after a rebuild). */
  private pending: Set<string> | 'all' = 'all';
  /** Moves when some file's answer changed (compared item by item): what a lookup of the list answers. */
  version = 0;

  constructor(
    private readonly read: (f: FileFacts) => readonly T[],
    private readonly same: (a: T, b: T) => boolean,
  ) {}

  /** One file's facts changed (or it is gone). */
  changed(uri: string): void {
    if (this.pending !== 'all') this.pending.add(uri);
  }

  /** Every file's facts may have changed. */
  reset(): void {
    this.pending = 'all';
  }

  /** Brings the answers up to date with `files`. */
  update(files: ReadonlyMap<string, FileFacts>): void {
    const pending = this.pending;
    if (pending !== 'all' && pending.size === 0) return;
    this.pending = new Set();
    if (pending === 'all') {
      const next = new Map<string, readonly T[]>();
      for (const [uri, f] of files) {
        const items = this.read(f);
        if (items.length) next.set(uri, items);
      }
      if (next.size === this.entries.size && [...next].every(([uri, items]) => this.sameItems(this.entries.get(uri), items))) return;
      this.entries = next;
      this.changedList();
      return;
    }
    for (const uri of pending) {
      const f = files.get(uri);
      const items = f ? this.read(f) : [];
      const old = this.entries.get(uri);
      if (this.sameItems(old, items)) continue;
      if (items.length) this.entries.set(uri, items);
      else this.entries.delete(uri);
      this.changedList();
    }
  }

  /** The files with a non-empty answer, in uri order (call update() first). */
  list(): readonly FileItems<T>[] {
    return (this.ordered ??= [...this.entries.keys()].sort().map((uri) => ({ uri, items: this.entries.get(uri)! })));
  }

  private changedList(): void {
    this.ordered = undefined;
    this.version++;
  }

  private sameItems(a: readonly T[] | undefined, b: readonly T[]): boolean {
    return a ? sameList(a, b, this.same) : b.length === 0;
  }
}
