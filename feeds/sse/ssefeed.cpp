#include "ssefeed.h"
#include "sseparser.h"

#include "redact.h"
#include "tlstrust.h"

#include <QCoroSignal>
#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>

#include <algorithm>

Q_LOGGING_CATEGORY(lcSseFeed, "livedash.feed.sse", QtInfoMsg)

namespace livedash {

namespace {

using std::chrono::milliseconds;

constexpr qint64 DefaultConnectTimeoutMs = 10000;
constexpr qint64 DefaultIdleTimeoutMs = 60000;
constexpr qint64 DefaultMaxEventBytes = SseParser::DefaultMaxEventBytes;
/// Bytes taken from the reply per read() call (a stack buffer: nothing kept per feed).
constexpr qint64 ReadChunk = 16 * 1024;
/// Distinct event names whose channel prefix is cached.
constexpr qsizetype MaxCachedPrefixes = 256;

const QString KeyUrl = QStringLiteral("url");
const QString KeyHeaders = QStringLiteral("headers");
const QString KeyEventAsPrefix = QStringLiteral("eventAsPrefix");
const QString KeyConnectTimeout = QStringLiteral("connectTimeoutMs");
const QString KeyIdleTimeout = QStringLiteral("idleTimeoutMs");
const QString KeyMaxEvent = QStringLiteral("maxEventBytes");

/// The URL as shown to the operator and in logs: user info and query values may hold secrets.
QString displayUrl(const QUrl &url)
{
    return redactUrl(url);
}

bool isHttpUrl(const QUrl &url)
{
    return url.isValid() && !url.host().isEmpty() &&
           (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
}

QString seconds(qint64 ms)
{
    return QStringLiteral("%1 s").arg(QString::number(double(ms) / 1000.0, 'g', 4));
}

/// Deletes a reply later: it may still be inside one of its own signal emissions.
struct LaterDeleter
{
    void operator()(QNetworkReply *reply) const
    {
        if (reply)
            reply->deleteLater();
    }
};
using ReplyPtr = std::unique_ptr<QNetworkReply, LaterDeleter>;

/// Disconnects on scope exit, so no handler outlives the coroutine frame it points into.
class ConnectionGuard
{
public:
    ConnectionGuard() = default;
    ConnectionGuard(const ConnectionGuard &) = delete;
    ConnectionGuard &operator=(const ConnectionGuard &) = delete;
    ~ConnectionGuard()
    {
        for (const QMetaObject::Connection &c : std::as_const(m_connections))
            QObject::disconnect(c);
    }
    void add(QMetaObject::Connection c) { m_connections.append(std::move(c)); }

private:
    QList<QMetaObject::Connection> m_connections;
};

/// Aborts `reply` from the event loop: it may be called from inside one of the reply's own
/// signals, where aborting is not safe; a reply that has finished meanwhile is left alone.
void abortLater(QNetworkReply *reply)
{
    QMetaObject::invokeMethod(
        reply,
        [reply] {
            if (!reply->isFinished())
                reply->abort();
        },
        Qt::QueuedConnection);
}

/// Like abortLater() for a body we do not want, but leaves an HTTP 4xx/5xx reply alone: Qt
/// reports its error after the abort as well ("this method must only be called once"). Its
/// body is drained meanwhile and the caller's deadline still bounds it.
void stopReceiving(QNetworkReply *reply)
{
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() < 400)
        abortLater(reply);
}

bool isEventStream(const QVariant &contentType)
{
    const QString type = contentType.toString().section(QLatin1Char(';'), 0, 0).trimmed();
    return type.compare(QLatin1String("text/event-stream"), Qt::CaseInsensitive) == 0;
}

struct SseSettings
{
    QUrl url;
    QList<std::pair<QByteArray, QByteArray>> headers;
    bool eventAsPrefix = true;
    qint64 connectTimeoutMs = DefaultConnectTimeoutMs;
    qint64 idleTimeoutMs = DefaultIdleTimeoutMs;
    qint64 maxEventBytes = DefaultMaxEventBytes;
    TlsTrust trust;
};

/// One connection's state, shared by the reply's handlers and the run() coroutine.
struct Stream
{
    FeedContext *ctx = nullptr;
    QElapsedTimer lastActivity;
    bool accepted = false; ///< 200 with text/event-stream: events flow
    bool timedOut = false;
    QString refusal; ///< why the response headers were not acceptable
    QString tlsError; ///< why the server's certificate was refused
};

class SseFeed final : public Feed
{
public:
    explicit SseFeed(SseSettings settings)
        : m_settings(std::move(settings)), m_parser(m_settings.maxEventBytes)
    {
    }

