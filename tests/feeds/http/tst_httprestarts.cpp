// The HTTP polling feed against a real server on 127.0.0.1 that is stopped and started again on
// the same port: the feed's pooled keep-alive connection dies with it (reset, closed, or in the
// middle of a request). The feed must come back to live and keep recording, and every response
// the server served must be recorded once, in order: each carries a counter.
#include "../feedtest.h"
#include "document/dashboard.h"
#include "ingest/ingestengine.h"
#include "ingest/messagemapper.h"
#include "ingest/pluginregistry.h"
#include "localhttpserver.h"

#include <QMutex>
#include <QPointer>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <vector>

using namespace livedash;

using namespace livedash::feedtest;

namespace {

/// How the server goes down.
enum class Stop {
    Reset,      ///< stops listening and resets every connection (a killed process)
    Close,      ///< closes its idle keep-alive connections cleanly (FIN), then stops listening
    MidRequest, ///< goes down holding a request it never answers
};

/// Keeps every value of channel "n" in arrival order.
class CounterSink final : public SampleSink
{
public:
    void number(const QString &, const QString &channel, qint64, double v) override
    {
        if (channel != QLatin1String("n"))
            return;
        QMutexLocker lock(&m_mutex);
        m_values.push_back(qint64(v));
    }
    void text(const QString &, const QString &, qint64, const QString &) override {}
    std::vector<qint64> values() const
    {
        QMutexLocker lock(&m_mutex);
        return m_values;
    }
    qint64 count() const
    {
        QMutexLocker lock(&m_mutex);
        return qint64(m_values.size());
    }
    qint64 last() const
    {
        QMutexLocker lock(&m_mutex);
        return m_values.empty() ? 0 : m_values.back();
    }

private:
    mutable QMutex m_mutex;
    std::vector<qint64> m_values;
};

QString describe(const FeedStatus &s)
{
    return QStringLiteral("%1, attempt %2, %3 connects, last error: %4")
        .arg(feedStateName(s.state))
        .arg(s.attempt)
        .arg(s.connects)
        .arg(s.lastError);
}

} // namespace

class TestHttpRestarts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void serverRestartedOnTheSamePort_data();
    void serverRestartedOnTheSamePort();

private:
    void serve(HttpExchange *ex);

    PluginRegistry m_registry;
    std::unique_ptr<LocalHttpServer> m_server;
    qint64 m_served = 0;     ///< the counter of the last response written
    bool m_refusing = false; ///< going down: requests are closed unanswered
    bool m_holding = false;  ///< going down mid-request: the next request is kept unanswered
    QPointer<HttpExchange> m_held;
    QList<QPointer<QTcpSocket>> m_connections;
};

void TestHttpRestarts::initTestCase()
{
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QVERIFY2(m_registry.plugin(QStringLiteral("http")),
             "the http plugin was not found in bin/plugins");
}

void TestHttpRestarts::init()
{
    m_server = std::make_unique<LocalHttpServer>();
    m_server->route("/data", [this](HttpExchange *ex) { serve(ex); });
    QVERIFY(m_server->listen());
    m_served = 0;
    m_refusing = m_holding = false;
    m_held.clear();
    m_connections.clear();
}

void TestHttpRestarts::cleanup()
{
    m_server.reset();
}

void TestHttpRestarts::serve(HttpExchange *ex)
{
    // An exchange is a child of its connection's socket: kept to close the connection cleanly.
    if (auto *socket = qobject_cast<QTcpSocket *>(ex->parent()); !m_connections.contains(socket))
        m_connections.append(socket);
    if (m_holding) {
        m_held = ex;
        return;
    }
    if (m_refusing) {
        ex->close();
        return;
    }
    ++m_served;
    ex->respond(200, "{\"n\": " + QByteArray::number(m_served) + "}");
}

void TestHttpRestarts::serverRestartedOnTheSamePort_data()
{
    QTest::addColumn<Stop>("stop");
    QTest::addColumn<bool>("immediately"); ///< listens again at once, or once the feed noticed

    QTest::newRow("reset, down") << Stop::Reset << false;
    QTest::newRow("reset, back at once") << Stop::Reset << true;
    QTest::newRow("closed, down") << Stop::Close << false;
    QTest::newRow("closed, back at once") << Stop::Close << true;
    QTest::newRow("mid-request, down") << Stop::MidRequest << false;
    QTest::newRow("mid-request, back at once") << Stop::MidRequest << true;
}

