#include "sqlconnection.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLibrary>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTime>

#include <algorithm>
#include <utility>

namespace livedash {

namespace {

// The client-library calls interrupt() needs, looked up at run time in the library the Qt
// driver has loaded already (Debian's QSQLITE uses the system libsqlite3, QPSQL libpq).
// Builds of Qt whose QSQLITE carries its own copy of SQLite (Windows, macOS) export none:
// the query then ends by its timeout only.
using SqliteInterrupt = void (*)(void *);
using PqGetCancel = void *(*)(void *);
using PqCancel = int (*)(void *, char *, int);
using PqFreeCancel = void (*)(void *);

struct ClientCalls
{
    SqliteInterrupt sqliteInterrupt = nullptr;
    PqGetCancel pqGetCancel = nullptr;
    PqCancel pqCancel = nullptr;
    PqFreeCancel pqFreeCancel = nullptr;
};

QFunctionPointer resolveIn(const QString &name, int version, const char *symbol)
{
    QLibrary library(name, version);
    if (QFunctionPointer f = library.resolve(symbol))
        return f; // the library stays loaded: the driver holds it too
    QLibrary unversioned(name);
    return unversioned.resolve(symbol);
}

const ClientCalls &clientCalls()
{
    static const ClientCalls calls = [] {
        ClientCalls c;
#ifdef Q_OS_WIN
        const QString sqlite = QStringLiteral("sqlite3");
        const QString pq = QStringLiteral("libpq");
#else
        const QString sqlite = QStringLiteral("sqlite3");
        const QString pq = QStringLiteral("pq");
#endif
        c.sqliteInterrupt =
            reinterpret_cast<SqliteInterrupt>(resolveIn(sqlite, 0, "sqlite3_interrupt"));
        c.pqGetCancel = reinterpret_cast<PqGetCancel>(resolveIn(pq, 5, "PQgetCancel"));
        c.pqCancel = reinterpret_cast<PqCancel>(resolveIn(pq, 5, "PQcancel"));
        c.pqFreeCancel = reinterpret_cast<PqFreeCancel>(resolveIn(pq, 5, "PQfreeCancel"));
        return c;
    }();
    return calls;
}

QAtomicInteger<quint64> g_connectionSerial;

/// Connections released while their thread still ran. Each deletes itself when its thread
/// finishes, through a queued call to the thread that made it (an ingest thread). When that
/// thread has ended first (the app is quitting), the call is lost: what is left here is
/// deleted at exit, once its thread has finished.
struct Released
{
    QMutex mutex;
    QSet<SqlConnection *> connections;
    ~Released()
    {
        const QSet<SqlConnection *> left = std::exchange(connections, {});
        for (SqlConnection *c : left)
            if (c->wait(2000)) // a query that cannot be interrupted keeps its thread: leave it
                delete c;
    }
};

Released &released()
{
    static Released r;
    return r;
}

QString errorText(const QSqlError &error)
{
    QString text = error.databaseText().trimmed();
    const QString driver = error.driverText().trimmed();
    if (text.isEmpty())
        text = driver;
    else if (!driver.isEmpty() && !text.contains(driver))
        text = driver + QStringLiteral(": ") + text;
    // PostgreSQL's "ERROR:  ..." carries a double space and a line per detail.
    text.replace(QStringLiteral("\n"), QStringLiteral(" "));
    static const QRegularExpression spaces(QStringLiteral("\\s{2,}"));
    text.replace(spaces, QStringLiteral(" "));
    if (text.endsWith(QLatin1String(" ()")))
        text.chop(3); // QPSQL appends the SQLSTATE in parentheses, empty when there is none
    return text.isEmpty() ? QStringLiteral("unknown error") : text;
}

/// A column value as JSON: numbers as numbers, NULL as null, date/times as ISO 8601 UTC,
/// binary as base64, everything else as text.
QJsonValue jsonOf(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool();
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::Double:
    case QMetaType::Float:
        return value.toDouble();
    case QMetaType::QDateTime: {
        const QDateTime t = value.toDateTime();
        return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs))
                           : QJsonValue(QJsonValue::Null);
    }
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QTime:
        return value.toTime().toString(Qt::ISODateWithMs);
    case QMetaType::QByteArray:
        return QString::fromLatin1(value.toByteArray().toBase64());
    default:
        return value.toString();
    }
}

bool mentions(const QString &sql, const QString &placeholder)
{
    // ":since" but not ":sinceX"; "::" casts are no placeholders.
    qsizetype at = 0;
    while ((at = sql.indexOf(placeholder, at)) >= 0) {
        const qsizetype end = at + placeholder.size();
        const bool cast = at > 0 && sql.at(at - 1) == QLatin1Char(':');
        const bool longer =
            end < sql.size() && (sql.at(end).isLetterOrNumber() || sql.at(end) == QLatin1Char('_'));
        if (!cast && !longer)
            return true;
        at = end;
    }
    return false;
}

} // namespace

