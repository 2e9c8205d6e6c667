#include "ingest/timestamp.h"

#include <QDateTime>

#include <cmath>

namespace livedash {

namespace {

std::optional<qint64> fromNumber(double x, TimestampFormat format, QString *error)
{
    if (!std::isfinite(x) || x < 0) {
        if (error)
            *error = QStringLiteral("timestamp %1 is not a valid epoch time").arg(x);
        return std::nullopt;
    }
    double ms = x;
    switch (format) {
    case TimestampFormat::EpochSeconds:
        ms = x * 1000.0;
        break;
    case TimestampFormat::EpochMillis:
        ms = x;
        break;
    case TimestampFormat::EpochMicros:
        ms = x / 1000.0;
        break;
    case TimestampFormat::Auto:
        ms = x < 1e11 ? x * 1000.0 : (x < 1e14 ? x : x / 1000.0);
        break;
    case TimestampFormat::Iso8601:
        if (error)
            *error = QStringLiteral("expected an ISO 8601 string, got the number %1").arg(x);
        return std::nullopt;
    }
    if (ms > 9.0e15) {
        if (error)
            *error = QStringLiteral("timestamp %1 is out of range").arg(x);
        return std::nullopt;
    }
    return static_cast<qint64>(std::llround(ms));
}

} // namespace

std::optional<qint64> parseTimestampNumber(double value, TimestampFormat format, QString *error)
{
    return fromNumber(value, format, error);
}

std::optional<qint64> parseTimestamp(const QJsonValue &value, TimestampFormat format,
                                     QString *error)
{
    if (value.isDouble())
        return fromNumber(value.toDouble(), format, error);
    if (value.isString()) {
        const QString s = value.toString().trimmed();
        if (format != TimestampFormat::Iso8601) {
            bool ok = false;
            const double x = s.toDouble(&ok);
            if (ok)
                return fromNumber(x, format, error);
            if (format != TimestampFormat::Auto) {
                if (error)
                    *error = QStringLiteral("timestamp \"%1\" is not a number").arg(s);
                return std::nullopt;
            }
        }
        QDateTime dt = QDateTime::fromString(s, Qt::ISODateWithMs);
        if (!dt.isValid())
            dt = QDateTime::fromString(s, Qt::RFC2822Date);
        if (!dt.isValid()) {
            if (error)
                *error = QStringLiteral("timestamp \"%1\" is not ISO 8601").arg(s.left(64));
            return std::nullopt;
        }
        return dt.toMSecsSinceEpoch();
    }
    if (error)
        *error = value.isUndefined() ? QStringLiteral("timestamp field is missing")
                                     : QStringLiteral("timestamp field is neither a number nor "
                                                      "a string");
    return std::nullopt;
}

} // namespace livedash
