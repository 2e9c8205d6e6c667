#pragma once

#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <QThread>
#include <QVariant>
#include <QWaitCondition>

#include <atomic>
#include <functional>
#include <utility>

namespace livedash {

/// Where and how to connect: what SqlConnection needs from the feed's settings.
struct SqlTarget
{
    QString driver; ///< QSQLITE, QPSQL, QMYSQL
    QString host;
    int port = 0;     ///< 0: the driver's default
    QString database; ///< the database name, or the file for QSQLITE
    QString user;
    QString password;
    int connectTimeoutMs = 10000;
    int queryTimeoutMs = 30000;
};

/// What one job on the connection gave.
struct SqlResult
{
    bool ok = false;
    QString error;               ///< the server's or driver's text
    QString errorCode;           ///< the native error code (PostgreSQL: SQLSTATE)
    bool interrupted = false;    ///< interrupt() stopped the query
    bool truncated = false;      ///< more rows than MaxRows: the rest was left for the next poll
    bool noCursorColumn = false; ///< rows came without the cursor column
    QStringList columns;
    QList<QByteArray> rows; ///< one compact JSON object per row
    QVariantList cursors;   ///< the cursor column's value of each row, as the driver gave it
};

/// One database connection on a thread of its own. Qt SQL blocks in every call, so nothing of
/// it may run on an ingest thread: the feed posts one job at a time (open, then queries) and
/// awaits jobFinished(). The QSqlDatabase is created, used and removed on this thread only,
/// under a connection name unique to the object.
///
/// Lifetime: created by the feed's run() on its ingest thread and started there; release()
/// ends it without waiting (the running query is interrupted where the driver allows; the
/// thread deletes itself, through its owner thread's event loop, once it has ended).
class SqlConnection final : public QThread
{
    Q_OBJECT
public:
    explicit SqlConnection(SqlTarget target);
    ~SqlConnection() override;

    /// Starts opening the database (the thread starts on the first job).
    void postOpen();
    /// Starts running `sql` with the named `binds` (":since" -> value; only those that occur
    /// in the text are bound).
    void postQuery(QString sql, QList<std::pair<QString, QVariant>> binds, QString cursorColumn);
    /// Whether the last posted job has finished; then result() holds what it gave.
    bool isDone() const { return m_done.load(std::memory_order_acquire); }
    SqlResult takeResult();
    /// Interrupts the running query, from any thread: PostgreSQL PQcancel, SQLite
    /// sqlite3_interrupt (through the client libraries the Qt drivers use). False when this
    /// driver has no way to (the query then runs until its server-side timeout).
    bool interrupt();
    /// Ends the thread after its job (interrupting it) and deletes the object later; the
    /// caller must not touch it afterwards. Never waits.
    static void release(SqlConnection *connection);

    /// Most rows one query delivers; the rest waits for the next poll (with a cursor, nothing
    /// is lost: the cursor stops at the last row delivered).
    static constexpr int MaxRows = 50000;

Q_SIGNALS:
    /// Emitted on the connection's thread when a job has finished.
    void jobFinished();

protected:
    void run() override;

private:
    struct Job
    {
        bool open = false;
        QString sql;
        QList<std::pair<QString, QVariant>> binds;
        QString cursorColumn;
    };
    void post(Job job);
    SqlResult openDatabase();
    SqlResult runQuery(const Job &job);
    void captureHandle();
    void dropHandle();

    const SqlTarget m_target;
    const QString m_name; ///< the QSqlDatabase connection name

    QMutex m_mutex; ///< guards the job, the result and m_stop
    QWaitCondition m_wake;
    bool m_hasJob = false;
    bool m_stop = false;
    Job m_job;
    SqlResult m_result;
    std::atomic<bool> m_done{false};
    bool m_started = false; ///< only touched on the owner's thread

    QMutex m_handleMutex;       ///< guards the handles interrupt() uses
    void *m_sqlite = nullptr;   ///< sqlite3*
    void *m_pgCancel = nullptr; ///< PGcancel*
    std::atomic<bool> m_interrupted{false};
};

} // namespace livedash
