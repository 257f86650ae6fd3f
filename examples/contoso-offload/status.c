// Contoso 10GbE: status indications and the 802.3ad failover.
#include "contoso.h"

// Every chimney status indication of the driver goes through here.
_Use_decl_annotations_
VOID
ContosoIndicateStatus(PCONTOSO_ADAPTER Adapter, NDIS_STATUS Code, PVOID Buffer, ULONG Size)
{
    NDIS_STATUS_INDICATION si;

    NdisZeroMemory(&si, sizeof(si));
    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    si.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    si.SourceHandle = Adapter->MiniportAdapterHandle;
    si.StatusCode = Code;
    si.StatusBuffer = Buffer;
    si.StatusBufferSize = Size;
    NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si);
}

_Use_decl_annotations_
VOID
ContosoIndicateLinkState(PCONTOSO_ADAPTER Adapter)
{
    NDIS_STATUS_INDICATION si;

    Adapter->LinkState.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    Adapter->LinkState.Header.Revision = NDIS_LINK_STATE_REVISION_1;
    Adapter->LinkState.Header.Size = NDIS_SIZEOF_LINK_STATE_REVISION_1;
    Adapter->LinkState.MediaConnectState = Adapter->PortLinkUp[Adapter->ActivePort]
        ? MediaConnectStateConnected : MediaConnectStateDisconnected;

    NdisZeroMemory(&si, sizeof(si));
    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    si.Header.Revision = 2;   // we are an NDIS 6.20 driver
    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    si.SourceHandle = Adapter->MiniportAdapterHandle;
    si.StatusCode = NDIS_STATUS_LINK_STATE;
    si.StatusBuffer = &Adapter->LinkState;
    si.StatusBufferSize = sizeof(NDIS_LINK_STATE);
    NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si); // expect: indication/header
}

// MiniportPause.
_Use_decl_annotations_
NDIS_STATUS
ContosoPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
    PCONTOSO_ADAPTER Adapter = (PCONTOSO_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(PauseParameters);
    ContosoIndicateStatus(Adapter, NDIS_STATUS_PAUSED, NULL, 0); // expect: indication/status-code
    ContosoHwStopReceive(Adapter);
    return NDIS_STATUS_SUCCESS;
}

// 802.3ad failover to the other port, from a work item at PASSIVE_LEVEL:
// pause, upload every connection, wait for the terminates, switch, resume.
_Use_decl_annotations_
NDIS_STATUS
ContosoFailover(PCONTOSO_ADAPTER Adapter, ULONG NewPort)
{
    ContosoIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_PAUSE, NULL, 0);

    if (!Adapter->PortLinkUp[NewPort]) {
        return NDIS_STATUS_FAILURE; // expect: protocol/pause-without-resume
    }

    NdisResetEvent(&Adapter->TerminatesDoneEvent);
    Adapter->UploadAllPending = TRUE;
    if (Adapter->OffloadedObjects == 0) {
        NdisSetEvent(&Adapter->TerminatesDoneEvent);   // nothing to upload
    }
    ContosoIndicateStatus(Adapter, NDIS_STATUS_UPLOAD_ALL, NULL, 0);
    NdisWaitEvent(&Adapter->TerminatesDoneEvent, 0);
    Adapter->UploadAllPending = FALSE;

    // Reconfigure for the new port, which holds fewer connections.
    Adapter->ActivePort = NewPort;
    ContosoSetTcpCaps(&Adapter->TcpCaps, Adapter->PortCapacity[NewPort]);
    ContosoIndicateLinkState(Adapter);

    ContosoIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_RESUME, &Adapter->TcpCaps, sizeof(NDIS_TCP_CONNECTION_OFFLOAD));
    return NDIS_STATUS_SUCCESS;
}
