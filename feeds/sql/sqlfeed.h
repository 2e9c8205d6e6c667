#pragma once

#include "sqlconnection.h"

#include <livedash/feedplugin.h>

#include <QString>
#include <QVariant>

#include <chrono>
#include <optional>

namespace livedash {

/// An sql feed's options, read once from the resolved option map.
struct SqlSettings
{
    static inline const QString DriverKey = QStringLiteral("driver");
    static inline const QString HostKey = QStringLiteral("host");
    static inline const QString PortKey = QStringLiteral("port");
    static inline const QString DatabaseKey = QStringLiteral("database");
    static inline const QString FileKey = QStringLiteral("file");
    static inline const QString UserKey = QStringLiteral("user");
    static inline const QString PasswordKey = QStringLiteral("password");
    static inline const QString IntervalKey = QStringLiteral("intervalMs");
    static inline const QString QueryKey = QStringLiteral("query");
    static inline const QString InitialQueryKey = QStringLiteral("initialQuery");
    static inline const QString CursorKey = QStringLiteral("cursorColumn");
    static inline const QString QueryTimeoutKey = QStringLiteral("queryTimeoutMs");

    static inline const QString Sqlite = QStringLiteral("QSQLITE");
    static inline const QString Postgres = QStringLiteral("QPSQL");
    static inline const QString Mysql = QStringLiteral("QMYSQL");

    static constexpr int DefaultIntervalMs = 5000;
    static constexpr int DefaultQueryTimeoutMs = 30000;
    static constexpr int ConnectTimeoutMs = 10000;
    /// Without charts to fill, `:from` is this long before now.
    static constexpr std::chrono::milliseconds DefaultHistory = std::chrono::hours(1);

    SqlTarget target;
    int intervalMs = DefaultIntervalMs;
    QString query;
    QString initialQuery;
    QString cursorColumn;

    static SqlSettings fromOptions(const QVariantMap &options);
    /// The drivers this plugin speaks, and those of them installed here.
    static QStringList knownDrivers();
    static QStringList installedDrivers();
    /// "PostgreSQL reader@127.0.0.1:5432/metrics", "SQLite /var/lib/x.db": no password.
    QString describe() const;
};

/// Polls a query on its own connection thread (SqlConnection), turns each row into a JSON
/// object for the field mapping, and keeps the cursor (the last `cursorColumn` value seen)
/// across reconnects so that no row is delivered twice.
class SqlFeed final : public Feed
{
public:
    explicit SqlFeed(SqlSettings settings);
    ~SqlFeed() override;

    QCoro::Task<FeedEnd> run(FeedContext &ctx) override;

private:
    enum class Outcome { Done, Cancelled, Stuck };
    /// Waits for the connection's job: its result, cancellation, or a stuck connection past
    /// `limitMs` (interrupted once, then given up).
    static QCoro::Task<Outcome> awaitJob(CancelToken *token, SqlConnection *connection,
                                         qint64 limitMs);
    /// Runs `sql` and hands its rows over; an empty optional when all went well.
    QCoro::Task<std::optional<FeedEnd>> poll(FeedContext *ctx, SqlConnection *connection,
                                             QString sql, bool *more);
    QString timeoutText() const;

    const SqlSettings m_settings;
    /// The cursor: the last value of `cursorColumn` delivered; null before the first row.
    QVariant m_since;
    bool m_initialDone = false;
};

} // namespace livedash
