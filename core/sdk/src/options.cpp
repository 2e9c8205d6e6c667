#include <livedash/options.h>

#include <QCoreApplication>
#include <QUrl>

#include <cmath>

namespace livedash {

QString optionTypeName(OptionType type)
{
    switch (type) {
    case OptionType::String:
        return QStringLiteral("string");
    case OptionType::Url:
        return QStringLiteral("url");
    case OptionType::Int:
        return QStringLiteral("int");
    case OptionType::Double:
        return QStringLiteral("double");
    case OptionType::Bool:
        return QStringLiteral("bool");
    case OptionType::Enum:
        return QStringLiteral("enum");
    case OptionType::Secret:
        return QStringLiteral("secret");
    case OptionType::Duration:
        return QStringLiteral("duration");
    case OptionType::Headers:
        return QStringLiteral("headers");
    case OptionType::Text:
        return QStringLiteral("text");
    }
    return {};
}

namespace {
/// RFC 9110 token characters: what a header field name may contain.
bool isTokenName(const QString &name)
{
    static const QString extra = QStringLiteral("!#$%&'*+-.^_`|~");
    return !name.isEmpty() && std::all_of(name.begin(), name.end(), [](QChar c) {
        return c.unicode() < 128 && (c.isLetterOrNumber() || extra.contains(c));
    });
}

/// CR, LF or NUL in a value would end the header line early: another header, or a whole
/// request, could be smuggled in after it (RFC 9110 5.5).
bool isSafeValue(const QString &value)
{
    return !value.contains(QLatin1Char('\r')) && !value.contains(QLatin1Char('\n')) &&
           !value.contains(QChar(u'\0'));
}
} // namespace

QList<std::pair<QByteArray, QByteArray>> parseHeaders(const QVariant &value, QString *error)
{
    QList<std::pair<QByteArray, QByteArray>> out;
    if (value.typeId() == QMetaType::QVariantMap) {
        const QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!isTokenName(it.key())) {
                if (error && error->isEmpty())
                    *error = QCoreApplication::translate("livedash::Options",
                                                         "\"%1\" is not a valid header name")
                                 .arg(it.key());
                continue;
            }
            const QString headerValue = it.value().toString();
            if (!isSafeValue(headerValue)) {
                if (error && error->isEmpty())
                    *error =
                        QCoreApplication::translate("livedash::Options",
                                                    "the value of \"%1\" holds a line break or NUL")
                            .arg(it.key());
                continue;
            }
            out.append({it.key().toUtf8(), headerValue.toUtf8()});
        }
        return out;
    }
    const QStringList lines = value.toString().split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        const QString name = colon > 0 ? line.left(colon).trimmed() : QString();
        if (!isTokenName(name)) {
            if (error && error->isEmpty())
                *error = QCoreApplication::translate("livedash::Options",
                                                     "line %1: expected \"Name: value\"")
                             .arg(i + 1);
            continue;
        }
        const QString headerValue = line.mid(colon + 1).trimmed();
        if (!isSafeValue(headerValue)) {
            if (error && error->isEmpty())
                *error = QCoreApplication::translate("livedash::Options",
                                                     "line %1: the value holds a line break or NUL")
                             .arg(i + 1);
            continue;
        }
        out.append({name.toUtf8(), headerValue.toUtf8()});
    }
    return out;
}

QVariantMap withDefaults(const QList<OptionSpec> &schema, const QVariantMap &values)
{
    QVariantMap out = values;
    for (const OptionSpec &spec : schema)
        if (!out.contains(spec.key) && spec.defaultValue.isValid())
            out.insert(spec.key, spec.defaultValue);
    return out;
}

QList<Problem> validateOptions(const QList<OptionSpec> &schema, const QVariantMap &values)
{
    QList<Problem> errors;
    for (const OptionSpec &spec : schema) {
        const QVariant v = values.value(spec.key, spec.defaultValue);
        const QString text = v.toString().trimmed();
        auto err = [&](const QString &msg) { errors.append({spec.key, msg}); };
        if (!v.isValid() || (text.isEmpty() && v.typeId() != QMetaType::QVariantMap)) {
            if (spec.required)
                err(QCoreApplication::translate("livedash::Options", "%1 is required")
                        .arg(QCoreApplication::translate("livedash::FeedPlugins",
                                                         spec.label.toUtf8().constData())));
            continue;
        }
        const bool ranged = spec.minimum < spec.maximum;
        switch (spec.type) {
        case OptionType::Url: {
            const QUrl url(text, QUrl::StrictMode);
            if (text.contains(QLatin1String("${")))
                break; // references are resolved, and the result checked, when the feed starts
            if (!url.isValid() || url.host().isEmpty())
                err(QCoreApplication::translate("livedash::Options", "\"%1\" is not a valid URL")
                        .arg(text));
            else if (!spec.choices.isEmpty() && !spec.choices.contains(url.scheme()))
                err(QCoreApplication::translate("livedash::Options",
                                                "scheme must be %1, not \"%2\"")
                        .arg(spec.choices.join(
                                 QCoreApplication::translate("livedash::Options", " or ")),
                             url.scheme()));
            break;
        }
        case OptionType::Int:
        case OptionType::Double:
        case OptionType::Duration: {
            bool ok = false;
            const double x = v.toDouble(&ok);
            const bool whole = std::isfinite(x) && std::abs(x) < 9.0e15 && x == std::floor(x);
            if (!ok || !std::isfinite(x) || (spec.type != OptionType::Double && !whole))
                err(QCoreApplication::translate("livedash::Options", "\"%1\" is not %2")
                        .arg(text,
                             spec.type == OptionType::Double
                                 ? QCoreApplication::translate("livedash::Options", "a number")
                                 : QCoreApplication::translate("livedash::Options",
                                                               "a whole number")));
            else if (ranged && (x < spec.minimum || x > spec.maximum))
                err(QCoreApplication::translate("livedash::Options", "must be between %1 and %2")
                        .arg(spec.minimum)
                        .arg(spec.maximum));
            break;
        }
        case OptionType::Bool:
            if (v.typeId() != QMetaType::Bool && text != QLatin1String("true") &&
                text != QLatin1String("false"))
                err(QCoreApplication::translate("livedash::Options", "must be true or false"));
            break;
        case OptionType::Enum:
            if (!spec.choices.contains(text))
                err(QCoreApplication::translate("livedash::Options", "\"%1\" is not one of %2")
                        .arg(text, spec.choices.join(QStringLiteral(", "))));
            break;
        case OptionType::Headers: {
            QString why;
            parseHeaders(v, &why);
            if (!why.isEmpty())
                err(why);
            break;
        }
        case OptionType::String: // its choices are suggestions: any text is a value
        case OptionType::Secret:
        case OptionType::Text:
            break;
        }
    }
    return errors;
}

} // namespace livedash
