#pragma once

#include "document/dashboard.h"
#include <livedash/feedplugin.h>
#include <livedash/publisher.h>

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace livedash {

/// The feed kinds this process can run. Plugins are loaded only from the application's plugin
/// folder and the user's plugin folder; metadata (IID, API version, id) is checked before a
/// library is loaded, and a plugin that fails is listed with its reason and skipped.
class PluginRegistry
{
public:
    struct Failure
    {
        QString file;
        QString reason;
    };

    PluginRegistry() = default;
    ~PluginRegistry();
    PluginRegistry(const PluginRegistry &) = delete;
    PluginRegistry &operator=(const PluginRegistry &) = delete;

    /// <app dir>/plugins, (macOS) the bundle's PlugIns/livedash/plugins, the installed plugin
    /// folder relative to <app dir> (LIVEDASH_PLUGIN_RELATIVE_DIR), <user data>/plugins.
    static QStringList defaultSearchPaths();

    /// Loads every plugin found in `folders`; returns how many were added.
    int loadFrom(const QStringList &folders);
    /// Registers a plugin object (for statically linked plugins).
    void add(QObject *pluginObject, const QString &origin);

    const FeedPlugin *plugin(const QString &id) const;
    /// The plugin that publishes to URLs of `scheme` (`--publish mqtt://...`), or null.
    const PublisherPlugin *publisher(const QString &scheme) const;
    /// Every scheme some plugin publishes to, sorted.
    QStringList publishSchemes() const;
    QList<PluginInfo> plugins() const;
    const QList<Failure> &failures() const { return m_failures; }

    /// Problems with a feed's configuration: feed id, unknown plugin, option errors, mapping
    /// errors; paths relative to the feed ("options.url", "fields.channels[0].path").
    QList<Problem> problems(const FeedConfig &feed) const;
    /// problems() as "<key>: <why>" lines, for logs and the feed's status.
    QStringList validate(const FeedConfig &feed) const;

private:
    struct Entry
    {
        QString id;
        FeedPlugin *plugin = nullptr;
        QObject *object = nullptr;
        QString origin;
    };
    QList<Entry> m_entries;
    QList<Failure> m_failures;
};

} // namespace livedash
