// Integration tests of the prometheus feed plugin: the plugin is loaded from bin/plugins like the
// app does, feeds run on an IngestEngine's ingest thread, and everything talks to the real
// servers Debian packages: Prometheus (/usr/bin/prometheus) and node-exporter
// (/usr/bin/prometheus-node-exporter), started here on ephemeral 127.0.0.1 ports with a
// configuration and storage written into temporary directories. Prometheus scrapes the
// node-exporter every second; node-exporter's textfile collector serves known values (NaN,
// ±Inf, escaped labels, a counter the test moves); promtool writes known history into
// Prometheus's storage before it starts, for the backfill.

#include "../feedtest.h"
#include "../serverprocess.h"
#include "document/dashboard.h"
#include "ingest/feedstatus.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace livedash {

using namespace livedash::feedtest;

namespace {

constexpr int WaitMs = 20000;
const QString Prometheus = QStringLiteral("/usr/bin/prometheus");
const QString NodeExporter = QStringLiteral("/usr/bin/prometheus-node-exporter");
const QString Promtool = QStringLiteral("/usr/bin/promtool");

/// What the node-exporter's textfile collector serves (besides the counter, written apart).
const QByteArray TextfileMetrics = "# HELP ld_gauge A test gauge.\n"
                                   "# TYPE ld_gauge gauge\n"
                                   "ld_gauge{kind=\"x\"} 42.5\n"
                                   "# TYPE ld_special gauge\n"
                                   "ld_special{which=\"nan\"} NaN\n"
                                   "ld_special{which=\"pinf\"} +Inf\n"
                                   "ld_special{which=\"minf\"} -Inf\n"
                                   "# TYPE ld_escaped gauge\n"
                                   "ld_escaped{path=\"C:\\\\dir/\\\"q\\\"\"} 7\n"
                                   "# TYPE ld_hist histogram\n"
                                   "ld_hist_bucket{le=\"0.5\"} 3\n"
                                   "ld_hist_bucket{le=\"+Inf\"} 5\n"
                                   "ld_hist_sum 2.5\n"
                                   "ld_hist_count 5\n";

/// The history promtool writes: ld_backfill{series="a"} = i at HistoryStart + i * 5 s.
constexpr int HistoryPoints = 121;
constexpr qint64 HistoryStepMs = 5000;

bool writeFile(const QString &path, const QByteArray &content)
{
    QSaveFile f(path); // renamed into place: the exporter never reads half a file
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(content);
    return f.commit();
}

FeedConfig promFeed(const QString &id, const QString &url, const QVariantMap &options)
{
    FeedConfig f;
    f.id = id;
    f.name = id;
    f.plugin = QStringLiteral("prometheus");
    f.options = options;
    f.options.insert(QStringLiteral("url"), url);
    if (!f.options.contains(QStringLiteral("intervalMs")))
        f.options.insert(QStringLiteral("intervalMs"), 300);
    f.reconnect.initialDelayMs = 50;
    f.reconnect.maxDelayMs = 500;
    return f;
}

PanelConfig chart(const QString &pattern, int windowSeconds)
{
    PanelConfig p;
    p.kind = PanelKind::Chart;
    p.title = pattern;
    p.channels = {pattern};
    p.windowSeconds = windowSeconds;
    return p;
}

QList<Sample> samplesOf(IngestEngine &engine, const QString &channel)
{
    QList<Sample> out;
    if (const ChannelPtr c = engine.store().find(channel))
        c->forEachNumber(std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max(),
                         [&out](const Sample &s) { out.append(s); });
    return out;
}

bool isNan(IngestEngine &engine, const QString &channel)
{
    const ChannelPtr c = engine.store().find(channel);
    const auto last = c ? c->lastNumber() : std::nullopt;
    return last && std::isnan(last->v);
}

/// GET `url` from the test's thread (for what the exporter serves, to compare with).
QByteArray fetch(const QString &url)
{
    QNetworkAccessManager nam;
    std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(QUrl(url))));
    QSignalSpy done(reply.get(), &QNetworkReply::finished);
    if (!done.wait(10000))
        return {};
    return reply->readAll();
}

