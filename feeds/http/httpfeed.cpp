#include "httpfeed.h"
#include "retryafter.h"

#include "redact.h"
#include "tlstrust.h"

#include <QCoroSignal>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>

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

struct HttpSettings
{
    QUrl url;
    bool post = false;
    QByteArray body;
    QByteArray contentType;
    QList<std::pair<QByteArray, QByteArray>> headers;
    qint64 intervalMs = DefaultIntervalMs;
    qint64 timeoutMs = DefaultTimeoutMs;
    qint64 maxBodyBytes = DefaultMaxBodyBytes;
    TlsTrust trust;
};

/// What one request/response produced, filled in by the reply's handlers and the coroutine.
struct Exchange
{
    QByteArray body;
    QElapsedTimer lastActivity; ///< restarted by every byte: the timeout is for inactivity
    qint64 received = 0;
    bool headersSeen = false;
    bool tooLarge = false;
    bool timedOut = false;
    QString tlsError; ///< why the server's certificate was refused
};

class HttpPollFeed final : public Feed
{
public:
    explicit HttpPollFeed(HttpSettings settings) : m_settings(std::move(settings)) {}

    QCoro::Task<FeedEnd> run(FeedContext &ctx) override;

private:
    /// Sends one request and waits for its end; the result is in `exchange` and `reply`.
    QCoro::Task<> exchange(FeedContext *ctx, QNetworkReply *reply, Exchange *exchange);
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
    if (!m_settings.trust.hasPins())
        return ctx.network();
    if (!m_pinnedNetwork) {
        m_pinnedNetwork = std::make_unique<QNetworkAccessManager>();
        m_pinnedNetwork->setRedirectPolicy(ctx.network()->redirectPolicy());
    }
    return m_pinnedNetwork.get();
}

QNetworkRequest HttpPollFeed::buildRequest() const
{
    QNetworkRequest request(m_settings.url);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    // Qt 6.4 offers HTTP/2 over TLS on one connection until ALPN answers; a reply aborted during
    // that handshake leaves the connection closing, and every later request to the host waits
    // behind it until its own timeout. HTTP/1.1 gives each request its own connection.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (m_settings.trust.hasPins())
        request.setSslConfiguration(m_settings.trust.configure(request.sslConfiguration()));
    // A backstop only: the coroutine's own deadline fires first and says what timed out.
    request.setTransferTimeout(int(std::min<qint64>(m_settings.timeoutMs + 1000, INT_MAX)));
    if (m_settings.post)
        request.setHeader(QNetworkRequest::ContentTypeHeader, m_settings.contentType);
    for (const auto &[name, value] : m_settings.headers)
        request.setRawHeader(name, value);
    if (!m_etag.isEmpty())
        request.setRawHeader("If-None-Match", m_etag);
    else if (!m_lastModified.isEmpty())
        request.setRawHeader("If-Modified-Since", m_lastModified);
    return request;
}

QCoro::Task<> HttpPollFeed::exchange(FeedContext *ctx, QNetworkReply *reply, Exchange *ex)
{
    const qint64 maxBody = m_settings.maxBodyBytes;
    ConnectionGuard guard;
    ex->lastActivity.start();
    guard.add(QObject::connect(ctx->cancelToken(), &CancelToken::cancelled, reply,
                               [reply] { abortLater(reply); }));
    // Verification stays on; a pinned certificate lets exactly its errors pass.
    guard.add(QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                               [reply, ex, trust = &m_settings.trust](const QList<QSslError> &e) {
                                   const QSslCertificate peer =
                                       reply->sslConfiguration().peerCertificate();
                                   if (trust->accepts(e, peer))
                                       reply->ignoreSslErrors(e);
                                   else
                                       ex->tlsError = trust->describe(e, peer);
                               }));
    guard.add(QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, ex, maxBody] {
        ex->headersSeen = true;
        ex->lastActivity.restart();
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > maxBody && !ex->tooLarge) {
            ex->tooLarge = true;
            stopReceiving(reply);
        }
    }));
    guard.add(QObject::connect(reply, &QNetworkReply::readyRead, reply, [reply, ex, maxBody] {
        ex->lastActivity.restart();
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
    }));

    while (!reply->isFinished()) {
        const qint64 remaining = m_settings.timeoutMs - ex->lastActivity.elapsed();
        if (remaining <= 0) {
            ex->timedOut = true;
            reply->abort();
            break;
        }
        co_await qCoro(reply, &QNetworkReply::finished, milliseconds(remaining));
    }
}

