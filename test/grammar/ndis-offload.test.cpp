// SYNTAX TEST "source.cpp" "ndis-offload injection in C++"
#include <ndis.h>

class Adapter {
    NDIS_TCP_OFFLOAD_EVENT_INDICATE m_eventIndicate;
//  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ source.cpp support.type.handler-role.ndis-entry.ndis-offload
    void Pause() { m_indication.StatusCode = NDIS_STATUS_OFFLOAD_PAUSE; }
//                                           ^^^^^^^^^^^^^^^^^^^^^^^^^ source.cpp constant.other.status.chimney.ndis-offload
    void Retrieve() { m_handlers.NdisTcpOffloadEventHandler(m_conn->NdisOffloadHandle, TcpIndicateRetrieve, TimeoutExpiration); }
//                               ^^^^^^^^^^^^^^^^^^^^^^^^^^ source.cpp support.function.offload.ndis-offload
//                                                                                     ^^^^^^^^^^^^^^^^^^^ constant.other.event-type.ndis-offload
//                                                                                                          ^^^^^^^^^^^^^^^^^ constant.other.upload-reason.mandatory.ndis-offload
    static constexpr auto kReason = SmallIO; // SmallIO in a comment
//                                  ^^^^^^^ constant.other.upload-reason.optional.ndis-offload
//                                              ^^^^^^^ comment.line.double-slash.c - constant.other.status.chimney.ndis-offload constant.other.status.indication.ndis-offload constant.other.status.completion.ndis-offload constant.other.status.ndis-offload constant.other.event-type.ndis-offload constant.other.upload-reason.mandatory.ndis-offload constant.other.upload-reason.optional.ndis-offload constant.other.upload-reason.sentinel.ndis-offload support.function.offload.ndis-offload support.type.handler-role.miniport.ndis-offload support.type.handler-role.protocol.ndis-offload support.type.handler-role.ndis-entry.ndis-offload
    const char* m_name = "NDIS_STATUS_UPLOAD_ALL";
//                        ^^^^^^^^^^^^^^^^^^^^^^ string.quoted.double.c - constant.other.status.chimney.ndis-offload constant.other.status.indication.ndis-offload constant.other.status.completion.ndis-offload constant.other.status.ndis-offload constant.other.event-type.ndis-offload constant.other.upload-reason.mandatory.ndis-offload constant.other.upload-reason.optional.ndis-offload constant.other.upload-reason.sentinel.ndis-offload support.function.offload.ndis-offload support.type.handler-role.miniport.ndis-offload support.type.handler-role.protocol.ndis-offload support.type.handler-role.ndis-entry.ndis-offload
};
W_TCP_OFFLOAD_SEND_HANDLER MpTcpOffloadSend; /* W_TCP_OFFLOAD_SEND_HANDLER */
// <-------------------------- source.cpp support.type.handler-role.miniport.ndis-offload
//                                              ^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.block.c - constant.other.status.chimney.ndis-offload constant.other.status.indication.ndis-offload constant.other.status.completion.ndis-offload constant.other.status.ndis-offload constant.other.event-type.ndis-offload constant.other.upload-reason.mandatory.ndis-offload constant.other.upload-reason.optional.ndis-offload constant.other.upload-reason.sentinel.ndis-offload support.function.offload.ndis-offload support.type.handler-role.miniport.ndis-offload support.type.handler-role.protocol.ndis-offload support.type.handler-role.ndis-entry.ndis-offload