QStringList channelNames(IngestEngine &engine, const QString &feedId)
{
    QStringList out;
    for (const QString &name : engine.store().names())
        if (name.startsWith(feedId + QLatin1Char('/')))
            out.append(name);
    out.sort();
    return out;
}

} // namespace

class TestPrometheusFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pluginDeclaresOptions();
    void instantVectorNamedByLabelSet();
    void templateNamesChannels();
    void nonFiniteValuesComeThrough();
    void scalarStringAndMatrixResults();
    void backfillFillsTheChartWindowAtStart();
    void noChartNoBackfill();
    void badQueryShowsPrometheusError();
    void unreachableAndWrongServerAreReported();
    void serverGoneAndBackRecovers();
    void headersCarryCredentials();
    void metricsModeReadsNodeExporter();
    void metricsModeCounterRates();
    void probeShowsValuesByChannel();

private:
    QString promUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_prom.port()); }
    QString metricsUrl() const
    {
        return QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_exporter.port());
    }
    QString instance() const { return QStringLiteral("127.0.0.1:%1").arg(m_exporter.port()); }
    bool writeCounter(qint64 value)
    {
        return writeFile(m_textDir.filePath(QStringLiteral("counter.prom")),
                         "# TYPE ld_counter counter\nld_counter " + QByteArray::number(value) +
                             "\n");
    }

    PluginRegistry m_registry;
    QTemporaryDir m_textDir;
    QTemporaryDir m_promDir;
    ServerProcess m_exporter;
    ServerProcess m_prom;
    qint64 m_historyStart = 0;
};

void TestPrometheusFeed::initTestCase()
{
    for (const QString &program : {Prometheus, NodeExporter, Promtool})
        if (!QFile::exists(program))
            QSKIP(qPrintable(program + QStringLiteral(" is missing (Debian: prometheus, "
                                                      "prometheus-node-exporter)")));
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QVERIFY(m_registry.plugin(QStringLiteral("prometheus")));
    QVERIFY(m_textDir.isValid() && m_promDir.isValid());

    QVERIFY(writeFile(m_textDir.filePath(QStringLiteral("test.prom")), TextfileMetrics));
    QVERIFY(writeCounter(1000));
    const quint16 exporterPort = freePort();
    QVERIFY2(
        m_exporter.start(NodeExporter,
                         {QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(exporterPort),
                          QStringLiteral("--collector.disable-defaults"),
                          QStringLiteral("--collector.textfile"),
                          QStringLiteral("--collector.textfile.directory=") + m_textDir.path(),
                          QStringLiteral("--collector.meminfo"), QStringLiteral("--collector.cpu"),
                          QStringLiteral("--collector.loadavg")},
                         exporterPort),
        qPrintable(m_exporter.error()));

    // Known history: ld_backfill{series="a"} = i every 5 s over the 10 minutes up to now.
    const qint64 now = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
    m_historyStart = now - (HistoryPoints - 1) * HistoryStepMs;
    QByteArray om = "# TYPE ld_backfill gauge\n";
    for (int i = 0; i < HistoryPoints; ++i)
        om += "ld_backfill{series=\"a\"} " + QByteArray::number(i) + ' ' +
              QByteArray::number((m_historyStart + i * HistoryStepMs) / 1000) + '\n';
    om += "# EOF\n";
    const QString omFile = m_promDir.filePath(QStringLiteral("history.om"));
    const QString data = m_promDir.filePath(QStringLiteral("data"));
    QVERIFY(writeFile(omFile, om));
    QProcess promtool;
    promtool.setProcessChannelMode(QProcess::MergedChannels);
    promtool.start(Promtool, {QStringLiteral("tsdb"), QStringLiteral("create-blocks-from"),
                              QStringLiteral("openmetrics"), omFile, data});
    QVERIFY(promtool.waitForFinished(60000));
    QVERIFY2(promtool.exitCode() == 0, promtool.readAll().constData());

    const QString config = m_promDir.filePath(QStringLiteral("prometheus.yml"));
    QVERIFY(writeFile(config, QStringLiteral("global:\n"
                                             "  scrape_interval: 1s\n"
                                             "  evaluation_interval: 1s\n"
                                             "scrape_configs:\n"
                                             "  - job_name: node\n"
                                             "    static_configs:\n"
                                             "      - targets: ['%1']\n")
                                  .arg(instance())
                                  .toUtf8()));
    const quint16 promPort = freePort();
    QVERIFY2(m_prom.start(Prometheus,
                          {QStringLiteral("--config.file=") + config,
                           QStringLiteral("--storage.tsdb.path=") + data,
                           QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(promPort)},
                          promPort),
             qPrintable(m_prom.error()));
}

