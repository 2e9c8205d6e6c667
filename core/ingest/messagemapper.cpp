#include "ingest/messagemapper.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace livedash {

namespace {

QString kindName(ValueKind k)
{
    return k == ValueKind::Text ? QStringLiteral("text") : QStringLiteral("number");
}

/// Splits "score/{match}/home" into literal parts and placeholder paths.
bool parseTemplate(const QString &tpl, QList<std::pair<QString, FieldPath>> *parts, QString *error)
{
    qsizetype i = 0;
    QString literal;
    while (i < tpl.size()) {
        const QChar c = tpl[i];
        if (c == QLatin1Char('{')) {
            const qsizetype close = tpl.indexOf(QLatin1Char('}'), i + 1);
            if (close < 0) {
                *error =
                    QStringLiteral("unterminated '{' at column %1 of \"%2\"").arg(i + 1).arg(tpl);
                return false;
            }
            if (!literal.isEmpty()) {
                parts->append({literal, FieldPath()});
                literal.clear();
            }
            QString pathError;
            FieldPath p = FieldPath::parse(tpl.mid(i + 1, close - i - 1), &pathError);
            if (!p.isValid()) {
                *error = QStringLiteral("placeholder: %1").arg(pathError);
                return false;
            }
            parts->append({QString(), p});
            i = close + 1;
        } else if (c == QLatin1Char('}')) {
            *error = QStringLiteral("unmatched '}' at column %1 of \"%2\"").arg(i + 1).arg(tpl);
            return false;
        } else {
            literal.append(c);
            ++i;
        }
    }
    if (!literal.isEmpty())
        parts->append({literal, FieldPath()});
    return true;
}

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

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

} // namespace

std::optional<FieldMapping> FieldMapping::fromJson(const QJsonObject &json, const QString &where,
                                                   QStringList *errors)
{
    FieldMapping m;
    const qsizetype errorsBefore = errors->size();
    auto err = [&](const QString &key, const QString &why) {
        errors->append(QStringLiteral("%1.%2: %3").arg(where, key, why));
    };
    auto readString = [&](const QJsonObject &o, const QString &key, const QString &at,
                          QString *out) {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return;
        if (!v.isString())
            errors->append(
                QStringLiteral("%1.%2: expected a string, got %3").arg(at, key, typeName(v)));
        else
            *out = v.toString();
    };
    readString(json, QStringLiteral("timestamp"), where, &m.timestamp);
    readString(json, QStringLiteral("sequence"), where, &m.sequence);
    QString format;
    readString(json, QStringLiteral("timestampFormat"), where, &format);
    if (!format.isEmpty()) {
        if (auto f = timestampFormatFromName(format))
            m.timestampFormat = *f;
        else
            err(QStringLiteral("timestampFormat"),
                QStringLiteral("unknown format \"%1\" (expected auto, epoch_s, epoch_ms, "
                               "epoch_us or iso8601)")
                    .arg(format));
    }
    const QJsonValue channels = json.value(QStringLiteral("channels"));
    if (!channels.isUndefined() && !channels.isArray()) {
        err(QStringLiteral("channels"), QStringLiteral("expected an array"));
    } else {
        const QJsonArray arr = channels.toArray();
        for (qsizetype i = 0; i < arr.size(); ++i) {
            const QString at = QStringLiteral("%1.channels[%2]").arg(where).arg(i);
            if (!arr[i].isObject()) {
                errors->append(at + QStringLiteral(": expected an object"));
                continue;
            }
            const QJsonObject o = arr[i].toObject();
            ChannelMapping c;
            readString(o, QStringLiteral("path"), at, &c.path);
            readString(o, QStringLiteral("channel"), at, &c.channel);
            readString(o, QStringLiteral("unit"), at, &c.unit);
            QString type = QStringLiteral("number");
            readString(o, QStringLiteral("type"), at, &type);
            if (type == QLatin1String("number"))
                c.kind = ValueKind::Number;
            else if (type == QLatin1String("text"))
                c.kind = ValueKind::Text;
            else
                errors->append(QStringLiteral("%1.type: unknown type \"%2\" (expected number or "
                                              "text)")
                                   .arg(at, type));
            const QJsonValue opt = o.value(QStringLiteral("optional"));
            if (!opt.isUndefined() && !opt.isBool())
                errors->append(at + QStringLiteral(".optional: expected true or false"));
            c.optional = opt.toBool(false);
            if (c.path.isEmpty())
                errors->append(at + QStringLiteral(".path: required"));
            if (c.channel.isEmpty())
                c.channel = c.path;
            m.channels.append(c);
        }
    }
    for (const QString &problem : m.validate())
        errors->append(QStringLiteral("%1.%2").arg(where, problem));
    if (errors->size() > errorsBefore)
        return std::nullopt;
    return m;
}

