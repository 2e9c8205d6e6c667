#include "../feedtest.h"
#include "document/dashboard.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "localhttpserver.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

using namespace livedash;

using namespace livedash::feedtest;

namespace {

/// One request the server saw.
struct Seen
{
    QByteArray lastEventId;
    QByteArray accept;
    QByteArray cacheControl;
    QByteArray apiKey;
    qint64 atMs = 0; ///< on the test's monotonic clock
};

FeedConfig sseFeed(const QString &id, const QUrl &url, QVariantMap extra = {})
{
    FeedConfig f;
    f.id = id;
    f.plugin = QStringLiteral("sse");
    f.name = id;
    f.options = std::move(extra);
    f.options.insert(QStringLiteral("url"), url.toString());
    // Fast reconnects keep the test short; tests that measure a delay set their own.
    f.reconnect.initialDelayMs = 20;
    f.reconnect.maxDelayMs = 100;
    return f;
}

double lastNumber(IngestEngine &engine, const QString &channel)
{
    const ChannelPtr c = engine.store().find(channel);
    return c && c->lastNumber() ? c->lastNumber()->v : -1.0;
}

} // namespace

class TestSseFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void eventsBecomeChannels();
    void reconnectSendsLastEventId();
    void retryFieldSetsReconnectDelay();
    void noContentStopsReconnects();
    void serverRestartReconnects();
    void idleStreamTimesOut();
    void connectTimeout();
    void refusedResponses_data();
    void refusedResponses();
    void oversizedEventRejected();
    void probeReturnsFirstEvent();
    void removingFeedClosesStream();

private:
    /// Records a request and answers it with a stream that stays open.
    HttpExchange *accept(HttpExchange *ex);

    PluginRegistry m_registry;
    std::unique_ptr<LocalHttpServer> m_server;
    QList<Seen> m_seen;
    QList<QPointer<HttpExchange>> m_streams;
    QElapsedTimer m_clock;
};

void TestSseFeed::initTestCase()
{
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QVERIFY2(m_registry.plugin(QStringLiteral("sse")),
             "the sse plugin was not found in bin/plugins");
    m_clock.start();
}

void TestSseFeed::init()
{
    m_server = std::make_unique<LocalHttpServer>();
    QVERIFY(m_server->listen());
    m_seen.clear();
    m_streams.clear();
}

void TestSseFeed::cleanup()
{
    m_server.reset();
}

HttpExchange *TestSseFeed::accept(HttpExchange *ex)
{
    m_seen.append({ex->header("last-event-id"), ex->header("accept"), ex->header("cache-control"),
                   ex->header("x-api-key"), m_clock.elapsed()});
    m_streams.append(ex);
    ex->beginStream(200);
    return ex;
}

void TestSseFeed::eventsBecomeChannels()
{
    m_server->route("/events", [this](HttpExchange *ex) {
        accept(ex)->write(": hello\n\n"
                          "data: {\"cpu\": 1.5}\n\n"
                          "event: score\r\ndata: {\"home\": 2,\r\ndata: \"away\": 1}\r\n\r\n"
                          "event: message\ndata: {\"mem\": 7}\n\n");
    });
    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({sseFeed(QStringLiteral("s"), m_server->url(QStringLiteral("/events")),
                             {{QStringLiteral("headers"), QStringLiteral("X-Api-Key: k-123")}}),
                     sseFeed(QStringLiteral("flat"), m_server->url(QStringLiteral("/events")),
                             {{QStringLiteral("eventAsPrefix"), false}})}));

    QTRY_COMPARE(numbers(engine, QStringLiteral("s/score/away")), quint64(1));
    QCOMPARE(lastNumber(engine, QStringLiteral("s/cpu")), 1.5);
    QCOMPARE(lastNumber(engine, QStringLiteral("s/score/home")), 2.0);
    QCOMPARE(lastNumber(engine, QStringLiteral("s/mem")), 7.0); // "message" is no prefix
    QTRY_COMPARE(numbers(engine, QStringLiteral("flat/away")), quint64(1));
    QCOMPARE(lastNumber(engine, QStringLiteral("flat/home")), 2.0);
    QVERIFY(!engine.store().find(QStringLiteral("flat/score/home")));

    const FeedStatus s = status(engine, QStringLiteral("s"));
    QCOMPARE(s.state, FeedState::Live);
    QCOMPARE(s.messages, quint64(3));
    QCOMPARE(s.connects, quint64(1));
    QCOMPARE(s.rejected, quint64(0));
    QVERIFY(s.bytes > 100);

    QCOMPARE(m_seen.size(), 2);
    for (const Seen &seen : std::as_const(m_seen)) {
        QCOMPARE(seen.accept, QByteArray("text/event-stream"));
        QCOMPARE(seen.cacheControl, QByteArray("no-cache"));
        QVERIFY(seen.lastEventId.isEmpty());
    }
    QVERIFY(m_seen[0].apiKey == "k-123" || m_seen[1].apiKey == "k-123");
}

