// The exec feed against real child processes (tests/feeds/exec/exechelper.cpp), in the engine
// and, for trust, in the real app headless.
#include "../feedtest.h"
#include "document/dashboard.h"
#include "document/truststore.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <signal.h>
#endif

using namespace livedash;

using namespace livedash::feedtest;

namespace {

const QString Helper = QStringLiteral(EXEC_HELPER);

FeedConfig execFeed(const QString &id, const QStringList &helperArgs, QVariantMap extra = {})
{
    FeedConfig f;
    f.id = id;
    f.plugin = QStringLiteral("exec");
    f.name = id;
    f.options = std::move(extra);
    if (!f.options.contains(QStringLiteral("program")))
        f.options.insert(QStringLiteral("program"), Helper);
    f.options.insert(QStringLiteral("arguments"), helperArgs.join(QLatin1Char('\n')));
    f.reconnect.initialDelayMs = 20;
    f.reconnect.maxDelayMs = 100;
    return f;
}

double lastNumber(IngestEngine &engine, const QString &channel)
{
    const ChannelPtr c = engine.store().find(channel);
    return c && c->lastNumber() ? c->lastNumber()->v : -1.0;
}

int linesIn(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? int(f.readAll().count('\n')) : 0;
}

qint64 pidIn(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toLongLong() : 0;
}

/// Whether `pid` is a process that has not exited (a zombie nobody reaped has exited).
bool processExists(qint64 pid)
{
#ifdef Q_OS_UNIX
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray line = stat.readAll();
        const qsizetype end = line.lastIndexOf(')'); // "pid (name) S ..."
        if (end > 0 && line.mid(end + 2, 1) == "Z")
            return false;
    }
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
#else
    Q_UNUSED(pid);
    return false;
#endif
}

} // namespace

class TestExecFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void jsonLinesBecomeChannels();
    void csvRowsBecomeObjects();
    void csvHeaderOption();
    void bareNumbers();
    void standardErrorIsNote();
    void exitRestartsWithBackoff();
    void crashIsFailure();
    void missingProgram();
    void oversizedLineRejected();
    void burstArrivesWhole();
    void removingFeedKillsProcess_data();
    void removingFeedKillsProcess();
    void untrustedDashboardDoesNotRun();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    PluginRegistry m_registry;
};

void TestExecFeed::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QVERIFY2(m_registry.plugin(QStringLiteral("exec")),
             "the exec plugin was not found in bin/plugins");
}

void TestExecFeed::jsonLinesBecomeChannels()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({execFeed(
        QStringLiteral("e"), {QStringLiteral("out:{\"cpu\": 1.5, \"disk\": {\"free\": 7}}"),
                              QStringLiteral("out:{\"cpu\": 2.5}"), QStringLiteral("forever")})}));
    QTRY_COMPARE(numbers(engine, QStringLiteral("e/cpu")), quint64(2));
    QCOMPARE(lastNumber(engine, QStringLiteral("e/cpu")), 2.5);
    QCOMPARE(lastNumber(engine, QStringLiteral("e/disk.free")), 7.0);
    const FeedStatus s = status(engine, QStringLiteral("e"));
    QCOMPARE(s.state, FeedState::Live);
    QCOMPARE(s.connects, quint64(1));
    QCOMPARE(s.messages, quint64(2));
    QCOMPARE(s.rejected, quint64(0));
    QVERIFY(s.bytes > 40);
}

void TestExecFeed::csvRowsBecomeObjects()
{
    IngestEngine engine(&m_registry);
    FeedConfig f = execFeed(QStringLiteral("c"),
                            {QStringLiteral("out:time,temp,room"), QStringLiteral("out:1,20.5,a"),
                             QStringLiteral("out:2,\"21\",\"b, c\""), QStringLiteral("forever")},
                            {{QStringLiteral("format"), QStringLiteral("csv")}});
    ChannelMapping temp;
    temp.path = temp.channel = QStringLiteral("temp");
    ChannelMapping room;
    room.path = room.channel = QStringLiteral("room");
    room.kind = ValueKind::Text;
    f.fields.channels = {temp, room};
    engine.apply(dashboard({f}));
    QTRY_COMPARE(numbers(engine, QStringLiteral("c/temp")), quint64(2));
    QCOMPARE(lastNumber(engine, QStringLiteral("c/temp")), 21.0);
    const ChannelPtr texts = engine.store().find(QStringLiteral("c/room"));
    QVERIFY(texts);
    QVERIFY(texts->lastText());
    QCOMPARE(texts->lastText()->text, QStringLiteral("b, c"));
    QCOMPARE(status(engine, QStringLiteral("c")).rejected, quint64(0));
}

