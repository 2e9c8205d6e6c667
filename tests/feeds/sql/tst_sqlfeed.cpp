// Integration tests of the sql feed plugin: the plugin is loaded from bin/plugins like the app
// does, feeds run on an IngestEngine's ingest thread, and everything talks to a real
// PostgreSQL (initdb'd into a temporary folder and started here on an ephemeral 127.0.0.1
// port, as the `postgres` user when the test runs as root) or to real SQLite files that the
// sqlite3 CLI writes while the feed polls them.

#include "../feedtest.h"
#include "../serverprocess.h"
#include "document/dashboard.h"
#include "ingest/feedstatus.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>
#endif

namespace livedash {

using namespace livedash::feedtest;

namespace {

constexpr int WaitMs = 20000;
const QString PgBin = QStringLiteral("/usr/lib/postgresql/15/bin");
const QString Password = QStringLiteral("feeder-pass-4711");
const QString AdminConnection = QStringLiteral("admin");

/// A real PostgreSQL in a temporary folder: data directory, socket and configuration there,
/// TCP on 127.0.0.1:<port> with scram-sha-256 for every user but the superuser `postgres`.
struct Postgres
{
    QTemporaryDir dir;
    QString data;
    quint16 port = 0;
    ServerProcess server;
    QString error;
    bool asPostgresUser = false;

    /// The program and arguments that run `program` as the server's user.
    std::pair<QString, QStringList> command(const QString &program, QStringList args) const
    {
        if (!asPostgresUser)
            return {program, args};
        args.prepend(program);
        args.prepend(QStringLiteral("--clear-groups"));
        args.prepend(QStringLiteral("--regid=postgres"));
        args.prepend(QStringLiteral("--reuid=postgres"));
        return {QStringLiteral("/usr/bin/setpriv"), args};
    }

    bool init()
    {
#ifdef Q_OS_UNIX
        asPostgresUser = ::geteuid() == 0;
#endif
        data = dir.filePath(QStringLiteral("data"));
        QDir().mkpath(data);
#ifdef Q_OS_UNIX
        if (asPostgresUser) {
            const passwd *pw = ::getpwnam("postgres");
            if (!pw) {
                error = QStringLiteral("running as root and there is no postgres user");
                return false;
            }
            QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner |
                                                  QFile::ExeOwner | QFile::ReadOther |
                                                  QFile::ExeOther | QFile::ExeGroup |
                                                  QFile::ReadGroup);
            if (::chown(QFile::encodeName(data).constData(), pw->pw_uid, pw->pw_gid) != 0) {
                error = QStringLiteral("chown failed");
                return false;
            }
        }
#endif
        const auto [program, args] = command(
            PgBin + QStringLiteral("/initdb"),
            {QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("postgres"),
             QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--no-sync"),
             QStringLiteral("--auth-local=trust"), QStringLiteral("--auth-host=scram-sha-256")});
        QProcess initdb;
        initdb.setProcessChannelMode(QProcess::MergedChannels);
        initdb.setWorkingDirectory(dir.path());
        initdb.start(program, args);
        if (!initdb.waitForFinished(120000) || initdb.exitCode() != 0) {
            error = QStringLiteral("initdb failed: ") + QString::fromLocal8Bit(initdb.readAll());
            return false;
        }
        QFile hba(data + QStringLiteral("/pg_hba.conf"));
        if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        hba.write("local all all trust\n"
                  "host all postgres 127.0.0.1/32 trust\n"
                  "host all all 127.0.0.1/32 scram-sha-256\n");
        hba.close();
        port = freePort();
        return start();
    }

