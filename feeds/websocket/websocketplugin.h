#pragma once

#include <livedash/feedplugin.h>

#include <QObject>

namespace livedash {

/// The `websocket` feed kind: JSON messages (text or binary frames) from a ws:// or wss:// URL.
class WebSocketPlugin : public QObject, public FeedPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LivedashFeedPlugin_iid FILE "websocket.json")
    Q_INTERFACES(livedash::FeedPlugin)

public:
    explicit WebSocketPlugin(QObject *parent = nullptr);

    PluginInfo info() const override;
    QList<Problem> validate(const QVariantMap &options) const override;
    std::unique_ptr<Feed> createFeed(const QVariantMap &options) const override;
};

} // namespace livedash
