#include "ingest/pluginregistry.h"
#include "logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonObject>
#include <QPluginLoader>
#include <QStandardPaths>

#ifndef LIVEDASH_PLUGIN_RELATIVE_DIR
#error "LIVEDASH_PLUGIN_RELATIVE_DIR (bin/ to the installed plugins) comes from core/CMakeLists.txt"
#endif

namespace livedash {

PluginRegistry::~PluginRegistry() = default;

QStringList PluginRegistry::defaultSearchPaths()
{
    const QString appDir = QCoreApplication::applicationDirPath();
    // The build tree and Windows keep plugins next to the executable.
    QStringList paths{appDir + QStringLiteral("/plugins")};
#if defined(Q_OS_MACOS)
    // An app bundle: Contents/MacOS/livedash finds them in Contents/PlugIns/livedash/plugins,
    // and in the build tree (bin/livedash.app) in bin/plugins, next to the bundle.
    paths.append(QDir::cleanPath(appDir + QStringLiteral("/../PlugIns/livedash/plugins")));
    if (appDir.endsWith(QLatin1String(".app/Contents/MacOS")))
        paths.append(QDir::cleanPath(appDir + QStringLiteral("/../../../plugins")));
#endif
    // The installed layout (/usr, a tarball unpacked anywhere): bin/ to the plugin folder, as
    // CMake's install directories placed it, e.g. ../lib/x86_64-linux-gnu/livedash/plugins.
    const QString installed =
        QDir::cleanPath(appDir + QLatin1Char('/') + QStringLiteral(LIVEDASH_PLUGIN_RELATIVE_DIR));
    if (!paths.contains(installed))
        paths.append(installed);
    const QString user = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!user.isEmpty())
        paths.append(user + QStringLiteral("/plugins"));
    return paths;
}

int PluginRegistry::loadFrom(const QStringList &folders)
{
    int added = 0;
    for (const QString &folder : folders) {
        QDir dir(folder);
        if (!dir.exists())
            continue;
        const auto entries = dir.entryInfoList(QDir::Files | QDir::NoDotAndDotDot, QDir::Name);
        for (const QFileInfo &fi : entries) {
            if (!QLibrary::isLibrary(fi.fileName()))
                continue;
            const QString file = fi.absoluteFilePath();
            QPluginLoader loader(file);
            const QJsonObject meta = loader.metaData();
            if (meta.isEmpty()) {
                m_failures.append(
                    {file, QStringLiteral("not a Qt plugin: %1").arg(loader.errorString())});
                continue;
            }
            if (meta.value(QStringLiteral("IID")).toString() !=
                QLatin1String(LivedashFeedPlugin_iid)) {
                m_failures.append({file, QStringLiteral("not a Livedash feed plugin (IID %1)")
                                             .arg(meta.value(QStringLiteral("IID")).toString())});
                continue;
            }
            const QJsonObject data = meta.value(QStringLiteral("MetaData")).toObject();
            const int api = data.value(QStringLiteral("apiVersion")).toInt(-1);
            const QString id = data.value(QStringLiteral("id")).toString();
            if (api != FeedPluginApiVersion) {
                m_failures.append({file, QStringLiteral("plugin API version %1, this Livedash "
                                                        "needs %2")
                                             .arg(api)
                                             .arg(FeedPluginApiVersion)});
                continue;
            }
            if (id.isEmpty()) {
                m_failures.append({file, QStringLiteral("metadata has no plugin id")});
                continue;
            }
            if (plugin(id)) {
                qCDebug(lcCore) << "plugin" << id << "already loaded, skipping" << file;
                continue;
            }
            QObject *object = loader.instance();
            auto *feedPlugin = qobject_cast<FeedPlugin *>(object);
            if (!feedPlugin) {
                m_failures.append({file, object ? QStringLiteral("does not implement FeedPlugin")
                                                : loader.errorString()});
                continue;
            }
            if (feedPlugin->info().id != id) {
                m_failures.append({file, QStringLiteral("metadata id \"%1\" differs from the "
                                                        "plugin's id \"%2\"")
                                             .arg(id, feedPlugin->info().id)});
                continue;
            }
            m_entries.append({id, feedPlugin, object, file});
            ++added;
        }
    }
    for (const Failure &f : std::as_const(m_failures))
        qCWarning(lcCore).noquote() << "plugin skipped:" << f.file << "-" << f.reason;
    return added;
}

void PluginRegistry::add(QObject *pluginObject, const QString &origin)
{
    auto *feedPlugin = qobject_cast<FeedPlugin *>(pluginObject);
    if (!feedPlugin) {
        m_failures.append({origin, QStringLiteral("does not implement FeedPlugin")});
        return;
    }
    m_entries.append({feedPlugin->info().id, feedPlugin, pluginObject, origin});
}

const FeedPlugin *PluginRegistry::plugin(const QString &id) const
{
    for (const Entry &e : m_entries)
        if (e.id == id)
            return e.plugin;
    return nullptr;
}

const PublisherPlugin *PluginRegistry::publisher(const QString &scheme) const
{
    for (const Entry &e : m_entries) {
        const auto *p = qobject_cast<PublisherPlugin *>(e.object);
        if (p && p->publishSchemes().contains(scheme, Qt::CaseInsensitive))
            return p;
    }
    return nullptr;
}

QStringList PluginRegistry::publishSchemes() const
{
    QStringList schemes;
    for (const Entry &e : m_entries)
        if (const auto *p = qobject_cast<PublisherPlugin *>(e.object))
            schemes += p->publishSchemes();
    schemes.sort();
    schemes.removeDuplicates();
    return schemes;
}

QList<PluginInfo> PluginRegistry::plugins() const
{
    QList<PluginInfo> out;
    for (const Entry &e : m_entries)
        out.append(e.plugin->info());
    std::sort(out.begin(), out.end(),
              [](const PluginInfo &a, const PluginInfo &b) { return a.id < b.id; });
    return out;
}

QList<Problem> PluginRegistry::problems(const FeedConfig &feed) const
{
    QList<Problem> out;
    if (const QString why = FeedConfig::idProblem(feed.id); !why.isEmpty())
        out.append({QStringLiteral("id"), why});
    const FeedPlugin *p = plugin(feed.plugin);
    if (!p) {
        out.append({QStringLiteral("plugin"),
                    QStringLiteral("no feed plugin \"%1\" is installed").arg(feed.plugin)});
        return out;
    }
    const PluginInfo info = p->info();
    const QVariantMap values = withDefaults(info.options, feed.options);
    const QString options = QStringLiteral("options");
    out += prefixed(validateOptions(info.options, values), options);
    out += prefixed(p->validate(values), options);
    for (const QString &e : feed.fields.validate())
        out.append(Problem::fromString(e).prefixed(QStringLiteral("fields")));
    if (feed.reconnect.maxDelayMs < feed.reconnect.initialDelayMs)
        out.append({QStringLiteral("reconnect.maxDelayMs"),
                    QStringLiteral("must not be below initialDelayMs")});
    return out;
}

QStringList PluginRegistry::validate(const FeedConfig &feed) const
{
    return toStrings(problems(feed));
}

} // namespace livedash
