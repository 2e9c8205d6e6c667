#include <livedash/tlstrust.h>

#include <QCryptographicHash>
#include <QFile>
#include <QRegularExpression>

namespace livedash {

namespace {

/// Errors a pin answers: who vouches for the certificate, and which name it is for.
bool isTrustError(QSslError::SslError error)
{
    switch (error) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
    case QSslError::HostNameMismatch:
        return true;
    default:
        return false;
    }
}

QList<QSslCertificate> loadCertificates(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read \"%1\": %2").arg(path, file.errorString());
        return {};
    }
    const QByteArray data = file.read(1024 * 1024);
    QList<QSslCertificate> certificates = QSslCertificate::fromData(data, QSsl::Pem);
    if (certificates.isEmpty())
        certificates = QSslCertificate::fromData(data, QSsl::Der);
    certificates.removeIf([](const QSslCertificate &c) { return c.isNull(); });
    if (certificates.isEmpty())
        *error = QStringLiteral("\"%1\" holds no PEM or DER certificate").arg(path);
    return certificates;
}

} // namespace

QList<OptionSpec> TlsTrust::optionSpecs()
{
    return {
        option(CertificateFileKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Trusted certificate"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Path to a PEM file with the server's certificate (e.g. a "
                                 "self-signed one) or the private CA that issued it. Certificates "
                                 "are verified either way; this adds one the feed trusts.")),
        option(FingerprintKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Certificate SHA-256"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Pins the server's certificate by its SHA-256 fingerprint (hex, "
                                 "colons optional), e.g. from `openssl x509 -noout -fingerprint "
                                 "-sha256 -in cert.pem`. A refused connection shows the "
                                 "fingerprint the server presented.")),
    };
}

QList<Problem> TlsTrust::validate(const QVariantMap &options)
{
    QList<Problem> errors;
    const QString path = options.value(CertificateFileKey).toString().trimmed();
    if (!path.isEmpty() && !path.contains(QLatin1String("${"))) {
        QString why;
        loadCertificates(path, &why);
        if (!why.isEmpty())
            errors.append({CertificateFileKey, why});
    }
    const QString sha = options.value(FingerprintKey).toString().trimmed();
    if (!sha.isEmpty() && !sha.contains(QLatin1String("${"))) {
        QString why;
        parseFingerprint(sha, &why);
        if (!why.isEmpty())
            errors.append({FingerprintKey, why});
    }
    return errors;
}

TlsTrust TlsTrust::fromOptions(const QVariantMap &options)
{
    TlsTrust trust;
    QStringList problems;
    const QString path = options.value(CertificateFileKey).toString().trimmed();
    if (!path.isEmpty()) {
        QString why;
        trust.m_certificates = loadCertificates(path, &why);
        if (!why.isEmpty())
            problems.append(QStringLiteral("trusted certificate: ") + why);
    }
    const QString sha = options.value(FingerprintKey).toString().trimmed();
    if (!sha.isEmpty()) {
        QString why;
        const QByteArray digest = parseFingerprint(sha, &why);
        if (digest.isEmpty())
            problems.append(QStringLiteral("certificate SHA-256: ") + why);
        else
            trust.m_fingerprints.append(digest);
    }
    trust.m_error = problems.join(QStringLiteral("; "));
    return trust;
}

QByteArray TlsTrust::parseFingerprint(const QString &text, QString *error)
{
    QString hex = text.trimmed();
    const qsizetype equals = hex.lastIndexOf(QLatin1Char('='));
    if (equals >= 0)
        hex = hex.mid(equals + 1); // "sha256 Fingerprint=AB:CD:..."
    if (hex.startsWith(QLatin1String("sha256:"), Qt::CaseInsensitive))
        hex = hex.mid(7);
    hex.remove(QRegularExpression(QStringLiteral("[:\\s]")));
    static const QRegularExpression valid(
        QRegularExpression::anchoredPattern(QStringLiteral("[0-9A-Fa-f]{64}")));
    if (!valid.match(hex).hasMatch()) {
        if (error)
            *error = QStringLiteral("expected a SHA-256 fingerprint: 64 hex digits, colons "
                                    "optional (got %1 hex digits)")
                         .arg(hex.count(QRegularExpression(QStringLiteral("[0-9A-Fa-f]"))));
        return {};
    }
    return QByteArray::fromHex(hex.toLatin1());
}

