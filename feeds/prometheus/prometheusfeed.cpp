#include "prometheusfeed.h"

#include <livedash/feedreply.h>
#include <livedash/redact.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>
#include <climits>
#include <cmath>

Q_LOGGING_CATEGORY(lcPrometheusFeed, "livedash.feed.prometheus", QtInfoMsg)

namespace livedash {

using std::chrono::milliseconds;

namespace {

/// Seconds since the epoch as Prometheus's API takes them, to the millisecond.
QByteArray seconds(qint64 ms)
{
    return QByteArray::number(double(ms) / 1000.0, 'f', 3);
}

} // namespace

/// What one request produced, filled in by the reply's handlers.
struct PromExchange
{
    QByteArray body;
    qint64 received = 0;
    int status = 0;
    bool tooLarge = false;
    QString statusText; ///< "HTTP 404 Not Found from ..."
    QString failure;    ///< set when no complete answer came (connection, timeout, size)
};

PrometheusSettings PrometheusSettings::fromOptions(const QVariantMap &options)
{
    PrometheusSettings s;
    s.url = QUrl(options.value(UrlKey).toString().trimmed());
    s.metricsMode = options.value(ModeKey).toString() == MetricsMode;
    s.query = options.value(QueryKey).toString().trimmed();
    s.intervalMs =
        std::max<qint64>(100, options.value(IntervalKey, DefaultIntervalMs).toLongLong());
    s.stepMs = std::max<qint64>(0, options.value(StepKey, 0).toLongLong());
    s.headers = parseHeaders(options.value(HeadersKey));
    s.channelTemplate = options.value(ChannelKey).toString().trimmed();
    s.metricsFilter = options.value(MetricsKey).toString().trimmed();
    s.counterRates = options.value(CounterRatesKey, false).toBool();
    s.timeoutMs = std::max<qint64>(100, options.value(TimeoutKey, DefaultTimeoutMs).toLongLong());
    s.trust = TlsTrust::fromOptions(options);
    return s;
}

QString PrometheusSettings::templateProblem(const QString &templ)
{
    qsizetype pos = 0;
    while ((pos = templ.indexOf(QLatin1Char('{'), pos)) >= 0) {
        const qsizetype close = templ.indexOf(QLatin1Char('}'), pos);
        if (close < 0)
            return QCoreApplication::translate("livedash::FeedPlugins",
                                               "'{' at %1 is not closed by '}'")
                .arg(pos + 1);
        const QStringView name = QStringView(templ).sliced(pos + 1, close - pos - 1);
        if (!promtext::isValidLabelName(name))
            return QCoreApplication::translate("livedash::FeedPlugins",
                                               "{%1} is not a label name (letters, digits and "
                                               "'_', e.g. {instance} or {__name__})")
                .arg(name.toString());
        pos = close + 1;
    }
    return {};
}

PrometheusFeed::PrometheusFeed(PrometheusSettings settings) : m_settings(std::move(settings))
{
    if (!m_settings.metricsFilter.isEmpty()) {
        QRegularExpression re(QRegularExpression::anchoredPattern(m_settings.metricsFilter));
        if (re.isValid())
            m_filter = re;
    }
}

void PrometheusFeed::forgetWhenFull()
{
    if (m_lastTime.size() < MaxTrackedSeries && m_previous.size() < MaxTrackedSeries)
        return;
    m_lastTime.clear();
    m_previous.clear();
}

QNetworkAccessManager *PrometheusFeed::network(FeedContext &ctx)
{
    return m_settings.trust.hasPins() ? ownNetwork(m_pinnedNetwork, ctx.network()) : ctx.network();
}

QUrl PrometheusFeed::apiUrl(const QString &endpoint) const
{
    QUrl u = m_settings.url;
    QString path = u.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    u.setPath(path + QStringLiteral("/api/v1/") + endpoint);
    return u;
}

QString PrometheusFeed::channelFor(const QString &metricName,
                                   const QList<promtext::Label> &labels) const
{
    if (m_settings.channelTemplate.isEmpty())
        return promnames::fromLabels(metricName, labels);
    return promnames::fromTemplate(m_settings.channelTemplate, metricName, labels);
}

QCoro::Task<> PrometheusFeed::request(FeedContext *ctx, QUrl url, QByteArray form, PromExchange *ex)
{
    const QString where = displayUrl(url);
    QNetworkRequest req = feedRequest(url, m_settings.trust);
    // A backstop only: the deadline below fires first and says what timed out.
    req.setTransferTimeout(int(std::min<qint64>(m_settings.timeoutMs + 1000, INT_MAX)));
    applyHeaders(req, m_settings.headers);
    if (!req.hasRawHeader("Accept"))
        req.setRawHeader("Accept", m_settings.metricsMode
                                       ? QByteArrayLiteral("text/plain;version=0.0.4;q=1,*/*;q=0.1")
                                       : QByteArrayLiteral("application/json"));
    QNetworkAccessManager *manager = network(*ctx);
    QNetworkReply *raw = nullptr;
    if (form.isEmpty()) {
        raw = manager->get(req);
    } else {
        req.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
        raw = manager->post(req, form);
    }
    FeedReply reply(raw, *ctx, m_settings.trust);
    QNetworkReply *r = reply.get();
    auto take = [r, ex] {
        const qint64 available = r->bytesAvailable();
        if (available <= 0)
            return;
        ex->received += available;
        if (ex->tooLarge) {
            r->skip(available);
            return;
        }
        if (ex->body.size() + available > PrometheusSettings::MaxBodyBytes) {
            ex->tooLarge = true;
            ex->body.clear();
            r->skip(available);
            stopReceiving(r);
            return;
        }
        ex->body += r->read(available);
    };
    reply.onData(take);
    const qint64 timeoutMs = m_settings.timeoutMs;
    co_await reply.finish([&reply, timeoutMs] { return timeoutMs - reply.idleMs(); });
    if (ctx->isCancelled())
        co_return;
    take();
    ex->status = reply.status();
    if (reply.timedOut()) {
        ex->failure =
            QCoreApplication::translate("livedash::FeedErrors", "no answer from %1 within %2")
                .arg(where, formatSeconds(timeoutMs));
        co_return;
    }
    if (ex->status == 0) {
        ex->failure = reply.connectionFailure(where);
        co_return;
    }
    ctx->bytesReceived(ex->received);
    ex->statusText = httpStatusText(r, where);
    if (ex->tooLarge) {
        ex->failure = QCoreApplication::translate("livedash::FeedErrors",
                                                  "the answer from %1 is larger than %2 MiB")
                          .arg(where)
                          .arg(PrometheusSettings::MaxBodyBytes / (1024 * 1024));
        co_return;
    }
    const bool success = ex->status >= 200 && ex->status < 300;
    if (success && r->error() != QNetworkReply::NoError)
        ex->failure =
            QCoreApplication::translate("livedash::FeedErrors", "the answer from %1 broke off: %2")
                .arg(where, redactText(r->errorString()));
}

std::optional<QJsonObject> PrometheusFeed::apiData(const PromExchange &ex, const QString &what,
                                                   QString *failure, bool *prometheusError) const
{
    *prometheusError = false;
    if (!ex.failure.isEmpty()) {
        *failure = ex.failure;
        return std::nullopt;
    }
    const QString where = displayUrl(m_settings.url);
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(ex.body, &pe);
    const bool success = ex.status >= 200 && ex.status < 300;
    const QJsonObject top = doc.object();
    if (top.value(QLatin1String("status")).toString() == QLatin1String("error")) {
        *prometheusError = true;
        *failure = QCoreApplication::translate("livedash::FeedErrors",
                                               "Prometheus at %1 refused %2 (%3): %4")
                       .arg(where, what, top.value(QLatin1String("errorType")).toString(),
                            top.value(QLatin1String("error")).toString());
        return std::nullopt;
    }
    if (!success) {
        *failure = ex.statusText;
        return std::nullopt;
    }
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        *failure =
            QCoreApplication::translate(
                "livedash::FeedErrors",
                "the answer from %1 is not Prometheus API JSON (%2 at byte %3); is it the "
                "base URL of a Prometheus server?")
                .arg(where, pe.error != QJsonParseError::NoError ? pe.errorString()
                                                                 : QStringLiteral("not an object"))
                .arg(pe.offset);
        return std::nullopt;
    }
    if (top.value(QLatin1String("status")).toString() != QLatin1String("success") ||
        !top.value(QLatin1String("data")).isObject()) {
        *failure = QCoreApplication::translate(
                       "livedash::FeedErrors",
                       "unexpected answer from %1: no \"status\": \"success\" with \"data\"")
                       .arg(where);
        return std::nullopt;
    }
    return top.value(QLatin1String("data")).toObject();
}

