// End to end: `livedash --headless --record` against real WebSocket, HTTP and SSE servers.
#ifdef _WIN32 // <windows.h> first, without min/max macros: GenerateConsoleCtrlEvent
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#endif

#include "document/truststore.h"
#include "localhttpserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
#include <csignal>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace livedash;

class TestHeadlessRecorder : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QWebSocketServer *m_ws = nullptr;
    LocalHttpServer *m_http = nullptr;
    QList<QWebSocket *> m_clients;
    QList<QPointer<HttpExchange>> m_streams;
    int m_wsSent = 0;
    int m_sseSent = 0;
    int m_wsConnections = 0;
    /// Connections and requests on the /quiet paths: only the test that expects none uses
    /// them, so late traffic from an earlier test's livedash cannot count there.
    int m_quietContacts = 0;

    QString writeDashboard(const QString &name, const QString &pathPrefix = QString())
    {
        const QString ws =
            QStringLiteral("ws://127.0.0.1:%1%2/").arg(m_ws->serverPort()).arg(pathPrefix);
        const QString http = m_http->url(pathPrefix + QStringLiteral("/metrics")).toString();
        const QString sse = m_http->url(pathPrefix + QStringLiteral("/events")).toString();
        const QString json = QStringLiteral(R"({
  "version": 1,
  "name": "mixed",
  "feeds": [
    {"id": "ticks", "plugin": "websocket", "options": {"url": "%1"},
     "reconnect": {"initialDelayMs": 50, "maxDelayMs": 200},
     "fields": {"sequence": "seq", "channels": [{"path": "price", "channel": "price"},
                                               {"path": "seq", "channel": "seq"}]}},
    {"id": "metrics", "plugin": "http", "options": {"url": "%2", "intervalMs": 100},
     "reconnect": {"initialDelayMs": 50, "maxDelayMs": 200},
     "fields": {"channels": [{"path": "cpu", "channel": "cpu"}]}},
    {"id": "ops", "plugin": "sse", "options": {"url": "%3"},
     "reconnect": {"initialDelayMs": 50, "maxDelayMs": 200},
     "fields": {"channels": [{"path": "msg", "channel": "msg", "type": "text"}]}}
  ],
  "panels": []
})")
                                 .arg(ws, http, sse);
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write dashboard");
        f.write(json.toUtf8());
        f.close();
        // The test wrote it: trusted, as "Trust and start" would record it (see headless_trust
        // for files that are not).
        if (!TrustStore(m_dir.filePath(QStringLiteral("config/Livedash/livedash.conf")))
                 .trustFile(path))
            qFatal("cannot trust dashboard");
        return path;
    }

    static QList<QJsonObject> readLines(const QString &path)
    {
        QList<QJsonObject> out;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return out;
        const QList<QByteArray> lines = f.readAll().split('\n');
        for (const QByteArray &line : lines) {
            if (line.isEmpty())
                continue;
            QJsonParseError e;
            const QJsonDocument d = QJsonDocument::fromJson(line, &e);
            if (e.error != QJsonParseError::NoError)
                qFatal("invalid JSON line: %s", line.constData());
            out.append(d.object());
        }
        return out;
    }

    void sendTicks(int count)
    {
        for (int i = 0; i < count; ++i) {
            ++m_wsSent;
            const QString msg =
                QStringLiteral(R"({"seq":%1,"price":%2})").arg(m_wsSent).arg(100 + m_wsSent % 7);
            for (QWebSocket *c : std::as_const(m_clients))
                c->sendTextMessage(msg);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(QStringLiteral(LIVEDASH_BINARY)));
        // The livedash processes keep their settings (trust) here, not in the user's.
        qputenv("HOME", QFile::encodeName(m_dir.path()));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("data"))));
        m_ws = new QWebSocketServer(QStringLiteral("ticks"), QWebSocketServer::NonSecureMode, this);
        QVERIFY(m_ws->listen(QHostAddress::LocalHost, 0));
        connect(m_ws, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *c = m_ws->nextPendingConnection()) {
                ++m_wsConnections;
                if (c->requestUrl().path().startsWith(QStringLiteral("/quiet")))
                    ++m_quietContacts;
                c->setParent(this); // freed with the test even if never seen disconnecting
                m_clients.append(c);
                connect(c, &QWebSocket::disconnected, this, [this, c] {
                    m_clients.removeAll(c);
                    c->deleteLater();
                });
            }
        });
        m_http = new LocalHttpServer(this);
        QVERIFY(m_http->listen());
        m_http->route("/metrics", [](HttpExchange *x) {
            x->respond(200, QByteArrayLiteral(R"({"cpu": 42.5})"));
        });
        m_http->route("/events", [this](HttpExchange *x) {
            x->beginStream(200);
            m_streams.append(x);
        });
        for (const char *path : {"/quiet/metrics", "/quiet/events"})
            m_http->route(path, [this](HttpExchange *x) {
                ++m_quietContacts;
                x->respond(503, QByteArray());
            });
    }

    void recordsEveryFeedKind()
    {
        const QString dashboard = writeDashboard(QStringLiteral("mixed.json"));
        const QString out = m_dir.filePath(QStringLiteral("mixed.jsonl"));
        QProcess proc;
        proc.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        proc.start(QStringLiteral(LIVEDASH_BINARY),
                   {QStringLiteral("--headless"), QStringLiteral("--dashboard"), dashboard,
                    QStringLiteral("--record"), out, QStringLiteral("--duration"),
                    QStringLiteral("3")});
        QVERIFY(proc.waitForStarted());
        // Feed all three sources while the recorder runs.
        QTimer pump;
        connect(&pump, &QTimer::timeout, this, [this] {
            sendTicks(5);
            for (const auto &s : std::as_const(m_streams))
                if (s && s->isOpen())
                    s->write(QStringLiteral("data: {\"msg\": \"event %1\"}\n\n")
                                 .arg(++m_sseSent)
                                 .toUtf8());
        });
        pump.start(50);
        QTRY_VERIFY_WITH_TIMEOUT(proc.state() == QProcess::NotRunning, 15000);
        pump.stop();
        QCOMPARE(proc.exitStatus(), QProcess::NormalExit);
        QCOMPARE(proc.exitCode(), 0);

        const QList<QJsonObject> lines = readLines(out);
        QSet<QString> feeds;
        int texts = 0;
        for (const QJsonObject &o : lines) {
            QVERIFY(o.contains(QStringLiteral("feed")));
            QVERIFY(o.value(QStringLiteral("channel"))
                        .toString()
                        .startsWith(o.value(QStringLiteral("feed")).toString() + QLatin1Char('/')));
            QVERIFY(o.value(QStringLiteral("t")).toDouble() > 1.6e12);
            QVERIFY(o.contains(QStringLiteral("value")) != o.contains(QStringLiteral("text")));
            feeds.insert(o.value(QStringLiteral("feed")).toString());
            texts += o.contains(QStringLiteral("text"));
        }
        QCOMPARE(feeds, (QSet<QString>{QStringLiteral("ticks"), QStringLiteral("metrics"),
                                       QStringLiteral("ops")}));
        QVERIFY(texts > 0);
        bool sawCpu = false;
        for (const QJsonObject &o : lines)
            sawCpu |= o.value(QStringLiteral("channel")) == QLatin1String("metrics/cpu") &&
                      o.value(QStringLiteral("value")).toDouble() == 42.5;
        QVERIFY(sawCpu);
    }

    // POSIX: SIGTERM. Windows: Ctrl+Break to the child's own process group, which reaches the
    // same stop path (SetConsoleCtrlHandler in app/headless.cpp).
    void sigtermFlushesEverythingReceived()
    {
#ifdef Q_OS_WIN
        if (!GetConsoleWindow())
            QSKIP("no console: Ctrl+Break cannot be sent to the child");
#endif
        const QString dashboard = writeDashboard(QStringLiteral("term.json"));
        const QString out = m_dir.filePath(QStringLiteral("term.jsonl"));
        QProcess proc;
        proc.setProcessChannelMode(QProcess::ForwardedErrorChannel);
#ifdef Q_OS_WIN
        // Its own process group, so that Ctrl+Break reaches it and not this test.
        proc.setCreateProcessArgumentsModifier([](QProcess::CreateProcessArguments *args) {
            args->flags |= CREATE_NEW_PROCESS_GROUP;
        });
#endif
        proc.start(QStringLiteral(LIVEDASH_BINARY),
                   {QStringLiteral("--headless"), QStringLiteral("--dashboard"), dashboard,
                    QStringLiteral("--record"), out});
        QVERIFY(proc.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(!m_clients.isEmpty(), 10000);
        const int first = m_wsSent + 1;
        sendTicks(2000);
        const int last = m_wsSent;
        // Give the loopback time to deliver, then stop well before the once-a-second flush
        // could have written everything by itself.
        QTest::qWait(300);
#ifdef Q_OS_WIN
        QVERIFY(GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, DWORD(proc.processId())));
#else
        ::kill(pid_t(proc.processId()), SIGTERM);
#endif
        QVERIFY(proc.waitForFinished(10000));
        QCOMPARE(proc.exitCode(), 0);
        QSet<int> seen;
        for (const QJsonObject &o : readLines(out))
            if (o.value(QStringLiteral("channel")) == QLatin1String("ticks/seq"))
                seen.insert(o.value(QStringLiteral("value")).toInt());
        for (int seq = first; seq <= last; ++seq)
            QVERIFY2(seen.contains(seq), qPrintable(QStringLiteral("seq %1 missing").arg(seq)));
    }

    void invalidDashboardFailsClearlyAndWritesNothing()
    {
        const QString path = m_dir.filePath(QStringLiteral("broken.json"));
        const QByteArray broken = R"({"version": 1, "feeds": [{"id": "a"}]})";
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(broken);
        }
        const QString out = m_dir.filePath(QStringLiteral("never.jsonl"));
        QProcess proc;
        proc.start(QStringLiteral(LIVEDASH_BINARY),
                   {QStringLiteral("--headless"), QStringLiteral("--dashboard"), path,
                    QStringLiteral("--record"), out});
        QVERIFY(proc.waitForFinished(10000));
        QVERIFY(proc.exitCode() != 0);
        const QString err = QString::fromUtf8(proc.readAllStandardError());
        QVERIFY2(err.contains(path), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("feeds[0].plugin: required")), qPrintable(err));
        QVERIFY(!QFile::exists(out));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), broken);

        QProcess missing;
        missing.start(QStringLiteral(LIVEDASH_BINARY),
                      {QStringLiteral("--headless"), QStringLiteral("--dashboard"),
                       m_dir.filePath(QStringLiteral("nope.json")), QStringLiteral("--record"),
                       out});
        QVERIFY(missing.waitForFinished(10000));
        QVERIFY(missing.exitCode() != 0);
        QVERIFY(QString::fromUtf8(missing.readAllStandardError())
                    .contains(QStringLiteral("nope.json")));
    }

    void runWhereNoFeedCanStartExits4()
    {
        // Every feed fails for the whole run (a refused port, an unknown feed kind): exit 4, so
        // that a script does not take an empty recording for a success.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        const QString path = m_dir.filePath(QStringLiteral("nothing.json"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            // One feed on a port nothing listens on, one of a kind no plugin provides.
            const QByteArray url = "http://127.0.0.1:" + QByteArray::number(port) + "/x";
            f.write("{\"version\": 1, \"panels\": [], \"feeds\": ["
                    "{\"id\": \"refused\", \"plugin\": \"http\", \"options\": {\"url\": \"" +
                    url +
                    "\"}, \"fields\": {\"channels\": [{\"path\": \"v\"}]}},"
                    "{\"id\": \"unknown\", \"plugin\": \"no-such-kind\", \"options\": {},"
                    " \"fields\": {\"channels\": [{\"path\": \"v\"}]}}]}");
        }
        QVERIFY(TrustStore(m_dir.filePath(QStringLiteral("config/Livedash/livedash.conf")))
                    .trustFile(path));
        QProcess proc;
        proc.start(QStringLiteral(LIVEDASH_BINARY),
                   {QStringLiteral("--headless"), QStringLiteral("--dashboard"), path,
                    QStringLiteral("--record"), m_dir.filePath(QStringLiteral("nothing.jsonl")),
                    QStringLiteral("--duration"), QStringLiteral("1.5")});
        QVERIFY(proc.waitForFinished(30000));
        const QString err = QString::fromUtf8(proc.readAllStandardError());
        QCOMPARE(proc.exitStatus(), QProcess::NormalExit);
        QVERIFY2(proc.exitCode() == 4, qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("no feed could start or connect")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("feed refused")), qPrintable(err));
    }

    void demoWithoutDashboardRecordsEveryFeed()
    {
        // No --dashboard: the built-in demo, its sources started in the same process.
        const QString out = m_dir.filePath(QStringLiteral("demo.jsonl"));
        QProcess proc;
        proc.start(QStringLiteral(LIVEDASH_BINARY),
                   {QStringLiteral("--headless"), QStringLiteral("--record"), out,
                    QStringLiteral("--duration"), QStringLiteral("2")});
        QVERIFY(proc.waitForFinished(30000));
        const QString err = QString::fromUtf8(proc.readAllStandardError());
        QCOMPARE(proc.exitStatus(), QProcess::NormalExit);
        QVERIFY2(proc.exitCode() == 0, qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("from 4 of 4 feeds")), qPrintable(err));

        QHash<QString, int> values, texts;
        QSet<QString> channels;
        const QList<QJsonObject> lines = readLines(out);
        for (const QJsonObject &o : lines) {
            const QString feed = o.value(QStringLiteral("feed")).toString();
            channels.insert(o.value(QStringLiteral("channel")).toString());
            if (o.value(QStringLiteral("value")).isDouble())
                ++values[feed];
            if (!o.value(QStringLiteral("text")).toString().isEmpty())
                ++texts[feed];
        }
        const QString seen = QStringList(channels.cbegin(), channels.cend()).join(u' ');
        QCOMPARE(QSet<QString>(values.keyBegin(), values.keyEnd()) |
                     QSet<QString>(texts.keyBegin(), texts.keyEnd()),
                 (QSet<QString>{QStringLiteral("match"), QStringLiteral("services"),
                                QStringLiteral("ops"), QStringLiteral("system")}));
        // What each demo source sends: scores (numbers) and team names (texts) over WebSocket,
        // service metrics over HTTP, event messages and a queue depth over SSE, and this
        // computer's CPU and memory.
        QVERIFY2(values.value(QStringLiteral("match")) > 0, qPrintable(seen));
        QVERIFY2(texts.value(QStringLiteral("match")) > 0, qPrintable(seen));
        QVERIFY2(values.value(QStringLiteral("services")) > 0, qPrintable(seen));
        QVERIFY2(texts.value(QStringLiteral("ops")) > 0, qPrintable(seen));
        QVERIFY2(values.value(QStringLiteral("ops")) > 0, qPrintable(seen));
        for (const QString &c :
             {QStringLiteral("services/latency/"), QStringLiteral("services/rps/"),
              QStringLiteral("services/errors/"), QStringLiteral("ops/queue/depth"),
              QStringLiteral("system/cpu/total"), QStringLiteral("system/memory/used_percent")})
            QVERIFY2(std::any_of(channels.cbegin(), channels.cend(),
                                 [&c](const QString &ch) { return ch.startsWith(c); }),
                     qPrintable(c + QStringLiteral(" missing from ") + seen));
        // The summary counts exactly what is in the file.
        const QRegularExpression summary(QStringLiteral("recorded (\\d+) samples"));
        QCOMPARE(summary.match(err).captured(1).toInt(), int(lines.size()));
    }

    void writeFailureIsReportedOnceAndExitsNonZero_data()
    {
        QTest::addColumn<QString>("duration");
        QTest::newRow("fails at the end") << QStringLiteral("1");
        QTest::newRow("fails while running, retried") << QStringLiteral("2.5");
    }

    void writeFailureIsReportedOnceAndExitsNonZero()
    {
        QFETCH(QString, duration);
        // /dev/full: every write fails with ENOSPC, as on a full disk.
        if (!QFile::exists(QStringLiteral("/dev/full")))
            QSKIP("no /dev/full on this system");
        QProcess proc;
        proc.start(QStringLiteral(LIVEDASH_BINARY),
                   {QStringLiteral("--headless"), QStringLiteral("--record"),
                    QStringLiteral("/dev/full"), QStringLiteral("--duration"), duration});
        QVERIFY(proc.waitForFinished(30000));
        const QString err = QString::fromUtf8(proc.readAllStandardError());
        QCOMPARE(proc.exitStatus(), QProcess::NormalExit);
        QVERIFY2(proc.exitCode() == 3, qPrintable(err));
        // Said once, with the file and the OS reason, however many records and retries.
        QVERIFY2(err.count(QStringLiteral("cannot write")) == 1, qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral(
                     "livedash: /dev/full: cannot write: No space left on device; keeping up to")),
                 qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("livedash: recorded 0 samples")), qPrintable(err));
        // The summary: nothing reached the file, so every record received is counted.
        const QRegularExpression lost(
            QStringLiteral("livedash: /dev/full: (\\d+) of (\\d+) records were not written \\(No "
                           "space left on device\\): (\\d+) still held in memory when the run "
                           "ended, 0 dropped"));
        const QRegularExpressionMatch m = lost.match(err);
        QVERIFY2(m.hasMatch(), qPrintable(err));
        QVERIFY(m.captured(1).toInt() > 0);
        QCOMPARE(m.captured(1), m.captured(2));
        QCOMPARE(m.captured(3), m.captured(2));
        QVERIFY2(!err.contains(QStringLiteral("seek")), qPrintable(err));
    }

    void unwritableOutputFailsBeforeAnyFeedStarts_data()
    {
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<bool>("needsUnprivileged");
        QTest::newRow("missing directory")
            << m_dir.filePath(QStringLiteral("no/such/dir/out.jsonl"))
            << QStringLiteral("No such file or directory") << false;
        QTest::newRow("a directory") << m_dir.path() << QStringLiteral("Is a directory") << false;
        QTest::newRow("read-only directory") << m_dir.filePath(QStringLiteral("readonly/out.jsonl"))
                                             << QStringLiteral("Permission denied") << true;
    }

    void unwritableOutputFailsBeforeAnyFeedStarts()
    {
        QFETCH(QString, out);
        QFETCH(QString, reason);
        QFETCH(bool, needsUnprivileged);
        if (needsUnprivileged) {
#ifdef Q_OS_UNIX
            if (::geteuid() == 0)
                QSKIP("root may write anywhere: no permission error to test");
#endif
            QDir(m_dir.path()).mkdir(QStringLiteral("readonly"));
            QFile::setPermissions(QFileInfo(out).path(),
                                  QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        }
        const QString dashboard =
            writeDashboard(QStringLiteral("unwritable.json"), QStringLiteral("/quiet"));
        const int contactsBefore = m_quietContacts;
        QProcess proc;
        proc.start(QStringLiteral(LIVEDASH_BINARY),
                   {QStringLiteral("--headless"), QStringLiteral("--dashboard"), dashboard,
                    QStringLiteral("--record"), out});
        QVERIFY(proc.waitForFinished(30000));
        const QString err = QString::fromUtf8(proc.readAllStandardError());
        QCOMPARE(proc.exitStatus(), QProcess::NormalExit);
        QVERIFY2(proc.exitCode() == 2, qPrintable(err));
        QVERIFY2(err.contains(
                     QStringLiteral("livedash: %1: cannot open for writing: %2").arg(out, reason)),
                 qPrintable(err));
        QVERIFY2(!err.contains(QStringLiteral("recording")), qPrintable(err));
        // No feed started: connections the process made would be queued here by now.
        for (int i = 0; i < 5; ++i)
            QCoreApplication::processEvents();
        QCOMPARE(m_quietContacts, contactsBefore);
    }

    void commandLineBasics()
    {
        QProcess version;
        version.start(QStringLiteral(LIVEDASH_BINARY), {QStringLiteral("--version")});
        QVERIFY(version.waitForFinished(10000));
        QCOMPARE(version.exitCode(), 0);
        QVERIFY(version.readAllStandardOutput().contains(LIVEDASH_VERSION));

        QProcess help;
        help.start(QStringLiteral(LIVEDASH_BINARY), {QStringLiteral("--help")});
        QVERIFY(help.waitForFinished(10000));
        const QByteArray text = help.readAllStandardOutput();
        QVERIFY(text.contains("--dashboard") && text.contains("--headless") &&
                text.contains("--record") && text.contains("--duration") &&
                text.contains("--trust"));

        QProcess noRecord;
        noRecord.start(QStringLiteral(LIVEDASH_BINARY), {QStringLiteral("--headless")});
        QVERIFY(noRecord.waitForFinished(10000));
        QVERIFY(noRecord.exitCode() != 0);
        QVERIFY(noRecord.readAllStandardError().contains("--record"));
    }
};

QTEST_GUILESS_MAIN(TestHeadlessRecorder)
#include "tst_headlessrecorder.moc"
