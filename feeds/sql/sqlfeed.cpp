#include "sqlfeed.h"

#include <livedash/redact.h>
#include <livedash/wait.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlDatabase>

#include <algorithm>
#include <coroutine>
#include <memory>
#include <utility>

namespace livedash {

namespace {

using std::chrono::milliseconds;

/// How often a wait for the connection thread looks at it again (the thread's signal may
/// come between the look and the wait).
constexpr qint64 PollSliceMs = 250;
/// After the server-side timeout (or an interrupt) before a connection counts as stuck.
constexpr qint64 StuckGraceMs = 3000;

/// Whether cursor value `value` comes after `since`: values that cannot be compared (of
/// different kinds) count as after, so that nothing is dropped.
bool isAfter(const QVariant &value, const QVariant &since)
{
    if (!since.isValid() || since.isNull())
        return true;
    const QPartialOrdering order = QVariant::compare(value, since);
    return order != QPartialOrdering::Less && order != QPartialOrdering::Equivalent;
}

QString cursorText(const QVariant &value)
{
    if (value.typeId() == QMetaType::QDateTime)
        return value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    return value.toString();
}

/// What redactText() must scrub besides what the runner knows (the runner redacts the Secret
/// options too: this covers the feed's own texts before they leave it).
QStringList secretsOf(const SqlSettings &settings)
{
    if (settings.target.password.size() < MinSecretLength)
        return {};
    return {settings.target.password};
}

/// Ends the connection thread when the run ends, however it ends (also when the coroutine is
/// destroyed while suspended).
struct ConnectionGuard
{
    SqlConnection *connection;
    ~ConnectionGuard() { SqlConnection::release(connection); }
};

} // namespace

QStringList SqlSettings::knownDrivers()
{
    return {Sqlite, Postgres, Mysql};
}

QStringList SqlSettings::installedDrivers()
{
    const QStringList available = QSqlDatabase::drivers();
    QStringList out;
    for (const QString &d : knownDrivers())
        if (available.contains(d))
            out.append(d);
    return out;
}

SqlSettings SqlSettings::fromOptions(const QVariantMap &options)
{
    SqlSettings s;
    s.target.driver = options.value(DriverKey, Sqlite).toString();
    s.target.host = options.value(HostKey).toString().trimmed();
    s.target.port = options.value(PortKey).toInt();
    s.target.database = options.value(DatabaseKey).toString();
    if (s.target.driver == Sqlite && !options.value(FileKey).toString().isEmpty())
        s.target.database = options.value(FileKey).toString();
    s.target.user = options.value(UserKey).toString();
    s.target.password = options.value(PasswordKey).toString();
    s.target.connectTimeoutMs = ConnectTimeoutMs;
    s.target.queryTimeoutMs = options.value(QueryTimeoutKey, DefaultQueryTimeoutMs).toInt();
    if (s.target.queryTimeoutMs <= 0)
        s.target.queryTimeoutMs = DefaultQueryTimeoutMs;
    s.intervalMs = options.value(IntervalKey, DefaultIntervalMs).toInt();
    if (s.intervalMs <= 0)
        s.intervalMs = DefaultIntervalMs;
    s.query = options.value(QueryKey).toString().trimmed();
    s.initialQuery = options.value(InitialQueryKey).toString().trimmed();
    s.cursorColumn = options.value(CursorKey).toString().trimmed();
    return s;
}

QString SqlSettings::describe() const
{
    if (target.driver == Sqlite)
        return QStringLiteral("SQLite %1").arg(target.database);
    const QString kind = target.driver == Postgres
                             ? QStringLiteral("PostgreSQL")
                             : (target.driver == Mysql ? QStringLiteral("MySQL") : target.driver);
    QString where = target.host.isEmpty() ? QStringLiteral("localhost") : target.host;
    if (target.port > 0)
        where += QLatin1Char(':') + QString::number(target.port);
    if (!target.database.isEmpty())
        where += QLatin1Char('/') + target.database;
    return target.user.isEmpty() ? QStringLiteral("%1 %2").arg(kind, where)
                                 : QStringLiteral("%1 %2@%3").arg(kind, target.user, where);
}

SqlFeed::SqlFeed(SqlSettings settings) : m_settings(std::move(settings)) {}

SqlFeed::~SqlFeed() = default;

QString SqlFeed::timeoutText() const
{
    return QCoreApplication::translate("livedash::FeedErrors",
                                       "the query ran longer than %1 ms and was cancelled")
        .arg(m_settings.target.queryTimeoutMs);
}

QCoro::Task<SqlFeed::Outcome> SqlFeed::awaitJob(CancelToken *token, SqlConnection *connection,
                                                qint64 limitMs)
{
    QElapsedTimer clock;
    clock.start();
    bool interrupted = false;
    while (!connection->isDone()) {
        const qint64 left = limitMs - clock.elapsed();
        if (left <= 0) {
            if (interrupted)
                co_return Outcome::Stuck;
            interrupted = true;
            connection->interrupt();
            limitMs += StuckGraceMs;
            continue;
        }
        const WaitResult woke = co_await waitFor(token, milliseconds(std::min(left, PollSliceMs)),
                                                 connection, &SqlConnection::jobFinished);
        if (woke == WaitResult::Cancelled)
            co_return Outcome::Cancelled;
    }
    co_return Outcome::Done;
}

QCoro::Task<FeedEnd> SqlFeed::run(FeedContext &ctx)
{
    const QStringList secrets = secretsOf(m_settings);
    ctx.connecting(m_settings.describe());
    if (ctx.isCancelled())
        co_return FeedEnd::cancelled();
    if (!QSqlDatabase::isDriverAvailable(m_settings.target.driver))
        co_return FeedEnd::fatal(
            QCoreApplication::translate(
                "livedash::FeedErrors",
                "the Qt SQL driver %1 is not installed here (installed: %2)")
                .arg(m_settings.target.driver, QSqlDatabase::drivers().join(QStringLiteral(", "))));
    if (m_settings.target.driver == SqlSettings::Sqlite &&
        m_settings.target.database != QLatin1String(":memory:") &&
        !QFileInfo::exists(m_settings.target.database))
        // Not created here (QSQLITE would): the writer may create it later.
        co_return FeedEnd::failed(
            QCoreApplication::translate("livedash::FeedErrors", "the SQLite file %1 does not exist")
                .arg(m_settings.target.database));

    auto *connection = new SqlConnection(m_settings.target);
    ConnectionGuard guard{connection};
    connection->postOpen();
    const Outcome opened = co_await awaitJob(ctx.cancelToken(), connection,
                                             m_settings.target.connectTimeoutMs + StuckGraceMs);
    if (opened == Outcome::Cancelled)
        co_return FeedEnd::cancelled();
    if (opened == Outcome::Stuck)
        co_return FeedEnd::failed(
            QCoreApplication::translate("livedash::FeedErrors",
                                        "connecting to %1 did not finish within %2 ms")
                .arg(m_settings.describe())
                .arg(m_settings.target.connectTimeoutMs + StuckGraceMs));
    const SqlResult open = connection->takeResult();
    if (!open.ok)
        co_return FeedEnd::failed(redactText(
            QCoreApplication::translate("livedash::FeedErrors", "cannot connect to %1: %2")
                .arg(m_settings.describe(), open.error),
            secrets));
    ctx.connected();

    if (!m_initialDone && !m_settings.initialQuery.isEmpty()) {
        bool more = false;
        if (std::optional<FeedEnd> end =
                co_await poll(&ctx, connection, m_settings.initialQuery, &more))
            co_return *end;
        m_initialDone = true;
    }
    for (;;) {
        QElapsedTimer clock;
        clock.start();
        bool more = false;
        if (std::optional<FeedEnd> end = co_await poll(&ctx, connection, m_settings.query, &more))
            co_return *end;
        const qint64 pause =
            more ? 1 : std::max<qint64>(1, m_settings.intervalMs - clock.elapsed());
        if (!co_await ctx.sleep(milliseconds(pause)))
            co_return FeedEnd::cancelled();
    }
}

QCoro::Task<std::optional<FeedEnd>> SqlFeed::poll(FeedContext *ctx, SqlConnection *connection,
                                                  QString sql, bool *more)
{
    const QStringList secrets = secretsOf(m_settings);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const milliseconds window =
        ctx->historyWindow().count() > 0 ? ctx->historyWindow() : SqlSettings::DefaultHistory;
    const qint64 fromMs = now - window.count();
    connection->postQuery(
        sql,
        {{QStringLiteral(":since"), m_since},
         {QStringLiteral(":from"), QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC)},
         {QStringLiteral(":fromMs"), fromMs}},
        m_settings.cursorColumn);
    // PostgreSQL and MySQL cancel the query themselves at the timeout (a session setting): the
    // interrupt is for a server that does not answer. SQLite is interrupted at the timeout.
    const qint64 limit = m_settings.target.queryTimeoutMs +
                         (m_settings.target.driver == SqlSettings::Sqlite ? 0 : StuckGraceMs);
    const Outcome outcome = co_await awaitJob(ctx->cancelToken(), connection, limit);
    if (outcome == Outcome::Cancelled)
        co_return FeedEnd::cancelled();
    if (outcome == Outcome::Stuck)
        co_return FeedEnd::failed(
            QCoreApplication::translate("livedash::FeedErrors", "%1; %2 did not answer after that")
                .arg(timeoutText(), m_settings.describe()));
    SqlResult result = connection->takeResult();
    if (!result.ok) {
        // 57014: PostgreSQL's query_canceled (statement_timeout, or our cancel request).
        if (result.interrupted || result.errorCode == QLatin1String("57014"))
            co_return FeedEnd::failed(
                redactText(QStringLiteral("%1: %2").arg(timeoutText(), result.error), secrets));
        co_return FeedEnd::failed(redactText(
            QCoreApplication::translate("livedash::FeedErrors", "the query failed on %1: %2")
                .arg(m_settings.describe(), result.error),
            secrets));
    }
    if (result.noCursorColumn)
        co_return FeedEnd::fatal(
            QCoreApplication::translate(
                "livedash::FeedErrors",
                "the cursor column \"%1\" is not in the query's result (its columns: %2)")
                .arg(m_settings.cursorColumn, result.columns.join(QStringLiteral(", "))));

