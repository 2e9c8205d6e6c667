#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace livedash {

/// Resolves `${name}` references in feed options: `${env:NAME}` reads the environment (how a
/// headless machine passes a token), `${keychain:NAME}` takes a secret the engine read from the
/// keychain (setSecret), other names come from the host (e.g. the demo sources' `${demo.ws}`
/// URLs, whose ports are chosen at start). The dashboard file keeps the reference.
class Variables
{
public:
    void set(const QString &name, const QString &value) { m_values.insert(name, value); }
    bool contains(const QString &name) const { return m_values.contains(name); }
    const QHash<QString, QString> &values() const { return m_values; }

    /// The value of `${keychain:name}`.
    void setSecret(const QString &name, const QString &value);
    /// `${keychain:name}` is still being read: feeds using it wait (see waitsForSecrets).
    void setSecretPending(const QString &name);
    /// `${keychain:name}` cannot be resolved, and why (e.g. "not found in the keychain").
    void setSecretError(const QString &name, const QString &error);
    /// `${keychain:name}` may not be used at all, and why (the whole message, e.g. "keychain
    /// entry X belongs to another dashboard"): the entry is never read.
    void setSecretRefused(const QString &name, const QString &message);
    /// Whether `options` refer to a keychain entry that is still being read.
    bool waitsForSecrets(const QVariantMap &options) const;
    /// The NAMEs of every `${keychain:NAME}` in `value` (strings, maps and lists, nested).
    static QStringList keychainNames(const QVariant &value);

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
    QHash<QString, QString> m_secrets;
    QHash<QString, QString> m_secretErrors; ///< a null string: pending
    QHash<QString, QString> m_secretRefusals;
};

} // namespace livedash
