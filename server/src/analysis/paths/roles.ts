// Handler roles (MiniportInitializeEx, MiniportInitiateOffload, MiniportTcpOffloadSend,
// MiniportInterrupt, ...) recognised from the characteristics fields a function is
// assigned to, from role typedef declarations (`W_INITIATE_OFFLOAD_HANDLER MpInitiateOffload;`,
// `MINIPORT_ISR MpInterrupt;`), from _Function_class_ annotations, and for interrupt
// synchronisation from the function passed to NdisMSynchronizeWithInterruptEx; never
// from a function's name.
import type { WorkspaceIndex } from '../workspace';
import type { FileFacts, FunctionFacts } from '../facts';
import type { FileItems } from '../fileLists';

export type Role =
  | 'initialize' | 'halt' | 'setOptions' | 'oidRequest'
  | 'initiateOffload' | 'terminateOffload' | 'updateOffload' | 'invalidateOffload' | 'queryOffload'
  | 'tcpSend' | 'tcpReceive' | 'tcpDisconnect' | 'tcpForward' | 'tcpReceiveReturn'
  /** MiniportInterrupt / MiniportMessageInterrupt: run at the device's IRQL (DIRQL). */
  | 'isr'
  /** MiniportDisable/EnableInterruptEx, their message forms, and MiniportSynchronizeInterrupt: DIRQL too. */
  | 'interruptControl'
  /** FilterAttach: receives the NdisFilterHandle of the filter module. */
  | 'filterAttach';

/** Roles whose functions run above DISPATCH_LEVEL. */
export const DIRQL_ROLES: readonly Role[] = ['isr', 'interruptControl'];

/** Fields of NDIS_MINIPORT_DRIVER_CHARACTERISTICS and the NDIS_PROVIDER_CHIMNEY_OFFLOAD_*_CHARACTERISTICS. */
const FIELD_ROLE: Record<string, Role> = {
  InitializeHandlerEx: 'initialize',
  HaltHandlerEx: 'halt',
  SetOptionsHandler: 'setOptions',
  OidRequestHandler: 'oidRequest',
  InitiateOffloadHandler: 'initiateOffload',
  TerminateOffloadHandler: 'terminateOffload',
  UpdateOffloadHandler: 'updateOffload',
  InvalidateOffloadHandler: 'invalidateOffload',
  QueryOffloadHandler: 'queryOffload',
  TcpOffloadSendHandler: 'tcpSend',
  TcpOffloadReceiveHandler: 'tcpReceive',
  TcpOffloadDisconnectHandler: 'tcpDisconnect',
  TcpOffloadForwardHandler: 'tcpForward',
  TcpOffloadReceiveReturnHandler: 'tcpReceiveReturn',
  // NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS (the DPC handlers run at DISPATCH_LEVEL and have no role here).
  InterruptHandler: 'isr',
  MessageInterruptHandler: 'isr',
  DisableInterruptHandler: 'interruptControl',
  EnableInterruptHandler: 'interruptControl',
  DisableMessageInterruptHandler: 'interruptControl',
  EnableMessageInterruptHandler: 'interruptControl',
  // NDIS_FILTER_DRIVER_CHARACTERISTICS
  AttachHandler: 'filterAttach',
};

/** Role typedefs from ndis.h and ndischimney.h. */
const TYPE_ROLE: Record<string, Role> = {
  MINIPORT_INITIALIZE: 'initialize',
  MINIPORT_HALT: 'halt',
  MINIPORT_SET_OPTIONS: 'setOptions',
  MINIPORT_OID_REQUEST: 'oidRequest',
  W_INITIATE_OFFLOAD_HANDLER: 'initiateOffload',
  W_TERMINATE_OFFLOAD_HANDLER: 'terminateOffload',
  W_UPDATE_OFFLOAD_HANDLER: 'updateOffload',
  W_INVALIDATE_OFFLOAD_HANDLER: 'invalidateOffload',
  W_QUERY_OFFLOAD_HANDLER: 'queryOffload',
  W_TCP_OFFLOAD_SEND_HANDLER: 'tcpSend',
  W_TCP_OFFLOAD_RECEIVE_HANDLER: 'tcpReceive',
  W_TCP_OFFLOAD_DISCONNECT_HANDLER: 'tcpDisconnect',
  W_TCP_OFFLOAD_FORWARD_HANDLER: 'tcpForward',
  W_TCP_OFFLOAD_RECEIVE_RETURN_HANDLER: 'tcpReceiveReturn',
  MINIPORT_ISR: 'isr',
  MINIPORT_MESSAGE_INTERRUPT: 'isr',
  MINIPORT_DISABLE_INTERRUPT: 'interruptControl',
  MINIPORT_ENABLE_INTERRUPT: 'interruptControl',
  MINIPORT_DISABLE_MESSAGE_INTERRUPT: 'interruptControl',
  MINIPORT_ENABLE_MESSAGE_INTERRUPT: 'interruptControl',
  MINIPORT_SYNCHRONIZE_INTERRUPT: 'interruptControl',
  FILTER_ATTACH: 'filterAttach',
};