void TestExecFeed::csvHeaderOption()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({execFeed(QStringLiteral("h"),
                                       {QStringLiteral("out:3,4"), QStringLiteral("out:5,6,7"),
                                        QStringLiteral("out:8"), QStringLiteral("forever")},
                                       {{QStringLiteral("format"), QStringLiteral("csv")},
                                        {QStringLiteral("csvHeader"), QStringLiteral("x, y")}})}));
    // Every line is data; a row with too many fields is rejected, one with fewer lacks them.
    QTRY_COMPARE(numbers(engine, QStringLiteral("h/x")), quint64(2));
    QCOMPARE(lastNumber(engine, QStringLiteral("h/x")), 8.0);
    QCOMPARE(numbers(engine, QStringLiteral("h/y")), quint64(1));
    QCOMPARE(lastNumber(engine, QStringLiteral("h/y")), 4.0);
    QTRY_COMPARE(status(engine, QStringLiteral("h")).rejected, quint64(1));
}

void TestExecFeed::bareNumbers()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {execFeed(QStringLiteral("n"),
                  {QStringLiteral("out:1"), QStringLiteral("out: 2.5e1"), QStringLiteral("out:abc"),
                   QStringLiteral("out:-3"), QStringLiteral("forever")},
                  {{QStringLiteral("format"), QStringLiteral("number")}})}));
    // No field mapping at all: the value is the channel "<feed>/value".
    QTRY_COMPARE(numbers(engine, QStringLiteral("n/value")), quint64(3));
    QCOMPARE(lastNumber(engine, QStringLiteral("n/value")), -3.0);
    const FeedStatus s = status(engine, QStringLiteral("n"));
    QCOMPARE(s.rejected, quint64(1));
    QVERIFY2(s.lastProblem.contains(QStringLiteral("not a number: \"abc\"")),
             qPrintable(s.lastProblem));
}

void TestExecFeed::standardErrorIsNote()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {execFeed(QStringLiteral("s"),
                  {QStringLiteral("err:warming up"), QStringLiteral("out:{\"a\": 1}"),
                   QStringLiteral("err:sensor 2 offline"), QStringLiteral("forever")})}));
    QTRY_COMPARE(numbers(engine, QStringLiteral("s/a")), quint64(1));
    // The latest line wins (shown at most every 250 ms).
    QTRY_COMPARE(status(engine, QStringLiteral("s")).note,
                 QStringLiteral("stderr: sensor 2 offline"));
    QVERIFY(!engine.store().find(QStringLiteral("s/warming")));
}

void TestExecFeed::exitRestartsWithBackoff()
{
    const QString runs = path(QStringLiteral("runs.txt"));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({execFeed(
        QStringLiteral("x"), {QStringLiteral("count:") + runs, QStringLiteral("exit:3")})}));
    QTRY_VERIFY_WITH_TIMEOUT(linesIn(runs) >= 3, 15000);
    const FeedStatus s = status(engine, QStringLiteral("x"));
    QVERIFY2(s.lastError.contains(QStringLiteral("exited with code 3")), qPrintable(s.lastError));
    QVERIFY(s.connects >= 2); // each run started the program
}

void TestExecFeed::crashIsFailure()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({execFeed(QStringLiteral("k"), {QStringLiteral("crash")})}));
    QTRY_VERIFY_WITH_TIMEOUT(
        status(engine, QStringLiteral("k")).lastError.contains(QStringLiteral("crashed")), 15000);
}

void TestExecFeed::missingProgram()
{
    const QString missing = path(QStringLiteral("no-such-program"));
    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({execFeed(QStringLiteral("m"), {}, {{QStringLiteral("program"), missing}})}));
    QTRY_VERIFY_WITH_TIMEOUT(!status(engine, QStringLiteral("m")).lastError.isEmpty(), 15000);
    const FeedStatus s = status(engine, QStringLiteral("m"));
    QVERIFY2(
        s.lastError.startsWith(QStringLiteral("could not start ") + missing + QLatin1Char(':')),
        qPrintable(s.lastError));
    QCOMPARE(s.connects, quint64(0));
}

void TestExecFeed::oversizedLineRejected()
{
    IngestEngine engine(&m_registry);
    // One line over the limit in a single read, one across many reads (16 KiB each).
    engine.apply(
        dashboard({execFeed(QStringLiteral("o"),
                              {QStringLiteral("out:{\"a\": 1}"), QStringLiteral("big:1000"),
                               QStringLiteral("out:{\"a\": 2}"), QStringLiteral("big:200000"),
                               QStringLiteral("out:{\"a\": 3}"), QStringLiteral("forever")},
                              {{QStringLiteral("maxLineBytes"), 500}})}));
    QTRY_COMPARE(numbers(engine, QStringLiteral("o/a")), quint64(3));
    QCOMPARE(lastNumber(engine, QStringLiteral("o/a")), 3.0);
    const FeedStatus s = status(engine, QStringLiteral("o"));
    QCOMPARE(s.rejected, quint64(2));
    QVERIFY2(s.lastProblem.contains(QStringLiteral("longer than 500 bytes")),
             qPrintable(s.lastProblem));
    QCOMPARE(s.messages, quint64(3));
}

