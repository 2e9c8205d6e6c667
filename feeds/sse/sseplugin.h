#pragma once

#include <livedash/feedplugin.h>

#include <QObject>

namespace livedash {

/// The `sse` feed kind: a Server-Sent Events stream (text/event-stream). Each event's data is
/// one message; the event name can become a channel prefix. Reconnects send Last-Event-ID and
/// wait the server's `retry:` time; a 204 answer ends the feed for good.
class SsePlugin : public QObject, public FeedPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LivedashFeedPlugin_iid FILE "sse.json")
    Q_INTERFACES(livedash::FeedPlugin)

public:
    PluginInfo info() const override;
    QList<Problem> validate(const QVariantMap &options) const override;
    std::unique_ptr<Feed> createFeed(const QVariantMap &options) const override;
};

} // namespace livedash
