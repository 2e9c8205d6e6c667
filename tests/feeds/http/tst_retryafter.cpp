#include "retryafter.h"

#include <QTest>
#include <QTimeZone>

using namespace livedash;

class TestRetryAfter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
};

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

QTEST_GUILESS_MAIN(TestRetryAfter)
#include "tst_retryafter.moc"
