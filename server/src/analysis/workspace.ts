// The facts of every file of the workspace, indexed for resolution across files.
import type { CallSite, FileFacts, FunctionFacts, MacroFacts } from './facts';
import type { Cfg } from './cfg';
import { WDK_MACRO_BY_NAME } from '../ndis/wdkMacros';
import { FileList, type FileItems } from './fileLists';
import { sameList } from './sameList';

/** Where the WDK's built-in macros "are" (no file: locations there are mapped to the macro's use). */
export const BUILTIN_URI = 'ndis-offload:builtin/wdk-macros.h';
const builtins = new Map<string, MacroFacts>();

/** A WDK macro the workspace uses without defining it, as the facts of a #define. */
function builtinMacro(name: string): MacroFacts | undefined {
  const hit = builtins.get(name);
  if (hit) return hit;
  const m = WDK_MACRO_BY_NAME.get(name);
  if (!m) return undefined;
  const facts: MacroFacts = { name, uri: BUILTIN_URI, builtin: true, params: [...m.params], body: m.body, bodyStart: 0, nameLoc: { uri: BUILTIN_URI, start: 0, end: 0 } };
  builtins.set(name, facts);
  return facts;
}

/** What a lookup of the workspace index read: `kind:name` -> the answer (compared by identity). */
export type Reads = Map<string, unknown>;

export interface CallerRef {
  fn: FunctionFacts;
  call: CallSite;
}

export class WorkspaceIndex {
  readonly files = new Map<string, FileFacts>();
  private built = false;
  /** Counts rebuilds: results memoised for one generation are valid until the next change. */
  generation = 0;
  private functions = new Map<string, FunctionFacts[]>();
  private callers = new Map<string, CallerRef[]>();
  // What files declare for the others, by name, each name's declarations in file order: the first file's wins.
  private macros = new Map<string, Declared<MacroFacts>[]>();
  private structs = new Map<string, Declared<Map<string, string>>[]>();
  private typedefs = new Map<string, Declared<string>[]>();
  private globals = new Map<string, Declared<string>[]>();
  private constants = new Map<string, Declared<string>[]>();
  /** Handler alias -> how many files declare it; `aliases` holds those declared at least once. */
  private aliasCounts = new Map<string, number>();
  private aliases = new Set<string>();
  /** Bumped when the set of handler aliases changes (the set itself is one object). */
  private aliasVersion = 0;
  /** Name -> how many times files store it in a table or structure field (`{ ..., &F }`, `x.Handler = F`). */
  private tableCounts = new Map<string, number>();
  /**
   * The last generation in which some answer of each kind of lookup may have changed: a kept result that
   * made lookups of unchanged kinds only (a status code's #define, say, after a letter typed in a
   * function) is still valid without asking its lookups again.
   */
  private kindChanged = new Map<LookupKind, number>();
  /** Kinds whose answers the build under way may change. */
  private touching = new Set<LookupKind>();
  /** For generation `changedSinceOf`: the kinds changed after a generation, by generation (untouchedSince). */
  private changedSince = new Map<number, number>();
  private changedSinceOf = -1;
  /** Lookups are recorded into the innermost of these (see track()). */
  private readers: Reads[] = [];
  /** The answers unchanged() gave in generation `answersOf`, by lookup key (nothing changes them within one). */
  private answers = new Map<string, unknown>();
  private answersOf = -1;
  /** Values made from the whole workspace, by name (see derived()). */
  private derivations = new Map<string, Derivation<unknown>>();
  /** Per-file answers kept for the files that give one (see filesWith()), by name. */
  private lists = new Map<string, FileList<unknown>>();
  /** Every function in index order, made when first asked for in a generation (most edits never ask). */
  private flat: FunctionFacts[] | undefined;
  private inOrder: FileFacts[] = [];
  /** Files changed since the last build, with the facts they had then (undefined: new file). */
  private changed = new Map<string, FileFacts | undefined>();
  private sortedUris: string[] | undefined;
  private everBuilt = false;
  /**
   * The control-flow graph of a function, built when it has none yet and with the control flow of its macros
   * spliced in (the Analyzer, which owns the trees, sets it); without it, the graph kept with the facts.
   */
  cfgSource: ((fn: FunctionFacts) => Cfg | undefined) | undefined;