    bool start()
    {
        const auto [program, args] =
            command(PgBin + QStringLiteral("/postgres"),
                    {QStringLiteral("-D"), data, QStringLiteral("-p"), QString::number(port),
                     QStringLiteral("-k"), data, QStringLiteral("-c"),
                     QStringLiteral("listen_addresses=127.0.0.1"), QStringLiteral("-c"),
                     QStringLiteral("fsync=off"), QStringLiteral("-c"),
                     QStringLiteral("synchronous_commit=off"), QStringLiteral("-c"),
                     QStringLiteral("full_page_writes=off")});
        if (!server.start(program, args, port, 60000)) {
            error = server.error();
            return false;
        }
        // The port is open before recovery ends ("the database system is starting up").
        const QString probe = QStringLiteral("startup-probe");
        bool ready = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), probe);
            db.setHostName(QStringLiteral("127.0.0.1"));
            db.setPort(port);
            db.setUserName(QStringLiteral("postgres"));
            db.setDatabaseName(QStringLiteral("postgres"));
            QElapsedTimer clock;
            clock.start();
            while (!(ready = db.open()) && clock.elapsed() < 60000)
                QTest::qWait(100);
            if (!ready)
                error = db.lastError().text();
            db.close();
        }
        QSqlDatabase::removeDatabase(probe);
        return ready;
    }

    /// Fast shutdown (SIGINT: clients are disconnected), as an administrator restarting it.
    void stop()
    {
#ifdef Q_OS_UNIX
        if (server.isRunning())
            ::kill(pid_t(server.pid()), SIGINT);
#endif
        server.stop(20000);
    }
};

Postgres *g_pg = nullptr;

QSqlDatabase admin()
{
    QSqlDatabase db = QSqlDatabase::database(AdminConnection, false);
    if (!db.isOpen()) {
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(g_pg->port);
        db.setUserName(QStringLiteral("postgres"));
        db.setDatabaseName(QStringLiteral("postgres"));
        db.open();
    }
    return db;
}

bool adminExec(const QString &sql, QString *error = nullptr)
{
    QSqlQuery q(admin());
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    qWarning("admin: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    return false;
}

qlonglong adminValue(const QString &sql)
{
    QSqlQuery q(admin());
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

FeedConfig sqlFeed(const QString &id, const QVariantMap &options)
{
    FeedConfig f;
    f.id = id;
    f.name = id;
    f.plugin = QStringLiteral("sql");
    f.options = options;
    f.reconnect.initialDelayMs = 50;
    f.reconnect.maxDelayMs = 300;
    return f;
}

QVariantMap pgOptions(const QString &query, const QVariantMap &extra = {})
{
    QVariantMap o = extra;
    o.insert(QStringLiteral("driver"), QStringLiteral("QPSQL"));
    o.insert(QStringLiteral("host"), QStringLiteral("127.0.0.1"));
    o.insert(QStringLiteral("port"), g_pg->port);
    o.insert(QStringLiteral("database"), QStringLiteral("postgres"));
    o.insert(QStringLiteral("user"), QStringLiteral("feeder"));
    if (!o.contains(QStringLiteral("password")))
        o.insert(QStringLiteral("password"), Password);
    o.insert(QStringLiteral("query"), query);
    if (!o.contains(QStringLiteral("intervalMs")))
        o.insert(QStringLiteral("intervalMs"), 50);
    return o;
}

ChannelMapping mapping(const QString &path, const QString &channel,
                       ValueKind kind = ValueKind::Number)
{
    ChannelMapping m;
    m.path = path;
    m.channel = channel;
    m.kind = kind;
    return m;
}

/// Every number `channel` holds, oldest first.
QList<double> allNumbers(IngestEngine &engine, const QString &channel)
{
    QList<double> out;
    const ChannelPtr c = engine.store().find(channel);
    if (!c)
        return out;
    bool overrun = false;
    c->forEachNumberSince(
        0, [&](const Sample &s) { out.append(s.v); }, &overrun);
    return out;
}

/// Checks that `channel` holds each of `expected` exactly once and nothing else.
QString compareIds(IngestEngine &engine, const QString &channel, const QSet<qlonglong> &expected)
{
    const QList<double> got = allNumbers(engine, channel);
    QSet<qlonglong> seen;
    qsizetype duplicates = 0;
    for (double v : got) {
        if (seen.contains(qlonglong(v)))
            ++duplicates;
        seen.insert(qlonglong(v));
    }
    const QSet<qlonglong> missing = expected - seen;
    const QSet<qlonglong> extra = seen - expected;
    if (duplicates == 0 && missing.isEmpty() && extra.isEmpty() && got.size() == expected.size())
        return {};
    return QStringLiteral("%1 values, %2 expected: %3 duplicates, %4 missing, %5 unexpected")
        .arg(got.size())
        .arg(expected.size())
        .arg(duplicates)
        .arg(missing.size())
        .arg(extra.size());
}

QSet<qlonglong> idsIn(const QString &sql)
{
    QSet<qlonglong> ids;
    QSqlQuery q(admin());
    if (q.exec(sql))
        while (q.next())
            ids.insert(q.value(0).toLongLong());
    return ids;
}

/// The feed's queries sleeping in pg_sleep() on the server.
const QString SleepingQueries =
    QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE usename = 'feeder' AND state = "
                   "'active' AND wait_event = 'PgSleep'");

const QString Incremental =
    QStringLiteral("SELECT id, ts, value FROM readings WHERE id > COALESCE(:since, 0) ORDER BY id");

} // namespace

class TestSqlFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void pluginDeclaresOptions();
    void pollingWhileInsertingGivesEveryRowOnce();
    void serverRestartIsReportedAndNoRowIsLost();
    void wrongPasswordIsShownRedacted();
    void badQueryShowsTheServersMessage();
    void queryTimeoutIsCancelledAndReported();
    void stoppingDuringAQueryCancelsIt();
    void probeShowsFirstRowAsJson();
    void sqliteWrittenByAnotherProcessGivesEveryRowOnce();
    void missingSqliteFileIsReported();
    void slowSqliteQueryIsInterrupted();

private:
    PluginRegistry m_registry;
    std::unique_ptr<Postgres> m_pg;
};

void TestSqlFeed::initTestCase()
{
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QString failures;
    for (const PluginRegistry::Failure &f : m_registry.failures())
        failures += f.file + QStringLiteral(": ") + f.reason + QLatin1Char('\n');
    QVERIFY2(m_registry.plugin(QStringLiteral("sql")), qPrintable(failures));
    if (!QFile::exists(PgBin + QStringLiteral("/initdb")))
        QSKIP("PostgreSQL 15 is not installed (Debian: postgresql)");
    QVERIFY(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")));
    m_pg = std::make_unique<Postgres>();
    g_pg = m_pg.get();
    QVERIFY2(m_pg->init(), qPrintable(m_pg->error));
    QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), AdminConnection);
    QVERIFY2(admin().isOpen(), qPrintable(admin().lastError().text()));
    QVERIFY(adminExec(QStringLiteral("CREATE ROLE feeder LOGIN PASSWORD '%1'").arg(Password)));
    QVERIFY(adminExec(QStringLiteral("GRANT pg_read_all_data TO feeder")));
}

