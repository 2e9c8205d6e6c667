#pragma once

#include <livedash/feedplugin.h>

#include <QObject>

namespace livedash {

/// The `prometheus` feed kind: PromQL instant queries against a Prometheus server (with the
/// charts' history from one range query at start), or an exporter's /metrics page read
/// directly in the text exposition format.
class PrometheusPlugin : public QObject, public FeedPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LivedashFeedPlugin_iid FILE "prometheus.json")
    Q_INTERFACES(livedash::FeedPlugin)

public:
    PluginInfo info() const override;
    QList<Problem> validate(const QVariantMap &options) const override;
    std::unique_ptr<Feed> createFeed(const QVariantMap &options) const override;
};

} // namespace livedash
