// What one ndis-status-docs page says about its code, read with fixed
// patterns: the StatusBuffer contents and size, who indicates the code, the
// documented NDIS versions and the further requirements source code can show.
// The patterns are fitted to the wording of the 152 pages; a page whose
// wording changes makes the catalogue test fail, and the generator is re-run
// and its diff reviewed.

import type { BufferKind, BufferSize, Indicator, StatusMust, WdiTlv } from '../../server/src/ndis/statusCatalogueTypes';
import { readPageText, type PageText } from './pageText';

export interface PageVersions {
  min?: string;
  max?: string;
  minFrom?: 'ndis' | 'windows';
  windows?: string;
  obsoleteForNdis6: boolean;
  replacement?: string;
}

export interface PageBuffer {
  kind: BufferKind;
  type?: string;
  tlvs?: WdiTlv[];
  ndis5Call?: boolean;
  /** Every structure name the sentence that gave `type` mentions (to spot ambiguity). */
  mentioned?: string[];
  /** The page says the code is the same as another one: take that code's buffer. */
  sameAs?: string;
}

export interface PageFacts {
  page: string;
  name: string;
  family: 'general' | 'wwan' | 'wdi';
  buffer: PageBuffer;
  size: BufferSize;
  versions: PageVersions;
  indicatedBy: Indicator[];
  musts: StatusMust[];
  /** Structure name -> DDI page path, from the page's links. */
  ddiLinks: Map<string, string>;
}

const NAME = String.raw`[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+`;
const CONTAINER = 'NDIS_STATUS_INDICATION';

function familyOf(name: string): PageFacts['family'] {
  if (name.startsWith('NDIS_STATUS_WDI_')) return 'wdi';
  if (name.startsWith('NDIS_STATUS_WWAN_')) return 'wwan';
  return 'general';
}

