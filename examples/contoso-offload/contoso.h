// Contoso 10GbE TCP chimney offload target: shared declarations.
// A sample for the NDIS Offload extension: a trimmed-down driver (most handlers
// are left out) that contains deliberate mistakes, listed in README.md.
#pragma once

#include <ndis.h>
#include <ndischimney.h>

#define CONTOSO_MAX_PORTS           2
#define CONTOSO_MAX_CONNECTIONS     1024
#define CONTOSO_TAG                 'osoC'

// Per-connection context: what the driver writes into *MiniportOffloadContext.
typedef struct _CONTOSO_CONNECTION {
    NDIS_HANDLE NdisOffloadHandle;      // NDIS_MINIPORT_OFFLOAD_BLOCK_LIST.NdisOffloadHandle
    ULONG       TcbIndex;               // slot in the NIC's connection table
    ULONG       HwErrorCount;
} CONTOSO_CONNECTION, *PCONTOSO_CONNECTION;

typedef struct _CONTOSO_ADAPTER {
    NDIS_HANDLE                     MiniportAdapterHandle;
    NDIS_TCP_OFFLOAD_EVENT_INDICATE NdisTcpOffloadEventHandler;     // from NdisMGetOffloadHandlers
    NDIS_TCP_OFFLOAD_SEND_COMPLETE  NdisTcpOffloadSendComplete;
    NDIS_TCP_CONNECTION_OFFLOAD     TcpCaps;                        // what we report to the host
    NDIS_OFFLOAD                    TaskOffload;
    NDIS_LINK_STATE                 LinkState;
    NDIS_EVENT                      TerminatesDoneEvent;            // set when an upload-all has drained
    LONG                            OffloadedObjects;
    BOOLEAN                         UploadAllPending;
    ULONG                           ActivePort;
    BOOLEAN                         PortLinkUp[CONTOSO_MAX_PORTS];
    ULONG                           PortCapacity[CONTOSO_MAX_PORTS];
} CONTOSO_ADAPTER, *PCONTOSO_ADAPTER;

MINIPORT_INITIALIZE ContosoInitializeEx;
MINIPORT_PAUSE ContosoPause;
W_TERMINATE_OFFLOAD_HANDLER ContosoTerminateOffload;
W_TCP_OFFLOAD_SEND_HANDLER ContosoTcpOffloadSend;

// status.c
VOID ContosoIndicateStatus(_In_ PCONTOSO_ADAPTER Adapter, _In_ NDIS_STATUS Code,
                           _In_reads_bytes_opt_(Size) PVOID Buffer, _In_ ULONG Size);

VOID ContosoIndicateLinkState(_In_ PCONTOSO_ADAPTER Adapter);

_IRQL_requires_(PASSIVE_LEVEL) NDIS_STATUS ContosoFailover(_In_ PCONTOSO_ADAPTER Adapter, _In_ ULONG NewPort);

// hardware layer (hw.c, not part of the sample)
NDIS_STATUS ContosoSetGeneralAttributes(_In_ PCONTOSO_ADAPTER Adapter);
VOID ContosoHwQueueSend(_In_ PCONTOSO_ADAPTER Adapter, _In_ PCONTOSO_CONNECTION Connection, _In_ PNET_BUFFER_LIST NetBufferList);
VOID ContosoHwStopReceive(_In_ PCONTOSO_ADAPTER Adapter);
VOID ContosoUploadTree(_In_ PCONTOSO_ADAPTER Adapter, _Inout_ PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST BlockList);

// offload.c
VOID ContosoSetTcpCaps(_Out_ PNDIS_TCP_CONNECTION_OFFLOAD Caps, _In_ ULONG Capacity);
VOID ContosoOnTcbError(_In_ PCONTOSO_ADAPTER Adapter, _In_ PCONTOSO_CONNECTION Connection);
VOID ContosoOnHardwareHang(_In_ PCONTOSO_ADAPTER Adapter);
