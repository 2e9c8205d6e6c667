#pragma once

#include "document/mapping.h"
#include "ingest/fieldpath.h"
#include "ingest/timestamp.h"
#include "store/channelstore.h"

#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <memory>
#include <optional>

namespace livedash {

class SampleSink;

/// How MessageMapper::map parses a message.
enum class MapperPath {
    /// simdjson's DOM over a reused buffer, the paths walked over it, the channels interned:
    /// no allocation per message in steady state. What it does not take as the tree path
    /// would (see MessageMapper::fastFallbacks) goes to the tree path, so the meaning is one.
    Fast,
    /// QJsonDocument, then the paths over its QJsonValues: the reference the fast path is
    /// tested against (tests/fuzz/fuzz_mapperdiff.cpp).
    Tree,
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

    /// Every field in one line, for comparing two mappings (the differential fuzzer, the
    /// mapper benchmark) and for messages.
    QString toString() const;
};

/// The topic a broker message arrived on (FeedContext::topicMessage): an MQTT topic split by
/// '/', a NATS subject split by '.' (whose tokens' %XX escapes are decoded).
struct MessageTopic
{
    QStringView text;
    QChar separator = QLatin1Char('/');
    /// The levels, decoded.
    QStringList levels() const;
    /// The levels joined by '/': the prefix of auto-mapped channels.
    QString path() const { return levels().join(QLatin1Char('/')); }
};

/// Where a message came from, kept beside a copy of it (the settings dialog's "Test").
struct MessageOrigin
{
    QString prefix; ///< e.g. an SSE event name
    QString topic;  ///< a broker message's topic; empty for none
    QChar separator = QLatin1Char('/');
    bool hasTopic() const { return !topic.isEmpty(); }
    MessageTopic messageTopic() const { return {topic, separator}; }
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
    MessageMapper(const MessageMapper &) = delete;
    MessageMapper &operator=(const MessageMapper &) = delete;

    /// Fast unless set otherwise (the benchmark and the differential fuzzer set Tree).
    void setPath(MapperPath path) { m_path = path; }
    MapperPath path() const { return m_path; }
    /// Messages the fast path handed to the tree path: documents simdjson refuses (the tree
    /// path then says why), numbers QJsonDocument would refuse or rewrite (an underflow to 0),
    /// and a text channel holding an array or object.
    quint64 fastFallbacks() const { return m_fastFallbacks; }

    /// Parses `payload` and records what it maps. `prefix` (e.g. an SSE event name) is put
    /// between the feed id and the channel name when not empty.
    MapResult map(QByteArrayView payload, qint64 receivedMs, const QString &prefix = {},
                  const MessageTopic *topic = nullptr);

    /// Runs the mapping over `payload` without recording anything; channels are named as
    /// map() would name them with the same `prefix`.
    QList<ExtractedValue> preview(QByteArrayView payload, QString *error,
                                  const QString &prefix = {},
                                  const MessageTopic *topic = nullptr) const;

    const QString &feedId() const { return m_feedId; }
    /// Records one value a feed gave as it is (FeedContext::sample): channel `name` of this
    /// feed. False, with why in `refused`, when the feed has its limit of channels.
    bool recordNumber(const QString &name, qint64 t, double v, QString *refused);
    bool recordText(const QString &name, qint64 t, const QString &text, QString *refused);

private:
    struct Fast; // messagemapper_fast.cpp: keeps simdjson's header to one source file
    struct FastDeleter
    {
        void operator()(Fast *fast) const;
    };
    using FastPtr = std::unique_ptr<Fast, FastDeleter>;
    /// The fast path for this mapping, or null when it has none (no nesting allowed).
    FastPtr makeFast() const;
    /// Maps `payload` on the fast path; false, with nothing recorded, for what it hands to the
    /// tree path.
    bool mapFast(QByteArrayView payload, qint64 receivedMs, const QString &prefix,
                 const MessageTopic *topic, MapResult &result);
    MapResult mapTree(QByteArrayView payload, qint64 receivedMs, const QString &prefix,
                      const MessageTopic *topic);
    /// Records `name`'s value (Emit of mapDocument); false when refused (`result` says why).
    bool emitSample(const QString &name, ValueKind kind, qint64 t, double v, const QString &text,
                    MapResult &result);

    struct Compiled
    {
        FieldPath path;
        QList<TemplatePart> nameParts;
        ValueKind kind = ValueKind::Number;
        bool optional = false;
        QString staticName; ///< the full name when there are no placeholders
    };
    /// How one message's channels are named: the prefix, and the topic's levels.
    struct Naming
    {
        QString prefix;
        const QStringList *topic = nullptr; ///< null: the message came without a topic
    };
    /// The naming of a message given to map() or preview().
    Naming namingFor(const QString &prefix, const MessageTopic *topic, QStringList *levels) const;
    template<typename Emit>
    void mapDocument(const QJsonValue &root, qint64 receivedMs, const Naming &naming,
                     MapResult &result, Emit &&emit) const;
    /// The messages in a document: a top-level array's elements, or the document itself.
    QList<QJsonValue> messagesOf(const QJsonValue &root) const;
    /// The message's source time, or `receivedMs` with the reason in `problem`.
    qint64 messageTime(const QJsonValue &message, qint64 receivedMs, QString *problem) const;
    /// The time of one value: the fanned-out element's own timestamp, or the message's `t`.
    qint64 sampleTime(const Compiled &c, const QJsonValue &element, qint64 t,
                      const QString &timestampProblem, MapResult &result) const;
    /// Emits the values one channel mapping finds in `message`.
    template<typename Emit>
    void mapChannel(const Compiled &c, const QJsonValue &message, qint64 t,
                    const QString &timestampProblem, const Naming &naming, MapResult &result,
                    Emit &&emit) const;
    template<typename Emit>
    void mapAuto(const QJsonValue &node, const QString &name, int depth, qint64 t,
                 const QString &prefix, Emit &&emit) const;
    QString resolveName(const Compiled &c, const QJsonValue &element, const QJsonValue &root,
                        const Naming &naming, QString *problem) const;
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
    bool m_usesTopic = false; ///< a channel name has a {$topic} placeholder
    QHash<QString, ChannelPtr> m_cache;
    MapperPath m_path = MapperPath::Fast;
    FastPtr m_fast; ///< null when the mapping needs the tree path throughout
    quint64 m_fastFallbacks = 0;
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

Q_DECLARE_METATYPE(livedash::MessageOrigin)
