// Reads the command line's PATHs into the analyzer and keeps going: each path that cannot be read,
// is left out or is analysed only in part becomes a problem with its reason, and the rest is analysed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { pathToFileURL } from 'node:url';
import type { Analyzer } from '../analysis/analyze';
import { cFiles, C_FILE, MAX_FILE_BYTES, readErrorReason, readSource, type PathProblem } from '../io/workspaceFiles';
import { defaultJobs, MIN_FILES_FOR_WORKERS, readInParallel, type FileToRead } from './parallelRead';

/**
 * unreadable: could not be read; skipped: left out on purpose (binary, a link out of the folder);
 * partial: analysed in part; note: worth knowing (an argument that does not look like C, a folder without C files).
 */
export interface InputProblem {
  path: string;
  kind: PathProblem['kind'] | 'partial' | 'note';
  reason: string;
}

export interface InputsRead {
  /** Files handed to the analyzer. */
  files: number;
  /** Set when reading stopped before the heap limit (see HEAP_SHARE): the files left unread, and the heap figures. */
  stopped?: { unread: number; usedMiB: number; limitMiB: number };
  /** Whether at least one PATH could be read (a file, or a folder listed). */
  anyPathRead: boolean;
  problems: InputProblem[];
}

export interface InputOptions {
  skipFolders: string[];
  followExternalLinks: boolean;
}

/**
 * Reading stops once the JavaScript heap holds this share of its limit: the analysis after reading
 * needs room too, and past the limit V8 aborts the process with no result at all.
 */
export const HEAP_SHARE = 0.7;

export async function readInputs(analyzer: Analyzer, paths: string[], options: InputOptions & { jobs?: number }): Promise<InputsRead> {
  const result: InputsRead = { files: 0, anyPathRead: false, problems: [] };
  const problem = (p: InputProblem) => result.problems.push(p);
  const full = (): boolean => {
    if (result.stopped) return true;
    const h = getHeapStatistics();
    if (h.used_heap_size < HEAP_SHARE * h.heap_size_limit) return false;
    result.stopped = { unread: 0, usedMiB: Math.round(h.used_heap_size / 2 ** 20), limitMiB: Math.round(h.heap_size_limit / 2 ** 20) };
    return true;
  };
  // The texts first (each path's problems in order), then parsed and read, in worker threads when there are
  // enough files: the facts are what fills the heap, so the heap is watched while they are read.
  const toRead: FileToRead[] = [];
  const readOne = (file: string): boolean => {
    let src: ReturnType<typeof readSource>;
    try {
      src = readSource(file);
    } catch (e) {
      problem({ path: file, kind: 'unreadable', reason: readErrorReason(file, e) });
      return false;
    }
    if (!src) {
      problem({ path: file, kind: 'skipped', reason: 'binary content' });
      return true;
    }
    if (src.truncated) problem({ path: file, kind: 'partial', reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; only its beginning was analysed` });
    toRead.push({ uri: pathToFileURL(path.resolve(file)).toString(), text: src.text });
    return true;
  };
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      problem({ path: p, kind: 'unreadable', reason: readErrorReason(p, e) });
      continue;
    }
    if (stat.isDirectory()) {
      let listed = true;
      let found = 0;
      for (const file of cFiles(p, {
        skipFolders: options.skipFolders,
        followExternalLinks: options.followExternalLinks,
        onProblem: (q) => {
          if (q.path === p) listed = false;
          problem(q);
        },
      })) {
        found++;
        readOne(file);
      }
      if (listed) result.anyPathRead = true;
      if (listed && found === 0) problem({ path: p, kind: 'note', reason: 'no C or C++ file in this folder' });
    } else {
      if (!C_FILE.test(p)) problem({ path: p, kind: 'note', reason: 'does not look like C or C++; analysed anyway' });
      if (readOne(p)) result.anyPathRead = true;
    }
  }
  const jobs = options.jobs ?? defaultJobs();
  let unread: FileToRead[] = [];
  if (jobs > 1 && toRead.length >= MIN_FILES_FOR_WORKERS) unread = await readInParallel(analyzer, toRead, jobs, full);
  else {
    for (const [i, f] of toRead.entries()) {
      if (full()) {
        unread = toRead.slice(i);
        break;
      }
      analyzer.setFile(f.uri, f.text);
    }
  }
  result.files = toRead.length - unread.length;
  if (result.stopped) result.stopped.unread = unread.length;
  return result;
}

/** The stderr line for a problem. */
export function describeProblem(q: InputProblem, shown: string): string {
  if (q.kind === 'unreadable') return `ndis-offload-lint: cannot read '${shown}': ${q.reason}`;
  if (q.kind === 'partial') return `ndis-offload-lint: note: '${shown}': ${q.reason}`;
  if (q.kind === 'skipped') return `ndis-offload-lint: note: skipped '${shown}': ${q.reason}`;
  return `ndis-offload-lint: note: '${shown}': ${q.reason}`;
}