void TestSqlFeed::cleanupTestCase()
{
    {
        QSqlDatabase db = QSqlDatabase::database(AdminConnection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(AdminConnection);
    if (m_pg)
        m_pg->stop();
    g_pg = nullptr;
}

void TestSqlFeed::init()
{
    QVERIFY(adminExec(QStringLiteral("DROP TABLE IF EXISTS readings")));
    QVERIFY(adminExec(QStringLiteral("CREATE TABLE readings (id bigserial PRIMARY KEY, "
                                     "ts timestamptz NOT NULL DEFAULT clock_timestamp(), "
                                     "value double precision)")));
}

void TestSqlFeed::pluginDeclaresOptions()
{
    const PluginInfo info = m_registry.plugin(QStringLiteral("sql"))->info();
    QHash<QString, OptionSpec> specs;
    for (const OptionSpec &s : info.options)
        specs.insert(s.key, s);
    QCOMPARE(specs.value(QStringLiteral("password")).type, OptionType::Secret);
    QCOMPARE(specs.value(QStringLiteral("driver")).type, OptionType::Enum);
    // The choices are the drivers installed here.
    QStringList installed;
    for (const QString &d :
         {QStringLiteral("QSQLITE"), QStringLiteral("QPSQL"), QStringLiteral("QMYSQL")})
        if (QSqlDatabase::isDriverAvailable(d))
            installed.append(d);
    QCOMPARE(specs.value(QStringLiteral("driver")).choices, installed);
    QVERIFY(specs.value(QStringLiteral("query")).required);
    for (const char *key : {"host", "port", "database", "file", "user", "intervalMs",
                            "initialQuery", "cursorColumn", "queryTimeoutMs"})
        QVERIFY2(specs.contains(QString::fromLatin1(key)), key);

    QVERIFY(m_registry
                .validate(sqlFeed(QStringLiteral("v"),
                                  pgOptions(Incremental, {{QStringLiteral("cursorColumn"),
                                                           QStringLiteral("id")}})))
                .isEmpty());
    // :since without a cursor column never changes.
    const QString noCursor =
        m_registry.validate(sqlFeed(QStringLiteral("v"), pgOptions(Incremental))).join(u'\n');
    QVERIFY2(noCursor.contains(QLatin1String("cursorColumn")), qPrintable(noCursor));
    // A driver that is not installed is named as such.
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QMYSQL"))) {
        QVariantMap o = pgOptions(QStringLiteral("SELECT 1"));
        o.insert(QStringLiteral("driver"), QStringLiteral("QMYSQL"));
        const QString problems = m_registry.validate(sqlFeed(QStringLiteral("v"), o)).join(u'\n');
        QVERIFY2(problems.contains(QLatin1String("QMYSQL is not installed")), qPrintable(problems));
    }
}

void TestSqlFeed::pollingWhileInsertingGivesEveryRowOnce()
{
    // History: 50 rows older than the charts' window (:from, an hour by default) and 100
    // within it; only the latter are the initial query's.
    QVERIFY(adminExec(QStringLiteral(
        "INSERT INTO readings (ts, value) SELECT now() - interval '3 hours' + g * interval "
        "'1 second', g FROM generate_series(1, 50) g")));
    QVERIFY(adminExec(QStringLiteral(
        "INSERT INTO readings (ts, value) SELECT now() - interval '30 minutes' + g * interval "
        "'1 second', g FROM generate_series(1, 100) g")));
    IngestEngine engine(&m_registry);
    FeedConfig f =
        sqlFeed(QStringLiteral("pg"),
                pgOptions(Incremental,
                          {{QStringLiteral("cursorColumn"), QStringLiteral("id")},
                           {QStringLiteral("initialQuery"),
                            QStringLiteral("SELECT id, ts, value FROM readings WHERE ts >= :from "
                                           "ORDER BY id")}}));
    f.fields.timestamp = QStringLiteral("ts");
    f.fields.channels = {mapping(QStringLiteral("id"), QStringLiteral("id")),
                         mapping(QStringLiteral("value"), QStringLiteral("value"))};
    engine.apply(dashboard({f}));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("pg/id")), quint64(100), WaitMs);
    QCOMPARE(status(engine, QStringLiteral("pg")).state, FeedState::Live);

    // Another connection inserts 2,000 rows over a few seconds, one by one and in small
    // transactions, while the feed polls every 50 ms.
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 200; ++i) {
        if (i % 2 == 0) {
            for (int j = 0; j < 10; ++j)
                QVERIFY(adminExec(
                    QStringLiteral("INSERT INTO readings (value) VALUES (%1)").arg(i * 10 + j)));
        } else {
            QVERIFY(adminExec(QStringLiteral("BEGIN")));
            QVERIFY(adminExec(QStringLiteral("INSERT INTO readings (value) SELECT g FROM "
                                             "generate_series(%1, %2) g")
                                  .arg(i * 10)
                                  .arg(i * 10 + 9)));
            QVERIFY(adminExec(QStringLiteral("COMMIT")));
        }
        QTest::qWait(10);
    }
    qInfo("2,000 rows inserted in %lld ms", clock.elapsed());
    const QSet<qlonglong> expected =
        idsIn(QStringLiteral("SELECT id FROM readings WHERE ts >= now() - interval '1 hour'"));
    QCOMPARE(expected.size(), 2100);
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, QStringLiteral("pg/id")) >= quint64(2100), WaitMs);
    QTest::qWait(500); // a few more polls: nothing more may come
    const QString diff = compareIds(engine, QStringLiteral("pg/id"), expected);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));

    // The time column is the samples' source time (ISO 8601 UTC in the row's JSON).
    const ChannelPtr c = engine.store().find(QStringLiteral("pg/value"));
    QVERIFY(c);
    const qlonglong newest = adminValue(QStringLiteral(
        "SELECT round(extract(epoch FROM ts) * 1000)::bigint FROM readings ORDER BY id DESC "
        "LIMIT 1"));
    // Microseconds are rounded to the millisecond (by Qt's date/time parser): 1 ms apart at most.
    QVERIFY2(qAbs(c->lastNumber()->t - newest) <= 1,
             qPrintable(QStringLiteral("%1 vs %2").arg(c->lastNumber()->t).arg(newest)));
    QCOMPARE(status(engine, QStringLiteral("pg")).rejected, quint64(0));
}

