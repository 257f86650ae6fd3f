// Where a handle comes from, not what it is called: the MiniportAdapterHandle NDIS passes to
// MiniportInitializeEx (and the NdisFilterHandle it passes to FilterAttach), followed into the
// fields and globals the driver stores it in; the driver handle NdisMRegisterMiniportDriver or
// NdisFRegisterFilterDriver writes through its last argument; a connection's NdisOffloadHandle
// copied out of an offload block list. A stored handle is known by its slot: a global, or a field
// of a structure type (`ADAPTER.AdapterHandle`), so `Adapter->AdapterHandle` and
// `pAdapter->AdapterHandle` read the same slot. An accessor (`GetMiniportHandle(Adapter)`) gives
// what its returns give.
import type { FileFacts, FunctionFacts, Write } from './facts';
import type { Loc } from './source';
import type { WorkspaceIndex } from './workspace';
import { Roles } from './paths/roles';
import { sameList } from './sameList';
import { lvalueType } from './types';
import { isIdentifier, norm, objectOfArg } from './syntax';

export type HandleOrigin =
  /** The MiniportAdapterHandle NDIS gave MiniportInitializeEx. */
  | 'adapter'
  /** The NdisFilterHandle NDIS gave FilterAttach. */
  | 'filter'
  /** The handle NdisMRegisterMiniportDriver / NdisFRegisterFilterDriver returned for the driver. */
  | 'driver'
  /** A connection's NdisOffloadHandle from an offload block list. */
  | 'offload';

export interface Provenance {
  origin: HandleOrigin;
  /** Where the handle was received or stored, for the finding's steps. */
  loc: Loc;
  /** What happened there, in words (`the adapter handle is stored here`). */
  what: string;
}

/** Calls that write a driver handle through one of their arguments, with its index. */
const DRIVER_REGISTRATIONS: Readonly<Record<string, number>> = { NdisMRegisterMiniportDriver: 4, NdisFRegisterFilterDriver: 3 };

const MAX_DEPTH = 4;

interface Index {
  /** Slot (`global:G`, `field:ADAPTER.AdapterHandle`) -> where its handle comes from; null when two origins meet there. */
  slots: Map<string, Provenance | null>;
  /** Parameters that receive a handle: the handler's own, and those of the functions it passes it to. */
  params: Map<FunctionFacts, Map<number, Provenance>>;
}

/** The workspace's handle index, made once per generation and kept as it was when an edit left it the same (see WorkspaceIndex.derived). */
function indexOf(ws: WorkspaceIndex): Index {
  return ws.derived('handles', () => build(ws), sameIndex);
}

function sameIndex(a: Index, b: Index): boolean {
  if (a.slots.size !== b.slots.size || a.params.size !== b.params.size) return false;
  for (const [slot, p] of a.slots) if (!b.slots.has(slot) || !sameProvenance(p, b.slots.get(slot)!)) return false;
  for (const [fn, ps] of a.params) {
    const other = b.params.get(fn);
    if (!other || other.size !== ps.size) return false;
    for (const [i, p] of ps) if (!other.has(i) || !sameProvenance(p, other.get(i)!)) return false;
  }
  return true;
}

function sameProvenance(a: Provenance | null, b: Provenance | null): boolean {
  return a === b || (!!a && !!b && a.origin === b.origin && a.loc === b.loc && a.what === b.what);
}

/** The slot an lvalue names in `fn`: a global or a structure field; undefined for a local. */
export function slotOf(ws: WorkspaceIndex, fn: FunctionFacts | undefined, expr: string): string | undefined {
  const t = norm(expr);
  const root = /^[A-Za-z_]\w*/.exec(t)?.[0];
  if (!root) return undefined;
  const local = !!fn && (fn.locals.has(root) || fn.params.some((p) => p.name === root));
  if (t === root) return local ? undefined : `global:${t}`;
  const m = /^(.*)\.([A-Za-z_]\w*)$/.exec(t);
  if (!m || !/^[A-Za-z_][\w.]*$/.test(t)) return undefined;
  const owner = lvalueType(ws, fn ? [fn] : [], m[1]);
  if (owner) return `field:${owner.base}.${m[2]}`;
  return local ? undefined : `global:${t}`;
}

