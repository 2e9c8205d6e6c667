#pragma once

#include <livedash/export.h>

#include <livedash/options.h>

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>
#include <QVariantMap>

namespace livedash {

/// Which servers a TLS feed (wss://, https://) trusts. Certificate verification is always on
/// (Qt's default, which nothing in Livedash turns off): a server is trusted when its chain leads
/// to a system CA, or when the feed's settings pin it:
///  - `trustedCertificate`: a PEM (or DER) file with the server's certificate or a private CA;
///    its certificates are added to the CA certificates for this feed's connections;
///  - `certificateSha256`: the SHA-256 fingerprint of the server's own certificate.
/// A server whose certificate is exactly a pinned one is accepted even when self-signed or
/// issued for another name; an expired, revoked or otherwise broken certificate never is.
class LIVEDASH_SDK_EXPORT TlsTrust
{
public:
    static inline const QString CertificateFileKey = QStringLiteral("trustedCertificate");
    static inline const QString FingerprintKey = QStringLiteral("certificateSha256");

    /// The two options, for a TLS plugin's schema.
    static QList<OptionSpec> optionSpecs();
    /// Problems with the two options (unreadable file, no certificate in it, a fingerprint
    /// that is not 64 hex digits). Values holding `${...}` are checked when the feed starts.
    static QList<Problem> validate(const QVariantMap &options);
    /// From resolved options; error() says what is wrong with them.
    static TlsTrust fromOptions(const QVariantMap &options);

    /// SHA-256 fingerprint from hex, with or without ':' or spaces, or as printed by
    /// `openssl x509 -noout -fingerprint -sha256` ("sha256 Fingerprint=AB:CD:..."). Empty
    /// (and `error` set) when it is not 32 bytes of hex.
    static QByteArray parseFingerprint(const QString &text, QString *error);
    /// "AB:CD:..." (upper case), as openssl prints it.
    static QString formatFingerprint(const QByteArray &sha256);
    static QString fingerprintOf(const QSslCertificate &certificate);

    const QString &error() const { return m_error; }
    bool hasPins() const { return !m_certificates.isEmpty() || !m_fingerprints.isEmpty(); }

    /// `config` with the pinned certificates added to its CA certificates. Peer verification
    /// stays as it is (on).
    QSslConfiguration configure(QSslConfiguration config) const;
    /// Whether the handshake may go on despite `errors`: only when the server's certificate
    /// (`peer`, or the one the errors name) is exactly a pinned one and every error is about
    /// trust or the host name. The caller then ignores exactly `errors`.
    bool accepts(const QList<QSslError> &errors,
                 const QSslCertificate &peer = QSslCertificate()) const;
    /// Why the handshake was refused, in operator terms, e.g. "certificate is
    /// self-signed and not trusted; pin it in the feed's settings (...)".
    QString describe(const QList<QSslError> &errors,
                     const QSslCertificate &peer = QSslCertificate()) const;

private:
    QSslCertificate peerOf(const QList<QSslError> &errors, const QSslCertificate &peer) const;
    bool isPinned(const QSslCertificate &certificate) const;

    QList<QSslCertificate> m_certificates;
    QList<QByteArray> m_fingerprints; ///< raw SHA-256 digests
    QString m_error;
};

} // namespace livedash
