#include "httpfeed.h"
#include "retryafter.h"

#include <livedash/feedreply.h>
#include <livedash/redact.h>
#include <livedash/tlstrust.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>
#include <climits>
#include <memory>

Q_LOGGING_CATEGORY(lcHttpFeed, "livedash.feed.http", QtInfoMsg)

namespace livedash {

namespace {

using std::chrono::milliseconds;

constexpr qint64 DefaultIntervalMs = 1000;
constexpr qint64 DefaultTimeoutMs = 10000;
constexpr qint64 DefaultMaxBodyBytes = 16 * 1024 * 1024;

const QString KeyUrl = QStringLiteral("url");
const QString KeyMethod = QStringLiteral("method");
const QString KeyBody = QStringLiteral("body");
const QString KeyContentType = QStringLiteral("contentType");
const QString KeyHeaders = QStringLiteral("headers");
const QString KeyInterval = QStringLiteral("intervalMs");
const QString KeyTimeout = QStringLiteral("timeoutMs");
const QString KeyMaxBody = QStringLiteral("maxBodyBytes");

struct HttpSettings
{
    QUrl url;
    bool post = false;
    QByteArray body;
    QByteArray contentType;
    HeaderList headers;
    qint64 intervalMs = DefaultIntervalMs;
    qint64 timeoutMs = DefaultTimeoutMs;
    qint64 maxBodyBytes = DefaultMaxBodyBytes;
    TlsTrust trust;
};

/// What one response produced, filled in by the reply's handlers.
struct Exchange
{
    QByteArray body;
    qint64 received = 0;
    bool headersSeen = false;
    bool tooLarge = false;
};

class HttpPollFeed final : public Feed
{
public:
    explicit HttpPollFeed(HttpSettings settings) : m_settings(std::move(settings)) {}

    QCoro::Task<FeedEnd> run(FeedContext &ctx) override;

private:
    /// Reads the response into `ex` as it arrives.
    void watch(FeedReply &reply, Exchange *ex) const;
    QNetworkRequest buildRequest() const;

    /// The thread's shared manager, or this feed's own when it pins a certificate.
    QNetworkAccessManager *network(FeedContext &ctx);

