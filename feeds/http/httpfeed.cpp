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

using std::chrono::milliseconds;

/// What one response produced, filled in by the reply's handlers.
struct HttpExchange
{
    QByteArray body;
    qint64 received = 0;
    bool headersSeen = false;
    bool tooLarge = false;
};

HttpSettings HttpSettings::fromOptions(const QVariantMap &options)
{
    HttpSettings s;
    s.url = QUrl(options.value(UrlKey).toString().trimmed());
    s.post = options.value(MethodKey).toString() == QLatin1String("POST");
    s.body = options.value(BodyKey).toString().toUtf8();
    s.contentType = options.value(ContentTypeKey, QStringLiteral("application/json"))
                        .toString()
                        .trimmed()
                        .toUtf8();
    s.headers = parseHeaders(options.value(HeadersKey));
    s.intervalMs =
        std::max<qint64>(100, options.value(IntervalKey, DefaultIntervalMs).toLongLong());
    s.timeoutMs = std::max<qint64>(100, options.value(TimeoutKey, DefaultTimeoutMs).toLongLong());
    s.maxBodyBytes =
        std::max<qint64>(1, options.value(MaxBodyKey, DefaultMaxBodyBytes).toLongLong());
    s.trust = TlsTrust::fromOptions(options);
    return s;
}

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

void HttpPollFeed::watch(FeedReply &r, HttpExchange *ex) const
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
            HttpExchange ex;
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

} // namespace livedash
