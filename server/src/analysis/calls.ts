// Which workspace function a call reaches. C calls go by name (as the linker does); C++ adds member
// functions: `obj->Report()` reaches the Report of obj's class (its declared type, or the only class
// that has one), `this->Report()` and a plain `Report()` inside a member function reach the caller's
// own class first, `Adapter::Report()` the qualified one, and a lambda is called by the name of the
// variable that holds it, inside the function that defines it. A call through a pointer reaches no
// function we can name.
import type { CallSite, FunctionFacts } from './facts';
import type { CallerRef, Kept, WorkspaceIndex } from './workspace';
import { lvalueType } from './types';
import { typeKey } from './classify';
import { countWork } from './budget';

const memo = new WeakMap<CallSite, Kept<FunctionFacts | undefined>>();

/** The function `call` (made in `caller`) reaches, or undefined (a pointer, or a function the workspace does not define). */
export function calleeOf(ws: WorkspaceIndex, caller: FunctionFacts, call: CallSite): FunctionFacts | undefined {
  const k = ws.keep(memo.get(call), () => resolve(ws, caller, call));
  memo.set(call, k);
  return k.value;
}

/**
 * The function whose writes a call may make (objectState): the one it reaches, or, for a C call through
 * a pointer named like a function, that function (what the analysis has always assumed).
 */
export function calleeForWrites(ws: WorkspaceIndex, caller: FunctionFacts, call: CallSite): FunctionFacts | undefined {
  const fn = calleeOf(ws, caller, call);
  if (fn || call.object !== undefined || call.scope !== undefined) return fn;
  const named = ws.functionsNamed(call.name);
  return named.every((f) => !f.owner && !f.lambda) ? named[0] : undefined;
}

/**
 * True when `ref.call` may reach `fn`. A free function is reached by every call of its name (a workspace
 * may hold several drivers, each with its own copy of a helper, as the C analysis has always taken it),
 * unless the call reaches a member function or lambda of that name; a member function or a lambda only
 * by the calls resolved to it.
 */
export function calls(ws: WorkspaceIndex, ref: { fn: FunctionFacts; call: CallSite }, fn: FunctionFacts): boolean {
  // Every search of the call graph asks this once per edge it looks at: counted, so that a search whose
  // work grows faster than the workspace shows in the step counts (tests, fuzz harness).
  countWork(1);
  if (fn.owner === undefined && !fn.lambda) return ref.call.name === fn.name && byNameToFree(ws, ref);
  return calleeOf(ws, ref.fn, ref.call) === fn;
}

/**
 * The calls in the workspace that may reach `fn` (calls() over the callers of its name). A free
 * function's are the same for every copy of its name, so they are found once per name and generation
 * (kept with their lookups): a search that asks for each of a thousand copies reads the callers once.
 */
export function callersReaching(ws: WorkspaceIndex, fn: FunctionFacts): CallerRef[] {
  const find = () => ws.callersOf(fn.name).filter((c) => calls(ws, c, fn));
  if (fn.owner !== undefined || fn.lambda) return find();
  let byName = reaching.get(ws);
  if (!byName) reaching.set(ws, (byName = new Map()));
  const k = ws.keep(byName.get(fn.name), find);
  byName.set(fn.name, k);
  return k.value;
}
const reaching = new WeakMap<WorkspaceIndex, Map<string, Kept<CallerRef[]>>>();

/** True when the call may reach a workspace function of that name (free functions by name, as calls() says). */
export function callsName(ws: WorkspaceIndex, ref: { fn: FunctionFacts; call: CallSite }, name: string): boolean {
  countWork(1);
  if (ref.call.name === name && byNameToFree(ws, ref)) return true;
  return calleeOf(ws, ref.fn, ref.call)?.name === name;
}

function byNameToFree(ws: WorkspaceIndex, ref: { fn: FunctionFacts; call: CallSite }): boolean {
  if (ref.call.callee !== ref.call.name || ref.call.object !== undefined) return false;
  const to = calleeOf(ws, ref.fn, ref.call);
  return to === undefined || (to.owner === undefined && !to.lambda);
}

function sameClass(a: string, b: string): boolean {
  return typeKey(a) === typeKey(b);
}

function resolve(ws: WorkspaceIndex, caller: FunctionFacts, call: CallSite): FunctionFacts | undefined {
  const cands = ws.functionsNamed(call.name);
  if (cands.length === 0) return undefined;
  const methods = () => cands.filter((f) => f.owner !== undefined && !f.lambda);
  /** The only class that defines it, when just one does. */
  const onlyOne = (list: FunctionFacts[]) => (new Set(list.map((f) => f.owner)).size === 1 ? list[0] : undefined);
  if (call.object !== undefined && call.object !== 'this') {
    const ms = methods();
    if (ms.length === 0) return undefined; // a function pointer held in a field
    const t = lvalueType(ws, [caller], call.object);
    const typed = t && ms.find((f) => sameClass(f.owner!, t.base));
    return typed || onlyOne(ms);
  }
  if (call.object === 'this') {
    const ms = methods();
    return ms.find((f) => caller.owner !== undefined && sameClass(f.owner!, caller.owner)) ?? onlyOne(ms);
  }
  if (call.callee !== call.name) return undefined; // through a pointer
  if (call.scope !== undefined) {
    if (call.scope === '') return cands.find((f) => !f.owner && !f.lambda);
    const want = `${call.scope}::${call.name}`;
    const last = call.scope.slice(call.scope.lastIndexOf(':') + 1);
    return cands.find((f) => f.qualified === want || f.qualified?.endsWith(`::${want}`)) ?? cands.find((f) => f.owner !== undefined && sameClass(f.owner, last)) ?? cands.find((f) => !f.owner && !f.lambda);
  }
  // A lambda is called by its variable's name inside the function that defines it.
  const lambda = cands.find((f) => f.lambda && f.uri === caller.uri && caller.span.start <= f.span.start && f.span.end <= caller.span.end);
  if (lambda) return lambda;
  // Inside a member function a plain call reaches the class's own member first (the implicit `this`).
  if (caller.owner !== undefined) {
    const own = cands.find((f) => f.owner !== undefined && !f.lambda && sameClass(f.owner, caller.owner!));
    if (own) return own;
  }
  return cands.find((f) => !f.owner && !f.lambda);
}