void TestSqlFeed::serverRestartIsReportedAndNoRowIsLost()
{
    IngestEngine engine(&m_registry);
    FeedConfig f =
        sqlFeed(QStringLiteral("re"),
                pgOptions(Incremental, {{QStringLiteral("cursorColumn"), QStringLiteral("id")}}));
    f.fields.channels = {mapping(QStringLiteral("id"), QStringLiteral("id"))};
    engine.apply(dashboard({f}));
    QVERIFY(adminExec(
        QStringLiteral("INSERT INTO readings (value) SELECT g FROM generate_series(1, 100) g")));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("re/id")), quint64(100), WaitMs);

    m_pg->stop();
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("re")).state == FeedState::Retrying,
                             WaitMs);
    const QString error = status(engine, QStringLiteral("re")).lastError;
    QVERIFY2(!error.isEmpty(), qPrintable(error));
    QVERIFY2(!error.contains(Password), qPrintable(error));
    qInfo("while the server is down: %s", qPrintable(error));

    QVERIFY2(m_pg->start(), qPrintable(m_pg->error));
    {
        QSqlDatabase db = QSqlDatabase::database(AdminConnection, false);
        db.close(); // reopened by admin()
    }
    QVERIFY(adminExec(
        QStringLiteral("INSERT INTO readings (value) SELECT g FROM generate_series(1, 100) g")));
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, QStringLiteral("re/id")) >= quint64(200), WaitMs);
    QTest::qWait(300);
    const QString diff = compareIds(engine, QStringLiteral("re/id"),
                                    idsIn(QStringLiteral("SELECT id FROM readings")));
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("re")).state, FeedState::Live, WaitMs);
    QVERIFY(status(engine, QStringLiteral("re")).connects >= 2);
}

void TestSqlFeed::wrongPasswordIsShownRedacted()
{
    IngestEngine engine(&m_registry);
    const QString wrong = QStringLiteral("not-the-password-0815");
    engine.apply(dashboard(
        {sqlFeed(QStringLiteral("pw"), pgOptions(QStringLiteral("SELECT 1 AS one"),
                                                 {{QStringLiteral("password"), wrong}}))}));
    QTRY_VERIFY_WITH_TIMEOUT(
        status(engine, QStringLiteral("pw"))
            .lastError.contains(QLatin1String("password authentication failed for user")),
        WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("pw"));
    QVERIFY2(s.lastError.contains(QLatin1String("cannot connect to PostgreSQL feeder@127.0.0.1")),
             qPrintable(s.lastError));
    QVERIFY2(!s.lastError.contains(wrong), qPrintable(s.lastError));
    QVERIFY(s.state == FeedState::Retrying || s.state == FeedState::Connecting);
    QCOMPARE(s.connects, quint64(0));
}

void TestSqlFeed::badQueryShowsTheServersMessage()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {sqlFeed(QStringLiteral("bad"), pgOptions(QStringLiteral("SELECT nosuchcolumn FROM "
                                                                 "readings")))}));
    QTRY_VERIFY_WITH_TIMEOUT(
        status(engine, QStringLiteral("bad"))
            .lastError.contains(QLatin1String("column \"nosuchcolumn\" does not exist")),
        WaitMs);
    const QString error = status(engine, QStringLiteral("bad")).lastError;
    QVERIFY2(error.contains(QLatin1String("the query failed on PostgreSQL")), qPrintable(error));
}

void TestSqlFeed::queryTimeoutIsCancelledAndReported()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {sqlFeed(QStringLiteral("slow"), pgOptions(QStringLiteral("SELECT pg_sleep(120) AS s"),
                                                   {{QStringLiteral("queryTimeoutMs"), 500}}))}));
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("slow"))
                                 .lastError.contains(QLatin1String("longer than 500 ms")),
                             WaitMs);
    const QString error = status(engine, QStringLiteral("slow")).lastError;
    QVERIFY2(error.contains(QLatin1String("statement timeout")), qPrintable(error));
    engine.apply(dashboard({}));
    // Nothing keeps sleeping on the server.
    QTRY_COMPARE_WITH_TIMEOUT(adminValue(SleepingQueries), qlonglong(0), WaitMs);
}

