// Function-like macros of the public NDIS headers that drivers call without defining them, for the ones
// that read or write an NDIS_STATUS_INDICATION or an NDIS object header. Each is written from what its
// documentation says it does (NDIS chimney facts section 1.3 for the flag macros; the ntddndis DDI pages
// for the routing-domain walkers), in our own words and names: the analysis reads its body like a macro
// of the workspace, and uses it only when the workspace has no definition of its own.

export interface WdkMacro {
  name: string;
  params: readonly string[];
  /** The effect, as a C expression over the parameters. */
  body: string;
  /** What it does, in our words. */
  doc: string;
}

export const WDK_MACROS: readonly WdkMacro[] = [
  {
    name: 'NDIS_STATUS_INDICATION_SET_FLAG',
    params: ['Indication', 'Bits'],
    body: '((Indication)->Flags |= (Bits))',
    doc: 'Turns on the given bits in the Flags member of the NDIS_STATUS_INDICATION it points to.',
  },
  {
    name: 'NDIS_STATUS_INDICATION_CLEAR_FLAG',
    params: ['Indication', 'Bits'],
    body: '((Indication)->Flags &= ~(Bits))',
    doc: 'Turns off the given bits in the Flags member of the NDIS_STATUS_INDICATION it points to.',
  },
  {
    name: 'NDIS_STATUS_INDICATION_TEST_FLAG',
    params: ['Indication', 'Bits'],
    body: '(((Indication)->Flags & (Bits)) != 0)',
    doc: 'True when any of the given bits is on in the Flags member; changes nothing.',
  },
  {
    name: 'NDIS_ROUTING_DOMAIN_ENTRY_GET_NEXT',
    params: ['Entry'],
    body: '((PVOID)((PUCHAR)(Entry) + (Entry)->Header.Size))',
    doc: "The routing-domain entry after this one, found from this entry's Header.Size; changes nothing.",
  },
  {
    name: 'NDIS_ROUTING_DOMAIN_ISOLATION_ENTRY_GET_NEXT',
    params: ['Entry'],
    body: '((PVOID)((PUCHAR)(Entry) + (Entry)->Header.Size))',
    doc: "The isolation entry after this one, found from this entry's Header.Size; changes nothing.",
  },
];

export const WDK_MACRO_BY_NAME: ReadonlyMap<string, WdkMacro> = new Map(WDK_MACROS.map((m) => [m.name, m]));
