// The mistake kinds the mutation harness injects, one documented mistake each, with the rule that
// must report it. A kind turns one indication or offload-event site (or one function that pauses,
// uploads all and resumes) into text edits: the written value replaced where the analysis says it
// is written, or, when nothing writes the field, an assignment joined to the call with a comma
// (`(si.Flags |= F, NdisMIndicateStatusEx(h, &si))`), which keeps the control flow as it was.
import type { Site } from '../../server/src/analysis/sites';
import type { Value } from '../../server/src/analysis/values';
import type { WorkspaceIndex } from '../../server/src/analysis/workspace';
import type { FunctionFacts } from '../../server/src/analysis/facts';
import type { ProtoEvent } from '../../server/src/analysis/paths/events';
import { isConcrete } from '../../server/src/analysis/values';
import { allZero, isNonZero, isZero } from '../../server/src/analysis/classify';
import { evaluate } from '../../server/src/analysis/evaluate';
import { norm, objectOfArg } from '../../server/src/analysis/syntax';
import { siteEntry } from '../../server/src/analysis/statusCode';
import { bufferTargets } from '../../server/src/analysis/statusBuffer';
import { objectValuesAt } from '../../server/src/analysis/objectState';
import { EVENT_TYPE_BY_NAME, STATUS_BY_NAME } from '../../server/src/ndis/constants';
import { CATALOGUE_BY_NAME } from '../../server/src/ndis/statusCatalogue';
import { HEADER_STATUS_NAMES } from '../../server/src/ndis/headerStatusNames';

/** One replacement in one file, by offsets in the file's text. */
export interface Replace {
  start: number;
  end: number;
  text: string;
}

export interface Anchor {
  uri: string;
  start: number;
}

/** One mutation: edits in one file. `key` makes two kinds' or two sites' identical edits one. */
export interface Edit {
  uri: string;
  replaces: Replace[];
  key: string;
  /** Places (in the unmutated texts) where the expected finding may also be: the call, the wrapper call. */
  anchors: Anchor[];
  /** Why the mistake could not be placed (no replaces then): counted apart from the recall. */
  unplaced?: string;
}

export interface KindContext {
  ws: WorkspaceIndex;
  text(uri: string): string | undefined;
  /** The driver handle's expression, when the workspace registers its driver into a global. */
  driverHandle?: string;
}

export interface MutationKind {
  id: string;
  rule: string;
  /** Other rules whose finding also counts (the same mistake belongs to one of two rules by the status code). */
  alsoBy?: readonly string[];
  /** What the mistake is, for the table. */
  what: string;
  on: 'indication' | 'event' | 'function';
  /** Edits for one site (indication / event kinds). */
  site?(site: Site, ctx: KindContext): Edit[];
  /** Edits for one function and its protocol events (function kinds). */
  fn?(fn: FunctionFacts, events: ProtoEvent[], ctx: KindContext): Edit[];
}

const written = (vals: readonly Value[] | undefined, ws: WorkspaceIndex): Value[] =>
  (vals ?? []).filter((v) => isConcrete(v) && v.how !== 'zero' && !!v.loc && !!ws.files.get((v.readAt ?? v.loc).uri) && !(v.loc.end <= v.loc.start));

/** How a kind places its mistake when the analysis does not show the write. */
interface Fallbacks {
  /** The field is never written (zero or unset): this assignment is joined to the call. */
  inject?: string;
  /** The field is written by something the analysis cannot follow: the last match before the call, in the function's text, is replaced. */
  textual?: { find: RegExp; text: string };
}

/**
 * Replace every written value of `field` at the site (one mutation each). When the analysis sees no
 * written value, the fallbacks decide; a mistake that cannot be placed is counted as unplaced, never
 * put where the analysis is sure to see it.
 */