void PrometheusFeed::recordValue(FeedContext &ctx, const QString &channel, const QJsonValue &pair,
                                 bool text)
{
    const QJsonArray a = pair.toArray();
    if (a.size() != 2 || !a.at(0).isDouble() || !a.at(1).isString()) {
        ctx.rejected(QCoreApplication::translate("livedash::FeedErrors",
                                                 "%1: a value is not [time, \"value\"]")
                         .arg(channel));
        return;
    }
    const qint64 t = std::llround(a.at(0).toDouble() * 1000.0);
    auto last = m_lastTime.find(channel);
    if (last != m_lastTime.end() && t <= *last)
        return; // had it already (history, or the same evaluation again)
    const QString s = a.at(1).toString();
    if (text) {
        ctx.textSample(channel, t, s);
    } else {
        const std::optional<double> v = promtext::parseFloat(s.toUtf8());
        if (!v) {
            ctx.rejected(
                QCoreApplication::translate("livedash::FeedErrors", "%1: %2 is not a number")
                    .arg(channel, s.left(40)));
            return;
        }
        ctx.sample(channel, t, *v);
    }
    if (last != m_lastTime.end()) {
        *last = t;
    } else {
        forgetWhenFull();
        m_lastTime.insert(channel, t);
    }
}

QCoro::Task<qsizetype> PrometheusFeed::record(FeedContext *ctx, QJsonObject data, QString *problem)
{
    const QString type = data.value(QLatin1String("resultType")).toString();
    const QJsonValue result = data.value(QLatin1String("result"));
    if (type == QLatin1String("scalar") || type == QLatin1String("string")) {
        const QString channel = m_settings.channelTemplate.isEmpty() ? QStringLiteral("value")
                                                                     : channelFor(QString(), {});
        recordValue(*ctx, channel, result, type == QLatin1String("string"));
        co_return 1;
    }
    if (type != QLatin1String("vector") && type != QLatin1String("matrix")) {
        *problem = QCoreApplication::translate("livedash::FeedErrors", "unknown resultType \"%1\"")
                       .arg(type);
        co_return 0;
    }
    const bool matrix = type == QLatin1String("matrix");
    qsizetype values = 0;
    bool histograms = false;
    const QJsonArray series = result.toArray();
    QElapsedTimer turn;
    turn.start();
    for (const QJsonValue &one : series) {
        if (turn.elapsed() >= IngestTurnMs) {
            if (!co_await ctx->sleep(milliseconds(0)))
                co_return values; // cancelled
            turn.restart();
        }
        const QJsonObject o = one.toObject();
        const QJsonObject metric = o.value(QLatin1String("metric")).toObject();
        QString name;
        QList<promtext::Label> labels;
        for (auto it = metric.begin(); it != metric.end(); ++it) {
            if (it.key() == QLatin1String("__name__"))
                name = it.value().toString();
            else
                labels.append({it.key(), it.value().toString()});
        }
        const QString channel = channelFor(name, labels);
        if (matrix) {
            const QJsonArray points = o.value(QLatin1String("values")).toArray();
            for (const QJsonValue &p : points)
                recordValue(*ctx, channel, p, false);
            values += points.size();
            histograms = histograms || o.contains(QLatin1String("histograms"));
        } else if (o.contains(QLatin1String("value"))) {
            recordValue(*ctx, channel, o.value(QLatin1String("value")), false);
            ++values;
        } else {
            histograms = histograms || o.contains(QLatin1String("histogram"));
        }
    }
    if (histograms)
        ctx->note(QCoreApplication::translate(
            "livedash::FeedErrors",
            "native histograms are not shown; query e.g. histogram_quantile() or "
            "histogram_sum() of them"));
    co_return values;
}

