// SYNTAX TEST "source.c" "ndis-offload injection: offload names get their scopes in code, never in comments or strings"
#include <ndis.h>
#define PAUSE_CODE NDIS_STATUS_OFFLOAD_PAUSE
//                 ^^^^^^^^^^^^^^^^^^^^^^^^^ meta.preprocessor.c constant.other.status.chimney.ndis-offload

W_INITIATE_OFFLOAD_HANDLER MpInitiateOffload;
// <-------------------------- source.c support.type.handler-role.miniport.ndis-offload
//                         ^^^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
W_TERMINATE_OFFLOAD_HANDLER MpTerminateOffload;
// <--------------------------- support.type.handler-role.miniport.ndis-offload
W_TCP_OFFLOAD_SEND_HANDLER MpTcpOffloadSend;
// <-------------------------- support.type.handler-role.miniport.ndis-offload
W_TCP_OFFLOAD_RECEIVE_RETURN_HANDLER MpTcpOffloadReceiveReturn;
// <------------------------------------ support.type.handler-role.miniport.ndis-offload
TCP_OFFLOAD_EVENT_HANDLER ImTcpOffloadEvent;
// <------------------------- support.type.handler-role.protocol.ndis-offload
NDIS_TCP_OFFLOAD_EVENT_INDICATE EventIndicate;
// <------------------------------- support.type.handler-role.ndis-entry.ndis-offload

VOID FailOver(PMP_ADAPTER Adapter, PMP_TCP_CONNECTION Connection)
{
    NDIS_STATUS_INDICATION Indication;
//  ^^^^^^^^^^^^^^^^^^^^^^ source.c - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
    PNDIS_STATUS_INDICATION Forwarded;
//  ^^^^^^^^^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
    Indication.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
//                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
    Indication.StatusCode = NDIS_STATUS_OFFLOAD_PAUSE;
//                          ^^^^^^^^^^^^^^^^^^^^^^^^^ source.c constant.other.status.chimney.ndis-offload
//             ^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
    Indication.StatusCode = NDIS_STATUS_UPLOAD_ALL;
//                          ^^^^^^^^^^^^^^^^^^^^^^ constant.other.status.chimney.ndis-offload
    Indication.StatusCode = NDIS_STATUS_OFFLOAD_RESUME;
//                          ^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.status.chimney.ndis-offload
    Indication.StatusCode = NDIS_STATUS_TCP_CONNECTION_OFFLOAD_HARDWARE_CAPABILITIES;
//                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.status.indication.ndis-offload - constant.other.status.chimney.ndis-offload
    Indication.StatusCode = NDIS_STATUS_LINK_STATE;
//                          ^^^^^^^^^^^^^^^^^^^^^^ constant.other.status.indication.ndis-offload
    Status = NDIS_STATUS_UPLOAD_IN_PROGRESS;
//           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.status.completion.ndis-offload
    Status = NDIS_STATUS_PAUSED;
//           ^^^^^^^^^^^^^^^^^^ constant.other.status.completion.ndis-offload
    Status = NDIS_STATUS_INDICATION_REQUIRED;
//           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.status.completion.ndis-offload
    Status = NDIS_STATUS_SOME_FUTURE_CODE;
//           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.status.ndis-offload
    Count = NDIS_STATUS_OFFLOAD_PAUSE_COUNT + MY_NDIS_STATUS_OFFLOAD_PAUSE;
//          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ - constant.other.status.chimney.ndis-offload
//                                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
    NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &Indication);
//  ^^^^^^^^^^^^^^^^^^^^^ source.c support.function.offload.ndis-offload
//                                 ^^^^^^^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
    NdisMIndicateStatusExWrapper(Adapter);
//  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
    Adapter->TcpOffloadHandlers.NdisTcpOffloadEventHandler(Connection->NdisOffloadHandle, TcpIndicateRetrieve, LowActivity);