void TestSseFeed::reconnectSendsLastEventId()
{
    m_server->route("/events", [this](HttpExchange *ex) {
        const qsizetype n = m_seen.size();
        accept(ex);
        if (n == 0) {
            ex->write("id: 42\ndata: {\"n\": 1}\n\n");
            ex->close();
        } else if (n == 1) {
            // A new id, then an event cut off before its blank line: its id must not count.
            ex->write("id: 43\ndata: {\"n\": 2}\n\nid: 99\ndata: {\"n\": 3}");
            ex->close();
        } else {
            ex->write("data: {\"n\": 4}\n\n");
        }
    });
    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({sseFeed(QStringLiteral("s"), m_server->url(QStringLiteral("/events")))}));

    QTRY_COMPARE(numbers(engine, QStringLiteral("s/n")), quint64(3));
    QCOMPARE(m_seen.size(), 3);
    QCOMPARE(m_seen[0].lastEventId, QByteArray());
    QCOMPARE(m_seen[1].lastEventId, QByteArray("42"));
    QCOMPARE(m_seen[2].lastEventId, QByteArray("43"));
    QCOMPARE(lastNumber(engine, QStringLiteral("s/n")), 4.0);
    QTRY_COMPARE(status(engine, QStringLiteral("s")).connects, quint64(3));
}

void TestSseFeed::retryFieldSetsReconnectDelay()
{
    m_server->route("/events", [this](HttpExchange *ex) {
        const qsizetype n = m_seen.size();
        accept(ex);
        if (n == 0) {
            ex->write("retry: 800\ndata: {\"n\": 1}\n\n");
            ex->close();
        } else if (n == 1) {
            ex->write("retry: 100\ndata: {\"n\": 2}\n\n");
            ex->close();
        } else {
            ex->write("data: {\"n\": 3}\n\n");
        }
    });
    FeedConfig feed = sseFeed(QStringLiteral("s"), m_server->url(QStringLiteral("/events")));
    feed.reconnect.initialDelayMs = 10; // the backoff alone would reconnect within 20 ms
    feed.reconnect.maxDelayMs = 20;
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({feed}));

    QTRY_VERIFY_WITH_TIMEOUT(m_seen.size() >= 2, 5000);
    QTRY_COMPARE(numbers(engine, QStringLiteral("s/n")), quint64(3));
    QCOMPARE(m_seen.size(), 3);
    const qint64 first = m_seen[1].atMs - m_seen[0].atMs;
    const qint64 second = m_seen[2].atMs - m_seen[1].atMs;
    // The runner sleeps on a coarse timer, which may fire up to 5% early.
    QVERIFY2(first >= 760 && first < 2500, qPrintable(QString::number(first)));
    QVERIFY2(second >= 95 && second < 700, qPrintable(QString::number(second)));
}