/** Structure names a sentence mentions ("an NDIS_LINK_STATE structure"), the indication structure left out. */
function structuresIn(sentence: string): string[] {
  const out: string[] = [];
  for (const m of sentence.matchAll(new RegExp(String.raw`\b(${NAME})\)?\s+structure`, 'g'))) {
    if (m[1] !== CONTAINER && !out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

function wdiTlvs(payload: string[]): WdiTlv[] {
  const rows = payload.filter((l) => l.trim().startsWith('|'));
  if (rows.length < 2) return [];
  const cells = (l: string) => l.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
  const head = cells(rows[0]).map((c) => c.toLowerCase());
  const multiCol = head.findIndex((c) => c.startsWith('multiple'));
  const optCol = head.findIndex((c) => c.startsWith('optional'));
  const out: WdiTlv[] = [];
  for (const row of rows.slice(1)) {
    const c = cells(row);
    const name = /\b(WDI_TLV_[A-Z0-9_]+)/.exec(c[0].replace(/\\_/g, '_'))?.[1];
    if (!name) continue;
    out.push({ name, multiple: /^X$/i.test(c[multiCol] ?? ''), optional: /^X$/i.test(c[optCol] ?? '') });
  }
  return out;
}

function readBuffer(t: PageText, family: PageFacts['family']): PageBuffer {
  if (family === 'wdi') {
    if (/contains no additional data/i.test(t.payload.join(' '))) return { kind: 'wdi-message', tlvs: [] };
    const tlvs = wdiTlvs(t.payload);
    return tlvs.length ? { kind: 'wdi-message', tlvs } : { kind: 'unknown' };
  }
  const same = new RegExp(String.raw`^The (${NAME}) status is the same as the (${NAME}) status`).exec(t.sentences.join('\n'));
  if (same) return { kind: 'unknown', sameAs: same[2] };
  if (/does not have a status buffer/i.test(t.body)) return { kind: 'none' };
  const about = t.sentences.filter((s) => /\bStatusBuffer\b(?!Size)/.test(s));
  for (const s of about) {
    const ndis5Call = /\bNdisMIndicateStatus\b/.test(s);
    if (/StatusBuffer member must be set to NULL/.test(s)) return { kind: 'none' };
    if (/driver-allocated buffer/.test(s)) return { kind: 'variable' };
    const structs = structuresIn(s);
    if (structs.length) return { kind: 'structure', type: structs[0], mentioned: structs, ...(ndis5Call ? { ndis5Call } : {}) };
    const scalar = /\b(ULONG64|ULONG|DWORD)\b/.exec(s);
    if (scalar) return { kind: 'value', type: scalar[1], ...(ndis5Call ? { ndis5Call } : {}) };
    const enumeration = new RegExp(String.raw`one of the following (${NAME}) values in the StatusBuffer`).exec(s);
    if (enumeration) return { kind: 'value', type: enumeration[1] };
    if (/bitwise OR of the .* flags in the StatusBuffer/.test(s)) return { kind: 'value' };
  }
  for (const s of t.sentences) {
    const m = /\b(?:notification|indication) uses the (\S+) structure/.exec(s);
    if (m) return { kind: 'structure', type: m[1], mentioned: [m[1], ...structuresIn(s).filter((x) => x !== m[1])] };
  }
  const anyStruct = t.sentences.flatMap((s) => (/\b(uses|using|with) the \S+ structure/.test(s) ? structuresIn(s) : []));
  if (family === 'wwan' && anyStruct.length) return { kind: 'structure', type: anyStruct[0], mentioned: anyStruct };
  return { kind: 'unknown' };
}

function readSize(t: PageText, buffer: PageBuffer): BufferSize {
  const said = t.sentences.find((s) => /\bStatusBufferSize\b/.test(s));
  if (said) {
    if (/set to zero/.test(said)) return { kind: 'zero' };
    const of = /sizeof\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)/.exec(said.replace(/\s+/g, ''))?.[1];
    if (of) return { kind: 'sizeof', of, stated: true };
  }
  switch (buffer.kind) {
    case 'structure':
    case 'value':
      return buffer.type ? { kind: 'sizeof', of: buffer.type, stated: false } : { kind: 'unknown' };
    case 'none':
      return { kind: 'zero' };
    case 'wdi-message':
    case 'variable':
      return { kind: 'variable' };
    case 'unknown':
      return { kind: 'unknown' };
  }
}

/** Who the page says makes the indication. */
function readIndicators(t: PageText, family: PageFacts['family']): Indicator[] {
  const body = t.sentences.join('\n');
  const out = new Set<Indicator>();
  const actor = /\b(?:miniport drivers?|MBB drivers?)\b([^.\n]{0,80}?)\b(?:use|uses|issue|issues|generate|generates|make|makes|send|sends|supplies|indicate)\b/gi;
  for (const m of body.matchAll(actor)) if (!/\bnot\b/.test(m[1])) out.add('miniport');
  if (/\bsent by (?:a |the )?(?:modem |mobile broadband )?miniport (?:drivers?|adapter)\b|\bused by an? (?:IHV )?miniport driver\b/i.test(body)) out.add('miniport');
  if (/\bMUX intermediate drivers?\b[^.\n]{0,40}?\b(?:use|generate)\b/i.test(body)) out.add('intermediate');
  if (/\bfilter drivers can also generate\b/i.test(body)) out.add('filter');
  if (/\bextensible switch forwarding extension\b|\bextension can also originate\b/i.test(body)) out.add('switch-extension');
  if (/\bNDIS (?:or miniport drivers )?(?:generates|can generate|supplies|notifies)\b|\bthe interface issues\b/i.test(body)) out.add('ndis');
  // WDI indications are messages from the IHV miniport to the WDI component; a
  // few pages leave the sender implicit ("is used to indicate ...").
  if (family === 'wdi') out.add('miniport');
  const order: Indicator[] = ['miniport', 'intermediate', 'filter', 'switch-extension', 'ndis'];
  return order.filter((i) => out.has(i));
}

function readMusts(t: PageText): StatusMust[] {
  const body = t.sentences.join('\n');
  const out: StatusMust[] = [];
  if (/must set the port number in the PortNumber member|must be sent on the NDIS port/.test(body)) out.push({ kind: 'port-number' });
  if (/miniport drivers should not (?:generate this status indication|call the NdisMIndicateStatusEx)/i.test(body)) out.push({ kind: 'not-from-miniport' });
  if (/cannot use this notification to send unsolicited events|not sent as an unsolicited event|Unsolicited events are not applicable/.test(body)) out.push({ kind: 'solicited-only' });
  if (/can only use this notification to send unsolicited events/.test(body)) out.push({ kind: 'unsolicited-only' });
  if (/SourceHandle must be set to the handle that the miniport received in the MiniportAdapterHandle/.test(body)) out.push({ kind: 'adapter-handle-source' });
  const wrapped = new RegExp(String.raw`must encapsulate the indication in an ${NAME} structure and issue an (${NAME}) status indication`).exec(body);
  if (wrapped) out.push({ kind: 'encapsulated', in: wrapped[1] });
  const after = new RegExp(String.raw`must generate an (${NAME}) indication at least once before`).exec(body);
  if (after) out.push({ kind: 'after', code: after[1] });
  const hdr = new RegExp(String.raw`Type member of Header to (${NAME})\.\s*The miniport driver sets the Revision member of Header to (${NAME}) and the Size member to (${NAME})`).exec(body.replace(/\n/g, ' '));
  if (hdr) out.push({ kind: 'header', type: hdr[1], revision: hdr[2], size: hdr[3] });
  const hdr2 = new RegExp(String.raw`Type field in the Header field should be set to (${NAME}) and the Revision to (${NAME})`).exec(body);
  if (hdr2) out.push({ kind: 'header', type: hdr2[1], revision: hdr2[2] });
  return out;
}

/** The requirement text: "Version", "NDIS Version" and the minimum client/server rows. */
function readVersions(t: PageText, windowsToNdis: ReadonlyMap<string, string>): PageVersions {
  const r = t.requirements;
  const version = r.get('Version') ?? '';
  const ndisRow = r.get('NDIS Version') ?? '';
  const client = r.get('Minimum supported client') ?? '';
  const v: PageVersions = { obsoleteForNdis6: false };
  if (/Not supported (?:for|in) NDIS 6\.0/.test(version)) {
    v.obsoleteForNdis6 = true;
    const repl = new RegExp(String.raw`use (${NAME}) instead`).exec(version);
    if (repl) v.replacement = repl[1];
    const only = /Supported (?:only )?for NDIS (\d\.(?:\d+|x)) drivers/.exec(version);
    if (only) Object.assign(v, { min: only[1], max: only[1], minFrom: 'ndis' });
    return v;
  }
  const ndis = /NDIS (\d\.\d+) and later/.exec(`${ndisRow} ${version}`);
  if (ndis) return { ...v, min: ndis[1], minFrom: 'ndis' };
  const both = /Supported for NDIS 6\.0 and NDIS (\d\.\d+) drivers/.exec(version);
  if (both) return { ...v, min: both[1], minFrom: 'ndis' };
  const win = /(Windows (?:\d+(?:\.\d)?)(?:, version \w+)?)/.exec(/Windows/.test(version) ? version : client);
  if (win) return { ...v, windows: win[1], min: windowsToNdis.get(win[1]), minFrom: 'windows' };
  return v;
}

export function readStatusPage(page: string, src: string, windowsToNdis: ReadonlyMap<string, string>): PageFacts {
  const t = readPageText(src);
  const name = t.title;
  const family = familyOf(name);
  const buffer = readBuffer(t, family);
  return {
    page,
    name,
    family,
    buffer,
    size: readSize(t, buffer),
    versions: readVersions(t, windowsToNdis),
    indicatedBy: readIndicators(t, family),
    musts: readMusts(t),
    ddiLinks: t.ddiLinks,
  };
}
