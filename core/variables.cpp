#include "variables.h"

#include <QRegularExpression>

namespace livedash {

namespace {
const QRegularExpression &referencePattern()
{
    static const QRegularExpression re(QStringLiteral("\\$\\{([A-Za-z0-9_.:-]+)\\}"));
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
            out.insert(it.key(), resolveValue(it.value(), key + QLatin1Char('.') + it.key(), errors));
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
