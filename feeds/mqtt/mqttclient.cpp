#include "mqttclient.h"

#include <livedash/feedplugin.h>
#include <livedash/tlstrust.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QHostInfo>
#include <QSslCertificate>

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cerrno>
#ifdef Q_OS_WIN
#include <winsock2.h>
#endif
#include <mutex>
#include <vector>

namespace livedash::mqtt {

namespace {

/// libmosquitto's global state, made once per process and never torn down (plugins are not
/// unloaded while the app runs).
void initLibrary()
{
    static std::once_flag once;
    std::call_once(once, [] { mosquitto_lib_init(); });
}

/// Keepalive ticks: often enough that a PINGREQ is at most a second late.
constexpr int MiscIntervalMs = 1000;

/// Packets read in one go before the event loop gets a turn (IngestTurnMs bounds it too).
constexpr int MaxPacketsPerTurn = 1000;

bool isWouldBlock(int error)
{
#ifdef Q_OS_WIN
    return error == WSAEWOULDBLOCK || error == EAGAIN || error == EWOULDBLOCK;
#else
    return error == EAGAIN || error == EWOULDBLOCK;
#endif
}

/// libmosquitto reports socket errors in errno (on Windows: WSAGetLastError()'s codes).
bool isConnectionRefused(int error)
{
#ifdef Q_OS_WIN
    return error == WSAECONNREFUSED || error == ECONNREFUSED;
#else
    return error == ECONNREFUSED;
#endif
}

QString lowerFirst(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toLower();
    return text;
}

QByteArray sha256Of(X509 *certificate)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!certificate || X509_digest(certificate, EVP_sha256(), digest, &length) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(digest), int(length));
}

/// Errors a pin answers: who vouches for the certificate, and which name it is for (the same
/// set as TlsTrust's). An expired or otherwise broken certificate is never let through.
bool isTrustError(int error)
{
    switch (error) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        return true;
    default:
        return false;
    }
}

} // namespace

/// What the verify callback needs, reached through the SSL_CTX's app data.
struct TlsVerify
{
    QList<QByteArray> pins;
    QString failure; ///< the first refused certificate's reason
};

namespace {

int verifyCallback(int preverifyOk, X509_STORE_CTX *store)
{
    if (preverifyOk)
        return 1;
    auto *ssl =
        static_cast<SSL *>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    auto *verify =
        ssl ? static_cast<TlsVerify *>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl))) : nullptr;
    const int error = X509_STORE_CTX_get_error(store);
    const QByteArray leaf = sha256Of(X509_STORE_CTX_get0_cert(store));
    if (verify && isTrustError(error) && !leaf.isEmpty() && verify->pins.contains(leaf))
        return 1; // exactly a pinned certificate: who issued it, and for which name, is moot
    if (verify && verify->failure.isEmpty()) {
        verify->failure =
            QCoreApplication::translate("livedash::FeedErrors",
                                        "%1; the broker presented the certificate with SHA-256 "
                                        "%2 (pin it with certificateSha256 or "
                                        "trustedCertificate if it is the right one)")
                .arg(QString::fromUtf8(X509_verify_cert_error_string(error)),
                     TlsTrust::formatFingerprint(leaf));
    }
    return 0;
}

} // namespace

MqttClient::MqttClient(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(MiscIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &MqttClient::onTimer);
}

MqttClient::~MqttClient()
{
    detach();
    m_readNotifier.reset();
    m_writeNotifier.reset();
    if (m_mosq)
        mosquitto_destroy(m_mosq); // closes the socket
    if (m_sslCtx)
        SSL_CTX_free(m_sslCtx);
}

