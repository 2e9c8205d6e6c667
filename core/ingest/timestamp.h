#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

namespace livedash {

enum class TimestampFormat { Auto, EpochSeconds, EpochMillis, EpochMicros, Iso8601 };

QString timestampFormatName(TimestampFormat format);
std::optional<TimestampFormat> timestampFormatFromName(const QString &name);

/// Converts a timestamp field to ms since the epoch. Auto: numbers below 1e11 are seconds,
/// below 1e14 milliseconds, above that microseconds; strings are ISO 8601 or numeric.
/// On failure returns nullopt and says why in `error`.
std::optional<qint64> parseTimestamp(const QJsonValue &value, TimestampFormat format,
                                     QString *error = nullptr);

} // namespace livedash
