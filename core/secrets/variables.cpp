#include "secrets/variables.h"

#include <QRegularExpression>

namespace livedash {

namespace {
const QRegularExpression &referencePattern()
{
    // '/' for keychain names ("ticks/Authorization/5e1c0a").
    static const QRegularExpression re(QStringLiteral("\\$\\{([A-Za-z0-9_.:/-]+)\\}"));
    return re;
}
} // namespace

bool Variables::hasReference(const QString &text)
{
    return text.contains(referencePattern());
}

QString Variables::resolve(const QString &text, QString *error) const
{
    if (!text.contains(QLatin1String("${")))
        return text;
    QString out;
    qsizetype last = 0;
    auto it = referencePattern().globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        const QString name = m.captured(1);
        if (name.startsWith(QLatin1String("env:"))) {
            const QByteArray var = name.mid(4).toLocal8Bit();
            if (!qEnvironmentVariableIsSet(var.constData())) {
                *error = QStringLiteral("environment variable %1 is not set")
                             .arg(QString::fromLocal8Bit(var));
                return {};
            }
            out += qEnvironmentVariable(var.constData());
        } else if (name.startsWith(QLatin1String("keychain:"))) {
            const QString key = name.mid(9);
            auto it = m_secrets.constFind(key);
            if (auto refused = m_secretRefusals.constFind(key);
                refused != m_secretRefusals.constEnd()) {
                *error = *refused;
                return {};
            } else if (it != m_secrets.constEnd()) {
                out += *it;
            } else {
                auto why = m_secretErrors.constFind(key);
                if (why == m_secretErrors.constEnd())
                    *error = QStringLiteral("keychain entry %1: no keychain was consulted "
                                            "(use ${env:NAME} where none is available)")
                                 .arg(key);
                else if (why->isNull())
                    *error = QStringLiteral("keychain entry %1 is still being read").arg(key);
                else
                    *error = QStringLiteral("keychain entry %1: %2").arg(key, *why);
                return {};
            }
        } else if (m_values.contains(name)) {
            out += m_values.value(name);
        } else {
            *error = QStringLiteral("unknown variable ${%1}").arg(name);
            return {};
        }
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

void Variables::setSecret(const QString &name, const QString &value)
{
    m_secretRefusals.remove(name);
    m_secretErrors.remove(name);
    m_secrets.insert(name, value);
}

void Variables::setSecretPending(const QString &name)
{
    m_secretRefusals.remove(name);
    m_secrets.remove(name);
    m_secretErrors.insert(name, QString());
}

void Variables::setSecretError(const QString &name, const QString &error)
{
    m_secretRefusals.remove(name);
    m_secrets.remove(name);
    m_secretErrors.insert(name, error.isNull() ? QStringLiteral("") : error);
}

void Variables::setSecretRefused(const QString &name, const QString &message)
{
    m_secrets.remove(name);
    m_secretErrors.remove(name);
    m_secretRefusals.insert(name, message);
}

bool Variables::waitsForSecrets(const QVariantMap &options) const
{
    const QStringList names = keychainNames(options);
    return std::any_of(names.begin(), names.end(), [this](const QString &n) {
        auto it = m_secretErrors.constFind(n);
        return it != m_secretErrors.constEnd() && it->isNull();
    });
}

QStringList Variables::keychainNames(const QVariant &value)
{
    QStringList out;
    switch (value.typeId()) {
    case QMetaType::QString: {
        const QString text = value.toString();
        if (!text.contains(QLatin1String("${keychain:")))
            break;
        auto it = referencePattern().globalMatch(text);
        while (it.hasNext()) {
            const QString name = it.next().captured(1);
            if (name.startsWith(QLatin1String("keychain:")) && !out.contains(name.mid(9)))
                out.append(name.mid(9));
        }
        break;
    }
    case QMetaType::QVariantMap: {
        const QVariantMap map = value.toMap();
        for (const QVariant &v : map)
            for (const QString &n : keychainNames(v))
                if (!out.contains(n))
                    out.append(n);
        break;
    }
    case QMetaType::QVariantList: {
        const QVariantList list = value.toList();
        for (const QVariant &v : list)
            for (const QString &n : keychainNames(v))
                if (!out.contains(n))
                    out.append(n);
        break;
    }
    default:
        break;
    }
    return out;
}

QVariant Variables::resolveValue(const QVariant &value, const QString &key,
                                 QStringList *errors) const
{
    switch (value.typeId()) {
    case QMetaType::QString: {
        QString error;
        const QString resolved = resolve(value.toString(), &error);
        if (!error.isEmpty())
            errors->append(QStringLiteral("%1: %2").arg(key, error));
        return resolved;
    }
    case QMetaType::QVariantMap: {
        // Nested values too: a headers object may hold "Bearer ${env:TOKEN}".
        const QVariantMap map = value.toMap();
        QVariantMap out;
        for (auto it = map.begin(); it != map.end(); ++it)
            out.insert(it.key(),
                       resolveValue(it.value(), key + QLatin1Char('.') + it.key(), errors));
        return out;
    }
    case QMetaType::QVariantList: {
        const QVariantList list = value.toList();
        QVariantList out;
        for (qsizetype i = 0; i < list.size(); ++i)
            out.append(resolveValue(list[i], QStringLiteral("%1[%2]").arg(key).arg(i), errors));
        return out;
    }
    default:
        return value;
    }
}

QVariantMap Variables::resolve(const QVariantMap &options, QStringList *errors) const
{
    QVariantMap out;
    for (auto it = options.begin(); it != options.end(); ++it)
        out.insert(it.key(), resolveValue(it.value(), it.key(), errors));
    return out;
}

} // namespace livedash
