#pragma once

#include <livedash/feedplugin.h>

#include <QObject>

namespace livedash {

/// The `udp` feed kind: listens on a UDP port (optionally in a multicast group) and maps the
/// lines of every datagram (JSON lines, CSV rows, key=value pairs or bare numbers). Channels
/// can be split by sender; datagrams the kernel dropped are counted and shown (Linux).
class UdpPlugin : public QObject, public FeedPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LivedashFeedPlugin_iid FILE "udp.json")
    Q_INTERFACES(livedash::FeedPlugin)

public:
    PluginInfo info() const override;
    QList<Problem> validate(const QVariantMap &options) const override;
    std::unique_ptr<Feed> createFeed(const QVariantMap &options) const override;
};

} // namespace livedash
