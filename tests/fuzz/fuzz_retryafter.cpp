// Fuzzes the Retry-After / HTTP-date parser (feeds/http/retryafter).
//
// Invariants:
//  - a delay is within [0, MaxRetryAfter];
//  - delay-seconds (digits only) give exactly min(value, MaxRetryAfter), however many digits;
//  - an accepted HTTP-date is a valid UTC time whose year is written in the input (four
//    digits, or the last two for RFC 850); written back as an IMF-fixdate it parses to the
//    same time; a value that is a date gives the clamped distance from `now` to it.

#include "fuzz_common.h"

#include "retryafter.h"

#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <cstdlib>

using namespace livedash;
using livedash::fuzz::show;

namespace {

bool isDigits(QByteArrayView t)
{
    return !t.isEmpty() &&
           std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QDateTime now(QDate(2025, 11, 22), QTime(8, 26, 40), QTimeZone::utc());
    const QByteArrayView value = fuzz::bytes(data, size);
    const qint64 max = MaxRetryAfter.count();
    const auto delay = parseRetryAfter(value, now);
    if (delay)
        FUZZ_CHECK(delay->count() >= 0 && delay->count() <= max,
                   QStringLiteral("%1 ms for \"%2\"").arg(delay->count()).arg(show(value)));

    const QByteArrayView trimmed = value.trimmed();
    if (isDigits(trimmed)) {
        // An independent reading: leading zeros do not count, five digits are over the cap.
        QByteArrayView digits = trimmed;
        while (digits.size() > 1 && digits.front() == '0')
            digits = digits.sliced(1);
        const qint64 expected = digits.size() > 4 ? max : std::min(digits.toLongLong() * 1000, max);
        FUZZ_CHECK_KNOWN(
            "retryafter-leading-zeros", delay && delay->count() == expected,
            QStringLiteral("\"%1\" gave %2, expected %3 ms")
                .arg(show(value))
                .arg(delay ? QString::number(delay->count()) : QStringLiteral("nothing"))
                .arg(expected));
        return 0;
    }

    const QDateTime date = parseHttpDate(value, now);
    if (!date.isValid()) {
        FUZZ_CHECK(!delay, QStringLiteral("a delay from no date: ") + show(value));
        return 0;
    }
    const QString where =
        QStringLiteral("\"%1\" -> %2").arg(show(value), date.toString(Qt::ISODate));
    FUZZ_CHECK(date.timeZone() == QTimeZone::utc() || date.timeSpec() == Qt::UTC, where);
    const int year = date.date().year();
    const QByteArray twoDigits = QByteArray::number(std::abs(year) % 100).rightJustified(2, '0');
    if (year < 1 || year > 9999 || !value.contains(QByteArrayView(twoDigits))) {
        FUZZ_CHECK_KNOWN("retryafter-bad-year", false,
                         QStringLiteral("year %1 is not the one in the input: ").arg(year) + where);
        return 0; // a known finding: the checks below would only repeat it
    }

    const QString imf =
        QLocale::c().toString(date, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"));
    const QDateTime again = parseHttpDate(imf.toLatin1(), now);
    FUZZ_CHECK(again == date, QStringLiteral("%1 does not read back: ").arg(imf) + where);

    const qint64 expected = std::clamp<qint64>(now.msecsTo(date), 0, max);
    FUZZ_CHECK(delay && delay->count() == expected,
               QStringLiteral("delay %1, expected %2: ")
                       .arg(delay ? QString::number(delay->count()) : QStringLiteral("none"))
                       .arg(expected) +
                   where);
    return 0;
}
