#pragma once

#include <QHash>
#include <QString>
#include <QVariantMap>

namespace livedash {

/// Resolves `${name}` references in feed options: `${env:NAME}` reads the environment (how a
/// headless machine passes a token), other names come from the host (e.g. the demo sources'
/// `${demo.ws}` URLs, whose ports are chosen at start). The dashboard file keeps the reference.
class Variables
{
public:
    void set(const QString &name, const QString &value) { m_values.insert(name, value); }
    bool contains(const QString &name) const { return m_values.contains(name); }
    const QHash<QString, QString> &values() const { return m_values; }

    /// `text` with every reference replaced; on an unknown name returns a null string and says
    /// which name in `error`.
    QString resolve(const QString &text, QString *error) const;
    /// Every string option resolved; errors are "<key>: <why>".
    QVariantMap resolve(const QVariantMap &options, QStringList *errors) const;
    /// Whether `text` uses any reference (used to keep references, not values, in files).
    static bool hasReference(const QString &text);

private:
    QVariant resolveValue(const QVariant &value, const QString &key, QStringList *errors) const;

    QHash<QString, QString> m_values;
};

} // namespace livedash