void TestPrometheusFeed::pluginDeclaresOptions()
{
    const PluginInfo info = m_registry.plugin(QStringLiteral("prometheus"))->info();
    QHash<QString, OptionSpec> specs;
    for (const OptionSpec &s : info.options)
        specs.insert(s.key, s);
    QCOMPARE(specs.value(QStringLiteral("url")).type, OptionType::Url);
    QVERIFY(specs.value(QStringLiteral("url")).required);
    QCOMPARE(specs.value(QStringLiteral("headers")).type, OptionType::Headers);
    QCOMPARE(specs.value(QStringLiteral("mode")).choices,
             QStringList({QStringLiteral("query"), QStringLiteral("metrics")}));
    QCOMPARE(specs.value(QStringLiteral("step")).type, OptionType::Duration);
    QCOMPARE(specs.value(QStringLiteral("counterRates")).type, OptionType::Bool);
    for (const char *key : {"query", "intervalMs", "channel", "metrics", "timeoutMs",
                            "trustedCertificate", "certificateSha256"})
        QVERIFY2(specs.contains(QString::fromLatin1(key)), key);

    const QString url = QStringLiteral("http://127.0.0.1:1");
    QVERIFY(m_registry.validate(promFeed(QStringLiteral("v"), url, {{"query", "up"}})).isEmpty());
    QVERIFY(m_registry.validate(promFeed(QStringLiteral("v"), url, {}))
                .join(QLatin1Char('\n'))
                .contains(QLatin1String("query")));
    QVERIFY(
        m_registry.validate(promFeed(QStringLiteral("v"), url, {{"mode", "metrics"}})).isEmpty());
    QVERIFY(m_registry
                .validate(promFeed(QStringLiteral("v"), url,
                                   {{"mode", "metrics"}, {"metrics", "node_(load"}}))
                .join(QLatin1Char('\n'))
                .contains(QLatin1String("metrics")));
    QVERIFY(m_registry
                .validate(promFeed(QStringLiteral("v"), url,
                                   {{"query", "up"}, {"channel", "cpu/{instance"}}))
                .join(QLatin1Char('\n'))
                .contains(QLatin1String("channel")));
    QVERIFY(m_registry
                .validate(promFeed(QStringLiteral("v"), url,
                                   {{"query", "up"}, {"channel", "cpu/{in-stance}"}}))
                .join(QLatin1Char('\n'))
                .contains(QLatin1String("channel")));
}

void TestPrometheusFeed::instantVectorNamedByLabelSet()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({promFeed(QStringLiteral("p"), promUrl(), {{"query", "ld_gauge"}})}));
    const QString channel =
        QStringLiteral("p/ld_gauge/instance=%1/job=node/kind=x").arg(instance());
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, channel), 42.5, WaitMs);
    QCOMPARE(status(engine, QStringLiteral("p")).state, FeedState::Live);
    QCOMPARE(channelNames(engine, QStringLiteral("p")), QStringList{channel});
    // Every interval an evaluation at Prometheus's time, each recorded once.
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, channel) >= 3, WaitMs);
    const QList<Sample> s = samplesOf(engine, channel);
    for (qsizetype i = 1; i < s.size(); ++i)
        QVERIFY(s[i].t > s[i - 1].t);
    QVERIFY(std::abs(s.last().t - QDateTime::currentMSecsSinceEpoch()) < 60000);
}

