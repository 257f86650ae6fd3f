// Finds the C and C++ files of a folder and reads them. Links are followed without looping, but not
// out of the folder being scanned unless asked; folders of build output are skipped by name; every
// path that cannot be read is reported (with its reason) and the walk goes on.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const C_FILE = /\.(c|h|cc|cpp|cxx|hpp|hh|hxx|inl)$/i;

/** Folder names not entered by default: tool state and build output (documented in the README; setting ndisOffload.skipFolders). */
export const DEFAULT_SKIP_FOLDERS: readonly string[] = ['node_modules', '.git', '.vs', '.vscode', 'out', 'dist', 'obj', 'objfre', 'objchk', 'x64', 'Debug', 'Release'];

export interface WalkOptions {
  /** Folder names not to enter (default DEFAULT_SKIP_FOLDERS). */
  skipFolders?: Iterable<string>;
  /** Follow links whose target lies outside the folder being scanned (default false). */
  followExternalLinks?: boolean;
  /** Told about each path left out, with the reason. */
  onProblem?: (p: PathProblem) => void;
}

/** A path that could not be read (`unreadable`) or was deliberately not followed (`skipped`). */
export interface PathProblem {
  path: string;
  kind: 'unreadable' | 'skipped';
  reason: string;
}

/** Our words for why a path cannot be read. */
export function readErrorReason(p: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR': {
      try {
        if (fs.lstatSync(p).isSymbolicLink()) return `dangling link (its target '${fs.readlinkSync(p)}' does not exist)`;
      } catch {
        // not there at all
      }
      return 'no such file or folder';
    }
    case 'ELOOP':
      return 'link loop (the link leads back to itself)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'a folder, not a file';
    case 'ENAMETOOLONG':
      return 'name too long';
    default:
      return code ? `${code}: ${(e as Error).message}` : String((e as Error)?.message ?? e);
  }
}

const inside = (root: string, p: string) => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/** C files under `root`, read lazily; each real file and folder once (no loops). */
export function* cFiles(root: string, options: WalkOptions = {}): Generator<string> {
  const skip = new Set(options.skipFolders ?? DEFAULT_SKIP_FOLDERS);
  const report = options.onProblem ?? (() => undefined);
  const stack = [root];
  const seen = new Set<string>();
  let rootReal: string;
  try {
    rootReal = fs.realpathSync(root);
  } catch (e) {
    report({ path: root, kind: 'unreadable', reason: readErrorReason(root, e) });
    return;
  }
  seen.add(rootReal);
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      report({ path: dir, kind: 'unreadable', reason: readErrorReason(dir, e) });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      let real: string | undefined;
      if (e.isSymbolicLink()) {
        try {
          const st = fs.statSync(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
          real = fs.realpathSync(p);
        } catch (err) {
          // a broken link that may have been a C file or a folder is worth a word; others (README.md, ...) are not
          if (C_FILE.test(e.name) || !path.extname(e.name)) report({ path: p, kind: 'unreadable', reason: readErrorReason(p, err) });
          continue;
        }
        if ((isDir || (isFile && C_FILE.test(e.name))) && !options.followExternalLinks && !inside(rootReal, real)) {
          report({ path: p, kind: 'skipped', reason: `a link to '${real}', outside '${root}' (links out of the scanned folder are not followed unless allowed)` });
          continue;
        }
      }
      if (isDir) {
        if (skip.has(e.name)) continue;
        real ??= realOrUndefined(p);
        if (real !== undefined && !seen.has(real)) {
          seen.add(real);
          stack.push(p);
        }
      } else if (isFile && C_FILE.test(e.name)) {
        real ??= realOrUndefined(p);
        if (real !== undefined && !seen.has(real)) {
          seen.add(real);
          yield p;
        }
      }
    }
  }
}

function realOrUndefined(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined; // gone since it was listed
  }
}

/** Whether `file` lies in a skipped folder below `root` (for file events, which do not go through cFiles). */
export function inSkippedFolder(root: string, file: string, skipFolders: Iterable<string> = DEFAULT_SKIP_FOLDERS): boolean {
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const skip = new Set(skipFolders);
  return rel.split(path.sep).slice(0, -1).some((seg) => skip.has(seg));
}

/** Reads a source file; undefined for binary content. Very large files are cut (analysis stays bounded). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
export function readSource(file: string): { text: string; truncated: boolean } | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(size, MAX_FILE_BYTES));
    fs.readSync(fd, buf, 0, buf.length, 0);
    if (buf.subarray(0, 8192).includes(0)) return undefined;
    return { text: buf.toString('utf8'), truncated: size > MAX_FILE_BYTES };
  } finally {
    fs.closeSync(fd);
  }
}
