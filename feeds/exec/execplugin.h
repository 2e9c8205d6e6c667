#pragma once

#include <livedash/feedplugin.h>

#include <QObject>

namespace livedash {

/// The `exec` feed kind: runs a local program (no shell) and reads its standard output line
/// by line, as JSON lines, CSV rows or bare numbers. Standard error lines become the feed's
/// note; an exit is a disconnect (restarted with the backoff). The SDK's example plugin:
/// feeds/README.md walks through it.
class ExecPlugin : public QObject, public FeedPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LivedashFeedPlugin_iid FILE "exec.json")
    Q_INTERFACES(livedash::FeedPlugin)

public:
    PluginInfo info() const override;
    QList<Problem> validate(const QVariantMap &options) const override;
    std::unique_ptr<Feed> createFeed(const QVariantMap &options) const override;
};

} // namespace livedash