void TestPrometheusFeed::templateNamesChannels()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({promFeed(
        QStringLiteral("t"), promUrl(),
        {{"query", "ld_gauge or ld_escaped"}, {"channel", "g/{__name__}/{kind}{path}"}})}));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("t/g/ld_gauge/x")), 42.5, WaitMs);
    // The label value C:\dir/"q" cannot add a level.
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("t/g/ld_escaped/C:\\dir_\"q\"")),
                              7.0, WaitMs);
}

void TestPrometheusFeed::nonFiniteValuesComeThrough()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({promFeed(QStringLiteral("n"), promUrl(),
                                     {{"query", "ld_special"}, {"channel", "{which}"}}),
                            promFeed(QStringLiteral("s"), promUrl(), {{"query", "-1/0"}})}));
    QTRY_VERIFY_WITH_TIMEOUT(isNan(engine, QStringLiteral("n/nan")), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("n/pinf")),
                              std::numeric_limits<double>::infinity(), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("n/minf")),
                              -std::numeric_limits<double>::infinity(), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("s/value")),
                              -std::numeric_limits<double>::infinity(), WaitMs);
    QCOMPARE(status(engine, QStringLiteral("n")).rejected, quint64(0));
}

void TestPrometheusFeed::scalarStringAndMatrixResults()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {promFeed(QStringLiteral("sc"), promUrl(), {{"query", "scalar(ld_gauge) * 2"}}),
         promFeed(QStringLiteral("st"), promUrl(),
                  {{"query", "\"hello\""}, {"channel", "greeting"}}),
         promFeed(QStringLiteral("m"), promUrl(), {{"query", "ld_gauge[5s]"}, {"channel", "g"}})}));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("sc/value")), 85.0, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastText(engine, QStringLiteral("st/greeting")),
                              QStringLiteral("hello"), WaitMs);
    // A range vector: the scrapes' own times, each once however often it is queried.
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, QStringLiteral("m/g")) >= 4, WaitMs);
    QTest::qWait(1000);
    const QList<Sample> s = samplesOf(engine, QStringLiteral("m/g"));
    for (qsizetype i = 1; i < s.size(); ++i) {
        QVERIFY(s[i].t > s[i - 1].t);
        QCOMPARE(s[i].v, 42.5);
    }
    QVERIFY(s.last().t < QDateTime::currentMSecsSinceEpoch());
}

void TestPrometheusFeed::backfillFillsTheChartWindowAtStart()
{
    IngestEngine engine(&m_registry);
    Dashboard d = dashboard({promFeed(QStringLiteral("b"), promUrl(),
                                      {{"query", "ld_backfill"}, {"intervalMs", 1000}})});
    d.panels = {chart(QStringLiteral("b/**"), 300)};
    const qint64 started = QDateTime::currentMSecsSinceEpoch();
    engine.apply(d);
    const QString channel = QStringLiteral("b/ld_backfill/series=a");
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, channel) >= 250, WaitMs);
    const QList<Sample> s = samplesOf(engine, channel);
    // The whole window, at the automatic step (300 s / 500, at least 1 s), from the start.
    QVERIFY2(s.first().t <= started - 295000, qPrintable(QString::number(started - s.first().t)));
    QVERIFY(s.first().t >= started - 301000);
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (i > 0)
            QVERIFY2(s[i].t > s[i - 1].t, "a value recorded twice or out of order");
        // What Prometheus holds at t: the latest imported point at or before it.
        const qint64 index =
            std::min<qint64>(HistoryPoints - 1, (s[i].t - m_historyStart) / HistoryStepMs);
        QCOMPARE(s[i].v, double(index));
    }
    QCOMPARE(s[1].t - s[0].t, qint64(1000));
}

