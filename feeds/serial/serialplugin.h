#pragma once

#include <livedash/feedplugin.h>

#include <QObject>

namespace livedash {

/// The `serial` feed kind: reads lines from a serial port (an Arduino, a GPS receiver, a
/// USB-serial adapter) as JSON lines, CSV rows, name=value pairs or bare numbers. A port that
/// is missing or unplugged is waited for, and opened again when it is back.
class SerialPlugin : public QObject, public FeedPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LivedashFeedPlugin_iid FILE "serial.json")
    Q_INTERFACES(livedash::FeedPlugin)

public:
    PluginInfo info() const override;
    std::unique_ptr<Feed> createFeed(const QVariantMap &options) const override;
};

} // namespace livedash
