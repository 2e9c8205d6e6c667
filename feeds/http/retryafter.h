#pragma once

#include <QByteArray>
#include <QDateTime>

#include <chrono>
#include <optional>

namespace livedash {

/// The longest delay a Retry-After value can ask for: a bogus value must not park a feed.
inline constexpr std::chrono::milliseconds MaxRetryAfter = std::chrono::hours(1);

/// The delay a Retry-After header asks for (RFC 9110 10.2.3): delay-seconds, or an HTTP-date
/// in IMF-fixdate, RFC 850 or asctime form, relative to `now`. A past date gives zero, a
/// value above MaxRetryAfter gives MaxRetryAfter; nullopt if the value is neither form.
std::optional<std::chrono::milliseconds> parseRetryAfter(QByteArrayView value,
                                                         const QDateTime &now);

/// An HTTP-date (any of the three forms) as a UTC time; invalid if it is not one. The two-digit
/// year of an RFC 850 date is read relative to `now` (RFC 9110 5.6.7): the date is in the
/// future unless that puts it more than 50 years after `now`, then in the past.
QDateTime parseHttpDate(QByteArrayView text, const QDateTime &now);

} // namespace livedash