    QCoro::Task<FeedEnd> run(FeedContext &ctx) override;

private:
    QNetworkRequest buildRequest() const;
    void onHeaders(QNetworkReply *reply, Stream *stream);
    void onReadyRead(QNetworkReply *reply, Stream *stream);
    void onEvent(FeedContext *ctx, const SseEvent &event);
    const QString &prefixFor(const QByteArray &eventType);

    const SseSettings m_settings;
    /// Lives across run() calls: it keeps the last event ID and the `retry:` time, which
    /// the next connection needs.
    SseParser m_parser;
    QHash<QByteArray, QString> m_prefixes;
    /// A stream holds its connection for hours, and a manager opens at most 6 per host: with
    /// the ingest thread's shared manager, the 7th stream to one server would never start.
    /// Created on the ingest thread at the first run(), it lives as long as the feed.
    std::unique_ptr<QNetworkAccessManager> m_network;
};

QNetworkRequest SseFeed::buildRequest() const
{
    QNetworkRequest request(m_settings.url);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    // Qt 6.4 offers HTTP/2 over TLS on one connection until ALPN answers; a reply aborted during
    // that handshake (connect timeout) leaves it closing, and the next attempt waits behind it.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (m_settings.trust.hasPins())
        request.setSslConfiguration(m_settings.trust.configure(request.sslConfiguration()));
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    for (const auto &[name, value] : m_settings.headers)
        request.setRawHeader(name, value);
    if (!m_parser.lastEventId().isEmpty())
        request.setRawHeader("Last-Event-ID", m_parser.lastEventId());
    return request;
}

void SseFeed::onHeaders(QNetworkReply *reply, Stream *stream)
{
    stream->lastActivity.restart();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 200) {
        const QVariant type = reply->header(QNetworkRequest::ContentTypeHeader);
        if (isEventStream(type)) {
            stream->accepted = true;
            stream->ctx->connected();
            return;
        }
        stream->refusal = QStringLiteral("%1 answered with Content-Type \"%2\", not "
                                         "text/event-stream")
                              .arg(displayUrl(m_settings.url), type.toString().left(100));
    } else if (status == 204 || (status >= 300 && status < 400)) {
        return; // 204 ends by itself; a redirect is followed by the manager
    } else {
        const QString phrase =
            reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        stream->refusal =
            phrase.isEmpty()
                ? QStringLiteral("HTTP %1 from %2").arg(status).arg(displayUrl(m_settings.url))
                : QStringLiteral("HTTP %1 %2 from %3")
                      .arg(status)
                      .arg(phrase, displayUrl(m_settings.url));
    }
    stopReceiving(reply);
}

void SseFeed::onReadyRead(QNetworkReply *reply, Stream *stream)
{
    stream->lastActivity.restart();
    if (!stream->accepted) {
        reply->skip(reply->bytesAvailable()); // an error page or a redirect body
        return;
    }
    char buffer[ReadChunk];
    while (!stream->ctx->isCancelled()) {
        const qint64 got = reply->read(buffer, ReadChunk);
        if (got <= 0)
            break;
        stream->ctx->bytesReceived(got);
        m_parser.feed(QByteArrayView(buffer, got));
    }
}

void SseFeed::onEvent(FeedContext *ctx, const SseEvent &event)
{
    if (!m_settings.eventAsPrefix || event.type == "message")
        ctx->message(event.data);
    else
        ctx->message(event.data, prefixFor(event.type));
}

const QString &SseFeed::prefixFor(const QByteArray &eventType)
{
    auto it = m_prefixes.constFind(eventType);
    if (it != m_prefixes.constEnd())
        return *it;
    if (m_prefixes.size() >= MaxCachedPrefixes) // a server inventing names stays bounded
        m_prefixes.clear();
    // '/' separates channel path segments; an event name is one segment.
    QString prefix = QString::fromUtf8(eventType).replace(QLatin1Char('/'), QLatin1Char('_'));
    return *m_prefixes.insert(eventType, std::move(prefix));
}

QCoro::Task<FeedEnd> SseFeed::run(FeedContext &ctx)
{
    const QString where = displayUrl(m_settings.url);
    if (!isHttpUrl(m_settings.url))
        co_return FeedEnd::fatal(
            QStringLiteral("\"%1\" is not an http:// or https:// URL").arg(where));
    if (!m_settings.trust.error().isEmpty())
        co_return FeedEnd::fatal(m_settings.trust.error());
    ctx.connecting(where);
    if (ctx.isCancelled())
        co_return FeedEnd::cancelled();
    qCDebug(lcSseFeed).noquote() << ctx.feedId() << "connecting to" << where
                                 << (m_parser.lastEventId().isEmpty() ? "" : "with Last-Event-ID");

    m_parser.restart();
    m_parser.setEventHandler([this, c = &ctx](const SseEvent &e) { onEvent(c, e); });
    m_parser.setRejectHandler([c = &ctx](const QString &why) { c->rejected(why); });

    Stream stream;
    stream.ctx = &ctx;
    if (!m_network) {
        m_network = std::make_unique<QNetworkAccessManager>();
        m_network->setRedirectPolicy(ctx.network()->redirectPolicy());
    }
    ReplyPtr reply(m_network->get(buildRequest()));
    QNetworkReply *r = reply.get();
    {
        ConnectionGuard guard;
        // Queued: cancellation can be raised from inside an event handler (a settings probe).
        guard.add(QObject::connect(ctx.cancelToken(), &CancelToken::cancelled, r,
                                   [r] { abortLater(r); }));
        // Verification stays on; a pinned certificate lets exactly its errors pass.
        guard.add(QObject::connect(
            r, &QNetworkReply::sslErrors, r, [this, r, s = &stream](const QList<QSslError> &e) {
                const QSslCertificate peer = r->sslConfiguration().peerCertificate();
                if (m_settings.trust.accepts(e, peer))
                    r->ignoreSslErrors(e);
                else
                    s->tlsError = m_settings.trust.describe(e, peer);
            }));
        guard.add(QObject::connect(r, &QNetworkReply::metaDataChanged, r,
                                   [this, r, s = &stream] { onHeaders(r, s); }));
        guard.add(QObject::connect(r, &QNetworkReply::readyRead, r,
                                   [this, r, s = &stream] { onReadyRead(r, s); }));

        QElapsedTimer started;
        started.start();
        stream.lastActivity.start();
        while (!r->isFinished()) {
            // Before the headers the connect timeout applies, after them the idle timeout.
            // Waits before the headers are capped at the idle timeout, so that once they
            // arrive the idle deadline is checked in time.
            const qint64 remaining = stream.accepted
                                         ? m_settings.idleTimeoutMs - stream.lastActivity.elapsed()
                                         : m_settings.connectTimeoutMs - started.elapsed();
            if (remaining <= 0) {
                stream.timedOut = true;
                r->abort();
                break;
            }
            const qint64 wait = std::min(remaining, m_settings.idleTimeoutMs);
            co_await qCoro(r, &QNetworkReply::finished, milliseconds(wait));
        }
        if (stream.accepted && !stream.timedOut && !ctx.isCancelled())
            onReadyRead(r, &stream); // anything left behind the last readyRead
    }
    m_parser.setEventHandler({});
    m_parser.setRejectHandler({});

    if (ctx.isCancelled())
        co_return FeedEnd::cancelled();
    const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    FeedEnd end;
    if (!stream.refusal.isEmpty()) {
        end = FeedEnd::failed(stream.refusal);
    } else if (stream.timedOut) {
        end = FeedEnd::failed(stream.accepted
                                  ? QStringLiteral("no data from %1 for %2")
                                        .arg(where, seconds(m_settings.idleTimeoutMs))
                                  : QStringLiteral("no response from %1 within %2")
                                        .arg(where, seconds(m_settings.connectTimeoutMs)));
    } else if (status == 204) {
        co_return FeedEnd::finished(QStringLiteral("server answered 204: stream ended"));
    } else if (status == 0 && !stream.tlsError.isEmpty()) {
        end = FeedEnd::failed(
            QStringLiteral("TLS handshake with %1 refused: %2").arg(where, stream.tlsError));
    } else if (!stream.accepted) {
        // Qt's error strings may quote the whole URL, query included.
        end = FeedEnd::failed(
            status == 0
                ? QStringLiteral("cannot reach %1: %2").arg(where, redactText(r->errorString()))
                : QStringLiteral("HTTP %1 from %2 without an event "
                                 "stream")
                      .arg(status)
                      .arg(where));
    } else if (r->error() == QNetworkReply::NoError) {
        end = FeedEnd::closed(QStringLiteral("%1 ended the stream").arg(where));
    } else {
        end = FeedEnd::failed(QStringLiteral("stream from %1 broke off: %2")
                                  .arg(where, redactText(r->errorString())));
    }
    qCDebug(lcSseFeed).noquote() << ctx.feedId() << "stream ended:" << end.reason;
    // The server's reconnection time applies once it has spoken SSE to us; before that
    // (refused, unreachable) the runner's backoff protects it.
    if (stream.accepted && m_parser.retryMs())
        end.retryAfter = milliseconds(*m_parser.retryMs());
    co_return end;
}

} // namespace