  set(facts: FileFacts): void {
    if (!this.changed.has(facts.uri)) this.changed.set(facts.uri, this.files.get(facts.uri));
    if (!this.files.has(facts.uri)) this.sortedUris = undefined;
    this.files.set(facts.uri, facts);
    this.built = false;
  }

  delete(uri: string): void {
    if (!this.files.has(uri)) return;
    if (!this.changed.has(uri)) this.changed.set(uri, this.files.get(uri));
    this.files.delete(uri);
    this.sortedUris = undefined;
    this.built = false;
  }

  private uris(): string[] {
    this.sortedUris ??= [...this.files.keys()].sort();
    return this.sortedUris;
  }

  private build(): void {
    if (this.built) return;
    // An edit changes one file: its functions, calls and declarations are swapped in place in the big
    // indexes (which keep file order), instead of rebuilding them from every file of the workspace.
    const incremental = this.everBuilt && this.changed.size * 5 < this.files.size;
    // Whatever changed: the files, the lists and values made from them, the functions and their callers.
    for (const k of EVERY_BUILD) this.touching.add(k);
    if (incremental) {
      for (const uri of this.changed.keys()) for (const l of this.lists.values()) l.changed(uri);
      this.updateCallIndexes();
      for (const [uri, old] of this.changed) {
        const now = this.files.get(uri);
        if (old && now) this.redeclare(old, now);
        else {
          if (old) this.declare(old, -1);
          if (now) this.declare(now, +1);
        }
      }
    } else {
      for (const l of this.lists.values()) l.reset();
      this.rebuildCallIndexes();
      this.rebuildDeclarations();
    }
    this.changed.clear();
    this.everBuilt = true;
    this.inOrder = this.uris().map((u) => this.files.get(u)!);
    this.flat = undefined;
    this.built = true;
    this.generation++;
    for (const k of incremental ? this.touching : ALL_KINDS) this.kindChanged.set(k, this.generation);
    this.touching.clear();
  }

  private rebuildDeclarations(): void {
    for (const m of [this.macros, this.structs, this.typedefs, this.globals, this.constants]) m.clear();
    this.aliasCounts.clear();
    this.aliases.clear();
    this.tableCounts.clear();
    this.aliasVersion++;
    // Files in a stable order, so that results never depend on the order files were opened.
    for (const uri of this.uris()) this.declare(this.files.get(uri)!, +1);
  }

  /** Adds (+1) or removes (-1) what one file declares for the others. */
  private declare(f: FileFacts, sign: 1 | -1): void {
    const each = <V>(m: Map<string, Declared<V>[]>, entries: Iterable<[string, V]>) => {
      if (sign < 0) for (const [k] of entries) drop(m, k, (d) => d.uri === f.uri);
      // One entry per name and file, the file's first (as a rebuild in file order keeps).
      else for (const [k, v] of firstOfEach(entries)) insertInFileOrder(m, k, [{ uri: f.uri, value: v }], f.uri, (d) => d.uri);
    };
    each(this.macros, macroEntries(f));
    each(this.structs, f.structs);
    each(this.typedefs, f.typedefs);
    each(this.globals, f.globals);
    each(this.constants, f.constants);
    for (const k of DECLARED) this.touching.add(k);
    this.count(f, sign);
  }

  /**
   * What a file declares after an edit, in place of what it declared before: only the names whose
   * declaration changed are swapped (an edit keeps the objects of the declarations it did not touch, and
   * a file such as P2P.c declares hundreds).
   */
  private redeclare(old: FileFacts, now: FileFacts): void {
    const each = <V>(m: Map<string, Declared<V>[]>, before: Iterable<[string, V]>, after: Iterable<[string, V]>, kind: LookupKind) => {
      if (sameEntries(before, after)) return; // (most edits: no map made)
      this.touching.add(kind);
      const a = firstOfEach(before);
      const b = firstOfEach(after);
      for (const [k, v] of a) if (b.get(k) !== v || !b.has(k)) drop(m, k, (d) => d.uri === now.uri);
      for (const [k, v] of b) if (a.get(k) !== v || !a.has(k)) insertInFileOrder(m, k, [{ uri: now.uri, value: v }], now.uri, (d) => d.uri);
    };
    if (!sameList(old.macros, now.macros)) each(this.macros, macroEntries(old), macroEntries(now), 'macro');
    each(this.structs, old.structs, now.structs, 'struct');
    each(this.typedefs, old.typedefs, now.typedefs, 'typedef');
    each(this.globals, old.globals, now.globals, 'global');
    each(this.constants, old.constants, now.constants, 'constant');
    // (Counted in before the old are counted out: an alias both declare is never gone in between, and the
    // version of the set of aliases moves only when the set does.)
    this.count(now, +1);
    this.count(old, -1);
  }

