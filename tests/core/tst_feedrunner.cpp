// The feed runners behind IngestEngine, as the app drives them: real SSE streams from a local
// HTTP server, the real plugins and two ingest threads.
#include "document/dashboard.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "localhttpserver.h"

#include <QTest>

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

private:
    PluginRegistry m_registry;
    std::unique_ptr<LocalHttpServer> m_server;
};

void TestFeedRunner::initTestCase()
{
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
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

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestFeedRunner)
#include "tst_feedrunner.moc"
