#pragma once

#include <livedash/feedplugin.h>
#include <livedash/tlstrust.h>

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QMetaObject>
#include <QObject>
#include <QString>
#include <QStringEncoder>
#include <QWebSocket>

#include <chrono>
#include <utility>

class QNetworkRequest;

namespace livedash {

/// A WebSocket feed's options, read once from the resolved option map.
struct WebSocketSettings
{
    static inline const QString UrlKey = QStringLiteral("url");
    static inline const QString HeadersKey = QStringLiteral("headers");
    static inline const QString SubscribeKey = QStringLiteral("subscribe");
    static inline const QString ConnectTimeoutKey = QStringLiteral("connectTimeoutMs");
    static inline const QString KeepaliveIntervalKey = QStringLiteral("keepaliveIntervalMs");
    static inline const QString KeepaliveTimeoutKey = QStringLiteral("keepaliveTimeoutMs");
    static inline const QString MaxMessageBytesKey = QStringLiteral("maxMessageBytes");

    QString url;
    QList<std::pair<QByteArray, QByteArray>> headers; ///< values may be secrets: never log them
    QString subscribe;
    std::chrono::milliseconds connectTimeout{10000};
    std::chrono::milliseconds keepaliveInterval{15000}; ///< 0: no pings
    std::chrono::milliseconds keepaliveTimeout{30000};  ///< 0: silence is never an error
    qint64 maxMessageBytes = 16 * 1024 * 1024;
    TlsTrust trust; ///< pinned certificates for wss:// (verification is on regardless)

    static WebSocketSettings fromOptions(const QVariantMap &options);
};

/// One WebSocket source: connects, feeds every text or binary message to the context as JSON,
/// pings to notice dead peers, and says why the connection ended.
class WebSocketFeed final : public Feed
{
public:
    explicit WebSocketFeed(WebSocketSettings settings) : m_settings(std::move(settings)) {}

    QCoro::Task<FeedEnd> run(FeedContext &ctx) override;

private:
    // Takes everything by value: the coroutine never touches the Feed after it starts.
    static QCoro::Task<FeedEnd> runConnection(WebSocketSettings settings, FeedContext *ctx);

    WebSocketSettings m_settings;
};

namespace internal {

/// One connection attempt. Owns the socket and records what its signals say; messages go to
/// the context straight from the socket's signals (connected before open()), so nothing that
/// arrives before the coroutine gets to run is lost. The coroutine only waits for changed()
/// (with waitFor(), livedash/wait.h) and then reads the state it records.
class WebSocketConnection final : public QObject
{
    Q_OBJECT
public:
    /// Why this side is ending the connection.
    enum class LocalEnd { None, Cancelled, ConnectTimeout, KeepaliveTimeout };

    WebSocketConnection(FeedContext *ctx, qint64 maxMessageBytes);
    ~WebSocketConnection() override;

    /// Which certificates wss:// trusts beyond the system's CAs (call before open()).
    void setTrust(const TlsTrust &trust);
    /// Starts the handshake; `subscribe` (if any) is sent as soon as it completes.
    void open(const QNetworkRequest &request, const QString &subscribe);
    /// Aborts the socket (no close handshake) and remembers why.
    void end(LocalEnd why);
    void ping();
    /// Stops every callback into the context and the coroutine (before deleteLater()).
    void detach();

    bool isOpen() const { return m_open; }
    bool isClosed() const;
    LocalEnd localEnd() const { return m_localEnd; }
    /// The first socket error, in operator terms (empty if none).
    const QString &error() const { return m_error; }
    /// TLS problems reported during the handshake (empty if none).
    const QString &tlsErrors() const { return m_tlsErrors; }
    /// Whether a close frame was exchanged (then closeCode()/closeReason() are meaningful).
    bool closeHandshake() const { return m_closeHandshake; }
    int closeCode() const { return int(m_socket.closeCode()); }
    QString closeReason() const { return m_socket.closeReason(); }
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    /// When the last message, frame or pong arrived (elapsedMs() clock).
    qint64 lastActivityMs() const { return m_lastActivityMs; }

Q_SIGNALS:
    /// The connection's state changed (opened, failed, closed, ended): what the coroutine
    /// waits for with waitFor(), which resumes it from a fresh event-loop turn, never from
    /// inside a socket signal.
    void changed();

private:
    void notify() { Q_EMIT changed(); }
    void touch() { m_lastActivityMs = m_clock.elapsed(); }
    /// Hands a message to the context, or queues it behind others while this connection has
    /// used up its turn on the ingest thread.
    void deliver(QByteArray message);
    /// Delivers queued messages for one turn (or all of them), queuing the rest's turn.
    void deliverQueued(bool all);
    void watchTls();
    void onConnected();
    void onError(QAbstractSocket::SocketError error);

    FeedContext *m_ctx;
    QWebSocket m_socket;
    QElapsedTimer m_clock;
    QMetaObject::Connection m_cancelConnection;
    bool m_turnPosted = false;  ///< deliverQueued() is queued on the event loop
    QList<QByteArray> m_queued; ///< messages waiting for this connection's next turn
    QByteArray m_utf8;          ///< the last text message, as UTF-8
    QStringEncoder m_encoder{QStringEncoder::Utf8, QStringEncoder::Flag::Stateless};
    qsizetype m_queuedBytes = 0;
    bool m_open = false;
    bool m_closeHandshake = false;
    LocalEnd m_localEnd = LocalEnd::None;
    qint64 m_lastActivityMs = 0;
    QString m_subscribe;
    QString m_error;
    QString m_tlsErrors;
    TlsTrust m_trust;
};

} // namespace internal

} // namespace livedash
