#include "ingest/backoff.h"

#include <QTest>

#include <set>

namespace livedash {

using ms = BackoffPolicy::ms;

namespace {

/// min(cap, base * 2^n), computed without the code under test.
qint64 expectedCeiling(qint64 base, qint64 cap, int n)
{
    long double bound = static_cast<long double>(base);
    for (int i = 0; i < n && bound < cap; ++i)
        bound *= 2;
    return static_cast<qint64>(std::min<long double>(bound, cap));
}

} // namespace

class TestBackoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void constructorClampsNonsense();
    void ceilingGrowsThenCaps();
    void delaysStayWithinCeiling_data();
    void delaysStayWithinCeiling();
    void resetStartsOver();
    void noOverflowAtHighAttempts();
    void seedIsReproducible();
    void policyIsSmall();
    void distributionIsFullJitter();
    void distributionAtEachCeiling();
};

void TestBackoff::defaults()
{
    const BackoffPolicy p;
    QCOMPARE(p.base(), ms(500));
    QCOMPARE(p.cap(), ms(30000));
    QCOMPARE(p.stablePeriod(), ms(10000));
    QCOMPARE(p.attempt(), 0);
    QCOMPARE(p.ceiling(), ms(500));
}

void TestBackoff::constructorClampsNonsense()
{
    const BackoffPolicy zero(ms(0), ms(0));
    QCOMPARE(zero.base(), ms(1));
    QCOMPARE(zero.cap(), ms(1));

    const BackoffPolicy negative(ms(-5), ms(100));
    QCOMPARE(negative.base(), ms(1));
    QCOMPARE(negative.cap(), ms(100));

    BackoffPolicy capBelowBase(ms(1000), ms(10));
    QCOMPARE(capBelowBase.cap(), ms(1000));
    for (int i = 0; i < 50; ++i)
        QVERIFY(capBelowBase.next() <= ms(1000));
}