void TestSqlFeed::stoppingDuringAQueryCancelsIt()
{
    // (The feed's queries are prepared: pg_stat_activity shows "EXECUTE qpsqlpstmt_N".)
    const QString active = SleepingQueries;
    QElapsedTimer clock;
    {
        IngestEngine engine(&m_registry);
        engine.apply(dashboard({sqlFeed(QStringLiteral("stop"),
                                        pgOptions(QStringLiteral("SELECT pg_sleep(300) AS s"),
                                                  {{QStringLiteral("queryTimeoutMs"), 600000}}))}));
        QTRY_COMPARE_WITH_TIMEOUT(adminValue(active), qlonglong(1), WaitMs);
        clock.start();
        engine.apply(dashboard({}));
        QTRY_VERIFY_WITH_TIMEOUT(!engine.board().status(QStringLiteral("stop")) ||
                                     status(engine, QStringLiteral("stop")).state ==
                                         FeedState::Stopped,
                                 WaitMs);
    } // the engine (and its ingest threads) end here, without waiting for the query
    qInfo("feed stopped and engine gone %lld ms after the stop", clock.elapsed());
    // The running query was cancelled on the server (PQcancel), not left to run for 300 s.
    QTRY_COMPARE_WITH_TIMEOUT(adminValue(active), qlonglong(0), WaitMs);
}

void TestSqlFeed::probeShowsFirstRowAsJson()
{
    IngestEngine engine(&m_registry);
    QSignalSpy finished(&engine, &IngestEngine::probeFinished);
    engine.probe(QStringLiteral("t1"),
                 sqlFeed(QStringLiteral("probe"),
                         pgOptions(QStringLiteral(
                             "SELECT 7::int AS id, 'kitchen'::text AS name, NULL::text AS "
                             "nothing, 2.5::numeric AS num, true AS ok, timestamptz "
                             "'2026-01-02 03:04:05.678+02' AS ts"))),
                 WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, WaitMs);
    const QList<QVariant> args = finished.takeFirst();
    QVERIFY2(args.at(2).toString().isEmpty(), qPrintable(args.at(2).toString()));
    const QJsonObject row = QJsonDocument::fromJson(args.at(1).toByteArray()).object();
    QCOMPARE(row.value(QStringLiteral("id")), QJsonValue(7));
    QCOMPARE(row.value(QStringLiteral("name")), QJsonValue(QStringLiteral("kitchen")));
    QVERIFY(row.value(QStringLiteral("nothing")).isNull());
    QCOMPARE(row.value(QStringLiteral("num")), QJsonValue(2.5));
    QCOMPARE(row.value(QStringLiteral("ok")), QJsonValue(true));
    QCOMPARE(row.value(QStringLiteral("ts")),
             QJsonValue(QStringLiteral("2026-01-02T01:04:05.678Z")));
}