QCoro::Task<std::optional<FeedEnd>> PrometheusFeed::backfill(FeedContext *ctx)
{
    const qint64 window = ctx->historyWindow().count();
    if (window <= 0)
        co_return std::optional<FeedEnd>();
    qint64 step = m_settings.stepMs > 0
                      ? m_settings.stepMs
                      : std::max<qint64>(1000, window / PrometheusSettings::BackfillPoints);
    // Prometheus refuses more than 11,000 points per series.
    step = std::max(step, (window + PrometheusSettings::MaxPointsPerSeries - 1) /
                              PrometheusSettings::MaxPointsPerSeries);
    const qint64 end = QDateTime::currentMSecsSinceEpoch();
    const QByteArray form = "query=" + QUrl::toPercentEncoding(m_settings.query) +
                            "&start=" + seconds(end - window) + "&end=" + seconds(end) +
                            "&step=" + seconds(step);
    PromExchange ex;
    co_await request(ctx, apiUrl(QStringLiteral("query_range")), form, &ex);
    if (ctx->isCancelled())
        co_return std::optional<FeedEnd>(FeedEnd::cancelled());
    QString failure;
    bool prometheusError = false;
    const std::optional<QJsonObject> data = apiData(
        ex, QCoreApplication::translate("livedash::FeedErrors", "the history's range query"),
        &failure, &prometheusError);
    if (!data) {
        if (!prometheusError)
            co_return std::optional<FeedEnd>(FeedEnd::failed(failure));
        // A query that has no range form (a string, a range vector): the instant queries
        // still run, and say what is wrong if the query itself is.
        ctx->note(QCoreApplication::translate("livedash::FeedErrors", "history not loaded: %1")
                      .arg(failure));
        co_return std::optional<FeedEnd>();
    }
    QString problem;
    const qsizetype n = co_await record(ctx, *data, &problem);
    qCDebug(lcPrometheusFeed).noquote()
        << ctx->feedId() << "history:" << n << "values over" << window << "ms, step" << step;
    if (!problem.isEmpty())
        ctx->note(QCoreApplication::translate("livedash::FeedErrors", "history not loaded: %1")
                      .arg(problem));
    co_return std::optional<FeedEnd>();
}

