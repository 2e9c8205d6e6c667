#include "document/dashboardaccess.h"
#include "ingest/pluginregistry.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace livedash {

namespace {

const QRegularExpression &referencePattern()
{
    // As Variables resolves them.
    static const QRegularExpression re(
        QStringLiteral("\\$\\{(env|keychain):([A-Za-z0-9_.:/-]+)\\}"));
    return re;
}

/// "host[:port]" of `text` when it reads as "scheme://authority...", without user and password;
/// empty otherwise. Done by hand so a host given by a reference ("${env:HOST}") shows too.
QString hostOf(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^\\s*[A-Za-z][A-Za-z0-9+.-]*://([^/?#\\s]+)"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return {};
    QString authority = m.captured(1);
    const qsizetype at = authority.lastIndexOf(QLatin1Char('@'));
    if (at >= 0)
        authority = authority.mid(at + 1);
    // Host names are case-insensitive; a reference's name is not.
    return authority.contains(QLatin1String("${")) ? authority : authority.toLower();
}

void collectStrings(const QVariant &value, QStringList *out)
{
    switch (value.typeId()) {
    case QMetaType::QString:
        out->append(value.toString());
        break;
    case QMetaType::QVariantMap: {
        const QVariantMap map = value.toMap();
        for (const QVariant &v : map)
            collectStrings(v, out);
        break;
    }
    case QMetaType::QVariantList:
    case QMetaType::QStringList: {
        const QVariantList list = value.toList();
        for (const QVariant &v : list)
            collectStrings(v, out);
        break;
    }
    default:
        break;
    }
}

QString commandText(const QVariant &value)
{
    if (value.typeId() == QMetaType::QVariantList || value.typeId() == QMetaType::QStringList) {
        QStringList parts;
        collectStrings(value, &parts);
        return parts.join(QLatin1Char(' '));
    }
    return value.toString();
}

QStringList sortedUnique(QSet<QString> set)
{
    set.remove(QString());
    QStringList list(set.begin(), set.end());
    list.sort();
    return list;
}

} // namespace

QString DashboardAccess::summary() const
{
    QStringList parts;
    if (!hosts.isEmpty())
        parts.append(QStringLiteral("connect to hosts: ") + hosts.join(QStringLiteral(", ")));
    if (!commands.isEmpty())
        parts.append(QStringLiteral("run commands: ") + commands.join(QStringLiteral(", ")));
    if (!envVars.isEmpty())
        parts.append(QStringLiteral("read environment variables: ") +
                     envVars.join(QStringLiteral(", ")));
    if (!keychainEntries.isEmpty())
        parts.append(QStringLiteral("read keychain entries: ") +
                     keychainEntries.join(QStringLiteral(", ")));
    return parts.join(QStringLiteral("; "));
}

DashboardAccess dashboardAccess(const Dashboard &dashboard, const OptionSchemaLookup &schemaOf)
{
    static const QStringList commandKeys{QStringLiteral("program"), QStringLiteral("command"),
                                         QStringLiteral("args")};
    QSet<QString> hosts, commands, env, keychain;
    const auto collectReferences = [&](const QString &text) {
        auto refs = referencePattern().globalMatch(text);
        while (refs.hasNext()) {
            const QRegularExpressionMatch m = refs.next();
            (m.captured(1) == QLatin1String("env") ? env : keychain).insert(m.captured(2));
        }
    };
    for (const FeedConfig &feed : dashboard.feeds) {
        const QList<OptionSpec> schema = schemaOf ? schemaOf(feed.plugin) : QList<OptionSpec>();
        const auto specOf = [&schema](const QString &key) {
            return std::find_if(schema.begin(), schema.end(),
                                [&key](const OptionSpec &s) { return s.key == key; });
        };
        // One command line per feed: flagged options in schema order, then the generic names
        // (program, command, args) of options the schema does not declare.
        QStringList commandLine;
        for (const OptionSpec &spec : schema)
            if (spec.runsCommand && feed.options.contains(spec.key))
                commandLine.append(commandText(feed.options.value(spec.key)).trimmed());
        for (const QString &key : commandKeys)
            for (auto it = feed.options.begin(); it != feed.options.end(); ++it)
                if (it.key().compare(key, Qt::CaseInsensitive) == 0 &&
                    specOf(it.key()) == schema.end())
                    commandLine.append(commandText(it.value()).trimmed());
        commandLine.removeAll(QString());
        if (!commandLine.isEmpty())
            commands.insert(commandLine.join(QLatin1Char(' ')));
        // A server given as a `host` option with an optional `port` (sql, tcp) rather than a
        // URL is a host the feed connects to as well.
        const QString host = feed.options.value(QStringLiteral("host")).toString().trimmed();
        if (!host.isEmpty()) {
            const QString port = feed.options.value(QStringLiteral("port")).toString().trimmed();
            hosts.insert(port.isEmpty() ? host.toLower()
                                        : QStringLiteral("%1:%2").arg(host.toLower(), port));
        }
        for (auto it = feed.options.begin(); it != feed.options.end(); ++it) {
            const auto spec = specOf(it.key());
            QStringList strings;
            collectStrings(it.value(), &strings);
            for (const QString &text : std::as_const(strings)) {
                const QString host = hostOf(text);
                if (!host.isEmpty())
                    hosts.insert(host);
                else if (spec != schema.end() && spec->type == OptionType::Url &&
                         !text.trimmed().isEmpty())
                    hosts.insert(text.trimmed()); // e.g. "${demo.ws}/x": where it points, as is
                collectReferences(text);
            }
        }
    }
    // Alarm events are posted to the webhook, with its headers.
    if (!dashboard.alertWebhook.url.isEmpty()) {
        const QString host = hostOf(dashboard.alertWebhook.url);
        hosts.insert(host.isEmpty() ? dashboard.alertWebhook.url : host);
        QStringList strings;
        collectStrings(QVariant(dashboard.alertWebhook.headers), &strings);
        for (const QString &text : std::as_const(strings))
            collectReferences(text);
    }
    return {sortedUnique(hosts), sortedUnique(commands), sortedUnique(env), sortedUnique(keychain)};
}

DashboardAccess dashboardAccess(const Dashboard &dashboard, const PluginRegistry *registry)
{
    return dashboardAccess(dashboard, [registry](const QString &pluginId) {
        const FeedPlugin *plugin = registry ? registry->plugin(pluginId) : nullptr;
        return plugin ? plugin->info().options : QList<OptionSpec>();
    });
}

} // namespace livedash
