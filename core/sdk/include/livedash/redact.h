#pragma once

#include <livedash/export.h>

#include <livedash/options.h>

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariant>

namespace livedash {

/// What every redacted value is replaced with.
inline constexpr QLatin1StringView RedactedText{"<redacted>"};

/// Whether a header's value is a credential, judged by its name: Authorization,
/// Proxy-Authorization, Cookie, Set-Cookie, and any name containing "token", "secret",
/// "password", "passwd", "apikey"/"api-key"/"api_key", "auth", "session" or "signature"
/// (X-Api-Key, X-Auth-Token, ...). Case-insensitive. Such values are redacted in logs and
/// moved to the keychain when a dashboard is saved.
LIVEDASH_SDK_EXPORT bool isSensitiveHeader(QStringView name);
LIVEDASH_SDK_EXPORT bool isSensitiveHeader(QByteArrayView name);

/// Whether `value` holds nothing secret besides `${...}` references: "${keychain:x}",
/// "Bearer ${env:TOKEN}" (an auth scheme word may stand before the reference).
LIVEDASH_SDK_EXPORT bool holdsOnlyReferences(const QString &value);

/// Whether a URL query parameter's value is a credential, judged by its name (token, key,
/// secret, password, auth, signature, session, ...).
LIVEDASH_SDK_EXPORT bool isSensitiveQueryKey(QStringView key);

/// The URL for logs and the status view: user info and fragment removed, every query value
/// replaced by RedactedText (the keys stay, so "?symbol=<redacted>&token=<redacted>").
/// A URL without user info, query or fragment is shown exactly as toDisplayString() does.
LIVEDASH_SDK_EXPORT QString redactUrl(const QUrl &url);
LIVEDASH_SDK_EXPORT QString redactUrl(const QString &url);

/// A headers option (text "Name: value" lines or a JSON object) for display: the value of
/// every sensitive header replaced by RedactedText, except `${...}` references (which hold no
/// secret) that are kept. Comments and invalid lines are kept as they are.
LIVEDASH_SDK_EXPORT QString redactHeaders(const QVariant &headers);

/// Free text (log lines, error messages, Qt's own error strings): redacts
///  - the value after "Authorization:", "Proxy-Authorization:", "Cookie:", "Set-Cookie:",
///    "X-Api-Key:", "Api-Key:", "X-Auth-Token:" (the auth scheme word, e.g. "Bearer", stays),
///  - user info, query values and fragments of every scheme://... URL in the text,
///  - every value in `secrets` and every value registered with registerSecret().
LIVEDASH_SDK_EXPORT QString redactText(const QString &text, const QStringList &secrets = {});

/// Options for display or logs: Secret options replaced by RedactedText (references kept),
/// headers through redactHeaders(), URLs through redactUrl(), other strings through
/// redactText() with the secrets found in `options` itself.
LIVEDASH_SDK_EXPORT QVariantMap redactOptions(const QList<OptionSpec> &schema,
                                              const QVariantMap &options);

/// The credential values in resolved `options`: Secret options, sensitive header values,
/// URL passwords and sensitive query values. What redactText() must scrub for this feed.
/// Values shorter than MinSecretLength are left out (redacting them would garble text).
LIVEDASH_SDK_EXPORT QStringList secretValues(const QList<OptionSpec> &schema,
                                             const QVariantMap &options);

inline constexpr qsizetype MinSecretLength = 4;

/// Adds `value` to the process-wide set of secrets redactText() always scrubs (the values
/// read from the keychain and the resolved secrets of running feeds). Thread-safe.
LIVEDASH_SDK_EXPORT void registerSecret(const QString &value);

/// Installs a Qt message handler that passes every message through redactText() before the
/// previous handler prints it: a last line of defence for messages no code here formats.
LIVEDASH_SDK_EXPORT void installLogRedaction();

} // namespace livedash
