// Found by the soak: many long-lived streams to one host.
//
// HTTP and SSE feeds on an ingest thread share one QNetworkAccessManager, which opens at most
// six HTTP/1.1 connections per host and port. An SSE stream holds its connection for as long
// as it runs, so six SSE feeds on one server would take every connection there, and any
// further SSE feed or HTTP poll to that server would wait for a connection that never comes.
// Operators commonly read several topics from one server (/events?topic=...).
//
// Pass criteria: with eight SSE feeds and two HTTP polling feeds on one server (one ingest
// thread), every feed is live and receiving within a few seconds.
#include "ingest/pluginregistry.h"
#include "support.h"

#include <QTest>

using namespace livedash;
using namespace livedash::reliability;

namespace {

constexpr int SseFeeds = 8;
constexpr int HttpFeeds = 2;
constexpr int WaitMs = 8000;

} // namespace

class TestSharedHost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void manyStreamsToOneServer();

private:
    PluginRegistry m_registry;
};

void TestSharedHost::initTestCase()
{
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QVERIFY(m_registry.plugin(QStringLiteral("http")));
    QVERIFY(m_registry.plugin(QStringLiteral("sse")));
}

void TestSharedHost::manyStreamsToOneServer()
{
    ServerThread servers;
    auto *http = servers.make<LocalHttpServer>();
    auto streams = std::make_shared<QList<QPointer<HttpExchange>>>();
    auto *ticker = servers.make<QTimer>();
    http->route("/events", [streams](HttpExchange *ex) {
        ex->beginStream(200);
        ex->write("data: {\"v\":1}\n\n");
        streams->append(ex);
    });
    http->route("/poll", [](HttpExchange *ex) { ex->respond(200, R"({"v":1})"); });
    bool ok = false;
    servers.run([&] {
        ok = http->listen();
        // The streams stay busy, as live streams are.
        QObject::connect(ticker, &QTimer::timeout, ticker, [streams] {
            for (const QPointer<HttpExchange> &s : std::as_const(*streams))
                if (s)
                    s->write("data: {\"v\":2}\n\n");
        });
        ticker->start(50);
    });
    QVERIFY(ok);

    QList<FeedConfig> feeds;
    for (int i = 0; i < SseFeeds; ++i)
        feeds.append(feedConfig(QStringLiteral("topic%1").arg(i), QStringLiteral("sse"),
                                http->url(QStringLiteral("/events")).toString() +
                                    QStringLiteral("?topic=%1").arg(i),
                                {QStringLiteral("v")}));
    for (int i = 0; i < HttpFeeds; ++i)
        feeds.append(feedConfig(
            QStringLiteral("poll%1").arg(i), QStringLiteral("http"),
            http->url(QStringLiteral("/poll")).toString() + QStringLiteral("?n=%1").arg(i),
            {QStringLiteral("v")}, {},
            {{QStringLiteral("intervalMs"), 200}, {QStringLiteral("timeoutMs"), 2000}}));
    IngestEngine engine(&m_registry, 1);
    engine.apply(dashboardOf(feeds));

    auto liveCount = [&] {
        int n = 0;
        for (const FeedStatus &s : engine.board().snapshot())
            n += s.state == FeedState::Live && s.messages > 0;
        return n;
    };
    // Wait for all, but report which ones never made it rather than a bare timeout.
    const bool allLive =
        QTest::qWaitFor([&] { return liveCount() == SseFeeds + HttpFeeds; }, WaitMs);
    QString waiting;
    for (const FeedStatus &s : engine.board().snapshot())
        if (s.state != FeedState::Live || s.messages == 0)
            waiting += QLatin1Char('\n') + describe(s);
    engine.shutdown();
    QVERIFY2(allLive && waiting.isEmpty(),
             qPrintable(QStringLiteral("feeds that never went live:") + waiting));
}

QTEST_GUILESS_MAIN(TestSharedHost)
#include "tst_sharedhost.moc"
