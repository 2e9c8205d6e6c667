#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace livedash {

/// How a feed's source time is written in its messages.
enum class TimestampFormat { Auto, EpochSeconds, EpochMillis, EpochMicros, Iso8601 };

QString timestampFormatName(TimestampFormat format);
std::optional<TimestampFormat> timestampFormatFromName(const QString &name);

enum class ValueKind { Number, Text };

/// One mapped field: where in the message, which channel it feeds, and as what.
struct ChannelMapping
{
    QString path;    ///< field path, e.g. `data.items[*].price`
    QString channel; ///< channel name below the feed, may use `{path}` placeholders
    ValueKind kind = ValueKind::Number;
    QString unit;
    bool optional = false; ///< a message without this field is normal, not rejected

    bool operator==(const ChannelMapping &) const = default;
};

/// How a feed's JSON messages become channel samples. Shared by every JSON-speaking plugin.
/// With no channel mappings, every numeric field (up to four levels deep) becomes a channel
/// named by its dotted path.
struct FieldMapping
{
    QString timestamp; ///< optional path of the source time
    TimestampFormat timestampFormat = TimestampFormat::Auto;
    QString sequence; ///< optional path of a sequence number, to detect gaps
    QList<ChannelMapping> channels;

    bool operator==(const FieldMapping &) const = default;

    /// Reads the `fields` object of a dashboard feed. Errors name the key, prefixed by `where`.
    static std::optional<FieldMapping> fromJson(const QJsonObject &json, const QString &where,
                                                QStringList *errors);
    QJsonObject toJson() const;
    /// Problems with paths and templates, each naming the key (e.g. `channels[1].path: ...`).
    QStringList validate() const;
};

} // namespace livedash
