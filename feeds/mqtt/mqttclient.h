#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSocketNotifier>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>

struct mosquitto;
struct mosquitto_message;
struct ssl_ctx_st;
struct mqtt5__property;

namespace livedash::mqtt {

/// How a client connects: everything mosquitto_new() and the CONNECT packet need.
struct ClientOptions
{
    QString host;
    /// Where to connect, when not `host` itself: an address looked up beforehand, so that
    /// libmosquitto's own (blocking) name lookup has nothing to do. TLS still names `host`
    /// (server name indication and the certificate check).
    QString address;
    int port = 1883;
    bool tls = false;
    QString clientId; ///< empty: the broker assigns one (clean sessions only)
    bool cleanSession = true;
    bool mqtt5 = false;
    QString username;
    QString password; ///< a secret: never logged, never in an error text
    int keepaliveS = 60;
    /// MQTT 5 only: the CONNECT's maximum packet size (0: none). The broker drops larger
    /// packets for this client instead of sending them.
    quint32 maximumPacketSize = 0;
    // TLS (mqtts)
    QString trustedCertificate; ///< PEM file: CA certificates added, its certificates pinned
    QList<QByteArray> pins;     ///< raw SHA-256 digests of accepted server certificates
    QString clientCertificate;  ///< PEM file, with clientKey
    QString clientKey;
};

/// What a TLS client's verify callback needs (the pins), and what it found.
struct TlsVerify;

/// One libmosquitto client driven by the event loop of the thread that made it: a
/// QSocketNotifier on mosquitto_socket() reads (mosquitto_loop_read), another writes while
/// mosquitto_want_write() says so (mosquitto_loop_write), and a timer calls
/// mosquitto_loop_misc() for the keepalive. No thread of libmosquitto's own
/// (mosquitto_loop_start) is used: every callback runs on this thread, inside loop_read,
/// loop_write or loop_misc.
///
/// For mqtts the client brings its own OpenSSL context (MOSQ_OPT_SSL_CTX): the system CAs, the
/// trusted certificate file, the client certificate and a verify callback that lets a pinned
/// server certificate through trust and name errors, as TlsTrust does for Qt's sockets.
class MqttClient final : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Connecting, Connected, Ended };

    using MessageHandler = std::function<void(const mosquitto_message &message)>;
    using ConnectHandler = std::function<void(bool sessionPresent)>;
    using PublishHandler = std::function<void(int mid)>;

    explicit MqttClient(QObject *parent = nullptr);
    ~MqttClient() override;

    /// Creates the client and starts the TCP connect without blocking on it (the host name is
    /// resolved here, synchronously). False with error() set when it cannot even start.
    bool start(const ClientOptions &options);
    /// Sends DISCONNECT (when connected) and writes what it can without blocking.
    void disconnectFromBroker();
    /// Ends the connection attempt or connection here with `why` (e.g. a timeout).
    void abort(const QString &why);
    /// Stops every callback into the owner (call before deleteLater()).
    void detach();

    State state() const { return m_state; }
    /// Why the connection failed or ended, in plain words (empty while it is fine).
    const QString &error() const { return m_error; }
    bool sessionPresent() const { return m_sessionPresent; }

    /// SUBSCRIBE for all `filters`; false when libmosquitto refuses to send it. The granted
    /// codes arrive through changed(): subscribed(), grantedQos().
    bool subscribe(const QStringList &filters, int qos);
    bool subscribed() const { return m_subscribed; }
    const QList<int> &grantedQos() const { return m_granted; }

    /// PUBLISH; *mid is the id on_publish() confirms. Returns the libmosquitto code.
    int publish(const QByteArray &topic, const QByteArray &payload, int qos, bool retain, int *mid);

    void setMessageHandler(MessageHandler handler) { m_onMessage = std::move(handler); }
    void setConnectHandler(ConnectHandler handler) { m_onConnect = std::move(handler); }
    void setPublishHandler(PublishHandler handler) { m_onPublish = std::move(handler); }

Q_SIGNALS:
    /// The state changed (CONNACK, SUBACK, the connection ended): what the feed coroutine
    /// waits for with waitFor().
    void changed();

private:
    static void onConnectCallback(mosquitto *, void *self, int rc, int flags,
                                  const mqtt5__property *props);
    static void onDisconnectCallback(mosquitto *, void *self, int rc, const mqtt5__property *props);
    static void onMessageCallback(mosquitto *, void *self, const mosquitto_message *message);
    static void onSubscribeCallback(mosquitto *, void *self, int mid, int count,
                                    const int *granted);
    static void onPublishCallback(mosquitto *, void *self, int mid);
    static void onLogCallback(mosquitto *, void *self, int level, const char *text);
    /// Why the TLS session failed: the verify callback's reason, else OpenSSL's last error.
    QString tlsReason() const;

    bool setUpTls(const ClientOptions &options);
    void onReadable();
    void onWritable();
    void onTimer();
    /// After any call into libmosquitto: follows a new or closed socket and turns the write
    /// notifier on while there is something to write.
    void updateNotifiers();
    /// A libmosquitto call returned `rc`: ends the connection with a reason unless it is fine.
    void handleResult(int rc, int savedErrno);
    void fail(const QString &why);
    void notify() { Q_EMIT changed(); }

    mosquitto *m_mosq = nullptr;
    ssl_ctx_st *m_sslCtx = nullptr;
    std::unique_ptr<TlsVerify> m_verify;
    bool m_tls = false;
    bool m_mqtt5 = false;
    bool m_handshakeWritable = false; ///< TLS: the TCP connect finished (socket was writable)
    int m_socket = -1;
    std::unique_ptr<QSocketNotifier> m_readNotifier;
    std::unique_ptr<QSocketNotifier> m_writeNotifier;
    QTimer m_timer;
    State m_state = State::Idle;
    QString m_error;
    QString m_lastOpenSslError; ///< the last "OpenSSL Error" libmosquitto logged
    bool m_sessionPresent = false;
    bool m_subscribed = false;
    int m_subscribeMid = -1;
    QList<int> m_granted;
    MessageHandler m_onMessage;
    ConnectHandler m_onConnect;
    PublishHandler m_onPublish;
};

/// Ends the client's callbacks at once but frees it from the event loop: a coroutine may be
/// finishing right after one of its signals.
struct ClientDisposer
{
    void operator()(MqttClient *client) const
    {
        client->detach();
        client->deleteLater();
    }
};

/// Looks a host name up without blocking the thread (QHostInfo); done() when finished.
class HostLookup final : public QObject
{
    Q_OBJECT
public:
    explicit HostLookup(const QString &host);
    bool isFinished() const { return m_finished; }
    /// The first address found (IPv4 preferred), or empty with error() set.
    const QString &address() const { return m_address; }
    const QString &error() const { return m_error; }

Q_SIGNALS:
    void done();

private:
    bool m_finished = false;
    QString m_address;
    QString m_error;
};

/// "not authorised (bad user name or password)", "connection refused: ..." for a CONNACK code
/// (MQTT 3.1.1 return code or MQTT 5 reason code).
QString describeConnack(int rc, bool mqtt5);

/// Whether `filter` is a valid MQTT topic filter ('+' and '#' whole levels, '#' last);
/// `why` says what is wrong.
bool isValidFilter(const QString &filter, QString *why);

} // namespace livedash::mqtt