function valueEdits(site: Site, ctx: KindContext, field: string, newText: (v: Value) => string | undefined, fb: Fallbacks, kind: string): Edit[] {
  const vals = written(site.values.get(field), ctx.ws);
  const out: Edit[] = [];
  for (const v of vals) {
    const t = newText(v);
    if (t === undefined || norm(t) === norm(v.expr)) continue;
    // A value read through a local is changed where the field reads it: the local may feed other uses too.
    const at = v.readAt ?? v.loc!;
    out.push({ uri: at.uri, replaces: [{ start: at.start, end: at.end, text: t }], key: `${kind}|${at.uri}|${at.start}`, anchors: anchorsOf(site, v) });
  }
  if (vals.length > 0) return out;
  const all = site.values.get(field) ?? [];
  // A value a wrapper takes from its callers is mutated at each caller, not here.
  if (all.some((v) => v.how === 'param' || v.how === 'caller')) return [];
  const key = `${kind}|${site.call.at.uri}|${site.call.at.start}`;
  if (all.some((v) => v.how === 'unknown')) {
    const text = ctx.text(site.fn.uri);
    if (fb.textual && text) {
      const region = text.slice(site.fn.span.start, site.call.at.start);
      const matches = [...region.matchAll(new RegExp(fb.textual.find.source, 'g'))];
      const m = matches[matches.length - 1];
      if (m) {
        const start = site.fn.span.start + m.index!;
        return [{ uri: site.fn.uri, replaces: [{ start, end: start + m[0].length, text: fb.textual.text }], key: `${kind}|${site.fn.uri}|${start}`, anchors: anchorsOf(site) }];
      }
    }
    return [{ uri: site.call.at.uri, replaces: [], key, anchors: anchorsOf(site), unplaced: `${field} is written by code the analysis does not follow` }];
  }
  if (fb.inject === undefined) return [];
  const e = injectAtCall(site, `${field} = ${fb.inject}`, kind);
  return e ? [e] : [];
}

/** Where a finding about a site's value may be reported: the outermost call that passed it, and the call. */
function anchorsOf(site: Site, v?: Value): Anchor[] {
  return [site.call.at, ...(v?.via ?? [])].map((l) => ({ uri: l.uri, start: l.start }));
}

/** `(<obj>.<assignment>, NdisMIndicateStatusEx(h, &obj))`: the field written just before the call, on every path. */
export function injectAtCall(site: Site, assignment: string, kind: string): Edit | undefined {
  const objArg = site.kind === 'indication' ? site.call.args[1] : undefined;
  if (!objArg) return undefined;
  const { obj, byAddress } = objectOfArg(objArg.text);
  if (!/^[A-Za-z_][\w.]*$/.test(obj)) return undefined;
  // The object's normalised text (`p.Ind`) reads as the analysis reads `p->Ind`; the copy is never compiled.
  const lv = `${obj}${byAddress ? '.' : '->'}${assignment}`;
  const at = site.call.at;
  return { uri: at.uri, replaces: [{ start: at.start, end: at.start, text: `(${lv}, ` }, { start: at.end, end: at.end, text: ')' }], key: `${kind}|${at.uri}|${at.start}`, anchors: [{ uri: at.uri, start: at.start }] };
}

/** Blanks the statement that holds `start` (up to its `;`), keeping every offset and line. */
function blankStatement(text: string, start: number): Replace | undefined {
  const semi = text.indexOf(';', start);
  if (semi < 0 || text.slice(start, semi).includes('\n\n')) return undefined;
  return { start, end: semi, text: text.slice(start, semi).replace(/[^\n]/g, ' ') };
}

/** A documented name misspelt by dropping one letter of its last word (`NDIS_STATUS_LINK_STATE` -> `NDIS_STATUS_LINK_STAE`). */
export function misspell(name: string): string {
  const i = Math.max(name.lastIndexOf('_'), 0);
  const word = name.slice(i);
  if (word.length < 4) return name.slice(0, -1);
  const cut = i + word.length - 2;
  return name.slice(0, cut) + name.slice(cut + 1);
}

/** A status name the analysis knows without the workspace: the chimney table, the status catalogue, the WDK headers. */
const knownStatusName = (n: string) => STATUS_BY_NAME.has(n) || CATALOGUE_BY_NAME.has(n) || n in HEADER_STATUS_NAMES;

/** Where a written value is read by the field (the local's use, when it came through one). */
const at = (v: Value) => v.readAt ?? v.loc!;

const isMiniport = (site: Site) => site.call.name === 'NdisMIndicateStatusEx';

/** A chimney pause / upload-all / resume code: changing it changes the protocol paths too, which the protocol kinds test. */
const isChimneyCode = (v: Value) => !!STATUS_BY_NAME.get(norm(v.expr))?.protocolEvent;

