// Function-like macros defined in the workspace (init macros such as
// MP_INIT_STATUS_INDICATION) are analysed as functions with untyped parameters:
// their body is parsed on its own and every location maps back into the #define.
// A body that pastes or stringizes (`NDIS_OBJECT_TYPE_ ## type`) is first expanded
// (macroExpand.ts); when what it pastes is an argument, it is expanded for each use's
// arguments, and its locations are those of the use.
import type { Arg, CallSite, FunctionFacts, MacroFacts, SkippedFunction } from './facts';
import type { Kept, WorkspaceIndex } from './workspace';
import { extractFacts } from './extract';
import { shiftFunction } from './shiftFacts';
import { withParsedText } from '../parse/trees';
import { expand, expandBody, type ExpandOptions, type MacroDef } from './macroExpand';
import { unsupportedNote } from './skipNote';

/** Parsed macro bodies, kept as long as the #define they come from (its facts object) is unchanged. */
const parsed = new WeakMap<MacroFacts, FunctionFacts | null>();
/**
 * Bodies that paste or stringize: expanded with the macros of one generation of the workspace, per use's
 * arguments, each kept with its lookups (WorkspaceIndex.keep) so that a result kept across edits on top
 * of it (objectState.ts) knows every macro it depends on.
 */
const expanded = new WeakMap<WorkspaceIndex, { generation: number; argsUsed: Map<string, Kept<boolean | 'limit'>>; byKey: Map<string, Kept<FunctionFacts | null>> }>();

/** Macros whose body was too deep or too large to read, with their note (kept while the #define is). */
const notes = new Map<MacroFacts, SkippedFunction>();

/** The notes of macros left out, for the macros the workspace still defines. */
export function macroNotes(ws: WorkspaceIndex): SkippedFunction[] {
  const out: SkippedFunction[] = [];
  for (const [m, note] of notes) {
    if (ws.files.get(m.uri)?.macros.includes(m)) out.push(note);
    else notes.delete(m);
  }
  return out;
}

/** Moves a #define kept across an edit above it, with its body's facts when they were read. */
export function moveMacro(m: MacroFacts, delta: number): void {
  if (delta === 0) return;
  m.bodyStart += delta;
  m.nameLoc.start += delta;
  m.nameLoc.end += delta;
  const fn = parsed.get(m);
  if (fn) shiftFunction(fn, delta);
  const note = notes.get(m);
  if (note) {
    note.loc.start += delta;
    note.loc.end += delta;
  }
}

/** Longest body read as a function. */
const MAX_BODY = 20000;

/** The workspace's macros as the expander sees them. */
export function expanderOptions(ws: WorkspaceIndex, keep?: (m: MacroDef) => boolean): ExpandOptions {
  return { lookup: (name) => ws.macro(name), keep };
}

/** True when a body holds `#` outside its strings and character constants (a cheap first look). */
function pastesOrStringizes(body: string): boolean {
  if (!body.includes('#')) return false;
  return /#/.test(body.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, ''));
}

/** Per generation of the workspace: whether a macro pastes or stringizes, itself or through the macros it uses. */
const pastes = new WeakMap<WorkspaceIndex, { generation: number; byName: Map<string, Kept<boolean>> }>();

/** Macros used inside macros, followed at most this deep when looking for pasting. */
const MAX_NESTED = 8;

function needsExpansion(ws: WorkspaceIndex, m: MacroFacts): boolean {
  ws.upToDate(); // the generation this cache is for (its lookups are recorded by each entry)
  let memo = pastes.get(ws);
  if (!memo || memo.generation !== ws.generation) pastes.set(ws, (memo = { generation: ws.generation, byName: new Map() }));
  const byName = memo.byName;
  const look = (x: MacroFacts, depth: number): boolean => {
    const kept = ws.keep(byName.get(x.name), () => {
      byName.set(x.name, { value: false, reads: new Map(), generation: ws.generation }); // a macro that names itself stops here
      if (pastesOrStringizes(x.body)) return true;
      if (depth >= MAX_NESTED) return false;
      for (const id of x.body.match(/[A-Za-z_]\w*/g) ?? []) {
        const inner = id !== x.name && !x.params?.includes(id) ? ws.macro(id) : undefined;
        if (inner?.params && !inner.builtin && look(inner, depth + 1)) return true;
      }
      return false;
    });
    byName.set(x.name, kept);
    return kept.value;
  };
  return look(m, 0);
}

export function macroAsFunction(ws: WorkspaceIndex, name: string, call?: CallSite): FunctionFacts | undefined {
  const m = ws.macro(name);
  if (!m) return undefined;
  if (m.params && m.body.length < MAX_BODY && needsExpansion(ws, m)) return expandedAsFunction(ws, m, call);
  if (parsed.has(m)) return parsed.get(m) ?? undefined;
  let fn: FunctionFacts | null = null;
  if (m?.params && m.body.length < MAX_BODY) {
    // Line continuations become blanks of the same length so offsets stay aligned.
    const body = m.body.replace(/\\(?:\r\n|\r|\n)/g, (s) => ' '.repeat(s.length));
    fn = parseAsFunction(ws, m, body, (o, prefix) => m.bodyStart + Math.min(Math.max(o - prefix, 0), m.body.length));
  }
  parsed.set(m, fn);
  return fn ?? undefined;
}

