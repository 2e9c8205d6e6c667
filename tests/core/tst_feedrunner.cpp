// The feed runners behind IngestEngine, as the app drives them: real SSE streams from a local
// HTTP server, the real plugins and two ingest threads.
#include "document/dashboard.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "localhttpserver.h"

#include <livedash/feedplugin.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <cmath>
#include <limits>

namespace livedash {

namespace {

FeedConfig sseFeed(const QString &id, const QUrl &url)
{
    FeedConfig f;
    f.id = id;
    f.plugin = QStringLiteral("sse");
    f.name = QStringLiteral("Feed ") + id;
    f.options.insert(QStringLiteral("url"), url.toString());
    f.reconnect.initialDelayMs = 20;
    f.reconnect.maxDelayMs = 100;
    return f;
}

/// A feed that never starts: its plugin rejects it (no URL).
FeedConfig brokenFeed(const QString &id)
{
    FeedConfig f;
    f.id = id;
    f.plugin = QStringLiteral("sse");
    f.name = QStringLiteral("Broken ") + id;
    return f;
}

FeedConfig disabled(FeedConfig f)
{
    f.enabled = false;
    return f;
}

Dashboard dashboardOf(const QList<FeedConfig> &feeds)
{
    Dashboard d;
    d.name = QStringLiteral("runner test");
    d.feeds = feeds;
    return d;
}

/// The board's feed ids, sorted: each ingest thread adds its own feeds' rows, in no set order.
QStringList boardIds(IngestEngine &engine)
{
    QStringList ids;
    for (const FeedStatus &s : engine.board().snapshot())
        ids.append(s.id);
    ids.sort();
    return ids;
}

FeedState stateOf(IngestEngine &engine, const QString &id)
{
    return engine.board().status(id).value_or(FeedStatus{}).state;
}

quint64 messagesOf(IngestEngine &engine, const QString &id)
{
    return engine.board().status(id).value_or(FeedStatus{}).messages;
}

/// What the `values` feed saw of its context, read by the test on its own thread.
std::atomic<qint64> seenHistoryWindowMs{-1};

/// A feed that has values rather than messages (as prometheus and system feeds do): gives
/// four through FeedContext::sample/textSample, then waits to be stopped.
class ValuesFeed final : public Feed
{
public:
    QCoro::Task<FeedEnd> run(FeedContext &ctx) override
    {
        seenHistoryWindowMs.store(ctx.historyWindow().count());
        ctx.connected();
        ctx.sample(u"load/1m", 1'700'000'000'000, 0.25);
        ctx.sample(u"ratio", 1'700'000'000'001, std::numeric_limits<double>::quiet_NaN());
        ctx.sample(u"limit", 1'700'000'000'002, std::numeric_limits<double>::infinity());
        ctx.textSample(u"state", 1'700'000'000'003, QStringLiteral("up"));
        co_await ctx.sleep(std::chrono::hours(1));
        co_return FeedEnd::cancelled();
    }
};

class ValuesPlugin final : public QObject, public FeedPlugin
{
    Q_OBJECT
    Q_INTERFACES(livedash::FeedPlugin)
public:
    PluginInfo info() const override
    {
        return {QStringLiteral("values"), QStringLiteral("Values"), QStringLiteral("1"), {}, {}};
    }
    std::unique_ptr<Feed> createFeed(const QVariantMap &) const override
    {
        return std::make_unique<ValuesFeed>();
    }
};

FeedConfig valuesFeed(const QString &id)
{
    FeedConfig f;
    f.id = id;
    f.plugin = QStringLiteral("values");
    f.name = id;
    return f;
}

PanelConfig chart(const QString &pattern, int windowSeconds)
{
    PanelConfig p;
    p.kind = PanelKind::Chart;
    p.channels = {pattern};
    p.windowSeconds = windowSeconds;
    return p;
}

} // namespace

class TestFeedRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void removedAndRenamedFeedsLeaveTheBoard();
    void newDashboardReplacesEveryRow();
    void disabledFeedKeepsAStoppedRow();
    void valuesAreRecordedAsGiven();
    void historyWindowIsTheLongestChartOfTheFeed();
    void valuesOverTheChannelLimitAreRejected();
    void probeShowsValuesAsAnObject();

private:
    ValuesPlugin m_values; ///< outlives the registry that lists it
    PluginRegistry m_registry;
    std::unique_ptr<LocalHttpServer> m_server;
};

void TestFeedRunner::initTestCase()
{
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    m_registry.add(&m_values, QStringLiteral("tst_feedrunner"));
    QVERIFY2(m_registry.plugin(QStringLiteral("sse")),
             "the sse plugin was not found in bin/plugins");
}

void TestFeedRunner::init()
{
    m_server = std::make_unique<LocalHttpServer>();
    // Every stream sends one event and stays open.
    m_server->route("/events", [](HttpExchange *ex) {
        ex->beginStream(200);
        ex->write("data: {\"n\": 1}\n\n");
    });
    QVERIFY(m_server->listen());
}

