// End to end: `livedash --headless --record` against real WebSocket, HTTP and SSE servers.
#include "localhttpserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <csignal>

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

    QString writeDashboard(const QString &name)
    {
        const QString ws = QStringLiteral("ws://127.0.0.1:%1/").arg(m_ws->serverPort());
        const QString http = m_http->url(QStringLiteral("/metrics")).toString();
        const QString sse = m_http->url(QStringLiteral("/events")).toString();
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
        m_ws = new QWebSocketServer(QStringLiteral("ticks"), QWebSocketServer::NonSecureMode, this);
        QVERIFY(m_ws->listen(QHostAddress::LocalHost, 0));
        connect(m_ws, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *c = m_ws->nextPendingConnection()) {
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

#ifdef Q_OS_UNIX
    void sigtermFlushesEverythingReceived()
    {
        const QString dashboard = writeDashboard(QStringLiteral("term.json"));
        const QString out = m_dir.filePath(QStringLiteral("term.jsonl"));
        QProcess proc;
        proc.setProcessChannelMode(QProcess::ForwardedErrorChannel);
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
        ::kill(pid_t(proc.processId()), SIGTERM);
        QVERIFY(proc.waitForFinished(10000));
        QCOMPARE(proc.exitCode(), 0);
        QSet<int> seen;
        for (const QJsonObject &o : readLines(out))
            if (o.value(QStringLiteral("channel")) == QLatin1String("ticks/seq"))
                seen.insert(o.value(QStringLiteral("value")).toInt());
        for (int seq = first; seq <= last; ++seq)
            QVERIFY2(seen.contains(seq), qPrintable(QStringLiteral("seq %1 missing").arg(seq)));
    }
#endif

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
                text.contains("--record") && text.contains("--duration"));

        QProcess noRecord;
        noRecord.start(QStringLiteral(LIVEDASH_BINARY), {QStringLiteral("--headless")});
        QVERIFY(noRecord.waitForFinished(10000));
        QVERIFY(noRecord.exitCode() != 0);
        QVERIFY(noRecord.readAllStandardError().contains("--record"));
    }
};

QTEST_GUILESS_MAIN(TestHeadlessRecorder)
#include "tst_headlessrecorder.moc"
