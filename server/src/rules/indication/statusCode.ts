// indication/status-code: StatusCode must be a status indication code.
import type { Rule } from '../types';
import { reportLoc, valueSteps } from '../steps';
import { STATUS_CODES } from '../../ndis/constants';
import { STATUS_CATALOGUE } from '../../ndis/statusCatalogue';
import { editDistance } from '../../analysis/classify';
import { readCodes } from '../../analysis/statusCode';
import type { Value } from '../../analysis/values';
import type { WorkspaceIndex } from '../../analysis/workspace';
import type { FixSpec } from '../types';

const ID = 'indication/status-code';

/** Every documented indication code: the catalogue and the chimney indications of constants.ts. */
const INDICATION_NAMES = [...new Set([...STATUS_CATALOGUE.map((e) => e.name), ...STATUS_CODES.filter((s) => s.kind !== 'completion').map((s) => s.name)])];

/** The documented code closest to a misspelt name, when it is close enough to be what was meant. */
function didYouMean(name: string): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of INDICATION_NAMES) {
    const d = editDistance(name, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best && bestD <= Math.max(3, Math.floor((name.length - 'NDIS_STATUS_'.length) / 3)) ? best : undefined;
}
const hex = (n: number) => '0x' + n.toString(16).toUpperCase().padStart(8, '0');

export const rule: Rule = {
  meta: { id: ID, title: 'StatusCode must be a status indication code', severity: 'error', strength: 'MUST', source: 'wdk-ddi/ns-ndis-_ndis_status_indication.md' },
  explain: {
    checks: '`StatusCode` must be a status indication code. Completion and block-list statuses (success, failure, partial success, upload in progress, ...) mean nothing to the receivers of an indication, and an `NDIS_STATUS_` name that neither the NDIS headers nor the workspace define is a misspelling.',
    fix: 'Use the indication code you mean (the quick fix offers the closest documented one), for example `NDIS_STATUS_LINK_STATE`, `NDIS_STATUS_PORT_STATE` or, for chimney offload, `NDIS_STATUS_OFFLOAD_PAUSE`.',
    symbols: ['NdisMIndicateStatusEx', 'NdisFIndicateStatus'],
  },
  indication(site, ctx) {
    const vals = site.values.get('StatusCode');
    if ((vals ?? []).length > 0 && vals!.every((v) => v.how === 'zero' || v.how === 'unset')) {
      const v = vals![0];
      ctx.report({
        rule: ID,
        loc: reportLoc(site, v),
        message: 'StatusCode is never set, so it is 0 (NDIS_STATUS_SUCCESS, a completion status); an indication needs an NDIS_STATUS_ indication code such as NDIS_STATUS_OFFLOAD_PAUSE.',
        steps: valueSteps(site, v, 'StatusCode'),
      });
      return;
    }
    for (const r of readCodes(vals, ctx.ws)) {
      const v = r.value;
      if (v.how === 'zero') continue;
      const name = r.text;
      const known = r.named ? r.status : undefined;
      const n = r.number;
      let message: string | undefined;
      let replacement: string | undefined;
      if (known?.kind === 'completion') {
        message = `StatusCode is ${name}, a completion status (${hex(known.value)}); an indication needs an NDIS_STATUS_ indication code${name === 'NDIS_STATUS_PAUSED' ? ' such as NDIS_STATUS_OFFLOAD_PAUSE' : ''}.`;
        if (name === 'NDIS_STATUS_PAUSED') replacement = 'NDIS_STATUS_OFFLOAD_PAUSE';
      } else if (!known && !r.entry && n !== undefined) {
        // Documented codes pass whatever their value (NDIS_STATUS_SWITCH_NIC_STATUS is 0xC0241002).
        const byValue = r.status;
        const severity = n >>> 30;
        const written = /^NDIS_STATUS_\w+$/.test(name) ? `${name} (${hex(n)})` : hex(n);
        if (byValue?.kind === 'completion') message = `StatusCode is ${written}, which is ${byValue.name}, a completion status; an indication needs an NDIS_STATUS_ indication code.`;
        else if (severity === 0 || severity === 3) message = `StatusCode is ${written}, ${severity === 0 ? 'a success' : 'an error'} status value; indication codes are informational values (0x4xxxxxxx).`;
      } else if (r.unknownName) {
        // Neither documented, nor in the NDIS headers, nor defined in the workspace: a misspelling.
        replacement = didYouMean(name);
        message = `StatusCode is ${name}, which is not an NDIS status code${replacement ? `; did you mean ${replacement}?` : '.'}`;
      }
      if (!message) continue;
      ctx.report({
        rule: ID,
        loc: reportLoc(site, v),
        message,
        steps: valueSteps(site, v, 'StatusCode'),
        fix: replacement ? fixAt(v, name, replacement, ctx.ws) : undefined,
      });
    }
  },
};

/**
 * Where the wrong code is written: the value itself when it is set in the same function, or the
 * argument of the outermost wrapper call that passes it (`ContosoIndicateStatus(Adapter, NDIS_STATUS_PAUSED, ...)`).
 */
function fixAt(v: Value, name: string, replacement: string, ws: WorkspaceIndex): FixSpec | undefined {
  const title = `Use ${replacement}`;
  // A value a macro's expansion wrote has no text of its own to replace.
  if (v.via.length === 0) return v.loc && !v.expansion ? { title, loc: v.loc, newText: replacement } : undefined;
  const at = v.via[0];
  const call = ws.fileFacts(at.uri)?.functions.flatMap((f) => f.calls).find((c) => c.at.start === at.start);
  const args = call?.args.filter((a) => a.text.trim() === name) ?? [];
  return args.length === 1 ? { title: `${title} in the call to ${call!.name}`, loc: args[0].loc, newText: replacement } : undefined;
}
