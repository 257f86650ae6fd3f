// What one file's facts give, worked out once per facts object. A file's facts change in place only by
// offsets (an edit that moved them, openFacts.ts): any other edit, or a read, makes new ones. A result
// keyed by the facts object that holds no offset of its own (objects of the facts, names, flags) stays
// right for as long as that object is in the workspace.
import type { FileFacts } from './facts';

/** `read`, remembered per file's facts (forgotten with them). */
export function perFile<T>(read: (f: FileFacts) => T): (f: FileFacts) => T {
  const memo = new WeakMap<FileFacts, T>();
  return (f) => {
    if (memo.has(f)) return memo.get(f)!;
    const v = read(f);
    memo.set(f, v);
    return v;
  };
}