void TestExecFeed::burstArrivesWhole()
{
    // About 3 MB at once: read in turns of IngestTurnMs, the rest continued from the event loop
    // (the program does not write again to wake the feed), and past 1 MiB unread in one go.
    constexpr quint64 Lines = 200000;
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({execFeed(
        QStringLiteral("b"), {QStringLiteral("lines:%1").arg(Lines), QStringLiteral("forever")})}));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("b/i")), Lines, 60000);
    QCOMPARE(lastNumber(engine, QStringLiteral("b/i")), double(Lines));
    const FeedStatus s = status(engine, QStringLiteral("b"));
    QCOMPARE(s.rejected, quint64(0));
    QCOMPARE(s.state, FeedState::Live);
}

void TestExecFeed::removingFeedKillsProcess_data()
{
    QTest::addColumn<bool>("shutdown");
    QTest::addColumn<bool>("grandchild");
    QTest::newRow("feed removed") << false << false;
    QTest::newRow("engine shut down") << true << false;
    // A program that started one of its own, which ignores SIGTERM too: Qt ends only the
    // program it started; the feed signals the program's whole process group.
    QTest::newRow("grandchild") << false << true;
}

void TestExecFeed::removingFeedKillsProcess()
{
#ifndef Q_OS_UNIX
    QSKIP("checks that a process id is gone with kill(pid, 0)");
#endif
    QFETCH(bool, shutdown);
    QFETCH(bool, grandchild);
    const QString pidFile = path(QStringLiteral("pid-%1-%2").arg(shutdown).arg(grandchild));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {execFeed(QStringLiteral("p"),
                  {QStringLiteral("ignoreterm"),
                   (grandchild ? QStringLiteral("spawn:") : QStringLiteral("pidfile:")) + pidFile,
                   QStringLiteral("out:{\"up\": 1}"), QStringLiteral("forever")})}));
    QTRY_COMPARE(numbers(engine, QStringLiteral("p/up")), quint64(1));
    const qint64 pid = pidIn(pidFile);
    QVERIFY(pid > 0);
    QVERIFY(processExists(pid));
    if (shutdown)
        engine.shutdown();
    else
        engine.apply(dashboard({}));
    // SIGTERM is ignored: gone only because the feed killed it after its grace period.
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 10000);
}

void TestExecFeed::untrustedDashboardDoesNotRun()
{
    const QString marker = path(QStringLiteral("marker"));
    const QString out = path(QStringLiteral("untrusted.jsonl"));
    QJsonObject feed{{QStringLiteral("id"), QStringLiteral("cmd")},
                     {QStringLiteral("plugin"), QStringLiteral("exec")},
                     {QStringLiteral("options"),
                      QJsonObject{{QStringLiteral("program"), Helper},
                                  {QStringLiteral("arguments"),
                                   QStringLiteral("touch:%1\nout:{\"v\": 4}\nforever").arg(marker)},
                                  {QStringLiteral("format"), QStringLiteral("jsonl")}}}};
    const QJsonObject doc{{QStringLiteral("version"), 1},
                          {QStringLiteral("name"), QStringLiteral("from an email")},
                          {QStringLiteral("feeds"), QJsonArray{feed}},
                          {QStringLiteral("panels"), QJsonArray{}}};
    const QString dashboard = path(QStringLiteral("untrusted.json"));
    QFile f(dashboard);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(doc).toJson());
    f.close();

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_dir.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), path(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("data")));
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QString());
    const auto runHeadless = [&](const QStringList &extra, QString *stderrText) {
        QProcess proc;
        proc.setProcessEnvironment(env);
        proc.start(QStringLiteral(LIVEDASH_BINARY),
                   QStringList{QStringLiteral("--headless"), QStringLiteral("--dashboard"),
                               dashboard, QStringLiteral("--record"), out,
                               QStringLiteral("--duration"), QStringLiteral("2")} +
                       extra);
        if (!proc.waitForFinished(30000))
            return -1;
        *stderrText = QString::fromUtf8(proc.readAllStandardError());
        return proc.exitStatus() == QProcess::NormalExit ? proc.exitCode() : -1;
    };

    QString err;
    QCOMPARE(runHeadless({}, &err), 2);
    QVERIFY2(err.contains(QStringLiteral("is not trusted")), qPrintable(err));
    // The operator is told which program it would run.
    QVERIFY2(err.contains(QStringLiteral("run commands: ") + Helper), qPrintable(err));
    QVERIFY(!QFile::exists(marker));

    // The same file, trusted for this run: the command runs and its output is recorded (so the
    // refusal above is the trust check, not a feed that cannot start).
    QCOMPARE(runHeadless({QStringLiteral("--trust")}, &err), 0);
    QVERIFY(QFile::exists(marker));
    QFile recorded(out);
    QVERIFY(recorded.open(QIODevice::ReadOnly));
    QVERIFY2(recorded.readAll().contains("\"channel\":\"cmd/v\""), qPrintable(err));
}

QTEST_GUILESS_MAIN(TestExecFeed)
#include "tst_execfeed.moc"
