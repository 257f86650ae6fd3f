// ndisOffload.exclude: which files the analysis leaves out. Patterns are
// minimatch globs, matched against the path relative to the workspace folder
// that holds the file (so `src/**` means the workspace's own src folder, not any
// folder above it) and against each folder on the way, as .gitignore does.
// minimatch 11 matches without backtracking, so no pattern and no file name can
// make this slow; patterns it refuses (too long) are reported, never dropped silently.
import * as path from 'node:path';
import { Minimatch, type MinimatchOptions } from 'minimatch';

export interface ExcludeMatcher {
  excluded(file: string): boolean;
  /** One sentence per pattern that could not be used. */
  readonly problems: string[];
}

const OPTIONS: MinimatchOptions = {
  dot: true, // `**` reaches into .hidden folders too
  matchBase: true, // a pattern without a slash names a file or folder at any depth
  nocomment: true, // `#x` is a name, not a comment
  nonegate: true, // `!x` is a name: excluding everything but x is not what a list of excludes means
  nocase: process.platform === 'win32',
  platform: 'linux', // paths are given with forward slashes on every platform
};

/** minimatch's own limit, checked here so the message is ours. */
const MAX_PATTERN = 64 * 1024;

/** `roots` are the workspace folders (file system paths); `patterns` the setting's value. */
export function excludeMatcher(patterns: readonly string[], roots: readonly string[]): ExcludeMatcher {
  const problems: string[] = [];
  const globs: Minimatch[] = [];
  for (const raw of patterns) {
    const p = raw.trim().replace(/^\.\//, '');
    if (p === '') continue;
    const shown = JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw);
    if (p.length > MAX_PATTERN) {
      problems.push(`ndisOffload.exclude: the pattern ${shown} is ignored: it is longer than ${MAX_PATTERN} characters`);
      continue;
    }
    try {
      globs.push(new Minimatch(p, OPTIONS));
    } catch {
      problems.push(`ndisOffload.exclude: the pattern ${shown} is ignored: it is not a glob the matcher can compile`);
    }
  }
  // The deepest folder first, so a file in a nested workspace folder is relative to that one.
  const folders = [...roots].sort((a, b) => b.length - a.length);
  return {
    problems,
    excluded(file: string): boolean {
      if (globs.length === 0) return false;
      const rel = relativePath(file, folders);
      // The file itself, then each folder above it: `**/gen` leaves out everything under any gen folder.
      let cut = rel.length;
      for (;;) {
        const candidate = rel.slice(0, cut);
        if (candidate && globs.some((g) => g.match(candidate))) return true;
        cut = rel.lastIndexOf('/', cut - 1);
        if (cut <= 0) return false;
      }
    },
  };
}

/** Forward-slash path relative to the folder that holds `file`; the full path when none does. */
export function relativePath(file: string, folders: readonly string[]): string {
  for (const root of folders) {
    const rel = path.relative(root, file);
    if (rel && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)) return rel.replace(/\\/g, '/');
  }
  return file.replace(/\\/g, '/');
}