    const HttpSettings m_settings;
    // Kept across run() calls so a reconnect still sends conditional requests.
    QByteArray m_etag;
    QByteArray m_lastModified;
    /// A manager reuses a connection for any request to the same host and port, whatever its
    /// TLS settings: a feed that pins a certificate must not share one with feeds that do not
    /// (they would ride a connection the pin let through, unverified). Created on the ingest
    /// thread at the first run(), it lives as long as the feed.
    std::unique_ptr<QNetworkAccessManager> m_pinnedNetwork;
};

QNetworkAccessManager *HttpPollFeed::network(FeedContext &ctx)
{
    return m_settings.trust.hasPins() ? ownNetwork(m_pinnedNetwork, ctx.network()) : ctx.network();
}

QNetworkRequest HttpPollFeed::buildRequest() const
{
    QNetworkRequest request = feedRequest(m_settings.url, m_settings.trust);
    // A backstop only: the coroutine's own deadline fires first and says what timed out.
    request.setTransferTimeout(int(std::min<qint64>(m_settings.timeoutMs + 1000, INT_MAX)));
    if (m_settings.post)
        request.setHeader(QNetworkRequest::ContentTypeHeader, m_settings.contentType);
    applyHeaders(request, m_settings.headers);
    if (!m_etag.isEmpty())
        request.setRawHeader("If-None-Match", m_etag);
    else if (!m_lastModified.isEmpty())
        request.setRawHeader("If-Modified-Since", m_lastModified);
    return request;
}

void HttpPollFeed::watch(FeedReply &r, Exchange *ex) const
{
    QNetworkReply *reply = r.get();
    const qint64 maxBody = m_settings.maxBodyBytes;
    r.onHeaders([reply, ex, maxBody] {
        ex->headersSeen = true;
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > maxBody && !ex->tooLarge) {
            ex->tooLarge = true;
            stopReceiving(reply);
        }
    });
    r.onData([reply, ex, maxBody] {
        const qint64 available = reply->bytesAvailable();
        ex->received += available;
        if (ex->tooLarge) {
            reply->skip(available); // drained, not kept: memory stays at the limit
            return;
        }
        if (ex->body.size() + available > maxBody) {
            ex->tooLarge = true;
            ex->body.clear();
            reply->skip(available);
            stopReceiving(reply);
            return;
        }
        const qsizetype old = ex->body.size();
        ex->body.resize(old + available);
        const qint64 got = reply->read(ex->body.data() + old, available);
        ex->body.resize(old + std::max<qint64>(got, 0));
    });
}

QCoro::Task<FeedEnd> HttpPollFeed::run(FeedContext &ctx)
{
    const QString where = displayUrl(m_settings.url);
    if (std::optional<FeedEnd> unusable = checkHttpTarget(m_settings.url, m_settings.trust))
        co_return *unusable;
    ctx.connecting(where);
    qCDebug(lcHttpFeed).noquote() << ctx.feedId() << "polling" << where << "every"
                                  << m_settings.intervalMs << "ms";
    bool connected = false;
    QElapsedTimer pollClock;
    for (;;) {
        if (ctx.isCancelled())
            co_return FeedEnd::cancelled();
        pollClock.start();
        {
            QNetworkAccessManager *manager = network(ctx);
            FeedReply reply(m_settings.post ? manager->post(buildRequest(), m_settings.body)
                                            : manager->get(buildRequest()),
                            ctx, m_settings.trust);
            Exchange ex;
            watch(reply, &ex);
            const qint64 timeoutMs = m_settings.timeoutMs;
            // The timeout is for inactivity: every byte restarts it.
            co_await reply.finish([&reply, timeoutMs] { return timeoutMs - reply.idleMs(); });
            if (ctx.isCancelled())
                co_return FeedEnd::cancelled();

            const int status = reply.status();
            if (reply.timedOut()) {
                co_return FeedEnd::failed(
                    ex.headersSeen ? QCoreApplication::translate(
                                         "livedash::FeedErrors",
                                         "response body from %1 stalled: no data for %2 "
                                         "(%3 bytes received)")
                                         .arg(where, formatSeconds(m_settings.timeoutMs))
                                         .arg(ex.received)
                                   : QCoreApplication::translate("livedash::FeedErrors",
                                                                 "no response from %1 within %2")
                                         .arg(where, formatSeconds(m_settings.timeoutMs)));
            }
            if (status == 0)
                co_return FeedEnd::failed(reply.connectionFailure(where));
            const bool success = status >= 200 && status < 300;
            if (!success && status != 304) {
                FeedEnd end = FeedEnd::failed(httpStatusText(reply.get(), where));
                if (status == 429 || status == 503) {
                    end.retryAfter = parseRetryAfter(reply.get()->rawHeader("Retry-After"),
                                                     QDateTime::currentDateTimeUtc());
                }
                co_return end;
            }
            if (!ex.tooLarge && reply.get()->error() != QNetworkReply::NoError) {
                co_return FeedEnd::failed(
                    QCoreApplication::translate("livedash::FeedErrors",
                                                "response from %1 broke off: %2")
                        .arg(where, redactText(reply.get()->errorString())));
            }

            if (!connected) {
                ctx.connected();
                connected = true;
            }
            ctx.bytesReceived(ex.received);
            if (ex.tooLarge) {
                ctx.rejected(QCoreApplication::translate(
                                 "livedash::FeedErrors",
                                 "response larger than %1 bytes (maxBodyBytes) discarded")
                                 .arg(m_settings.maxBodyBytes));
            } else if (status == 304) {
                ctx.note(QStringLiteral("304 Not Modified"));
            } else {
                m_etag = reply.get()->rawHeader("ETag");
                m_lastModified = reply.get()->rawHeader("Last-Modified");
                if (!ex.body.isEmpty())
                    ctx.message(ex.body);
            }
        }

        const qint64 wait = std::max<qint64>(0, m_settings.intervalMs - pollClock.elapsed());
        if (!co_await ctx.sleep(milliseconds(wait)))
            co_return FeedEnd::cancelled();
    }
}

} // namespace

