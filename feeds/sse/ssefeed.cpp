#include "ssefeed.h"
#include "sseparser.h"

#include <livedash/feedreply.h>
#include <livedash/redact.h>
#include <livedash/tlstrust.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>
#include <memory>

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

bool isEventStream(const QVariant &contentType)
{
    const QString type = contentType.toString().section(QLatin1Char(';'), 0, 0).trimmed();
    return type.compare(QLatin1String("text/event-stream"), Qt::CaseInsensitive) == 0;
}

struct SseSettings
{
    QUrl url;
    HeaderList headers;
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
    bool accepted = false; ///< 200 with text/event-stream: events flow
    QString refusal;       ///< why the response headers were not acceptable
    /// Alive as long as the stream: a turn queued after the stream ended finds it expired.
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);
    bool turnQueued = false; ///< a continuation of reading is queued on the event loop
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
    /// Reads what the reply holds, for at most IngestTurnMs unless `drainAll`.
    void onReadyRead(QNetworkReply *reply, Stream *stream, bool drainAll);
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
    QNetworkRequest request = feedRequest(m_settings.url, m_settings.trust);
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    applyHeaders(request, m_settings.headers);
    if (!m_parser.lastEventId().isEmpty())
        request.setRawHeader("Last-Event-ID", m_parser.lastEventId());
    return request;
}

void SseFeed::onHeaders(QNetworkReply *reply, Stream *stream)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 200) {
        const QVariant type = reply->header(QNetworkRequest::ContentTypeHeader);
        if (isEventStream(type)) {
            stream->accepted = true;
            stream->ctx->connected();
            return;
        }
        stream->refusal = QCoreApplication::translate("livedash::FeedErrors",
                                                      "%1 answered with Content-Type \"%2\", not "
                                                      "text/event-stream")
                              .arg(displayUrl(m_settings.url), type.toString().left(100));
    } else if (status == 204 || (status >= 300 && status < 400)) {
        return; // 204 ends by itself; a redirect is followed by the manager
    } else {
        stream->refusal = httpStatusText(reply, displayUrl(m_settings.url));
    }
    stopReceiving(reply);
}

