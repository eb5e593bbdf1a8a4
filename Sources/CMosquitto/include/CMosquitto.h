// libmosquitto (Debian libmosquitto-dev): the fleet's MQTT client. The shim gathers the library's
// callbacks into one handler with one event struct, so Swift registers a single C function, and
// builds MQTT 5 property lists (C linked lists) for the few properties Kosatsu sets.
#ifndef CMOSQUITTO_H
#define CMOSQUITTO_H

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum {
    CMosquittoEventConnect = 1,
    CMosquittoEventDisconnect = 2,
    CMosquittoEventMessage = 3,
    CMosquittoEventSubscribe = 4,
    CMosquittoEventPublish = 5,
} CMosquittoEventKind;

/// One thing that happened on the network thread; pointers are valid only during the handler.
typedef struct {
    CMosquittoEventKind kind;
    /// CONNACK code (3.1.1) or reason code (5), the disconnect reason, or the PUBACK reason.
    int code;
    /// Connect: 1 when the broker kept the session (session present).
    int flags;
    int mid;
    const char *topic;
    const void *payload;
    int payloadlen;
    int qos;
    bool retain;
    /// Subscribe: the QoS granted per filter (128 = refused).
    const int *granted;
    int granted_count;
    /// MQTT 5 reason string, when the broker sent one.
    const char *reason;
} CMosquittoEvent;

typedef void (*CMosquittoHandler)(const CMosquittoEvent *event, void *context);

/// A client whose callbacks all go to `handler(event, context)`; NULL on failure (errno set).
struct mosquitto *CMosquitto_new(const char *client_id, bool clean_session, CMosquittoHandler handler, void *context);
/// Destroys the client and the handler's record.
void CMosquitto_destroy(struct mosquitto *mosq);

/// Connects (blocking: DNS, TCP, TLS, CONNECT sent). For MQTT 5, `session_expiry` seconds keep the
/// session after a disconnect and `maximum_packet_size` asks the broker not to send larger packets
/// (0 leaves either out). Later `mosquitto_reconnect` calls reuse both.
int CMosquitto_connect(
    struct mosquitto *mosq, const char *host, int port, int keepalive, bool v5, uint32_t session_expiry,
    uint32_t maximum_packet_size);

/// Publishes; for MQTT 5 a non-zero `message_expiry` (seconds) lets the broker drop the message for
/// a client that stays away longer.
int CMosquitto_publish(
    struct mosquitto *mosq, int *mid, const char *topic, int payloadlen, const void *payload, int qos, bool retain,
    bool v5, uint32_t message_expiry);

/// An eventfd that ends `CMosquitto_loop`'s wait when rung (-1 on failure, errno set).
int CMosquitto_waker_open(void);
/// Rings the waker: another thread queued a packet, or the loop should stop.
void CMosquitto_waker_ring(int waker);

/// One turn of the network loop, as `mosquitto_loop` but waiting with poll(): libmosquitto's own
/// loop waits with select(), which cannot watch a descriptor numbered 1024 or above and answers
/// MOSQ_ERR_INVAL, and a sign serving many HTTP connections may be handed such a socket. Waits
/// up to `timeout_ms` for the socket or the waker, reads, writes what is queued, and keeps the
/// connection alive (PINGREQ, timeouts).
int CMosquitto_loop(struct mosquitto *mosq, int waker, int timeout_ms);

#endif
