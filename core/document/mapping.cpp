#include "document/mapping.h"

#include "ingest/fieldpath.h"

#include <QJsonArray>

namespace livedash {

QString timestampFormatName(TimestampFormat format)
{
    switch (format) {
    case TimestampFormat::Auto:
        return QStringLiteral("auto");
    case TimestampFormat::EpochSeconds:
        return QStringLiteral("epoch_s");
    case TimestampFormat::EpochMillis:
        return QStringLiteral("epoch_ms");
    case TimestampFormat::EpochMicros:
        return QStringLiteral("epoch_us");
    case TimestampFormat::Iso8601:
        return QStringLiteral("iso8601");
    }
    return QStringLiteral("auto");
}

std::optional<TimestampFormat> timestampFormatFromName(const QString &name)
{
    for (auto f :
         {TimestampFormat::Auto, TimestampFormat::EpochSeconds, TimestampFormat::EpochMillis,
          TimestampFormat::EpochMicros, TimestampFormat::Iso8601}) {
        if (timestampFormatName(f) == name)
            return f;
    }
    return std::nullopt;
}

namespace {

QString kindName(ValueKind k)
{
    return k == ValueKind::Text ? QStringLiteral("text") : QStringLiteral("number");
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
                QStringLiteral("%1.%2: expected a string, got %3").arg(at, key, jsonTypeName(v)));
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
        QJsonObject co{{QStringLiteral("path"), c.path}, {QStringLiteral("channel"), c.channel}};
        if (c.kind != ChannelMapping{}.kind) // a number unless said otherwise
            co.insert(QStringLiteral("type"), kindName(c.kind));
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
        QList<TemplatePart> parts;
        if (!parseChannelTemplate(c.channel.isEmpty() ? c.path : c.channel, &parts, &error))
            problems.append(QStringLiteral("channels[%1].channel: %2").arg(i).arg(error));
    }
    return problems;
}

} // namespace livedash
