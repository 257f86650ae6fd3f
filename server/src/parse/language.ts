// Which grammar reads a file. C++ sources by their extension; a header by the files that include
// it (a header that only C++ sources include is C++; see Analyzer's include tracking).

export type Lang = 'c' | 'cpp';

const CPP_SOURCE = new Set(['cpp', 'cc', 'cxx', 'c++', 'cp']);
const CPP_HEADER = new Set(['hpp', 'hh', 'hxx', 'h++', 'ipp', 'tpp']);

/** What a file's extension says: a C source, a C++ file, or a header whose language its includers decide. */
export function kindOfPath(uriOrPath: string): 'c' | 'cpp' | 'header' {
  const name = baseName(uriOrPath);
  const dot = name.lastIndexOf('.');
  const ext = dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
  if (CPP_SOURCE.has(ext) || CPP_HEADER.has(ext)) return 'cpp';
  if (ext === 'c') return 'c';
  return 'header';
}

/** The last part of a path or URI, lower case (how `#include "X.h"` names it). */
export function baseName(uriOrPath: string): string {
  const cut = Math.max(uriOrPath.lastIndexOf('/'), uriOrPath.lastIndexOf('\\'));
  return uriOrPath.slice(cut + 1).toLowerCase();
}

/** The file names (lower case, without folders) a text includes with `#include "..."` or `<...>`. */
export function includedNames(text: string): string[] {
  const out: string[] = [];
  // One pass over the lines that start with `#include`: linear, nothing can backtrack across lines.
  for (const m of text.matchAll(/^[ \t]*#[ \t]*include[ \t]*["<]([^">\r\n]{1,260})[">]/gm)) out.push(baseName(m[1]));
  return out;
}
