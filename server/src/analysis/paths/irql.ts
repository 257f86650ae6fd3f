// Functions that run above DISPATCH_LEVEL, and the direct-call chain from one of
// them to a given function. Roots are interrupt handlers (MiniportInterrupt,
// MiniportMessageInterrupt and the interrupt enable/disable/synchronize handlers,
// recognised by roles.ts) and functions annotated to require an IRQL above
// DISPATCH_LEVEL. Only direct calls are followed: a DPC or a work item queued from
// an interrupt handler runs later, at DISPATCH_LEVEL or below, and is never reached.
import type { CallSite, FileFacts, FunctionFacts } from '../facts';
import type { WorkspaceIndex } from '../workspace';
import { DIRQL_ROLES, rolesByFile, type Role } from './roles';
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

/** A file's functions annotated to run above DISPATCH_LEVEL, with the level. */
function annotatedIn(f: FileFacts): [FunctionFacts, string][] {
  const out: [FunctionFacts, string][] = [];
  for (const fn of f.functions) {
    const level = annotatedAboveDispatch(fn);
    if (level) out.push([fn, level]);
  }
  return out;
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

/**
 * Every function of the workspace that runs above DISPATCH_LEVEL by its role or its annotation: made
 * from the files that give roles or such annotations (fileLists.ts), again only when one of its lookups
 * changed, and kept as it was when it came out the same.
 */
export function irqlRoots(ws: WorkspaceIndex): Map<FunctionFacts, IrqlRoot> {
  return ws.derived('irqlRoots', () => findRoots(ws), sameRoots);
}

function sameRoots(a: Map<FunctionFacts, IrqlRoot>, b: Map<FunctionFacts, IrqlRoot>): boolean {
  if (a.size !== b.size) return false;
  const y = [...b];
  return [...a].every(([fn, r], i) => fn === y[i][0] && r.why === y[i][1].why);
}

function findRoots(ws: WorkspaceIndex): Map<FunctionFacts, IrqlRoot> {
  const roots = new Map<FunctionFacts, IrqlRoot>();
  // Files in uri order: the pass down from the roots (reachedFromRoots) takes them in this order, and
  // which root reaches a function first must not depend on the order files were opened.
  for (const f of rolesByFile(ws)) {
    for (const [name, role] of f.items) {
      if (!DIRQL_ROLES.includes(role)) continue;
      const fn = definitionFor(ws, f.uri, name);
      if (fn && !roots.has(fn)) roots.set(fn, { fn, why: ROLE_WHY[role]! });
    }
  }
  for (const f of ws.filesWith('irqlAnnotated', annotatedIn, (a, b) => a[0] === b[0] && a[1] === b[1])) {
    for (const [fn, level] of f.items) if (!roots.has(fn)) roots.set(fn, { fn, why: `annotated to run at ${level}, above DISPATCH_LEVEL` });
  }
  return roots;
}

const MAX_DEPTH = 8;

type Chain = { root: IrqlRoot; links: ChainLink[] } | undefined;

/** How a function is reached from a root: the root, and the call that reached it (none for a root). */
interface Reached {
  root: IrqlRoot;
  by?: ChainLink;
}


/**
 * Every function a root reaches by direct calls within MAX_DEPTH, with the first call that reached it:
 * one breadth-first pass down from all the roots per generation. (A search up through the callers of
 * each indicating function instead costs the square of the copies when a workspace holds many copies of
 * a function: each search reads every caller of the name.)
 */
function reachedFromRoots(ws: WorkspaceIndex): Map<FunctionFacts, Reached> {
  // Made once per generation and kept as it was when an edit left it the same (see WorkspaceIndex.derived).
  return ws.derived('irql', () => reach(ws), sameReach);
}

function sameReach(a: Map<FunctionFacts, Reached>, b: Map<FunctionFacts, Reached>): boolean {
  if (a.size !== b.size) return false;
  for (const [fn, r] of a) {
    const o = b.get(fn);
    if (!o || o.root.fn !== r.root.fn || o.root.why !== r.root.why || o.by?.fn !== r.by?.fn || o.by?.call !== r.by?.call) return false;
  }
  return true;
}

function reach(ws: WorkspaceIndex): Map<FunctionFacts, Reached> {
  const roots = irqlRoots(ws);
  const reached = new Map<FunctionFacts, Reached>();
  let frontier: FunctionFacts[] = [];
  for (const [fn, root] of roots) {
    reached.set(fn, { root });
    frontier.push(fn);
  }
  // The definition a call made in a file reaches, once per file and name.
  const defs = new Map<string, FunctionFacts | undefined>();
  const definition = (uri: string, name: string) => {
    const key = uri + '\n' + name;
    if (!defs.has(key)) defs.set(key, definitionFor(ws, uri, name));
    return defs.get(key);
  };
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const next: FunctionFacts[] = [];
    for (const fn of frontier) {
      const { root } = reached.get(fn)!;
      for (const call of fn.calls) {
        const to = definition(fn.uri, call.name);
        if (!to || reached.has(to) || !calls(ws, { fn, call }, to)) continue;
        reached.set(to, { root, by: { fn, call } });
        next.push(to);
      }
    }
    frontier = next;
  }
  return reached;
}

/** A shortest chain of direct calls from a root to `target` (root first), or undefined. */
export function chainFromRoot(ws: WorkspaceIndex, target: FunctionFacts): Chain {
  const reached = reachedFromRoots(ws);
  const r = reached.get(target);
  if (!r) return undefined;
  const links: ChainLink[] = [];
  for (let at = r; at.by; at = reached.get(at.by.fn)!) links.push(at.by);
  return { root: r.root, links: links.reverse() };
}