/** Calls that run the function passed as argument `arg` at the interrupt's IRQL. */
const SYNCHRONIZE_CALLS: Readonly<Record<string, number>> = {
  NdisMSynchronizeWithInterruptEx: 2,
  NdisMSynchronizeWithInterrupt: 1,
  KeSynchronizeExecution: 1,
};

const classMemo = new WeakMap<FunctionFacts, { prefix: string | undefined; cls: string | undefined }>();

/** The role typedef named by a `_Function_class_(X)` annotation just before the definition. */
function functionClass(fn: FunctionFacts): string | undefined {
  const hit = classMemo.get(fn);
  if (hit && hit.prefix === fn.prefix) return hit.cls;
  const cls = fn.prefix?.includes('_Function_class_') ? /_Function_class_\s*\(\s*(\w+)\s*\)[^;{}]*$/.exec(fn.prefix)?.[1] : undefined;
  classMemo.set(fn, { prefix: fn.prefix, cls });
  return cls;
}

/** The roles one file gives to functions (most edits do not change them). */
function rolesOf(f: FileFacts): [string, Role][] {
  const out: [string, Role][] = [];
  const add = (name: string, role: Role | undefined) => role && out.push([name, role]);
  for (const a of f.fieldFunctionAssignments) add(a.value, FIELD_ROLE[a.field]);
  for (const d of f.roleDeclarations) add(d.name, TYPE_ROLE[d.type.trim()]);
  for (const fn of f.functions) for (const [name, role] of functionRoles(fn)) add(name, role);
  return out;
}

const fnRoles = new WeakMap<FunctionFacts, { prefix: string | undefined; roles: [string, Role][] }>();

/**
 * The roles one function gives: its own by its `_Function_class_`, and the functions it passes to an
 * interrupt synchronisation call. Kept per function (an edit reads its file's roles again, and keeps the
 * functions it did not touch); its prefix, the annotations before it, may change in place.
 */
function functionRoles(fn: FunctionFacts): [string, Role][] {
  const hit = fnRoles.get(fn);
  if (hit && hit.prefix === fn.prefix) return hit.roles;
  const roles: [string, Role][] = [];
  const own = TYPE_ROLE[functionClass(fn) ?? ''];
  if (own) roles.push([fn.name, own]);
  for (const c of fn.calls) {
    const k = SYNCHRONIZE_CALLS[c.name];
    const arg = k !== undefined ? c.args[k]?.text.trim().replace(/^&/, '') : undefined;
    if (arg && /^[A-Za-z_]\w*$/.test(arg)) roles.push([arg, 'interruptControl']);
  }
  fnRoles.set(fn, { prefix: fn.prefix, roles });
  return roles;
}

/**
 * The files that give roles, in uri order, with the roles each gives: worked out again only for the
 * files an edit changed, and a lookup that answers the same while no file's roles changed.
 */
export function rolesByFile(ws: WorkspaceIndex): readonly FileItems<[string, Role]>[] {
  return ws.filesWith('roles', rolesOf, (a, b) => a[0] === b[0] && a[1] === b[1]);
}

export class Roles {
  private readonly byFunction = new Map<string, Set<Role>>();

  /**
   * The workspace's roles (the analysis, the handle index and the IRQL pass ask), made again only when
   * some file's roles changed, and kept as they were when they came out the same, so that what read them
   * stays valid (WorkspaceIndex.derived).
   */
  static of(ws: WorkspaceIndex): Roles {
    return ws.derived('roles', () => new Roles(ws), sameRoles);
  }

  constructor(ws: WorkspaceIndex) {
    const add = (fn: string, role: Role | undefined) => {
      if (!role) return;
      const set = this.byFunction.get(fn) ?? new Set<Role>();
      set.add(role);
      this.byFunction.set(fn, set);
    };
    // Files in uri order, so that lists of role holders never depend on the order files were opened.
    for (const f of rolesByFile(ws)) for (const [name, role] of f.items) add(name, role);
  }

  has(fn: string, role: Role): boolean {
    return this.byFunction.get(fn)?.has(role) ?? false;
  }

  /** Each function that holds a role, with its roles. */
  entries(): IterableIterator<[string, ReadonlySet<Role>]> {
    return this.byFunction.entries();
  }

  /** Functions that hold a role. */
  withRole(role: Role): string[] {
    return [...this.byFunction].filter(([, r]) => r.has(role)).map(([f]) => f);
  }
}

/** The same functions with the same roles, in the same order (withRole lists them in that order). */
function sameRoles(a: Roles, b: Roles): boolean {
  const x = [...a.entries()];
  const y = [...b.entries()];
  return x.length === y.length && x.every(([fn, roles], i) => fn === y[i][0] && roles.size === y[i][1].size && [...roles].every((r, k) => r === [...y[i][1]][k]));
}
