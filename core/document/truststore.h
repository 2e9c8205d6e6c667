#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

class QSettings;

namespace livedash {

struct Dashboard;

/// Which dashboard files the operator trusts to run, and which dashboard owns each keychain
/// entry. A file is trusted for one content: trust is kept per canonical path together with the
/// SHA-256 of the file's bytes, so an edited file (by anyone but Livedash) is untrusted again.
/// Kept in the application's QSettings (group "trust"), or in `settingsFile` (INI) when given.
/// Cheap to construct: every call reads or writes the settings, so several processes agree.
class TrustStore
{
public:
    explicit TrustStore(QString settingsFile = {});

    /// SHA-256 of `bytes`, lowercase hex.
    static QByteArray contentHash(const QByteArray &bytes);
    /// The canonical (symlink-free, absolute) path of `path`; an absolute clean path when the
    /// file does not exist (yet).
    static QString canonicalPath(const QString &path);

    /// Whether the file at `path` with content hash `hash` is trusted.
    bool isTrusted(const QString &path, const QByteArray &hash) const;
    /// Whether `loaded` (read from `path`) may run: the file's current bytes are trusted and
    /// still parse to `loaded` (so a file changed after it was loaded is not run on old trust).
    /// An empty path is the built-in demo (trusted), as is a dashboard with no feeds.
    bool isTrusted(const QString &path, const Dashboard &loaded) const;
    /// Records the file at `path` as trusted as it is now; false when it cannot be read.
    bool trustFile(const QString &path);
    void trust(const QString &path, const QByteArray &hash);
    void forget(const QString &path);

    /// The canonical paths of the dashboards that own keychain entry `name` (empty when no
    /// dashboard has claimed it: an entry stored before owners were recorded).
    QStringList keychainOwners(const QString &name) const;
    void addKeychainOwner(const QString &name, const QString &dashboardPath);
    /// Why the dashboard at `dashboardPath` may not use keychain entry `name`; empty when it may
    /// (it owns the entry, or nobody does yet).
    QString keychainRefusal(const QString &name, const QString &dashboardPath) const;

private:
    std::unique_ptr<QSettings> settings() const;

    QString m_settingsFile;
};

} // namespace livedash
