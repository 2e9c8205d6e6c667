// Reliability scenario 2: a silent peer is detected and reconnected *within the configured
// timeout*. tests/feeds/* already show that each kind notices a silent peer and names the
// timeout (websocket silentPeerTripsKeepalive, http silentServerTimesOut, sse
// idleStreamTimesOut); this adds the time bound the scenario asks for, measured server side
// over several cycles: the next connection comes after the timeout (not before: the peer was
// not given up too early) and no later than the timeout + the backoff cap + a slack.
#include "ingest/pluginregistry.h"
#include "support.h"

#include <QTest>

using namespace livedash;
using namespace livedash::reliability;

namespace {

constexpr int TimeoutMs = 400;
constexpr int BackoffCapMs = 20;
constexpr int SlackMs = 300; // event-loop and connect latency on a loaded 2-core machine
constexpr int Cycles = 4;

} // namespace

class TestSilentPeer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void detectedWithinTimeout_data();
    void detectedWithinTimeout();

private:
    PluginRegistry m_registry;
};

void TestSilentPeer::initTestCase()
{
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    for (const char *kind : {"websocket", "http", "sse"})
        QVERIFY2(m_registry.plugin(QString::fromLatin1(kind)), kind);
}

void TestSilentPeer::detectedWithinTimeout_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("reason");
    // WebSocket: upgrades, sends one message, then never reads, answers or sends again.
    QTest::newRow("websocket ignores pings")
        << QStringLiteral("websocket") << QStringLiteral("keepalive timeout");
    // HTTP: takes the request and never answers.
    QTest::newRow("http never answers")
        << QStringLiteral("http") << QStringLiteral("no response from");
    // SSE: answers with the stream's headers and one event, then says nothing more.
    QTest::newRow("sse goes silent") << QStringLiteral("sse") << QStringLiteral("no data from");
}

void TestSilentPeer::detectedWithinTimeout()
{
    QFETCH(QString, kind);
    QFETCH(QString, reason);
    ServerThread servers;
    auto arrivals = std::make_shared<QList<qint64>>(); // touched on the server thread only
    QString url;
    QVariantMap options;
    if (kind == QLatin1String("websocket")) {
        auto *raw = servers.make<RawWsServer>([arrivals](QTcpSocket *s, int) {
            arrivals->append(monoUs());
            s->write(RawWsServer::frame(1, R"({"v":1})"));
            QObject::disconnect(s, &QTcpSocket::readyRead, nullptr, nullptr); // deaf from now
        });
        servers.run([&] {
            if (raw->listen())
                url = raw->url();
        });
        options = {{QStringLiteral("keepaliveIntervalMs"), 100},
                   {QStringLiteral("keepaliveTimeoutMs"), TimeoutMs}};
    } else {
        auto *http = servers.make<LocalHttpServer>();
        auto pending = std::make_shared<QList<QPointer<HttpExchange>>>();
        const bool sse = kind == QLatin1String("sse");
        http->route("/silent", [arrivals, pending, sse](HttpExchange *ex) {
            arrivals->append(monoUs());
            pending->append(ex);
            if (sse) {
                ex->beginStream(200);
                ex->write("data: {\"v\":1}\n\n");
            }
        });
        servers.run([&] {
            if (http->listen())
                url = http->url(QStringLiteral("/silent")).toString();
        });
        options = {
            {sse ? QStringLiteral("idleTimeoutMs") : QStringLiteral("timeoutMs"), TimeoutMs}};
        if (!sse)
            options.insert(QStringLiteral("intervalMs"), 100);
    }
    QVERIFY(!url.isEmpty());

    FeedConfig feed =
        feedConfig(QStringLiteral("silent"), kind, url, {QStringLiteral("v")}, {}, options);
    feed.reconnect.initialDelayMs = BackoffCapMs;
    feed.reconnect.maxDelayMs = BackoffCapMs;
    IngestEngine engine(&m_registry, 1);
    engine.apply(dashboardOf({feed}));
    auto count = [&] {
        qsizetype n = 0;
        servers.run([&] { n = arrivals->size(); });
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(count() > Cycles, Cycles * (TimeoutMs + BackoffCapMs + SlackMs) * 2);
    const FeedStatus s = statusOf(engine, QStringLiteral("silent"));
    engine.shutdown();
    QList<qint64> at;
    servers.run([&] { at = *arrivals; });

    // The reason names the timeout ("400 ms" or "0.4 s").
    QVERIFY2(s.lastError.contains(reason) &&
                 (s.lastError.contains(QStringLiteral("%1 ms").arg(TimeoutMs)) ||
                  s.lastError.contains(QStringLiteral("%1 s").arg(TimeoutMs / 1000.0))),
             qPrintable(describe(s)));
    QStringList gaps;
    for (int i = 1; i <= Cycles; ++i) {
        const double gapMs = double(at[i] - at[i - 1]) / 1000.0;
        gaps.append(QString::number(gapMs, 'f', 1));
        QVERIFY2(gapMs >= TimeoutMs - 5 && gapMs <= TimeoutMs + BackoffCapMs + SlackMs,
                 qPrintable(QStringLiteral("cycle %1: the next connection came after %2 ms "
                                           "(timeout %3 ms)")
                                .arg(i)
                                .arg(gapMs)
                                .arg(TimeoutMs)));
    }
    qInfo().noquote() << QStringLiteral("%1: reconnected after %2 ms (timeout %3 ms); %4")
                             .arg(kind, gaps.join(QStringLiteral(", ")))
                             .arg(TimeoutMs)
                             .arg(s.lastError);
}

QTEST_GUILESS_MAIN(TestSilentPeer)
#include "tst_silentpeer.moc"
