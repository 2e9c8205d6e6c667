// Found by a code audit: channels named from message values (`latency/{host}`) were never
// limited, so a mistaken `{ts}` placeholder or many short-lived hosts grew memory without end.
//
// Through the real WebSocket plugin and an ingest thread: a feed that sends values for many
// distinct names gets exactly its limit of channels (the default, or the dashboard's
// `maxChannels`); every further message is counted as rejected with a reason naming the feed,
// the limit and a name that did not fit; the channels made keep receiving.
#include "ingest/pluginregistry.h"
#include "support.h"

#include <QTest>

using namespace livedash;
using namespace livedash::reliability;

namespace {

constexpr int WaitMs = 20000;

QByteArray hostMessage(int host, int value)
{
    return "{\"host\":\"h" + QByteArray::number(host) + "\",\"ms\":" + QByteArray::number(value) +
           "}";
}

} // namespace

class TestChannelLimit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void distinctNamesStopAtTheLimit_data();
    void distinctNamesStopAtTheLimit();

private:
    PluginRegistry m_registry;
};

void TestChannelLimit::initTestCase()
{
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QVERIFY(m_registry.plugin(QStringLiteral("websocket")));
}

void TestChannelLimit::distinctNamesStopAtTheLimit_data()
{
    QTest::addColumn<int>("maxChannels"); // 0: not set in the dashboard
    QTest::addColumn<int>("hosts");
    QTest::addColumn<int>("limit");
    QTest::newRow("default limit, 5000 hosts") << 0 << 5000 << 1000;
    QTest::newRow("maxChannels 50, 300 hosts") << 50 << 300 << 50;
}

void TestChannelLimit::distinctNamesStopAtTheLimit()
{
    QFETCH(int, maxChannels);
    QFETCH(int, hosts);
    QFETCH(int, limit);
    ServerThread servers;
    auto *source = servers.make<BurstSource>(QStringLiteral("websocket"));
    bool ok = false;
    servers.run([&] { ok = source->listen(); });
    QVERIFY(ok);

    FeedConfig feed =
        feedConfig(QStringLiteral("lat"), QStringLiteral("websocket"), source->url(), {});
    feed.fields.channels.append(
        {QStringLiteral("ms"), QStringLiteral("latency/{host}"), ValueKind::Number, {}, false});
    if (maxChannels > 0)
        feed.maxChannels = maxChannels;
    IngestEngine engine(&m_registry, 1);
    engine.apply(dashboardOf({feed}));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            bool r = false;
            servers.run([&] { r = source->ready(); });
            return r;
        }(),
        WaitMs);

    // One message per host, each host new.
    QList<QByteArray> burst;
    for (int i = 0; i < hosts; ++i)
        burst.append(hostMessage(i, i));
    servers.post([source, burst] { source->send(burst, false); });
    const QString id = QStringLiteral("lat");
    QTRY_VERIFY2_WITH_TIMEOUT(statusOf(engine, id).messages == quint64(hosts),
                              qPrintable(describe(statusOf(engine, id))), WaitMs);
    FeedStatus s = statusOf(engine, id);
    QCOMPARE(engine.store().match(QStringLiteral("lat/**")).size(), qsizetype(limit));
    QCOMPARE(engine.store().names().size(), qsizetype(limit));
    QCOMPARE(s.samples, quint64(limit));
    QCOMPARE(s.rejected, quint64(hosts - limit));
    // The last message refused names the feed, the limit and its channel.
    QCOMPARE(s.lastProblem,
             QStringLiteral("feed \"lat\" is at its limit of %1 channels (maxChannels): "
                            "\"lat/latency/h%2\" not created")
                 .arg(limit)
                 .arg(hosts - 1));
    QVERIFY(engine.store().find(QStringLiteral("lat/latency/h%1").arg(limit - 1)));
    QVERIFY(!engine.store().find(QStringLiteral("lat/latency/h%1").arg(limit)));

    // The hosts that have a channel keep receiving; nothing more is rejected.
    burst.clear();
    for (int i = 0; i < limit; ++i)
        burst.append(hostMessage(i, 100000 + i));
    servers.post([source, burst] { source->send(burst, false); });
    QTRY_VERIFY2_WITH_TIMEOUT(statusOf(engine, id).messages == quint64(hosts + limit),
                              qPrintable(describe(statusOf(engine, id))), WaitMs);
    s = statusOf(engine, id);
    QCOMPARE(s.rejected, quint64(hosts - limit));
    QCOMPARE(s.samples, quint64(2 * limit));
    for (int i : {0, limit - 1}) {
        const ChannelPtr c = engine.store().find(QStringLiteral("lat/latency/h%1").arg(i));
        QVERIFY(c);
        QCOMPARE(c->totalNumbers(), quint64(2));
        QCOMPARE(c->lastNumber()->v, double(100000 + i));
    }
    QCOMPARE(s.connects, quint64(1));
    engine.shutdown();
}

QTEST_GUILESS_MAIN(TestChannelLimit)
#include "tst_channellimit.moc"
