#include "document/truststore.h"
#include "document/dashboard.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>

namespace livedash {

namespace {
// Maps, not one key per path: QSettings treats '/' in a key as a group separator.
const QString TrustedKey = QStringLiteral("trust/dashboards");
const QString OwnersKey = QStringLiteral("trust/keychainOwners");

bool readFile(const QString &path, QByteArray *bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > 64 * 1024 * 1024)
        return false;
    *bytes = file.readAll();
    return true;
}
} // namespace

TrustStore::TrustStore(QString settingsFile) : m_settingsFile(std::move(settingsFile)) {}

std::unique_ptr<QSettings> TrustStore::settings() const
{
    if (m_settingsFile.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(m_settingsFile, QSettings::IniFormat);
}

QByteArray TrustStore::contentHash(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

QString TrustStore::canonicalPath(const QString &path)
{
    if (path.isEmpty())
        return {};
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

bool TrustStore::isTrusted(const QString &path, const QByteArray &hash) const
{
    if (path.isEmpty() || hash.isEmpty())
        return false;
    const QVariantMap trusted = settings()->value(TrustedKey).toMap();
    return trusted.value(canonicalPath(path)).toByteArray() == hash;
}

bool TrustStore::isTrusted(const QString &path, const Dashboard &loaded) const
{
    if (path.isEmpty() || loaded.feeds.isEmpty())
        return true; // the built-in demo; no feeds: nothing can run
    QByteArray bytes;
    if (!readFile(path, &bytes) || !isTrusted(path, contentHash(bytes)))
        return false;
    QStringList errors;
    const auto current = Dashboard::fromJson(bytes, &errors);
    return current && *current == loaded;
}

bool TrustStore::trustFile(const QString &path)
{
    QByteArray bytes;
    if (path.isEmpty() || !readFile(path, &bytes))
        return false;
    trust(path, contentHash(bytes));
    return true;
}

void TrustStore::trust(const QString &path, const QByteArray &hash)
{
    auto s = settings();
    QVariantMap trusted = s->value(TrustedKey).toMap();
    trusted.insert(canonicalPath(path), hash);
    s->setValue(TrustedKey, trusted);
}

void TrustStore::forget(const QString &path)
{
    auto s = settings();
    QVariantMap trusted = s->value(TrustedKey).toMap();
    trusted.remove(canonicalPath(path));
    s->setValue(TrustedKey, trusted);
}

QStringList TrustStore::keychainOwners(const QString &name) const
{
    return settings()->value(OwnersKey).toMap().value(name).toStringList();
}

void TrustStore::addKeychainOwner(const QString &name, const QString &dashboardPath)
{
    const QString owner = canonicalPath(dashboardPath);
    if (owner.isEmpty())
        return;
    auto s = settings();
    QVariantMap owners = s->value(OwnersKey).toMap();
    QStringList list = owners.value(name).toStringList();
    if (list.contains(owner))
        return;
    list.append(owner);
    list.sort();
    owners.insert(name, list);
    s->setValue(OwnersKey, owners);
}

QString TrustStore::keychainRefusal(const QString &name, const QString &dashboardPath) const
{
    const QStringList owners = keychainOwners(name);
    if (owners.isEmpty() || owners.contains(canonicalPath(dashboardPath)))
        return {};
    return QStringLiteral("keychain entry %1 belongs to another dashboard; it is not read here "
                          "(type the secret into this dashboard's settings to store its own)")
        .arg(name);
}

} // namespace livedash