void TestBackoff::ceilingGrowsThenCaps()
{
    BackoffPolicy p(ms(500), ms(30000));
    const QList<qint64> expected{500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    for (qsizetype n = 0; n < expected.size(); ++n) {
        QCOMPARE(p.attempt(), int(n));
        QCOMPARE(p.ceiling().count(), expected[n]);
        p.next();
    }
    QCOMPARE(p.attempt(), int(expected.size()));
}

void TestBackoff::delaysStayWithinCeiling_data()
{
    // clang-format off
    QTest::addColumn<qint64>("base");
    QTest::addColumn<qint64>("cap");

    QTest::newRow("defaults") << Q_INT64_C(500) << Q_INT64_C(30000);
    QTest::newRow("tiny base") << Q_INT64_C(1) << Q_INT64_C(1000);
    QTest::newRow("odd numbers") << Q_INT64_C(333) << Q_INT64_C(7777);
    QTest::newRow("one day cap") << Q_INT64_C(1) << Q_INT64_C(86400000);
    QTest::newRow("flat") << Q_INT64_C(250) << Q_INT64_C(250);
    // clang-format on
}

void TestBackoff::delaysStayWithinCeiling()
{
    QFETCH(qint64, base);
    QFETCH(qint64, cap);

    // Many policies, many attempts each: every delay is in [0, min(cap, base*2^n)].
    for (unsigned seed = 1; seed <= 50; ++seed) {
        BackoffPolicy p{ms(base), ms(cap)};
        p.seed(seed);
        for (int n = 0; n < 64; ++n) {
            const qint64 bound = expectedCeiling(base, cap, n);
            QCOMPARE(p.ceiling().count(), bound);
            const ms d = p.next();
            if (d.count() < 0 || d.count() > bound)
                QFAIL(qPrintable(QStringLiteral("attempt %1: delay %2 outside [0, %3]")
                                     .arg(n)
                                     .arg(d.count())
                                     .arg(bound)));
        }
    }
}

void TestBackoff::resetStartsOver()
{
    BackoffPolicy p(ms(100), ms(10000));
    for (int i = 0; i < 10; ++i)
        p.next();
    QCOMPARE(p.ceiling(), ms(10000));
    p.reset();
    QCOMPARE(p.attempt(), 0);
    QCOMPARE(p.ceiling(), ms(100));
    for (int i = 0; i < 200; ++i) {
        p.reset();
        QVERIFY(p.next() <= ms(100));
    }
    QCOMPARE(p.attempt(), 1);
}

void TestBackoff::noOverflowAtHighAttempts()
{
    BackoffPolicy p(ms(500), ms(30000));
    for (int i = 0; i < 100; ++i)
        p.next();
    QCOMPARE(p.attempt(), 100);
    QCOMPARE(p.ceiling(), ms(30000));
    for (int i = 0; i < 1000; ++i) {
        const ms d = p.next();
        QVERIFY(d >= ms(0));
        QVERIFY(d <= ms(30000));
    }
    QCOMPARE(p.ceiling(), ms(30000)); // attempt 1100: still the cap, never negative

    // The largest settings a dashboard allows: 1 hour base, 1 day cap.
    BackoffPolicy big(ms(3600000), ms(86400000));
    for (int i = 0; i < 100; ++i)
        QVERIFY(big.next() <= ms(86400000));
    QCOMPARE(big.ceiling(), ms(86400000));

    // The smallest base still reaches a one-day cap.
    BackoffPolicy small(ms(1), ms(86400000));
    for (int i = 0; i < 100; ++i)
        small.next();
    QCOMPARE(small.ceiling(), ms(86400000));
}

void TestBackoff::seedIsReproducible()
{
    BackoffPolicy a, b, c;
    a.seed(42);
    b.seed(42);
    c.seed(43);
    QList<qint64> da, db, dc;
    for (int i = 0; i < 20; ++i) {
        da.append(a.next().count());
        db.append(b.next().count());
        dc.append(c.next().count());
    }
    QCOMPARE(da, db);
    QVERIFY(da != dc);
}

void TestBackoff::policyIsSmall()
{
    // Every feed that ever reconnected keeps its policy: a 2.5 KB Mersenne Twister in it put an
    // idle WebSocket feed over the 64 KB heap budget (README, Performance).
    QVERIFY2(sizeof(BackoffPolicy) <= 64, qPrintable(QString::number(sizeof(BackoffPolicy))));
    // Two policies made at the same moment still draw different delays.
    BackoffPolicy a(ms(1000), ms(1000)), b(ms(1000), ms(1000));
    QList<qint64> da, db;
    for (int i = 0; i < 8; ++i) {
        da.append(a.next().count());
        db.append(b.next().count());
    }
    QVERIFY(da != db);
}

void TestBackoff::distributionIsFullJitter()
{
    // A fixed ceiling of 1000 ms: 10k draws should look uniform on [0, 1000].
    BackoffPolicy p(ms(1000), ms(1000));
    p.seed(12345);
    constexpr int Draws = 10000;
    double sum = 0;
    qint64 lo = std::numeric_limits<qint64>::max(), hi = 0;
    int quarters[4] = {0, 0, 0, 0};
    std::set<qint64> distinct;
    for (int i = 0; i < Draws; ++i) {
        const qint64 d = p.next().count();
        sum += double(d);
        lo = std::min(lo, d);
        hi = std::max(hi, d);
        ++quarters[std::min<qint64>(d / 250, 3)];
        distinct.insert(d);
    }
    const double mean = sum / Draws;
    // Standard error of the mean is about 2.9 ms: 25 ms is a wide margin, but "always the
    // ceiling" (1000), "always zero" or "half the ceiling, no jitter" would all fail below.
    QVERIFY2(std::abs(mean - 500.0) < 25.0, qPrintable(QString::number(mean)));
    QVERIFY2(lo < 20, qPrintable(QString::number(lo)));
    QVERIFY2(hi > 980, qPrintable(QString::number(hi)));
    QVERIFY2(distinct.size() > 900, qPrintable(QString::number(distinct.size())));
    for (int q : quarters)
        QVERIFY2(q > 2200 && q < 2800, qPrintable(QString::number(q)));
}

void TestBackoff::distributionAtEachCeiling()
{
    // Mean delay at attempt n is about half of that attempt's ceiling.
    BackoffPolicy p(ms(100), ms(6400));
    p.seed(7);
    for (int n = 0; n <= 8; ++n) {
        double sum = 0;
        constexpr int Draws = 4000;
        qint64 ceiling = 0;
        for (int i = 0; i < Draws; ++i) {
            p.reset();
            for (int k = 0; k < n; ++k)
                p.next();
            ceiling = p.ceiling().count();
            sum += double(p.next().count());
        }
        const double mean = sum / Draws;
        QVERIFY2(
            std::abs(mean - ceiling / 2.0) < ceiling * 0.05 + 1,
            qPrintable(
                QStringLiteral("attempt %1: mean %2, ceiling %3").arg(n).arg(mean).arg(ceiling)));
    }
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestBackoff)
#include "tst_backoff.moc"
