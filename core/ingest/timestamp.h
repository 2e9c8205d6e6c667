#pragma once

#include "document/mapping.h"

#include <QJsonValue>
#include <QString>

#include <optional>

namespace livedash {

/// Converts a timestamp field to ms since the epoch. Auto: numbers below 1e11 are seconds,
/// below 1e14 milliseconds, above that microseconds; strings are ISO 8601 or numeric.
/// On failure returns nullopt and says why in `error`.
std::optional<qint64> parseTimestamp(const QJsonValue &value, TimestampFormat format,
                                     QString *error = nullptr);
/// parseTimestamp() of a number: what the message mapper's fast path calls without making a
/// QJsonValue.
std::optional<qint64> parseTimestampNumber(double value, TimestampFormat format,
                                           QString *error = nullptr);

} // namespace livedash