QJsonObject FieldMapping::toJson() const
{
    QJsonObject o;
    if (!timestamp.isEmpty()) {
        o.insert(QStringLiteral("timestamp"), timestamp);
        o.insert(QStringLiteral("timestampFormat"), timestampFormatName(timestampFormat));
    }
    if (!sequence.isEmpty())
        o.insert(QStringLiteral("sequence"), sequence);
    QJsonArray arr;
    for (const ChannelMapping &c : channels) {
        QJsonObject co{{QStringLiteral("path"), c.path},
                       {QStringLiteral("channel"), c.channel},
                       {QStringLiteral("type"), kindName(c.kind)}};
        if (!c.unit.isEmpty())
            co.insert(QStringLiteral("unit"), c.unit);
        if (c.optional)
            co.insert(QStringLiteral("optional"), true);
        arr.append(co);
    }
    o.insert(QStringLiteral("channels"), arr);
    return o;
}

QStringList FieldMapping::validate() const
{
    QStringList problems;
    QString error;
    if (!timestamp.isEmpty() && !FieldPath::parse(timestamp, &error).isValid())
        problems.append(QStringLiteral("timestamp: ") + error);
    if (!sequence.isEmpty() && !FieldPath::parse(sequence, &error).isValid())
        problems.append(QStringLiteral("sequence: ") + error);
    for (qsizetype i = 0; i < channels.size(); ++i) {
        const ChannelMapping &c = channels[i];
        if (!c.path.isEmpty() && !FieldPath::parse(c.path, &error).isValid())
            problems.append(QStringLiteral("channels[%1].path: %2").arg(i).arg(error));
        QList<std::pair<QString, FieldPath>> parts;
        if (!parseTemplate(c.channel.isEmpty() ? c.path : c.channel, &parts, &error))
            problems.append(QStringLiteral("channels[%1].channel: %2").arg(i).arg(error));
    }
    return problems;
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
            !parseTemplate(c.channel.isEmpty() ? c.path : c.channel, &compiled.nameParts, &error))
            continue; // validate() reports these before a feed starts
        const bool placeholders = std::any_of(compiled.nameParts.begin(), compiled.nameParts.end(),
                                              [](const auto &p) { return p.second.isValid(); });
        if (!placeholders) {
            for (const auto &p : compiled.nameParts)
                compiled.staticName += p.first;
        }
        const auto &segs = compiled.path.segments();
        if (!segs.isEmpty() && segs.first().kind != FieldPath::Segment::Key)
            m_rootPathsAddressArrays = true;
        m_channels.append(compiled);
    }
}