bool MqttClient::setUpTls(const ClientOptions &options)
{
    m_verify = std::make_unique<TlsVerify>();
    m_verify->pins = options.pins;
    m_sslCtx = SSL_CTX_new(TLS_client_method());
    if (!m_sslCtx) {
        fail(QStringLiteral("TLS setup failed: cannot create an OpenSSL context"));
        return false;
    }
    SSL_CTX_set_min_proto_version(m_sslCtx, TLS1_2_VERSION);
    SSL_CTX_set_default_verify_paths(m_sslCtx); // the system's CAs
    if (!options.trustedCertificate.isEmpty()) {
        const QByteArray path = options.trustedCertificate.toLocal8Bit();
        if (SSL_CTX_load_verify_locations(m_sslCtx, path.constData(), nullptr) != 1) {
            fail(QStringLiteral("trusted certificate: cannot load \"%1\"")
                     .arg(options.trustedCertificate));
            return false;
        }
        // The file's certificates are pinned too: a self-signed broker certificate named for
        // another host is accepted when it is exactly this one, as the other TLS feeds do.
        for (const QSslCertificate &c : QSslCertificate::fromPath(options.trustedCertificate))
            m_verify->pins.append(QCryptographicHash::hash(c.toDer(), QCryptographicHash::Sha256));
    }
    if (!options.clientCertificate.isEmpty()) {
        const QByteArray cert = options.clientCertificate.toLocal8Bit();
        const QByteArray key =
            (options.clientKey.isEmpty() ? options.clientCertificate : options.clientKey)
                .toLocal8Bit();
        if (SSL_CTX_use_certificate_chain_file(m_sslCtx, cert.constData()) != 1 ||
            SSL_CTX_use_PrivateKey_file(m_sslCtx, key.constData(), SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_check_private_key(m_sslCtx) != 1) {
            ERR_clear_error();
            fail(QStringLiteral("client certificate: cannot load \"%1\" with its key")
                     .arg(options.clientCertificate));
            return false;
        }
    }
    // Host name (or IP address) checking by OpenSSL; SSL_new() copies these parameters.
    X509_VERIFY_PARAM *param = SSL_CTX_get0_param(m_sslCtx);
    const QByteArray host = options.host.toUtf8();
    if (QHostAddress(options.host).isNull())
        X509_VERIFY_PARAM_set1_host(param, host.constData(), size_t(host.size()));
    else
        X509_VERIFY_PARAM_set1_ip_asc(param, host.constData());
    SSL_CTX_set_app_data(m_sslCtx, m_verify.get());
    SSL_CTX_set_verify(m_sslCtx, SSL_VERIFY_PEER, verifyCallback);

    // libmosquitto uses this context as it is (no defaults of its own on top).
    mosquitto_int_option(m_mosq, MOSQ_OPT_SSL_CTX_WITH_DEFAULTS, 0);
    if (mosquitto_void_option(m_mosq, MOSQ_OPT_SSL_CTX, m_sslCtx) != MOSQ_ERR_SUCCESS) {
        fail(QStringLiteral("TLS setup failed: libmosquitto has no TLS support"));
        return false;
    }
    return true;
}

bool MqttClient::start(const ClientOptions &options)
{
    initLibrary();
    m_tls = options.tls;
    m_mqtt5 = options.mqtt5;
    m_state = State::Connecting;
    const QByteArray id = options.clientId.toUtf8();
    m_mosq = mosquitto_new(id.isEmpty() ? nullptr : id.constData(), options.cleanSession, this);
    if (!m_mosq) {
        fail(options.clientId.isEmpty() && !options.cleanSession
                 ? QStringLiteral("a persistent session (cleanSession false) needs a client id")
                 : QStringLiteral("cannot create the MQTT client"));
        return false;
    }
    mosquitto_int_option(m_mosq, MOSQ_OPT_PROTOCOL_VERSION,
                         options.mqtt5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311);
    mosquitto_int_option(m_mosq, MOSQ_OPT_TCP_NODELAY, 1);
    mosquitto_connect_v5_callback_set(m_mosq, onConnectCallback);
    mosquitto_disconnect_v5_callback_set(m_mosq, onDisconnectCallback);
    mosquitto_message_callback_set(m_mosq, onMessageCallback);
    mosquitto_subscribe_callback_set(m_mosq, onSubscribeCallback);
    mosquitto_publish_callback_set(m_mosq, onPublishCallback);
    mosquitto_log_callback_set(m_mosq, onLogCallback);
    if (!options.username.isEmpty() || !options.password.isEmpty()) {
        const QByteArray user = options.username.toUtf8();
        const QByteArray password = options.password.toUtf8();
        mosquitto_username_pw_set(m_mosq, user.constData(),
                                  options.password.isEmpty() ? nullptr : password.constData());
    }
    if (options.tls && !setUpTls(options))
        return false;

    const QByteArray host =
        (options.tls || options.address.isEmpty() ? options.host : options.address).toUtf8();
    if (options.mqtt5 && options.maximumPacketSize > 0) {
        // libmosquitto has no asynchronous connect that takes CONNECT properties, but keeps
        // the properties mosquitto_connect_bind_v5() checked and stored even when its port
        // is refused (an invalid port fails before any connecting); the asynchronous
        // connect that follows sends them.
        mosquitto_property *props = nullptr;
        mosquitto_property_add_int32(&props, MQTT_PROP_MAXIMUM_PACKET_SIZE,
                                     options.maximumPacketSize);
        mosquitto_connect_bind_v5(m_mosq, host.constData(), -1, options.keepaliveS, nullptr, props);
        mosquitto_property_free_all(&props);
    }
    errno = 0;
    const int rc =
        mosquitto_connect_async(m_mosq, host.constData(), options.port, options.keepaliveS);
    const int savedErrno = errno;
    if (rc != MOSQ_ERR_SUCCESS) {
        if (rc == MOSQ_ERR_EAI)
            fail(QStringLiteral("cannot resolve host \"%1\"").arg(options.host));
        else
            handleResult(rc, savedErrno);
        if (m_state != State::Ended)
            fail(QString::fromUtf8(mosquitto_strerror(rc)));
        return false;
    }
    m_timer.start();
    updateNotifiers();
    return m_state != State::Ended;
}

void MqttClient::disconnectFromBroker()
{
    if (!m_mosq || m_state == State::Ended)
        return;
    if (m_state == State::Connected) {
        mosquitto_disconnect(m_mosq); // writes the DISCONNECT at once when it can
        // on_disconnect (rc 0) has ended the state
    }
    if (m_state != State::Ended) {
        m_state = State::Ended;
        if (m_error.isEmpty())
            m_error = QStringLiteral("disconnected");
    }
    updateNotifiers();
}

void MqttClient::abort(const QString &why)
{
    fail(why);
    updateNotifiers();
}

void MqttClient::detach()
{
    m_onMessage = {};
    m_onConnect = {};
    m_onPublish = {};
    m_timer.stop();
    if (m_readNotifier)
        m_readNotifier->setEnabled(false);
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    disconnect(this, &MqttClient::changed, nullptr, nullptr);
}

bool MqttClient::subscribe(const QStringList &filters, int qos)
{
    if (!m_mosq || filters.isEmpty())
        return false;
    QList<QByteArray> utf8;
    std::vector<char *> pointers;
    for (const QString &f : filters)
        utf8.append(f.toUtf8());
    for (QByteArray &f : utf8)
        pointers.push_back(f.data());
    m_subscribed = false;
    m_granted.clear();
    const int rc = mosquitto_subscribe_multiple(m_mosq, &m_subscribeMid, int(pointers.size()),
                                                pointers.data(), qos, 0, nullptr);
    updateNotifiers();
    return rc == MOSQ_ERR_SUCCESS;
}

int MqttClient::publish(const QByteArray &topic, const QByteArray &payload, int qos, bool retain,
                        int *mid)
{
    if (!m_mosq)
        return MOSQ_ERR_NO_CONN;
    const int rc = mosquitto_publish(m_mosq, mid, topic.constData(), int(payload.size()),
                                     payload.constData(), qos, retain);
    updateNotifiers();
    return rc;
}

void MqttClient::onConnectCallback(mosquitto *, void *self, int rc, int flags,
                                   const mqtt5__property *)
{
    auto *client = static_cast<MqttClient *>(self);
    if (rc != 0) {
        client->fail(describeConnack(rc, client->m_mqtt5));
        return;
    }
    client->m_state = State::Connected;
    client->m_sessionPresent = (flags & 1) != 0;
    if (client->m_onConnect)
        client->m_onConnect(client->m_sessionPresent);
    client->notify();
}

void MqttClient::onDisconnectCallback(mosquitto *, void *self, int rc, const mqtt5__property *)
{
    auto *client = static_cast<MqttClient *>(self);
    if (client->m_state == State::Ended)
        return;
    if (client->m_state == State::Connecting && client->m_tls &&
        (rc == MOSQ_ERR_ERRNO || rc == MOSQ_ERR_CONN_LOST || rc == MOSQ_ERR_TLS)) {
        // Before CONNACK on TLS: the words of a failed read or write, with the TLS reason.
        const int savedErrno = errno;
        client->handleResult(rc, savedErrno);
        if (client->m_state == State::Ended)
            return;
    }
    QString why;
    if (rc == MOSQ_ERR_SUCCESS)
        why = QStringLiteral("disconnected");
    else if (rc == MOSQ_ERR_KEEPALIVE)
        why = QCoreApplication::translate("livedash::FeedErrors",
                                          "keepalive timeout: the broker stopped answering");
    else if (client->m_state == State::Connecting)
        why = QCoreApplication::translate("livedash::FeedErrors",
                                          "broker closed the connection before accepting it");
    else if (client->m_mqtt5 && rc > 0x80 && rc <= 0xA2)
        why =
            QCoreApplication::translate("livedash::FeedErrors", "broker closed the connection: %1")
                .arg(QString::fromUtf8(mosquitto_reason_string(rc)));
    else
        why = QCoreApplication::translate("livedash::FeedErrors", "broker closed the connection");
    client->fail(why);
}

void MqttClient::onMessageCallback(mosquitto *, void *self, const mosquitto_message *message)
{
    auto *client = static_cast<MqttClient *>(self);
    if (client->m_onMessage && message)
        client->m_onMessage(*message);
}

void MqttClient::onSubscribeCallback(mosquitto *, void *self, int mid, int count,
                                     const int *granted)
{
    auto *client = static_cast<MqttClient *>(self);
    if (mid != client->m_subscribeMid)
        return;
    client->m_granted.clear();
    for (int i = 0; i < count; ++i)
        client->m_granted.append(granted[i]);
    client->m_subscribed = true;
    client->notify();
}

void MqttClient::onPublishCallback(mosquitto *, void *self, int mid)
{
    auto *client = static_cast<MqttClient *>(self);
    if (client->m_onPublish)
        client->m_onPublish(mid);
}

void MqttClient::onLogCallback(mosquitto *, void *self, int level, const char *text)
{
    // libmosquitto logs OpenSSL's error queue ("OpenSSL Error[0]: error:0A00045C:SSL
    // routines::tlsv13 alert certificate required") and then clears it: the reason is kept.
    if (level != MOSQ_LOG_ERR || !text || qstrncmp(text, "OpenSSL Error", 13) != 0)
        return;
    QString reason = QString::fromUtf8(text);
    const qsizetype colon = reason.lastIndexOf(QLatin1Char(':'));
    if (colon >= 0)
        reason = reason.mid(colon + 1).trimmed();
    static_cast<MqttClient *>(self)->m_lastOpenSslError = reason;
}

QString MqttClient::tlsReason() const
{
    if (m_verify && !m_verify->failure.isEmpty())
        return m_verify->failure;
    if (!m_lastOpenSslError.isEmpty())
        return m_lastOpenSslError;
    const unsigned long e = ERR_peek_last_error();
    if (e) {
        char text[256] = {};
        ERR_error_string_n(e, text, sizeof text);
        return QString::fromUtf8(text);
    }
    return QCoreApplication::translate(
        "livedash::FeedErrors", "the broker did not complete the handshake (is it a TLS port?)");
}

void MqttClient::onReadable()
{
    if (!m_mosq)
        return;
    // libmosquitto reads one packet per call: read on while the socket has more (its own
    // loop stops at EAGAIN the same way), for at most one ingest turn, so a burst costs one
    // event-loop iteration per turn and not one per message, and other feeds still get theirs.
    const int socket = m_socket;
    QElapsedTimer turn;
    turn.start();
    for (int i = 0; i < MaxPacketsPerTurn; ++i) {
        errno = 0;
        const int rc = mosquitto_loop_read(m_mosq, 1);
        const int savedErrno = errno;
        if (rc != MOSQ_ERR_SUCCESS) {
            handleResult(rc, savedErrno);
            break;
        }
        if (isWouldBlock(savedErrno) || m_state == State::Ended ||
            mosquitto_socket(m_mosq) != socket || turn.elapsed() >= IngestTurnMs)
            break;
        // Acknowledgements (PUBACK, PUBREC, ...) go out at once: the broker sends a QoS 1/2
        // subscriber only so many unacknowledged messages, then queues (and past its queue
        // limit drops) the rest.
        if (m_state == State::Connected && mosquitto_want_write(m_mosq)) {
            errno = 0;
            const int wrc = mosquitto_loop_write(m_mosq, 1);
            const int writeErrno = errno;
            if (wrc != MOSQ_ERR_SUCCESS) {
                handleResult(wrc, writeErrno);
                break;
            }
        }
    }
    updateNotifiers();
}

void MqttClient::onWritable()
{
    if (!m_mosq)
        return;
    int rc = MOSQ_ERR_SUCCESS;
    errno = 0;
    SSL *ssl = m_tls ? static_cast<SSL *>(mosquitto_ssl_get(m_mosq)) : nullptr;
    if (ssl && !SSL_is_init_finished(ssl)) {
        // The TCP connect finished: libmosquitto continues its TLS handshake in loop_read
        // (its loop_write does nothing until the handshake is done). From now on the
        // handshake is driven by what the broker sends.
        m_handshakeWritable = true;
        rc = mosquitto_loop_read(m_mosq, 1);
    } else {
        rc = mosquitto_loop_write(m_mosq, 1);
    }
    const int savedErrno = errno;
    handleResult(rc, savedErrno);
    updateNotifiers();
}

void MqttClient::onTimer()
{
    if (!m_mosq || m_state == State::Ended)
        return;
    const int rc = mosquitto_loop_misc(m_mosq); // keepalive: PINGREQ, or the timeout
    if (rc != MOSQ_ERR_NO_CONN)
        handleResult(rc, 0);
    updateNotifiers();
}

void MqttClient::updateNotifiers()
{
    const int socket = m_mosq ? mosquitto_socket(m_mosq) : -1;
    if (socket != m_socket) {
        // The old socket is closed (its number may be reused at once): its notifiers are
        // switched off now and freed later, as one of them may be the caller.
        if (m_readNotifier) {
            m_readNotifier->setEnabled(false);
            m_readNotifier.release()->deleteLater();
        }
        if (m_writeNotifier) {
            m_writeNotifier->setEnabled(false);
            m_writeNotifier.release()->deleteLater();
        }
        m_socket = socket;
        m_handshakeWritable = false;
        if (socket >= 0 && m_state != State::Ended) {
            m_readNotifier =
                std::make_unique<QSocketNotifier>(qintptr(socket), QSocketNotifier::Read);
            connect(m_readNotifier.get(), &QSocketNotifier::activated, this,
                    &MqttClient::onReadable);
            m_writeNotifier =
                std::make_unique<QSocketNotifier>(qintptr(socket), QSocketNotifier::Write);
            connect(m_writeNotifier.get(), &QSocketNotifier::activated, this,
                    &MqttClient::onWritable);
        }
    }
    if (socket < 0 && m_state != State::Ended && m_state != State::Idle && m_mosq) {
        // libmosquitto closed the socket without a callback (a failed TLS handshake).
        fail(QCoreApplication::translate("livedash::FeedErrors", "broker closed the connection"));
    }
    if (!m_writeNotifier || m_state == State::Ended) {
        if (m_readNotifier && m_state == State::Ended)
            m_readNotifier->setEnabled(false);
        if (m_writeNotifier)
            m_writeNotifier->setEnabled(false);
        return;
    }
    bool wantWrite = mosquitto_want_write(m_mosq);
    if (m_tls) {
        SSL *ssl = static_cast<SSL *>(mosquitto_ssl_get(m_mosq));
        if (ssl && !SSL_is_init_finished(ssl))
            wantWrite = !m_handshakeWritable; // only to see the TCP connect finish
    }
    m_writeNotifier->setEnabled(wantWrite);
}

void MqttClient::handleResult(int rc, int savedErrno)
{
    if (rc == MOSQ_ERR_SUCCESS || m_state == State::Ended)
        return;
    switch (rc) {
    case MOSQ_ERR_TLS:
        fail(QCoreApplication::translate("livedash::FeedErrors", "TLS handshake failed: %1")
                 .arg(tlsReason()));
        ERR_clear_error();
        return;
    case MOSQ_ERR_ERRNO:
        if (m_tls && savedErrno == EPROTO && m_state == State::Connecting) {
            // An alert from the broker during or right after the handshake (TLS 1.3 checks
            // the client certificate after the client has finished): still the handshake.
            const bool known = (m_verify && !m_verify->failure.isEmpty()) ||
                               !m_lastOpenSslError.isEmpty() || ERR_peek_last_error() != 0;
            fail(QCoreApplication::translate("livedash::FeedErrors", "TLS handshake failed: %1")
                     .arg(known ? tlsReason()
                                : QCoreApplication::translate(
                                      "livedash::FeedErrors",
                                      "the broker broke off the TLS session before accepting "
                                      "the connection (does it require a client certificate, "
                                      "or refuse this one?)")));
            ERR_clear_error();
            return;
        }
        if (savedErrno == EPROTO && m_tls) {
            fail(QCoreApplication::translate("livedash::FeedErrors", "TLS error: %1")
                     .arg(tlsReason()));
            ERR_clear_error();
            return;
        }
        if (isConnectionRefused(savedErrno)) {
            fail(QCoreApplication::translate("livedash::FeedErrors", "connection refused"));
            return;
        }
        fail(lowerFirst(qt_error_string(savedErrno)));
        return;
    case MOSQ_ERR_CONN_LOST:
        fail(m_state == State::Connecting && m_tls &&
                     ((m_verify && !m_verify->failure.isEmpty()) || !m_lastOpenSslError.isEmpty())
                 ? QCoreApplication::translate("livedash::FeedErrors", "TLS handshake failed: %1")
                       .arg(tlsReason())
                 : QCoreApplication::translate("livedash::FeedErrors",
                                               "broker closed the connection"));
        return;
    case MOSQ_ERR_NO_CONN:
        fail(QCoreApplication::translate("livedash::FeedErrors", "broker closed the connection"));
        return;
    default:
        fail(lowerFirst(QString::fromUtf8(mosquitto_strerror(rc))));
        return;
    }
}

void MqttClient::fail(const QString &why)
{
    if (m_state == State::Ended)
        return;
    m_state = State::Ended;
    m_error = why;
    m_timer.stop();
    notify();
}

HostLookup::HostLookup(const QString &host)
{
    // The context object (this) drops the answer if the lookup outlives its wait.
    QHostInfo::lookupHost(host, this, [this](const QHostInfo &info) {
        const QList<QHostAddress> addresses = info.addresses();
        for (const QHostAddress &a : addresses) {
            if (a.protocol() == QAbstractSocket::IPv4Protocol) {
                m_address = a.toString();
                break;
            }
        }
        if (m_address.isEmpty() && !addresses.isEmpty())
            m_address = addresses.first().toString();
        if (m_address.isEmpty())
            m_error = info.error() == QHostInfo::NoError ? QStringLiteral("no address")
                                                         : info.errorString();
        m_finished = true;
        Q_EMIT done();
    });
}

QString describeConnack(int rc, bool mqtt5)
{
    const bool badCredentials =
        mqtt5
            ? (rc == MQTT_RC_BAD_USERNAME_OR_PASSWORD || rc == MQTT_RC_NOT_AUTHORIZED ||
               rc == MQTT_RC_BAD_AUTHENTICATION_METHOD)
            : (rc == CONNACK_REFUSED_BAD_USERNAME_PASSWORD || rc == CONNACK_REFUSED_NOT_AUTHORIZED);
    if (badCredentials)
        return QCoreApplication::translate("livedash::FeedErrors",
                                           "not authorised (bad user name or password)");
    const char *text = mqtt5 ? mosquitto_reason_string(rc) : mosquitto_connack_string(rc);
    return QCoreApplication::translate("livedash::FeedErrors", "connection refused: %1")
        .arg(lowerFirst(QString::fromUtf8(text)));
}

bool isValidFilter(const QString &filter, QString *why)
{
    if (filter.isEmpty()) {
        *why = QStringLiteral("empty topic filter");
        return false;
    }
    if (filter.toUtf8().size() > 65535) {
        *why = QStringLiteral("topic filter longer than 65535 bytes");
        return false;
    }
    if (filter.contains(QChar(0))) {
        *why = QStringLiteral("topic filter contains a NUL character");
        return false;
    }
    const QStringList levels = filter.split(QLatin1Char('/'));
    for (qsizetype i = 0; i < levels.size(); ++i) {
        const QString &level = levels.at(i);
        if (level.contains(QLatin1Char('#')) &&
            (level != QLatin1String("#") || i != levels.size() - 1)) {
            *why = QStringLiteral("'#' must be a whole level and the last one: \"%1\"").arg(filter);
            return false;
        }
        if (level.contains(QLatin1Char('+')) && level != QLatin1String("+")) {
            *why = QStringLiteral("'+' must be a whole level: \"%1\"").arg(filter);
            return false;
        }
    }
    return true;
}

} // namespace livedash::mqtt