QCoro::Task<FeedEnd> PrometheusFeed::run(FeedContext &ctx)
{
    if (std::optional<FeedEnd> unusable = checkHttpTarget(m_settings.url, m_settings.trust))
        co_return *unusable;
    if (m_settings.metricsMode)
        co_return co_await runMetrics(ctx);
    co_return co_await runQueries(ctx);
}

QCoro::Task<FeedEnd> PrometheusFeed::runQueries(FeedContext &ctx)
{
    if (m_settings.query.isEmpty())
        co_return FeedEnd::fatal(
            QCoreApplication::translate("livedash::FeedErrors", "no query: set the query option"));
    const QString where = displayUrl(m_settings.url);
    ctx.connecting(where);
    // Each run: after a start the charts' window, after an outage the part of it missed.
    if (std::optional<FeedEnd> end = co_await backfill(&ctx))
        co_return *end;
    bool connected = false;
    const QUrl url = apiUrl(QStringLiteral("query"));
    const QByteArray form = "query=" + QUrl::toPercentEncoding(m_settings.query);
    QElapsedTimer pollClock;
    for (;;) {
        if (ctx.isCancelled())
            co_return FeedEnd::cancelled();
        pollClock.start();
        {
            PromExchange ex;
            co_await request(&ctx, url, form, &ex);
            if (ctx.isCancelled())
                co_return FeedEnd::cancelled();
            QString failure;
            bool prometheusError = false;
            const std::optional<QJsonObject> data =
                apiData(ex, QCoreApplication::translate("livedash::FeedErrors", "the query"),
                        &failure, &prometheusError);
            if (!data)
                co_return FeedEnd::failed(failure);
            if (!connected) {
                ctx.connected();
                connected = true;
            }
            QString problem;
            co_await record(&ctx, *data, &problem);
            if (!problem.isEmpty())
                co_return FeedEnd::failed(
                    QCoreApplication::translate("livedash::FeedErrors",
                                                "unexpected answer from %1: %2")
                        .arg(where, problem));
        }
        const qint64 wait = std::max<qint64>(0, m_settings.intervalMs - pollClock.elapsed());
        if (!co_await ctx.sleep(milliseconds(wait)))
            co_return FeedEnd::cancelled();
    }
}

