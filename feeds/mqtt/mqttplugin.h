#pragma once

#include <livedash/feedplugin.h>
#include <livedash/publisher.h>

#include <QObject>

namespace livedash {

/// The `mqtt` feed kind (subscribes to topic filters on an MQTT broker through libmosquitto)
/// and the `mqtt`/`mqtts` publisher of the headless gateway.
class MqttPlugin : public QObject, public FeedPlugin, public PublisherPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LivedashFeedPlugin_iid FILE "mqtt.json")
    Q_INTERFACES(livedash::FeedPlugin livedash::PublisherPlugin)

public:
    explicit MqttPlugin(QObject *parent = nullptr);

    PluginInfo info() const override;
    QList<Problem> validate(const QVariantMap &options) const override;
    std::unique_ptr<Feed> createFeed(const QVariantMap &options) const override;

    QStringList publishSchemes() const override;
    std::unique_ptr<Publisher> createPublisher(const QUrl &url,
                                               QList<Problem> *problems) const override;
};

} // namespace livedash
