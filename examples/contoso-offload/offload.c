// Contoso 10GbE: initialization and the TCP chimney offload data path.
#include "contoso.h"

_Use_decl_annotations_
VOID
ContosoSetTcpCaps(PNDIS_TCP_CONNECTION_OFFLOAD Caps, ULONG Capacity)
{
    NdisZeroMemory(Caps, sizeof(NDIS_TCP_CONNECTION_OFFLOAD));
    Caps->Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    Caps->Header.Revision = NDIS_TCP_CONNECTION_OFFLOAD_REVISION_1;
    Caps->Header.Size = NDIS_SIZEOF_TCP_CONNECTION_OFFLOAD_REVISION_1;
    Caps->Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
    Caps->SupportIPv4 = NDIS_OFFLOAD_SUPPORTED;
    Caps->SupportSack = NDIS_OFFLOAD_SUPPORTED;
    Caps->TcpConnectionOffloadCapacity = Capacity;
}

// MiniportInitializeEx (registered as InitializeHandlerEx in DriverEntry, not shown).
_Use_decl_annotations_
NDIS_STATUS
ContosoInitializeEx(
    NDIS_HANDLE MiniportAdapterHandle,
    NDIS_HANDLE MiniportDriverContext,
    PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters
    )
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES RegAttr;
    NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES OffloadAttr;
    PNDIS_OFFLOAD_EVENT_HANDLERS Handlers = NULL;
    PNDIS_TCP_OFFLOAD_EVENT_HANDLERS TcpHandlers;
    PCONTOSO_ADAPTER Adapter;
    NDIS_STATUS Status;

    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    Adapter = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(CONTOSO_ADAPTER), CONTOSO_TAG, NormalPoolPriority);
    if (Adapter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Adapter, sizeof(CONTOSO_ADAPTER));
    Adapter->MiniportAdapterHandle = MiniportAdapterHandle;
    Adapter->PortCapacity[0] = CONTOSO_MAX_CONNECTIONS;
    Adapter->PortCapacity[1] = CONTOSO_MAX_CONNECTIONS / 2;
    NdisInitializeEvent(&Adapter->TerminatesDoneEvent);

    NdisZeroMemory(&RegAttr, sizeof(RegAttr));
    RegAttr.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    RegAttr.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    RegAttr.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    RegAttr.MiniportAdapterContext = Adapter;
    RegAttr.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
    RegAttr.InterfaceType = NdisInterfacePci;
    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&RegAttr);
    if (Status == NDIS_STATUS_SUCCESS) {
        Status = ContosoSetGeneralAttributes(Adapter);
    }
    if (Status != NDIS_STATUS_SUCCESS) {
        goto Fail;
    }

    // Connection offload: what port 0 can hold.
    ContosoSetTcpCaps(&Adapter->TcpCaps, Adapter->PortCapacity[0]);
    NdisZeroMemory(&OffloadAttr, sizeof(OffloadAttr));
    OffloadAttr.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES;
    OffloadAttr.Header.Revision = NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1;
    OffloadAttr.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1;
    OffloadAttr.DefaultOffloadConfiguration = &Adapter->TaskOffload;
    OffloadAttr.HardwareOffloadCapabilities = &Adapter->TaskOffload;
    OffloadAttr.DefaultTcpConnectionOffloadConfiguration = &Adapter->TcpCaps;
    OffloadAttr.TcpConnectionOffloadHardwareCapabilities = &Adapter->TcpCaps;
    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&OffloadAttr);
    if (Status != NDIS_STATUS_SUCCESS) {
        goto Fail;
    }

    // Entry points the host stack gives us for offload events and completions.
    Status = NdisMGetOffloadHandlers(MiniportAdapterHandle, NdisTcpChimneyOffload, &Handlers);
    if (Status != NDIS_STATUS_SUCCESS) {
        goto Fail;
    }
    TcpHandlers = (PNDIS_TCP_OFFLOAD_EVENT_HANDLERS)Handlers;
    Adapter->NdisTcpOffloadEventHandler = TcpHandlers->NdisTcpOffloadEventHandler;
    Adapter->NdisTcpOffloadSendComplete = TcpHandlers->NdisTcpOffloadSendComplete;
    return NDIS_STATUS_SUCCESS;

Fail:
    NdisFreeMemory(Adapter, 0, 0);
    return Status;
}

// MiniportTerminateOffload. The last terminate after an upload-all wakes the failover.
_Use_decl_annotations_
VOID
ContosoTerminateOffload(
    NDIS_HANDLE MiniportAdapterContext,
    PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList
    )
{
    PCONTOSO_ADAPTER Adapter = (PCONTOSO_ADAPTER)MiniportAdapterContext;

    ContosoUploadTree(Adapter, OffloadBlockList);   // delegated state and Status in every block
    NdisMTerminateOffloadComplete(Adapter->MiniportAdapterHandle, OffloadBlockList);
    if (Adapter->UploadAllPending && Adapter->OffloadedObjects == 0) {
        NdisSetEvent(&Adapter->TerminatesDoneEvent);
    }
}

// MiniportTcpOffloadSend.
_Use_decl_annotations_
NDIS_STATUS
ContosoTcpOffloadSend(
    NDIS_HANDLE MiniportAdapterContext,
    PVOID MiniportOffloadContext,
    PNET_BUFFER_LIST NetBufferList
    )
{
    PCONTOSO_ADAPTER Adapter = (PCONTOSO_ADAPTER)MiniportAdapterContext;
    PCONTOSO_CONNECTION Connection = (PCONTOSO_CONNECTION)MiniportOffloadContext;
    PNET_BUFFER_LIST Nbl;

    if (Adapter->UploadAllPending) {
        // Every connection is going back to the host: return the data unsent.
        for (Nbl = NetBufferList; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
            NET_BUFFER_LIST_INFO(Nbl, TcpOffloadBytesTransferred) = 0;
            NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_PAUSED; // expect: protocol/send-completed-paused
        }
        Adapter->NdisTcpOffloadSendComplete(Adapter->MiniportAdapterHandle, NetBufferList);
        return NDIS_STATUS_PENDING;
    }

    ContosoHwQueueSend(Adapter, Connection, NetBufferList);   // FIFO, completed from the transmit DPC
    return NDIS_STATUS_PENDING;
}

// From the interrupt DPC: the NIC flagged a connection's TCB as damaged.
_Use_decl_annotations_
VOID
ContosoOnTcbError(PCONTOSO_ADAPTER Adapter, PCONTOSO_CONNECTION Connection)
{
    if (++Connection->HwErrorCount < 3) {
        return;   // transient, the NIC retries on its own
    }
    Adapter->NdisTcpOffloadEventHandler(Connection->NdisOffloadHandle, TcpIndicateRetrieve, MaxUploadReason); // expect: offload-event/retrieve-reason
}

// From the watchdog timer: the offload engine stopped answering.
_Use_decl_annotations_
VOID
ContosoOnHardwareHang(PCONTOSO_ADAPTER Adapter)
{
    Adapter->NdisTcpOffloadEventHandler(Adapter->MiniportAdapterHandle, TcpIndicateRetrieve, HardwareFailure); // expect: offload-event/handle
}