  /** Counts (+1) or stops counting (-1) a file's functions stored in fields and its handler aliases. */
  private count(f: FileFacts, sign: 1 | -1): void {
    for (const a of f.fieldFunctionAssignments) {
      const n = (this.tableCounts.get(a.value) ?? 0) + sign;
      if (n > 0) {
        if (!this.tableCounts.has(a.value)) this.touching.add('table');
        this.tableCounts.set(a.value, n);
      } else {
        this.tableCounts.delete(a.value);
        this.touching.add('table');
      }
    }
    for (const a of f.handlerAliases) {
      const n = (this.aliasCounts.get(a) ?? 0) + sign;
      if (n > 0) {
        this.aliasCounts.set(a, n);
        if (!this.aliases.has(a)) this.aliasVersion++;
        this.aliases.add(a);
      } else {
        this.aliasCounts.delete(a);
        this.aliases.delete(a);
        this.aliasVersion++;
      }
      this.touching.add('aliases');
    }
  }

  private rebuildCallIndexes(): void {
    this.functions.clear();
    this.callers.clear();
    for (const uri of this.uris()) {
      for (const fn of this.files.get(uri)!.functions) {
        push(this.functions, fn.name, fn);
        for (const call of fn.calls) push(this.callers, call.name, { fn, call });
      }
    }
  }

  private updateCallIndexes(): void {
    for (const [uri, old] of this.changed) {
      const now = this.files.get(uri);
      // Functions an edit left alone are the same objects (moved in place): only the names of those
      // gone or new are swapped, each name's entries of this file replaced in source order.
      const kept = new Set(now?.functions ?? []);
      const before = new Set(old?.functions ?? []);
      const fnNames = new Set<string>();
      const callNames = new Set<string>();
      const touched = (fn: FunctionFacts) => {
        fnNames.add(fn.name);
        for (const c of fn.calls) callNames.add(c.name);
      };
      for (const fn of before) if (!kept.has(fn)) touched(fn);
      for (const fn of kept) if (!before.has(fn)) touched(fn);
      if (fnNames.size === 0) continue;
      const fnsByName = new Map<string, FunctionFacts[]>();
      const refsByName = new Map<string, CallerRef[]>();
      for (const fn of now?.functions ?? []) {
        if (fnNames.has(fn.name)) push(fnsByName, fn.name, fn);
        for (const call of fn.calls) if (callNames.has(call.name)) push(refsByName, call.name, { fn, call });
      }
      for (const name of fnNames) {
        const had = this.functions.has(name);
        replaceFileEntries(this.functions, name, fnsByName.get(name) ?? [], uri, (fn) => fn.uri);
        if (had !== this.functions.has(name)) this.touching.add('defined');
      }
      for (const name of callNames) replaceFileEntries(this.callers, name, refsByName.get(name) ?? [], uri, (r) => r.fn.uri);
    }
  }

  /**
   * Runs `f` recording every lookup it makes (nested tracks record into their own reads only), so that
   * a result kept across edits can be checked with unchanged(): the work it did is still valid while
   * every name it looked up gives the same answer.
   */
  track<T>(f: () => T): { value: T; reads: Reads } {
    const reads: Reads = new Map();
    this.readers.push(reads);
    try {
      return { value: f(), reads };
    } finally {
      this.readers.pop();
    }
  }

  /** True when every lookup in `reads` still gives the same answer; then they count as made again (passOn). */
  unchanged(reads: Reads): boolean {
    if (!this.answersSame(reads)) return false;
    this.passOn(reads);
    return true;
  }