PluginInfo HttpPollPlugin::info() const
{
    PluginInfo info;
    info.id = QStringLiteral("http");
    info.displayName = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "HTTP polling"));
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "Requests a URL at a fixed interval and maps each JSON "
                                 "response. Unchanged responses (ETag) are skipped."));

    const OptionSpec url = httpUrlOption(QStringLiteral(
        QT_TRANSLATE_NOOP("livedash::FeedPlugins", "The http:// or https:// address to poll.")));

    OptionSpec method;
    method.key = KeyMethod;
    method.type = OptionType::Enum;
    method.label = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Method"));
    method.defaultValue = QStringLiteral("GET");
    method.choices = {QStringLiteral("GET"), QStringLiteral("POST")};

    OptionSpec body;
    body.key = KeyBody;
    body.type = OptionType::Text;
    body.label = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Request body"));
    body.help =
        QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Sent with POST requests."));

    OptionSpec contentType;
    contentType.key = KeyContentType;
    contentType.type = OptionType::String;
    contentType.label = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Content type"));
    contentType.defaultValue = QStringLiteral("application/json");
    contentType.help = QStringLiteral(
        QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Content-Type of the POST body."));

    const OptionSpec headers = headersOption();

    OptionSpec interval;
    interval.key = KeyInterval;
    interval.type = OptionType::Duration;
    interval.label = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Interval"));
    interval.defaultValue = DefaultIntervalMs;
    interval.help = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "Time between the starts of two requests, in ms."));
    interval.minimum = 100;
    interval.maximum = 24.0 * 3600 * 1000;

    OptionSpec timeout;
    timeout.key = KeyTimeout;
    timeout.type = OptionType::Duration;
    timeout.label = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Timeout"));
    timeout.defaultValue = DefaultTimeoutMs;
    timeout.help = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "A request fails when no data arrives for this long, in ms."));
    timeout.minimum = 100;
    timeout.maximum = 600000;

    OptionSpec maxBody;
    maxBody.key = KeyMaxBody;
    maxBody.type = OptionType::Int;
    maxBody.label = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Maximum body size"));
    maxBody.defaultValue = DefaultMaxBodyBytes;
    maxBody.help = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "Larger responses are aborted and counted as rejected, in "
                                 "bytes."));
    maxBody.minimum = 1;
    maxBody.maximum = 1024.0 * 1024 * 1024;

    info.options = {url, method, body, contentType, headers, interval, timeout, maxBody};
    info.options += TlsTrust::optionSpecs();
    return info;
}

QList<OptionError> HttpPollPlugin::validate(const QVariantMap &options) const
{
    QList<OptionError> errors;
    const bool post = options.value(KeyMethod).toString() == QLatin1String("POST");
    if (post && options.value(KeyContentType).toString().trimmed().isEmpty())
        errors.append({KeyContentType, QCoreApplication::translate("livedash::FeedPlugins",
                                                                   "POST needs a content type")});
    errors += TlsTrust::validate(options);
    return errors;
}

std::unique_ptr<Feed> HttpPollPlugin::createFeed(const QVariantMap &options) const
{
    HttpSettings s;
    s.url = QUrl(options.value(KeyUrl).toString().trimmed());
    s.post = options.value(KeyMethod).toString() == QLatin1String("POST");
    s.body = options.value(KeyBody).toString().toUtf8();
    s.contentType = options.value(KeyContentType, QStringLiteral("application/json"))
                        .toString()
                        .trimmed()
                        .toUtf8();
    s.headers = parseHeaders(options.value(KeyHeaders));
    s.intervalMs =
        std::max<qint64>(100, options.value(KeyInterval, DefaultIntervalMs).toLongLong());
    s.timeoutMs = std::max<qint64>(100, options.value(KeyTimeout, DefaultTimeoutMs).toLongLong());
    s.maxBodyBytes =
        std::max<qint64>(1, options.value(KeyMaxBody, DefaultMaxBodyBytes).toLongLong());
    s.trust = TlsTrust::fromOptions(options);
    return std::make_unique<HttpPollFeed>(std::move(s));
}

} // namespace livedash
