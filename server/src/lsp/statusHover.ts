// Hovers on status codes: every code of the status catalogue (what it reports, who indicates it,
// the buffer it takes, the NDIS versions, the page's further requirements), the chimney and
// completion statuses of constants.ts, and any other NDIS_STATUS_ name the NDIS headers define.
// Everything is written in our own words from the catalogue's data; no page text is quoted.
import { STATUS_BY_NAME } from '../ndis/constants';
import { CATALOGUE_BY_NAME, type Indicator, type StatusCatalogueEntry, type StatusMust } from '../ndis/statusCatalogue';
import { HEADER_STATUS_NAMES } from '../ndis/headerStatusNames';
import type { Explanation } from './hoverRender';
import { tableStatusExplanation } from './tableStatusText';

const WHO: Record<Indicator, string> = {
  miniport: 'miniport drivers, with `NdisMIndicateStatusEx`',
  intermediate: 'MUX intermediate drivers, on their virtual miniport',
  filter: 'filter drivers, with `NdisFIndicateStatus`',
  'switch-extension': 'Hyper-V extensible switch extensions',
  ndis: 'NDIS itself (drivers receive it in `ProtocolStatusEx` or `FilterStatus`)',
};

const FAMILY: Record<StatusCatalogueEntry['family'], string> = {
  general: 'status indication code',
  wwan: 'mobile broadband (WWAN) status indication',
  wdi: 'WDI (Wi-Fi) status indication',
};

/** What the buffer of a code is, in a sentence or two. */
export function bufferText(e: StatusCatalogueEntry): string {
  const b = e.buffer;
  const ndis5 = b.ndis5Call ? ' (as documented for the NDIS 5 call `NdisMIndicateStatus`)' : '';
  switch (b.kind) {
    case 'structure': {
      const parts = [`\`StatusBuffer\` points to an \`${b.type}\` and \`StatusBufferSize\` is \`sizeof(${b.type})\`${ndis5}.`];
      if (e.header) {
        const revs = e.header.revisions.map((r) => `\`${r.revision.name}\` with \`${r.size.name}\`${r.ndis ? ` (NDIS ${r.ndis})` : ''}`);
        parts.push(`It is an NDIS object: \`Header.Type\` = \`${e.header.type.name}\`, and \`Header.Revision\` / \`Header.Size\` = ${revs.join(', or ')}.`);
      }
      return parts.join(' ');
    }
    case 'value':
      return `\`StatusBuffer\` points to a \`${b.type}\` value and \`StatusBufferSize\` is \`sizeof(${b.type})\`${ndis5}.${b.note ? ` ${b.note}` : ''}`;
    case 'none':
      return 'Nothing: `StatusBuffer` is `NULL` and `StatusBufferSize` is 0.';
    case 'wdi-message': {
      const tlvs = (b.tlvs ?? []).map((t) => `\`${t.name}\`${t.optional ? ' (optional)' : ''}${t.multiple ? ' (repeated)' : ''}`);
      return `A WDI message: a \`WDI_MESSAGE_HEADER\` followed by ${tlvs.length ? `the TLVs ${tlvs.join(', ')}` : 'no TLV'}.`;
    }
    case 'variable':
    case 'unknown':
      return b.note ?? 'The page does not say.';
  }
}