  /** True when every lookup in `reads` still gives the same answer. */
  private answersSame(reads: Reads): boolean {
    this.build();
    if (this.answersOf !== this.generation) {
      this.answers.clear();
      this.answersOf = this.generation;
    }
    // (forEach: a for-of over the entries makes an array per entry, and this runs for every kept result.)
    let same = true;
    reads.forEach((was, key) => {
      if (!same) return;
      // Thousands of kept results ask the same few names again after an edit: each is answered once.
      let now = this.answers.get(key);
      if (now === undefined && !this.answers.has(key)) {
        const i = key.indexOf(':');
        now = this.answer(key.slice(0, i) as LookupKind, key.slice(i + 1));
        this.answers.set(key, now);
      }
      if (now !== was) same = false;
    });
    return same;
  }

  /** Records `reads` for the enclosing track, as if its lookups were made now (a result taken from a cache). */
  passOn(reads: Reads): void {
    const outer = this.readers[this.readers.length - 1];
    if (outer) reads.forEach((v, k) => outer.set(k, v));
  }

  /**
   * A result kept by a cache of its own (`cached`: what it kept last time, or undefined): reused when
   * made in this generation or while every lookup it made still answers the same, computed (and its
   * lookups recorded) otherwise. Either way its lookups are passed on to an enclosing track.
   */
  keep<V>(cached: Kept<V> | undefined, compute: () => V): Kept<V> {
    this.build();
    if (cached) {
      let valid = cached.generation === this.generation || this.untouchedSince(cached.kinds, cached.generation);
      if (valid) this.passOn(cached.reads);
      else valid = this.unchanged(cached.reads); // (which passes them on itself)
      if (valid) {
        cached.generation = this.generation;
        return cached;
      }
    }
    const { value, reads } = this.track(compute);
    this.passOn(reads);
    return { value, reads, generation: this.generation, kinds: kindsOf(reads) };
  }

  /**
   * True when no answer of the kinds `kinds` (KIND_BIT bits; undefined: unknown) may have changed after
   * generation `since`: a kept result last valid then is valid without asking its lookups again.
   */
  private untouchedSince(kinds: number | undefined, since: number): boolean {
    if (kinds === undefined) return false;
    this.build();
    if (this.changedSinceOf !== this.generation) {
      this.changedSince.clear();
      this.changedSinceOf = this.generation;
    }
    let mask = this.changedSince.get(since);
    if (mask === undefined) {
      mask = 0;
      for (const [kind, at] of this.kindChanged) if (at > since) mask |= KIND_BIT[kind];
      this.changedSince.set(since, mask);
    }
    return (mask & kinds) === 0;
  }


  private answer(kind: LookupKind, name: string): unknown {
    this.build();
    switch (kind) {
      case 'all': return this.inOrder;
      case 'file': return this.files.get(name);
      case 'fn': return this.functions.get(name);
      case 'defined': return this.functions.has(name);
      case 'macro': return this.macros.get(name)?.[0].value ?? builtinMacro(name);
      case 'callers': return this.callers.get(name);
      case 'aliases': return this.aliasVersion;
      case 'struct': return this.structs.get(name)?.[0].value;
      case 'typedef': return this.typedefs.get(name)?.[0].value;
      case 'global': return this.globals.get(name)?.[0].value;
      case 'constant': return this.constants.get(name)?.[0].value;
      case 'table': return this.tableCounts.has(name);
      case 'derived': {
        const d = this.derivations.get(name);
        return d && this.refresh(d);
      }
      case 'files': {
        const l = this.lists.get(name);
        l?.update(this.files);
        return l?.version;
      }
    }
  }

  /** Records a lookup for the innermost track (lookups are hot: nothing is built when none is under way). */
  private note<T>(kind: LookupKind, name: string, v: T): T {
    const n = this.readers.length;
    if (n) this.readers[n - 1].set(kind + ':' + name, v);
    return v;
  }

  private read(kind: LookupKind, name: string): unknown {
    return this.note(kind, name, this.answer(kind, name));
  }

