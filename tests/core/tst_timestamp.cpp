#include "ingest/timestamp.h"

#include <QDateTime>
#include <QJsonObject>
#include <QTest>

Q_DECLARE_METATYPE(livedash::TimestampFormat)

namespace livedash {

class TestTimestamp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatNames_data();
    void formatNames();
    void unknownFormatNames();
    void parse_data();
    void parse();
    void parseFailures_data();
    void parseFailures();
    void isoWithoutOffsetIsLocalTime();
    void longGarbageIsTruncatedInError();
    void failureWithoutErrorPointer();
};

void TestTimestamp::formatNames_data()
{
    // clang-format off
    QTest::addColumn<TimestampFormat>("format");
    QTest::addColumn<QString>("name");

    QTest::newRow("auto") << TimestampFormat::Auto << "auto";
    QTest::newRow("seconds") << TimestampFormat::EpochSeconds << "epoch_s";
    QTest::newRow("millis") << TimestampFormat::EpochMillis << "epoch_ms";
    QTest::newRow("micros") << TimestampFormat::EpochMicros << "epoch_us";
    QTest::newRow("iso") << TimestampFormat::Iso8601 << "iso8601";
    // clang-format on
}

void TestTimestamp::formatNames()
{
    QFETCH(TimestampFormat, format);
    QFETCH(QString, name);

    QCOMPARE(timestampFormatName(format), name);
    const auto back = timestampFormatFromName(name);
    QVERIFY(back.has_value());
    QCOMPARE(*back, format);
}

void TestTimestamp::unknownFormatNames()
{
    QVERIFY(!timestampFormatFromName(QStringLiteral("epoch")).has_value());
    QVERIFY(!timestampFormatFromName(QStringLiteral("EPOCH_MS")).has_value());
    QVERIFY(!timestampFormatFromName(QString()).has_value());
}

void TestTimestamp::parse_data()
{
    // clang-format off
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<TimestampFormat>("format");
    QTest::addColumn<qint64>("expected");

    const auto A = TimestampFormat::Auto;
    // Auto: below 1e11 seconds, below 1e14 milliseconds, else microseconds.
    QTest::newRow("auto s") << QJsonValue(1700000000.0) << A << Q_INT64_C(1700000000000);
    QTest::newRow("auto s fraction") << QJsonValue(1700000000.25) << A
                                     << Q_INT64_C(1700000000250);
    QTest::newRow("auto ms") << QJsonValue(1700000000123.0) << A << Q_INT64_C(1700000000123);
    QTest::newRow("auto us") << QJsonValue(1700000000123456.0) << A << Q_INT64_C(1700000000123);
    QTest::newRow("auto us rounds") << QJsonValue(1700000000123600.0) << A
                                    << Q_INT64_C(1700000000124);
    QTest::newRow("auto zero") << QJsonValue(0.0) << A << Q_INT64_C(0);
    QTest::newRow("auto just below 1e11") << QJsonValue(99999999999.0) << A
                                          << Q_INT64_C(99999999999000);
    QTest::newRow("auto 1e11 is ms") << QJsonValue(1e11) << A << Q_INT64_C(100000000000);
    QTest::newRow("auto just below 1e14") << QJsonValue(99999999999999.0) << A
                                          << Q_INT64_C(99999999999999);
    QTest::newRow("auto 1e14 is us") << QJsonValue(1e14) << A << Q_INT64_C(100000000000);
    QTest::newRow("auto numeric string s") << QJsonValue(QStringLiteral("1700000000")) << A
                                           << Q_INT64_C(1700000000000);
    QTest::newRow("auto numeric string ms") << QJsonValue(QStringLiteral(" 1700000000123 ")) << A
                                            << Q_INT64_C(1700000000123);
    QTest::newRow("auto iso") << QJsonValue(QStringLiteral("2024-03-01T12:00:00Z")) << A
                              << Q_INT64_C(1709294400000);
    QTest::newRow("auto rfc 2822") << QJsonValue(QStringLiteral("Fri, 01 Mar 2024 12:00:00 +0000"))
                                   << A << Q_INT64_C(1709294400000);

    // Explicit formats override the magnitude guess.
    QTest::newRow("epoch_s big") << QJsonValue(1700000000123.0) << TimestampFormat::EpochSeconds
                                 << Q_INT64_C(1700000000123000);
    QTest::newRow("epoch_s string") << QJsonValue(QStringLiteral("1.5"))
                                    << TimestampFormat::EpochSeconds << Q_INT64_C(1500);
    QTest::newRow("epoch_ms small") << QJsonValue(1700000000.0) << TimestampFormat::EpochMillis
                                    << Q_INT64_C(1700000000);
    QTest::newRow("epoch_ms string") << QJsonValue(QStringLiteral("1700000000123"))
                                     << TimestampFormat::EpochMillis << Q_INT64_C(1700000000123);
    QTest::newRow("epoch_us small") << QJsonValue(1700000000.0) << TimestampFormat::EpochMicros
                                    << Q_INT64_C(1700000);
    QTest::newRow("epoch_us rounds") << QJsonValue(1500.0) << TimestampFormat::EpochMicros
                                     << Q_INT64_C(2);

    const auto I = TimestampFormat::Iso8601;
    QTest::newRow("iso Z") << QJsonValue(QStringLiteral("2024-03-01T12:00:00Z")) << I
                           << Q_INT64_C(1709294400000);
    QTest::newRow("iso ms") << QJsonValue(QStringLiteral("2024-03-01T12:00:00.123Z")) << I
                            << Q_INT64_C(1709294400123);
    QTest::newRow("iso positive offset") << QJsonValue(QStringLiteral("2024-03-01T12:00:00+02:00"))
                                         << I << Q_INT64_C(1709287200000);
    QTest::newRow("iso negative half-hour offset")
        << QJsonValue(QStringLiteral("2024-03-01T12:00:00.5-05:30")) << I
        << Q_INT64_C(1709314200500);
    QTest::newRow("iso ms and offset")
        << QJsonValue(QStringLiteral("2024-03-01T12:00:00.250+01:00")) << I
        << Q_INT64_C(1709290800250);
    QTest::newRow("iso padded") << QJsonValue(QStringLiteral("  2024-03-01T12:00:00Z\n")) << I
                                << Q_INT64_C(1709294400000);
    // clang-format on
}