void TestFeedRunner::cleanup()
{
    m_server.reset();
}

void TestFeedRunner::removedAndRenamedFeedsLeaveTheBoard()
{
    const QUrl url = m_server->url(QStringLiteral("/events"));
    IngestEngine engine(&m_registry, 2);
    engine.apply(
        dashboardOf({sseFeed(QStringLiteral("keep"), url), sseFeed(QStringLiteral("old"), url),
                     sseFeed(QStringLiteral("gone"), url), brokenFeed(QStringLiteral("bad"))}));
    QTRY_COMPARE(engine.activeFeeds(), 3);
    for (const char *id : {"keep", "old", "gone"})
        QTRY_COMPARE(messagesOf(engine, QString::fromLatin1(id)), quint64(1));
    QTRY_COMPARE(stateOf(engine, QStringLiteral("bad")), FeedState::Error);
    QCOMPARE(boardIds(engine), (QStringList{"bad", "gone", "keep", "old"}));
    QCOMPARE(m_server->openConnections(), 3);

    // "old" renamed to "new" (same settings), "gone" and the feed that never started removed.
    engine.apply(
        dashboardOf({sseFeed(QStringLiteral("keep"), url), sseFeed(QStringLiteral("new"), url)}));
    QTRY_COMPARE(boardIds(engine), (QStringList{"keep", "new"}));
    QTRY_COMPARE(messagesOf(engine, QStringLiteral("new")), quint64(1));

    // The removed feeds' coroutines have returned, having written their last state: the rows
    // stay gone, and so do their channels.
    QTRY_COMPARE(engine.activeFeeds(), 2);
    QTRY_COMPARE(m_server->openConnections(), 2);
    QCOMPARE(boardIds(engine), (QStringList{"keep", "new"}));
    QVERIFY(!engine.board().status(QStringLiteral("old")));
    QVERIFY(!engine.board().status(QStringLiteral("gone")));
    QVERIFY(!engine.store().find(QStringLiteral("old/n")));
    QVERIFY(engine.store().find(QStringLiteral("new/n")));
    QCOMPARE(stateOf(engine, QStringLiteral("keep")), FeedState::Live);
    QCOMPARE(messagesOf(engine, QStringLiteral("keep")), quint64(1)); // kept its connection
}

void TestFeedRunner::newDashboardReplacesEveryRow()
{
    const QUrl url = m_server->url(QStringLiteral("/events"));
    IngestEngine engine(&m_registry, 2);
    engine.apply(dashboardOf({sseFeed(QStringLiteral("a"), url), sseFeed(QStringLiteral("b"), url),
                              brokenFeed(QStringLiteral("c"))}));
    QTRY_COMPARE(messagesOf(engine, QStringLiteral("a")), quint64(1));
    QTRY_COMPARE(messagesOf(engine, QStringLiteral("b")), quint64(1));

    engine.apply(dashboardOf({sseFeed(QStringLiteral("x"), url)}));
    QTRY_COMPARE(boardIds(engine), QStringList{QStringLiteral("x")});
    QTRY_COMPARE(engine.activeFeeds(), 1);
    QTRY_COMPARE(m_server->openConnections(), 1);
    QCOMPARE(boardIds(engine), QStringList{QStringLiteral("x")});

    engine.apply(dashboardOf({}));
    QTRY_VERIFY(boardIds(engine).isEmpty());
    QTRY_COMPARE(engine.activeFeeds(), 0);
    QVERIFY(boardIds(engine).isEmpty());
}

void TestFeedRunner::disabledFeedKeepsAStoppedRow()
{
    const QUrl url = m_server->url(QStringLiteral("/events"));
    IngestEngine engine(&m_registry, 2);
    const FeedConfig on = sseFeed(QStringLiteral("on"), url);
    const FeedConfig off = disabled(sseFeed(QStringLiteral("off"), url));
    engine.apply(dashboardOf({on, off, disabled(brokenFeed(QStringLiteral("bad")))}));
    QTRY_COMPARE(messagesOf(engine, QStringLiteral("on")), quint64(1));
    // Disabled from the start: listed, stopped, never connected.
    QTRY_COMPARE(boardIds(engine), (QStringList{"bad", "off", "on"}));
    QCOMPARE(stateOf(engine, QStringLiteral("off")), FeedState::Stopped);
    QCOMPARE(stateOf(engine, QStringLiteral("bad")), FeedState::Stopped);
    QCOMPARE(engine.activeFeeds(), 1);

    // Disabling a live feed stops it and keeps its row, stopped.
    engine.apply(dashboardOf({disabled(on), off}));
    QTRY_COMPARE(engine.activeFeeds(), 0);
    QTRY_COMPARE(m_server->openConnections(), 0);
    QCOMPARE(boardIds(engine), (QStringList{"off", "on"}));
    QCOMPARE(stateOf(engine, QStringLiteral("on")), FeedState::Stopped);
    QCOMPARE(messagesOf(engine, QStringLiteral("on")), quint64(0));
    QVERIFY(!engine.store().find(QStringLiteral("on/n")));

    // Enabled again: the same row goes live.
    engine.apply(dashboardOf({on, off}));
    QTRY_COMPARE(stateOf(engine, QStringLiteral("on")), FeedState::Live);
    QTRY_COMPARE(messagesOf(engine, QStringLiteral("on")), quint64(1));
    QCOMPARE(boardIds(engine), (QStringList{"off", "on"}));
}

