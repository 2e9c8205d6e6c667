#include "store/channelstore.h"

#include <QSemaphore>
#include <QTest>

#include <array>
#include <atomic>
#include <limits>
#include <thread>

namespace livedash {

namespace {

template<typename T>
QList<T> contents(const Ring<T> &ring)
{
    QList<T> out;
    for (qsizetype i = 0; i < ring.size(); ++i)
        out.append(ring.at(i));
    return out;
}

QList<double> values(const Channel &c, qint64 from = std::numeric_limits<qint64>::min(),
                     qint64 to = std::numeric_limits<qint64>::max())
{
    QList<double> out;
    c.forEachNumber(from, to, [&](const Sample &s) { out.append(s.v); });
    return out;
}

QStringList texts(const QList<TextSample> &list)
{
    QStringList out;
    for (const TextSample &s : list)
        out.append(s.text);
    return out;
}

/// A value that is not monotonic in the append index, so the min/max summary is exercised.
double valueAt(quint64 index)
{
    return double((index * 7919) % 100003);
}

/// Checks that `c` holds exactly the samples [first, end) as appended by appendSeries(): in
/// order, none missing or repeated, and that its min/max summary agrees with a plain scan.
void verifySeries(const Channel &c, quint64 first, quint64 end)
{
    QCOMPARE(c.totalNumbers(), end);
    QCOMPARE(quint64(c.numberCount()), end - first);
    const QString problem = c.readNumbers([&](const NumberView &view) -> QString {
        if (view.begin() != first || view.end() != end)
            return QStringLiteral("holds [%1, %2)").arg(view.begin()).arg(view.end());
        for (quint64 i = first; i < end; ++i)
            if (view.at(i).t != qint64(i) || view.at(i).v != valueAt(i))
                return QStringLiteral("sample %1 is t=%2 v=%3")
                    .arg(i)
                    .arg(view.at(i).t)
                    .arg(view.at(i).v);
        const quint64 n = end - first;
        for (const auto &[a, b] :
             {std::pair{first, end}, std::pair{first + 1, end - 1},
              std::pair{first + n / 3, first + n / 2 + 77}, std::pair{end - 5000, end}}) {
            MinMax scan;
            for (quint64 i = a; i < b; ++i)
                scan.fold(view.at(i));
            const MinMax sum = view.minMax(a, b);
            if (sum.finite != scan.finite || sum.lo.v != scan.lo.v || sum.hi.v != scan.hi.v)
                return QStringLiteral("min/max of [%1, %2) is %3..%4, a scan finds %5..%6")
                    .arg(a)
                    .arg(b)
                    .arg(sum.lo.v)
                    .arg(sum.hi.v)
                    .arg(scan.lo.v)
                    .arg(scan.hi.v);
        }
        return {};
    });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void appendSeries(Channel &c, quint64 from, quint64 to)
{
    for (quint64 i = from; i < to; ++i)
        c.appendNumber(qint64(i), valueAt(i));
}

QStringList names(const QList<ChannelPtr> &channels)
{
    QStringList out;
    for (const ChannelPtr &c : channels)
        out.append(c->name());
    return out;
}

} // namespace

class TestChannelStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ringKeepsOrderBeforeFull();
    void ringKeepsNewestAfterWrap();
    void ringZeroCapacityHoldsOne();
    void ringShrinkKeepsNewest();
    void ringGrowAfterWrap();
    void ringClear();
    void channelHistoryIsBounded();
    void channelTextHistoryIsBounded();
    void channelLastValues();
    void channelVersionBumps();
    void channelFeedId();
    void forEachNumberWindow_data();
    void forEachNumberWindow();
    void forEachNumberAfterWrap();
    void forEachNumberToleratesSmallDisorder();
    void numberViewLowerBound_data();
    void numberViewLowerBound();
    void numberViewLowerBoundWithRepeatedTimes();
    void textsSince();
    void textsSinceAfterOverflow();
    void storeFindsOrCreates();
    void storeHistoryLength();
    void patternMatches_data();
    void patternMatches();
    void matchReturnsSortedChannels();
    void removeFeed();
    void channelLimitPerFeed();
    void channelLimitHoldsUnderConcurrentCreation();
    void concurrentAppendsLoseNothing();
    void resizeDuringAppendsLosesNothing();
    void historyLengthChangeDoesNotWaitForChannels();
};

void TestChannelStore::ringKeepsOrderBeforeFull()
{
    Ring<int> ring(4);
    QVERIFY(ring.isEmpty());
    QCOMPARE(ring.capacity(), 4);
    ring.push(1);
    ring.push(2);
    ring.push(3);
    QCOMPARE(ring.size(), 3);
    QCOMPARE(contents(ring), (QList<int>{1, 2, 3}));
    QCOMPARE(ring.last(), 3);
}

void TestChannelStore::ringKeepsNewestAfterWrap()
{
    Ring<int> ring(3);
    for (int i = 1; i <= 5; ++i)
        ring.push(i);
    QCOMPARE(ring.size(), 3);
    QCOMPARE(contents(ring), (QList<int>{3, 4, 5}));
    QCOMPARE(ring.last(), 5);

    Ring<int> many(4);
    for (int i = 0; i <= 102; ++i) {
        many.push(i);
        QCOMPARE(many.last(), i);
        QCOMPARE(many.at(0), std::max(0, i - 3));
    }
    QCOMPARE(contents(many), (QList<int>{99, 100, 101, 102}));
}

void TestChannelStore::ringZeroCapacityHoldsOne()
{
    Ring<int> ring(0);
    QCOMPARE(ring.capacity(), 1);
    ring.push(1);
    ring.push(2);
    QCOMPARE(ring.size(), 1);
    QCOMPARE(ring.last(), 2);
}

void TestChannelStore::ringShrinkKeepsNewest()
{
    Ring<int> ring(5);
    for (int i = 1; i <= 8; ++i)
        ring.push(i);
    QCOMPARE(contents(ring), (QList<int>{4, 5, 6, 7, 8}));
    ring.setCapacity(3);
    QCOMPARE(ring.capacity(), 3);
    QCOMPARE(contents(ring), (QList<int>{6, 7, 8}));
    ring.push(9);
    QCOMPARE(contents(ring), (QList<int>{7, 8, 9}));

    Ring<int> partial(10);
    partial.push(1);
    partial.push(2);
    partial.setCapacity(5); // shrink above the size: keeps all
    QCOMPARE(contents(partial), (QList<int>{1, 2}));
}

void TestChannelStore::ringGrowAfterWrap()
{
    Ring<int> ring(3);
    for (int i = 1; i <= 5; ++i)
        ring.push(i);
    ring.setCapacity(5);
    QCOMPARE(contents(ring), (QList<int>{3, 4, 5}));
    ring.push(6);
    ring.push(7);
    QCOMPARE(contents(ring), (QList<int>{3, 4, 5, 6, 7}));
    ring.push(8);
    QCOMPARE(contents(ring), (QList<int>{4, 5, 6, 7, 8}));
    QCOMPARE(ring.size(), 5);
}

void TestChannelStore::ringClear()
{
    Ring<int> ring(2);
    ring.push(1);
    ring.push(2);
    ring.push(3);
    ring.clear();
    QVERIFY(ring.isEmpty());
    QCOMPARE(ring.capacity(), 2);
    ring.push(4);
    QCOMPARE(contents(ring), QList<int>{4});
}

void TestChannelStore::channelHistoryIsBounded()
{
    ChannelStore store(100);
    const ChannelPtr c = store.channel(QStringLiteral("f/x"));
    for (int i = 0; i < 1000; ++i)
        c->appendNumber(i, i);
    QCOMPARE(c->numberCount(), 100);
    QCOMPARE(c->totalNumbers(), quint64(1000));
    const QList<double> kept = values(*c);
    QCOMPARE(kept.size(), 100);
    QCOMPARE(kept.first(), 900.0);
    QCOMPARE(kept.last(), 999.0);
    QVERIFY(c->hasNumbers());
    QVERIFY(!c->hasTexts());
}

void TestChannelStore::channelTextHistoryIsBounded()
{
    ChannelStore store(100, 10);
    const ChannelPtr c = store.channel(QStringLiteral("f/log"));
    for (int i = 0; i < 25; ++i)
        c->appendText(i, QString::number(i));
    QCOMPARE(c->totalTexts(), quint64(25));
    const QStringList kept = texts(c->lastTexts(100));
    QCOMPARE(kept.size(), 10);
    QCOMPARE(kept.first(), QStringLiteral("15"));
    QCOMPARE(kept.last(), QStringLiteral("24"));
    QCOMPARE(texts(c->lastTexts(2)), (QStringList{"23", "24"}));
    QVERIFY(c->lastTexts(0).isEmpty());
    QVERIFY(c->hasTexts());
    QVERIFY(!c->hasNumbers());
    QCOMPARE(c->lastText()->text, QStringLiteral("24"));
    QCOMPARE(c->lastText()->t, 24);
}

void TestChannelStore::channelLastValues()
{
    Channel c(QStringLiteral("f/x"), 10, 10);
    QVERIFY(!c.lastNumber());
    QVERIFY(!c.lastTwoNumbers());
    QVERIFY(!c.lastText());
    c.appendNumber(1, 10.0);
    QCOMPARE(c.lastNumber()->v, 10.0);
    QVERIFY(!c.lastTwoNumbers());
    c.appendNumber(2, 20.0);
    c.appendNumber(3, 30.0);
    const auto two = c.lastTwoNumbers();
    QVERIFY(two.has_value());
    QCOMPARE(two->first.t, 2);
    QCOMPARE(two->first.v, 20.0);
    QCOMPARE(two->second.t, 3);
    QCOMPARE(two->second.v, 30.0);
}

void TestChannelStore::channelVersionBumps()
{
    Channel c(QStringLiteral("f/x"), 10, 10);
    const quint64 v0 = c.version();
    c.appendNumber(1, 1);
    QVERIFY(c.version() > v0);
    const quint64 v1 = c.version();
    c.appendText(1, QStringLiteral("a"));
    QVERIFY(c.version() > v1);
    const quint64 v2 = c.version();
    c.setCapacity(5);
    QVERIFY(c.version() > v2);
    const quint64 v3 = c.version();
    (void)c.lastNumber();
    (void)c.textsSince(0, nullptr);
    QCOMPARE(c.version(), v3); // reading does not bump
}

void TestChannelStore::channelFeedId()
{
    QCOMPARE(Channel(QStringLiteral("feed/a/b"), 2, 2).feedId(), QStringLiteral("feed"));
    QCOMPARE(Channel(QStringLiteral("feed"), 2, 2).feedId(), QStringLiteral("feed"));
    QCOMPARE(Channel(QStringLiteral("f.x/a"), 2, 2).name(), QStringLiteral("f.x/a"));
}

void TestChannelStore::forEachNumberWindow_data()
{
    // clang-format off
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<QList<double>>("expected");

    // Samples at t = 0, 10, 20, ..., 90 with v = t / 10.
    QTest::newRow("inclusive bounds") << Q_INT64_C(20) << Q_INT64_C(40)
                                      << QList<double>{2, 3, 4};
    QTest::newRow("between samples") << Q_INT64_C(21) << Q_INT64_C(39) << QList<double>{3};
    QTest::newRow("single point") << Q_INT64_C(50) << Q_INT64_C(50) << QList<double>{5};
    QTest::newRow("everything") << Q_INT64_C(-1000) << Q_INT64_C(1000)
                                << QList<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    QTest::newRow("before all") << Q_INT64_C(-100) << Q_INT64_C(-1) << QList<double>{};
    QTest::newRow("after all") << Q_INT64_C(91) << Q_INT64_C(1000) << QList<double>{};
    QTest::newRow("empty window") << Q_INT64_C(50) << Q_INT64_C(40) << QList<double>{};
    // clang-format on
}

void TestChannelStore::forEachNumberWindow()
{
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(QList<double>, expected);

    Channel c(QStringLiteral("f/x"), 100, 10);
    for (int i = 0; i < 10; ++i)
        c.appendNumber(i * 10, i);
    QCOMPARE(values(c, from, to), expected);
}

void TestChannelStore::forEachNumberAfterWrap()
{
    Channel c(QStringLiteral("f/x"), 8, 1);
    for (int i = 0; i < 21; ++i) // kept: t = 13..20
        c.appendNumber(i, i);
    QCOMPARE(values(c), (QList<double>{13, 14, 15, 16, 17, 18, 19, 20}));
    QCOMPARE(values(c, 0, 14), (QList<double>{13, 14}));
    QCOMPARE(values(c, 18, 100), (QList<double>{18, 19, 20}));
    QCOMPARE(values(c, 15, 16), (QList<double>{15, 16}));
}

void TestChannelStore::forEachNumberToleratesSmallDisorder()
{
    Channel c(QStringLiteral("f/x"), 100, 1);
    for (qint64 t : {1, 2, 3, 5, 4, 6, 7})
        c.appendNumber(t, double(t));
    QCOMPARE(values(c, 4, 5), (QList<double>{5, 4}));
}

void TestChannelStore::numberViewLowerBound_data()
{
    QTest::addColumn<qint64>("t");
    QTest::addColumn<quint64>("expected");

    // A ring of 8 after 21 appends at t = 0, 10, ..., 200: kept are indexes 13..20 (t = 130..200).
    QTest::newRow("exact, oldest kept") << Q_INT64_C(130) << Q_UINT64_C(13);
    QTest::newRow("exact, middle") << Q_INT64_C(160) << Q_UINT64_C(16);
    QTest::newRow("exact, newest") << Q_INT64_C(200) << Q_UINT64_C(20);
    QTest::newRow("just after a sample") << Q_INT64_C(161) << Q_UINT64_C(17);
    QTest::newRow("just before a sample") << Q_INT64_C(159) << Q_UINT64_C(16);
    QTest::newRow("before every kept sample") << Q_INT64_C(-5) << Q_UINT64_C(13);
    QTest::newRow("an overwritten sample's time") << Q_INT64_C(50) << Q_UINT64_C(13);
    QTest::newRow("after every sample") << Q_INT64_C(201) << Q_UINT64_C(21);
}

void TestChannelStore::numberViewLowerBound()
{
    QFETCH(qint64, t);
    QFETCH(quint64, expected);

    Channel c(QStringLiteral("f/x"), 8, 1);
    for (int i = 0; i < 21; ++i)
        c.appendNumber(i * 10, i);
    const auto [begin, end, got] = c.readNumbers([&](const NumberView &view) {
        return std::array<quint64, 3>{view.begin(), view.end(), view.lowerBound(t)};
    });
    QCOMPARE(begin, Q_UINT64_C(13));
    QCOMPARE(end, Q_UINT64_C(21));
    QCOMPARE(got, expected);
}

void TestChannelStore::numberViewLowerBoundWithRepeatedTimes()
{
    // Several samples at one time (a message fanned out to one channel): the first of them.
    Channel c(QStringLiteral("f/x"), 100, 1);
    for (qint64 t : {5, 10, 10, 10, 20, 20, 30})
        c.appendNumber(t, double(t));
    c.readNumbers([](const NumberView &view) {
        QCOMPARE(view.lowerBound(5), Q_UINT64_C(0));
        QCOMPARE(view.lowerBound(10), Q_UINT64_C(1));
        QCOMPARE(view.lowerBound(11), Q_UINT64_C(4));
        QCOMPARE(view.lowerBound(20), Q_UINT64_C(4));
        QCOMPARE(view.lowerBound(30), Q_UINT64_C(6));
        QCOMPARE(view.lowerBound(31), Q_UINT64_C(7));
    });
}

void TestChannelStore::textsSince()
{
    Channel c(QStringLiteral("f/log"), 10, 10);
    quint64 total = 99;
    QVERIFY(c.textsSince(0, &total).isEmpty());
    QCOMPARE(total, quint64(0));

    c.appendText(1, QStringLiteral("a"));
    c.appendText(2, QStringLiteral("b"));
    c.appendText(3, QStringLiteral("c"));
    QCOMPARE(texts(c.textsSince(0, &total)), (QStringList{"a", "b", "c"}));
    QCOMPARE(total, quint64(3));
    QVERIFY(c.textsSince(total, &total).isEmpty());
    QCOMPARE(total, quint64(3));

    c.appendText(4, QStringLiteral("d"));
    c.appendText(5, QStringLiteral("e"));
    const QList<TextSample> fresh = c.textsSince(total, &total);
    QCOMPARE(texts(fresh), (QStringList{"d", "e"}));
    QCOMPARE(fresh.first().t, 4);
    QCOMPARE(total, quint64(5));
    QCOMPARE(texts(c.textsSince(3, nullptr)), (QStringList{"d", "e"}));
}

void TestChannelStore::textsSinceAfterOverflow()
{
    Channel c(QStringLiteral("f/log"), 10, 4);
    quint64 total = 0;
    c.appendText(0, QStringLiteral("old"));
    QCOMPARE(c.textsSince(0, &total).size(), 1);
    for (int i = 1; i <= 10; ++i)
        c.appendText(i, QString::number(i));
    // Ten arrived but only four are kept: the reader gets the newest four, in order.
    QCOMPARE(texts(c.textsSince(total, &total)), (QStringList{"7", "8", "9", "10"}));
    QCOMPARE(total, quint64(11));
}

void TestChannelStore::storeFindsOrCreates()
{
    ChannelStore store;
    QCOMPARE(store.layoutVersion(), quint64(0));
    QVERIFY(!store.find(QStringLiteral("f/a")));
    QCOMPARE(store.layoutVersion(), quint64(0)); // find never creates

    const ChannelPtr a = store.channel(QStringLiteral("f/a"));
    QVERIFY(a);
    QCOMPARE(a->name(), QStringLiteral("f/a"));
    QCOMPARE(store.layoutVersion(), quint64(1));
    QCOMPARE(store.channel(QStringLiteral("f/a")), a);
    QCOMPARE(store.find(QStringLiteral("f/a")), a);
    QCOMPARE(store.layoutVersion(), quint64(1)); // existing channel: no layout change

    store.channel(QStringLiteral("e/z"));
    store.channel(QStringLiteral("f/0"));
    QCOMPARE(store.layoutVersion(), quint64(3));
    QCOMPARE(store.names(), (QStringList{"e/z", "f/0", "f/a"}));
}

void TestChannelStore::storeHistoryLength()
{
    ChannelStore store(10);
    QCOMPARE(store.historyLength(), 10);
    const ChannelPtr a = store.channel(QStringLiteral("f/a"));
    for (int i = 0; i < 10; ++i)
        a->appendNumber(i, i);
    store.setHistoryLength(4);
    QCOMPARE(store.historyLength(), 4);
    store.waitUntilResized();
    QVERIFY(!store.isResizing());
    QCOMPARE(a->numberCapacity(), 4);
    QCOMPARE(values(*a), (QList<double>{6, 7, 8, 9})); // the newest survive
    QCOMPARE(a->totalNumbers(), quint64(10));

    const ChannelPtr b = store.channel(QStringLiteral("f/b"));
    for (int i = 0; i < 10; ++i)
        b->appendNumber(i, i);
    QCOMPARE(b->numberCount(), 4); // new channels get the new length

    store.setHistoryLength(0);
    QCOMPARE(store.historyLength(), 2); // at least two, for deltas
    store.waitUntilResized();
    QCOMPARE(ChannelStore(1).historyLength(), 2);
    QCOMPARE(values(*a), (QList<double>{8, 9}));
}

void TestChannelStore::patternMatches_data()
{
    // clang-format off
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("matches");

    QTest::newRow("exact") << "f/a" << "f/a" << true;
    QTest::newRow("exact mismatch") << "f/a" << "f/b" << false;
    QTest::newRow("exact is not a prefix") << "f/a" << "f/a/b" << false;
    QTest::newRow("star one segment") << "f/*" << "f/a" << true;
    QTest::newRow("star not two segments") << "f/*" << "f/a/b" << false;
    QTest::newRow("star needs a segment") << "f/*" << "f" << false;
    QTest::newRow("star other feed") << "f/*" << "g/a" << false;
    QTest::newRow("star feed") << "*/price" << "f/price" << true;
    QTest::newRow("star feed mismatch") << "*/price" << "f/volume" << false;
    QTest::newRow("star middle") << "f/*/home" << "f/m1/home" << true;
    QTest::newRow("star middle mismatch") << "f/*/home" << "f/m1/away" << false;
    QTest::newRow("two stars") << "*/*" << "f/a" << true;
    QTest::newRow("two stars short") << "*/*" << "f" << false;
    QTest::newRow("globstar child") << "f/**" << "f/a" << true;
    QTest::newRow("globstar deep") << "f/**" << "f/a/b/c" << true;
    QTest::newRow("globstar not itself") << "f/**" << "f" << false;
    QTest::newRow("globstar other feed") << "f/**" << "g/a" << false;
    QTest::newRow("globstar prefix feed") << "f/**" << "fx/a" << false;
    QTest::newRow("globstar everything") << "**" << "any/thing" << true;
    QTest::newRow("globstar only trailing") << "f/**/x" << "f/a/x" << false;
    QTest::newRow("no partial globs") << "f/a*" << "f/ab" << false;
    QTest::newRow("dots are literal") << "f/a.*" << "f/a.b" << false;
    QTest::newRow("star matches dotted segment") << "f/*" << "f/a.b" << true;
    // clang-format on
}

void TestChannelStore::patternMatches()
{
    QFETCH(QString, pattern);
    QFETCH(QString, name);
    QFETCH(bool, matches);
    QCOMPARE(ChannelStore::patternMatches(pattern, name), matches);
}

void TestChannelStore::matchReturnsSortedChannels()
{
    ChannelStore store;
    for (const char *n : {"f/z", "f/a", "f/m/x", "g/a", "f/b"})
        store.channel(QString::fromLatin1(n));
    QCOMPARE(names(store.match(QStringLiteral("f/*"))), (QStringList{"f/a", "f/b", "f/z"}));
    QCOMPARE(names(store.match(QStringLiteral("f/**"))),
             (QStringList{"f/a", "f/b", "f/m/x", "f/z"}));
    QCOMPARE(names(store.match(QStringLiteral("*/a"))), (QStringList{"f/a", "g/a"}));
    QCOMPARE(names(store.match(QStringLiteral("f/m/x"))), QStringList{"f/m/x"});
    QVERIFY(store.match(QStringLiteral("f/none")).isEmpty());
    QVERIFY(store.match(QStringLiteral("h/*")).isEmpty());
    QCOMPARE(store.match(QStringLiteral("g/a")).first(), store.find(QStringLiteral("g/a")));
}

void TestChannelStore::removeFeed()
{
    ChannelStore store;
    const ChannelPtr fa = store.channel(QStringLiteral("f/a"));
    store.channel(QStringLiteral("f/b/c"));
    store.channel(QStringLiteral("f2/a"));
    store.channel(QStringLiteral("g/f"));
    fa->appendNumber(1, 1);
    const quint64 before = store.layoutVersion();

    store.removeFeed(QStringLiteral("f"));
    QCOMPARE(store.names(), (QStringList{"f2/a", "g/f"}));
    QVERIFY(store.layoutVersion() > before);
    QCOMPARE(fa->lastNumber()->v, 1.0); // holders keep a valid channel

    const quint64 after = store.layoutVersion();
    store.removeFeed(QStringLiteral("nothing"));
    QCOMPARE(store.layoutVersion(), after); // nothing removed: no layout change
    QCOMPARE(store.names().size(), 2);

    // A channel of the removed feed starts empty when created again.
    const ChannelPtr again = store.channel(QStringLiteral("f/a"));
    QVERIFY(again != fa);
    QVERIFY(!again->hasNumbers());
}

void TestChannelStore::channelLimitPerFeed()
{
    ChannelStore store;
    store.setChannelLimits({{QStringLiteral("f"), 3}});
    QCOMPARE(store.channelLimit(QStringLiteral("f")), 3);
    QCOMPARE(store.channelLimit(QStringLiteral("g")), ChannelStore::DefaultChannelLimit);
    for (int i = 0; i < 3; ++i)
        QVERIFY(store.channel(QStringLiteral("f/c%1").arg(i)));
    QString why;
    QVERIFY(!store.channel(QStringLiteral("f/c3"), &why));
    QCOMPARE(why, QStringLiteral(R"(feed "f" is at its limit of 3 channels (maxChannels): )"
                                 R"("f/c3" not created)"));
    QVERIFY(!store.find(QStringLiteral("f/c3")));
    QCOMPARE(store.layoutVersion(), quint64(3));    // a refusal makes no panel re-resolve
    QVERIFY(store.channel(QStringLiteral("f/c0"))); // existing channels are still found

    // Other feeds have the default limit.
    for (qsizetype i = 0; i < ChannelStore::DefaultChannelLimit; ++i)
        QVERIFY(store.channel(QStringLiteral("g/%1").arg(i)));
    QVERIFY(!store.channel(QStringLiteral("g/one-more")));

    // A lowered limit keeps what was made; a raised one makes room.
    store.setChannelLimits({{QStringLiteral("f"), 1}});
    QVERIFY(store.channel(QStringLiteral("f/c2")));
    QVERIFY(!store.channel(QStringLiteral("f/c9")));
    store.setChannelLimits({{QStringLiteral("f"), 4}});
    QVERIFY(store.channel(QStringLiteral("f/c9")));
    QVERIFY(!store.channel(QStringLiteral("f/c10")));

    // A removed feed's channels no longer count.
    store.removeFeed(QStringLiteral("f"));
    for (int i = 0; i < 4; ++i)
        QVERIFY(store.channel(QStringLiteral("f/d%1").arg(i)));
    QVERIFY(!store.channel(QStringLiteral("f/d4")));
}

void TestChannelStore::channelLimitHoldsUnderConcurrentCreation()
{
    // Four ingest threads race to make 500 channels each in one feed limited to 1000.
    ChannelStore store;
    std::atomic<int> made{0}, refused{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < 4; ++w) {
        threads.emplace_back([&, w] {
            for (int i = 0; i < 500; ++i) {
                if (store.channel(QStringLiteral("f/%1-%2").arg(w).arg(i)))
                    ++made;
                else
                    ++refused;
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    QCOMPARE(made.load(), 1000);
    QCOMPARE(refused.load(), 1000);
    QCOMPARE(store.names().size(), 1000);
}

void TestChannelStore::concurrentAppendsLoseNothing()
{
    constexpr int Threads = 4;
    constexpr int PerThread = 50000;
    ChannelStore store(1000);
    std::atomic<bool> done{false};
    std::atomic<int> badReads{0};

    std::thread reader([&] {
        while (!done.load()) {
            for (const ChannelPtr &c : store.match(QStringLiteral("**"))) {
                qint64 last = std::numeric_limits<qint64>::min();
                int n = 0;
                c->forEachNumber(std::numeric_limits<qint64>::min(),
                                 std::numeric_limits<qint64>::max(), [&](const Sample &s) {
                                     // Each writer's own channel is appended in time order.
                                     if (c->name() != QLatin1String("shared/all") && s.t < last)
                                         ++badReads;
                                     last = s.t;
                                     ++n;
                                 });
                if (n > 1000)
                    ++badReads;
                (void)c->lastTwoNumbers();
            }
            (void)store.names();
        }
    });

    std::vector<std::thread> writers;
    for (int w = 0; w < Threads; ++w) {
        writers.emplace_back([&store, w] {
            const ChannelPtr own = store.channel(QStringLiteral("w%1/own").arg(w));
            for (int i = 0; i < PerThread; ++i) {
                // Every writer looks the shared channel up itself: creation races too.
                store.channel(QStringLiteral("shared/all"))->appendNumber(i, w);
                own->appendNumber(i, i);
            }
        });
    }
    for (std::thread &t : writers)
        t.join();
    done = true;
    reader.join();

    QCOMPARE(badReads.load(), 0);
    QCOMPARE(store.find(QStringLiteral("shared/all"))->totalNumbers(),
             quint64(Threads) * PerThread);
    QCOMPARE(store.find(QStringLiteral("shared/all"))->numberCount(), 1000);
    for (int w = 0; w < Threads; ++w) {
        const ChannelPtr own = store.find(QStringLiteral("w%1/own").arg(w));
        QCOMPARE(own->totalNumbers(), quint64(PerThread));
        QCOMPARE(own->lastNumber()->v, double(PerThread - 1));
        QCOMPARE(own->numberCount(), 1000);
    }
    QCOMPARE(store.names().size(), Threads + 1);
    QCOMPARE(store.layoutVersion(), quint64(Threads + 1)); // the shared channel made once
}

void TestChannelStore::resizeDuringAppendsLosesNothing()
{
    // A writer appends while the channel is resized again and again (the resize copies in
    // chunks and lets the writer in between them).
    Channel c(QStringLiteral("f/x"), 600000, 10);
    appendSeries(c, 0, 300000);
    std::atomic<bool> go{false}, done{false};
    std::thread writer([&] {
        while (!go.load())
            std::this_thread::yield();
        appendSeries(c, 300000, 500000);
        done = true;
    });
    go = true;
    // Every capacity holds all 500,000 samples ever appended: nothing may go.
    const qsizetype sizes[] = {700000, 520000, 1000000, 500001};
    int resizes = 0;
    while (!done.load() || resizes < 4)
        c.setCapacity(sizes[resizes++ % 4]);
    writer.join();
    verifySeries(c, 0, 500000);

    // A shrink while appends go on keeps exactly the newest samples.
    go = false;
    done = false;
    std::thread writer2([&] {
        while (!go.load())
            std::this_thread::yield();
        appendSeries(c, 500000, 600000);
    });
    go = true;
    c.setCapacity(250000);
    writer2.join();
    QCOMPARE(c.numberCapacity(), 250000);
    verifySeries(c, 350000, 600000);

    // The resized channel goes on as any other: appends past its capacity drop the oldest.
    appendSeries(c, 600000, 700000);
    verifySeries(c, 450000, 700000);
}

void TestChannelStore::historyLengthChangeDoesNotWaitForChannels()
{
    // A reader holds one channel's lock, as the UI does while it draws from it. Changing the
    // history length (on the UI thread, on Apply) must neither wait for that lock nor stop the
    // store from finding and making channels; the channel is resized once the reader is done.
    ChannelStore store(1000);
    const ChannelPtr held = store.channel(QStringLiteral("f/held"));
    const ChannelPtr other = store.channel(QStringLiteral("f/other"));
    for (int i = 0; i < 1000; ++i) {
        held->appendNumber(i, i);
        other->appendNumber(i, i);
    }
    QSemaphore holding, release;
    std::atomic<bool> timedOut{false};
    std::thread reader([&] {
        held->readNumbers([&](const NumberView &) {
            holding.release();
            // Bounded, so that a setHistoryLength() that waits for this lock fails the test
            // instead of hanging it.
            if (!release.tryAcquire(1, 10000))
                timedOut = true;
            return 0;
        });
    });
    holding.acquire();

    store.setHistoryLength(10);
    QCOMPARE(store.historyLength(), 10);
    const ChannelPtr made = store.channel(QStringLiteral("f/new"));
    QVERIFY(made);
    QCOMPARE(made->numberCapacity(), 10); // made with the new length at once
    QCOMPARE(store.find(QStringLiteral("f/held")), held);
    QCOMPARE(store.match(QStringLiteral("f/*")).size(), 3);
    other->appendNumber(1000, 1000);
    QVERIFY(store.isResizing()); // the held channel is not done
    const bool waited = timedOut.load();
    release.release();
    reader.join();
    QVERIFY2(!waited, "setHistoryLength() waited for a reader's lock");

    store.waitUntilResized();
    QVERIFY(!store.isResizing());
    QCOMPARE(held->numberCapacity(), 10);
    QCOMPARE(values(*held), (QList<double>{990, 991, 992, 993, 994, 995, 996, 997, 998, 999}));
    QCOMPARE(other->numberCapacity(), 10);
    QCOMPARE(values(*other).last(), 1000.0);
    QCOMPARE(other->totalNumbers(), quint64(1001));
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestChannelStore)
#include "tst_channelstore.moc"
