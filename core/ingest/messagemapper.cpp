#include "ingest/messagemapper.h"
#include "ingest/mapperdetail.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

#include <cmath>

namespace livedash {

namespace {

QString jsonText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', 15);
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

} // namespace

namespace mapperdetail {

void note(MapResult &result, const QString &why)
{
    if (result.problem.isEmpty())
        result.problem = why;
}

void reject(MapResult &result, const QString &why)
{
    result.rejected = true;
    note(result, why);
}

std::optional<qint64> sequenceFromNumber(double d)
{
    if (std::isfinite(d) && std::abs(d) <= 9007199254740992.0)
        return static_cast<qint64>(d);
    return std::nullopt;
}

std::optional<qint64> sequenceFromText(QStringView s)
{
    if (s.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 v = s.toLongLong(&ok);
    if (ok)
        return v;
    return std::nullopt;
}

void countSequence(MapResult &result, qint64 seq)
{
    if (!result.firstSequence)
        result.firstSequence = seq;
    else if (result.sequence)
        result.sequenceGaps += sequenceGap(*result.sequence, seq);
    result.sequence = seq;
}

std::optional<double> numberFromText(QStringView s)
{
    bool ok = false;
    const double d = s.trimmed().toDouble(&ok);
    if (ok)
        return d;
    return std::nullopt;
}

} // namespace mapperdetail

using namespace mapperdetail;

namespace {

/// A sequence number field: a number (within the range a double counts exactly; fractions
/// truncate) or a decimal string.
std::optional<qint64> sequenceNumber(const QJsonValue &s)
{
    if (s.isDouble())
        return sequenceFromNumber(s.toDouble());
    if (s.isString())
        return sequenceFromText(s.toString());
    return std::nullopt;
}

/// A number channel's value: a number, a boolean (1 or 0) or a numeric string.
std::optional<double> numberValue(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isBool())
        return v.toBool() ? 1.0 : 0.0;
    if (v.isString())
        return numberFromText(v.toString());
    return std::nullopt;
}

} // namespace

QString MapResult::toString() const
{
    auto opt = [](const std::optional<qint64> &v) {
        return v ? QString::number(*v) : QStringLiteral("none");
    };
    return QStringLiteral("numbers %1, texts %2, rejected %3, problem \"%4\", sequence %5..%6, "
                          "gaps %7")
        .arg(numbers)
        .arg(texts)
        .arg(rejected)
        .arg(problem, opt(firstSequence), opt(sequence))
        .arg(sequenceGaps);
}

quint64 sequenceGap(qint64 previous, qint64 next)
{
    // Unsigned arithmetic: counters near the qint64 limits must not overflow.
    const quint64 step = quint64(next) - quint64(previous);
    if (next > previous)
        return step - 1;
    if (next == previous)
        return 0; // the same message again (an unchanged polled resource): nothing missing
    return 1;     // went backwards: the source restarted or reordered
}

int jsonNestingDepth(QByteArrayView payload)
{
    int depth = 0, maxDepth = 0;
    bool inString = false, escaped = false;
    for (const char c : payload) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            maxDepth = std::max(maxDepth, ++depth);
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return maxDepth;
}

MessageMapper::MessageMapper(QString feedId, const FieldMapping &mapping, ChannelStore *store,
                             SampleSink *sink, int maxJsonDepth)
    : m_feedId(std::move(feedId)), m_store(store), m_sink(sink), m_maxDepth(maxJsonDepth),
      m_timestampFormat(mapping.timestampFormat)
{
    if (!mapping.timestamp.isEmpty())
        m_timestamp = FieldPath::parse(mapping.timestamp);
    if (!mapping.sequence.isEmpty())
        m_sequence = FieldPath::parse(mapping.sequence);
    for (const ChannelMapping &c : mapping.channels) {
        Compiled compiled;
        compiled.path = FieldPath::parse(c.path);
        compiled.kind = c.kind;
        compiled.optional = c.optional;
        QString error;
        if (!compiled.path.isValid() ||
            !parseChannelTemplate(c.channel.isEmpty() ? c.path : c.channel, &compiled.nameParts,
                                  &error))
            continue; // validate() reports these before a feed starts
        const bool placeholders =
            std::any_of(compiled.nameParts.begin(), compiled.nameParts.end(),
                        [](const TemplatePart &p) { return p.isPlaceholder(); });
        if (!placeholders) {
            for (const TemplatePart &p : compiled.nameParts)
                compiled.staticName += p.literal;
        }
        m_usesTopic =
            m_usesTopic || std::any_of(compiled.nameParts.begin(), compiled.nameParts.end(),
                                       [](const TemplatePart &p) { return p.topic.has_value(); });
        const auto &segs = compiled.path.segments();
        if (!segs.isEmpty() && segs.first().kind != FieldPath::Segment::Key)
            m_rootPathsAddressArrays = true;
        m_channels.append(compiled);
    }
    m_fast = makeFast();
}

QStringList MessageTopic::levels() const
{
    QStringList out;
    for (const QStringView level : text.split(separator)) {
        if (separator != QLatin1Char('.') || !level.contains(QLatin1Char('%'))) {
            out.append(level.toString());
            continue;
        }
        // NATS subjects cannot hold '.', '*', '>' or white space in a token: the gateway
        // writes them (and '%') as %XX, read back here.
        out.append(QUrl::fromPercentEncoding(level.toUtf8()));
    }
    return out;
}

namespace mapperdetail {

QString topicText(const TopicLevels &which, const QStringList &levels, QString *problem)
{
    const qsizetype count = levels.size();
    const qsizetype first = which.first < 0 ? count + which.first : which.first;
    if (first < 0 || first >= count) {
        *problem = QStringLiteral("channel placeholder {$topic[%1]}: the topic \"%2\" has %3 "
                                  "levels")
                       .arg(which.first)
                       .arg(levels.join(QLatin1Char('/')))
                       .arg(count);
        return {};
    }
    if (!which.toEnd)
        return levels.at(first);
    return levels.mid(first).join(QLatin1Char('/'));
}

} // namespace mapperdetail

MessageMapper::Naming MessageMapper::namingFor(const QString &prefix, const MessageTopic *topic,
                                               QStringList *levels) const
{
    Naming naming{prefix, nullptr};
    if (!topic)
        return naming;
    if (m_channels.isEmpty()) { // auto-mapped: the topic names the fields' channels
        const QString path = topic->path();
        naming.prefix = prefix.isEmpty() ? path : prefix + QLatin1Char('/') + path;
    } else if (m_usesTopic) {
        *levels = topic->levels();
        naming.topic = levels;
    } else {
        naming.topic = levels; // present but unused: no split
    }
    return naming;
}

QString MessageMapper::resolveName(const Compiled &c, const QJsonValue &element,
                                   const QJsonValue &root, const Naming &naming,
                                   QString *problem) const
{
    QString name;
    if (!naming.prefix.isEmpty())
        name = naming.prefix + QLatin1Char('/');
    if (!c.staticName.isEmpty())
        return name + c.staticName;
    for (const TemplatePart &part : c.nameParts) {
        if (part.topic) {
            if (!naming.topic) {
                *problem = topicNeeded();
                return {};
            }
            const QString levels = topicText(*part.topic, *naming.topic, problem);
            if (levels.isEmpty()) {
                if (problem->isEmpty())
                    *problem = topicEmpty();
                return {};
            }
            name += levels;
            continue;
        }
        const FieldPath &path = part.path;
        if (!path.isValid()) {
            name += part.literal;
            continue;
        }
        QJsonValue v = path.first(element);
        if (v.isUndefined() && element != root)
            v = path.first(root);
        if (v.isUndefined() || v.isObject() || v.isArray()) {
            *problem = placeholderNotFound(path);
            return {};
        }
        const QString value = jsonText(v);
        if (value.isEmpty()) {
            *problem = placeholderEmpty(path);
            return {};
        }
        name += QString(value).replace(QLatin1Char('/'), QLatin1Char('_'));
    }
    return name;
}

template<typename Emit>
void MessageMapper::mapAuto(const QJsonValue &node, const QString &name, int depth, qint64 t,
                            const QString &prefix, Emit &&emit) const
{
    if (depth > 4)
        return;
    if (node.isDouble()) {
        const QString leaf = name.isEmpty() ? QStringLiteral("value") : name;
        emit(prefix.isEmpty() ? leaf : prefix + QLatin1Char('/') + leaf, ValueKind::Number, t,
             node.toDouble(), QString());
    } else if (node.isObject()) {
        const QJsonObject o = node.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            mapAuto(it.value(), name.isEmpty() ? it.key() : name + QLatin1Char('.') + it.key(),
                    depth + 1, t, prefix, emit);
    }
}

template<typename Emit>
void MessageMapper::mapDocument(const QJsonValue &root, qint64 receivedMs, const Naming &naming,
                                MapResult &result, Emit &&emit) const
{
    for (const QJsonValue &message : messagesOf(root)) {
        QString timestampProblem;
        const qint64 t = messageTime(message, receivedMs, &timestampProblem);
        if (m_sequence.isValid()) {
            if (const auto seq = sequenceNumber(m_sequence.first(message)))
                countSequence(result, *seq);
        }
        if (m_channels.isEmpty()) {
            mapAuto(message, QString(), 0, t, naming.prefix, emit);
            continue;
        }
        for (const Compiled &c : m_channels)
            mapChannel(c, message, t, timestampProblem, naming, result, emit);
    }
}

QList<QJsonValue> MessageMapper::messagesOf(const QJsonValue &root) const
{
    // A top-level array fans out into one message per element, unless the paths address it.
    if (!root.isArray() || m_rootPathsAddressArrays)
        return {root};
    QList<QJsonValue> messages;
    const QJsonArray a = root.toArray();
    for (const QJsonValue &v : a)
        messages.append(v);
    return messages;
}

qint64 MessageMapper::messageTime(const QJsonValue &message, qint64 receivedMs,
                                  QString *problem) const
{
    // A bad or missing timestamp is not fatal: the sample keeps its receive time and the
    // problem is reported (an element's own timestamp may still be there, see sampleTime()).
    if (!m_timestamp.isValid())
        return receivedMs;
    QString why;
    if (auto ts = parseTimestamp(m_timestamp.first(message), m_timestampFormat, &why))
        return *ts;
    *problem = badTimestamp(m_timestamp, why);
    return receivedMs;
}

qint64 MessageMapper::sampleTime(const Compiled &c, const QJsonValue &element, qint64 t,
                                 const QString &timestampProblem, MapResult &result) const
{
    if (m_timestamp.isValid() && c.path.hasWildcard()) {
        // A timestamp next to the fanned-out value wins over the message's.
        const QJsonValue local = m_timestamp.first(element);
        if (!local.isUndefined()) {
            QString why;
            if (auto ts = parseTimestamp(local, m_timestampFormat, &why))
                return *ts;
            note(result, badTimestamp(m_timestamp, why));
        }
    }
    if (!timestampProblem.isEmpty())
        note(result, timestampProblem);
    return t;
}

template<typename Emit>
void MessageMapper::mapChannel(const Compiled &c, const QJsonValue &message, qint64 t,
                               const QString &timestampProblem, const Naming &naming,
                               MapResult &result, Emit &&emit) const
{
    const auto matches = c.path.evaluate(message);
    if (matches.isEmpty() && !c.optional)
        reject(result, missingField(c.path));
    for (const FieldPath::Match &m : matches) {
        QString why;
        const QString name = resolveName(c, m.element, message, naming, &why);
        if (name.isEmpty()) {
            reject(result, why);
            continue;
        }
        const qint64 sampleT = sampleTime(c, m.element, t, timestampProblem, result);
        if (c.kind == ValueKind::Text) {
            emit(name, ValueKind::Text, sampleT, 0.0, jsonText(m.value));
        } else if (const auto v = numberValue(m.value)) {
            emit(name, ValueKind::Number, sampleT, *v, QString());
        } else if (!(c.optional && m.value.isNull())) {
            reject(result, notANumber(c.path, jsonTypeName(m.value)));
        }
    }
}

ChannelPtr MessageMapper::channelFor(const QString &name, QString *refused)
{
    auto it = m_cache.constFind(name);
    if (it != m_cache.constEnd())
        return *it;
    // The store refuses channels past the feed's limit, so a runaway template (a timestamp in
    // the name) adds neither channels nor entries here.
    ChannelPtr c = m_store->channel(m_feedId + QLatin1Char('/') + name, refused);
    if (c)
        m_cache.insert(name, c);
    return c;
}

bool MessageMapper::recordNumber(const QString &name, qint64 t, double v, QString *refused)
{
    const ChannelPtr channel = channelFor(name, refused);
    if (!channel)
        return false;
    channel->appendNumber(t, v);
    if (m_sink)
        m_sink->number(m_feedId, name, t, v);
    return true;
}

bool MessageMapper::recordText(const QString &name, qint64 t, const QString &text, QString *refused)
{
    const ChannelPtr channel = channelFor(name, refused);
    if (!channel)
        return false;
    channel->appendText(t, text);
    if (m_sink)
        m_sink->text(m_feedId, name, t, text);
    return true;
}

MapResult MessageMapper::map(QByteArrayView payload, qint64 receivedMs, const QString &prefix,
                             const MessageTopic *topic)
{
    if (m_fast && m_path == MapperPath::Fast) {
        MapResult result;
        if (mapFast(payload, receivedMs, prefix, topic, result))
            return result;
        ++m_fastFallbacks;
    }
    return mapTree(payload, receivedMs, prefix, topic);
}

bool MessageMapper::emitSample(const QString &name, ValueKind kind, qint64 t, double v,
                               const QString &text, MapResult &result)
{
    QString refused;
    QString *why = result.problem.isEmpty() ? &refused : nullptr;
    const bool kept =
        kind == ValueKind::Number ? recordNumber(name, t, v, why) : recordText(name, t, text, why);
    if (!kept) { // the feed has its limit of channels: count, name, drop
        reject(result, refused);
        return false;
    }
    ++(kind == ValueKind::Number ? result.numbers : result.texts);
    return true;
}

MapResult MessageMapper::mapTree(QByteArrayView payload, qint64 receivedMs, const QString &prefix,
                                 const MessageTopic *topic)
{
    MapResult result;
    if (jsonNestingDepth(payload) > m_maxDepth) {
        result.rejected = true;
        result.problem = QStringLiteral("JSON nested deeper than %1 levels").arg(m_maxDepth);
        return result;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(payload.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.rejected = true;
        result.problem = QStringLiteral("invalid JSON at byte %1: %2")
                             .arg(parseError.offset)
                             .arg(parseError.errorString());
        return result;
    }
    const QJsonValue root = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    QStringList levels;
    mapDocument(root, receivedMs, namingFor(prefix, topic, &levels), result,
                [&](const QString &name, ValueKind kind, qint64 t, double v, const QString &text) {
                    emitSample(name, kind, t, v, text, result);
                });
    return result;
}

QList<ExtractedValue> MessageMapper::preview(QByteArrayView payload, QString *error,
                                             const QString &prefix, const MessageTopic *topic) const
{
    QList<ExtractedValue> out;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(payload.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = QStringLiteral("invalid JSON at byte %1: %2")
                         .arg(parseError.offset)
                         .arg(parseError.errorString());
        return out;
    }
    const QJsonValue root = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    MapResult result;
    QStringList levels;
    mapDocument(
        root, QDateTime::currentMSecsSinceEpoch(), namingFor(prefix, topic, &levels), result,
        [&](const QString &name, ValueKind kind, qint64, double v, const QString &text) {
            out.append({m_feedId + QLatin1Char('/') + name,
                        kind == ValueKind::Number ? QString::number(v, 'g', 12) : text, QString()});
        });
    if (error)
        *error = result.problem;
    return out;
}

} // namespace livedash