  functionsNamed(name: string): FunctionFacts[] {
    this.build();
    return this.note('fn', name, this.functions.get(name)) ?? [];
  }
  /** Whether the workspace defines a function of this name (a lookup that an edit inside a function leaves as it was). */
  hasFunction(name: string): boolean {
    return this.read('defined', name) as boolean;
  }
  /** A macro of the workspace, or else one of the WDK's own that drivers use without defining (wdkMacros.ts). */
  macro(name: string): MacroFacts | undefined {
    return this.read('macro', name) as MacroFacts | undefined;
  }
  callersOf(name: string): CallerRef[] {
    this.build();
    return this.note('callers', name, this.callers.get(name)) ?? [];
  }
  /** Names through which the NdisTcpOffloadEventHandler pointer is called. */
  handlerNames(): ReadonlySet<string> {
    this.read('aliases', '');
    return this.aliases;
  }
  struct(name: string): Map<string, string> | undefined {
    return this.read('struct', name) as Map<string, string> | undefined;
  }
  typedef(name: string): string | undefined {
    return this.read('typedef', name) as string | undefined;
  }
  global(name: string): string | undefined {
    return this.read('global', name) as string | undefined;
  }
  /** A function's control-flow graph: its own, or one built now when a source is set. */
  cfg(fn: FunctionFacts): Cfg | undefined {
    return this.cfgSource ? this.cfgSource(fn) : fn.cfg;
  }
  /** Some file stores the function's name in a table or a structure field (it may be called through it). */
  inTable(name: string): boolean {
    return this.read('table', name) as boolean;
  }
  /** A named constant's initializer (`constexpr ULONG kX = 5;`). */
  constant(name: string): string | undefined {
    return this.read('constant', name) as string | undefined;
  }
  /** Brings the indexes and `generation` up to date, without counting as a lookup. */
  upToDate(): void {
    this.build();
  }

  /** Every function (a computation that reads this list depends on every file: it is never kept across an edit). */
  allFunctions(): readonly FunctionFacts[] {
    this.build();
    this.note('all', '', this.inOrder);
    return (this.flat ??= this.inOrder.flatMap((f) => f.functions));
  }
  /** Every file's facts in uri order, the order of allFunctions() (the same lookup: never kept across an edit). */
  filesInOrder(): readonly FileFacts[] {
    this.build();
    return this.note('all', '', this.inOrder);
  }
  /**
   * The files where `read` gives a non-empty list (their roles, their functions that may hold an event
   * ...), in uri order, with what it gave. `read` runs again only for the files changed since it was last
   * asked (an edit changes one), and the lookup, one name, answers differently only when some file's list
   * did (compared item by item with `same`): a value made from it instead of from every file's facts
   * (filesInOrder) stays valid across an edit that left the lists as they were. `read` must depend on the
   * file's facts alone, and each name always comes with the same `read`.
   */
  filesWith<T>(name: string, read: (f: FileFacts) => readonly T[], same: (a: T, b: T) => boolean = Object.is): readonly FileItems<T>[] {
    this.build();
    let l = this.lists.get(name) as FileList<T> | undefined;
    if (!l) this.lists.set(name, (l = new FileList(read, same)) as FileList<unknown>);
    l.update(this.files);
    this.note('files', name, l.version);
    return l.list();
  }

  /**
   * A value made from the whole workspace (an index over every file), looked up as one name. It is made
   * again in a new generation unless every lookup `make` made gives the same answer (a value that looks
   * through every file, filesInOrder(), is made again each time); when the new value is `same` as the
   * last, the last is kept, so that a result that read it stays valid across the edit. The lookups
   * `make` does are its own (not passed on to the reader), so `same` must hold only when anything read
   * from the new value reads the same from the old one.
   */
  derived<V>(name: string, make: () => V, same: (a: V, b: V) => boolean): V {
    this.build();
    let d = this.derivations.get(name) as Derivation<V> | undefined;
    if (!d) this.derivations.set(name, (d = { make, same, generation: -1, value: undefined as V, reads: new Map() }) as Derivation<unknown>);
    return this.note('derived', name, this.refresh(d));
  }

  private refresh<V>(d: Derivation<V>): V {
    if (d.generation !== this.generation) {
      if (d.generation < 0 || !this.answersSame(d.reads)) {
        const { value, reads } = this.track(d.make);
        if (d.generation < 0 || !d.same(d.value, value)) d.value = value;
        d.reads = reads;
      }
      d.generation = this.generation;
    }
    return d.value;
  }

  /** One file's facts, as a lookup (files.get reads the same without recording it). */
  fileFacts(uri: string): FileFacts | undefined {
    return this.read('file', uri) as FileFacts | undefined;
  }
}

