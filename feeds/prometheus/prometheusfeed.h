#pragma once

#include "promnames.h"
#include "promtext.h"

#include <livedash/feedplugin.h>
#include <livedash/feedreply.h>
#include <livedash/tlstrust.h>

#include <QHash>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace livedash {

/// A Prometheus feed's options, read once from the resolved option map.
struct PrometheusSettings
{
    static inline const QString UrlKey = QStringLiteral("url");
    static inline const QString ModeKey = QStringLiteral("mode");
    static inline const QString QueryKey = QStringLiteral("query");
    static inline const QString IntervalKey = QStringLiteral("intervalMs");
    static inline const QString StepKey = QStringLiteral("step");
    static inline const QString HeadersKey = QStringLiteral("headers");
    static inline const QString ChannelKey = QStringLiteral("channel");
    static inline const QString MetricsKey = QStringLiteral("metrics");
    static inline const QString CounterRatesKey = QStringLiteral("counterRates");
    static inline const QString TimeoutKey = QStringLiteral("timeoutMs");
    static inline const QString QueryMode = QStringLiteral("query");
    static inline const QString MetricsMode = QStringLiteral("metrics");
    static constexpr qint64 DefaultIntervalMs = 5000;
    static constexpr qint64 DefaultTimeoutMs = 10000;
    static constexpr qint64 MaxBodyBytes = 64 * 1024 * 1024;
    /// Points an automatic step aims at over the history window, and Prometheus's own limit.
    static constexpr qint64 BackfillPoints = 500;
    static constexpr qint64 MaxPointsPerSeries = 11000;

    QUrl url;
    bool metricsMode = false;
    QString query;
    qint64 intervalMs = DefaultIntervalMs;
    qint64 stepMs = 0;  ///< 0: automatic
    HeaderList headers; ///< values may be secrets: never log them
    QString channelTemplate;
    QString metricsFilter; ///< a regular expression matched against whole names, or empty
    bool counterRates = false;
    qint64 timeoutMs = DefaultTimeoutMs;
    TlsTrust trust;

    static PrometheusSettings fromOptions(const QVariantMap &options);
    /// Why `templ` is not a usable channel template (an unclosed '{', a bad label name).
    static QString templateProblem(const QString &templ);
};

struct PromExchange;

/// Queries a Prometheus server (instant queries every interval after one range query for the
/// charts' history), or reads an exporter's /metrics page in the text exposition format.
class PrometheusFeed final : public Feed
{
public:
    explicit PrometheusFeed(PrometheusSettings settings);

    QCoro::Task<FeedEnd> run(FeedContext &ctx) override;

private:
    /// One request: GET when `form` is empty, else a form POST. The reply's body (up to
    /// MaxBodyBytes) and status are in the result; `failure` set when no usable answer came.
    QCoro::Task<> request(FeedContext *ctx, QUrl url, QByteArray form, PromExchange *ex);
    QCoro::Task<FeedEnd> runQueries(FeedContext &ctx);
    QCoro::Task<FeedEnd> runMetrics(FeedContext &ctx);
    /// Loads the history window with a range query; failed end when the server cannot be used.
    QCoro::Task<std::optional<FeedEnd>> backfill(FeedContext *ctx);
    /// The `data` of a Prometheus API answer, or the failure text.
    std::optional<QJsonObject> apiData(const PromExchange &ex, const QString &what,
                                       QString *failure, bool *prometheusError) const;
    /// Records a result (vector, matrix, scalar, string); returns how many values. Gives the
    /// thread's other feeds a turn every IngestTurnMs (a long history); stops when cancelled.
    QCoro::Task<qsizetype> record(FeedContext *ctx, QJsonObject data, QString *problem);
    void recordValue(FeedContext &ctx, const QString &channel, const QJsonValue &pair, bool text);
    QString channelFor(const QString &metricName, const QList<promtext::Label> &labels) const;
    QUrl apiUrl(const QString &endpoint) const;
    QNetworkAccessManager *network(FeedContext &ctx);

    const PrometheusSettings m_settings;
    std::optional<QRegularExpression> m_filter;
    /// Per channel: the newest source time recorded, so a value is never recorded twice
    /// (the history's last point and the first instant query, a reconnect's range query).
    QHash<QString, qint64> m_lastTime;
    /// Series come and go (a pod per deploy): past this many names the bookkeeping above
    /// starts over rather than grow without end (the store's channel limit is far lower).
    static constexpr qsizetype MaxTrackedSeries = 200000;
    void forgetWhenFull();
    /// Metrics mode with counter rates: the previous scrape's value of each counter series.
    struct Previous
    {
        qint64 t = 0;
        double v = 0;
    };
    QHash<QString, Previous> m_previous;
    std::unique_ptr<QNetworkAccessManager> m_pinnedNetwork;
};

} // namespace livedash