void TestPrometheusFeed::noChartNoBackfill()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({promFeed(QStringLiteral("nb"), promUrl(),
                                     {{"query", "ld_backfill"}, {"intervalMs", 1000}})}));
    const QString channel = QStringLiteral("nb/ld_backfill/series=a");
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, channel) >= 1, WaitMs);
    QVERIFY(numbers(engine, channel) < 10);
}

void TestPrometheusFeed::badQueryShowsPrometheusError()
{
    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({promFeed(QStringLiteral("e"), promUrl(), {{"query", "sum(ld_gauge"}}),
                   promFeed(QStringLiteral("x"), promUrl(),
                            {{"query", "ld_gauge + on(nothing) group_left ld_special"}})}));
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("e"))
                                 .lastError.contains(QLatin1String("unclosed left parenthesis")),
                             WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("e"));
    QVERIFY2(s.lastError.contains(QLatin1String("bad_data")), qPrintable(s.lastError));
    QVERIFY(s.state != FeedState::Live);
    // An execution error ("many-to-many matching not allowed") from a query that parses.
    QTRY_VERIFY_WITH_TIMEOUT(
        status(engine, QStringLiteral("x")).lastError.contains(QLatin1String("execution")), WaitMs);
    QVERIFY2(status(engine, QStringLiteral("x")).lastError.contains(QLatin1String("matching")),
             qPrintable(status(engine, QStringLiteral("x")).lastError));
}

void TestPrometheusFeed::unreachableAndWrongServerAreReported()
{
    IngestEngine engine(&m_registry);
    const quint16 nothing = freePort();
    engine.apply(dashboard(
        {promFeed(QStringLiteral("u"), QStringLiteral("http://127.0.0.1:%1").arg(nothing),
                  {{"query", "up"}}),
         // The exporter is no Prometheus server: its /api/v1/query is its landing page.
         promFeed(QStringLiteral("w"), QStringLiteral("http://%1").arg(instance()),
                  {{"query", "up"}}),
         // A wrong path prefix: Prometheus's 404.
         promFeed(QStringLiteral("h"), promUrl() + QStringLiteral("/nothing"), {{"query", "up"}}),
         // ... and Prometheus's API JSON is no /metrics page.
         promFeed(QStringLiteral("j"), promUrl() + QStringLiteral("/api/v1/status/buildinfo"),
                  {{"mode", "metrics"}})}));
    QTRY_VERIFY_WITH_TIMEOUT(
        status(engine, QStringLiteral("u")).lastError.contains(QString::number(nothing)), WaitMs);
    QVERIFY2(status(engine, QStringLiteral("u")).lastError.contains(QLatin1String("refused")),
             qPrintable(status(engine, QStringLiteral("u")).lastError));
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("w"))
                                 .lastError.contains(QLatin1String("not Prometheus API JSON")),
                             WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        status(engine, QStringLiteral("h")).lastError.contains(QLatin1String("HTTP 404")), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        status(engine, QStringLiteral("j")).lastError.contains(QLatin1String("no metrics")),
        WaitMs);
    QVERIFY2(status(engine, QStringLiteral("j")).lastError.contains(QLatin1String("line 1")),
             qPrintable(status(engine, QStringLiteral("j")).lastError));
}