/** The same names with the same values, in the same order. */
function sameEntries<V>(a: Iterable<[string, V]>, b: Iterable<[string, V]>): boolean {
  if (!(a instanceof Map) || !(b instanceof Map) || a.size !== b.size) return false;
  // (Keys, not entries: an entry is an array made for each.)
  const kb = b.keys();
  for (const k of a.keys()) if (kb.next().value !== k || a.get(k) !== b.get(k)) return false;
  return true;
}

/** Each name's first entry. */
function firstOfEach<V>(entries: Iterable<[string, V]>): Map<string, V> {
  const out = new Map<string, V>();
  for (const [k, v] of entries) if (!out.has(k)) out.set(k, v);
  return out;
}

function macroEntries(f: FileFacts): [string, MacroFacts][] {
  return f.macros.map((m) => [m.name, m]);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function drop<K, V>(m: Map<K, V[]>, k: K, gone: (v: V) => boolean): void {
  const list = m.get(k);
  if (!list) return;
  const kept = list.filter((v) => !gone(v));
  if (kept.length) m.set(k, kept);
  else m.delete(k);
}

/**
 * Replaces one file's entries of a list kept in file (uri) order by `items`: the file's entries are
 * found by binary search (a common name's list holds entries from every file). A new list when anything
 * changed (kept results compare lists by identity), the old one when nothing did.
 */
function replaceFileEntries<K, V>(m: Map<K, V[]>, k: K, items: V[], uri: string, uriOf: (v: V) => string): void {
  const list = m.get(k) ?? [];
  const lo = firstFrom(list, (v) => uriOf(v) >= uri);
  const hi = firstFrom(list, (v) => uriOf(v) > uri, lo);
  if (lo === hi && items.length === 0) return;
  const next = lo === hi && lo === list.length ? list.concat(items) : list.slice(0, lo).concat(items, list.slice(hi));
  if (next.length) m.set(k, next);
  else m.delete(k);
}

/** The first index at or after `from` where `past` holds (it holds from some index to the end). */
function firstFrom<V>(list: readonly V[], past: (v: V) => boolean, from = 0): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (past(list[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Puts one file's entries where a full rebuild (files in uri order) would have them. */
function insertInFileOrder<K, V>(m: Map<K, V[]>, k: K, items: V[], uri: string, uriOf: (v: V) => string): void {
  const list = m.get(k) ?? [];
  const i = firstFrom(list, (v) => uriOf(v) >= uri);
  // (No spread into splice: one file may hold more entries than a call can take arguments.)
  m.set(k, i === list.length ? list.concat(items) : list.slice(0, i).concat(items, list.slice(i)));
}

type LookupKind = 'fn' | 'defined' | 'macro' | 'callers' | 'aliases' | 'struct' | 'typedef' | 'global' | 'constant' | 'table' | 'derived' | 'all' | 'file' | 'files';

interface Derivation<V> {
  make: () => V;
  same: (a: V, b: V) => boolean;
  generation: number;
  value: V;
  /** The lookups the last make() made. */
  reads: Reads;
}

/** A cached result with the lookups that made it and the generation it was last valid in (WorkspaceIndex.keep). */
export interface Kept<V> {
  value: V;
  reads: Reads;
  generation: number;
  /** The kinds of its lookups, one bit each (KIND_BIT); undefined: asked one by one. */
  kinds?: number;
}

const ALL_KINDS: readonly LookupKind[] = ['fn', 'defined', 'macro', 'callers', 'aliases', 'struct', 'typedef', 'global', 'constant', 'table', 'derived', 'all', 'file', 'files'];
const KIND_BIT = Object.fromEntries(ALL_KINDS.map((k, i) => [k, 1 << i])) as Record<LookupKind, number>;
/** What any change of a file may change: its facts, the lists and values made from files, its functions and their callers. */
const EVERY_BUILD: readonly LookupKind[] = ['all', 'file', 'files', 'derived', 'fn', 'callers'];
/** What a file's declarations answer. */
const DECLARED: readonly LookupKind[] = ['macro', 'struct', 'typedef', 'global', 'constant'];

/** The bits of the kinds of lookups in `reads` (keys are `kind:name`). */
function kindsOf(reads: Reads): number {
  let mask = 0;
  reads.forEach((_, key) => {
    mask |= KIND_BIT[key.slice(0, key.indexOf(':')) as LookupKind];
  });
  return mask;
}

/** One file's declaration of a name. */
interface Declared<V> {
  uri: string;
  value: V;
}
