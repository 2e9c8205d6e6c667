// The `livedash` executable's command line, run as an operator runs it: with no display for
// everything that does not open a window (over SSH, in a service), and with the offscreen
// platform for the window, to see which dashboard it opens.
#include "document/truststore.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSettings>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

class TestCommandLine : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    struct Run
    {
        int exitCode = -1;
        QProcess::ExitStatus status = QProcess::CrashExit;
        QString out;
        QString err;
    };

    /// No DISPLAY, no Wayland, no QT_QPA_PLATFORM: what a shell on a server has.
    QProcessEnvironment withoutDisplay() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        return env;
    }

    Run run(const QStringList &args, const QProcessEnvironment &env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(LIVEDASH_BINARY), args);
        Run r;
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
            r.err = QStringLiteral("did not finish within 30 s");
            return r;
        }
        r.exitCode = p.exitCode();
        r.status = p.exitStatus();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        const QString path = m_home.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        f.write(content);
        return path;
    }

    /// A dashboard whose only feed polls `http://127.0.0.1:<port>/<tag>`: the request line
    /// tells which dashboard the window opened.
    QString dashboardPolling(const QString &name, quint16 port, const QString &tag)
    {
        // (Plain string literals: moc 6.4 loses track of this class in a multi-line raw string.)
        const QString json = QStringLiteral(
            "{\"version\": 1, \"name\": \"%1\", \"panels\": [], \"feeds\": [{\"id\": \"probe\", "
            "\"plugin\": \"http\", \"options\": {\"url\": \"http://127.0.0.1:%2/%1\", "
            "\"intervalMs\": 200}, \"reconnect\": {\"initialDelayMs\": 50, \"maxDelayMs\": "
            "200}}]}");
        const QString path = writeFile(name, json.arg(tag).arg(port).toUtf8());
        // Written by the test: trusted for the window (an untrusted one would not poll).
        livedash::TrustStore(m_home.filePath(QStringLiteral("config/Livedash/livedash.conf")))
            .trustFile(path);
        return path;
    }

    /// Starts the window (offscreen) and returns the path of the first HTTP request it makes.
    QString firstRequestOfWindow(const QStringList &args, QTcpServer *server)
    {
        QProcessEnvironment env = withoutDisplay();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        QProcess p;
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(QStringLiteral(LIVEDASH_BINARY), args);
        QString requestLine;
        QTcpSocket *socket = nullptr;
        for (int waited = 0; waited < 20000 && requestLine.isEmpty(); waited += 50) {
            if (!socket && server->waitForNewConnection(50))
                socket = server->nextPendingConnection();
            else if (socket && socket->waitForReadyRead(50) && socket->canReadLine())
                requestLine = QString::fromLatin1(socket->readLine()).trimmed();
            if (p.state() == QProcess::NotRunning)
                break;
        }
        p.terminate();
        if (!p.waitForFinished(10000)) {
            p.kill();
            p.waitForFinished();
        }
        delete socket;
        // "GET /last HTTP/1.1" -> "/last"
        return requestLine.section(QLatin1Char(' '), 1, 1);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void helpAndVersionNeedNoDisplay()
    {
        const Run help = run({QStringLiteral("--help")}, withoutDisplay());
        QCOMPARE(help.status, QProcess::NormalExit);
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.contains(QStringLiteral("--headless")), qPrintable(help.out + help.err));
        QVERIFY(help.out.contains(QStringLiteral("--dashboard <FILE>")));
        QVERIFY2(help.out.contains(QStringLiteral("[FILE...]")), qPrintable(help.out));

        const Run version = run({QStringLiteral("--version")}, withoutDisplay());
        QCOMPARE(version.status, QProcess::NormalExit);
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(version.out.trimmed(),
                 QStringLiteral("livedash %1").arg(QStringLiteral(LIVEDASH_VERSION)));
    }

    void errorsAreReportedWithoutADisplay_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString missing = m_home.filePath(QStringLiteral("missing.json"));
        const QString invalid = writeFile(QStringLiteral("invalid.json"),
                                          "{\"version\": 1, \"feeds\": [7], \"panels\": []}");
        QTest::newRow("missing dashboard")
            << QStringList{QStringLiteral("--dashboard"), missing}
            << QStringLiteral("cannot load dashboard %1: cannot open").arg(missing);
        QTest::newRow("invalid dashboard") << QStringList{QStringLiteral("--dashboard"), invalid}
                                           << QStringLiteral("feeds[0]: expected an object");
        QTest::newRow("record without headless")
            << QStringList{QStringLiteral("--record"), QStringLiteral("out.jsonl")}
            << QStringLiteral("--record, --publish and --duration only apply with --headless");
        QTest::newRow("publish without headless")
            << QStringList{QStringLiteral("--publish"), QStringLiteral("mqtt://127.0.0.1/gw")}
            << QStringLiteral("--record, --publish and --duration only apply with --headless");
        QTest::newRow("headless without an output")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--demo")}
            << QStringLiteral("--headless needs --record FILE, --publish URL or both");
        QTest::newRow("publish to a scheme no plugin speaks")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--demo"),
                           QStringLiteral("--publish"), QStringLiteral("amqp://127.0.0.1/gw")}
            << QStringLiteral("--publish: no installed plugin publishes to amqp:// URLs");
        QTest::newRow("publish to something that is not a URL")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--demo"),
                           QStringLiteral("--publish"), QStringLiteral("broker")}
            << QStringLiteral("--publish: \"broker\" is not a broker URL");
        QTest::newRow("missing positional dashboard")
            << QStringList{missing}
            << QStringLiteral("cannot load dashboard %1: cannot open").arg(missing);
        QTest::newRow("two positional files headless")
            << QStringList{QStringLiteral("--headless"), QStringLiteral("--record"),
                           QStringLiteral("out.jsonl"), QStringLiteral("a.livedash.json"),
                           QStringLiteral("b.json")}
            << QStringLiteral("one dashboard at a time here: got 2 files (\"a.livedash.json\", "
                              "\"b.json\"); several open as tabs in the window");
        QTest::newRow("second of two files missing")
            << QStringList{writeFile(QStringLiteral("fine.json"), "{\"version\": 1}"), missing}
            << QStringLiteral("cannot load dashboard %1: cannot open").arg(missing);
        QTest::newRow("rotate without kiosk")
            << QStringList{QStringLiteral("--rotate"), QStringLiteral("30")}
            << QStringLiteral("--rotate only applies with --kiosk");
        QTest::newRow("playlist without kiosk")
            << QStringList{QStringLiteral("--playlist"), QStringLiteral("wall.json")}
            << QStringLiteral("--playlist only applies with --kiosk");
        QTest::newRow("rotate and playlist")
            << QStringList{QStringLiteral("--kiosk"), QStringLiteral("--rotate"),
                           QStringLiteral("30"), QStringLiteral("--playlist"),
                           QStringLiteral("wall.json")}
            << QStringLiteral("give --rotate SECONDS or --playlist FILE, not both");
        QTest::newRow("rotate too short")
            << QStringList{QStringLiteral("--kiosk"), QStringLiteral("--rotate"),
                           QStringLiteral("1")}
            << QStringLiteral("--rotate: \"1\" is not a whole number of seconds from 2 to 86400");
        QTest::newRow("kiosk headless")
            << QStringList{QStringLiteral("--kiosk"), QStringLiteral("--headless"),
                           QStringLiteral("--record"), QStringLiteral("out.jsonl")}
            << QStringLiteral("--kiosk is a window: not with --headless, --export or --import");
        QTest::newRow("playlist with a file")
            << QStringList{QStringLiteral("--kiosk"), QStringLiteral("--playlist"),
                           QStringLiteral("wall.json"), QStringLiteral("a.json")}
            << QStringLiteral("--playlist names the dashboards: give no FILE or --demo with it");
        QTest::newRow("missing playlist")
            << QStringList{QStringLiteral("--kiosk"), QStringLiteral("--playlist"), missing}
            << QStringLiteral("cannot load playlist %1").arg(missing);
        QTest::newRow("playlist of broken dashboards")
            << QStringList{QStringLiteral("--kiosk"), QStringLiteral("--playlist"),
                           writeFile(QStringLiteral("wall.json"),
                                     "{\"dashboards\": [\"missing.json\"]}")}
            << QStringLiteral("no dashboard of playlist %1 could be loaded")
                   .arg(m_home.filePath(QStringLiteral("wall.json")));
        QTest::newRow("positional file and --dashboard")
            << QStringList{QStringLiteral("a.json"), QStringLiteral("--dashboard"), invalid}
            << QStringLiteral("give the dashboard FILE or --dashboard FILE, not both");
        QTest::newRow("bad thread count")
            << QStringList{QStringLiteral("--ingest-threads"), QStringLiteral("0")}
            << QStringLiteral("--ingest-threads: expected 1 to 64");
    }

    void errorsAreReportedWithoutADisplay()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const QString invalid = m_home.filePath(QStringLiteral("invalid.json"));
        const QByteArray before = [&] {
            QFile f(invalid);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        const Run r = run(args, withoutDisplay());
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QFile f(invalid);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before); // nothing written over
    }

    void unknownOptionIsReportedWithoutADisplay()
    {
        // Exit 2, as the man page says for every command-line error (Qt's own handling: 1).
        for (const QStringList &args : {QStringList{QStringLiteral("--frobnicate")},
                                        QStringList{QStringLiteral("--duration")}}) {
            const Run r = run(args, withoutDisplay());
            QCOMPARE(r.status, QProcess::NormalExit);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(args.first().mid(2)), qPrintable(r.err));
        }
    }

    void noArgumentsOpensTheDashboardLastOpened()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const QString last = dashboardPolling(QStringLiteral("last.json"), server.serverPort(),
                                              QStringLiteral("last"));
        // Opened with --dashboard: that file is the last dashboard from now on.
        QCOMPARE(firstRequestOfWindow({QStringLiteral("--dashboard"), last}, &server),
                 QStringLiteral("/last"));
        QCOMPARE(firstRequestOfWindow({}, &server), QStringLiteral("/last"));
        const QSettings settings(m_home.filePath(QStringLiteral("config/Livedash/livedash.conf")),
                                 QSettings::IniFormat);
        QCOMPARE(settings.value(QStringLiteral("lastDashboard")).toString(), last);
    }

    void positionalFileOpensThatDashboard()
    {
        // `livedash FILE`, as a file manager opens a dashboard file: that file, not the last one.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const QString last = dashboardPolling(QStringLiteral("previous.livedash.json"),
                                              server.serverPort(), QStringLiteral("previous"));
        QCOMPARE(firstRequestOfWindow({QStringLiteral("--dashboard"), last}, &server),
                 QStringLiteral("/previous"));
        const QString opened = dashboardPolling(QStringLiteral("opened by name.livedash.json"),
                                                server.serverPort(), QStringLiteral("positional"));
        QCOMPARE(firstRequestOfWindow({opened}, &server), QStringLiteral("/positional"));
        const QSettings settings(m_home.filePath(QStringLiteral("config/Livedash/livedash.conf")),
                                 QSettings::IniFormat);
        QCOMPARE(settings.value(QStringLiteral("lastDashboard")).toString(), opened);
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
