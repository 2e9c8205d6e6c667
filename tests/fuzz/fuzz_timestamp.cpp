// Fuzzes parseTimestamp (core/timestamp): the source time of every mapped sample.
//
// Input: byte 0 picks the format (and bit 3 whether the value is a number or a string); a
// number is the next 8 bytes as a double, a string the rest as UTF-8.
//
// Invariants:
//  - a result comes exactly without an error, an error exactly without a result;
//  - numbers: negative, infinite and NaN values are refused; an accepted epoch time is
//    non-negative, within 9e15 ms, and for epoch_ms equals the rounded value;
//  - a numeric string gives the same result as the number it spells (any format but iso8601);
//  - format names round-trip.

#include "fuzz_common.h"

#include "ingest/timestamp.h"

#include <cmath>
#include <cstring>

using namespace livedash;
using livedash::fuzz::show;

namespace {

constexpr TimestampFormat Formats[] = {TimestampFormat::Auto, TimestampFormat::EpochSeconds,
                                       TimestampFormat::EpochMillis, TimestampFormat::EpochMicros,
                                       TimestampFormat::Iso8601};

void checkResult(const std::optional<qint64> &r, const QString &error, const QString &where)
{
    FUZZ_CHECK(r.has_value() == error.isEmpty(),
               QStringLiteral("result %1, error \"%2\": ")
                       .arg(r ? QString::number(*r) : QStringLiteral("none"), error) +
                   where);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const TimestampFormat format = Formats[(data[0] & 7) % 5];
    const bool number = data[0] & 8;
    static bool namesChecked = false;
    if (!namesChecked) {
        for (const TimestampFormat f : Formats)
            FUZZ_CHECK(timestampFormatFromName(timestampFormatName(f)) == f,
                       timestampFormatName(f));
        namesChecked = true;
    }
    const QString fmt = timestampFormatName(format);

    if (number) {
        if (size < 9)
            return 0;
        double x = 0;
        std::memcpy(&x, data + 1, sizeof x);
        QString error;
        const auto r = parseTimestamp(QJsonValue(x), format, &error);
        const QString where = QStringLiteral("%1 as %2").arg(x, 0, 'g', 17).arg(fmt);
        checkResult(r, error, where);
        if (!std::isfinite(x) || x < 0 || format == TimestampFormat::Iso8601) {
            FUZZ_CHECK(!r, where);
            return 0;
        }
        if (r) {
            FUZZ_CHECK(*r >= 0 && *r <= 9000000000000000LL, where);
            if (format == TimestampFormat::EpochMillis)
                FUZZ_CHECK(*r == std::llround(x), where);
        }
        // The same number written as a string.
        QString error2;
        const auto r2 = parseTimestamp(QJsonValue(QString::number(x, 'g', 17)), format, &error2);
        checkResult(r2, error2, where);
        FUZZ_CHECK(r == r2, QStringLiteral("number and string differ: ") + where);
        return 0;
    }

    const QString text = QString::fromUtf8(fuzz::bytes(data + 1, size - 1));
    const QString where = QStringLiteral("\"%1\" as %2").arg(show(text.toUtf8()), fmt);
    QString error;
    const auto r = parseTimestamp(QJsonValue(text), format, &error);
    checkResult(r, error, where);
    if (format != TimestampFormat::Iso8601) {
        bool ok = false;
        const double x = text.trimmed().toDouble(&ok);
        if (ok) {
            QString error2;
            const auto r2 = parseTimestamp(QJsonValue(x), format, &error2);
            FUZZ_CHECK(r == r2, QStringLiteral("string and number differ: ") + where);
        }
    }
    // Deterministic: the same text gives the same answer.
    QString error3;
    FUZZ_CHECK(parseTimestamp(QJsonValue(text), format, &error3) == r && error3 == error, where);
    return 0;
}
