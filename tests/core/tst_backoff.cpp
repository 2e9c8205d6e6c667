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
    // The reconnect decision after a run (BackoffPolicy::afterRun)
    void firstFailureStartsAtBase();
    void productiveRunReconnectsAtOnce();
    void quickJitter_data();
    void quickJitter();
    void shortRunWithDataIsNotProductive();
    void connectionWithoutDataBacksOff();
    void stableQuietRunStartsOver();
    void neverWaitsLongerThanTheOutage();
    void retryAfter_data();
    void retryAfter();
    void flappingLinkReconnectsWithinBasePlusOutage();
    void refusedForeverStillBacksOff();
};

namespace {

RunOutcome failedAttempt()
{
    RunOutcome run;
    run.ran = ms(3);
    return run;
}

/// A connection of `up` that delivered messages (or not).
RunOutcome connection(ms up, bool delivered)
{
    RunOutcome run;
    run.delivered = delivered;
    run.ran = up + ms(5);
    run.connectedFor = up;
    return run;
}

} // namespace

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

void TestBackoff::firstFailureStartsAtBase()
{
    for (unsigned seed = 1; seed <= 200; ++seed) {
        BackoffPolicy p(ms(500), ms(30000));
        p.seed(seed);
        QVERIFY(p.afterRun(failedAttempt(), ms(1000000)) <= ms(500));
        QCOMPARE(p.attempt(), 1);
        QCOMPARE(p.retries(), 1);
    }
}

void TestBackoff::productiveRunReconnectsAtOnce()
{
    for (unsigned seed = 1; seed <= 200; ++seed) {
        BackoffPolicy p(ms(500), ms(30000));
        p.seed(seed);
        ms now(1000000);
        for (int i = 0; i < 8; ++i)
            now += p.afterRun(failedAttempt(), now) + ms(3);
        QCOMPARE(p.attempt(), 8);
        QVERIFY(p.ceiling() > ms(500));
        // Two seconds up with data, then cut: jitter only, and the backoff starts over.
        now += ms(2000);
        const ms quick = p.afterRun(connection(ms(2000), true), now);
        QVERIFY2(quick <= BackoffPolicy::QuickJitterMax,
                 qPrintable(QString::number(quick.count())));
        QCOMPARE(p.attempt(), 0);
        QCOMPARE(p.retries(), 1);
        // The quick attempt is refused: the first step of the backoff, from the initial delay.
        now += quick + ms(3);
        QVERIFY(p.afterRun(failedAttempt(), now) <= ms(500));
        QCOMPARE(p.attempt(), 1);
        QCOMPARE(p.retries(), 2);
    }
}

void TestBackoff::quickJitter_data()
{
    QTest::addColumn<qint64>("base");
    QTest::addColumn<qint64>("bound");
    QTest::newRow("default 500 ms") << Q_INT64_C(500) << Q_INT64_C(250);
    QTest::newRow("base 250 ms") << Q_INT64_C(250) << Q_INT64_C(250);
    QTest::newRow("base 100 ms") << Q_INT64_C(100) << Q_INT64_C(100);
    QTest::newRow("base 1 h") << Q_INT64_C(3600000) << Q_INT64_C(250);
    QTest::newRow("base 1 ms") << Q_INT64_C(1) << Q_INT64_C(1);
}

void TestBackoff::quickJitter()
{
    QFETCH(qint64, base);
    QFETCH(qint64, bound);
    // uniform in [0, min(base, 250 ms)]: within it, and spread over it (not a fixed delay)
    BackoffPolicy p{ms(base), ms(std::max<qint64>(base, 30000))};
    p.seed(99);
    qint64 lo = bound, hi = 0;
    double sum = 0;
    constexpr int Draws = 4000;
    ms now(0);
    for (int i = 0; i < Draws; ++i) {
        now += ms(base) + ms(1000);
        const qint64 d = p.afterRun(connection(ms(base) + ms(1000), true), now).count();
        QVERIFY2(d >= 0 && d <= bound, qPrintable(QString::number(d)));
        lo = std::min(lo, d);
        hi = std::max(hi, d);
        sum += double(d);
    }
    QCOMPARE(lo, Q_INT64_C(0));
    QCOMPARE(hi, bound);
    const double mean = sum / Draws;
    QVERIFY2(std::abs(mean - double(bound) / 2) <= double(bound) * 0.05 + 0.1,
             qPrintable(QString::number(mean)));
}

