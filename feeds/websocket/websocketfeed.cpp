#include "websocketfeed.h"

#include <livedash/redact.h>
#include <livedash/wait.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QUrl>
#ifndef QT_NO_SSL
#include <QSslError>
#endif

#include <algorithm>
#include <memory>

Q_LOGGING_CATEGORY(lcWebSocket, "livedash.feed.websocket", QtInfoMsg)

namespace livedash {

using namespace std::chrono;
using internal::WebSocketConnection;

namespace {

milliseconds durationOption(const QVariantMap &options, const QString &key, qint64 fallback)
{
    bool ok = false;
    const qint64 value = options.value(key).toLongLong(&ok);
    return milliseconds(ok ? std::max<qint64>(value, 0) : fallback);
}

QString closeCodeName(int code)
{
    switch (code) {
    case 1000:
        return QCoreApplication::translate("livedash::FeedErrors", "normal closure");
    case 1001:
        return QCoreApplication::translate("livedash::FeedErrors", "going away");
    case 1002:
        return QCoreApplication::translate("livedash::FeedErrors", "protocol error");
    case 1003:
        return QCoreApplication::translate("livedash::FeedErrors", "unsupported data");
    case 1006:
        return QCoreApplication::translate("livedash::FeedErrors", "abnormal closure");
    case 1007:
        return QCoreApplication::translate("livedash::FeedErrors", "invalid payload");
    case 1008:
        return QCoreApplication::translate("livedash::FeedErrors", "policy violation");
    case 1009:
        return QCoreApplication::translate("livedash::FeedErrors", "message too big");
    case 1010:
        return QCoreApplication::translate("livedash::FeedErrors", "missing extension");
    case 1011:
        return QCoreApplication::translate("livedash::FeedErrors", "internal server error");
    case 1012:
        return QCoreApplication::translate("livedash::FeedErrors", "service restart");
    case 1013:
        return QCoreApplication::translate("livedash::FeedErrors", "try again later");
    case 1015:
        return QCoreApplication::translate("livedash::FeedErrors", "TLS handshake failed");
    default:
        return QString();
    }
}

/// "code 1008 (policy violation): bad token", leaving out whatever is unknown.
QString describeClose(int code, const QString &reason)
{
    QString text = QStringLiteral("code %1").arg(code);
    const QString name = closeCodeName(code);
    if (!name.isEmpty())
        text += QStringLiteral(" (%1)").arg(name);
    if (!reason.isEmpty())
        text += QStringLiteral(": ") + reason;
    return text;
}

/// Qt's handshake errors are developer-facing ("QWebSocketPrivate::processHandshake: ...");
/// turn the common ones into operator terms.
QString describeConnectError(const QString &error)
{
    static const QRegularExpression httpStatus(
        QStringLiteral("http status code: (\\d+) \\(([^)]*)\\)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = httpStatus.match(error);
    if (m.hasMatch()) {
        return QCoreApplication::translate("livedash::FeedErrors",
                                           "server refused the WebSocket upgrade: HTTP %1 %2")
            .arg(m.captured(1), m.captured(2))
            .trimmed();
    }
    QString text = error;
    text.remove(QRegularExpression(QStringLiteral("^\\w+::\\w+: ")));
    return text;
}

FeedEnd connectFailure(const WebSocketConnection &conn, const QString &where)
{
    if (!conn.tlsErrors().isEmpty())
        return FeedEnd::failed(
            QStringLiteral("TLS handshake with %1 failed: %2").arg(where, conn.tlsErrors()));
    if (!conn.error().isEmpty())
        return FeedEnd::failed(
            QCoreApplication::translate("livedash::FeedErrors", "cannot connect to %1: %2")
                .arg(where, describeConnectError(conn.error())));
    return FeedEnd::failed(
        QCoreApplication::translate("livedash::FeedErrors",
                                    "connection to %1 closed during the WebSocket handshake")
            .arg(where));
}

FeedEnd connectionEnd(const WebSocketConnection &conn, const WebSocketSettings &settings,
                      FeedContext *ctx, const QString &where)
{
    if (conn.localEnd() == WebSocketConnection::LocalEnd::Cancelled || ctx->isCancelled())
        return FeedEnd::cancelled();
    if (conn.localEnd() == WebSocketConnection::LocalEnd::KeepaliveTimeout) {
        return FeedEnd::failed(
            QCoreApplication::translate("livedash::FeedErrors",
                                        "keepalive timeout: no message or pong from %1 for %2 ms")
                .arg(where)
                .arg(settings.keepaliveTimeout.count()));
    }
    if (conn.closeHandshake()) {
        const int code = conn.closeCode();
        const QString close = describeClose(code, conn.closeReason());
        if (code == 1009) {
            // The message never reached the feed: count it, and name the limit that dropped it.
            ctx->rejected(QCoreApplication::translate(
                              "livedash::FeedErrors",
                              "message larger than maxMessageBytes (%1 bytes) dropped")
                              .arg(settings.maxMessageBytes));
            return FeedEnd::failed(
                QCoreApplication::translate("livedash::FeedErrors",
                                            "a message exceeded maxMessageBytes (%1 bytes); "
                                            "connection closed with %2")
                    .arg(settings.maxMessageBytes)
                    .arg(close));
        }
        if (code == 1007) {
            // Qt closes on a text frame that is not UTF-8: the message was received and dropped.
            ctx->rejected(
                QCoreApplication::translate("livedash::FeedErrors",
                                            "text message with invalid UTF-8 dropped (%1)")
                    .arg(close));
            return FeedEnd::failed(
                QCoreApplication::translate("livedash::FeedErrors", "connection closed with %1")
                    .arg(close));
        }
        if (code == 1000 || code == 1001 || code == 1012 || code == 1013)
            return FeedEnd::closed(QCoreApplication::translate("livedash::FeedErrors",
                                                               "server closed the connection (%1)")
                                       .arg(close));
        return FeedEnd::failed(
            QCoreApplication::translate("livedash::FeedErrors", "connection closed with %1")
                .arg(close));
    }
    const QString why =
        conn.error().isEmpty()
            ? QCoreApplication::translate("livedash::FeedErrors", "closed without a close frame")
            : conn.error();
    return FeedEnd::failed(
        QCoreApplication::translate("livedash::FeedErrors", "connection to %1 lost: %2")
            .arg(where, why));
}

QNetworkRequest handshakeRequest(const QUrl &url,
                                 const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return request;
}

/// The header names, for the log (their values may be secrets).
QString headerNames(const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QByteArrayList names;
    for (const auto &header : headers)
        names.append(header.first);
    return QString::fromLatin1(names.join(", "));
}

/// Ends the connection's callbacks at once but frees it from the event loop: the coroutine
/// may be finishing inside one of the connection's own calls.
struct ConnectionDisposer
{
    void operator()(WebSocketConnection *conn) const
    {
        conn->detach();
        conn->deleteLater();
    }
};

} // namespace

WebSocketSettings WebSocketSettings::fromOptions(const QVariantMap &options)
{
    WebSocketSettings s;
    s.url = options.value(UrlKey).toString().trimmed();
    s.headers = parseHeaders(options.value(HeadersKey));
    s.subscribe = options.value(SubscribeKey).toString();
    s.connectTimeout = durationOption(options, ConnectTimeoutKey, 10000);
    s.keepaliveInterval = durationOption(options, KeepaliveIntervalKey, 15000);
    s.keepaliveTimeout = durationOption(options, KeepaliveTimeoutKey, 30000);
    bool ok = false;
    const qint64 maxBytes = options.value(MaxMessageBytesKey).toLongLong(&ok);
    if (ok && maxBytes > 0)
        s.maxMessageBytes = maxBytes;
    s.trust = TlsTrust::fromOptions(options);
    return s;
}

QCoro::Task<FeedEnd> WebSocketFeed::run(FeedContext &ctx)
{
    return runConnection(m_settings, &ctx);
}

QCoro::Task<FeedEnd> WebSocketFeed::runConnection(WebSocketSettings settings, FeedContext *ctx)
{
    if (ctx->isCancelled())
        co_return FeedEnd::cancelled();

    const QUrl url(settings.url, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        co_return FeedEnd::fatal(
            QStringLiteral("\"%1\" is not a valid WebSocket URL").arg(redactUrl(settings.url)));
    if (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss"))
        co_return FeedEnd::fatal(
            QStringLiteral("URL scheme must be ws or wss, not \"%1\"").arg(url.scheme()));
    if (!settings.trust.error().isEmpty())
        co_return FeedEnd::fatal(settings.trust.error());

    // User info and query values may hold credentials: the status view shows neither.
    const QString where = redactUrl(url);
    qCDebug(lcWebSocket).noquote() << "feed" << ctx->feedId() << "connecting to" << where
                                   << "with headers" << headerNames(settings.headers);
    ctx->connecting(where);

    std::unique_ptr<WebSocketConnection, ConnectionDisposer> conn(
        new WebSocketConnection(ctx, settings.maxMessageBytes));
    conn->setTrust(settings.trust);
    // A temporary: this frame lives as long as the connection, the request need not.
    conn->open(handshakeRequest(url, settings.headers), settings.subscribe);

    // Handshake: TCP, TLS and the HTTP upgrade, all under one deadline.
    const qint64 connectDeadline = conn->elapsedMs() + settings.connectTimeout.count();
    while (!conn->isOpen()) {
        if (ctx->isCancelled()) {
            conn->end(WebSocketConnection::LocalEnd::Cancelled);
            co_return FeedEnd::cancelled();
        }
        if (!conn->error().isEmpty() || !conn->tlsErrors().isEmpty() || conn->isClosed()) {
            FeedEnd failure = connectFailure(*conn, where);
            conn->end(WebSocketConnection::LocalEnd::None);
            qCDebug(lcWebSocket).noquote() << "feed" << ctx->feedId() << failure.reason;
            co_return failure;
        }
        const qint64 left = connectDeadline - conn->elapsedMs();
        if (left <= 0) {
            conn->end(WebSocketConnection::LocalEnd::ConnectTimeout);
            co_return FeedEnd::failed(
                QCoreApplication::translate(
                    "livedash::FeedErrors",
                    "connect timeout: no WebSocket handshake with %1 within %2 ms")
                    .arg(where)
                    .arg(settings.connectTimeout.count()));
        }
        co_await waitFor(ctx->cancelToken(), milliseconds(left), conn.get(),
                         &WebSocketConnection::changed);
    }

    // Open: messages flow through the connection's slots; this loop only pings and watches
    // for silence, and wakes when the socket closes or the feed is cancelled.
    const qint64 interval = settings.keepaliveInterval.count();
    const qint64 silence = settings.keepaliveTimeout.count();
    qint64 nextPing = conn->elapsedMs() + interval;
    while (!conn->isClosed()) {
        if (ctx->isCancelled()) {
            conn->end(WebSocketConnection::LocalEnd::Cancelled);
            break;
        }
        const qint64 now = conn->elapsedMs();
        if (silence > 0 && now - conn->lastActivityMs() >= silence) {
            conn->end(WebSocketConnection::LocalEnd::KeepaliveTimeout);
            break;
        }
        if (interval > 0 && now >= nextPing) {
            conn->ping();
            nextPing = now + interval;
        }
        qint64 wait = 60000;
        if (interval > 0)
            wait = std::min(wait, nextPing - now);
        if (silence > 0)
            wait = std::min(wait, conn->lastActivityMs() + silence - now);
        co_await waitFor(ctx->cancelToken(), milliseconds(std::max<qint64>(wait, 1)), conn.get(),
                         &WebSocketConnection::changed);
    }
    FeedEnd end = connectionEnd(*conn, settings, ctx, where);
    qCDebug(lcWebSocket).noquote() << "feed" << ctx->feedId() << "connection ended:" << end.reason;
    co_return end;
}

namespace internal {

namespace {
/// Bytes of messages a connection holds for its next turn before it maps them regardless.
constexpr qsizetype MaxQueuedBytes = 32 * 1024 * 1024;
} // namespace

WebSocketConnection::WebSocketConnection(FeedContext *ctx, qint64 maxMessageBytes) : m_ctx(ctx)
{
    m_clock.start();

    // Over either limit Qt closes the socket with code 1009 (message too big).
    m_socket.setMaxAllowedIncomingMessageSize(quint64(maxMessageBytes));
    m_socket.setMaxAllowedIncomingFrameSize(quint64(maxMessageBytes));

    // Connected before open(): a server may send right after the handshake.
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &message) {
        touch();
        // Qt gives text frames as UTF-16: back to UTF-8 in a buffer kept from one message to
        // the next (no allocation per message unless the message waits for a turn).
        m_utf8.resize(message.size() * 3);
        char *end = m_encoder.appendToBuffer(m_utf8.data(), message);
        m_utf8.resize(end - m_utf8.constData());
        m_ctx->bytesReceived(m_utf8.size());
        deliver(m_utf8);
    });
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &message) {
        touch();
        m_ctx->bytesReceived(message.size());
        deliver(message);
    });
    // A long fragmented message is activity too, before its last frame completes it.
    connect(&m_socket, &QWebSocket::textFrameReceived, this, [this](const QString &, bool last) {
        if (!last)
            touch();
    });
    connect(&m_socket, &QWebSocket::binaryFrameReceived, this,
            [this](const QByteArray &, bool last) {
                if (!last)
                    touch();
            });
    connect(&m_socket, &QWebSocket::pong, this, [this] { touch(); });
    connect(&m_socket, &QWebSocket::connected, this, &WebSocketConnection::onConnected);
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            &WebSocketConnection::onError);
    // QWebSocket announces a close frame (sent in reply to the server's, or for a protocol
    // violation such as an oversized message) with aboutToClose; our own abort() sets
    // m_localEnd first.
    connect(&m_socket, &QWebSocket::aboutToClose, this, [this] {
        if (m_localEnd == LocalEnd::None)
            m_closeHandshake = true;
    });
    // Also tells of the disconnection (UnconnectedState): no separate disconnected() handler.
    connect(&m_socket, &QWebSocket::stateChanged, this, &WebSocketConnection::notify);
    m_cancelConnection = connect(ctx->cancelToken(), &CancelToken::cancelled, this,
                                 [this] { end(LocalEnd::Cancelled); });
}

WebSocketConnection::~WebSocketConnection()
{
    detach();
}

void WebSocketConnection::setTrust(const TlsTrust &trust)
{
    m_trust = trust;
#ifndef QT_NO_SSL
    if (trust.hasPins())
        m_socket.setSslConfiguration(trust.configure(m_socket.sslConfiguration()));
#endif
}

void WebSocketConnection::open(const QNetworkRequest &request, const QString &subscribe)
{
    m_subscribe = subscribe;
    // Only wss:// has certificates to check (one connection less for every ws:// feed).
    if (request.url().scheme() == QLatin1String("wss"))
        watchTls();
    m_socket.open(request);
}

void WebSocketConnection::watchTls()
{
#ifndef QT_NO_SSL
    // Verification stays on: a certificate pinned in the feed's settings lets exactly these
    // errors pass (ignored from inside the signal, as Qt requires); anything else ends the
    // handshake with a message that says what to do.
    connect(&m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        if (m_trust.accepts(errors)) {
            m_socket.ignoreSslErrors(errors);
            return;
        }
        m_tlsErrors = m_trust.describe(errors);
        notify();
    });
#endif
}

