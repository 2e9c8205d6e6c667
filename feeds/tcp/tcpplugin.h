#pragma once

#include <livedash/feedplugin.h>

#include <QObject>

namespace livedash {

/// The `tcp` feed kind: connects to a TCP server (optionally with TLS) and maps the lines it
/// sends (JSON lines, CSV rows, key=value pairs or bare numbers). A closed or lost connection
/// is reconnected with the backoff.
class TcpPlugin : public QObject, public FeedPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LivedashFeedPlugin_iid FILE "tcp.json")
    Q_INTERFACES(livedash::FeedPlugin)

public:
    PluginInfo info() const override;
    QList<Problem> validate(const QVariantMap &options) const override;
    std::unique_ptr<Feed> createFeed(const QVariantMap &options) const override;
};

} // namespace livedash
