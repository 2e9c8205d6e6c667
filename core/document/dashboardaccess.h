#pragma once

#include "document/dashboard.h"
#include <livedash/options.h>

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace livedash {

class PluginRegistry;

/// What a dashboard would do once its feeds run: what the operator is asked to trust. Every
/// list is de-duplicated and sorted.
struct DashboardAccess
{
    QStringList hosts;           ///< "host" or "host:port" (or a URL whose host is a reference)
    QStringList commands;        ///< programs or command lines a feed would run
    QStringList envVars;         ///< NAME of every `${env:NAME}`
    QStringList keychainEntries; ///< NAME of every `${keychain:NAME}`

    bool isEmpty() const
    {
        return hosts.isEmpty() && commands.isEmpty() && envVars.isEmpty() &&
               keychainEntries.isEmpty();
    }
    /// One line, e.g. "connect to hosts: a:80, b; read environment variables: TOKEN".
    QString summary() const;
};

/// The option schema of a plugin id (empty when the plugin is unknown).
using OptionSchemaLookup = std::function<QList<OptionSpec>(const QString &pluginId)>;

/// What `dashboard`'s feeds (enabled or not) would do: the hosts of every URL option (by the
/// plugin's schema, and of any option value that reads as a URL with a host), the commands of
/// options marked runsCommand (or named command, program or args, for plugins not loaded), and
/// the environment variables and keychain entries referenced anywhere in the options.
DashboardAccess dashboardAccess(const Dashboard &dashboard, const OptionSchemaLookup &schemaOf);
DashboardAccess dashboardAccess(const Dashboard &dashboard, const PluginRegistry *registry);

} // namespace livedash
