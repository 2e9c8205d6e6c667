#pragma once

#include <livedash/feedplugin.h>
#include <livedash/publisher.h>

#include <QObject>

namespace livedash {

/// The `nats` feed kind (core NATS subjects, or a JetStream stream replayed on start) and the
/// gateway's `--publish nats://...` / `tls://...` publisher.
class NatsPlugin : public QObject, public FeedPlugin, public PublisherPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LivedashFeedPlugin_iid FILE "nats.json")
    Q_INTERFACES(livedash::FeedPlugin livedash::PublisherPlugin)

public:
    explicit NatsPlugin(QObject *parent = nullptr);

    PluginInfo info() const override;
    QList<Problem> validate(const QVariantMap &options) const override;
    std::unique_ptr<Feed> createFeed(const QVariantMap &options) const override;

    QStringList publishSchemes() const override;
    std::unique_ptr<Publisher> createPublisher(const QUrl &url,
                                               QList<Problem> *problems) const override;
};

} // namespace livedash
