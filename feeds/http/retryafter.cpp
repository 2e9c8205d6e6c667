#include "retryafter.h"

#include <QList>
#include <QTimeZone>

#include <algorithm>

namespace livedash {

namespace {

bool isDigits(QByteArrayView text)
{
    return !text.isEmpty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int monthNumber(QByteArrayView name)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int i = 0; i < 12; ++i)
        if (name.compare(QByteArrayView(months[i]), Qt::CaseInsensitive) == 0)
            return i + 1;
    return 0;
}

int number(QByteArrayView digits)
{
    return isDigits(digits) && digits.size() <= 4 ? digits.toInt() : -1;
}

QDateTime makeUtc(int year, QByteArrayView month, QByteArrayView day, const QByteArray &time)
{
    const QDate date(year, monthNumber(month), number(day));
    const QList<QByteArray> hms = time.split(':');
    if (!date.isValid() || hms.size() != 3)
        return {};
    const QTime clock(number(hms[0]), number(hms[1]), number(hms[2]));
    if (!clock.isValid())
        return {};
    return QDateTime(date, clock, QTimeZone::utc());
}

/// An RFC 850 date, whose year has two digits. RFC 9110 5.6.7: a timestamp that appears to be
/// more than 50 years after `now` is in the most recent past year with those last two digits;
/// any other is in the first year from `now`'s on that ends in them.
QDateTime makeUtcTwoDigitYear(int twoDigits, QByteArrayView month, QByteArrayView day,
                              const QByteArray &time, const QDateTime &now)
{
    const int thisYear = now.date().year();
    int year = thisYear - thisYear % 100 + twoDigits;
    if (year < thisYear)
        year += 100;
    const QDateTime future = makeUtc(year, month, day, time);
    // 29 February may exist only a century earlier (2100 is not a leap year; 2000 was).
    if (future.isValid() && future <= now.addYears(50))
        return future;
    return makeUtc(year - 100, month, day, time);
}

} // namespace

QDateTime parseHttpDate(QByteArrayView text, const QDateTime &now)
{
    // Day names are skipped, not checked: a wrong one does not make the date unusable.
    QByteArray t = text.trimmed().toByteArray().simplified();
    const qsizetype comma = t.indexOf(',');
    if (comma >= 0) {
        // IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" or RFC 850 "Sunday, 06-Nov-94 ...".
        QByteArray rest = t.mid(comma + 1).trimmed();
        const bool rfc850 = rest.count('-') == 2;
        rest.replace('-', ' ');
        const QList<QByteArray> f = rest.split(' ');
        if (f.size() != 5 || f[4].compare("GMT", Qt::CaseInsensitive) != 0)
            return {};
        const int year = number(f[2]);
        if (year < 0)
            return {}; // not digits
        if (rfc850)
            return f[2].size() == 2 ? makeUtcTwoDigitYear(year, f[1], f[0], f[3], now)
                                    : QDateTime();
        if (f[2].size() != 4)
            return {};
        return makeUtc(year, f[1], f[0], f[3]);
    }
    // asctime "Sun Nov  6 08:49:37 1994".
    const QList<QByteArray> f = t.split(' ');
    if (f.size() != 5 || f[4].size() != 4 || number(f[4]) < 0)
        return {};
    return makeUtc(number(f[4]), f[1], f[2], f[3]);
}

std::optional<std::chrono::milliseconds> parseRetryAfter(QByteArrayView value, const QDateTime &now)
{
    using std::chrono::milliseconds;
    const QByteArrayView text = value.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    if (isDigits(text)) {
        const qint64 maxSeconds = MaxRetryAfter.count() / 1000;
        QByteArrayView digits = text; // leading zeros do not make a delay longer
        while (digits.size() > 1 && digits.front() == '0')
            digits = digits.sliced(1);
        const qint64 seconds = digits.size() > 12 ? maxSeconds : digits.toLongLong();
        return milliseconds(std::min(seconds, maxSeconds) * 1000);
    }
    const QDateTime at = parseHttpDate(text, now);
    if (!at.isValid())
        return std::nullopt;
    return milliseconds(std::clamp<qint64>(now.msecsTo(at), 0, MaxRetryAfter.count()));
}

} // namespace livedash
