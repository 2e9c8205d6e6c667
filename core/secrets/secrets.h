#pragma once

#include "document/dashboard.h"
#include <livedash/options.h>

#include <QList>
#include <QString>

#include <functional>

namespace livedash {

/// A secret typed as plain text into a feed's options: a Secret option, or the value of a
/// sensitive header (see isSensitiveHeader()) in a Headers option.
struct PlaintextSecret
{
    QString optionKey;  ///< the option holding it
    QString headerName; ///< for a header value: the header's name; else empty
    QString value;
};

/// Plain-text secrets in `options`. Values that are `${...}` references (`${keychain:...}`,
/// `${env:...}`, or e.g. "Bearer ${env:TOKEN}") are not plain text.
QList<PlaintextSecret> plaintextSecrets(const QList<OptionSpec> &schema,
                                        const QVariantMap &options);

/// A secret to store under `name`; the dashboard now holds `${keychain:name}` in its place.
struct SecretToStore
{
    QString name;
    QString value;
};

struct SecretExtraction
{
    Dashboard dashboard;          ///< with every plain-text secret replaced by a reference
    QList<SecretToStore> secrets; ///< what to write to the keychain before saving
};

/// The option schema of a plugin id (empty when the plugin is unknown).
using SchemaLookup = std::function<QList<OptionSpec>(const QString &pluginId)>;

/// Moves every plain-text secret of `dashboard` out: each becomes `${keychain:NAME}` with NAME
/// "<feed id>/<option key or header name>/<6 hex digits>" (the digits keep two dashboards with
/// the same feed id apart). Where `previous` already referred to a keychain entry for the same
/// feed and option (or header), that NAME is reused, so editing a token overwrites its entry.
SecretExtraction extractSecrets(const Dashboard &dashboard, const SchemaLookup &schemaOf,
                                const Dashboard &previous = {});

} // namespace livedash