void TestTimestamp::parse()
{
    QFETCH(QJsonValue, value);
    QFETCH(TimestampFormat, format);
    QFETCH(qint64, expected);

    QString error;
    const auto ms = parseTimestamp(value, format, &error);
    QVERIFY2(ms.has_value(), qPrintable(error));
    QCOMPARE(*ms, expected);
}

void TestTimestamp::parseFailures_data()
{
    // clang-format off
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<TimestampFormat>("format");
    QTest::addColumn<QString>("error");

    const auto A = TimestampFormat::Auto;
    QTest::newRow("negative") << QJsonValue(-1.0) << A
                              << "timestamp -1 is not a valid epoch time";
    QTest::newRow("negative string") << QJsonValue(QStringLiteral("-5")) << A
                                     << "timestamp -5 is not a valid epoch time";
    QTest::newRow("nan string") << QJsonValue(QStringLiteral("nan")) << A
                                << "timestamp nan is not a valid epoch time";
    QTest::newRow("inf string") << QJsonValue(QStringLiteral("inf")) << A
                                << "timestamp inf is not a valid epoch time";
    QTest::newRow("seconds out of range") << QJsonValue(1e13) << TimestampFormat::EpochSeconds
                                          << "timestamp 1e+13 is out of range";
    QTest::newRow("auto out of range") << QJsonValue(1e20) << A
                                       << "timestamp 1e+20 is out of range";
    QTest::newRow("number for iso") << QJsonValue(1700000000.0) << TimestampFormat::Iso8601
                                    << "expected an ISO 8601 string, got the number 1.7e+09";
    QTest::newRow("numeric string for iso") << QJsonValue(QStringLiteral("1700000000"))
                                            << TimestampFormat::Iso8601
                                            << "timestamp \"1700000000\" is not ISO 8601";
    QTest::newRow("word for ms") << QJsonValue(QStringLiteral("abc"))
                                 << TimestampFormat::EpochMillis
                                 << "timestamp \"abc\" is not a number";
    QTest::newRow("iso for seconds") << QJsonValue(QStringLiteral("2024-03-01T12:00:00Z"))
                                     << TimestampFormat::EpochSeconds
                                     << "timestamp \"2024-03-01T12:00:00Z\" is not a number";
    QTest::newRow("word for auto") << QJsonValue(QStringLiteral(" abc ")) << A
                                   << "timestamp \"abc\" is not ISO 8601";
    QTest::newRow("month 13") << QJsonValue(QStringLiteral("2024-13-01T00:00:00Z"))
                              << TimestampFormat::Iso8601
                              << "timestamp \"2024-13-01T00:00:00Z\" is not ISO 8601";
    QTest::newRow("empty string") << QJsonValue(QString()) << A
                                  << "timestamp \"\" is not ISO 8601";
    QTest::newRow("bool") << QJsonValue(true) << A
                          << "timestamp field is neither a number nor a string";
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << A
                          << "timestamp field is neither a number nor a string";
    QTest::newRow("object") << QJsonValue(QJsonObject()) << A
                            << "timestamp field is neither a number nor a string";
    QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << A
                             << "timestamp field is missing";
    // clang-format on
}

void TestTimestamp::parseFailures()
{
    QFETCH(QJsonValue, value);
    QFETCH(TimestampFormat, format);
    QFETCH(QString, error);

    QString why;
    const auto ms = parseTimestamp(value, format, &why);
    QVERIFY2(!ms.has_value(), qPrintable(QString::number(ms.value_or(0))));
    QCOMPARE(why, error);
}

void TestTimestamp::isoWithoutOffsetIsLocalTime()
{
    // Documents the current rule: no designator means the machine's local time (ISO 8601).
    const auto ms =
        parseTimestamp(QJsonValue(QStringLiteral("2024-03-01T12:00:00")), TimestampFormat::Iso8601);
    QVERIFY(ms.has_value());
    const QDateTime local(QDate(2024, 3, 1), QTime(12, 0), Qt::LocalTime);
    QCOMPARE(*ms, local.toMSecsSinceEpoch());
}

void TestTimestamp::longGarbageIsTruncatedInError()
{
    const QString garbage = QString(64, QLatin1Char('x')) + QStringLiteral("TAIL");
    QString error;
    QVERIFY(!parseTimestamp(QJsonValue(garbage), TimestampFormat::Iso8601, &error));
    QCOMPARE(error, QStringLiteral("timestamp \"%1\" is not ISO 8601").arg(garbage.left(64)));
    QVERIFY(!error.contains(QStringLiteral("TAIL")));
}

void TestTimestamp::failureWithoutErrorPointer()
{
    QVERIFY(!parseTimestamp(QJsonValue(-1.0), TimestampFormat::Auto).has_value());
    QVERIFY(!parseTimestamp(QJsonValue(true), TimestampFormat::Auto).has_value());
    QVERIFY(!parseTimestamp(QJsonValue(QStringLiteral("x")), TimestampFormat::Iso8601));
    QCOMPARE(parseTimestamp(QJsonValue(2.0), TimestampFormat::Auto).value_or(-1), 2000);
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestTimestamp)
#include "tst_timestamp.moc"