QCoro::Task<FeedEnd> PrometheusFeed::runMetrics(FeedContext &ctx)
{
    const QString where = displayUrl(m_settings.url);
    ctx.connecting(where);
    bool connected = false;
    QElapsedTimer pollClock;
    for (;;) {
        if (ctx.isCancelled())
            co_return FeedEnd::cancelled();
        pollClock.start();
        {
            PromExchange ex;
            co_await request(&ctx, m_settings.url, QByteArray(), &ex);
            if (ctx.isCancelled())
                co_return FeedEnd::cancelled();
            if (!ex.failure.isEmpty())
                co_return FeedEnd::failed(ex.failure);
            if (ex.status < 200 || ex.status >= 300)
                co_return FeedEnd::failed(ex.statusText);
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            promtext::Parser parser;
            parser.feed(ex.body);
            parser.finish();
            const QList<promtext::Error> &errors = parser.errors();
            if (parser.samples().isEmpty() && !errors.isEmpty())
                co_return FeedEnd::failed(
                    QCoreApplication::translate(
                        "livedash::FeedErrors",
                        "no metrics in the answer from %1 (line %2: %3); is it a /metrics page "
                        "in the Prometheus text format?")
                        .arg(where)
                        .arg(errors.first().line)
                        .arg(redactText(errors.first().message)));
            if (!connected) {
                ctx.connected();
                connected = true;
            }
            constexpr qsizetype MaxReported = 5;
            for (qsizetype i = 0; i < errors.size() && i < MaxReported; ++i)
                ctx.rejected(
                    QCoreApplication::translate("livedash::FeedErrors", "line %1 of %2: %3")
                        .arg(errors[i].line)
                        .arg(where, redactText(errors[i].message)));
            if (errors.size() > MaxReported)
                ctx.note(QCoreApplication::translate("livedash::FeedErrors",
                                                     "%1 lines of %2 could not be read")
                             .arg(errors.size())
                             .arg(where));
            QElapsedTimer turn;
            turn.start();
            for (const promtext::Sample &s : parser.samples()) {
                if (turn.elapsed() >= IngestTurnMs) {
                    if (!co_await ctx.sleep(milliseconds(0)))
                        co_return FeedEnd::cancelled();
                    turn.restart();
                }
                if (m_filter && !m_filter->match(s.name).hasMatch() &&
                    !m_filter->match(s.family).hasMatch())
                    continue;
                const QString channel = channelFor(s.name, s.labels);
                const qint64 t = s.timestampMs.value_or(now);
                auto last = m_lastTime.find(channel);
                if (last != m_lastTime.end() && t <= *last)
                    continue; // the exporter's own timestamp did not move
                forgetWhenFull();
                m_lastTime.insert(channel, t);
                if (m_settings.counterRates && s.isCumulative()) {
                    const auto prev = m_previous.constFind(channel);
                    const bool hadPrevious = prev != m_previous.constEnd();
                    const Previous before = hadPrevious ? *prev : Previous{};
                    m_previous.insert(channel, Previous{t, s.value});
                    if (!hadPrevious)
                        continue; // a rate needs two scrapes
                    // A counter that went down was reset (the process restarted): it counted
                    // up from 0 to its value since, as Prometheus's rate() takes it.
                    const double increase = s.value >= before.v ? s.value - before.v : s.value;
                    ctx.sample(channel, t, increase / (double(t - before.t) / 1000.0));
                } else {
                    ctx.sample(channel, t, s.value);
                }
            }
        }
        const qint64 wait = std::max<qint64>(0, m_settings.intervalMs - pollClock.elapsed());
        if (!co_await ctx.sleep(milliseconds(wait)))
            co_return FeedEnd::cancelled();
    }
}

} // namespace livedash
