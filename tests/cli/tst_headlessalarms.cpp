// Alert rules headless: `livedash --headless --record` evaluates the dashboard's rules, writes
// each alarm event to the recording, and posts it to the dashboard's webhook (a real local HTTP
// server) with its headers resolved from the environment. The webhook is down at first: the
// post is retried, bounded, and counted, and goes through once the server is up.
#include "localhttpserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace livedash;

class TestHeadlessAlarms : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void alarmsAreRecordedAndPostedWhenTheWebhookComesUp();
};

void TestHeadlessAlarms::alarmsAreRecordedAndPostedWhenTheWebhookComesUp()
{
    QTemporaryDir dir;
    // The source: a metric that is too high.
    LocalHttpServer source;
    source.route("/metrics", [](HttpExchange *x) { x->respond(200, R"({"cpu": 97.5})"); });
    QVERIFY(source.listen());
    // The webhook's port, reserved and left closed: the server is down when the alarm fires.
    quint16 hookPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        hookPort = probe.serverPort();
    }
    const QString json = QStringLiteral(R"({
  "version": 1, "name": "Plant wall",
  "feeds": [{"id": "metrics", "plugin": "http",
             "options": {"url": "%1", "intervalMs": 200},
             "fields": {"channels": [{"path": "cpu", "channel": "cpu"}]}}],
  "panels": [],
  "alerts": [{"name": "CPU hot", "channel": "metrics/cpu", "when": "above", "limit": 90,
              "severity": "critical", "latch": true}],
  "alertWebhook": {"url": "http://127.0.0.1:%2/hook",
                   "headers": {"Authorization": "Bearer ${env:HOOK_TOKEN}"}}
})")
                             .arg(source.url(QStringLiteral("/metrics")).toString())
                             .arg(hookPort);
    const QString dashboard = dir.filePath(QStringLiteral("wall.json"));
    {
        QFile f(dashboard);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(json.toUtf8());
    }
    const QString recording = dir.filePath(QStringLiteral("rec.jsonl"));
    QProcess livedash;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOOK_TOKEN"), QStringLiteral("s3cret"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    livedash.setProcessEnvironment(env);
    livedash.start(QStringLiteral(LIVEDASH_BINARY),
                   {QStringLiteral("--headless"), QStringLiteral("--trust"),
                    QStringLiteral("--record"), recording, QStringLiteral("--duration"),
                    QStringLiteral("7"), dashboard});
    QVERIFY(livedash.waitForStarted());

    // Up after the first attempts failed (they come 1 s, then 2 s apart).
    LocalHttpServer hook;
    QList<QByteArray> bodies;
    QList<QByteArray> tokens;
    hook.route("/hook", [&](HttpExchange *x) {
        bodies.append(x->body);
        tokens.append(x->header("authorization"));
        x->respond(200, "ok");
    });
    QTest::qWait(2500);
    QVERIFY(hook.listen(QHostAddress::LocalHost, hookPort));
    // The test's own servers answer while it waits: no blocking wait here.
    QTRY_VERIFY_WITH_TIMEOUT(livedash.state() == QProcess::NotRunning, 20000);
    const QString err = QString::fromUtf8(livedash.readAllStandardError());
    QVERIFY2(livedash.exitCode() == 0, qPrintable(err));

    // Said on stderr, and counted: the failed attempts, the post that went through.
    QVERIFY2(
        err.contains(QStringLiteral("livedash: alarm fired: CPU hot (critical) on metrics/cpu: "
                                    "above 90")),
        qPrintable(err));
    static const QRegularExpression counts(
        QStringLiteral("webhook http://127.0.0.1:\\d+/hook: 1 alarm events posted, (\\d+) failed "
                       "attempts, 0 dropped, 0 not delivered \\(last error: .*refused"));
    const QRegularExpressionMatch m = counts.match(err);
    QVERIFY2(m.hasMatch(), qPrintable(err));
    QVERIFY(m.captured(1).toInt() >= 1);

    // The server got the event once, with the secret from the environment.
    QCOMPARE(bodies.size(), 1);
    QCOMPARE(tokens.value(0), QByteArray("Bearer s3cret"));
    const QJsonObject posted = QJsonDocument::fromJson(bodies.value(0)).object();
    QCOMPARE(posted.value("alarm").toString(), QStringLiteral("fired"));
    QCOMPARE(posted.value("rule").toString(), QStringLiteral("CPU hot"));
    QCOMPARE(posted.value("channel").toString(), QStringLiteral("metrics/cpu"));
    QCOMPARE(posted.value("severity").toString(), QStringLiteral("critical"));
    QCOMPARE(posted.value("value").toDouble(), 97.5);
    QCOMPARE(posted.value("dashboard").toString(), QStringLiteral("Plant wall"));
    QVERIFY(posted.value("summary").toString().startsWith(QStringLiteral("[CRITICAL] CPU hot")));

    // The recording holds the samples and, among them, the alarm event.
    QFile rec(recording);
    QVERIFY(rec.open(QIODevice::ReadOnly));
    int samples = 0, alarms = 0;
    for (const QByteArray &line : rec.readAll().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        samples += o.contains(QStringLiteral("value")) && !o.contains(QStringLiteral("alarm"));
        if (o.value(QStringLiteral("alarm")).toString() == QLatin1String("fired")) {
            ++alarms;
            QCOMPARE(o.value(QStringLiteral("rule")).toString(), QStringLiteral("CPU hot"));
        }
    }
    QVERIFY(samples >= 5);
    QCOMPARE(alarms, 1);
}

QTEST_GUILESS_MAIN(TestHeadlessAlarms)
#include "tst_headlessalarms.moc"
