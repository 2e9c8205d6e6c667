#include "../feedtest.h"
#include "document/dashboard.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "localhttpserver.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLocale>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace livedash;

using namespace livedash::feedtest;

namespace {

/// One request the server saw.
struct Seen
{
    QByteArray method;
    QByteArray body;
    QByteArray contentType;
    QByteArray ifNoneMatch;
    QByteArray token;
    QByteArray trace;
    qint64 atMs = 0;   ///< on the test's monotonic clock
    qint64 wallMs = 0; ///< wall clock, for HTTP-dates
};

FeedConfig httpFeed(const QString &id, const QUrl &url, QVariantMap extra = {})
{
    FeedConfig f;
    f.id = id;
    f.plugin = QStringLiteral("http");
    f.name = id;
    f.options = std::move(extra);
    f.options.insert(QStringLiteral("url"), url.toString());
    if (!f.options.contains(QStringLiteral("intervalMs")))
        f.options.insert(QStringLiteral("intervalMs"), 100);
    f.reconnect.initialDelayMs = 20;
    f.reconnect.maxDelayMs = 100;
    return f;
}

QByteArray httpDate(const QDateTime &utc)
{
    return QLocale::c().toString(utc, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
}

} // namespace

class TestHttpFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void pollsAtInterval();
    void arrayResponseFansOut();
    void etagNotModifiedProducesNothing();
    void postSendsBodyAndHeaders();
    void serverErrorIsShownAndRetried();
    void retryAfterSeconds();
    void retryAfterHttpDate();
    void stalledBodyTimesOut();
    void silentServerTimesOut();
    void oversizedBodyRejected_data();
    void oversizedBodyRejected();
    void unreachableServer();
    void probeReturnsBodyOrError();
    void badResolvedUrlIsFatal();
    void removingFeedAbortsRequest();

private:
    void record(HttpExchange *ex);

    PluginRegistry m_registry;
    std::unique_ptr<LocalHttpServer> m_server;
    QList<Seen> m_seen;
    QList<QPointer<HttpExchange>> m_pending;
    QElapsedTimer m_clock;
};

void TestHttpFeed::initTestCase()
{
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QVERIFY2(m_registry.plugin(QStringLiteral("http")),
             "the http plugin was not found in bin/plugins");
    m_clock.start();
}

void TestHttpFeed::init()
{
    m_server = std::make_unique<LocalHttpServer>();
    QVERIFY(m_server->listen());
    m_seen.clear();
    m_pending.clear();
}

void TestHttpFeed::cleanup()
{
    m_server.reset();
}

void TestHttpFeed::record(HttpExchange *ex)
{
    m_seen.append({ex->method, ex->body, ex->header("content-type"), ex->header("if-none-match"),
                   ex->header("x-token"), ex->header("x-trace"), m_clock.elapsed(),
                   QDateTime::currentMSecsSinceEpoch()});
}

void TestHttpFeed::pollsAtInterval()
{
    // Each answer takes 100 ms: polls every 300 ms from their start, not 300 ms after the end.
    m_server->route("/data", [this](HttpExchange *ex) {
        record(ex);
        const QByteArray body = "{\"cpu\": " + QByteArray::number(m_seen.size()) + "}";
        QTimer::singleShot(100, ex, [ex, body] { ex->respond(200, body); });
    });
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({httpFeed(QStringLiteral("h"), m_server->url(QStringLiteral("/data")),
                                       {{QStringLiteral("intervalMs"), 300}})}));

    QTRY_VERIFY_WITH_TIMEOUT(m_seen.size() >= 6, 5000);
    QCOMPARE(status(engine, QStringLiteral("h")).state, FeedState::Live);
    engine.shutdown();

    for (qsizetype i = 1; i < m_seen.size(); ++i) {
        const qint64 gap = m_seen[i].atMs - m_seen[i - 1].atMs;
        QVERIFY2(gap >= 200 && gap < 500, qPrintable(QString::number(gap)));
    }
    // The sleep is a coarse timer (up to 5% early); one poll after the end would be ~400 ms.
    const double mean = double(m_seen.last().atMs - m_seen.first().atMs) / (m_seen.size() - 1);
    QVERIFY2(mean >= 280 && mean < 370, qPrintable(QString::number(mean)));
    const FeedStatus s = status(engine, QStringLiteral("h"));
    QCOMPARE(s.connects, quint64(1));
    QVERIFY(s.messages + 1 >= quint64(m_seen.size()) && s.messages <= quint64(m_seen.size()));
    QCOMPARE(numbers(engine, QStringLiteral("h/cpu")), s.messages);
    QCOMPARE(engine.store().find(QStringLiteral("h/cpu"))->lastNumber()->v, double(s.messages));
    QVERIFY(s.bytes >= s.messages * 10);
}

