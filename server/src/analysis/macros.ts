// Function-like macros defined in the workspace (init macros such as
// MP_INIT_STATUS_INDICATION) are analysed as functions with untyped parameters:
// their body is parsed on its own and every location maps back into the #define.
import type { FunctionFacts, MacroFacts, SkippedFunction } from './facts';
import type { WorkspaceIndex } from './workspace';
import { extractFacts, shiftFunction } from './extract';
import { withParsedText } from '../parse/trees';

/** Parsed macro bodies, kept as long as the #define they come from (its facts object) is unchanged. */
const parsed = new WeakMap<MacroFacts, FunctionFacts | null>();
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

export function macroAsFunction(ws: WorkspaceIndex, name: string): FunctionFacts | undefined {
  const m = ws.macro(name);
  if (!m) return undefined;
  if (parsed.has(m)) return parsed.get(m) ?? undefined;
  let fn: FunctionFacts | null = null;
  if (m?.params && m.body.length < 20000) {
    const params = m.params.map((p) => `void *${p}`).join(', ');
    const prefix = `void ${name}(${params}) {\n`;
    // Line continuations become blanks of the same length so offsets stay aligned.
    const body = m.body.replace(/\\(?:\r\n|\r|\n)/g, (s) => ' '.repeat(s.length));
    const source = `${prefix}${body}\n;}`;
    fn = withParsedText(source, (tree) => {
      const facts = extractFacts(tree, {
        uri: m.uri,
        text: source,
        mapOffset: (o) => m.bodyStart + Math.min(Math.max(o - prefix.length, 0), m.body.length),
      });
      const f = facts.functions[0];
      if (f) f.fromMacro = true;
      // A body too deep or too large to read is noted with the file that defines the macro.
      const skip = facts.skipped[0];
      if (skip) notes.set(m, { ...skip, name: m.name, loc: { ...m.nameLoc } });
      return f ?? null;
    }) ?? null;
  }
  parsed.set(m, fn);
  return fn ?? undefined;
}