QString TlsTrust::formatFingerprint(const QByteArray &sha256)
{
    return QString::fromLatin1(sha256.toHex(':').toUpper());
}

QString TlsTrust::fingerprintOf(const QSslCertificate &certificate)
{
    return formatFingerprint(certificate.digest(QCryptographicHash::Sha256));
}

QSslConfiguration TlsTrust::configure(QSslConfiguration config) const
{
    if (!m_certificates.isEmpty())
        config.addCaCertificates(m_certificates);
    return config;
}

QSslCertificate TlsTrust::peerOf(const QList<QSslError> &errors, const QSslCertificate &peer) const
{
    if (!peer.isNull())
        return peer;
    for (const QSslError &e : errors)
        if (!e.certificate().isNull())
            return e.certificate();
    return QSslCertificate();
}

bool TlsTrust::isPinned(const QSslCertificate &certificate) const
{
    if (certificate.isNull())
        return false;
    if (m_certificates.contains(certificate))
        return true;
    return m_fingerprints.contains(certificate.digest(QCryptographicHash::Sha256));
}

bool TlsTrust::accepts(const QList<QSslError> &errors, const QSslCertificate &peer) const
{
    if (errors.isEmpty() || !hasPins())
        return false;
    const QSslCertificate server = peerOf(errors, peer);
    if (!isPinned(server))
        return false;
    return std::all_of(errors.begin(), errors.end(), [&server](const QSslError &e) {
        return isTrustError(e.error()) && (e.certificate().isNull() || e.certificate() == server);
    });
}

QString TlsTrust::describe(const QList<QSslError> &errors, const QSslCertificate &peer) const
{
    const QSslCertificate server = peerOf(errors, peer);
    const QString fingerprint = server.isNull()
                                    ? QString()
                                    : QStringLiteral(" (the server's certificate has SHA-256 %1)")
                                          .arg(fingerprintOf(server));
    auto has = [&errors](QSslError::SslError which) {
        return std::any_of(errors.begin(), errors.end(),
                           [which](const QSslError &e) { return e.error() == which; });
    };
    const QString pin = QStringLiteral("pin it in the feed's settings (Trusted certificate or "
                                       "Certificate SHA-256)");
    // A broken certificate first: no pin helps against it.
    for (const QSslError &e : errors) {
        switch (e.error()) {
        case QSslError::CertificateExpired:
            return QStringLiteral("certificate has expired (on %1)%2")
                .arg(server.expiryDate().toString(Qt::ISODate), fingerprint);
        case QSslError::CertificateNotYetValid:
            return QStringLiteral("certificate is not valid yet (from %1)%2")
                .arg(server.effectiveDate().toString(Qt::ISODate), fingerprint);
        case QSslError::CertificateRevoked:
            return QStringLiteral("certificate has been revoked") + fingerprint;
        default:
            break;
        }
    }
    if (hasPins() && !isPinned(server))
        return QStringLiteral("certificate does not match the certificate pinned in the feed's "
                              "settings%1")
            .arg(fingerprint);
    if (has(QSslError::SelfSignedCertificate))
        return QStringLiteral("certificate is self-signed and not trusted; %1%2")
            .arg(pin, fingerprint);
    if (has(QSslError::SelfSignedCertificateInChain) ||
        has(QSslError::UnableToGetLocalIssuerCertificate) ||
        has(QSslError::UnableToGetIssuerCertificate) ||
        has(QSslError::UnableToVerifyFirstCertificate) || has(QSslError::CertificateUntrusted))
        return QStringLiteral("certificate is issued by an unknown authority and not trusted; "
                              "%1 (or its CA as Trusted certificate)%2")
            .arg(pin, fingerprint);
    if (has(QSslError::HostNameMismatch))
        return QStringLiteral("certificate is for %1, not this host; %2%3")
            .arg(server.subjectAlternativeNames().values().join(QStringLiteral(", ")), pin,
                 fingerprint);
    QStringList texts;
    for (const QSslError &e : errors)
        texts.append(e.errorString());
    return texts.join(QStringLiteral("; ")) + fingerprint;
}

} // namespace livedash
