#include "secrets/secrets.h"
#include "secrets/secretstore.h"
#include <livedash/redact.h>

#include <QRandomGenerator>
#include <QRegularExpression>

namespace livedash {

namespace {

/// NAME when `value` is exactly "${keychain:NAME}".
QString referencedName(const QString &value)
{
    static const QRegularExpression re(QRegularExpression::anchoredPattern(
        QStringLiteral("\\s*\\$\\{keychain:([A-Za-z0-9_.:/-]+)\\}\\s*")));
    const QRegularExpressionMatch m = re.match(value);
    return m.hasMatch() ? m.captured(1) : QString();
}

/// Keychain names may use what `${...}` allows; anything else in a key becomes '_'.
QString nameSegment(const QString &text)
{
    QString out = text;
    out.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
    return out;
}

/// The header `name`'s value in a headers option (text or object), case-insensitively.
QString headerValue(const QVariant &headers, const QString &name)
{
    for (const auto &[n, v] : parseHeaders(headers))
        if (QString::fromLatin1(n).compare(name, Qt::CaseInsensitive) == 0)
            return QString::fromUtf8(v);
    return {};
}

class Extractor
{
public:
    Extractor(const FeedConfig &feed, const FeedConfig *previous, QList<SecretToStore> *out)
        : m_feed(feed), m_previous(previous), m_out(out)
    {
    }

    /// Stores `value` and returns the reference to put in its place.
    QString move(const QString &optionKey, const QString &headerName, const QString &value)
    {
        const QString key = headerName.isEmpty() ? optionKey : headerName;
        const QString stem =
            nameSegment(m_feed.id) + QLatin1Char('/') + nameSegment(key) + QLatin1Char('/');
        QString name;
        if (m_previous) {
            const QVariant old = m_previous->options.value(optionKey);
            const QString previousName = referencedName(
                headerName.isEmpty() ? old.toString() : headerValue(old, headerName));
            if (previousName.startsWith(stem))
                name = previousName;
        }
        if (name.isEmpty())
            name = stem + QStringLiteral("%1").arg(QRandomGenerator::global()->bounded(0x1000000),
                                                   6, 16, QLatin1Char('0'));
        m_out->append({name, value});
        return keychainReference(name);
    }

private:
    const FeedConfig &m_feed;
    const FeedConfig *m_previous;
    QList<SecretToStore> *m_out;
};

bool isPlaintext(const QString &value)
{
    return !value.trimmed().isEmpty() && !holdsOnlyReferences(value);
}

} // namespace

QList<PlaintextSecret> plaintextSecrets(const QList<OptionSpec> &schema, const QVariantMap &options)
{
    QList<PlaintextSecret> out;
    for (const OptionSpec &spec : schema) {
        const QVariant v = options.value(spec.key);
        if (spec.type == OptionType::Secret && isPlaintext(v.toString())) {
            out.append({spec.key, QString(), v.toString()});
        } else if (spec.type == OptionType::Headers) {
            for (const auto &[name, value] : parseHeaders(v)) {
                const QString text = QString::fromUtf8(value);
                if (isSensitiveHeader(QByteArrayView(name)) && isPlaintext(text))
                    out.append({spec.key, QString::fromLatin1(name), text});
            }
        }
    }
    return out;
}

SecretExtraction extractSecrets(const Dashboard &dashboard, const SchemaLookup &schemaOf,
                                const Dashboard &previous)
{
    SecretExtraction result;
    result.dashboard = dashboard;
    for (FeedConfig &feed : result.dashboard.feeds) {
        const QList<OptionSpec> schema = schemaOf(feed.plugin);
        if (plaintextSecrets(schema, feed.options).isEmpty())
            continue;
        Extractor extractor(feed, previous.feed(feed.id), &result.secrets);
        for (const OptionSpec &spec : schema) {
            const QVariant v = feed.options.value(spec.key);
            if (spec.type == OptionType::Secret && isPlaintext(v.toString())) {
                feed.options.insert(spec.key, extractor.move(spec.key, {}, v.toString().trimmed()));
                continue;
            }
            if (spec.type != OptionType::Headers)
                continue;
            if (v.typeId() == QMetaType::QVariantMap) {
                QVariantMap map = v.toMap();
                for (auto it = map.begin(); it != map.end(); ++it) {
                    const QString text = it.value().toString();
                    if (isSensitiveHeader(QStringView(it.key())) && isPlaintext(text))
                        it.value() = extractor.move(spec.key, it.key(), text.trimmed());
                }
                feed.options.insert(spec.key, map);
                continue;
            }
            // Text: only the values of sensitive header lines change; the rest stays as typed.
            QStringList lines = v.toString().split(QLatin1Char('\n'));
            for (QString &line : lines) {
                const QString trimmed = line.trimmed();
                const qsizetype colon = trimmed.indexOf(QLatin1Char(':'));
                if (trimmed.startsWith(QLatin1Char('#')) || colon <= 0)
                    continue;
                const QString name = trimmed.left(colon).trimmed();
                const QString value = trimmed.mid(colon + 1).trimmed();
                if (isSensitiveHeader(QStringView(name)) && isPlaintext(value))
                    line =
                        QStringLiteral("%1: %2").arg(name, extractor.move(spec.key, name, value));
            }
            feed.options.insert(spec.key, lines.join(QLatin1Char('\n')));
        }
    }
    return result;
}

} // namespace livedash
