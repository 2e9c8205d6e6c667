// End to end: `livedash --headless` refuses a dashboard file nobody trusted, so a file from an
// email cannot send the operator's environment to its author's server.
#include "document/truststore.h"
#include "localhttpserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace livedash;

namespace {
const QString Secret = QStringLiteral("s3cr3t-value");
} // namespace

class TestHeadlessTrust : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    LocalHttpServer *m_http = nullptr;
    /// The `key` parameter of every /weather request, by its `run` parameter.
    QMultiHash<QString, QString> m_keys;

    /// The settings file the livedash processes use (their HOME is in m_dir).
    QString settingsFile() const
    {
        return m_dir.filePath(QStringLiteral("config/Livedash/livedash.conf"));
    }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QString()); // no keychain needed
        env.insert(QStringLiteral("LEAKME_SECRET"), Secret);
        return env;
    }

    /// The file from the report: one HTTP feed that sends ${env:LEAKME_SECRET} to a server.
    QString writeDashboard(const QString &run)
    {
        const QString url = m_http->url(QStringLiteral("/weather")).toString() +
                            QStringLiteral("?key=${env:LEAKME_SECRET}&run=") + run;
        const QString json = QStringLiteral(
            "{\"version\": 1, \"name\": \"weather\", \"panels\": [], \"feeds\": [{\"id\": "
            "\"weather\", \"plugin\": \"http\", \"options\": {\"url\": \"%1\", \"intervalMs\": "
            "200}, \"fields\": {\"channels\": [{\"path\": \"t\", \"channel\": \"t\"}]}}]}");
        const QString path = m_dir.filePath(run + QStringLiteral(".json"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        f.write(json.arg(url).toUtf8());
        return path;
    }

    struct Run
    {
        int exitCode = -1;
        QString err;
        QString record; ///< the --record file
    };
    int m_runs = 0;

    Run runHeadless(const QString &dashboard, const QString &run, const QStringList &extra = {})
    {
        Run r;
        r.record = m_dir.filePath(QStringLiteral("%1-%2.jsonl").arg(run).arg(++m_runs));
        QProcess p;
        p.setProcessEnvironment(environment());
        p.start(QStringLiteral(LIVEDASH_BINARY),
                QStringList{QStringLiteral("--headless"), QStringLiteral("--dashboard"), dashboard,
                            QStringLiteral("--record"),
                            m_dir.filePath(run + QStringLiteral(".jsonl")),
                            QStringLiteral("--duration"), QStringLiteral("1.5")} +
                    extra);
        // The server lives on this thread: keep its event loop turning while livedash runs.
        QElapsedTimer waited;
        waited.start();
        const bool started = p.waitForStarted();
        while (started && p.state() != QProcess::NotRunning && waited.elapsed() < 20000)
            QTest::qWait(20);
        if (!started || p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished();
            r.err = QStringLiteral("did not finish within 20 s");
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    /// Refused: exit code 2, a message naming the file and what it needs trust for, and the
    /// server receives nothing, even well after the refusal.
    void checkRefused(const QString &dashboard, const QString &run)
    {
        const Run r = runHeadless(dashboard, run);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(dashboard), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("not trusted")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("127.0.0.1:%1").arg(m_http->port())),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("LEAKME_SECRET")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("--trust")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(Secret), qPrintable(r.err));
        QTest::qWait(1500);
        QVERIFY2(!m_keys.contains(run), qPrintable(m_keys.values(run).join(QLatin1Char(','))));
        QVERIFY(!QFile::exists(r.record)); // refused before the recorder opens
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(QStringLiteral(LIVEDASH_BINARY)));
        m_http = new LocalHttpServer(this);
        QVERIFY(m_http->listen());
        m_http->route("/weather", [this](HttpExchange *x) {
            m_keys.insert(x->query.queryItemValue(QStringLiteral("run")),
                          x->query.queryItemValue(QStringLiteral("key")));
            x->respond(200, QByteArrayLiteral(R"({"t": 21.5})"));
        });
    }

    void untrustedFileIsRefusedAndSendsNothing()
    {
        checkRefused(writeDashboard(QStringLiteral("untrusted")), QStringLiteral("untrusted"));
    }

    void trustOptionRunsItThisOnce()
    {
        const QString path = writeDashboard(QStringLiteral("once"));
        const Run r = runHeadless(path, QStringLiteral("once"), {QStringLiteral("--trust")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(m_keys.contains(QStringLiteral("once")));
        QCOMPARE(m_keys.value(QStringLiteral("once")), Secret);
        // Not remembered: the next run without --trust is refused.
        m_keys.remove(QStringLiteral("once"));
        checkRefused(path, QStringLiteral("once"));
    }

    void trustedFileRunsAndLosesTrustWhenEdited()
    {
        const QString path = writeDashboard(QStringLiteral("trusted"));
        QVERIFY(TrustStore(settingsFile()).trustFile(path)); // as "Trust and start" records it
        const Run r = runHeadless(path, QStringLiteral("trusted"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(m_keys.value(QStringLiteral("trusted")), Secret);

        // One byte changed (the poll interval): no longer the file that was trusted.
        m_keys.remove(QStringLiteral("trusted"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray bytes = f.readAll();
        const qsizetype at = bytes.indexOf("200}");
        QVERIFY(at > 0);
        bytes[at] = '3';
        QVERIFY(f.seek(0));
        QCOMPARE(f.write(bytes), bytes.size());
        f.close();
        checkRefused(path, QStringLiteral("trusted"));
    }
};

QTEST_GUILESS_MAIN(TestHeadlessTrust)
#include "tst_headlesstrust.moc"