SqlConnection::SqlConnection(SqlTarget target)
    : m_target(std::move(target)),
      m_name(QStringLiteral("livedash-sql-%1").arg(g_connectionSerial.fetchAndAddRelaxed(1)))
{
    setObjectName(QStringLiteral("sql %1").arg(m_name));
    connect(this, &QThread::finished, this, &QObject::deleteLater);
}

SqlConnection::~SqlConnection()
{
    {
        Released &r = released();
        QMutexLocker lock(&r.mutex);
        r.connections.remove(this);
    }
    // Only deleted once the thread has finished (release()), or never started.
    if (isRunning())
        wait();
}

void SqlConnection::postOpen()
{
    Job job;
    job.open = true;
    post(std::move(job));
}

void SqlConnection::postQuery(QString sql, QList<std::pair<QString, QVariant>> binds,
                              QString cursorColumn)
{
    Job job;
    job.sql = std::move(sql);
    job.binds = std::move(binds);
    job.cursorColumn = std::move(cursorColumn);
    post(std::move(job));
}

void SqlConnection::post(Job job)
{
    {
        QMutexLocker lock(&m_mutex);
        m_job = std::move(job);
        m_hasJob = true;
        m_done.store(false, std::memory_order_release);
        m_interrupted.store(false);
        m_wake.wakeAll();
    }
    if (!m_started) {
        m_started = true;
        start();
    }
}

SqlResult SqlConnection::takeResult()
{
    QMutexLocker lock(&m_mutex);
    return std::exchange(m_result, SqlResult());
}

bool SqlConnection::interrupt()
{
    QMutexLocker lock(&m_handleMutex);
    m_interrupted.store(true);
    const ClientCalls &calls = clientCalls();
    if (m_sqlite && calls.sqliteInterrupt) {
        calls.sqliteInterrupt(m_sqlite); // thread-safe by SQLite's contract
        return true;
    }
    if (m_pgCancel && calls.pqCancel) {
        char message[256] = {};
        calls.pqCancel(m_pgCancel, message, int(sizeof message)); // thread-safe by libpq's
        return true;
    }
    return false;
}

void SqlConnection::release(SqlConnection *connection)
{
    if (!connection)
        return;
    {
        QMutexLocker lock(&connection->m_mutex);
        connection->m_stop = true;
        connection->m_wake.wakeAll();
    }
    if (!connection->isDone())
        connection->interrupt();
    if (connection->isRunning()) {
        Released &r = released();
        QMutexLocker lock(&r.mutex);
        r.connections.insert(connection);
    }
    // A running thread deletes the object when it finishes (connected in the constructor);
    // deleteLater() more than once is harmless.
    if (!connection->isRunning())
        connection->deleteLater();
}

void SqlConnection::run()
{
    for (;;) {
        Job job;
        {
            QMutexLocker lock(&m_mutex);
            while (!m_hasJob && !m_stop)
                m_wake.wait(&m_mutex);
            if (m_stop)
                break;
            job = std::move(m_job);
            m_hasJob = false;
        }
        SqlResult result = job.open ? openDatabase() : runQuery(job);
        {
            QMutexLocker lock(&m_mutex);
            m_result = std::move(result);
        }
        m_done.store(true, std::memory_order_release);
        Q_EMIT jobFinished();
    }
    dropHandle();
    if (QSqlDatabase::contains(m_name)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
}

SqlResult SqlConnection::openDatabase()
{
    SqlResult result;
    QSqlDatabase db = QSqlDatabase::addDatabase(m_target.driver, m_name);
    if (!db.isValid()) {
        result.error = QCoreApplication::translate("livedash::FeedErrors",
                                                   "the Qt SQL driver %1 could not be loaded")
                           .arg(m_target.driver);
        return result;
    }
    const int connectSeconds = std::max(1, (m_target.connectTimeoutMs + 999) / 1000);
    const bool sqlite = m_target.driver == QLatin1String("QSQLITE");
    const bool psql = m_target.driver == QLatin1String("QPSQL");
    const bool mysql = m_target.driver == QLatin1String("QMYSQL");
    if (!sqlite) {
        if (!m_target.host.isEmpty())
            db.setHostName(m_target.host);
        if (m_target.port > 0)
            db.setPort(m_target.port);
        db.setUserName(m_target.user);
        db.setPassword(m_target.password);
    }
    db.setDatabaseName(m_target.database);
    if (sqlite)
        // Waits this long for a writer's lock instead of failing with "database is locked".
        db.setConnectOptions(
            QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(std::min(m_target.queryTimeoutMs, 5000)));
    else if (psql)
        db.setConnectOptions(
            QStringLiteral("connect_timeout=%1;application_name=livedash").arg(connectSeconds));
    else if (mysql)
        db.setConnectOptions(QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=%1;"
                                            "MYSQL_OPT_READ_TIMEOUT=%2")
                                 .arg(connectSeconds)
                                 .arg(std::max(1, m_target.queryTimeoutMs / 1000 + 5)));
    if (!db.open()) {
        result.error = errorText(db.lastError());
        result.errorCode = db.lastError().nativeErrorCode();
        return result;
    }
    // Session settings: the server cancels a query that runs past the timeout, and date/times
    // come back in UTC.
    QStringList session;
    if (psql)
        session = {QStringLiteral("SET statement_timeout = %1").arg(m_target.queryTimeoutMs),
                   QStringLiteral("SET TimeZone = 'UTC'")};
    else if (mysql)
        session = {QStringLiteral("SET SESSION max_execution_time = %1")
                       .arg(m_target.queryTimeoutMs), // MySQL
                   QStringLiteral("SET SESSION max_statement_time = %1")
                       .arg(m_target.queryTimeoutMs / 1000.0), // MariaDB
                   QStringLiteral("SET time_zone = '+00:00'")};
    for (const QString &statement : std::as_const(session)) {
        QSqlQuery q(db);
        if (!q.exec(statement) && psql) {
            result.error = errorText(q.lastError());
            return result;
        }
    }
    captureHandle();
    result.ok = true;
    return result;
}

