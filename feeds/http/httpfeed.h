#pragma once

#include <livedash/feedplugin.h>
#include <livedash/feedreply.h>
#include <livedash/tlstrust.h>

#include <QByteArray>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QNetworkRequest;

namespace livedash {

/// An HTTP polling feed's options, read once from the resolved option map.
struct HttpSettings
{
    static inline const QString UrlKey = QStringLiteral("url");
    static inline const QString MethodKey = QStringLiteral("method");
    static inline const QString BodyKey = QStringLiteral("body");
    static inline const QString ContentTypeKey = QStringLiteral("contentType");
    static inline const QString HeadersKey = QStringLiteral("headers");
    static inline const QString IntervalKey = QStringLiteral("intervalMs");
    static inline const QString TimeoutKey = QStringLiteral("timeoutMs");
    static inline const QString MaxBodyKey = QStringLiteral("maxBodyBytes");
    static constexpr qint64 DefaultIntervalMs = 1000;
    static constexpr qint64 DefaultTimeoutMs = 10000;
    static constexpr qint64 DefaultMaxBodyBytes = 16 * 1024 * 1024;

    QUrl url;
    bool post = false;
    QByteArray body;
    QByteArray contentType;
    HeaderList headers; ///< values may be secrets: never log them
    qint64 intervalMs = DefaultIntervalMs;
    qint64 timeoutMs = DefaultTimeoutMs;
    qint64 maxBodyBytes = DefaultMaxBodyBytes;
    TlsTrust trust;

    static HttpSettings fromOptions(const QVariantMap &options);
};

struct HttpExchange;

/// One polled URL: requests it every interval, maps each new body, and says why polling ended.
class HttpPollFeed final : public Feed
{
public:
    explicit HttpPollFeed(HttpSettings settings) : m_settings(std::move(settings)) {}

    QCoro::Task<FeedEnd> run(FeedContext &ctx) override;

private:
    /// Reads the response into `ex` as it arrives.
    void watch(FeedReply &reply, HttpExchange *ex) const;
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

} // namespace livedash