void TestHttpFeed::arrayResponseFansOut()
{
    m_server->route("/list", [this](HttpExchange *ex) {
        record(ex);
        ex->respond(200, "[{\"name\": \"a\", \"v\": 1}, {\"name\": \"b\", \"v\": 2},"
                         " {\"name\": \"c\", \"v\": 3}]");
    });
    FeedConfig byName = httpFeed(QStringLiteral("named"), m_server->url(QStringLiteral("/list")));
    ChannelMapping value;
    value.path = QStringLiteral("v");
    value.channel = QStringLiteral("{name}");
    byName.fields.channels = {value};
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {httpFeed(QStringLiteral("auto"), m_server->url(QStringLiteral("/list"))), byName}));

    QTRY_VERIFY(status(engine, QStringLiteral("auto")).messages >= 2 &&
                status(engine, QStringLiteral("named")).messages >= 2);
    engine.shutdown();

    const quint64 autoMessages = status(engine, QStringLiteral("auto")).messages;
    QCOMPARE(numbers(engine, QStringLiteral("auto/v")), 3 * autoMessages);
    const quint64 namedMessages = status(engine, QStringLiteral("named")).messages;
    for (const char *leaf : {"a", "b", "c"})
        QCOMPARE(numbers(engine, QStringLiteral("named/") + QLatin1String(leaf)), namedMessages);
    QCOMPARE(engine.store().find(QStringLiteral("named/c"))->lastNumber()->v, 3.0);
    QCOMPARE(status(engine, QStringLiteral("named")).samples, 3 * namedMessages);
}

void TestHttpFeed::etagNotModifiedProducesNothing()
{
    QByteArray etag = "\"v1\"";
    int value = 1;
    m_server->route("/data", [&, this](HttpExchange *ex) {
        record(ex);
        if (ex->header("if-none-match") == etag)
            ex->respond(304, {}, {{"ETag", etag}});
        else
            ex->respond(200, "{\"x\": " + QByteArray::number(value) + "}", {{"ETag", etag}});
    });
    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({httpFeed(QStringLiteral("h"), m_server->url(QStringLiteral("/data")))}));

    QTRY_VERIFY(m_seen.size() >= 6);
    FeedStatus s = status(engine, QStringLiteral("h"));
    QCOMPARE(s.messages, quint64(1));
    QCOMPARE(numbers(engine, QStringLiteral("h/x")), quint64(1));
    QCOMPARE(s.state, FeedState::Live);
    QCOMPARE(s.note, QStringLiteral("304 Not Modified"));
    QCOMPARE(m_seen[0].ifNoneMatch, QByteArray());
    for (qsizetype i = 1; i < m_seen.size(); ++i)
        QCOMPARE(m_seen[i].ifNoneMatch, QByteArray("\"v1\""));

    // The resource changes: the next poll gets it, then 304s again.
    etag = "\"v2\"";
    value = 2;
    const qsizetype before = m_seen.size();
    QTRY_COMPARE(numbers(engine, QStringLiteral("h/x")), quint64(2));
    QTRY_VERIFY(m_seen.size() >= before + 4);
    engine.shutdown();
    s = status(engine, QStringLiteral("h"));
    QCOMPARE(s.messages, quint64(2));
    QCOMPARE(engine.store().find(QStringLiteral("h/x"))->lastNumber()->v, 2.0);
    QCOMPARE(m_seen.last().ifNoneMatch, QByteArray("\"v2\""));
    QCOMPARE(s.connects, quint64(1));
}

