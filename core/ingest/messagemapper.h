#pragma once

#include "ingest/fieldpath.h"
#include "ingest/timestamp.h"
#include "store/channelstore.h"

#include <QByteArrayView>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace livedash {

class SampleSink;

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

/// What one message produced.
struct MapResult
{
    int numbers = 0;
    int texts = 0;
    /// Unparseable, a required field missing or of the wrong type, or a value for a new channel
    /// past the feed's channel limit.
    bool rejected = false;
    QString problem;                ///< why it was rejected, or a non-fatal problem (bad timestamp)
    std::optional<qint64> sequence; ///< the last element's sequence number
    std::optional<qint64> firstSequence; ///< the first element's (arrays fan out)
    quint64 sequenceGaps = 0;            ///< numbers missing between elements of this message
};

/// A value a mapping extracted, for the settings dialog's "Test" preview.
struct ExtractedValue
{
    QString channel;
    QString value;
    QString problem;
};

/// Compiled FieldMapping for one feed: parses a message and appends to the store.
/// Not thread-safe: one mapper per running feed, used on that feed's ingest thread.
class MessageMapper
{
public:
    MessageMapper(QString feedId, const FieldMapping &mapping, ChannelStore *store,
                  SampleSink *sink = nullptr, int maxJsonDepth = 64);

    /// Parses `payload` and records what it maps. `prefix` (e.g. an SSE event name) is put
    /// between the feed id and the channel name when not empty.
    MapResult map(QByteArrayView payload, qint64 receivedMs, const QString &prefix = {});

    /// Runs the mapping over `payload` without recording anything; channels are named as
    /// map() would name them with the same `prefix`.
    QList<ExtractedValue> preview(QByteArrayView payload, QString *error,
                                  const QString &prefix = {}) const;

    const QString &feedId() const { return m_feedId; }

private:
    struct Compiled
    {
        FieldPath path;
        QList<std::pair<QString, FieldPath>> nameParts; ///< literal text, or a placeholder path
        ValueKind kind = ValueKind::Number;
        bool optional = false;
        QString staticName; ///< the full name when there are no placeholders
    };
    template<typename Emit>
    void mapDocument(const QJsonValue &root, qint64 receivedMs, const QString &prefix,
                     MapResult &result, Emit &&emit) const;
    template<typename Emit>
    void mapAuto(const QJsonValue &node, const QString &name, int depth, qint64 t,
                 const QString &prefix, Emit &&emit) const;
    QString resolveName(const Compiled &c, const QJsonValue &element, const QJsonValue &root,
                        const QString &prefix, QString *problem) const;
    /// The channel `name` of this feed; null past the feed's channel limit (why in `refused`).
    ChannelPtr channelFor(const QString &name, QString *refused);

    QString m_feedId;
    ChannelStore *m_store;
    SampleSink *m_sink;
    int m_maxDepth;
    FieldPath m_timestamp;
    TimestampFormat m_timestampFormat;
    FieldPath m_sequence;
    QList<Compiled> m_channels;
    bool m_rootPathsAddressArrays = false;
    QHash<QString, ChannelPtr> m_cache;
};

/// Receives every recorded sample (the headless recorder). Called on the ingest thread.
class SampleSink
{
public:
    virtual ~SampleSink() = default;
    virtual void number(const QString &feedId, const QString &channel, qint64 t, double v) = 0;
    virtual void text(const QString &feedId, const QString &channel, qint64 t,
                      const QString &text) = 0;
};

/// How many sequence numbers are missing between `previous` and `next` (0 when consecutive
/// or repeated; 1 when the counter went backwards). Safe at the qint64 limits.
quint64 sequenceGap(qint64 previous, qint64 next);

/// Nesting depth of a JSON text, counted without parsing it (to refuse hostile depth cheaply).
int jsonNestingDepth(QByteArrayView payload);

} // namespace livedash
