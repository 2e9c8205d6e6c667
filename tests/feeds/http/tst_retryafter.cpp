#include "retryafter.h"

#include <QLocale>
#include <QTest>
#include <QTimeZone>

#include <algorithm>

using namespace livedash;

class TestRetryAfter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void rfc850TwoDigitYear_data();
    void rfc850TwoDigitYear();
};

namespace {

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone::utc());
}

} // namespace

void TestRetryAfter::parse_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expectedMs"); // -1: not a Retry-After value

    // "now" is Sun, 06 Nov 1994 08:49:37 GMT, the RFC's example date.
    QTest::newRow("seconds") << QByteArray("120") << qint64(120000);
    QTest::newRow("zero seconds") << QByteArray("0") << qint64(0);
    QTest::newRow("seconds with spaces") << QByteArray("  5 ") << qint64(5000);
    QTest::newRow("seconds capped") << QByteArray("999999") << qint64(3600000);
    QTest::newRow("seconds huge") << QByteArray("99999999999999999999999") << qint64(3600000);
    // Fuzz findings retryafter-leading-zeros and retryafter-bad-year.
    QTest::newRow("leading zeros") << QByteArray("0000000000000000000000000003") << qint64(3000);
    QTest::newRow("year not digits") << QByteArray("Fri, 15 Feb 202@ 00:00:00 GMT") << qint64(-1);
    QTest::newRow("RFC 850 year not digits")
        << QByteArray("Sunday, 06-Nov-x4 08:49:37 GMT") << qint64(-1);
    QTest::newRow("asctime year not digits")
        << QByteArray("Sun Nov  6 08:49:37 19x4") << qint64(-1);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("decimal") << QByteArray("1.5") << qint64(-1);
    QTest::newRow("empty") << QByteArray("") << qint64(-1);
    QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);

    QTest::newRow("IMF-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:47 GMT") << qint64(10000);
    QTest::newRow("IMF-fixdate next day")
        << QByteArray("Mon, 07 Nov 1994 08:49:37 GMT") << qint64(3600000);
    QTest::newRow("IMF-fixdate wrong day name")
        << QByteArray("Fri, 06 Nov 1994 08:50:37 GMT") << qint64(60000);
    QTest::newRow("RFC 850") << QByteArray("Sunday, 06-Nov-94 08:49:57 GMT") << qint64(20000);
    QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:50:07 1994") << qint64(30000);
    QTest::newRow("past date") << QByteArray("Sun, 06 Nov 1994 08:00:00 GMT") << qint64(0);
    QTest::newRow("not GMT") << QByteArray("Sun, 06 Nov 1994 08:49:47 CET") << qint64(-1);
    QTest::newRow("bad month") << QByteArray("Sun, 06 Foo 1994 08:49:47 GMT") << qint64(-1);
    QTest::newRow("bad time") << QByteArray("Sun, 06 Nov 1994 25:49:47 GMT") << qint64(-1);
    QTest::newRow("bad day") << QByteArray("Sun, 31 Nov 1994 08:49:47 GMT") << qint64(-1);
    QTest::newRow("missing field") << QByteArray("Sun, 06 Nov 1994 GMT") << qint64(-1);
}

void TestRetryAfter::parse()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expectedMs);

    const QDateTime now(QDate(1994, 11, 6), QTime(8, 49, 37), QTimeZone::utc());
    const auto got = parseRetryAfter(value, now);
    if (expectedMs < 0) {
        QVERIFY2(!got, qPrintable(QString::number(got ? got->count() : 0)));
        return;
    }
    QVERIFY(got);
    QCOMPARE(qint64(got->count()), expectedMs);
}