void TestHttpFeed::postSendsBodyAndHeaders()
{
    m_server->route("/query", [this](HttpExchange *ex) {
        record(ex);
        ex->respond(200, "{\"ok\": 1}");
    });
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({httpFeed(
        QStringLiteral("h"), m_server->url(QStringLiteral("/query")),
        {{QStringLiteral("method"), QStringLiteral("POST")},
         {QStringLiteral("body"), QStringLiteral("{\"query\": \"cpu\"}")},
         {QStringLiteral("contentType"), QStringLiteral("application/json; charset=utf-8")},
         {QStringLiteral("headers"), QStringLiteral("X-Token: secret-1\nX-Trace: abc")}})}));

    QTRY_COMPARE(numbers(engine, QStringLiteral("h/ok")), quint64(1));
    QVERIFY(!m_seen.isEmpty());
    const Seen &first = m_seen.first();
    QCOMPARE(first.method, QByteArray("POST"));
    QCOMPARE(first.body, QByteArray("{\"query\": \"cpu\"}"));
    QCOMPARE(first.contentType, QByteArray("application/json; charset=utf-8"));
    QCOMPARE(first.token, QByteArray("secret-1"));
    QCOMPARE(first.trace, QByteArray("abc"));
}

void TestHttpFeed::serverErrorIsShownAndRetried()
{
    bool failing = true;
    m_server->route("/data", [&, this](HttpExchange *ex) {
        record(ex);
        if (failing)
            ex->respond(500, "{\"error\": \"boom\"}");
        else
            ex->respond(200, "{\"up\": 1}");
    });
    FeedConfig feed = httpFeed(QStringLiteral("h"), m_server->url(QStringLiteral("/data")));
    feed.reconnect.initialDelayMs = 200;
    feed.reconnect.maxDelayMs = 300;
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({feed}));

    QTRY_COMPARE(status(engine, QStringLiteral("h")).state, FeedState::Retrying);
    const FeedStatus s = status(engine, QStringLiteral("h"));
    const QString expected = QStringLiteral("HTTP 500 Internal Server Error from ") +
                             m_server->url(QStringLiteral("/data")).toString();
    QCOMPARE(s.lastError, expected);
    QCOMPARE(s.messages, quint64(0));
    QCOMPARE(s.connects, quint64(0));
    QTRY_VERIFY(m_seen.size() >= 3); // retried

    failing = false;
    QTRY_COMPARE(numbers(engine, QStringLiteral("h/up")), quint64(1));
    QTRY_COMPARE(status(engine, QStringLiteral("h")).state, FeedState::Live);
}

void TestHttpFeed::retryAfterSeconds()
{
    m_server->route("/data", [this](HttpExchange *ex) {
        record(ex);
        if (m_seen.size() == 1)
            ex->respond(503, "{}", {{"Retry-After", "1"}});
        else
            ex->respond(200, "{\"up\": 1}");
    });
    FeedConfig feed = httpFeed(QStringLiteral("h"), m_server->url(QStringLiteral("/data")));
    feed.reconnect.initialDelayMs = 10; // the backoff alone would retry within 10 ms
    feed.reconnect.maxDelayMs = 20;
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({feed}));

    QTRY_COMPARE(status(engine, QStringLiteral("h")).state, FeedState::Retrying);
    const FeedStatus waiting = status(engine, QStringLiteral("h"));
    QVERIFY2(waiting.lastError.contains(QLatin1String("HTTP 503 Service Unavailable")),
             qPrintable(waiting.lastError));
    QVERIFY(waiting.retryAtMs - QDateTime::currentMSecsSinceEpoch() > 800);

    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("h/up")), quint64(1), 5000);
    const qint64 gap = m_seen[1].atMs - m_seen[0].atMs;
    QVERIFY2(gap >= 1000 && gap < 1600, qPrintable(QString::number(gap)));
}

