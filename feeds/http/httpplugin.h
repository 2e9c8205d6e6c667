#pragma once

#include <livedash/feedplugin.h>

#include <QObject>

namespace livedash {

/// The `http` feed kind: polls a URL at an interval and maps each JSON response body.
/// Conditional requests (ETag / Last-Modified) make unchanged bodies cost nothing, and
/// Retry-After on 429/503 replaces the runner's backoff.
class HttpPollPlugin : public QObject, public FeedPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LivedashFeedPlugin_iid FILE "http.json")
    Q_INTERFACES(livedash::FeedPlugin)

public:
    PluginInfo info() const override;
    QList<Problem> validate(const QVariantMap &options) const override;
    std::unique_ptr<Feed> createFeed(const QVariantMap &options) const override;
};

} // namespace livedash