void TestPrometheusFeed::serverGoneAndBackRecovers()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("p.yml"));
    QVERIFY(writeFile(config, "global:\n  scrape_interval: 1s\n"));
    const quint16 port = freePort();
    const QStringList args = {QStringLiteral("--config.file=") + config,
                              QStringLiteral("--storage.tsdb.path=") +
                                  dir.filePath(QStringLiteral("data")),
                              QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port)};
    ServerProcess server;
    QVERIFY2(server.start(Prometheus, args, port), qPrintable(server.error()));

    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({promFeed(QStringLiteral("r"), QStringLiteral("http://127.0.0.1:%1").arg(port),
                            {{"query", "vector(7)"}})}));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("r/value")), 7.0, WaitMs);

    server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("r")).state == FeedState::Retrying,
                             WaitMs);
    QVERIFY(!status(engine, QStringLiteral("r")).lastError.isEmpty());
    const quint64 before = numbers(engine, QStringLiteral("r/value"));
    const quint64 connects = status(engine, QStringLiteral("r")).connects;

    QVERIFY2(server.start(Prometheus, args, port), qPrintable(server.error()));
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, QStringLiteral("r/value")) > before + 2, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("r")).state, FeedState::Live, WaitMs);
    QVERIFY(status(engine, QStringLiteral("r")).connects > connects);
}

void TestPrometheusFeed::headersCarryCredentials()
{
    // Prometheus behind basic authentication (its web config: user "ld", password "ld-secret",
    // bcrypt cost 4 to start fast).
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("p.yml"));
    const QString web = dir.filePath(QStringLiteral("web.yml"));
    QVERIFY(writeFile(config, "global:\n  scrape_interval: 1s\n"));
    QVERIFY(writeFile(web, "basic_auth_users:\n"
                           "  ld: $2b$04$xU41zbYyxy5QGjaKzkKfT.Cte.tK64Z0FrpNoqQZoesiBR.2dKv12\n"));
    const quint16 port = freePort();
    ServerProcess server;
    QVERIFY2(
        server.start(Prometheus,
                     {QStringLiteral("--config.file=") + config,
                      QStringLiteral("--web.config.file=") + web,
                      QStringLiteral("--storage.tsdb.path=") + dir.filePath(QStringLiteral("data")),
                      QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port)},
                     port),
        qPrintable(server.error()));
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
    const QString basic = QString::fromLatin1(QByteArray("ld:ld-secret").toBase64());
    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({promFeed(QStringLiteral("a"), url,
                            {{"query", "vector(3)"},
                             {"headers", QStringLiteral("Authorization: Basic %1").arg(basic)}}),
                   promFeed(QStringLiteral("n"), url, {{"query", "vector(3)"}})}));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("a/value")), 3.0, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        status(engine, QStringLiteral("n")).lastError.contains(QLatin1String("401")), WaitMs);
    QVERIFY(!engine.store().find(QStringLiteral("n/value")));
    const FeedStatus a = status(engine, QStringLiteral("a"));
    QVERIFY(!QString(a.detail + a.lastError + a.note).contains(basic));
}

void TestPrometheusFeed::metricsModeReadsNodeExporter()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {promFeed(QStringLiteral("m"), metricsUrl(),
                  {{"mode", "metrics"}, {"metrics", "ld_.*|node_memory_MemTotal_bytes"}})}));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("m/ld_gauge/kind=x")), 42.5, WaitMs);
    QVERIFY(isNan(engine, QStringLiteral("m/ld_special/which=nan")));
    QCOMPARE(lastValue(engine, QStringLiteral("m/ld_special/which=pinf")),
             std::numeric_limits<double>::infinity());
    QCOMPARE(lastValue(engine, QStringLiteral("m/ld_special/which=minf")),
             -std::numeric_limits<double>::infinity());
    QCOMPARE(lastValue(engine, QStringLiteral("m/ld_escaped/path=C:\\dir_\"q\"")), 7.0);
    QCOMPARE(lastValue(engine, QStringLiteral("m/ld_hist_bucket/le=0.5")), 3.0);
    QCOMPARE(lastValue(engine, QStringLiteral("m/ld_hist_bucket/le=+Inf")), 5.0);
    QCOMPARE(lastValue(engine, QStringLiteral("m/ld_hist_sum")), 2.5);
    QCOMPARE(lastValue(engine, QStringLiteral("m/ld_hist_count")), 5.0);
    QCOMPARE(lastValue(engine, QStringLiteral("m/ld_counter")), 1000.0);

    // A value of the machine's own, as the exporter serves it (read here without the parser).
    const QByteArray page = fetch(metricsUrl());
    const QRegularExpressionMatch mem =
        QRegularExpression(QStringLiteral("^node_memory_MemTotal_bytes (\\S+)$"),
                           QRegularExpression::MultilineOption)
            .match(QString::fromUtf8(page));
    QVERIFY2(mem.hasMatch(), page.left(500).constData());
    QCOMPARE(lastValue(engine, QStringLiteral("m/node_memory_MemTotal_bytes")),
             mem.captured(1).toDouble());
    // The filter: nothing else.
    for (const QString &name : channelNames(engine, QStringLiteral("m")))
        QVERIFY2(name.startsWith(QLatin1String("m/ld_")) ||
                     name == QLatin1String("m/node_memory_MemTotal_bytes"),
                 qPrintable(name));
    QCOMPARE(status(engine, QStringLiteral("m")).rejected, quint64(0));
    QCOMPARE(status(engine, QStringLiteral("m")).state, FeedState::Live);
}

