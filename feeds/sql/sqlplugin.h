#pragma once

#include <livedash/feedplugin.h>

#include <QObject>

namespace livedash {

/// The `sql` feed kind: polls a query on a database through Qt SQL (SQLite, PostgreSQL,
/// MySQL/MariaDB, whichever drivers are installed). Each row becomes one JSON object
/// {column: value} mapped by the feed's field mapping; a cursor column makes each poll fetch
/// only the rows it has not seen. Queries run on a thread of their own per connection.
class SqlPlugin : public QObject, public FeedPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LivedashFeedPlugin_iid FILE "sql.json")
    Q_INTERFACES(livedash::FeedPlugin)

public:
    PluginInfo info() const override;
    QList<Problem> validate(const QVariantMap &options) const override;
    std::unique_ptr<Feed> createFeed(const QVariantMap &options) const override;
};

} // namespace livedash