//                              ^^^^^^^^^^^^^^^^^^^^^^^^^^ support.function.offload.ndis-offload
//                                                                     ^^^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
//                                                                                        ^^^^^^^^^^^^^^^^^^^ constant.other.event-type.ndis-offload
//                                                                                                             ^^^^^^^^^^^ constant.other.upload-reason.optional.ndis-offload
    Handlers->NdisTcpOffloadEventHandler(Handle, TcpIndicateAbort, 0);
//            ^^^^^^^^^^^^^^^^^^^^^^^^^^ support.function.offload.ndis-offload
//                                               ^^^^^^^^^^^^^^^^ constant.other.event-type.ndis-offload
    Reason = ReceivedUrgentData | HardwareFailure | NoBufferProposting | NoBufferPreposting | MaxUploadReason;
//           ^^^^^^^^^^^^^^^^^^ constant.other.upload-reason.mandatory.ndis-offload
//                                ^^^^^^^^^^^^^^^ constant.other.upload-reason.mandatory.ndis-offload
//                                                  ^^^^^^^^^^^^^^^^^^ constant.other.upload-reason.optional.ndis-offload
//                                                                       ^^^^^^^^^^^^^^^^^^ constant.other.upload-reason.optional.ndis-offload
//                                                                                            ^^^^^^^^^^^^^^^ constant.other.upload-reason.sentinel.ndis-offload
    Count = LowActivityCount + MyHardwareFailure;
//          ^^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
//                             ^^^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
    switch (EventType) { case TcpIndicateDisconnect: case TcpIndicateSendBacklogChange: break; }
//                            ^^^^^^^^^^^^^^^^^^^^^ constant.other.event-type.ndis-offload
//                                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.event-type.ndis-offload
    NdisMInitiateOffloadComplete(Adapter->MiniportAdapterHandle, BlockList);
//  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ support.function.offload.ndis-offload
    NdisMTerminateOffloadComplete(Adapter->MiniportAdapterHandle, BlockList);
//  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ support.function.offload.ndis-offload
    Status = NdisMGetOffloadHandlers(Adapter->MiniportAdapterHandle, NdisTcpChimneyOffload, &Handlers);
//           ^^^^^^^^^^^^^^^^^^^^^^^ support.function.offload.ndis-offload
//                                                                   ^^^^^^^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role

    Indication.StatusCode = 0; // NDIS_STATUS_OFFLOAD_PAUSE then TcpIndicateRetrieve
//                                ^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.c - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
//                                                               ^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.c - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
// NdisMIndicateStatusEx(h, &i); at the start of a line
// ^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.c - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
    /* NDIS_STATUS_UPLOAD_ALL, LowActivity, W_INITIATE_OFFLOAD_HANDLER */ Status = NDIS_STATUS_UPLOAD_ALL;
//     ^^^^^^^^^^^^^^^^^^^^^^ comment.block.c - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
//                             ^^^^^^^^^^^ comment.block.c - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
//                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
//                                                                                 ^^^^^^^^^^^^^^^^^^^^^^ constant.other.status.chimney.ndis-offload - comment
    /*
       NDIS_STATUS_OFFLOAD_RESUME HardwareFailure NdisTcpOffloadEventHandler
//     ^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.block.c - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
//                                ^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
//                                                ^^^^^^^^^^^^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
     */
    DbgPrint("NDIS_STATUS_OFFLOAD_PAUSE TcpIndicateAbort HardwareFailure NdisMIndicateStatusEx\n");
//            ^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.double.c - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
//                                      ^^^^^^^^^^^^^^^^ string.quoted.double.c - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
//                                                       ^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
//                                                                       ^^^^^^^^^^^^^^^^^^^^^ - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
    DbgPrint(L"%s", "MaxUploadReason"); Status = NDIS_STATUS_OFFLOAD_RESUME;
//                   ^^^^^^^^^^^^^^^ string.quoted.double.c - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
//                                               ^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.status.chimney.ndis-offload
}