void TestHttpFeed::retryAfterHttpDate()
{
    QDateTime notBefore;
    m_server->route("/data", [&, this](HttpExchange *ex) {
        record(ex);
        if (m_seen.size() == 1) {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            notBefore = now.addSecs(2).addMSecs(-now.time().msec()); // whole seconds
            ex->respond(429, "{}", {{"Retry-After", httpDate(notBefore)}});
        } else {
            ex->respond(200, "{\"up\": 1}");
        }
    });
    FeedConfig feed = httpFeed(QStringLiteral("h"), m_server->url(QStringLiteral("/data")));
    feed.reconnect.initialDelayMs = 10;
    feed.reconnect.maxDelayMs = 20;
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({feed}));

    QTRY_VERIFY(status(engine, QStringLiteral("h")).lastError.contains(QLatin1String("429")));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("h/up")), quint64(1), 6000);
    QVERIFY2(m_seen[1].wallMs >= notBefore.toMSecsSinceEpoch(),
             qPrintable(QStringLiteral("retried %1 ms early")
                            .arg(notBefore.toMSecsSinceEpoch() - m_seen[1].wallMs)));
    const qint64 gap = m_seen[1].atMs - m_seen[0].atMs;
    QVERIFY2(gap >= 1000 && gap < 3000, qPrintable(QString::number(gap)));
}

void TestHttpFeed::stalledBodyTimesOut()
{
    // Headers and part of the body, then nothing: the connection stays open and silent.
    m_server->route("/data", [this](HttpExchange *ex) {
        record(ex);
        m_pending.append(ex);
        ex->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n"
                  "\r\n{\"cpu\": ");
    });
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({httpFeed(QStringLiteral("h"), m_server->url(QStringLiteral("/data")),
                                       {{QStringLiteral("timeoutMs"), 500}})}));

    QTRY_VERIFY_WITH_TIMEOUT(m_seen.size() >= 2, 4000);
    const qint64 gap = m_seen[1].atMs - m_seen[0].atMs;
    QVERIFY2(gap >= 500 && gap < 1500, qPrintable(QString::number(gap)));
    const FeedStatus s = status(engine, QStringLiteral("h"));
    QVERIFY2(s.lastError.contains(QLatin1String("stalled")) &&
                 s.lastError.contains(QLatin1String("0.5 s")) &&
                 s.lastError.contains(QLatin1String("8 bytes received")),
             qPrintable(s.lastError));
    QCOMPARE(s.messages, quint64(0));
    QVERIFY(!engine.store().find(QStringLiteral("h/cpu")));
}

void TestHttpFeed::silentServerTimesOut()
{
    m_server->route("/data", [this](HttpExchange *ex) {
        record(ex);
        m_pending.append(ex); // never answered
    });
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({httpFeed(QStringLiteral("h"), m_server->url(QStringLiteral("/data")),
                                       {{QStringLiteral("timeoutMs"), 300}})}));

    QTRY_VERIFY(m_seen.size() >= 2);
    const QString error = status(engine, QStringLiteral("h")).lastError;
    QVERIFY2(error.contains(QLatin1String("no response from")) &&
                 error.contains(QLatin1String("within 0.3 s")),
             qPrintable(error));
}

void TestHttpFeed::oversizedBodyRejected_data()
{
    QTest::addColumn<bool>("withLength");
    QTest::newRow("Content-Length") << true;
    QTest::newRow("read until close") << false;
}

void TestHttpFeed::oversizedBodyRejected()
{
    QFETCH(bool, withLength);
    const QByteArray big = "{\"pad\": \"" + QByteArray(20000, 'x') + "\", \"v\": 1}";
    m_server->route("/data", [this, withLength, big](HttpExchange *ex) {
        record(ex);
        if (withLength) {
            ex->respond(200, big);
        } else {
            ex->beginStream(200, {}, "application/json");
            ex->write(big);
            ex->close();
        }
    });
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({httpFeed(QStringLiteral("h"), m_server->url(QStringLiteral("/data")),
                                       {{QStringLiteral("maxBodyBytes"), 1000}})}));

    QTRY_VERIFY(status(engine, QStringLiteral("h")).rejected >= 2);
    const FeedStatus s = status(engine, QStringLiteral("h"));
    QCOMPARE(s.messages, quint64(0));
    QVERIFY2(s.lastProblem.contains(QLatin1String("1000")), qPrintable(s.lastProblem));
    QCOMPARE(s.state, FeedState::Live); // polling goes on
    QVERIFY(!engine.store().find(QStringLiteral("h/v")));
}

