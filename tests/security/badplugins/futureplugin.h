#pragma once

#include <livedash/feedplugin.h>

#include <QObject>

namespace livedash::test {

// A Livedash feed plugin built for a future plugin API (apiVersion 2 in its metadata).
class FuturePlugin : public QObject, public FeedPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LivedashFeedPlugin_iid FILE "future.json")
    Q_INTERFACES(livedash::FeedPlugin)
public:
    PluginInfo info() const override;
    std::unique_ptr<Feed> createFeed(const QVariantMap &options) const override;
};

} // namespace livedash::test