void TestRetryAfter::rfc850TwoDigitYear_data()
{
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QDateTime>("expected");

    // RFC 9110 5.6.7: a two-digit year is in the future unless that puts the timestamp more than
    // 50 years ahead of now; then it is the most recent past year with those digits. Day names
    // are not checked, so they are left as they are.
    const auto row = [](const char *name, const QDateTime &now, const char *value,
                        const QDateTime &expected) {
        QTest::newRow(name) << now << QByteArray(value) << expected;
    };

    // One second before 2020: the pivot falls between 69 (2069) and 70 (1970).
    const QDateTime end2019 = utc(2019, 12, 31, 23, 59, 59);
    row("2019: 69 is 2069", end2019, "Tuesday, 01-Jan-69 00:00:00 GMT", utc(2069, 1, 1));
    row("2019: end of 69, exactly 50 years ahead, is 2069", end2019,
        "Tuesday, 31-Dec-69 23:59:59 GMT", utc(2069, 12, 31, 23, 59, 59));
    row("2019: start of 70 is 1970", end2019, "Thursday, 01-Jan-70 00:00:00 GMT", utc(1970, 1, 1));
    row("2019: 99 is 1999", end2019, "Friday, 31-Dec-99 12:00:00 GMT", utc(1999, 12, 31, 12));
    row("2019: 00 is 2000", end2019, "Saturday, 01-Jan-00 00:00:00 GMT", utc(2000, 1, 1));
    row("2019: earlier this year", end2019, "Tuesday, 01-Jan-19 00:00:00 GMT", utc(2019, 1, 1));
    row("2019: last year", end2019, "Monday, 31-Dec-18 00:00:00 GMT", utc(2018, 12, 31));

    // The window moves with now: in 2026, 70 is 44 years ahead, not 56 years back.
    const QDateTime late2026 = utc(2026, 12, 2, 12);
    row("2026: 70 is 2070", late2026, "Tuesday, 01-Jan-70 00:00:00 GMT", utc(2070, 1, 1));
    row("2026: exactly 50 years ahead is 2076", late2026, "Wednesday, 02-Dec-76 12:00:00 GMT",
        utc(2076, 12, 2, 12));
    row("2026: a second more than 50 years ahead is 1976", late2026,
        "Thursday, 02-Dec-76 12:00:01 GMT", utc(1976, 12, 2, 12, 0, 1));
    row("2026: 77 is 1977", late2026, "Saturday, 01-Jan-77 00:00:00 GMT", utc(1977, 1, 1));
    row("2026: 94 is 1994", late2026, "Sunday, 06-Nov-94 08:49:37 GMT",
        utc(1994, 11, 6, 8, 49, 37));
    row("2026: earlier today", late2026, "Wednesday, 02-Dec-26 11:00:00 GMT", utc(2026, 12, 2, 11));
    row("2026: tomorrow", late2026, "Thursday, 03-Dec-26 12:00:00 GMT", utc(2026, 12, 3, 12));
    row("2026: last year", late2026, "Thursday, 25-Dec-25 00:00:00 GMT", utc(2025, 12, 25));
    // 2100 is not a leap year: 29 February of 00 can only be 2000.
    row("2026: leap day of 00", late2026, "Tuesday, 29-Feb-00 00:00:00 GMT", utc(2000, 2, 29));

    // Across a century: late in the 2090s, 05 is a few years ahead.
    const QDateTime mid2095 = utc(2095, 6, 1);
    row("2095: 05 is 2105", mid2095, "Monday, 01-Jun-05 00:00:00 GMT", utc(2105, 6, 1));
    row("2095: 95 is 2095", mid2095, "Monday, 01-Jan-95 00:00:00 GMT", utc(2095, 1, 1));
    row("2095: 46 is 2046", mid2095, "Monday, 01-Jun-46 00:00:00 GMT", utc(2046, 6, 1));
}

void TestRetryAfter::rfc850TwoDigitYear()
{
    QFETCH(QDateTime, now);
    QFETCH(QByteArray, value);
    QFETCH(QDateTime, expected);

    const QDateTime got = parseHttpDate(value, now);
    QVERIFY2(got.isValid(), value.constData());
    QCOMPARE(got, expected);
    // The four-digit form of the same date reads the same, whatever now is.
    const QByteArray imf =
        QLocale::c().toString(got, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
    QCOMPARE(parseHttpDate(imf, now), expected);
    // Retry-After gives the distance to that time, clamped.
    const auto delay = parseRetryAfter(value, now);
    QVERIFY(delay);
    QCOMPARE(qint64(delay->count()),
             std::clamp<qint64>(now.msecsTo(expected), 0, qint64(MaxRetryAfter.count())));
}

QTEST_GUILESS_MAIN(TestRetryAfter)
#include "tst_retryafter.moc"