void TestSseFeed::noContentStopsReconnects()
{
    m_server->route("/events", [this](HttpExchange *ex) {
        m_seen.append(Seen{});
        ex->respond(204);
    });
    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({sseFeed(QStringLiteral("s"), m_server->url(QStringLiteral("/events")))}));

    QTRY_COMPARE(status(engine, QStringLiteral("s")).state, FeedState::Finished);
    const FeedStatus s = status(engine, QStringLiteral("s"));
    QVERIFY2(s.lastError.contains(QLatin1String("204")), qPrintable(s.lastError));
    QTest::qWait(400); // reconnects would be 20-100 ms apart
    QCOMPARE(m_seen.size(), 1);
    QCOMPARE(status(engine, QStringLiteral("s")).state, FeedState::Finished);
    QCOMPARE(engine.activeFeeds(), 0);
}

void TestSseFeed::serverRestartReconnects()
{
    m_server->route("/events", [this](HttpExchange *ex) {
        accept(ex)->write("data: {\"n\": " + QByteArray::number(m_seen.size()) + "}\n\n");
    });
    const quint16 port = m_server->port();
    FeedConfig feed = sseFeed(QStringLiteral("s"), m_server->url(QStringLiteral("/events")));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({feed}));
    QTRY_COMPARE(numbers(engine, QStringLiteral("s/n")), quint64(1));

    m_server->close(); // drops the stream and refuses new connections
    QTRY_COMPARE(status(engine, QStringLiteral("s")).state, FeedState::Retrying);
    QTest::qWait(300); // a few refused attempts
    QCOMPARE(m_seen.size(), 1);
    QVERIFY(status(engine, QStringLiteral("s")).attempt >= 1);

    QVERIFY(m_server->listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE(numbers(engine, QStringLiteral("s/n")), quint64(2));
    QCOMPARE(lastNumber(engine, QStringLiteral("s/n")), 2.0);
    const FeedStatus s = status(engine, QStringLiteral("s"));
    QCOMPARE(s.state, FeedState::Live);
    QCOMPARE(s.connects, quint64(2));
}

void TestSseFeed::idleStreamTimesOut()
{
    m_server->route("/events", [this](HttpExchange *ex) { accept(ex)->write(": hi\n\n"); });
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({sseFeed(QStringLiteral("s"), m_server->url(QStringLiteral("/events")),
                                      {{QStringLiteral("idleTimeoutMs"), 300}})}));

    QTRY_VERIFY_WITH_TIMEOUT(m_seen.size() >= 2, 3000);
    const qint64 gap = m_seen[1].atMs - m_seen[0].atMs;
    QVERIFY2(gap >= 300, qPrintable(QString::number(gap)));
    const QString error = status(engine, QStringLiteral("s")).lastError;
    QVERIFY2(error.contains(QLatin1String("no data")) && error.contains(QLatin1String("0.3 s")),
             qPrintable(error));
}

void TestSseFeed::connectTimeout()
{
    // The server takes the request and never answers it.
    m_server->route("/events", [this](HttpExchange *ex) { m_streams.append(ex); });
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({sseFeed(QStringLiteral("s"), m_server->url(QStringLiteral("/events")),
                                      {{QStringLiteral("connectTimeoutMs"), 300}})}));

    QTRY_VERIFY(
        status(engine, QStringLiteral("s")).lastError.contains(QLatin1String("no response")));
    const QString error = status(engine, QStringLiteral("s")).lastError;
    QVERIFY2(error.contains(QLatin1String("within 0.3 s")), qPrintable(error));
    QCOMPARE(status(engine, QStringLiteral("s")).connects, quint64(0));
}

void TestSseFeed::refusedResponses_data()
{
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("expected");

    QTest::newRow("500") << 500 << QByteArray("text/plain") << "HTTP 500 Internal Server Error";
    QTest::newRow("404") << 404 << QByteArray("text/event-stream") << "HTTP 404 Not Found";
    QTest::newRow("wrong type") << 200 << QByteArray("application/json")
                                << "Content-Type \"application/json\", not text/event-stream";
}