void TestSqlFeed::sqliteWrittenByAnotherProcessGivesEveryRowOnce()
{
    if (!QFile::exists(QStringLiteral("/usr/bin/sqlite3")))
        QSKIP("sqlite3 is not installed (Debian: sqlite3)");
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("plant.db"));
    QProcess cli;
    cli.setProcessChannelMode(QProcess::MergedChannels);
    cli.start(QStringLiteral("/usr/bin/sqlite3"),
              {file, QStringLiteral("PRAGMA journal_mode=WAL; CREATE TABLE readings (id INTEGER "
                                    "PRIMARY KEY AUTOINCREMENT, ts TEXT, value REAL);")});
    QVERIFY(cli.waitForFinished(10000));
    QVERIFY2(cli.exitCode() == 0, cli.readAll().constData());

    IngestEngine engine(&m_registry);
    FeedConfig f = sqlFeed(
        QStringLiteral("lite"),
        {{QStringLiteral("driver"), QStringLiteral("QSQLITE")},
         {QStringLiteral("file"), file},
         {QStringLiteral("intervalMs"), 50},
         {QStringLiteral("cursorColumn"), QStringLiteral("id")},
         {QStringLiteral("query"), QStringLiteral("SELECT id, ts, value FROM readings WHERE id > "
                                                  "COALESCE(:since, 0) ORDER BY id")}});
    f.fields.channels = {mapping(QStringLiteral("id"), QStringLiteral("id"))};
    engine.apply(dashboard({f}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("lite")).state, FeedState::Live,
                              WaitMs);

    // Another process (the sqlite3 CLI, fed its statements through a pipe as they are written
    // here) inserts 1,500 rows while the feed polls: one per transaction, and every tenth
    // chunk ten in one transaction.
    QProcess writer;
    writer.setProcessChannelMode(QProcess::MergedChannels);
    writer.start(QStringLiteral("/usr/bin/sqlite3"), {QStringLiteral("-bail"), file});
    QVERIFY(writer.waitForStarted(10000));
    writer.write("PRAGMA busy_timeout = 10000;\n");
    const QByteArray insert = "INSERT INTO readings (ts, value) VALUES "
                              "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), random() % 1000);\n";
    int written = 0;
    for (int chunk = 0; written < 1500; ++chunk) {
        QByteArray sql;
        if (chunk % 10 == 0) {
            sql = "BEGIN IMMEDIATE;\n" + insert.repeated(10) + "COMMIT;\n";
            written += 10;
        } else {
            sql = insert.repeated(5); // five autocommitted rows
            written += 5;
        }
        writer.write(sql);
        QVERIFY(writer.waitForBytesWritten(10000) || writer.bytesToWrite() == 0);
        QTest::qWait(5);
    }
    qInfo("rows delivered while the writer was still writing: %llu of 1500",
          numbers(engine, QStringLiteral("lite/id")));
    writer.closeWriteChannel();
    QVERIFY(writer.waitForFinished(60000));
    QVERIFY2(writer.exitCode() == 0, writer.readAll().constData());
    QSet<qlonglong> expected;
    for (qlonglong id = 1; id <= 1500; ++id)
        expected.insert(id);
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, QStringLiteral("lite/id")) >= quint64(1500), WaitMs);
    QTest::qWait(300);
    const QString diff = compareIds(engine, QStringLiteral("lite/id"), expected);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QCOMPARE(status(engine, QStringLiteral("lite")).state, FeedState::Live);
}

void TestSqlFeed::missingSqliteFileIsReported()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("nothere.db"));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({sqlFeed(QStringLiteral("none"),
                                    {{QStringLiteral("driver"), QStringLiteral("QSQLITE")},
                                     {QStringLiteral("file"), file},
                                     {QStringLiteral("query"), QStringLiteral("SELECT 1")}})}));
    QTRY_VERIFY_WITH_TIMEOUT(
        status(engine, QStringLiteral("none")).lastError.contains(QLatin1String("does not exist")),
        WaitMs);
    QVERIFY(!QFile::exists(file)); // not created by the feed
}

void TestSqlFeed::slowSqliteQueryIsInterrupted()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("slow.db"));
    QFile touch(file);
    QVERIFY(touch.open(QIODevice::WriteOnly)); // an empty file is an empty database
    touch.close();
    IngestEngine engine(&m_registry);
    // Counts to 10^10: hours, unless sqlite3_interrupt() stops it.
    engine.apply(dashboard({sqlFeed(
        QStringLiteral("spin"),
        {{QStringLiteral("driver"), QStringLiteral("QSQLITE")},
         {QStringLiteral("file"), file},
         {QStringLiteral("queryTimeoutMs"), 300},
         {QStringLiteral("query"),
          QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE "
                         "i < 10000000000) SELECT count(*) AS c FROM n")}})}));
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("spin"))
                                 .lastError.contains(QLatin1String("longer than 300 ms")),
                             WaitMs);
    const QString error = status(engine, QStringLiteral("spin")).lastError;
    QVERIFY2(error.contains(QLatin1String("interrupted")), qPrintable(error));
}

} // namespace livedash

QTEST_MAIN(livedash::TestSqlFeed)
#include "tst_sqlfeed.moc"