PluginInfo SsePlugin::info() const
{
    PluginInfo info;
    info.id = QStringLiteral("sse");
    info.displayName = QStringLiteral("Server-Sent Events");
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral("Reads a text/event-stream; each event's data is one JSON "
                                      "message.");

    OptionSpec url;
    url.key = KeyUrl;
    url.type = OptionType::Url;
    url.label = QStringLiteral("URL");
    url.help = QStringLiteral("The http:// or https:// address of the event stream.");
    url.required = true;
    url.choices = {QStringLiteral("http"), QStringLiteral("https")};

    OptionSpec headers;
    headers.key = KeyHeaders;
    headers.type = OptionType::Headers;
    headers.label = QStringLiteral("Headers");
    headers.help = QStringLiteral("Extra request headers, one \"Name: value\" per line. Values of "
                                  "credential headers (Authorization, Cookie, *Token*, *Key*, "
                                  "...) are saved in the system keychain, or may be "
                                  "${env:NAME}.");

    OptionSpec prefix;
    prefix.key = KeyEventAsPrefix;
    prefix.type = OptionType::Bool;
    prefix.label = QStringLiteral("Event name as channel prefix");
    prefix.defaultValue = true;
    prefix.help = QStringLiteral("Channels of an event named \"score\" are put under "
                                 "\"<feed>/score/\" (unnamed events are not).");

    OptionSpec connectTimeout;
    connectTimeout.key = KeyConnectTimeout;
    connectTimeout.type = OptionType::Duration;
    connectTimeout.label = QStringLiteral("Connect timeout");
    connectTimeout.defaultValue = DefaultConnectTimeoutMs;
    connectTimeout.help = QStringLiteral("The response headers must arrive within this, in ms.");
    connectTimeout.minimum = 100;
    connectTimeout.maximum = 600000;

    OptionSpec idleTimeout;
    idleTimeout.key = KeyIdleTimeout;
    idleTimeout.type = OptionType::Duration;
    idleTimeout.label = QStringLiteral("Idle timeout");
    idleTimeout.defaultValue = DefaultIdleTimeoutMs;
    idleTimeout.help = QStringLiteral("Reconnect when nothing (not even a comment) arrives for "
                                      "this long, in ms.");
    idleTimeout.minimum = 100;
    idleTimeout.maximum = 24.0 * 3600 * 1000;

    OptionSpec maxEvent;
    maxEvent.key = KeyMaxEvent;
    maxEvent.type = OptionType::Int;
    maxEvent.label = QStringLiteral("Maximum event size");
    maxEvent.defaultValue = DefaultMaxEventBytes;
    maxEvent.help = QStringLiteral("Larger events are discarded and counted as rejected, in "
                                   "bytes.");
    maxEvent.minimum = 16;
    maxEvent.maximum = 256.0 * 1024 * 1024;

    info.options = {url, headers, prefix, connectTimeout, idleTimeout, maxEvent};
    info.options += TlsTrust::optionSpecs();
    return info;
}

QList<OptionError> SsePlugin::validate(const QVariantMap &options) const
{
    return TlsTrust::validate(options);
}

std::unique_ptr<Feed> SsePlugin::createFeed(const QVariantMap &options) const
{
    SseSettings s;
    s.url = QUrl(options.value(KeyUrl).toString().trimmed());
    s.headers = parseHeaders(options.value(KeyHeaders));
    s.eventAsPrefix = options.value(KeyEventAsPrefix, true).toBool();
    s.connectTimeoutMs = std::max<qint64>(
        100, options.value(KeyConnectTimeout, DefaultConnectTimeoutMs).toLongLong());
    s.idleTimeoutMs =
        std::max<qint64>(100, options.value(KeyIdleTimeout, DefaultIdleTimeoutMs).toLongLong());
    s.maxEventBytes =
        std::max<qint64>(16, options.value(KeyMaxEvent, DefaultMaxEventBytes).toLongLong());
    s.trust = TlsTrust::fromOptions(options);
    return std::make_unique<SseFeed>(std::move(s));
}

} // namespace livedash