/**
 * A body that pastes or stringizes, expanded (nested macros included, named constants kept) with its
 * parameters left as names. When an argument's text is pasted, the body is expanded for this use's
 * arguments; its locations are then the use's (`expansion` says what the use became).
 */
function expandedAsFunction(ws: WorkspaceIndex, m: MacroFacts, call: CallSite | undefined): FunctionFacts | undefined {
  ws.upToDate(); // the generation this cache is for (its lookups are recorded by each entry)
  let cache = expanded.get(ws);
  if (!cache || cache.generation !== ws.generation) {
    cache = { generation: ws.generation, argsUsed: new Map(), byKey: new Map() };
    expanded.set(ws, cache);
  }
  const opts = expanderOptions(ws, (d) => !d.params);
  const probed = ws.keep(cache.argsUsed.get(m.name), (): boolean | 'limit' => {
    const probe = expandBody(m, opts);
    if (probe.limit) noteLimit(ws, m, probe.limit);
    else if (!probe.argsUsed) cache.byKey.set(m.name, ws.keep(undefined, () => parseExpansion(ws, m, probe.text, false)));
    return probe.limit ? 'limit' : probe.argsUsed;
  });
  cache.argsUsed.set(m.name, probed);
  if (probed.value === 'limit') return undefined;
  if (!probed.value) {
    const whole = cache.byKey.get(m.name);
    if (!whole) return undefined;
    ws.passOn(whole.reads);
    return whole.value ?? undefined;
  }
  if (!call) return undefined;
  const spellings = call.args.map((a) => a.text);
  const key = `${m.name}(${spellings.join('\u0000')})`;
  const forUse = ws.keep(cache.byKey.get(key), () => {
    const r = expandBody(m, opts, spellings);
    if (r.limit) noteLimit(ws, m, r.limit);
    return r.limit ? null : parseExpansion(ws, m, r.text, true);
  });
  cache.byKey.set(key, forUse);
  return forUse.value ?? undefined;
}

function parseExpansion(ws: WorkspaceIndex, m: MacroFacts, text: string, argsUsed: boolean): FunctionFacts | null {
  // Offsets into the #define, in order and before the body's end (the expanded text is longer or shorter than
  // the body as written); what an expansion writes is shown at its use anyway (objectState.ts calleeWrites).
  const whole = text.length + 3;
  const fn = parseAsFunction(ws, m, text, (o, prefix) => m.bodyStart + Math.floor((Math.min(Math.max(o - prefix, 0), whole) * m.body.length) / whole));
  if (fn) fn.expansion = { text, argsUsed };
  return fn;
}

/** What a use of an expanded macro becomes with its own arguments in place, for a finding's steps. */
export function expansionAtUse(ws: WorkspaceIndex, name: string, args: readonly Arg[]): string {
  const r = expand(`${name}(${args.map((a) => a.text).join(', ')})`, expanderOptions(ws, (d) => !d.params));
  return r.limit ? `${name}(...)` : r.text;
}

/** An expansion stopped by a limit: the macro is read as opaque, with a note on its #define. */
export function noteLimit(ws: WorkspaceIndex, m: MacroFacts, why: string): undefined {
  // Kept with the #define (see macroNotes), so an edit that keeps the file's facts keeps the note too.
  if (!notes.has(m)) notes.set(m, unsupportedNote(m.name, { ...m.nameLoc }, `its expansion stopped at a limit (${why})`));
  return undefined;
}

/** Parses `body` as the body of a function named after the macro, with untyped parameters. */
function parseAsFunction(ws: WorkspaceIndex, m: MacroFacts, body: string, map: (o: number, prefix: number) => number): FunctionFacts | null {
  const params = [...(m.params ?? []), ...(m.variadic ? ['__VA_ARGS__'] : [])].map((p) => `void *${p}`).join(', ');
  const prefix = `void ${m.name}(${params}) {\n`;
  const source = `${prefix}${body}\n;}`;
  return (
    withParsedText(source, (tree) => {
      const facts = extractFacts(tree, { uri: m.uri, text: source, mapOffset: (o) => map(o, prefix.length) });
      const f = facts.functions[0];
      if (f) f.fromMacro = true;
      // A body too deep or too large to read is noted with the file that defines the macro.
      const skip = facts.skipped[0];
      if (skip) notes.set(m, { ...skip, name: m.name, loc: { ...m.nameLoc } });
      return f ?? null;
    }) ?? null
  );
}
