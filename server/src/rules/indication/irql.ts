// indication/irql: NdisMIndicateStatusEx and NdisFIndicateStatus run at IRQL <= DISPATCH_LEVEL, so never
// from an interrupt service routine or anything else that runs above DISPATCH_LEVEL.
import type { RelatedStep, Rule } from '../types';
import { chainFromRoot } from '../../analysis/paths/irql';

const ID = 'indication/irql';

export const rule: Rule = {
  meta: { id: ID, title: 'Status indications must be made at IRQL <= DISPATCH_LEVEL', severity: 'error', strength: 'MUST', source: 'wdk-ddi/nf-ndis-ndismindicatestatusex.md' },
  explain: {
    checks:
      '`NdisMIndicateStatusEx` (and a filter\'s `NdisFIndicateStatus`) must be called at IRQL <= DISPATCH_LEVEL. An interrupt service routine (`MiniportInterrupt`, `MiniportMessageInterrupt`, registered in `NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS` or declared with `MINIPORT_ISR` / `MINIPORT_MESSAGE_INTERRUPT`), the interrupt enable, disable and synchronize handlers, and functions annotated to run above DISPATCH_LEVEL run at a higher IRQL. A status indication made there, or in anything they call directly, is reported with the call chain. DPCs and work items run at DISPATCH_LEVEL or below and are fine.',
    fix: 'Record what happened in the interrupt handler and make the indication from `MiniportInterruptDPC` (or a DPC or work item it queues).',
    symbols: ['NdisMIndicateStatusEx', 'NdisFIndicateStatus'],
  },
  indication(site, ctx) {
    if (!site.local) return;
    const chain = chainFromRoot(ctx.ws, site.fn);
    if (!chain) return;
    const { root, links } = chain;
    const call = site.call.name;
    const steps: RelatedStep[] = [{ loc: root.fn.nameLoc, message: `${root.fn.name}: ${root.why}` }];
    for (let i = 0; i < links.length; i++) {
      const next = i + 1 < links.length ? links[i + 1].fn.name : site.fn.name;
      steps.push({ loc: links[i].call.at, message: `${links[i].fn.name} calls ${next} here, still above DISPATCH_LEVEL` });
    }
    steps.push({ loc: site.call.at, message: `${call} here` });
    const through = links.length ? ` through ${[...links.slice(1).map((l) => l.fn.name), site.fn.name].join(' -> ')}` : '';
    ctx.report({
      rule: ID,
      loc: links.length ? links[0].call.at : site.call.at,
      message: `${call} must be called at IRQL <= DISPATCH_LEVEL, but ${root.fn.name}, ${root.why}, calls it${through}. Make the indication from the DPC (MiniportInterruptDPC) or a work item instead.`,
      steps,
    });
  },
};
