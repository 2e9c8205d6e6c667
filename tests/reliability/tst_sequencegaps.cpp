// Reliability scenario 5: sequence gaps, end to end on every feed kind.
//
// tests/core checks the gap arithmetic of the mapper (sequenceGap, fan-out). Here a server
// skips numbers through the real plugins and the runner, and the test checks after each step
// that FeedStatus.gaps counts exactly the missing numbers and that lastProblem names the
// jump, on the message right after it.
#include "ingest/pluginregistry.h"
#include "support.h"

#include <QTest>

using namespace livedash;
using namespace livedash::reliability;

namespace {

constexpr int WaitMs = 20000;

QByteArray message(qint64 seq)
{
    return "{\"seq\":" + QByteArray::number(seq) + ",\"v\":" + QByteArray::number(seq % 7) + "}";
}

QList<QByteArray> range(qint64 from, qint64 to)
{
    QList<QByteArray> out;
    for (qint64 s = from; s <= to; ++s)
        out.append(message(s));
    return out;
}

struct Step
{
    const char *what;
    QList<QByteArray> messages;
    quint64 gaps;    ///< expected FeedStatus.gaps after the step (cumulative)
    QString problem; ///< expected FeedStatus.lastProblem after it
};

QList<Step> steps()
{
    return {
        {"consecutive", range(1, 10), 0, QString()},
        {"one missing", {message(12)}, 1, QStringLiteral("sequence gap: expected 11, got 12")},
        {"four missing after a run", range(13, 20) << message(25), 5,
         QStringLiteral("sequence gap: expected 21, got 25")},
        {"999 missing",
         {message(26), message(1026)},
         1004,
         QStringLiteral("sequence gap: expected 27, got 1026")},
        {"one missing inside a fanned-out message",
         {R"([{"seq":1027,"v":1},{"seq":1029,"v":2},{"seq":1030,"v":3}])"},
         1005,
         QStringLiteral("sequence gap inside one message (1 missing)")},
        {"numbers as strings",
         {R"({"seq":"1031","v":1})", R"({"seq":"1034","v":1})"},
         1007,
         QStringLiteral("sequence gap: expected 1032, got 1034")},
        {"no gap: the last problem stays", range(1035, 1040), 1007,
         QStringLiteral("sequence gap: expected 1032, got 1034")},
        // Documented in core/ingest/messagemapper.h: a counter that goes back (the source
        // restarted) counts once.
        {"source restarted", range(1, 3), 1008,
         QStringLiteral("sequence gap: expected 1041, got 1")},
    };
}

} // namespace

class TestSequenceGaps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void gapsCountedExactly_data();
    void gapsCountedExactly();
    void unchangedHttpResponseIsNotAGap();
    void newConnectionStartsANewSequence_data();
    void newConnectionStartsANewSequence();

private:
    PluginRegistry m_registry;
};

void TestSequenceGaps::initTestCase()
{
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    for (const char *kind : {"websocket", "http", "sse"})
        QVERIFY2(m_registry.plugin(QString::fromLatin1(kind)), kind);
}

void TestSequenceGaps::gapsCountedExactly_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("websocket") << QStringLiteral("websocket");
    QTest::newRow("sse") << QStringLiteral("sse");
    QTest::newRow("http") << QStringLiteral("http");
}

void TestSequenceGaps::gapsCountedExactly()
{
    QFETCH(QString, kind);
    ServerThread servers;
    auto *source = servers.make<BurstSource>(kind);
    bool ok = false;
    servers.run([&] { ok = source->listen(); });
    QVERIFY(ok);
    IngestEngine engine(&m_registry, 1);
    QVariantMap options;
    if (kind == QLatin1String("http"))
        options.insert(QStringLiteral("intervalMs"), 100);
    engine.apply(dashboardOf({feedConfig(QStringLiteral("s"), kind, source->url(),
                                         {QStringLiteral("v")}, QStringLiteral("seq"), options)}));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            bool r = false;
            servers.run([&] { r = source->ready(); });
            return r;
        }(),
        WaitMs);

    quint64 sent = 0;
    for (const Step &step : steps()) {
        servers.run([&] { source->send(step.messages, false); });
        sent += quint64(step.messages.size());
        const QString what = QString::fromLatin1(step.what);
        QTRY_VERIFY2_WITH_TIMEOUT(statusOf(engine, QStringLiteral("s")).messages == sent,
                                  qPrintable(what + QStringLiteral(": ") +
                                             describe(statusOf(engine, QStringLiteral("s")))),
                                  WaitMs);
        const FeedStatus s = statusOf(engine, QStringLiteral("s"));
        QVERIFY2(s.gaps == step.gaps, qPrintable(what + QStringLiteral(": ") + describe(s)));
        QVERIFY2(s.lastProblem == step.problem,
                 qPrintable(what + QStringLiteral(": ") + describe(s)));
        QCOMPARE(s.rejected, quint64(0));
    }
    const FeedStatus s = statusOf(engine, QStringLiteral("s"));
    QCOMPARE(s.connects, quint64(1));
    QCOMPARE(s.state, FeedState::Live);
    engine.shutdown();
}

