// The facts of every file of the workspace, indexed for resolution across files.
import type { CallSite, FileFacts, FunctionFacts, MacroFacts } from './facts';
import type { Cfg } from './cfg';
import { WDK_MACRO_BY_NAME } from '../ndis/wdkMacros';

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
  private macros = new Map<string, MacroFacts>();
  private callers = new Map<string, CallerRef[]>();
  private aliases = new Set<string>();
  private structs = new Map<string, Map<string, string>>();
  private typedefs = new Map<string, string>();
  private globals = new Map<string, string>();
  private constants = new Map<string, string>();
  private flat: FunctionFacts[] = [];
  /** Files changed since the last build, with the facts they had then (undefined: new file). */
  private changed = new Map<string, FileFacts | undefined>();
  private sortedUris: string[] | undefined;
  private everBuilt = false;
  /**
   * The control-flow graph of a function, built when it has none yet and with the control flow of its macros
   * spliced in (the Analyzer, which owns the trees, sets it); without it, the graph kept with the facts.
   */
  cfgSource: ((fn: FunctionFacts) => Cfg | undefined) | undefined;

  /** `hint.declarationsSame`: the file declares the same macros, types, globals and handler aliases as before. */
  set(facts: FileFacts, hint?: { declarationsSame?: boolean }): void {
    void hint;
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
    // An edit changes one file: its functions and calls are swapped in place in the big indexes
    // (which keep file order), instead of rebuilding them from every file of the workspace.
    const incremental = this.everBuilt && this.changed.size * 5 < this.files.size;
    if (incremental) this.updateCallIndexes();
    else this.rebuildCallIndexes();
    // Macros, types, globals and handler aliases change far less often than function bodies.
    const declarationsSame = incremental && [...this.changed].every(([uri, old]) => declarationKey(old) === declarationKey(this.files.get(uri)));
    this.changed.clear();
    this.everBuilt = true;
    if (!declarationsSame) this.rebuildDeclarations();
    this.flat = this.uris().flatMap((u) => this.files.get(u)!.functions);
    this.built = true;
    this.generation++;
  }

  private rebuildDeclarations(): void {
    this.macros.clear();
    this.aliases.clear();
    this.structs.clear();
    this.typedefs.clear();
    this.globals.clear();
    this.constants.clear();
    // Files in a stable order, so that results never depend on the order files were opened.
    for (const uri of this.uris()) {
      const f = this.files.get(uri)!;
      for (const m of f.macros) if (!this.macros.has(m.name)) this.macros.set(m.name, m);
      for (const a of f.handlerAliases) this.aliases.add(a);
      for (const [k, v] of f.structs) if (!this.structs.has(k)) this.structs.set(k, v);
      for (const [k, v] of f.typedefs) if (!this.typedefs.has(k)) this.typedefs.set(k, v);
      for (const [k, v] of f.globals) if (!this.globals.has(k)) this.globals.set(k, v);
      for (const [k, v] of f.constants) if (!this.constants.has(k)) this.constants.set(k, v);
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
      const gone = new Set(old?.functions ?? []);
      const names = new Set<string>();
      for (const fn of gone) {
        names.add(`f:${fn.name}`);
        for (const c of fn.calls) names.add(`c:${c.name}`);
      }
      for (const key of names) {
        const [kind, name] = [key[0], key.slice(2)];
        if (kind === 'f') drop(this.functions, name, (fn) => gone.has(fn));
        else drop(this.callers, name, (r) => gone.has(r.fn));
      }
      const now = this.files.get(uri);
      if (!now) continue;
      const fnsByName = new Map<string, FunctionFacts[]>();
      const refsByName = new Map<string, CallerRef[]>();
      for (const fn of now.functions) {
        push(fnsByName, fn.name, fn);
        for (const call of fn.calls) push(refsByName, call.name, { fn, call });
      }
      for (const [name, list] of fnsByName) insertInFileOrder(this.functions, name, list, uri, (fn) => fn.uri);
      for (const [name, list] of refsByName) insertInFileOrder(this.callers, name, list, uri, (r) => r.fn.uri);
    }
  }

  functionsNamed(name: string): FunctionFacts[] {
    this.build();
    return this.functions.get(name) ?? [];
  }
  /** A macro of the workspace, or else one of the WDK's own that drivers use without defining (wdkMacros.ts). */
  macro(name: string): MacroFacts | undefined {
    this.build();
    return this.macros.get(name) ?? builtinMacro(name);
  }
  callersOf(name: string): CallerRef[] {
    this.build();
    return this.callers.get(name) ?? [];
  }
  /** Names through which the NdisTcpOffloadEventHandler pointer is called. */
  handlerNames(): ReadonlySet<string> {
    this.build();
    return this.aliases;
  }
  struct(name: string): Map<string, string> | undefined {
    this.build();
    return this.structs.get(name);
  }
  typedef(name: string): string | undefined {
    this.build();
    return this.typedefs.get(name);
  }
  global(name: string): string | undefined {
    this.build();
    return this.globals.get(name);
  }
  /** A function's control-flow graph: its own, or one built now when a source is set. */
  cfg(fn: FunctionFacts): Cfg | undefined {
    return this.cfgSource ? this.cfgSource(fn) : fn.cfg;
  }
  /** A named constant's initializer (`constexpr ULONG kX = 5;`). */
  constant(name: string): string | undefined {
    this.build();
    return this.constants.get(name);
  }
  allFunctions(): readonly FunctionFacts[] {
    this.build();
    return this.flat;
  }
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

/** Puts one file's entries where a full rebuild (files in uri order) would have them. */
function insertInFileOrder<K, V>(m: Map<K, V[]>, k: K, items: V[], uri: string, uriOf: (v: V) => string): void {
  const list = m.get(k) ?? [];
  let i = 0;
  while (i < list.length && uriOf(list[i]) < uri) i++;
  // (No spread into splice: one file may hold more entries than a call can take arguments.)
  m.set(k, i === list.length ? list.concat(items) : list.slice(0, i).concat(items, list.slice(i)));
}

/** What a file declares for the rest of the workspace besides its functions, as one comparable string. */
function declarationKey(f: FileFacts | undefined): string {
  if (!f) return '';
  const memo = keys.get(f);
  if (memo !== undefined) return memo;
  const key = JSON.stringify([
    f.macros.map((m) => [m.name, m.params, m.variadic, m.body, m.bodyStart]),
    f.handlerAliases,
    [...f.structs].map(([k, v]) => [k, [...v]]),
    [...f.typedefs],
    [...f.globals],
    [...f.constants],
  ]);
  keys.set(f, key);
  return key;
}
const keys = new WeakMap<FileFacts, string>();
