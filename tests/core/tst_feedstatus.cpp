#include "ingest/feedstatus.h"

#include <QSet>
#include <QTest>

#include <thread>

namespace livedash {

namespace {

QStringList ids(const QList<FeedStatus> &list)
{
    QStringList out;
    for (const FeedStatus &s : list)
        out.append(s.id);
    return out;
}

} // namespace

class TestFeedStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stateNames();
    void initialSnapshot();
    void stateTransitions();
    void countersAppearInSnapshots();
    void concurrentCountersLoseNothing();
    void boardKeepsInsertionOrder();
    void boardReplacesSameId();
    void boardRemoveChecksTheInstance();
    void boardStatusById();
};

void TestFeedStatus::stateNames()
{
    QSet<QString> names;
    for (auto s : {FeedState::Stopped, FeedState::Connecting, FeedState::Live, FeedState::Retrying,
                   FeedState::Finished, FeedState::Error})
        names.insert(feedStateName(s));
    QCOMPARE(names.size(), 6);
    QCOMPARE(feedStateName(FeedState::Live), QStringLiteral("live"));
    QCOMPARE(feedStateName(FeedState::Retrying), QStringLiteral("retrying"));
    QVERIFY(!names.contains(QString()));
}

void TestFeedStatus::initialSnapshot()
{
    const FeedStats stats(QStringLiteral("a"), QStringLiteral("Feed A"), QStringLiteral("sse"));
    const FeedStatus s = stats.snapshot();
    QCOMPARE(s.id, QStringLiteral("a"));
    QCOMPARE(s.name, QStringLiteral("Feed A"));
    QCOMPARE(s.plugin, QStringLiteral("sse"));
    QCOMPARE(s.state, FeedState::Stopped);
    QCOMPARE(s.messages, quint64(0));
    QCOMPARE(s.attempt, 0);
    QVERIFY(s.lastError.isEmpty());
}

void TestFeedStatus::stateTransitions()
{
    FeedStats stats(QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("websocket"));
    stats.setState(FeedState::Connecting, QStringLiteral("ws://h/x"));
    FeedStatus s = stats.snapshot();
    QCOMPARE(s.state, FeedState::Connecting);
    QCOMPARE(s.detail, QStringLiteral("ws://h/x"));

    stats.setRetrying(123456, 3, QStringLiteral("connection refused"));
    s = stats.snapshot();
    QCOMPARE(s.state, FeedState::Retrying);
    QCOMPARE(s.retryAtMs, 123456);
    QCOMPARE(s.attempt, 3);
    QCOMPARE(s.lastError, QStringLiteral("connection refused"));

    stats.setState(FeedState::Live, QStringLiteral("ws://h/x"));
    s = stats.snapshot();
    QCOMPARE(s.state, FeedState::Live);
    QCOMPARE(s.attempt, 0); // going live resets the attempt count
    QCOMPARE(s.lastError, QStringLiteral("connection refused")); // the last error stays visible

    stats.setState(FeedState::Connecting);
    QVERIFY(stats.snapshot().detail.isEmpty());

    stats.setError(QStringLiteral("closed: 1009"));
    stats.setProblem(QStringLiteral("field v is missing"));
    stats.setNote(QStringLiteral("304 not modified"));
    s = stats.snapshot();
    QCOMPARE(s.lastError, QStringLiteral("closed: 1009"));
    QCOMPARE(s.lastProblem, QStringLiteral("field v is missing"));
    QCOMPARE(s.note, QStringLiteral("304 not modified"));
    QCOMPARE(s.state, FeedState::Connecting);
}

void TestFeedStatus::countersAppearInSnapshots()
{
    FeedStats stats(QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("http"));
    stats.messages = 10;
    stats.samples = 20;
    stats.rejected = 3;
    stats.bytes = 4096;
    stats.gaps = 1;
    stats.connects = 2;
    stats.lastMessageMs = 1700000000000;
    const FeedStatus s = stats.snapshot();
    QCOMPARE(s.messages, quint64(10));
    QCOMPARE(s.samples, quint64(20));
    QCOMPARE(s.rejected, quint64(3));
    QCOMPARE(s.bytes, quint64(4096));
    QCOMPARE(s.gaps, quint64(1));
    QCOMPARE(s.connects, quint64(2));
    QCOMPARE(s.lastMessageMs, Q_INT64_C(1700000000000));
}