void TestSequenceGaps::unchangedHttpResponseIsNotAGap()
{
    // An endpoint without ETag that is polled faster than it changes answers the same
    // document again: the same sequence number is a repeat, not a missing message. (With
    // ETag the poll gets 304 and maps nothing; without it the body is mapped again.)
    ServerThread servers;
    auto requests = std::make_shared<std::atomic<int>>(0);
    auto *http = servers.make<LocalHttpServer>();
    http->route("/state", [requests](HttpExchange *ex) {
        // Changes every 4th poll, like a status document updated slower than it is polled.
        const int n = requests->fetch_add(1) / 4 + 1;
        ex->respond(200, message(n));
    });
    bool ok = false;
    servers.run([&] { ok = http->listen(); });
    QVERIFY(ok);
    IngestEngine engine(&m_registry, 1);
    engine.apply(dashboardOf(
        {feedConfig(QStringLiteral("state"), QStringLiteral("http"),
                    http->url(QStringLiteral("/state")).toString(), {QStringLiteral("v")},
                    QStringLiteral("seq"), {{QStringLiteral("intervalMs"), 100}})}));
    QTRY_VERIFY_WITH_TIMEOUT(statusOf(engine, QStringLiteral("state")).messages >= 12, WaitMs);
    const FeedStatus s = statusOf(engine, QStringLiteral("state"));
    engine.shutdown();
    QVERIFY2(s.gaps == 0, qPrintable(describe(s)));
    QVERIFY2(s.lastProblem.isEmpty(), qPrintable(describe(s)));
}

void TestSequenceGaps::newConnectionStartsANewSequence_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("websocket") << QStringLiteral("websocket");
    QTest::newRow("sse") << QStringLiteral("sse");
}

void TestSequenceGaps::newConnectionStartsANewSequence()
{
    // The source restarts and counts from 1 again on the new connection: no gap. One that goes
    // on past where it was has lost what came during the outage: those are gaps.
    QFETCH(QString, kind);
    ServerThread servers;
    auto *source = servers.make<BurstSource>(kind);
    bool ok = false;
    servers.run([&] { ok = source->listen(); });
    QVERIFY(ok);
    IngestEngine engine(&m_registry, 1);
    FeedConfig feed = feedConfig(QStringLiteral("s"), kind, source->url(), {QStringLiteral("v")},
                                 QStringLiteral("seq"), {});
    feed.reconnect.initialDelayMs = 50;
    engine.apply(dashboardOf({feed}));
    const auto ready = [&] {
        bool r = false;
        servers.run([&] { r = source->ready(); });
        return r;
    };
    const auto reconnect = [&](quint64 connects) {
        servers.run([&] { source->dropConnection(); });
        QTRY_VERIFY_WITH_TIMEOUT(
            statusOf(engine, QStringLiteral("s")).connects == connects && ready(), WaitMs);
    };
    QTRY_VERIFY_WITH_TIMEOUT(ready(), WaitMs);
    quint64 sent = 0;
    const auto sendAndWait = [&](const QList<QByteArray> &messages) {
        servers.run([&] { source->send(messages, false); });
        sent += quint64(messages.size());
        QTRY_VERIFY_WITH_TIMEOUT(statusOf(engine, QStringLiteral("s")).messages == sent, WaitMs);
    };
    sendAndWait(range(1, 10));
    reconnect(2);
    sendAndWait(range(1, 5));
    QCOMPARE(statusOf(engine, QStringLiteral("s")).gaps, quint64(0));
    // Within one connection, going back is still counted (documented: once).
    sendAndWait({message(2)});
    QCOMPARE(statusOf(engine, QStringLiteral("s")).gaps, quint64(1));
    sendAndWait(range(3, 4));
    // Resumed past where it was: 5 to 9 were missed during the outage.
    reconnect(3);
    sendAndWait({message(10)});
    const FeedStatus s = statusOf(engine, QStringLiteral("s"));
    QCOMPARE(s.gaps, quint64(1 + 5));
    QCOMPARE(s.lastProblem, QStringLiteral("sequence gap: expected 5, got 10"));
    engine.shutdown();
}

QTEST_GUILESS_MAIN(TestSequenceGaps)
#include "tst_sequencegaps.moc"