export const KINDS: MutationKind[] = [
  {
    id: 'header-type', rule: 'indication/header', what: 'Header.Type of another object', on: 'indication',
    site: (s, c) => valueEdits(s, c, 'Header.Type', () => 'NDIS_OBJECT_TYPE_DEFAULT', { textual: { find: /\bNDIS_OBJECT_TYPE_STATUS_INDICATION\b/, text: 'NDIS_OBJECT_TYPE_DEFAULT' } }, 'header-type'),
  },
  {
    id: 'header-revision', rule: 'indication/header', what: 'Header.Revision swapped with the size', on: 'indication',
    site: (s, c) => valueEdits(s, c, 'Header.Revision', () => 'NDIS_SIZEOF_STATUS_INDICATION_REVISION_1', { textual: { find: /\bNDIS_STATUS_INDICATION_REVISION_1\b/, text: 'NDIS_SIZEOF_STATUS_INDICATION_REVISION_1' } }, 'header-revision'),
  },
  {
    id: 'header-size', rule: 'indication/header', what: 'Header.Size of another structure', on: 'indication',
    site: (s, c) => valueEdits(s, c, 'Header.Size', () => 'sizeof(NDIS_OBJECT_HEADER)', { textual: { find: /\bNDIS_SIZEOF_STATUS_INDICATION_REVISION_1\b|\bsizeof\s*\(\s*NDIS_STATUS_INDICATION\s*\)/, text: 'sizeof(NDIS_OBJECT_HEADER)' } }, 'header-size'),
  },
  {
    id: 'source-handle-missing', rule: 'indication/source-handle', what: 'SourceHandle assignment left out', on: 'indication',
    // The assignment statement is blanked (an initializer's or a macro argument's value becomes NULL);
    // every value the site sees must go, so all of them are edited at once.
    site: (s, c) => {
      if (!s.local || !isMiniport(s)) return [];
      const all = s.values.get('SourceHandle') ?? [];
      const read = written(all, c.ws);
      // Values of several paths read through one local are one place to edit.
      const vals = read.filter((v, i) => read.findIndex((x) => at(x).start === at(v).start && at(x).uri === at(v).uri) === i);
      if (vals.length === 0 || read.length !== all.length || vals.some((v) => at(v).uri !== at(vals[0]).uri)) return valueEdits(s, c, 'SourceHandle', () => undefined, { textual: { find: /\bSourceHandle\s*=\s*[^;,]+/, text: 'SourceHandle = NULL' } }, 'source-handle-missing');
      const text = c.text(at(vals[0]).uri);
      if (!text) return [];
      const writes = (c.ws.files.get(at(vals[0]).uri)?.functions ?? []).flatMap((f) => f.writes);
      const replaces = vals.map((v) => {
        const w = writes.find((x) => x.kind === 'assign' && x.how === 'assign' && x.valueLoc === at(v) && /SourceHandle$/.test(x.lv));
        return (w && blankStatement(text, w.at.start)) ?? { start: at(v).start, end: at(v).end, text: 'NULL' };
      });
      return [{ uri: at(vals[0]).uri, replaces, key: `source-handle-missing|${at(vals[0]).uri}|${vals.map((v) => at(v).start).join(',')}`, anchors: anchorsOf(s) }];
    },
  },
  {
    id: 'source-handle-container', rule: 'indication/source-handle', what: 'SourceHandle is the structure holding the handle', on: 'indication',
    site: (s, c) => {
      const h = s.values.get('handle')?.filter(isConcrete) ?? [];
      if (!s.local || !isMiniport(s) || h.length !== 1) return [];
      const m = /^(.*?)\s*(->|\.)\s*[A-Za-z_]\w*\s*$/s.exec(h[0].expr.trim());
      if (!m || /[()]/.test(m[1])) return [];
      return valueEdits(s, c, 'SourceHandle', () => m[1], { textual: { find: /(?<=\bSourceHandle\s*=\s*)[^;,]+/, text: m[1] } }, 'source-handle-container');
    },
  },
  {
    id: 'source-handle-driver', rule: 'indication/source-handle', what: "SourceHandle is the driver's handle", on: 'indication',
    site: (s, c) => (s.local && isMiniport(s) && c.driverHandle ? valueEdits(s, c, 'SourceHandle', () => c.driverHandle, { textual: { find: /(?<=\bSourceHandle\s*=\s*)[^;,]+/, text: c.driverHandle } }, 'source-handle-driver') : []),
  },
  {
    id: 'flags-set', rule: 'indication/flags', what: 'Flags |= a flag NDIS reserves', on: 'indication',
    site: (s) => {
      const e = s.local && isMiniport(s) ? injectAtCall(s, 'Flags |= NDIS_STATUS_INDICATION_FLAGS_MEDIA_CONNECT_TO_CONNECT', 'flags-set') : undefined;
      return e ? [e] : [];
    },
  },
  {
    id: 'destination-without-request', rule: 'indication/destination-request', what: 'DestinationHandle without RequestId', on: 'indication',
    site: (s, c) => {
      if (!s.local || !allZero(s.values.get('RequestId'), c.ws) || !allZero(s.values.get('DestinationHandle'), c.ws)) return [];
      const e = injectAtCall(s, `DestinationHandle = ${s.call.args[0].text.trim()}`, 'destination-without-request');
      return e ? [e] : [];
    },
  },
  {
    id: 'status-code-completion', rule: 'indication/status-code', what: 'StatusCode is a completion status', on: 'indication',
    site: (s, c) => valueEdits(s, c, 'StatusCode', (v) => (isChimneyCode(v) ? undefined : 'NDIS_STATUS_SUCCESS'), { textual: { find: /(?<=\bStatusCode\s*=\s*)[^;,]+/, text: 'NDIS_STATUS_SUCCESS' } }, 'status-code-completion'),
  },
  {
    id: 'status-code-misspelled', rule: 'indication/status-code', what: 'StatusCode name misspelt', on: 'indication',
    site: (s, c) => valueEdits(s, c, 'StatusCode', (v) => {
      const n = norm(v.expr);
      if (!knownStatusName(n) || isChimneyCode(v)) return undefined;
      const bad = misspell(n);
      return knownStatusName(bad) || c.ws.macro(bad) ? undefined : bad;
    }, {}, 'status-code-misspelled'),
  },
  {
    id: 'status-code-obsolete', rule: 'indication/obsolete-status', what: 'StatusCode of NDIS 5 (NDIS_STATUS_MEDIA_CONNECT)', on: 'indication',
    site: (s, c) => valueEdits(s, c, 'StatusCode', (v) => (isChimneyCode(v) ? undefined : 'NDIS_STATUS_MEDIA_CONNECT'), { textual: { find: /(?<=\bStatusCode\s*=\s*)[^;,]+/, text: 'NDIS_STATUS_MEDIA_CONNECT' } }, 'status-code-obsolete'),
  },
  {
    // A code that carries data reports the NULL buffer under status-buffer-type, any other under status-buffer.
    id: 'buffer-null', rule: 'indication/status-buffer', alsoBy: ['indication/status-buffer-type'], what: 'StatusBuffer NULL with a size', on: 'indication',
    site: (s, c) => {
      const sizes = s.values.get('StatusBufferSize') ?? [];
      if (sizes.length === 0 || !sizes.every((v) => isNonZero(v, c.ws))) return [];
      const buffers = written(s.values.get('StatusBuffer'), c.ws).filter((v) => !isZero(v, c.ws));
      if (buffers.length === 1 && (s.values.get('StatusBuffer') ?? []).length === 1) return valueEdits(s, c, 'StatusBuffer', () => 'NULL', {}, 'buffer-null');
      const e = s.local ? injectAtCall(s, 'StatusBuffer = NULL', 'buffer-null') : undefined;
      return e ? [e] : [];
    },
  },
  {
    id: 'buffer-size', rule: 'indication/status-buffer-type', what: 'StatusBufferSize of another type', on: 'indication',
    site: (s, c) => {
      const entry = siteEntry(s.values.get('StatusCode'), c.ws);
      if (!entry || entry.versions.obsoleteForNdis6 || entry.buffer.kind !== 'structure') return [];
      return valueEdits(s, c, 'StatusBufferSize', (v) => (isZero(v, c.ws) ? undefined : 'sizeof(NDIS_OBJECT_HEADER)'), {}, 'buffer-size');
    },
  },
  {
    id: 'buffer-header-type', rule: 'indication/status-buffer-header', what: "the buffer's own Header.Type wrong", on: 'indication',
    site: (s, c) => {
      const entry = siteEntry(s.values.get('StatusCode'), c.ws);
      if (!entry?.header || entry.versions.obsoleteForNdis6) return [];
      const out: Edit[] = [];
      for (const t of bufferTargets(s, c.ws)) {
        if (!t.object) continue;
        const vals = written(objectValuesAt(c.ws, t.object.fn, t.object.text, t.object.offset, ['Header.Type']).get('Header.Type'), c.ws);
        for (const v of vals) {
          if (norm(v.expr) !== entry.header.type.name) continue;
          out.push({ uri: v.loc!.uri, replaces: [{ start: v.loc!.start, end: v.loc!.end, text: 'NDIS_OBJECT_TYPE_STATUS_INDICATION' }], key: `buffer-header-type|${v.loc!.uri}|${v.loc!.start}`, anchors: [...anchorsOf(s, t.value), ...(t.value.loc ? [{ uri: t.value.loc.uri, start: t.value.loc.start }] : [])] });
        }
      }
      return out;
    },
  },
  {
    id: 'port-number-missing', rule: 'indication/port-number', what: 'PortNumber not set for a port code', on: 'indication',
    site: (s, c) => {
      const entry = siteEntry(s.values.get('StatusCode'), c.ws);
      if (!entry?.musts.some((m) => m.kind === 'port-number')) return [];
      const vals = s.values.get('PortNumber') ?? [];
      const text = vals[0]?.loc ? c.text(vals[0].loc.uri) : undefined;
      const writes = (c.ws.files.get(vals[0]?.loc?.uri ?? '')?.functions ?? []).flatMap((f) => f.writes);
      const w = vals.length === 1 && (vals[0].how === 'assign' || vals[0].how === 'param') && text ? writes.find((x) => x.kind === 'assign' && x.valueLoc === vals[0].loc) : undefined;
      const blank = w && text ? blankStatement(text, w.at.start) : undefined;
      return blank ? [{ uri: w!.at.uri, replaces: [blank], key: `port-number-missing|${w!.at.uri}|${w!.at.start}`, anchors: anchorsOf(s) }] : [];
    },
  },
  {
    id: 'indication-in-isr', rule: 'indication/irql', what: 'indication made from the ISR', on: 'indication',
    site: (s) => {
      if (!s.local || s.fn.fromMacro) return [];
      return [{ uri: s.fn.uri, replaces: [{ start: s.fn.span.start, end: s.fn.span.start, text: '_Function_class_(MINIPORT_ISR) ' }], key: `indication-in-isr|${s.fn.uri}|${s.fn.span.start}`, anchors: [s.call.at, s.fn.nameLoc].map((l) => ({ uri: l.uri, start: l.start })) }];
    },
  },
  {
    id: 'event-type-misspelled', rule: 'offload-event/event-type', what: 'EventType name misspelt', on: 'event',
    site: (s, c) => valueEdits(s, c, 'arg1', (v) => (EVENT_TYPE_BY_NAME.has(norm(v.expr)) ? misspell(norm(v.expr)) : undefined), {}, 'event-type-misspelled'),
  },
  {
    id: 'retrieve-reason-zero', rule: 'offload-event/retrieve-reason', what: 'retrieve with reason 0', on: 'event',
    site: (s, c) => {
      const types = (s.values.get('arg1') ?? []).filter(isConcrete);
      if (types.length === 0 || !types.every((v) => evaluate(v.expr, c.ws) === 3)) return [];
      return valueEdits(s, c, 'arg2', () => '0', {}, 'retrieve-reason-zero');
    },
  },
  {
    id: 'event-handle-context', rule: 'offload-event/handle', what: "the connection's context instead of its NdisOffloadHandle", on: 'event',
    site: (s, c) => valueEdits(s, c, 'arg0', (v) => /^(.*?)\s*(->|\.)\s*NdisOffloadHandle\s*$/s.exec(v.expr.trim())?.[1], {}, 'event-handle-context'),
  },
  {
    id: 'resume-without-wait', rule: 'protocol/resume-before-upload-drain', what: 'the wait for the terminates removed', on: 'function',
    fn: (fn, events, c) => {
      const order = events.map((e) => e.event.kind);
      const up = order.indexOf('uploadAll');
      const wait = order.indexOf('terminatesCompleted', up);
      const resume = order.indexOf('resume', wait);
      if (up < 0 || wait < 0 || resume < 0 || events[wait].through) return [];
      const text = c.text(fn.uri);
      const blank = text ? blankStatement(text, events[wait].offset) : undefined;
      return blank ? [{ uri: fn.uri, replaces: [blank], key: `resume-without-wait|${fn.uri}|${events[wait].offset}`, anchors: [{ uri: events[resume].loc.uri, start: events[resume].loc.start }] }] : [];
    },
  },
  {
    id: 'pause-early-return', rule: 'protocol/pause-without-resume', what: 'an early return between pause and resume', on: 'function',
    fn: (fn, events, c) => {
      const order = events.map((e) => e.event.kind);
      const pause = order.indexOf('pause');
      const resume = order.indexOf('resume', pause);
      const text = c.text(fn.uri);
      if (pause < 0 || resume < 0 || !text) return [];
      const semi = text.indexOf(';', events[pause].loc.end);
      if (semi < 0 || semi > events[resume].offset) return [];
      const head = text.slice(fn.span.start, fn.nameLoc.start);
      const ret = /\b(VOID|void)\b/.test(head) && !/\*/.test(head) ? 'return;' : 'return 0;';
      return [{ uri: fn.uri, replaces: [{ start: semi + 1, end: semi + 1, text: ` if (KeGetCurrentIrql() > DISPATCH_LEVEL) ${ret}` }], key: `pause-early-return|${fn.uri}|${semi}`, anchors: [] }];
    },
  },
];
