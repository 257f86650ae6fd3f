// protocol/offload-attributes-outside-initialize: offload attributes are set
// with NdisMSetMiniportAttributes from MiniportInitializeEx only.
import type { RawFinding } from '../../rules/types';
import type { WorkspaceIndex } from '../workspace';
import type { Roles } from './roles';
import { objectValuesAt } from '../objectState';
import { objectOfArg, norm } from '../syntax';

export function setAttributesFindings(ws: WorkspaceIndex, roles: Roles, initFns: { has(name: string): boolean }): RawFinding[] {
  const out: RawFinding[] = [];
  const initNames = roles.withRole('initialize');
  if (initNames.length === 0) return out; // without a known MiniportInitializeEx, nothing can be judged
  for (const { fn, call: c } of ws.callersOf('NdisMSetMiniportAttributes')) {
    if (initFns.has(fn.name)) continue;
    {
      if (c.args.length < 2) continue;
      const obj = objectOfArg(c.args[1].text).obj;
      const type = fn.locals.get(obj) ?? '';
      const header = objectValuesAt(ws, fn, obj, c.at.start, ['Header.Type']).get('Header.Type') ?? [];
      const offload = /OFFLOAD_ATTRIBUTES/.test(type) || header.some((v) => norm(v.expr) === 'NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES') || /OffloadAttributes/.test(c.args[1].text);
      if (!offload) continue;
      out.push({
        rule: 'protocol/offload-attributes-outside-initialize',
        loc: c.at,
        message: `Offload attributes are set with NdisMSetMiniportAttributes in ${fn.name}, which is not MiniportInitializeEx (${initNames.join(', ')}) nor called only from it; set them while initializing, and report later changes with pause, upload-all and resume.`,
        steps: [{ loc: c.at, message: 'offload attributes set here' }],
      });
    }
  }
  return out;
}
