// The language of every file of the workspace: C and C++ sources by their extension, a header by
// the files that include it. A header included only from C++ (sources, or headers that are C++
// themselves) is read with the C++ grammar; one that some C file includes stays C (it must be valid
// C, which the C grammar reads best); one nobody includes is C++ when its own text declares a
// namespace, a class or a template. Changes travel down the include graph, each file visited a
// bounded number of times.
import { baseName, includedNames, kindOfPath, type Lang } from '../parse/language';
import type { Edit } from '../parse/blank';

interface FileEntry {
  lang: Lang;
  /** Base names this file includes. */
  includes: string[];
  /** Its own text looks like C++ (used only for headers nobody includes). */
  looksCpp: boolean;
}

/** Times one update may re-decide a file: include cycles cannot make it loop. */
const MAX_VISITS = 4;

export class FileLanguages {
  private readonly files = new Map<string, FileEntry>();
  /** Header base name -> how many C and C++ files include it. */
  private readonly counts = new Map<string, { c: number; cpp: number }>();
  /** Header base name -> the files with that name. */
  private readonly named = new Map<string, Set<string>>();

  lang(uri: string): Lang {
    return this.files.get(uri)?.lang ?? (kindOfPath(uri) === 'cpp' ? 'cpp' : 'c');
  }

  /**
   * Records a file's text; returns its language and the other files whose language changed with it
   * (their facts must be read again with the other grammar).
   */
  set(uri: string, text: string): { lang: Lang; changed: string[] } {
    const old = this.files.get(uri);
    if (old) this.count(old.includes, old.lang, -1);
    else this.nameSet(uri).add(uri);
    const entry: FileEntry = { lang: 'c', includes: includedNames(text), looksCpp: looksLikeCpp(text) };
    this.files.set(uri, entry);
    entry.lang = this.decide(uri, entry);
    this.count(entry.includes, entry.lang, +1);
    const changed = this.settle(old ? new Set([...old.includes, ...entry.includes]) : new Set(entry.includes));
    changed.delete(uri);
    return { lang: entry.lang, changed: [...changed] };
  }

  /**
   * A file's text changed by `edit` from `before`: its language and the other files whose language
   * changed. The whole text is read again only when the lines the edit touched, before or after it,
   * hold an `#include` or a line that looks like C++ (nothing else decides a language).
   */
  edited(uri: string, before: string, after: string, edit: Edit): { lang: Lang; changed: string[] } {
    const e = this.files.get(uri);
    if (e && !decidesLanguage(lines(before, edit.start, edit.oldEnd)) && !decidesLanguage(lines(after, edit.start, edit.newEnd))) return { lang: e.lang, changed: [] };
    return this.set(uri, after);
  }

  /** Forgets a file; returns the files whose language changed. */
  delete(uri: string): string[] {
    const old = this.files.get(uri);
    if (!old) return [];
    this.count(old.includes, old.lang, -1);
    this.files.delete(uri);
    this.named.get(baseName(uri))?.delete(uri);
    return [...this.settle(new Set(old.includes))];
  }

  private nameSet(uri: string): Set<string> {
    const name = baseName(uri);
    let set = this.named.get(name);
    if (!set) this.named.set(name, (set = new Set()));
    return set;
  }

  private count(names: readonly string[], lang: Lang, delta: number): void {
    for (const n of names) {
      let c = this.counts.get(n);
      if (!c) this.counts.set(n, (c = { c: 0, cpp: 0 }));
      c[lang] += delta;
    }
  }

  private decide(uri: string, e: FileEntry): Lang {
    const kind = kindOfPath(uri);
    if (kind !== 'header') return kind;
    const c = this.counts.get(baseName(uri));
    if (!c || c.c + c.cpp === 0) return e.looksCpp ? 'cpp' : 'c';
    return c.cpp > 0 && c.c === 0 ? 'cpp' : 'c';
  }

  /** Re-decides the headers named in `names`, and those they include in turn, until nothing changes. */
  private settle(names: Set<string>): Set<string> {
    const changed = new Set<string>();
    const visits = new Map<string, number>();
    const work = [...names];
    while (work.length) {
      const name = work.pop()!;
      for (const uri of this.named.get(name) ?? []) {
        const e = this.files.get(uri);
        if (!e) continue;
        const lang = this.decide(uri, e);
        if (lang === e.lang) continue;
        const n = (visits.get(uri) ?? 0) + 1;
        if (n > MAX_VISITS) continue;
        visits.set(uri, n);
        this.count(e.includes, e.lang, -1);
        e.lang = lang;
        this.count(e.includes, e.lang, +1);
        changed.add(uri);
        for (const inc of e.includes) work.push(inc);
      }
    }
    return changed;
  }
}

const CPP_LINE = /^[ \t]*(?:namespace\b|class[ \t]+[A-Za-z_]\w*[ \t]*(?:[:{]|$)|template[ \t]*<|extern[ \t]+"C\+\+")/m;

/** A line that opens a namespace, a class or a template, or an `extern "C++"` block (one pass over the lines). */
function looksLikeCpp(text: string): boolean {
  return CPP_LINE.test(text);
}

/** Lines that an include or a C++-looking line could be read from (both are read line by line). */
function decidesLanguage(lines: string): boolean {
  return (lines.includes('#') && includedNames(lines).length > 0) || looksLikeCpp(lines);
}

/** The whole lines of `text` that hold [from, to] (cut at LFs: a CR or LF-only line is inside such a span). */
function lines(text: string, from: number, to: number): string {
  const start = from <= 0 ? 0 : text.lastIndexOf('\n', from - 1) + 1;
  const end = text.indexOf('\n', to);
  return text.slice(start, end < 0 ? text.length : end);
}