void SseFeed::onReadyRead(QNetworkReply *reply, Stream *stream, bool drainAll)
{
    if (!stream->accepted) {
        reply->skip(reply->bytesAvailable()); // an error page or a redirect body
        return;
    }
    char buffer[ReadChunk];
    QElapsedTimer turn;
    turn.start();
    while (!stream->ctx->isCancelled()) {
        if (!drainAll && turn.elapsed() >= IngestTurnMs) {
            // Others' turn; the rest stays in the reply's bounded buffer (the socket pauses
            // when it is full) and is read in a later iteration of the event loop.
            if (!stream->turnQueued) {
                stream->turnQueued = true;
                QTimer::singleShot(
                    0, reply, [this, reply, stream, alive = std::weak_ptr<bool>(stream->alive)] {
                        if (alive.expired())
                            return; // the stream ended meanwhile
                        stream->turnQueued = false;
                        onReadyRead(reply, stream, false);
                    });
            }
            return;
        }
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
    if (std::optional<FeedEnd> unusable = checkHttpTarget(m_settings.url, m_settings.trust))
        co_return *unusable;
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
    FeedReply reply(ownNetwork(m_network, ctx.network())->get(buildRequest()), ctx,
                    m_settings.trust);
    QNetworkReply *r = reply.get();
    reply.onHeaders([this, r, s = &stream] { onHeaders(r, s); });
    reply.onData([this, r, s = &stream] { onReadyRead(r, s, false); });
    QElapsedTimer started;
    started.start();
    // Before the headers the connect timeout applies, after them the idle timeout. Waits
    // before the headers are capped at the idle timeout, so that once they arrive the idle
    // deadline is checked in time.
    co_await reply.finish(
        [&stream, &reply, &started, connectMs = m_settings.connectTimeoutMs,
         idleMs = m_settings.idleTimeoutMs] {
            return stream.accepted ? idleMs - reply.idleMs() : connectMs - started.elapsed();
        },
        m_settings.idleTimeoutMs);
    if (stream.accepted && !reply.timedOut() && !ctx.isCancelled())
        onReadyRead(r, &stream, true); // anything left behind the last readyRead
    m_parser.setEventHandler({});
    m_parser.setRejectHandler({});

    if (ctx.isCancelled())
        co_return FeedEnd::cancelled();
    const int status = reply.status();
    FeedEnd end;
    if (!stream.refusal.isEmpty()) {
        end = FeedEnd::failed(stream.refusal);
    } else if (reply.timedOut()) {
        end = FeedEnd::failed(
            stream.accepted
                ? QCoreApplication::translate("livedash::FeedErrors", "no data from %1 for %2")
                      .arg(where, formatSeconds(m_settings.idleTimeoutMs))
                : QCoreApplication::translate("livedash::FeedErrors",
                                              "no response from %1 within %2")
                      .arg(where, formatSeconds(m_settings.connectTimeoutMs)));
    } else if (status == 204) {
        co_return FeedEnd::finished(QCoreApplication::translate(
            "livedash::FeedErrors", "server answered 204: stream ended"));
    } else if (status == 0) {
        end = FeedEnd::failed(reply.connectionFailure(where));
    } else if (!stream.accepted) {
        end = FeedEnd::failed(QCoreApplication::translate("livedash::FeedErrors",
                                                          "HTTP %1 from %2 without an event stream")
                                  .arg(status)
                                  .arg(where));
    } else if (r->error() == QNetworkReply::NoError) {
        end = FeedEnd::closed(
            QCoreApplication::translate("livedash::FeedErrors", "%1 ended the stream").arg(where));
    } else {
        end = FeedEnd::failed(
            QCoreApplication::translate("livedash::FeedErrors", "stream from %1 broke off: %2")
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
    info.displayName =
        QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Server-Sent Events"));
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "Reads a text/event-stream; each event's data is one JSON "
                                 "message."));

    const OptionSpec url = httpUrlOption(QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "The http:// or https:// address of the event stream.")));
    const OptionSpec headers = headersOption();

    OptionSpec prefix;
    prefix.key = KeyEventAsPrefix;
    prefix.type = OptionType::Bool;
    prefix.label =
        QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Event name as channel prefix"));
    prefix.defaultValue = true;
    prefix.help = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "Channels of an event named \"score\" are put under "
                                 "\"<feed>/score/\" (unnamed events are not)."));

    OptionSpec connectTimeout;
    connectTimeout.key = KeyConnectTimeout;
    connectTimeout.type = OptionType::Duration;
    connectTimeout.label =
        QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Connect timeout"));
    connectTimeout.defaultValue = DefaultConnectTimeoutMs;
    connectTimeout.help = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "The response headers must arrive within this, in ms."));
    connectTimeout.minimum = 100;
    connectTimeout.maximum = 600000;

    OptionSpec idleTimeout;
    idleTimeout.key = KeyIdleTimeout;
    idleTimeout.type = OptionType::Duration;
    idleTimeout.label = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Idle timeout"));
    idleTimeout.defaultValue = DefaultIdleTimeoutMs;
    idleTimeout.help = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "Reconnect when nothing (not even a comment) arrives for "
                                 "this long, in ms."));
    idleTimeout.minimum = 100;
    idleTimeout.maximum = 24.0 * 3600 * 1000;

    OptionSpec maxEvent;
    maxEvent.key = KeyMaxEvent;
    maxEvent.type = OptionType::Int;
    maxEvent.label =
        QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Maximum event size"));
    maxEvent.defaultValue = DefaultMaxEventBytes;
    maxEvent.help = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "Larger events are discarded and counted as rejected, in "
                                 "bytes."));
    maxEvent.minimum = 16;
    maxEvent.maximum = 256.0 * 1024 * 1024;

    info.options = {url, headers, prefix, connectTimeout, idleTimeout, maxEvent};
    info.options += TlsTrust::optionSpecs();
    return info;
}

QList<Problem> SsePlugin::validate(const QVariantMap &options) const
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