void WebSocketConnection::end(LocalEnd why)
{
    if (m_localEnd == LocalEnd::None)
        m_localEnd = why;
    m_socket.abort();
    notify();
}

void WebSocketConnection::ping()
{
    m_socket.ping();
}

void WebSocketConnection::deliver(QByteArray message)
{
    if (m_turnPosted) {
        // Behind the messages already waiting, in order. Past the bound the socket is read
        // faster than its messages can be mapped: map them now, as without turns.
        m_queuedBytes += message.size();
        m_queued.push_back(std::move(message));
        if (m_queuedBytes > MaxQueuedBytes)
            deliverQueued(true);
        return;
    }
    QElapsedTimer turn;
    turn.start();
    m_ctx->message(message);
    if (turn.elapsed() >= IngestTurnMs) {
        // A costly message (megabytes of JSON): what else arrives with it waits one turn, so
        // the other feeds on this ingest thread are not held up behind all of it.
        m_turnPosted = true;
        QMetaObject::invokeMethod(
            this, [this] { deliverQueued(false); }, Qt::QueuedConnection);
    }
}

void WebSocketConnection::deliverQueued(bool all)
{
    QElapsedTimer turn;
    turn.start();
    while (!m_queued.empty() && (all || turn.elapsed() < IngestTurnMs)) {
        const QByteArray message = m_queued.takeFirst();
        m_queuedBytes -= message.size();
        m_ctx->message(message);
    }
    if (m_queued.empty()) {
        m_turnPosted = false; // a call still queued finds nothing to do
        return;
    }
    QMetaObject::invokeMethod(
        this, [this] { deliverQueued(false); }, Qt::QueuedConnection);
}

void WebSocketConnection::detach()
{
    deliverQueued(true); // received before the end: mapped, not lost
    disconnect(m_cancelConnection);
    disconnect(&m_socket, nullptr, this, nullptr);
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.abort();
}

bool WebSocketConnection::isClosed() const
{
    return m_socket.state() == QAbstractSocket::UnconnectedState;
}

void WebSocketConnection::onConnected()
{
    m_open = true;
    touch();
    m_ctx->connected();
    if (!m_subscribe.isEmpty())
        m_socket.sendTextMessage(m_subscribe);
    notify();
}

void WebSocketConnection::onError(QAbstractSocket::SocketError error)
{
    Q_UNUSED(error);
    if (m_error.isEmpty())
        m_error = m_socket.errorString();
    notify();
}

} // namespace internal

} // namespace livedash
