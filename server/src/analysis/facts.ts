// What the analysis keeps of a file once its tree is gone: functions with their
// writes, calls and declarations, macros, and type definitions. Everything is
// plain data so workspace-wide resolution needs no tree.
import type { Loc } from './source';
import type { Cfg } from './cfg';
import type { SkipReason } from './budget';

/** A branch region (if arm, case, loop body, ...) an event sits in, as an offset span. */
export type Region = readonly [number, number];

/** `x op= operand` (and `x++` as `x += 1`): the value after is `op` applied to the value before. */
export interface Compound {
  /** The binary operator: `|`, `&`, `+`, `-`, `^`, `<<`, `>>`, `*`, `/`, `%`. */
  op: string;
  operand: string;
  operandLoc: Loc;
}

/** One thing that may change what an object's fields hold. */
export type Write =
  /** `lv = value` with lv normalised (`p->A.B` -> `p.A.B`), or a declaration with its initializer. */
  | { kind: 'assign'; lv: string; value: string; valueLoc: Loc; at: Loc; regions: Region[]; how: 'assign' | 'init'; compound?: Compound }
  /** A declaration with an initializer list: every field not named is zero. */
  | { kind: 'initList'; obj: string; fields: { path: string; value: string; loc: Loc }[]; at: Loc; regions: Region[] }
  /** NdisZeroMemory(&obj, ...) and the like. */
  | { kind: 'zero'; obj: string; at: Loc; regions: Region[] }
  /** `p = &obj`: p now designates obj. */
  | { kind: 'alias'; name: string; target: string; at: Loc; regions: Region[] };

export interface Arg {
  text: string;
  loc: Loc;
}

export interface CallSite {
  /** Callee expression text as written. */
  callee: string;
  /** Last identifier of the callee (a function name or the field a pointer is called through). */
  name: string;
  args: Arg[];
  at: Loc;
  /** The callee name's own span (for diagnostics on the name). */
  nameLoc: Loc;
  regions: Region[];
  /** C++ `obj.f()` / `obj->f()` / `this->f()`: the object, normalised (`this` for the implicit one). */
  object?: string;
  /** C++ `A::f()` / `ns::f()`: the qualifier as written without blanks (`` for `::f()`); callee is then the bare name. */
  scope?: string;
}

export interface Param {
  name: string;
  type: string;
  loc: Loc;
}

export interface FunctionFacts {
  name: string;
  uri: string;
  nameLoc: Loc;
  span: Loc;
  params: Param[];
  /** Local variable name -> declared type text (pointer stars appended as `*`). */
  locals: Map<string, string>;
  writes: Write[];
  calls: CallSite[];
  /** The expressions the function returns (`return Adapter->Handle;`): what an accessor call gives. */
  returns?: Arg[];
  /** Control flow of the body, with nodes located by offsets. */
  cfg?: Cfg;
  /** A function-like macro seen as a function (its parameters have no types). */
  fromMacro?: boolean;
  /**
   * A macro body read after expansion (it pastes or stringizes): the text read. When `argsUsed`, the text is
   * that of one use's arguments. What an expanded body writes is located at the use.
   */
  expansion?: { text: string; argsUsed: boolean };
  /** A C++ member function (defined in its class or as `Class::Name`): called through objects. */
  method?: boolean;
  /** C++: the class a member function belongs to (its last name). */
  owner?: string;
  /** C++: the full name with namespaces and class (`gv::(anonymous)::Send`, `Adapter::Report`). */
  qualified?: string;
  /** A C++ lambda, analysed as a function of its own (named after the variable that holds it). */
  lambda?: boolean;
  /** Text just before the definition: role annotations such as _Use_decl_annotations_ live here. */
  prefix?: string;
  /** Set when building the control-flow graph on demand ran out of budget (not tried again). */
  cfgSkipped?: SkippedFunction;
  /** Set when the file's tree has no body for it (read from an error region): its file is not parsed again for it. */
  noBody?: boolean;
}

/** A function left out of (part of) the analysis, and why; everything else is still analysed. */
export interface SkippedFunction {
  name: string;
  reason: SkipReason;
  /** The note in our words, e.g. "too deeply nested (more than 1000 levels), skipped". */
  message: string;
  /** The function's name in its file. */
  loc: Loc;
  /** What gave up: reading the function's body, resolving the values at its calls, or walking its paths. */
  stage: 'extract' | 'values' | 'paths';
}

export interface MacroFacts {
  name: string;
  uri: string;
  /** One of the WDK's own macros (server/src/ndis/wdkMacros.ts): it has no place in the workspace. */
  builtin?: boolean;
  params?: string[];
  /** The parameter list ends with `...` (its arguments are `__VA_ARGS__`). */
  variadic?: boolean;
  body: string;
  bodyStart: number;
  nameLoc: Loc;
}

/** A span of the file the parser could not read (an ERROR node, or a token it had to make up). */
export interface ParseErrorRegion {
  start: number;
  end: number;
}

export interface FileFacts {
  uri: string;
  /** The grammar the file was read with. */
  lang?: 'c' | 'cpp';
  functions: FunctionFacts[];
  macros: MacroFacts[];
  /** typedef / struct name -> field name -> field type. */
  structs: Map<string, Map<string, string>>;
  /** typedef alias -> target type text (e.g. PADAPTER -> ADAPTER*). */
  typedefs: Map<string, string>;
  /** Global variable name -> type. */
  globals: Map<string, string>;
  /** `X = <...>.NdisTcpOffloadEventHandler` anywhere: X's last name, a pointer to the event handler. */
  handlerAliases: string[];
  /** Declarations `ROLE_TYPEDEF Name;` (e.g. W_INITIATE_OFFLOAD_HANDLER MpInitiateOffload;). */
  roleDeclarations: { type: string; name: string }[];
  /** Field assignments `x.Field = FunctionName` with the field name (handler registration). */
  fieldFunctionAssignments: { field: string; value: string }[];
  parseErrors: number;
  /** Where the parse errors are (file order; parseErrors is their number). */
  errorRegions: ParseErrorRegion[];
  /** Named constants (`constexpr ULONG kX = 5;`, `static const ...`): name -> initializer text. */
  constants: Map<string, string>;
  /** Functions whose body could not be read within the limits (they are left out of the facts). */
  skipped: SkippedFunction[];
}

/** The facts of a file that has none (not analysed, or empty). */
export function emptyFacts(uri: string): FileFacts {
  return { uri, functions: [], macros: [], structs: new Map(), typedefs: new Map(), globals: new Map(), handlerAliases: [], roleDeclarations: [], fieldFunctionAssignments: [], parseErrors: 0, errorRegions: [], constants: new Map(), skipped: [] };
}
