// The facts of every file of the workspace, indexed for resolution across files.
import type { CallSite, FileFacts, FunctionFacts, MacroFacts } from './facts';

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
  private flat: FunctionFacts[] = [];

  set(facts: FileFacts): void {
    this.files.set(facts.uri, facts);
    this.built = false;
  }

  delete(uri: string): void {
    this.files.delete(uri);
    this.built = false;
  }

  private build(): void {
    if (this.built) return;
    this.functions.clear();
    this.macros.clear();
    this.callers.clear();
    this.aliases.clear();
    this.structs.clear();
    this.typedefs.clear();
    this.globals.clear();
    // Files in a stable order, so that results never depend on the order files were opened.
    for (const uri of [...this.files.keys()].sort()) {
      const f = this.files.get(uri)!;
      for (const fn of f.functions) {
        push(this.functions, fn.name, fn);
        for (const call of fn.calls) push(this.callers, call.name, { fn, call });
      }
      for (const m of f.macros) if (!this.macros.has(m.name)) this.macros.set(m.name, m);
      for (const a of f.handlerAliases) this.aliases.add(a);
      for (const [k, v] of f.structs) if (!this.structs.has(k)) this.structs.set(k, v);
      for (const [k, v] of f.typedefs) if (!this.typedefs.has(k)) this.typedefs.set(k, v);
      for (const [k, v] of f.globals) if (!this.globals.has(k)) this.globals.set(k, v);
    }
    this.flat = [...this.functions.values()].flat();
    this.built = true;
    this.generation++;
  }

  functionsNamed(name: string): FunctionFacts[] {
    this.build();
    return this.functions.get(name) ?? [];
  }
  macro(name: string): MacroFacts | undefined {
    this.build();
    return this.macros.get(name);
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