    // Rows at or before the cursor were delivered already (a query written with >= , or a
    // time cursor finer than the milliseconds a QDateTime keeps): dropped.
    const QVariant since = m_since;
    QVariant newest = m_since;
    qsizetype skipped = 0;
    QElapsedTimer turn;
    turn.start();
    for (qsizetype i = 0; i < result.rows.size(); ++i) {
        if (!m_settings.cursorColumn.isEmpty()) {
            const QVariant cursor = result.cursors.value(i);
            if (!cursor.isNull() && cursor.isValid()) {
                if (!isAfter(cursor, since)) {
                    ++skipped;
                    continue;
                }
                if (isAfter(cursor, newest))
                    newest = cursor;
            }
        }
        const QByteArray &row = result.rows.at(i);
        ctx->bytesReceived(row.size());
        ctx->message(row);
        if (turn.elapsed() >= IngestTurnMs) {
            // Let the thread's other feeds have a turn; the cursor so far is kept.
            m_since = newest;
            if (co_await waitFor(ctx->cancelToken(), milliseconds(1)) == WaitResult::Cancelled)
                co_return FeedEnd::cancelled();
            turn.restart();
        }
    }
    m_since = newest;
    if (result.truncated)
        ctx->note(
            QCoreApplication::translate("livedash::FeedErrors",
                                        "more than %1 rows: the rest follows in the next poll")
                .arg(SqlConnection::MaxRows));
    else if (skipped > 0)
        ctx->note(QCoreApplication::translate("livedash::FeedErrors",
                                              "%1 rows at or before the cursor %2 were skipped")
                      .arg(skipped)
                      .arg(cursorText(since)));
    *more = result.truncated && !m_settings.cursorColumn.isEmpty();
    co_return std::nullopt;
}

} // namespace livedash