void TestSseFeed::refusedResponses()
{
    QFETCH(int, httpStatus);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, expected);

    m_server->route("/events", [this, httpStatus, contentType](HttpExchange *ex) {
        m_seen.append(Seen{});
        ex->respond(httpStatus, "{\"cpu\": 1}", {}, contentType);
    });
    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({sseFeed(QStringLiteral("s"), m_server->url(QStringLiteral("/events")))}));

    QTRY_VERIFY(m_seen.size() >= 3); // retried with backoff
    const FeedStatus s = status(engine, QStringLiteral("s"));
    QVERIFY2(s.lastError.contains(expected), qPrintable(s.lastError));
    QVERIFY2(s.lastError.contains(m_server->url(QStringLiteral("/events")).toString()),
             qPrintable(s.lastError));
    QCOMPARE(s.messages, quint64(0));
    QCOMPARE(s.connects, quint64(0));
}

void TestSseFeed::oversizedEventRejected()
{
    m_server->route("/events", [this](HttpExchange *ex) {
        accept(ex)->write("data: {\"big\": \"" + QByteArray(5000, 'x') +
                          "\"}\n\n"
                          "data: {\"n\": 1}\n\n");
    });
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({sseFeed(QStringLiteral("s"), m_server->url(QStringLiteral("/events")),
                                      {{QStringLiteral("maxEventBytes"), 1000}})}));

    QTRY_COMPARE(numbers(engine, QStringLiteral("s/n")), quint64(1));
    const FeedStatus s = status(engine, QStringLiteral("s"));
    QCOMPARE(s.rejected, quint64(1));
    QCOMPARE(s.messages, quint64(1));
    QCOMPARE(s.state, FeedState::Live); // the stream itself carries on
    QVERIFY2(s.lastProblem.contains(QLatin1String("1000")), qPrintable(s.lastProblem));
    QCOMPARE(m_seen.size(), 1);
}

void TestSseFeed::probeReturnsFirstEvent()
{
    m_server->route("/events", [this](HttpExchange *ex) {
        accept(ex)->write(": hi\n\nevent: score\ndata: {\"home\": 3}\n\ndata: {\"x\": 1}\n\n");
    });
    IngestEngine engine(&m_registry);
    QSignalSpy spy(&engine, &IngestEngine::probeFinished);
    engine.probe(QStringLiteral("req-1"),
                 sseFeed(QStringLiteral("s"), m_server->url(QStringLiteral("/events"))), 5000);

    QTRY_COMPARE(spy.count(), 1);
    QCOMPARE(spy[0][0].toString(), QStringLiteral("req-1"));
    QCOMPARE(spy[0][1].toByteArray(), QByteArray("{\"home\": 3}"));
    QCOMPARE(spy[0][2].toString(), QString());
    QCOMPARE(spy[0][3].value<MessageOrigin>().prefix, QStringLiteral("score")); // as a live run
    // The probe hangs up once it has its message.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 0, 1000);
    QVERIFY(!engine.store().find(QStringLiteral("s/score/home"))); // nothing recorded
}

void TestSseFeed::removingFeedClosesStream()
{
    m_server->route("/events",
                    [this](HttpExchange *ex) { accept(ex)->write("data: {\"n\": 1}\n\n"); });
    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({sseFeed(QStringLiteral("s"), m_server->url(QStringLiteral("/events")))}));
    QTRY_COMPARE(numbers(engine, QStringLiteral("s/n")), quint64(1));
    QCOMPARE(m_server->openConnections(), 1);

    QElapsedTimer stopping;
    stopping.start();
    engine.apply(dashboard({}));
    QTRY_COMPARE_WITH_TIMEOUT(engine.activeFeeds(), 0, 1000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 0, 1000);
    QVERIFY2(stopping.elapsed() < 1000, qPrintable(QString::number(stopping.elapsed())));
    QTest::qWait(100);
    QCOMPARE(m_seen.size(), 1); // and it does not come back
}

QTEST_GUILESS_MAIN(TestSseFeed)
#include "tst_ssefeed.moc"
