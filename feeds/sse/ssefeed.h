#pragma once

#include "sseparser.h"

#include <livedash/feedplugin.h>
#include <livedash/feedreply.h>
#include <livedash/tlstrust.h>

#include <QHash>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace livedash {

/// A Server-Sent Events feed's options, read once from the resolved option map.
struct SseSettings
{
    static inline const QString UrlKey = QStringLiteral("url");
    static inline const QString HeadersKey = QStringLiteral("headers");
    static inline const QString EventAsPrefixKey = QStringLiteral("eventAsPrefix");
    static inline const QString ConnectTimeoutKey = QStringLiteral("connectTimeoutMs");
    static inline const QString IdleTimeoutKey = QStringLiteral("idleTimeoutMs");
    static inline const QString MaxEventKey = QStringLiteral("maxEventBytes");
    static constexpr qint64 DefaultConnectTimeoutMs = 10000;
    static constexpr qint64 DefaultIdleTimeoutMs = 60000;
    static constexpr qint64 DefaultMaxEventBytes = SseParser::DefaultMaxEventBytes;

    QUrl url;
    HeaderList headers; ///< values may be secrets: never log them
    bool eventAsPrefix = true;
    qint64 connectTimeoutMs = DefaultConnectTimeoutMs;
    qint64 idleTimeoutMs = DefaultIdleTimeoutMs;
    qint64 maxEventBytes = DefaultMaxEventBytes;
    TlsTrust trust;

    static SseSettings fromOptions(const QVariantMap &options);
};

struct SseStream;

/// One event stream: connects, maps each event's data, resumes with Last-Event-ID after a
/// reconnect and says why the stream ended.
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
    void onHeaders(QNetworkReply *reply, SseStream *stream);
    /// Reads what the reply holds, for at most IngestTurnMs unless `drainAll`.
    void onReadyRead(QNetworkReply *reply, SseStream *stream, bool drainAll);
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

} // namespace livedash