QString MessageMapper::resolveName(const Compiled &c, const QJsonValue &element,
                                   const QJsonValue &root, const QString &prefix,
                                   QString *problem) const
{
    QString name;
    if (!prefix.isEmpty())
        name = prefix + QLatin1Char('/');
    if (!c.staticName.isEmpty())
        return name + c.staticName;
    for (const auto &[literal, path] : c.nameParts) {
        if (!path.isValid()) {
            name += literal;
            continue;
        }
        QJsonValue v = path.first(element);
        if (v.isUndefined() && element != root)
            v = path.first(root);
        if (v.isUndefined() || v.isObject() || v.isArray()) {
            *problem = QStringLiteral("channel placeholder {%1} not found in the message")
                           .arg(path.text());
            return {};
        }
        const QString value = jsonText(v);
        if (value.isEmpty()) {
            *problem = QStringLiteral("channel placeholder {%1} is empty").arg(path.text());
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
void MessageMapper::mapDocument(const QJsonValue &root, qint64 receivedMs, const QString &prefix,
                                MapResult &result, Emit &&emit) const
{
    auto problem = [&](const QString &why) {
        result.rejected = true;
        if (result.problem.isEmpty())
            result.problem = why;
    };
    // A top-level array fans out into one message per element, unless the paths address it.
    QList<QJsonValue> messages;
    if (root.isArray() && !m_rootPathsAddressArrays) {
        const QJsonArray a = root.toArray();
        for (const QJsonValue &v : a)
            messages.append(v);
    } else {
        messages.append(root);
    }
    for (const QJsonValue &message : std::as_const(messages)) {
        // A bad or missing timestamp is not fatal: the sample keeps its receive time and the
        // problem is reported (an element's own timestamp may still be there, see below).
        qint64 t = receivedMs;
        QString timestampProblem;
        if (m_timestamp.isValid()) {
            QString why;
            if (auto ts = parseTimestamp(m_timestamp.first(message), m_timestampFormat, &why))
                t = *ts;
            else
                timestampProblem = QStringLiteral("%1: %2").arg(m_timestamp.text(), why);
        }
        auto note = [&](const QString &why) {
            if (result.problem.isEmpty())
                result.problem = why;
        };
        if (m_sequence.isValid()) {
            const QJsonValue s = m_sequence.first(message);
            std::optional<qint64> seq;
            if (s.isDouble()) {
                // Within the range a double counts exactly; fractions truncate.
                const double d = s.toDouble();
                if (std::isfinite(d) && std::abs(d) <= 9007199254740992.0)
                    seq = static_cast<qint64>(d);
            } else if (s.isString() && !s.toString().isEmpty()) {
                bool ok = false;
                const qint64 v = s.toString().toLongLong(&ok);
                if (ok)
                    seq = v;
            }
            if (seq) {
                if (!result.firstSequence)
                    result.firstSequence = seq;
                else if (result.sequence)
                    result.sequenceGaps += sequenceGap(*result.sequence, *seq);
                result.sequence = seq;
            }
        }
        if (m_channels.isEmpty()) {
            mapAuto(message, QString(), 0, t, prefix, emit);
            continue;
        }
        for (const Compiled &c : m_channels) {
            const auto matches = c.path.evaluate(message);
            if (matches.isEmpty()) {
                if (!c.optional)
                    problem(QStringLiteral("field %1 is missing").arg(c.path.text()));
                continue;
            }
            for (const FieldPath::Match &m : matches) {
                QString why;
                const QString name = resolveName(c, m.element, message, prefix, &why);
                if (name.isEmpty()) {
                    problem(why);
                    continue;
                }
                qint64 sampleT = t;
                bool ownTimestamp = false;
                if (m_timestamp.isValid() && c.path.hasWildcard()) {
                    // A timestamp next to the fanned-out value wins over the message's.
                    const QJsonValue local = m_timestamp.first(m.element);
                    if (!local.isUndefined()) {
                        QString why;
                        if (auto ts = parseTimestamp(local, m_timestampFormat, &why)) {
                            sampleT = *ts;
                            ownTimestamp = true;
                        } else {
                            note(QStringLiteral("%1: %2").arg(m_timestamp.text(), why));
                        }
                    }
                }
                if (!ownTimestamp && !timestampProblem.isEmpty())
                    note(timestampProblem);
                if (c.kind == ValueKind::Number) {
                    double v = 0;
                    bool ok = true;
                    if (m.value.isDouble())
                        v = m.value.toDouble();
                    else if (m.value.isBool())
                        v = m.value.toBool() ? 1.0 : 0.0;
                    else if (m.value.isString())
                        v = m.value.toString().trimmed().toDouble(&ok);
                    else
                        ok = false;
                    if (!ok) {
                        if (!(c.optional && m.value.isNull()))
                            problem(QStringLiteral("field %1 is %2, expected a number")
                                        .arg(c.path.text(), typeName(m.value)));
                        continue;
                    }
                    emit(name, ValueKind::Number, sampleT, v, QString());
                } else {
                    emit(name, ValueKind::Text, sampleT, 0.0, jsonText(m.value));
                }
            }
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

MapResult MessageMapper::map(QByteArrayView payload, qint64 receivedMs, const QString &prefix)
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
    mapDocument(root, receivedMs, prefix, result,
                [&](const QString &name, ValueKind kind, qint64 t, double v, const QString &text) {
                    QString refused;
                    ChannelPtr channel =
                        channelFor(name, result.problem.isEmpty() ? &refused : nullptr);
                    if (!channel) { // the feed has its limit of channels: count, name, drop
                        result.rejected = true;
                        if (result.problem.isEmpty())
                            result.problem = refused;
                        return;
                    }
                    if (kind == ValueKind::Number) {
                        channel->appendNumber(t, v);
                        ++result.numbers;
                        if (m_sink)
                            m_sink->number(m_feedId, name, t, v);
                    } else {
                        channel->appendText(t, text);
                        ++result.texts;
                        if (m_sink)
                            m_sink->text(m_feedId, name, t, text);
                    }
                });
    return result;
}

QList<ExtractedValue> MessageMapper::preview(QByteArrayView payload, QString *error,
                                             const QString &prefix) const
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
    mapDocument(root, QDateTime::currentMSecsSinceEpoch(), prefix, result,
                [&](const QString &name, ValueKind kind, qint64, double v, const QString &text) {
                    out.append({m_feedId + QLatin1Char('/') + name,
                                kind == ValueKind::Number ? QString::number(v, 'g', 12) : text,
                                QString()});
                });
    if (error)
        *error = result.problem;
    return out;
}

} // namespace livedash