function versionsText(e: StatusCatalogueEntry): string {
  const v = e.versions;
  const since = v.windows ? ` (${v.windows})` : '';
  if (v.obsoleteForNdis6) {
    const span = v.max && v.max !== v.min ? `NDIS ${v.min} to ${v.max}` : `NDIS ${v.max ?? v.min}`;
    return `Documented for ${span} only; NDIS 6.0 and later drivers do not use it${v.replacement ? `: they indicate \`${v.replacement}\` instead` : ''}.`;
  }
  return `NDIS ${v.min} and later${since}.`;
}

function mustText(m: StatusMust): string {
  switch (m.kind) {
    case 'port-number':
      return '`PortNumber` names the NDIS port the indication is about.';
    case 'not-from-miniport':
      return 'NDIS makes this indication itself; a miniport does not.';
    case 'solicited-only':
      return 'Only in answer to an OID request: `RequestId` (and `DestinationHandle`) come from that request.';
    case 'unsolicited-only':
      return 'Only as an unsolicited event, with `RequestId` 0.';
    case 'adapter-handle-source':
      return '`SourceHandle` is the `MiniportAdapterHandle` NDIS gave `MiniportInitializeEx`.';
    case 'encapsulated':
      return `Never indicated on its own: it travels inside an \`${m.in}\` indication.`;
    case 'after':
      return `Indicated only after \`${m.code}\` has been indicated once.`;
    case 'header':
      return `The page asks for \`Header.Type\` = \`${m.type}\`${m.revision ? `, \`Header.Revision\` = \`${m.revision}\`` : ''}${m.size ? `, \`Header.Size\` = \`${m.size}\`` : ''}.`;
  }
}

/** Rule ids that check this code. */
function catalogueRules(e: StatusCatalogueEntry): string[] {
  const rules = ['indication/status-code'];
  if (e.versions.obsoleteForNdis6) rules.push('indication/obsolete-status');
  else if (['structure', 'value', 'none', 'wdi-message'].includes(e.buffer.kind)) rules.push('indication/status-buffer-type');
  if (e.header && !e.versions.obsoleteForNdis6) rules.push('indication/status-buffer-header');
  if (e.musts.some((m) => m.kind === 'port-number')) rules.push('indication/port-number');
  if (e.musts.some((m) => ['not-from-miniport', 'encapsulated', 'solicited-only', 'unsolicited-only', 'after'].includes(m.kind))) rules.push('indication/code-requirements');
  rules.push('indication/irql');
  return rules;
}

function catalogueSections(e: StatusCatalogueEntry): [string, string][] {
  const who = e.indicatedBy.length ? e.indicatedBy.map((i) => WHO[i]).join('; ') : 'The page does not say.';
  const sections: [string, string][] = [
    ['Who indicates it', who.charAt(0).toUpperCase() + who.slice(1) + (e.indicatedBy.length ? '.' : '')],
    ['Status buffer', bufferText(e)],
    ['NDIS versions', versionsText(e)],
  ];
  const musts = e.musts.map(mustText);
  if (musts.length) sections.push(['Also required', musts.join(' ')]);
  sections.push(['Page', `\`ndis-status-docs/${e.page}\``]);
  return sections;
}

function catalogueExplanation(e: StatusCatalogueEntry): Explanation {
  return { label: FAMILY[e.family], value: e.value, meaning: e.summary, sections: catalogueSections(e), rules: catalogueRules(e) };
}

function headerOnlyExplanation(name: string, value: number | undefined): Explanation {
  const severity = value === undefined ? undefined : ['a success', 'an informational', 'a warning', 'an error'][value >>> 30];
  return {
    label: 'NDIS status value',
    value,
    meaning: `Defined by the NDIS headers${severity ? ` as ${severity} value` : ''}. It is not one of the status indications documented in \`ndis-status-docs\`, so the analyzer checks no buffer for it.`,
    rules: ['indication/status-code'],
  };
}

/** The explanation of a status code name, or undefined when it is not one. */
export function statusExplanation(word: string): Explanation | undefined {
  const info = STATUS_BY_NAME.get(word);
  const entry = CATALOGUE_BY_NAME.get(word);
  if (info && entry) {
    const base = tableStatusExplanation(info);
    return {
      ...base,
      meaning: info.kind === 'chimney-indication' ? base.meaning : entry.summary,
      sections: catalogueSections(entry),
      rules: [...new Set([...base.rules, ...catalogueRules(entry)])],
    };
  }
  if (info) return tableStatusExplanation(info);
  if (entry) return catalogueExplanation(entry);
  if (Object.prototype.hasOwnProperty.call(HEADER_STATUS_NAMES, word)) return headerOnlyExplanation(word, HEADER_STATUS_NAMES[word]);
  return undefined;
}

/** Every status name that has a hover. */
export function statusWords(): string[] {
  return [...new Set([...STATUS_BY_NAME.keys(), ...CATALOGUE_BY_NAME.keys(), ...Object.keys(HEADER_STATUS_NAMES)])];
}