void TestHttpRestarts::serverRestartedOnTheSamePort()
{
    QFETCH(Stop, stop);
    QFETCH(bool, immediately);
    constexpr int Restarts = 3;
    const QString id = QStringLiteral("h");
    const quint16 port = m_server->port();

    FeedConfig feed;
    feed.id = id;
    feed.name = id;
    feed.plugin = QStringLiteral("http");
    feed.options = {{QStringLiteral("url"), m_server->url(QStringLiteral("/data")).toString()},
                    {QStringLiteral("intervalMs"), 100}};
    ChannelMapping n;
    n.path = QStringLiteral("n");
    n.channel = QStringLiteral("n");
    feed.fields.channels = {n};
    feed.reconnect.initialDelayMs = 20;
    feed.reconnect.maxDelayMs = 200;
    Dashboard dashboard;
    dashboard.name = QStringLiteral("http restarts");
    dashboard.feeds = {feed};

    CounterSink sink;
    IngestEngine engine(&m_registry, 1);
    engine.setSampleSink(&sink);
    engine.apply(dashboard);
    QTRY_VERIFY2_WITH_TIMEOUT(sink.count() >= 5, qPrintable(describe(status(engine, id))), 10000);
    QVERIFY(m_server->openConnections() > 0); // a pooled keep-alive connection to lose

    for (int restart = 1; restart <= Restarts; ++restart) {
        // Down when everything served so far has arrived: whatever is lost after this was
        // never served, and anything missing at the end is the feed's.
        QTRY_VERIFY_WITH_TIMEOUT(sink.last() == m_served, 10000);
        const quint64 connectsBefore = status(engine, id).connects;
        const qint64 servedBefore = m_served;
        switch (stop) {
        case Stop::Reset:
            m_server->close();
            break;
        case Stop::Close:
            m_refusing = true;
            for (const QPointer<QTcpSocket> &s : std::as_const(m_connections))
                if (s)
                    s->disconnectFromHost();
            QTRY_VERIFY(std::all_of(
                m_connections.cbegin(), m_connections.cend(), [](const QPointer<QTcpSocket> &s) {
                    return !s || s->state() == QAbstractSocket::UnconnectedState;
                }));
            m_server->close();
            break;
        case Stop::MidRequest:
            m_holding = true;
            QTRY_VERIFY_WITH_TIMEOUT(m_held, 5000);
            m_server->close();
            break;
        }
        m_connections.clear();
        QCOMPARE(m_server->openConnections(), 0);
        if (!immediately) { // until the feed has tried the closed port since it was live
            QTRY_VERIFY2_WITH_TIMEOUT(
                status(engine, id).attempt > 0 &&
                    status(engine, id).lastError.contains(QLatin1String("Connection refused")),
                qPrintable(describe(status(engine, id))), 10000);
        }
        m_refusing = m_holding = false;
        QVERIFY2(m_server->listen(QHostAddress::LocalHost, port),
                 qPrintable(QStringLiteral("cannot listen again on port %1").arg(port)));

        // Live again, on a new connection, and recording what the new server serves.
        QTRY_VERIFY2_WITH_TIMEOUT(status(engine, id).state == FeedState::Live &&
                                      sink.last() >= servedBefore + 3,
                                  qPrintable(QStringLiteral("restart %1: %2; %3 values")
                                                 .arg(restart)
                                                 .arg(describe(status(engine, id)))
                                                 .arg(sink.count())),
                                  10000);
        QVERIFY(m_server->openConnections() > 0);
        if (!immediately)
            QVERIFY(status(engine, id).connects > connectsBefore);
    }
    QTRY_VERIFY_WITH_TIMEOUT(sink.last() == m_served, 10000);
    const FeedStatus s = status(engine, id);
    engine.shutdown();

    // Every response served arrived once, in order: 1, 2, 3, ... m_served.
    const std::vector<qint64> values = sink.values();
    for (size_t i = 0; i < values.size(); ++i)
        QVERIFY2(values[i] == qint64(i) + 1,
                 qPrintable(QStringLiteral("value %1 is %2").arg(i + 1).arg(values[i])));
    QCOMPARE(qint64(values.size()), m_served);
    QCOMPARE(s.rejected, quint64(0));
    qInfo("%lld responses served and recorded over %d restarts; %llu connects", m_served, Restarts,
          s.connects);
}

QTEST_GUILESS_MAIN(TestHttpRestarts)
#include "tst_httprestarts.moc"
