#pragma once

#include <livedash/feedplugin.h>

#include <QObject>

namespace livedash {

/// The `system` feed kind ("This computer"): CPU, memory, swap, load, disk space and I/O,
/// network rates and named processes of the computer Livedash runs on, sampled every interval.
class SystemPlugin : public QObject, public FeedPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LivedashFeedPlugin_iid FILE "system.json")
    Q_INTERFACES(livedash::FeedPlugin)

public:
    PluginInfo info() const override;
    QList<Problem> validate(const QVariantMap &options) const override;
    std::unique_ptr<Feed> createFeed(const QVariantMap &options) const override;
};

} // namespace livedash
