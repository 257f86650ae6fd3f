// Functions that run above DISPATCH_LEVEL, and the direct-call chain from one of
// them to a given function. Roots are interrupt handlers (MiniportInterrupt,
// MiniportMessageInterrupt and the interrupt enable/disable/synchronize handlers,
// recognised by roles.ts) and functions annotated to require an IRQL above
// DISPATCH_LEVEL. Only direct calls are followed: a DPC or a work item queued from
// an interrupt handler runs later, at DISPATCH_LEVEL or below, and is never reached.
import type { CallSite, FunctionFacts } from '../facts';
import type { Kept, WorkspaceIndex } from '../workspace';
import { DIRQL_ROLES, rolesIn, type Role } from './roles';
import { calls } from '../calls';

export interface IrqlRoot {
  fn: FunctionFacts;
  /** What it is, in our words: why it runs above DISPATCH_LEVEL. */
  why: string;
}

/** One call of the chain: `call` in `fn` calls the next function (or the target). */
export interface ChainLink {
  fn: FunctionFacts;
  call: CallSite;
}

const ROLE_WHY: Partial<Record<Role, string>> = {
  isr: 'an interrupt service routine (MiniportInterrupt / MiniportMessageInterrupt) that runs at the device IRQL',
  interruptControl: 'an interrupt enable, disable or synchronize handler that runs at the device IRQL',
};

/** IRQL names above DISPATCH_LEVEL (2) as the WDK headers spell them. */
const ABOVE_DISPATCH = /^(HIGH_LEVEL|POWER_LEVEL|IPI_LEVEL|CLOCK_LEVEL|CLOCK1_LEVEL|CLOCK2_LEVEL|PROFILE_LEVEL|SYNCH_LEVEL|CMCI_LEVEL|DIRQL|DISPATCH_LEVEL\s*\+\s*\d+|[3-9]|1[0-5]|3[01]|2\d)$/;

const annotationMemo = new WeakMap<FunctionFacts, { prefix: string | undefined; level: string | undefined }>();

/** The IRQL a definition's annotation requires, when it is above DISPATCH_LEVEL. */
export function annotatedAboveDispatch(fn: FunctionFacts): string | undefined {
  const hit = annotationMemo.get(fn);
  if (hit && hit.prefix === fn.prefix) return hit.level;
  // Only the annotations of this definition: the text after the previous declaration ends.
  const own = (fn.prefix ?? '').split(/[;}]/).pop() ?? '';
  let level: string | undefined;
  for (const m of own.matchAll(/\b(?:_IRQL_requires_|_IRQL_requires_min_|__drv_requiresIRQL|__drv_minIRQL)\s*\(\s*([^()]*?)\s*\)/g)) {
    if (ABOVE_DISPATCH.test(m[1])) level = m[1];
  }
  annotationMemo.set(fn, { prefix: fn.prefix, level });
  return level;
}

/** The definition a call to `name` written in `uri` reaches: the only one, or the one in the same file or folder. */
export function definitionFor(ws: WorkspaceIndex, uri: string, name: string): FunctionFacts | undefined {
  const defs = ws.functionsNamed(name).filter((f) => !f.fromMacro);
  if (defs.length <= 1) return defs[0];
  const same = defs.filter((f) => f.uri === uri);
  if (same.length) return same.length === 1 ? same[0] : undefined;
  const dir = uri.slice(0, uri.lastIndexOf('/'));
  const near = defs.filter((f) => f.uri.slice(0, f.uri.lastIndexOf('/')) === dir);
  return near.length === 1 ? near[0] : undefined;
}

const rootsMemo = new WeakMap<WorkspaceIndex, { generation: number; roots: Map<FunctionFacts, IrqlRoot> }>();

/** Every function of the workspace that runs above DISPATCH_LEVEL by its role or its annotation. */
export function irqlRoots(ws: WorkspaceIndex): Map<FunctionFacts, IrqlRoot> {
  ws.allFunctions(); // brings the index up to date (and its generation)
  const hit = rootsMemo.get(ws);
  if (hit && hit.generation === ws.generation) return hit.roots;
  const roots = new Map<FunctionFacts, IrqlRoot>();
  for (const f of ws.files.values()) {
    for (const [name, role] of rolesIn(f)) {
      if (!DIRQL_ROLES.includes(role)) continue;
      const fn = definitionFor(ws, f.uri, name);
      if (fn && !roots.has(fn)) roots.set(fn, { fn, why: ROLE_WHY[role]! });
    }
  }
  for (const fn of ws.allFunctions()) {
    const level = annotatedAboveDispatch(fn);
    if (level && !roots.has(fn)) roots.set(fn, { fn, why: `annotated to run at ${level}, above DISPATCH_LEVEL` });
  }
  // The same roots as before an edit stay the same map, so chains kept with them stay valid.
  const same = hit && sameRoots(hit.roots, roots) ? hit.roots : roots;
  rootsMemo.set(ws, { generation: ws.generation, roots: same });
  return same;
}

function sameRoots(a: Map<FunctionFacts, IrqlRoot>, b: Map<FunctionFacts, IrqlRoot>): boolean {
  if (a.size !== b.size) return false;
  for (const [fn, r] of a) if (b.get(fn)?.why !== r.why) return false;
  return true;
}

const MAX_DEPTH = 8;
const MAX_VISITS = 2000;

type Chain = { root: IrqlRoot; links: ChainLink[] } | undefined;
/**
 * Chains by target (every indication of a function asks for the same), kept across edits with the roots
 * they were searched from and the lookups the search made (WorkspaceIndex.keep): the callers of each
 * function on the way and which definition each call reaches.
 */
const chainMemo = new WeakMap<FunctionFacts, { roots: Map<FunctionFacts, IrqlRoot>; kept: Kept<Chain> }>();

/** The shortest chain of direct calls from a root to `target` (root first), or undefined. */
export function chainFromRoot(ws: WorkspaceIndex, target: FunctionFacts): Chain {
  const roots = irqlRoots(ws);
  const hit = chainMemo.get(target);
  const kept = ws.keep(hit && hit.roots === roots ? hit.kept : undefined, () => shortestChain(ws, roots, target));
  chainMemo.set(target, { roots, kept });
  return kept.value;
}

function shortestChain(ws: WorkspaceIndex, roots: Map<FunctionFacts, IrqlRoot>, target: FunctionFacts): Chain {
  if (roots.size === 0) return undefined;
  const direct = roots.get(target);
  if (direct) return { root: direct, links: [] };
  // Breadth first from the target up through its callers.
  let frontier: { fn: FunctionFacts; links: ChainLink[] }[] = [{ fn: target, links: [] }];
  const seen = new Set<FunctionFacts>([target]);
  let visits = 0;
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const next: typeof frontier = [];
    for (const { fn, links } of frontier) {
      for (const ref of ws.callersOf(fn.name)) {
        if (!calls(ws, ref, fn) || seen.has(ref.fn) || ++visits > MAX_VISITS) continue;
        if (definitionFor(ws, ref.fn.uri, fn.name) !== fn) continue;
        seen.add(ref.fn);
        const chain = [{ fn: ref.fn, call: ref.call }, ...links];
        const root = roots.get(ref.fn);
        if (root) return { root, links: chain };
        next.push({ fn: ref.fn, links: chain });
      }
    }
    frontier = next;
  }
  return undefined;
}
