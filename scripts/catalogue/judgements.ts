// The few places where the catalogue does not take a page's words as read.
// Each judgement names what the page reading gives today (`reads`); when the
// page changes so that the reading differs, the generator stops and asks for
// the judgement to be looked at again, instead of silently keeping it.

import type { Indicator } from '../../server/src/ndis/statusCatalogueTypes';

export interface BufferJudgement {
  /** The structure the page reading finds. */
  reads: string;
  /** The structure the catalogue records instead. */
  type: string;
  why: string;
}

export interface IndicatorJudgement {
  reads: readonly Indicator[];
  indicatedBy: readonly Indicator[];
  why: string;
}

export const BUFFER_JUDGEMENTS: Readonly<Record<string, BufferJudgement>> = {
  NDIS_STATUS_WWAN_UE_POLICY_STATE: {
    reads: 'NDIS_STATUS_WWAN_UE_POLICY_STATE',
    type: 'NDIS_WWAN_UE_POLICY_INFO',
    why:
      'The page names the status code where the structure belongs. ndiswwan.h declares NDIS_WWAN_UE_POLICY_INFO as the data of this ' +
      'notification, and its structure page (ns-ndiswwan-ndis_wwan_ue_policy_info) describes what the miniport sends to the MB service.',
  },
  NDIS_STATUS_WWAN_USSD: {
    reads: 'NDIS_WWAN_USSD_REQUEST',
    type: 'NDIS_WWAN_USSD_EVENT',
    why:
      'The page names two structures: NDIS_WWAN_USSD_REQUEST is what the MB service sends with OID_WWAN_USSD, and NDIS_WWAN_USSD_EVENT ' +
      'is what the miniport sends back, both as the completion and as an unsolicited event.',
  },
};

export const INDICATOR_JUDGEMENTS: Readonly<Record<string, IndicatorJudgement>> = {
  NDIS_STATUS_WAN_CO_FRAGMENT: {
    reads: [],
    indicatedBy: ['miniport'],
    why: 'The page reports a partial packet received by a CoNDIS WAN miniport driver; only that miniport can report it.',
  },
  NDIS_STATUS_WAN_CO_LINKPARAMS: {
    reads: [],
    indicatedBy: ['miniport'],
    why: 'The page reports new parameters of a VC on a CoNDIS WAN miniport adapter; only that miniport can report them.',
  },
  NDIS_STATUS_WAN_CO_MTULINKPARAMS: {
    reads: [],
    indicatedBy: ['miniport'],
    why: 'The page reports new link speed and send window of a VC on a CoNDIS WAN miniport adapter; only that miniport can report them.',
  },
};

/** Notes added to an entry's buffer, where the page's own wording needs a word of caution. */
export const BUFFER_NOTES: Readonly<Record<string, string>> = {
  NDIS_STATUS_PD_CURRENT_CONFIG:
    'The page asks for a ULONG holding an NDIS_STATUS_xxx result, in words that look carried over from a scan indication; the ' +
    'NDIS_PD_CONFIG structure it mentions is what changed, not what is passed.',
  NDIS_STATUS_PACKET_FILTER: 'The ULONG holds the packet filter flags (the NDIS_PACKET_TYPE_* bits).',
};
