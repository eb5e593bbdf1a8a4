#include "CMosquitto.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

typedef struct {
    CMosquittoHandler handler;
    void *context;
} CMosquittoTarget;

static const char *reason_string(const mosquitto_property *props) {
    static __thread char text[256];
    char *value = NULL;
    if (props && mosquitto_property_read_string(props, MQTT_PROP_REASON_STRING, &value, false) && value) {
        strncpy(text, value, sizeof(text) - 1);
        text[sizeof(text) - 1] = 0;
        free(value);
        return text;
    }
    return NULL;
}

static void deliver(void *obj, CMosquittoEvent *event) {
    CMosquittoTarget *target = obj;
    if (target && target->handler) target->handler(event, target->context);
}

static void on_connect(struct mosquitto *mosq, void *obj, int rc, int flags, const mosquitto_property *props) {
    (void)mosq;
    CMosquittoEvent event = {.kind = CMosquittoEventConnect, .code = rc, .flags = flags, .reason = reason_string(props)};
    deliver(obj, &event);
}

static void on_disconnect(struct mosquitto *mosq, void *obj, int rc, const mosquitto_property *props) {
    (void)mosq;
    CMosquittoEvent event = {.kind = CMosquittoEventDisconnect, .code = rc, .reason = reason_string(props)};
    deliver(obj, &event);
}

static void on_message(
    struct mosquitto *mosq, void *obj, const struct mosquitto_message *message, const mosquitto_property *props) {
    (void)mosq;
    (void)props;
    CMosquittoEvent event = {
        .kind = CMosquittoEventMessage,
        .mid = message->mid,
        .topic = message->topic,
        .payload = message->payload,
        .payloadlen = message->payloadlen,
        .qos = message->qos,
        .retain = message->retain,
    };
    deliver(obj, &event);
}

static void on_subscribe(
    struct mosquitto *mosq, void *obj, int mid, int count, const int *granted, const mosquitto_property *props) {
    (void)mosq;
    CMosquittoEvent event = {
        .kind = CMosquittoEventSubscribe,
        .mid = mid,
        .granted = granted,
        .granted_count = count,
        .reason = reason_string(props),
    };
    deliver(obj, &event);
}

static void on_publish(struct mosquitto *mosq, void *obj, int mid, int reason, const mosquitto_property *props) {
    (void)mosq;
    CMosquittoEvent event = {.kind = CMosquittoEventPublish, .mid = mid, .code = reason, .reason = reason_string(props)};
    deliver(obj, &event);
}

struct mosquitto *CMosquitto_new(const char *client_id, bool clean_session, CMosquittoHandler handler, void *context) {
    CMosquittoTarget *target = calloc(1, sizeof(CMosquittoTarget));
    if (!target) return NULL;
    target->handler = handler;
    target->context = context;
    struct mosquitto *mosq = mosquitto_new(client_id, clean_session, target);
    if (!mosq) {
        free(target);
        return NULL;
    }
    mosquitto_connect_v5_callback_set(mosq, on_connect);
    mosquitto_disconnect_v5_callback_set(mosq, on_disconnect);
    mosquitto_message_v5_callback_set(mosq, on_message);
    mosquitto_subscribe_v5_callback_set(mosq, on_subscribe);
    mosquitto_publish_v5_callback_set(mosq, on_publish);
    return mosq;
}

void CMosquitto_destroy(struct mosquitto *mosq) {
    if (!mosq) return;
    CMosquittoTarget *target = mosquitto_userdata(mosq);
    mosquitto_destroy(mosq);
    free(target);
}

int CMosquitto_connect(
    struct mosquitto *mosq, const char *host, int port, int keepalive, bool v5, uint32_t session_expiry,
    uint32_t maximum_packet_size) {
    if (!v5) return mosquitto_connect_bind_v5(mosq, host, port, keepalive, NULL, NULL);
    mosquitto_property *props = NULL;
    int rc = MOSQ_ERR_SUCCESS;
    if (session_expiry > 0) rc = mosquitto_property_add_int32(&props, MQTT_PROP_SESSION_EXPIRY_INTERVAL, session_expiry);
    if (rc == MOSQ_ERR_SUCCESS && maximum_packet_size > 0)
        rc = mosquitto_property_add_int32(&props, MQTT_PROP_MAXIMUM_PACKET_SIZE, maximum_packet_size);
    if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_connect_bind_v5(mosq, host, port, keepalive, NULL, props);
    mosquitto_property_free_all(&props);
    return rc;
}

int CMosquitto_publish(
    struct mosquitto *mosq, int *mid, const char *topic, int payloadlen, const void *payload, int qos, bool retain,
    bool v5, uint32_t message_expiry) {
    if (!v5 || message_expiry == 0) return mosquitto_publish_v5(mosq, mid, topic, payloadlen, payload, qos, retain, NULL);
    mosquitto_property *props = NULL;
    int rc = mosquitto_property_add_int32(&props, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, message_expiry);
    if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_publish_v5(mosq, mid, topic, payloadlen, payload, qos, retain, props);
    mosquitto_property_free_all(&props);
    return rc;
}

int CMosquitto_waker_open(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

void CMosquitto_waker_ring(int waker) {
    uint64_t one = 1;
    // A full counter (never, in practice) already means "wake up".
    (void)!write(waker, &one, sizeof one);
}

int CMosquitto_loop(struct mosquitto *mosq, int waker, int timeout_ms) {
    int sock = mosquitto_socket(mosq);
    if (sock < 0) return MOSQ_ERR_NO_CONN;
    struct pollfd fds[2] = {
        {.fd = sock, .events = POLLIN | (mosquitto_want_write(mosq) ? POLLOUT : 0)},
        {.fd = waker, .events = POLLIN},
    };
    if (poll(fds, waker >= 0 ? 2 : 1, timeout_ms) < 0 && errno != EINTR) return MOSQ_ERR_ERRNO;
    if (waker >= 0 && (fds[1].revents & POLLIN)) {
        uint64_t count;
        (void)!read(waker, &count, sizeof count);
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
        int rc = mosquitto_loop_read(mosq, 1);
        if (rc != MOSQ_ERR_SUCCESS || mosquitto_socket(mosq) < 0) return rc;
    }
    // A packet queued by another thread (the waker) or a socket ready for more of one.
    if (mosquitto_want_write(mosq)) {
        int rc = mosquitto_loop_write(mosq, 1);
        if (rc != MOSQ_ERR_SUCCESS || mosquitto_socket(mosq) < 0) return rc;
    }
    return mosquitto_loop_misc(mosq);
}