void TestFeedStatus::concurrentCountersLoseNothing()
{
    FeedStats stats(QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("ws"));
    std::vector<std::thread> threads;
    for (int w = 0; w < 4; ++w) {
        threads.emplace_back([&stats, w] {
            for (int i = 0; i < 100000; ++i) {
                stats.messages.fetch_add(1, std::memory_order_relaxed);
                stats.samples.fetch_add(2, std::memory_order_relaxed);
                if (i % 1000 == 0)
                    stats.setProblem(QStringLiteral("w%1 #%2").arg(w).arg(i));
            }
        });
    }
    for (int i = 0; i < 200; ++i)
        (void)stats.snapshot(); // reading while writing
    for (std::thread &t : threads)
        t.join();
    const FeedStatus s = stats.snapshot();
    QCOMPARE(s.messages, quint64(400000));
    QCOMPARE(s.samples, quint64(800000));
    QVERIFY(s.lastProblem.endsWith(QStringLiteral("#99000")));
}

void TestFeedStatus::boardKeepsInsertionOrder()
{
    FeedStatusBoard board;
    QVERIFY(board.snapshot().isEmpty());
    board.add(QStringLiteral("c"), QStringLiteral("C"), QStringLiteral("http"));
    board.add(QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("sse"));
    board.add(QStringLiteral("b"), QStringLiteral("B"), QStringLiteral("websocket"));
    QCOMPARE(ids(board.snapshot()), (QStringList{"c", "a", "b"}));
    QCOMPARE(board.snapshot()[1].plugin, QStringLiteral("sse"));
}

void TestFeedStatus::boardReplacesSameId()
{
    FeedStatusBoard board;
    const auto a1 = board.add(QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("http"));
    board.add(QStringLiteral("b"), QStringLiteral("B"), QStringLiteral("http"));
    a1->messages = 5;
    const auto a2 = board.add(QStringLiteral("a"), QStringLiteral("A2"), QStringLiteral("sse"));
    QVERIFY(a1 != a2);
    const QList<FeedStatus> all = board.snapshot();
    QCOMPARE(ids(all), (QStringList{"a", "b"})); // same place, one entry
    QCOMPARE(all[0].name, QStringLiteral("A2"));
    QCOMPARE(all[0].messages, quint64(0)); // fresh counters for the restarted feed
}

void TestFeedStatus::boardRemoveChecksTheInstance()
{
    FeedStatusBoard board;
    const auto old = board.add(QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("http"));
    const auto current =
        board.add(QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("http"));
    board.add(QStringLiteral("b"), QStringLiteral("B"), QStringLiteral("http"));

    board.remove(QStringLiteral("a"), old); // a stale runner must not remove its successor
    QCOMPARE(ids(board.snapshot()), (QStringList{"a", "b"}));
    board.remove(QStringLiteral("a"), current);
    QCOMPARE(ids(board.snapshot()), QStringList{"b"});
    board.remove(QStringLiteral("b"), nullptr); // no instance: remove whatever is there
    QVERIFY(board.snapshot().isEmpty());
    board.remove(QStringLiteral("nothing"), nullptr);
    QVERIFY(board.snapshot().isEmpty());
}

void TestFeedStatus::boardStatusById()
{
    FeedStatusBoard board;
    const auto a = board.add(QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("http"));
    a->setState(FeedState::Live, QStringLiteral("http://h/"));
    a->rejected = 7;
    const auto s = board.status(QStringLiteral("a"));
    QVERIFY(s.has_value());
    QCOMPARE(s->state, FeedState::Live);
    QCOMPARE(s->rejected, quint64(7));
    QVERIFY(!board.status(QStringLiteral("b")).has_value());
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestFeedStatus)
#include "tst_feedstatus.moc"