void SqlConnection::captureHandle()
{
    const QVariant handle = QSqlDatabase::database(m_name, false).driver()->handle();
    if (!handle.isValid() || !handle.constData())
        return;
    void *pointer = *static_cast<void *const *>(handle.constData());
    if (!pointer)
        return;
    QMutexLocker lock(&m_handleMutex);
    const char *type = handle.typeName();
    if (qstrcmp(type, "sqlite3*") == 0) {
        m_sqlite = pointer;
    } else if (qstrcmp(type, "PGconn*") == 0 || qstrcmp(type, "pg_conn*") == 0) {
        // (Qt registers libpq's `struct pg_conn *` under its struct name.)
        // Made on this thread, used by interrupt() on any: libpq's documented way to cancel.
        if (clientCalls().pqGetCancel && clientCalls().pqFreeCancel)
            m_pgCancel = clientCalls().pqGetCancel(pointer);
    }
}

void SqlConnection::dropHandle()
{
    QMutexLocker lock(&m_handleMutex);
    if (m_pgCancel)
        clientCalls().pqFreeCancel(m_pgCancel);
    m_pgCancel = nullptr;
    m_sqlite = nullptr;
}

SqlResult SqlConnection::runQuery(const Job &job)
{
    SqlResult result;
    QSqlDatabase db = QSqlDatabase::database(m_name, false);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.setNumericalPrecisionPolicy(QSql::LowPrecisionDouble);
    bool ok = q.prepare(job.sql);
    if (ok) {
        for (const auto &[name, value] : job.binds)
            if (mentions(job.sql, name))
                q.bindValue(name, value);
        ok = q.exec();
    }
    if (!ok) {
        result.error = errorText(q.lastError());
        result.errorCode = q.lastError().nativeErrorCode();
        result.interrupted = m_interrupted.load();
        return result;
    }
    const QSqlRecord record = q.record();
    for (int i = 0; i < record.count(); ++i)
        result.columns.append(record.fieldName(i));
    const int cursor =
        job.cursorColumn.isEmpty() ? -1 : int(result.columns.indexOf(job.cursorColumn));
    while (q.next()) {
        if (result.rows.size() >= MaxRows) {
            result.truncated = true;
            break;
        }
        QJsonObject row;
        for (int i = 0; i < result.columns.size(); ++i)
            row.insert(result.columns.at(i),
                       q.isNull(i) ? QJsonValue(QJsonValue::Null) : jsonOf(q.value(i)));
        result.rows.append(QJsonDocument(row).toJson(QJsonDocument::Compact));
        if (cursor >= 0)
            result.cursors.append(q.isNull(cursor) ? QVariant() : q.value(cursor));
    }
    if (q.lastError().isValid()) {
        // A query can also fail while its rows are read (SQLite: interrupted, busy).
        result.error = errorText(q.lastError());
        result.errorCode = q.lastError().nativeErrorCode();
        result.interrupted = m_interrupted.load();
        result.rows.clear();
        result.cursors.clear();
        return result;
    }
    result.noCursorColumn = cursor < 0 && !job.cursorColumn.isEmpty() && !result.rows.isEmpty();
    q.finish();
    result.ok = true;
    return result;
}

} // namespace livedash