void TestHttpFeed::unreachableServer()
{
    const QUrl url = m_server->url(QStringLiteral("/data"));
    m_server->close();
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({httpFeed(QStringLiteral("h"), url)}));

    QTRY_VERIFY(
        status(engine, QStringLiteral("h")).lastError.contains(QLatin1String("cannot reach")));
    const FeedStatus s = status(engine, QStringLiteral("h"));
    QVERIFY2(s.lastError.contains(url.toString()), qPrintable(s.lastError));
    QVERIFY(s.state == FeedState::Retrying || s.state == FeedState::Connecting);
}

void TestHttpFeed::probeReturnsBodyOrError()
{
    m_server->route("/ok", [this](HttpExchange *ex) {
        record(ex);
        ex->respond(200, "[{\"v\": 1}, {\"v\": 2}]");
    });
    m_server->route("/broken", [this](HttpExchange *ex) {
        record(ex);
        ex->respond(503, "{}");
    });
    IngestEngine engine(&m_registry);
    QSignalSpy spy(&engine, &IngestEngine::probeFinished);
    engine.probe(QStringLiteral("ok"),
                 httpFeed(QStringLiteral("h"), m_server->url(QStringLiteral("/ok"))), 5000);
    engine.probe(QStringLiteral("broken"),
                 httpFeed(QStringLiteral("h2"), m_server->url(QStringLiteral("/broken"))), 5000);

    QTRY_COMPARE(spy.count(), 2);
    QTest::qWait(300); // a probe asks once, it does not poll
    QCOMPARE(m_seen.size(), 2);
    for (const QList<QVariant> &result : std::as_const(spy)) {
        if (result[0].toString() == QLatin1String("ok")) {
            QCOMPARE(result[1].toByteArray(), QByteArray("[{\"v\": 1}, {\"v\": 2}]"));
            QCOMPARE(result[2].toString(), QString());
        } else {
            QVERIFY(result[1].toByteArray().isEmpty());
            QCOMPARE(result[2].toString(), QStringLiteral("HTTP 503 Service Unavailable from ") +
                                               m_server->url(QStringLiteral("/broken")).toString());
        }
    }
}

void TestHttpFeed::removingFeedAbortsRequest()
{
    m_server->route("/data", [this](HttpExchange *ex) {
        record(ex);
        m_pending.append(ex); // never answered: the request is in flight when the feed goes
    });
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({httpFeed(QStringLiteral("h"), m_server->url(QStringLiteral("/data")),
                                       {{QStringLiteral("timeoutMs"), 30000}})}));
    QTRY_COMPARE(m_seen.size(), 1);
    QCOMPARE(m_server->openConnections(), 1);

    QElapsedTimer stopping;
    stopping.start();
    engine.apply(dashboard({}));
    QTRY_COMPARE_WITH_TIMEOUT(engine.activeFeeds(), 0, 1000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 0, 1000);
    QVERIFY2(stopping.elapsed() < 1000, qPrintable(QString::number(stopping.elapsed())));
    QTest::qWait(200);
    QCOMPARE(m_seen.size(), 1);
}

void TestHttpFeed::badResolvedUrlIsFatal()
{
    // Validation passes "${BASE}/data"; only the resolved value shows it cannot work.
    IngestEngine engine(&m_registry);
    engine.variables().set(QStringLiteral("BASE"), QStringLiteral("ftp://127.0.0.1"));
    FeedConfig feed = httpFeed(QStringLiteral("h"), QUrl());
    feed.options.insert(QStringLiteral("url"), QStringLiteral("${BASE}/data"));
    engine.apply(dashboard({feed}));

    QTRY_COMPARE(status(engine, QStringLiteral("h")).state, FeedState::Error);
    const QString error = status(engine, QStringLiteral("h")).lastError;
    QVERIFY2(error.contains(QLatin1String("not an http:// or https:// URL")), qPrintable(error));
    QCOMPARE(engine.activeFeeds(), 0);
}

QTEST_GUILESS_MAIN(TestHttpFeed)
#include "tst_httpfeed.moc"