void TestFeedRunner::valuesAreRecordedAsGiven()
{
    IngestEngine engine(&m_registry, 1);
    engine.apply(dashboardOf({valuesFeed(QStringLiteral("pc"))}));
    QTRY_COMPARE(engine.board().status(QStringLiteral("pc")).value_or(FeedStatus{}).samples,
                 quint64(4));
    const FeedStatus status = *engine.board().status(QStringLiteral("pc"));
    QCOMPARE(status.messages, quint64(4));
    QCOMPARE(status.rejected, quint64(0));
    const ChannelPtr load = engine.store().find(QStringLiteral("pc/load/1m"));
    QVERIFY(load);
    QCOMPARE(load->lastNumber()->t, qint64(1'700'000'000'000)); // the source's time, not now
    QCOMPARE(load->lastNumber()->v, 0.25);
    const ChannelPtr ratio = engine.store().find(QStringLiteral("pc/ratio"));
    QVERIFY(ratio && std::isnan(ratio->lastNumber()->v)); // NaN kept as it is
    const ChannelPtr limit = engine.store().find(QStringLiteral("pc/limit"));
    QVERIFY(limit && std::isinf(limit->lastNumber()->v) && limit->lastNumber()->v > 0);
    const ChannelPtr state = engine.store().find(QStringLiteral("pc/state"));
    QVERIFY(state);
    QCOMPARE(state->lastText()->text, QStringLiteral("up"));
    QCOMPARE(state->lastText()->t, qint64(1'700'000'000'003));
}

void TestFeedRunner::historyWindowIsTheLongestChartOfTheFeed()
{
    Dashboard d = dashboardOf({valuesFeed(QStringLiteral("pc"))});
    d.panels = {chart(QStringLiteral("pc/load/*"), 300), chart(QStringLiteral("pc/ratio"), 3600),
                chart(QStringLiteral("other/**"), 86400)};
    PanelConfig tile = chart(QStringLiteral("pc/**"), 7200);
    tile.kind = PanelKind::Tile; // not a chart: no history shown
    d.panels.append(tile);
    QCOMPARE(d.chartWindowOf(QStringLiteral("pc")), 3600);
    QCOMPARE(d.chartWindowOf(QStringLiteral("other")), 86400);
    QCOMPARE(d.chartWindowOf(QStringLiteral("none")), 0);

    seenHistoryWindowMs.store(-1);
    IngestEngine engine(&m_registry, 1);
    engine.apply(d);
    QTRY_COMPARE(seenHistoryWindowMs.load(), qint64(3'600'000));

    // A wildcard chart covers every feed; a longer window restarts the feed with it.
    d.panels.append(chart(QStringLiteral("*/load/1m"), 7200));
    seenHistoryWindowMs.store(-1);
    engine.apply(d);
    QTRY_COMPARE(seenHistoryWindowMs.load(), qint64(7'200'000));
}

void TestFeedRunner::valuesOverTheChannelLimitAreRejected()
{
    FeedConfig f = valuesFeed(QStringLiteral("pc"));
    f.maxChannels = 2;
    IngestEngine engine(&m_registry, 1);
    engine.apply(dashboardOf({f}));
    QTRY_COMPARE(engine.board().status(QStringLiteral("pc")).value_or(FeedStatus{}).rejected,
                 quint64(2));
    const FeedStatus status = *engine.board().status(QStringLiteral("pc"));
    QCOMPARE(status.samples, quint64(2));
    QVERIFY2(status.lastProblem.contains(QLatin1String("limit")), qPrintable(status.lastProblem));
    QVERIFY(!engine.store().find(QStringLiteral("pc/limit")));
}

void TestFeedRunner::probeShowsValuesAsAnObject()
{
    IngestEngine engine(&m_registry, 1);
    QSignalSpy spy(&engine, &IngestEngine::probeFinished);
    engine.probe(QStringLiteral("r1"), valuesFeed(QStringLiteral("pc")), 5000);
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(2).toString(), QString());
    const QJsonObject shown = QJsonDocument::fromJson(spy.at(0).at(1).toByteArray()).object();
    QCOMPARE(shown.value(QStringLiteral("load/1m")).toDouble(), 0.25);
    QCOMPARE(shown.value(QStringLiteral("ratio")).toString(), QStringLiteral("NaN"));
    QCOMPARE(shown.value(QStringLiteral("limit")).toString(), QStringLiteral("+Inf"));
    QCOMPARE(shown.value(QStringLiteral("state")).toString(), QStringLiteral("up"));
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestFeedRunner)

#include "tst_feedrunner.moc"