void TestPrometheusFeed::metricsModeCounterRates()
{
    QVERIFY(writeCounter(1000));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({promFeed(QStringLiteral("c"), metricsUrl(),
                                     {{"mode", "metrics"},
                                      {"metrics", "ld_counter|ld_gauge|node_cpu_seconds_total"},
                                      {"counterRates", true},
                                      {"channel", "{__name__}{cpu}{mode}"},
                                      {"intervalMs", 250}})}));
    const QString counter = QStringLiteral("c/ld_counter");
    // Unchanged between scrapes: 0 per second. Gauges stay as they are.
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, counter) >= 1, WaitMs);
    QCOMPARE(lastValue(engine, counter), 0.0);
    QCOMPARE(lastValue(engine, QStringLiteral("c/ld_gauge")), 42.5);
    // Idle CPU seconds per second of one CPU: between 0 and about 1.
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, QStringLiteral("c/node_cpu_seconds_total0idle")) >= 2,
                             WaitMs);
    const double idle = lastValue(engine, QStringLiteral("c/node_cpu_seconds_total0idle"));
    QVERIFY2(idle >= 0 && idle < 2, qPrintable(QString::number(idle)));

    // Up by a million: a large rate. Then a reset (the process restarted) to 10: a small
    // positive rate, never a negative one.
    QVERIFY(writeCounter(1001000));
    QTRY_VERIFY_WITH_TIMEOUT(lastValue(engine, counter) > 10000, WaitMs);
    QVERIFY(writeCounter(10));
    auto sawReset = [&] {
        for (const Sample &s : samplesOf(engine, counter))
            if (s.v > 0 && s.v < 1000)
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(sawReset(), WaitMs);
    for (const Sample &s : samplesOf(engine, counter))
        QVERIFY2(s.v >= 0, qPrintable(QString::number(s.v)));
    QVERIFY(writeCounter(1000));
}

void TestPrometheusFeed::probeShowsValuesByChannel()
{
    IngestEngine engine(&m_registry);
    QSignalSpy finished(&engine, &IngestEngine::probeFinished);
    engine.probe(QStringLiteral("r1"),
                 promFeed(QStringLiteral("pr"), promUrl(),
                          {{"query", "ld_special"}, {"channel", "{which}"}}),
                 WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, WaitMs);
    const QList<QVariant> args = finished.takeFirst();
    QVERIFY2(args.at(2).toString().isEmpty(), qPrintable(args.at(2).toString()));
    const QJsonObject o = QJsonDocument::fromJson(args.at(1).toByteArray()).object();
    QCOMPARE(o.value(QStringLiteral("nan")).toString(), QStringLiteral("NaN"));
    QCOMPARE(o.value(QStringLiteral("pinf")).toString(), QStringLiteral("+Inf"));
    QCOMPARE(o.value(QStringLiteral("minf")).toString(), QStringLiteral("-Inf"));
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestPrometheusFeed)
#include "tst_prometheusfeed.moc"