QCoro::Task<FeedEnd> HttpPollFeed::run(FeedContext &ctx)
{
    const QString where = displayUrl(m_settings.url);
    if (!isHttpUrl(m_settings.url))
        co_return FeedEnd::fatal(
            QStringLiteral("\"%1\" is not an http:// or https:// URL").arg(where));
    if (!m_settings.trust.error().isEmpty())
        co_return FeedEnd::fatal(m_settings.trust.error());
    ctx.connecting(where);
    qCDebug(lcHttpFeed).noquote() << ctx.feedId() << "polling" << where << "every"
                                  << m_settings.intervalMs << "ms";
    bool connected = false;
    QElapsedTimer pollClock;
    for (;;) {
        if (ctx.isCancelled())
            co_return FeedEnd::cancelled();
        pollClock.start();
        QNetworkAccessManager *manager = network(ctx);
        ReplyPtr reply(m_settings.post ? manager->post(buildRequest(), m_settings.body)
                                       : manager->get(buildRequest()));
        Exchange ex;
        co_await exchange(&ctx, reply.get(), &ex);
        if (ctx.isCancelled())
            co_return FeedEnd::cancelled();

        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (ex.timedOut) {
            co_return FeedEnd::failed(
                ex.headersSeen ? QStringLiteral("response body from %1 stalled: no data for %2 "
                                                "(%3 bytes received)")
                                     .arg(where, seconds(m_settings.timeoutMs))
                                     .arg(ex.received)
                               : QStringLiteral("no response from %1 within %2")
                                     .arg(where, seconds(m_settings.timeoutMs)));
        }
        if (status == 0 && !ex.tlsError.isEmpty()) {
            co_return FeedEnd::failed(
                QStringLiteral("TLS handshake with %1 refused: %2").arg(where, ex.tlsError));
        }
        if (status == 0) {
            // Qt's error strings may quote the whole URL, query included.
            co_return FeedEnd::failed(
                QStringLiteral("cannot reach %1: %2").arg(where, redactText(reply->errorString())));
        }
        const bool success = status >= 200 && status < 300;
        if (!success && status != 304) {
            const QString phrase =
                reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
            FeedEnd end = FeedEnd::failed(
                phrase.isEmpty()
                    ? QStringLiteral("HTTP %1 from %2").arg(status).arg(where)
                    : QStringLiteral("HTTP %1 %2 from %3").arg(status).arg(phrase, where));
            if (status == 429 || status == 503) {
                end.retryAfter = parseRetryAfter(reply->rawHeader("Retry-After"),
                                                 QDateTime::currentDateTimeUtc());
                // The runner's sleep uses a coarse timer that may fire up to 5% early; the
                // server's "not before" must hold, so pad by that much (d / 0.95 <= d * 20/19).
                if (end.retryAfter && end.retryAfter->count() > 0)
                    *end.retryAfter += milliseconds(end.retryAfter->count() / 19 + 1);
            }
            co_return end;
        }
        if (!ex.tooLarge && reply->error() != QNetworkReply::NoError) {
            co_return FeedEnd::failed(QStringLiteral("response from %1 broke off: %2")
                                          .arg(where, redactText(reply->errorString())));
        }

        if (!connected) {
            ctx.connected();
            connected = true;
        }
        ctx.bytesReceived(ex.received);
        if (ex.tooLarge) {
            ctx.rejected(QStringLiteral("response larger than %1 bytes (maxBodyBytes) discarded")
                             .arg(m_settings.maxBodyBytes));
        } else if (status == 304) {
            ctx.note(QStringLiteral("304 Not Modified"));
        } else {
            m_etag = reply->rawHeader("ETag");
            m_lastModified = reply->rawHeader("Last-Modified");
            if (!ex.body.isEmpty())
                ctx.message(ex.body);
        }
        reply.reset();

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
    info.displayName = QStringLiteral("HTTP polling");
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral("Requests a URL at a fixed interval and maps each JSON "
                                      "response. Unchanged responses (ETag) are skipped.");

    OptionSpec url;
    url.key = KeyUrl;
    url.type = OptionType::Url;
    url.label = QStringLiteral("URL");
    url.help = QStringLiteral("The http:// or https:// address to poll.");
    url.required = true;
    url.choices = {QStringLiteral("http"), QStringLiteral("https")};

    OptionSpec method;
    method.key = KeyMethod;
    method.type = OptionType::Enum;
    method.label = QStringLiteral("Method");
    method.defaultValue = QStringLiteral("GET");
    method.choices = {QStringLiteral("GET"), QStringLiteral("POST")};

    OptionSpec body;
    body.key = KeyBody;
    body.type = OptionType::Text;
    body.label = QStringLiteral("Request body");
    body.help = QStringLiteral("Sent with POST requests.");

    OptionSpec contentType;
    contentType.key = KeyContentType;
    contentType.type = OptionType::String;
    contentType.label = QStringLiteral("Content type");
    contentType.defaultValue = QStringLiteral("application/json");
    contentType.help = QStringLiteral("Content-Type of the POST body.");

    OptionSpec headers;
    headers.key = KeyHeaders;
    headers.type = OptionType::Headers;
    headers.label = QStringLiteral("Headers");
    headers.help = QStringLiteral("Extra request headers, one \"Name: value\" per line. Values of "
                                  "credential headers (Authorization, Cookie, *Token*, *Key*, "
                                  "...) are saved in the system keychain, or may be "
                                  "${env:NAME}.");

    OptionSpec interval;
    interval.key = KeyInterval;
    interval.type = OptionType::Duration;
    interval.label = QStringLiteral("Interval");
    interval.defaultValue = DefaultIntervalMs;
    interval.help = QStringLiteral("Time between the starts of two requests, in ms.");
    interval.minimum = 100;
    interval.maximum = 24.0 * 3600 * 1000;

    OptionSpec timeout;
    timeout.key = KeyTimeout;
    timeout.type = OptionType::Duration;
    timeout.label = QStringLiteral("Timeout");
    timeout.defaultValue = DefaultTimeoutMs;
    timeout.help = QStringLiteral("A request fails when no data arrives for this long, in ms.");
    timeout.minimum = 100;
    timeout.maximum = 600000;

    OptionSpec maxBody;
    maxBody.key = KeyMaxBody;
    maxBody.type = OptionType::Int;
    maxBody.label = QStringLiteral("Maximum body size");
    maxBody.defaultValue = DefaultMaxBodyBytes;
    maxBody.help = QStringLiteral("Larger responses are aborted and counted as rejected, in "
                                  "bytes.");
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
        errors.append({KeyContentType, QStringLiteral("POST needs a content type")});
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
