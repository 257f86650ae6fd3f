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
//                                              ^^^^^^^ comment.line.double-slash.c - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
    const char* m_name = "NDIS_STATUS_UPLOAD_ALL";
//                        ^^^^^^^^^^^^^^^^^^^^^^ string.quoted.double.c - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
};
W_TCP_OFFLOAD_SEND_HANDLER MpTcpOffloadSend; /* W_TCP_OFFLOAD_SEND_HANDLER */
// <-------------------------- source.cpp support.type.handler-role.miniport.ndis-offload
//                                              ^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.block.c - constant.other.status - constant.other.event-type - constant.other.upload-reason - support.function.offload - support.type.handler-role