void TestBackoff::shortRunWithDataIsNotProductive()
{
    // A server that answers with one message and hangs up at once: quick reconnects would
    // be a tight loop, so a run must also last the initial delay to count.
    BackoffPolicy p(ms(500), ms(30000));
    p.seed(5);
    ms now(0);
    for (int i = 0; i < 6; ++i) {
        RunOutcome once = connection(ms(20), true);
        once.ran = ms(499);
        now += p.afterRun(once, now) + once.ran;
        QCOMPARE(p.attempt(), i + 1);
    }
    QCOMPARE(p.retries(), 6);
    // Lasting the initial delay (counted from the attempt's start) is enough.
    RunOutcome longer = connection(ms(20), true);
    longer.ran = ms(500);
    QVERIFY(p.afterRun(longer, now) <= ms(250));
    QCOMPARE(p.attempt(), 0);
}

void TestBackoff::connectionWithoutDataBacksOff()
{
    // Connected for 5 s (under the stable period) without a message: not productive.
    BackoffPolicy p(ms(100), ms(30000), ms(10000));
    p.seed(11);
    ms now(0);
    for (int i = 0; i < 5; ++i) {
        now += ms(5000);
        now += p.afterRun(connection(ms(5000), false), now);
        QCOMPARE(p.attempt(), i + 1);
    }
    QCOMPARE(p.ceiling(now), ms(3200));
}

void TestBackoff::stableQuietRunStartsOver()
{
    // Up for the stable period without a message (a feed that only speaks on change): the
    // backoff starts over from the initial delay (the whole of it, not the quick jitter).
    qint64 hi = 0;
    for (unsigned seed = 1; seed <= 400; ++seed) {
        BackoffPolicy p(ms(500), ms(30000), ms(10000));
        p.seed(seed);
        ms now(0);
        for (int i = 0; i < 6; ++i)
            now += p.afterRun(failedAttempt(), now) + ms(3);
        now += ms(10000);
        const ms d = p.afterRun(connection(ms(10000), false), now);
        QVERIFY(d <= ms(500));
        hi = std::max(hi, qint64(d.count()));
        QCOMPARE(p.attempt(), 1);
        QCOMPARE(p.retries(), 1);
    }
    QVERIFY2(hi > 400, qPrintable(QString::number(hi)));
    // One millisecond short of it: no reset.
    BackoffPolicy p(ms(500), ms(30000), ms(10000));
    ms now(0);
    for (int i = 0; i < 6; ++i)
        now += p.afterRun(failedAttempt(), now) + ms(3);
    now += ms(9999);
    p.afterRun(connection(ms(9999), false), now);
    QCOMPARE(p.attempt(), 7);
}

void TestBackoff::neverWaitsLongerThanTheOutage()
{
    // The attempt counter can run ahead of the time (full jitter draws short delays), but a
    // delay is at most max(base, time since the outage began).
    BackoffPolicy p(ms(100), ms(30000));
    for (int n = 0; n < 12; ++n)
        p.next();
    QCOMPARE(p.ceiling(), ms(30000));
    QCOMPARE(p.ceiling(ms(0)), ms(100));
    QCOMPARE(p.ceiling(ms(50)), ms(100));
    QCOMPARE(p.ceiling(ms(1234)), ms(1234));
    QCOMPARE(p.ceiling(ms(99999)), ms(30000));

    for (unsigned seed = 1; seed <= 100; ++seed) {
        BackoffPolicy q(ms(100), ms(30000));
        q.seed(seed);
        const ms start(777);
        ms now = start;
        for (int n = 0; n < 40; ++n) {
            const int attempt = q.attempt();
            const ms d = q.afterRun(failedAttempt(), now);
            const qint64 bound = std::min(expectedCeiling(100, 30000, attempt),
                                          std::max<qint64>(100, qint64((now - start).count())));
            QVERIFY2(d.count() >= 0 && d.count() <= bound,
                     qPrintable(QStringLiteral("attempt %1 at %2 ms: %3 outside [0, %4]")
                                    .arg(attempt)
                                    .arg((now - start).count())
                                    .arg(d.count())
                                    .arg(bound)));
            now += d + ms(3);
        }
    }
}

