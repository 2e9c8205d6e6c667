#include <livedash/redact.h>

#include <QReadWriteLock>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>

#include <algorithm>
#include <cstdio>

namespace livedash {

namespace {

/// Values registered by registerSecret(); bounded so a long-running process cannot grow it
/// without limit (the oldest half is dropped when full: those feeds were reconfigured).
class SecretRegistry
{
public:
    static constexpr qsizetype Capacity = 4096;

    void add(const QString &value)
    {
        if (value.size() < MinSecretLength)
            return;
        QWriteLocker lock(&m_lock);
        if (m_set.contains(value))
            return;
        if (m_order.size() >= Capacity) {
            for (qsizetype i = 0; i < Capacity / 2; ++i)
                m_set.remove(m_order[i]);
            m_order.remove(0, Capacity / 2);
        }
        m_set.insert(value);
        m_order.append(value);
    }
    QStringList values() const
    {
        QReadLocker lock(&m_lock);
        return m_order;
    }

private:
    mutable QReadWriteLock m_lock;
    QSet<QString> m_set;
    QStringList m_order;
};

SecretRegistry &registry()
{
    static SecretRegistry r;
    return r;
}

bool containsAny(const QString &lower, std::initializer_list<QLatin1StringView> parts)
{
    return std::any_of(parts.begin(), parts.end(),
                       [&](QLatin1StringView p) { return lower.contains(p); });
}

const QRegularExpression &urlPattern()
{
    // scheme://... up to whitespace, a quote or an angle bracket.
    static const QRegularExpression re(QStringLiteral("\\b[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>]+"));
    return re;
}

const QRegularExpression &headerPattern()
{
    // "Authorization: Bearer xyz", "\"Cookie\": \"a=1\"", "X-Api-Key=abc": keep the name, the
    // separator and an auth scheme word; the rest of the value (to the line's end or a quote)
    // is the secret.
    static const QRegularExpression re(
        QStringLiteral("\\b(proxy-authorization|authorization|set-cookie|cookie|x-api-key|"
                       "api-key|x-auth-token)([\"']?\\s*[:=]\\s*[\"']?)"
                       "((?:basic|bearer|digest|token|negotiate|ntlm)\\s+)?([^\\r\\n\"']+)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

} // namespace

bool holdsOnlyReferences(const QString &value)
{
    // "${keychain:x}" or "Bearer ${env:TOKEN}" holds no secret text beyond the scheme word.
    static const QRegularExpression reference(QStringLiteral("\\$\\{[A-Za-z0-9_.:/-]+\\}"));
    static const QRegularExpression scheme(
        QStringLiteral("^(basic|bearer|digest|token|negotiate|ntlm)?$"),
        QRegularExpression::CaseInsensitiveOption);
    if (!value.contains(reference))
        return false;
    QString rest = value;
    rest.remove(reference);
    return scheme.match(rest.trimmed()).hasMatch();
}

namespace {

QString redactHeaderValue(const QString &name, const QString &value)
{
    if (!isSensitiveHeader(QStringView(name)) || value.isEmpty() || holdsOnlyReferences(value))
        return value;
    static const QRegularExpression scheme(
        QStringLiteral("^(basic|bearer|digest|token|negotiate|ntlm)\\s+"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = scheme.match(value);
    return m.hasMatch() ? m.captured(0) + RedactedText : QString(RedactedText);
}

} // namespace

bool isSensitiveHeader(QStringView name)
{
    const QString lower = name.trimmed().toString().toLower();
    if (lower == QLatin1String("authorization") || lower == QLatin1String("proxy-authorization") ||
        lower == QLatin1String("cookie") || lower == QLatin1String("set-cookie"))
        return true;
    return containsAny(lower, {QLatin1StringView("token"), QLatin1StringView("secret"),
                               QLatin1StringView("password"), QLatin1StringView("passwd"),
                               QLatin1StringView("apikey"), QLatin1StringView("api-key"),
                               QLatin1StringView("api_key"), QLatin1StringView("auth"),
                               QLatin1StringView("session"), QLatin1StringView("signature"),
                               QLatin1StringView("credential")});
}

bool isSensitiveHeader(QByteArrayView name)
{
    return isSensitiveHeader(QStringView(QString::fromLatin1(name)));
}

bool isSensitiveQueryKey(QStringView key)
{
    const QString lower = key.toString().toLower();
    return containsAny(lower, {QLatin1StringView("token"), QLatin1StringView("key"),
                               QLatin1StringView("secret"), QLatin1StringView("pass"),
                               QLatin1StringView("pwd"), QLatin1StringView("auth"),
                               QLatin1StringView("sig"), QLatin1StringView("session"),
                               QLatin1StringView("credential"), QLatin1StringView("code")});
}

QString redactUrl(const QUrl &url)
{
    QString out =
        url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (url.hasQuery()) {
        QStringList parts;
        const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
        for (const auto &[key, value] : items)
            parts.append(value.isEmpty() ? QString(RedactedText)
                                         : key + QLatin1Char('=') + RedactedText);
        out += QLatin1Char('?') + parts.join(QLatin1Char('&'));
    }
    return out;
}

QString redactUrl(const QString &url)
{
    const QString text = url.trimmed();
    const QUrl parsed(text);
    if (parsed.isValid() && !parsed.scheme().isEmpty() && !parsed.host().isEmpty())
        return redactUrl(parsed);
    return redactText(text);
}

QString redactHeaders(const QVariant &headers)
{
    QStringList lines;
    if (headers.typeId() == QMetaType::QVariantMap) {
        const QVariantMap map = headers.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            lines.append(QStringLiteral("%1: %2").arg(
                it.key(), redactHeaderValue(it.key(), it.value().toString())));
        return lines.join(QLatin1Char('\n'));
    }
    const QStringList input = headers.toString().split(QLatin1Char('\n'));
    for (const QString &line : input) {
        const QString trimmed = line.trimmed();
        const qsizetype colon = trimmed.indexOf(QLatin1Char(':'));
        if (trimmed.startsWith(QLatin1Char('#')) || colon <= 0) {
            // Not a header line: it may still hold a secret in free form.
            lines.append(redactText(line));
            continue;
        }
        const QString name = trimmed.left(colon).trimmed();
        const QString value = trimmed.mid(colon + 1).trimmed();
        lines.append(QStringLiteral("%1: %2").arg(name, redactHeaderValue(name, value)));
    }
    return lines.join(QLatin1Char('\n'));
}

QString redactText(const QString &text, const QStringList &secrets)
{
    if (text.isEmpty())
        return text;
    QString out = text;
    QStringList all = secrets + registry().values();
    if (!all.isEmpty()) {
        // Longest first, so a secret that contains another is replaced whole.
        std::sort(all.begin(), all.end(),
                  [](const QString &a, const QString &b) { return a.size() > b.size(); });
        for (const QString &s : std::as_const(all))
            if (s.size() >= MinSecretLength)
                out.replace(s, RedactedText);
    }
    if (out.contains(QLatin1String("://"))) {
        QString rebuilt;
        qsizetype last = 0;
        auto it = urlPattern().globalMatch(out);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            rebuilt += QStringView(out).mid(last, m.capturedStart() - last);
            const QUrl url(m.captured(0));
            const bool hasSecrets =
                url.isValid() && (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment());
            rebuilt += hasSecrets ? redactUrl(url) : m.captured(0);
            last = m.capturedEnd();
        }
        rebuilt += QStringView(out).mid(last);
        out = rebuilt;
    }
    QString rebuilt;
    qsizetype last = 0;
    auto it = headerPattern().globalMatch(out);
    bool any = false;
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString value = m.captured(4).trimmed();
        if (value.isEmpty() || value == RedactedText)
            continue;
        any = true;
        rebuilt += QStringView(out).mid(last, m.capturedStart(4) - last);
        rebuilt += RedactedText;
        last = m.capturedEnd(4);
    }
    if (!any)
        return out;
    rebuilt += QStringView(out).mid(last);
    return rebuilt;
}

QVariantMap redactOptions(const QList<OptionSpec> &schema, const QVariantMap &options)
{
    const QStringList secrets = secretValues(schema, options);
    QVariantMap out;
    for (auto it = options.begin(); it != options.end(); ++it) {
        const auto spec = std::find_if(schema.begin(), schema.end(),
                                       [&](const OptionSpec &s) { return s.key == it.key(); });
        const OptionType type = spec == schema.end() ? OptionType::String : spec->type;
        const QVariant &v = it.value();
        switch (type) {
        case OptionType::Secret: {
            const QString text = v.toString();
            out.insert(it.key(),
                       text.isEmpty() || holdsOnlyReferences(text) ? v : QVariant(RedactedText));
            break;
        }
        case OptionType::Headers:
            out.insert(it.key(), redactHeaders(v));
            break;
        case OptionType::Url:
            out.insert(it.key(), redactUrl(v.toString()));
            break;
        default:
            out.insert(it.key(), v.typeId() == QMetaType::QString
                                     ? QVariant(redactText(v.toString(), secrets))
                                     : v);
            break;
        }
    }
    return out;
}

QStringList secretValues(const QList<OptionSpec> &schema, const QVariantMap &options)
{
    QStringList out;
    auto add = [&out](const QString &value) {
        const QString v = value.trimmed();
        if (v.size() >= MinSecretLength && !out.contains(v))
            out.append(v);
    };
    static const QRegularExpression scheme(
        QStringLiteral("^(basic|bearer|digest|token|negotiate|ntlm)\\s+"),
        QRegularExpression::CaseInsensitiveOption);
    for (const OptionSpec &spec : schema) {
        const QVariant v = options.value(spec.key);
        if (!v.isValid())
            continue;
        switch (spec.type) {
        case OptionType::Secret:
            add(v.toString());
            break;
        case OptionType::Headers:
            for (const auto &[name, value] : parseHeaders(v)) {
                if (!isSensitiveHeader(QByteArrayView(name)))
                    continue;
                const QString text = QString::fromUtf8(value);
                add(text);
                const QRegularExpressionMatch m = scheme.match(text);
                if (m.hasMatch())
                    add(text.mid(m.capturedEnd()));
            }
            break;
        case OptionType::Url: {
            const QUrl url(v.toString().trimmed());
            if (!url.password().isEmpty())
                add(url.password(QUrl::FullyDecoded));
            else if (!url.userName().isEmpty())
                add(url.userName(QUrl::FullyDecoded)); // a token passed as the user name
            const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
            for (const auto &[key, value] : items)
                if (isSensitiveQueryKey(key))
                    add(value);
            break;
        }
        default:
            break;
        }
    }
    return out;
}

void registerSecret(const QString &value)
{
    registry().add(value);
}

namespace {
QtMessageHandler g_previousHandler = nullptr;

void redactingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString clean = redactText(message);
    if (g_previousHandler) {
        g_previousHandler(type, context, clean);
        return;
    }
    const QByteArray line = qFormatLogMessage(type, context, clean).toLocal8Bit();
    std::fprintf(stderr, "%s\n", line.constData());
}
} // namespace

void installLogRedaction()
{
    static bool installed = false;
    if (installed)
        return;
    installed = true;
    g_previousHandler = qInstallMessageHandler(redactingHandler);
}

} // namespace livedash
