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

QVariantMap Variables::resolve(const QVariantMap &options, QStringList *errors) const
{
    QVariantMap out;
    for (auto it = options.begin(); it != options.end(); ++it) {
        if (it.value().typeId() != QMetaType::QString) {
            out.insert(it.key(), it.value());
            continue;
        }
        QString error;
        const QString resolved = resolve(it.value().toString(), &error);
        if (!error.isEmpty())
            errors->append(QStringLiteral("%1: %2").arg(it.key(), error));
        out.insert(it.key(), resolved);
    }
    return out;
}

} // namespace livedash