void TestBackoff::retryAfter_data()
{
    // clang-format off
    QTest::addColumn<QString>("run");
    QTest::addColumn<qint64>("retryAfter");
    QTest::addColumn<qint64>("lo");
    QTest::addColumn<qint64>("hi");

    // After a stable connection the server's delay is used as it is, even 0.
    QTest::newRow("stable, 0") << "stable" << Q_INT64_C(0) << Q_INT64_C(0) << Q_INT64_C(0);
    QTest::newRow("stable, 7 ms") << "stable" << Q_INT64_C(7) << Q_INT64_C(7) << Q_INT64_C(7);
    QTest::newRow("stable, 5 s") << "stable" << Q_INT64_C(5000) << Q_INT64_C(5000) << Q_INT64_C(5000);
    // Otherwise it is the least that is waited: `retry: 0` still gets our own delay.
    QTest::newRow("productive, 0") << "productive" << Q_INT64_C(0) << Q_INT64_C(0) << Q_INT64_C(250);
    QTest::newRow("productive, 3 s") << "productive" << Q_INT64_C(3000) << Q_INT64_C(3000) << Q_INT64_C(3000);
    QTest::newRow("failed, 0") << "failed" << Q_INT64_C(0) << Q_INT64_C(0) << Q_INT64_C(4000);
    QTest::newRow("failed, 6 s") << "failed" << Q_INT64_C(6000) << Q_INT64_C(6000) << Q_INT64_C(6000);
    // No server parks a feed for more than an hour.
    QTest::newRow("failed, 2 days") << "failed" << Q_INT64_C(172800000) << Q_INT64_C(3600000) << Q_INT64_C(3600000);
    QTest::newRow("stable, 2 days") << "stable" << Q_INT64_C(172800000) << Q_INT64_C(3600000) << Q_INT64_C(3600000);
    // clang-format on
}

void TestBackoff::retryAfter()
{
    QFETCH(QString, run);
    QFETCH(qint64, retryAfter);
    QFETCH(qint64, lo);
    QFETCH(qint64, hi);
    bool sawOwnDelay = false;
    for (unsigned seed = 1; seed <= 100; ++seed) {
        BackoffPolicy p(ms(500), ms(30000), ms(10000));
        p.seed(seed);
        ms now(100000);
        // Three failed attempts first: the failed row draws at attempt 3 (ceiling 4 s).
        for (int i = 0; i < 3; ++i)
            now += p.afterRun(failedAttempt(), now) + ms(4000);
        RunOutcome outcome = run == QLatin1String("stable")       ? connection(ms(10000), true)
                             : run == QLatin1String("productive") ? connection(ms(2000), true)
                                                                  : failedAttempt();
        outcome.retryAfter = ms(retryAfter);
        const qint64 d = p.afterRun(outcome, now + outcome.ran).count();
        QVERIFY2(d >= lo && d <= hi, qPrintable(QString::number(d)));
        sawOwnDelay |= d > retryAfter;
    }
    // Where the server asked for nothing, our own delay was seen.
    QCOMPARE(sawOwnDelay, retryAfter == 0 && run != QLatin1String("stable"));
}

void TestBackoff::flappingLinkReconnectsWithinBasePlusOutage()
{
    // The link of the reliability test, in simulated time: a productive connection is cut,
    // then attempts are refused for 500 ms (each failing at once). Whatever the jitter draws,
    // the next connection comes within base + refuse window. With ceilings from the attempt
    // counter alone (no cap by the outage's length), a simulation put one cut in four runs of
    // five cuts over 1.4 s, the worst at 6.6 s.
    constexpr qint64 Refuse = 500;
    qint64 worst = 0;
    for (unsigned seed = 1; seed <= 5000; ++seed) {
        BackoffPolicy p; // 500 ms, 30 s, 10 s
        p.seed(seed);
        ms now(50000);
        for (int cut = 0; cut < 5; ++cut) {
            const ms cutAt = now;
            now += p.afterRun(connection(ms(2000), true), now);
            while (now - cutAt < ms(Refuse))
                now += p.afterRun(failedAttempt(), now);
            worst = std::max(worst, qint64((now - cutAt).count()));
            now += ms(2000);
        }
    }
    QVERIFY2(worst <= 500 + Refuse, qPrintable(QString::number(worst)));
    QVERIFY2(worst > 800, qPrintable(QString::number(worst))); // the bound is not loose
}

void TestBackoff::refusedForeverStillBacksOff()
{
    // Refused for a minute: the gaps grow to the cap, few attempts are made.
    for (unsigned seed = 1; seed <= 500; ++seed) {
        BackoffPolicy p; // 500 ms, 30 s
        p.seed(seed);
        ms now(0);
        int attempts = 0;
        ms longest(0);
        while (now < ms(60000)) {
            const ms d = p.afterRun(failedAttempt(), now);
            longest = std::max(longest, d);
            now += d + ms(3);
            ++attempts;
        }
        // 9 to 28 in a simulation of 100,000 minutes, the longest delay at least 7.8 s: a
        // fixed delay of the initial 500 ms would make about 240.
        QVERIFY2(attempts <= 40, qPrintable(QString::number(attempts)));
        QVERIFY2(longest >= ms(5000), qPrintable(QString::number(longest.count())));
    }
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestBackoff)
#include "tst_backoff.moc"