function build(ws: WorkspaceIndex): Index {
  const index: Index = { slots: new Map(), params: new Map() };
  const store = (slot: string | undefined, p: Provenance) => {
    if (!slot) return;
    const had = index.slots.get(slot);
    if (had === undefined) index.slots.set(slot, p);
    else if (had && had.origin !== p.origin) index.slots.set(slot, null);
  };
  // Where a value known to be a handle goes in `fn`: local copies, then the slots it is stored in.
  const spread = (fn: FunctionFacts, names: Set<string>, origin: HandleOrigin, after = -1) => {
    for (const w of fn.writes) {
      if (w.kind !== 'assign' || w.compound || w.at.start < after || !names.has(norm(w.value))) continue;
      const lv = norm(w.lv);
      if (isIdentifier(lv) && fn.locals.has(lv)) names.add(lv);
      else store(slotOf(ws, fn, lv), { origin, loc: w.at, what: `${describeOrigin(origin)} is stored here` });
    }
  };

  // Handler parameters, and the parameters of the functions they are passed on to.
  const roles = Roles.of(ws);
  const work: { fn: FunctionFacts; i: number; p: Provenance; depth: number }[] = [];
  for (const [role, origin] of [['initialize', 'adapter'], ['filterAttach', 'filter']] as const) {
    for (const name of roles.withRole(role)) {
      for (const fn of ws.functionsNamed(name)) {
        const param = fn.params[0];
        if (param) work.push({ fn, i: 0, p: { origin, loc: param.loc, what: `NDIS passes ${describeOrigin(origin)} to ${fn.name} here` }, depth: 0 });
      }
    }
  }
  while (work.length) {
    const { fn, i, p, depth } = work.pop()!;
    const known = index.params.get(fn) ?? new Map<number, Provenance>();
    if (known.has(i)) continue;
    known.set(i, p);
    index.params.set(fn, known);
    const names = new Set([fn.params[i].name]);
    spread(fn, names, p.origin);
    if (depth >= MAX_DEPTH) continue;
    for (const c of fn.calls) {
      if (c.callee !== c.name) continue;
      c.args.forEach((a, k) => {
        if (!names.has(norm(a.text))) return;
        for (const callee of ws.functionsNamed(c.name)) if (callee.params[k]) work.push({ fn: callee, i: k, p, depth: depth + 1 });
      });
    }
  }

  // Driver handles written by the registration calls.
  for (const [call, k] of Object.entries(DRIVER_REGISTRATIONS)) {
    for (const { fn, call: c } of ws.callersOf(call)) {
      const arg = c.args[k];
      if (!arg || c.callee !== call) continue;
      const { obj, byAddress } = objectOfArg(arg.text);
      if (!byAddress) continue;
      if (isIdentifier(obj) && fn.locals.has(obj)) spread(fn, new Set([obj]), 'driver', c.at.start);
      else store(slotOf(ws, fn, obj), { origin: 'driver', loc: arg.loc, what: `${call} writes the driver handle here` });
    }
  }

  // Connection handles copied out of an offload block list.
  for (const { fn, w } of allHandleCopies(ws)) {
    {
      const m = /^(.*)\.NdisOffloadHandle$/.exec(norm(w.value));
      const owner = m && lvalueType(ws, [fn], m[1]);
      if (!owner || !/OFFLOAD_BLOCK_LIST$/.test(owner.base)) continue;
      store(slotOf(ws, fn, w.lv), { origin: 'offload', loc: w.at, what: 'the connection\'s NdisOffloadHandle is stored here from its offload block list' });
    }
  }
  return index;
}

/**
 * Every copy of an NdisOffloadHandle in the workspace, in file order: kept per file (fileLists.ts) and
 * as it was when an edit left every file's copies the same, so that the index that reads it is not made
 * again for that.
 */
function allHandleCopies(ws: WorkspaceIndex): readonly HandleCopy[] {
  return ws.derived(
    'handleCopies',
    () => ws.filesWith('handleCopies', copiesIn, sameCopy).flatMap((f) => f.items),
    (a, b) => sameList(a, b, sameCopy),
  );
}

interface HandleCopy {
  fn: FunctionFacts;
  w: Assign;
}

const sameCopy = (a: HandleCopy, b: HandleCopy) => a.fn === b.fn && a.w === b.w;

/** The copies of an NdisOffloadHandle a file's functions make. */
function copiesIn(file: FileFacts): HandleCopy[] {
  return file.functions.flatMap((fn) => handleCopies(fn).map((w) => ({ fn, w })));
}

/** Assignments of a function that copy an NdisOffloadHandle, kept with its facts (read once, not on each edit). */
function handleCopies(fn: FunctionFacts): readonly Assign[] {
  let hit = copies.get(fn);
  if (!hit) {
    hit = fn.writes.filter((w): w is Assign => w.kind === 'assign' && !w.compound && w.value.includes('NdisOffloadHandle'));
    copies.set(fn, hit);
  }
  return hit;
}
const copies = new WeakMap<FunctionFacts, readonly Assign[]>();
type Assign = Extract<Write, { kind: 'assign' }>;

/**
 * Where the handle an expression holds comes from, seen from `fn` (the function whose text it is):
 * a parameter that receives a handle, a slot the driver stores one in, an accessor returning one,
 * or a block list's own NdisOffloadHandle. Undefined when it cannot be told.
 */
export function provenanceOf(ws: WorkspaceIndex, fn: FunctionFacts | undefined, expr: string, depth = 0): Provenance | undefined {
  const index = indexOf(ws);
  const t = norm(expr);
  if (fn && isIdentifier(t)) {
    const i = fn.params.findIndex((p) => p.name === t);
    if (i >= 0) return index.params.get(fn)?.get(i);
  }
  const block = /^(.*)\.NdisOffloadHandle$/.exec(t);
  if (block && /OFFLOAD_BLOCK_LIST$/.test(lvalueType(ws, fn ? [fn] : [], block[1])?.base ?? '')) return undefined; // the block list's own: right by construction
  const slot = slotOf(ws, fn, t);
  if (slot) return index.slots.get(slot) ?? undefined;
  // An accessor: every return of the function it calls gives the same handle.
  const call = /^(?:[A-Za-z_][\w.]*\.)?([A-Za-z_]\w*)\(.*\)$/.exec(t);
  if (call && depth < 2) {
    const callees = ws.functionsNamed(call[1]);
    const returns = callees.length === 1 ? callees[0].returns ?? [] : [];
    const each = returns.map((r) => provenanceOf(ws, callees[0], r.text, depth + 1));
    if (each.length && each.every((p) => p && p.origin === each[0]!.origin)) return each[0];
  }
  return undefined;
}

/** The origin in words, for messages. */
export function describeOrigin(origin: HandleOrigin): string {
  switch (origin) {
    case 'adapter': return 'the miniport adapter handle';
    case 'filter': return 'the filter module handle';
    case 'driver': return 'the driver handle';
    case 'offload': return "a connection's NdisOffloadHandle";
  }
}
