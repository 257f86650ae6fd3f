// Finds the C and C++ files of a folder, without following links into loops.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const C_FILE = /\.(c|h|cc|cpp|cxx|hpp|hh|hxx|inl)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', '.vs', '.vscode', 'out', 'dist', 'obj', 'objfre', 'objchk', 'x64', 'Debug', 'Release']);

/** C files under `root`, read lazily; links are followed, each real file and folder once (no loops). */
export function* cFiles(root: string): Generator<string> {
  const stack = [root];
  const seen = new Set<string>();
  const once = (p: string) => {
    let real: string;
    try {
      real = fs.realpathSync(p);
    } catch {
      return false; // a dangling link
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  };
  once(root);
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = fs.statSync(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (!SKIP_DIRS.has(e.name) && once(p)) stack.push(p);
      } else if (isFile && C_FILE.test(e.name) && once(p)) yield p;
    }
  }
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
