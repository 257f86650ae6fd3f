// indication/obsolete-status: a code documented only for NDIS 5.x (or older) given to an NDIS 6 call.
import type { FixSpec, Rule } from '../types';
import { reportLoc, valueSteps } from '../steps';
import { readCodes, type CodeReading } from '../../analysis/statusCode';
import { isFilterIndication, type Site } from '../../analysis/sites';
import type { StatusCatalogueEntry } from '../../ndis/statusCatalogue';

const ID = 'indication/obsolete-status';

/** The connect state an NDIS_LINK_STATE reports for the NDIS 5 media codes. */
const CONNECT_STATE: Readonly<Record<string, string>> = {
  NDIS_STATUS_MEDIA_CONNECT: 'MediaConnectStateConnected',
  NDIS_STATUS_MEDIA_DISCONNECT: 'MediaConnectStateDisconnected',
};

export const rule: Rule = {
  meta: { id: ID, title: 'Status codes of NDIS 5 must not be indicated by an NDIS 6 driver', severity: 'warning', strength: 'MUST', source: 'ndis-status-docs/ndis-status-media-connect.md' },
  explain: {
    checks:
      'Some status codes are documented only for NDIS 5.x and older drivers, which indicate them with `NdisMIndicateStatus`; the pages say NDIS 6.0 and later drivers do not use them (`NDIS_STATUS_MEDIA_CONNECT`, `NDIS_STATUS_MEDIA_DISCONNECT`, `NDIS_STATUS_LINK_SPEED_CHANGE`, the old WAN and token-ring codes, ...). Given to `NdisMIndicateStatusEx` or `NdisFIndicateStatus`, they are not what the NDIS 6 drivers above expect.',
    fix: 'Indicate the NDIS 6 code the page names instead: for media connect, disconnect and link speed changes, `NDIS_STATUS_LINK_STATE` with a filled `NDIS_LINK_STATE`. The quick fix rewrites a media connect or disconnect that way.',
    symbols: ['NdisMIndicateStatusEx', 'NdisFIndicateStatus', 'NDIS_STATUS_MEDIA_CONNECT', 'NDIS_STATUS_MEDIA_DISCONNECT'],
  },
  indication(site, ctx) {
    for (const r of readCodes(site.values.get('StatusCode'), ctx.ws)) {
      const e = r.entry;
      if (!e?.versions.obsoleteForNdis6) continue;
      const call = isFilterIndication(site) ? 'NdisFIndicateStatus' : 'NdisMIndicateStatusEx';
      const era = e.versions.max ? `NDIS ${e.versions.max}` : 'NDIS 5.x';
      const name = r.named ? e.name : `${r.text} (${e.name})`;
      const instead = e.versions.replacement;
      ctx.report({
        rule: ID,
        loc: reportLoc(site, r.value),
        message: `${name} is documented only for ${era} drivers (NdisMIndicateStatus); NDIS 6.0 and later drivers do not indicate it with ${call}. ${
          instead ? `Indicate ${instead}${instead === 'NDIS_STATUS_LINK_STATE' ? ' with a filled NDIS_LINK_STATE' : ''} instead.` : 'The NDIS 6 documentation gives no replacement: drop the indication.'
        }`,
        steps: valueSteps(site, r.value, 'StatusCode'),
        fix: linkStateFix(site, r, e),
      });
    }
  },
};

/**
 * Media connect / disconnect written beside the call becomes a link-state indication: the old code's
 * statement goes, and a filled NDIS_LINK_STATE with the new code, buffer and size goes before the call.
 */
function linkStateFix(site: Site, r: CodeReading, e: StatusCatalogueEntry): FixSpec | undefined {
  const state = CONNECT_STATE[e.name];
  const v = r.value;
  if (!state || !site.local || v.via.length > 0 || v.through?.length || v.how !== 'assign' || !v.loc) return undefined;
  const write = site.fn.writes.find((w) => w.kind === 'assign' && w.valueLoc.start === v.loc!.start && w.lv.endsWith('.StatusCode'));
  const arg = (site.call.args[1]?.text ?? '').trim();
  if (!write || !/^&?\s*[A-Za-z_][\w]*(\s*(->|\.)\s*[A-Za-z_]\w*)*$/.test(arg)) return undefined;
  const si = arg.startsWith('&') ? `${arg.slice(1).trim()}.` : `${arg}->`;
  let name = 'LinkState';
  for (let i = 2; site.fn.locals.has(name) || site.fn.params.some((p) => p.name === name); i++) name = `LinkState${i}`;
  return {
    title: 'Indicate NDIS_STATUS_LINK_STATE with an NDIS_LINK_STATE',
    before: site.call.at,
    drop: write.at,
    lines: [
      `NDIS_LINK_STATE ${name};`,
      `NdisZeroMemory(&${name}, sizeof(${name}));`,
      `${name}.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;`,
      `${name}.Header.Revision = NDIS_LINK_STATE_REVISION_1;`,
      `${name}.Header.Size = NDIS_SIZEOF_LINK_STATE_REVISION_1;`,
      `${name}.MediaConnectState = ${state};`,
      `${name}.MediaDuplexState = MediaDuplexStateUnknown;`,
      `${name}.XmitLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;`,
      `${name}.RcvLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;`,
      `${si}StatusCode = NDIS_STATUS_LINK_STATE;`,
      `${si}StatusBuffer = &${name};`,
      `${si}StatusBufferSize = sizeof(${name});`,
    ],
  };
}
