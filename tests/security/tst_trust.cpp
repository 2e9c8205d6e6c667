// Dashboard files from elsewhere: an untrusted file opens in the window with its feeds stopped
// under a banner saying what it would do; "Trust and start" starts it; an edited file loses its
// trust; a keychain entry is only read for the dashboard that stored it.
#include "document/truststore.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "localhttpserver.h"
#include "secrets/secretstore.h"
#include "settings/settingsdialog.h"
#include "window/feedstatusview.h"
#include "window/mainwindow.h"

#include <QFile>
#include <QFrame>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace livedash;

namespace {

const QString Secret = QStringLiteral("s3cr3t-value");
const QString KeychainSecret = QStringLiteral("kc-secret-4711");
constexpr int WaitMs = 10000;

/// A keychain in memory that counts the reads it is asked for.
class CountingSecretStore : public SecretStore
{
public:
    QHash<QString, QString> entries;
    QHash<QString, int> reads;

    QString backendName() const override { return QStringLiteral("the test keychain"); }

protected:
    void startRead(const QString &name) override
    {
        ++reads[name];
        QMetaObject::invokeMethod(
            this,
            [this, name] {
                if (entries.contains(name))
                    readDone(name, Outcome::Ok, entries.value(name), {});
                else
                    readDone(name, Outcome::NotFound, {}, {});
            },
            Qt::QueuedConnection);
    }
    void startWrite(const QString &name, const QString &value) override
    {
        entries.insert(name, value);
        QMetaObject::invokeMethod(
            this, [this, name] { writeDone(name, Outcome::Ok, {}); }, Qt::QueuedConnection);
    }
    void startRemove(const QString &name) override
    {
        entries.remove(name);
        QMetaObject::invokeMethod(
            this, [this, name] { removeDone(name, Outcome::Ok, {}); }, Qt::QueuedConnection);
    }
};

/// Saves a picture of `widget` when LIVEDASH_SCREENSHOT_DIR is set (for reviews by eye).
void screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("LIVEDASH_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(50);
    widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace

class TestTrust : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    PluginRegistry m_registry;
    LocalHttpServer m_http;
    /// The `key` parameter of every /weather request, by its `run` parameter.
    QMultiHash<QString, QString> m_keys;

    /// One HTTP feed polling /weather with `key` (a reference) and `run` (who asked).
    QString writeDashboard(const QString &run, const QString &key)
    {
        const QString url = m_http.url(QStringLiteral("/weather")).toString() +
                            QStringLiteral("?key=%1&run=%2").arg(key, run);
        const QString json = QStringLiteral(
            "{\"version\": 1, \"name\": \"weather\", \"panels\": [], \"feeds\": [{\"id\": "
            "\"weather\", \"plugin\": \"http\", \"options\": {\"url\": \"%1\", \"intervalMs\": "
            "200}, \"reconnect\": {\"initialDelayMs\": 50, \"maxDelayMs\": 200}, \"fields\": "
            "{\"channels\": [{\"path\": \"t\", \"channel\": \"t\"}]}}]}");
        const QString path = m_dir.filePath(run + QStringLiteral(".json"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        f.write(json.arg(url).toUtf8());
        return path;
    }

    static Dashboard load(const QString &path)
    {
        QString error;
        const auto d = Dashboard::load(path, &error);
        if (!d)
            qFatal("%s", qPrintable(error));
        return *d;
    }

    static QFrame *banner(MainWindow &window)
    {
        return window.findChild<QFrame *>(QStringLiteral("trustBanner"));
    }

    static FeedStatus shownStatus(MainWindow &window, const QString &id)
    {
        for (const FeedStatus &s : window.statusView()->model()->statuses())
            if (s.id == id)
                return s;
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Trust and keychain owners go to QSettings: keep them out of the user's.
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                           m_dir.filePath(QStringLiteral("config")));
        QSettings().clear();
        qputenv("LEAKME_SECRET", Secret.toUtf8());
        m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
        QVERIFY(m_registry.plugin(QStringLiteral("http")));
        QVERIFY(m_http.listen());
        m_http.route("/weather", [this](HttpExchange *x) {
            m_keys.insert(x->query.queryItemValue(QStringLiteral("run")),
                          x->query.queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded));
            x->respond(200, QByteArrayLiteral(R"({"t": 21.5})"));
        });
    }

    void untrustedFileOpensStoppedUntilTrusted()
    {
        const QString path =
            writeDashboard(QStringLiteral("window"), QStringLiteral("${env:LEAKME_SECRET}"));
        IngestEngine engine(&m_registry, 1);
        {
            MainWindow window(&m_registry, &engine);
            window.setDashboard(load(path), path);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(!window.isTrusted());

            // The banner says what the file would do, with one action.
            QFrame *frame = banner(window);
            QVERIFY(frame && frame->isVisible());
            const QString text = frame->findChild<QLabel *>(QStringLiteral("trustDetails"))->text();
            QVERIFY2(text.contains(QStringLiteral("127.0.0.1:%1").arg(m_http.port())),
                     qPrintable(text));
            QVERIFY2(text.contains(QStringLiteral("LEAKME_SECRET")), qPrintable(text));
            QVERIFY2(!text.contains(Secret), qPrintable(text));
            const QList<QPushButton *> buttons = frame->findChildren<QPushButton *>();
            QCOMPARE(buttons.size(), 1);
            QCOMPARE(buttons.first()->text(), QStringLiteral("Trust and start"));

            // Nothing runs: the server hears nothing, the feed is listed as stopped.
            QTest::qWait(1500);
            QVERIFY2(!m_keys.contains(QStringLiteral("window")),
                     qPrintable(m_keys.values(QStringLiteral("window")).join(QLatin1Char(','))));
            QCOMPARE(shownStatus(window, QStringLiteral("weather")).state, FeedState::Stopped);
            screenshot(&window, QStringLiteral("trust-banner"));

            QTest::mouseClick(buttons.first(), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(m_keys.contains(QStringLiteral("window")), WaitMs);
            QCOMPARE(m_keys.value(QStringLiteral("window")), Secret);
            QVERIFY(window.isTrusted());
            QVERIFY(!frame->isVisible());
        }
        // Remembered for this file as it is: opened again, it runs at once.
        QVERIFY(TrustStore().isTrusted(path, load(path)));
        {
            MainWindow window(&m_registry, &engine);
            window.setDashboard(load(path), path);
            QVERIFY(window.isTrusted());
            QVERIFY(!banner(window)->isVisibleTo(&window));
        }
        engine.shutdown();
    }

    void settingsTestIsOffUntilTrusted()
    {
        // Settings' Test connects with the feed's options resolved: on an untrusted file it
        // would send the secret before the operator chose to trust the file.
        const QString path =
            writeDashboard(QStringLiteral("probe"), QStringLiteral("${env:LEAKME_SECRET}"));
        IngestEngine engine(&m_registry, 1);
        {
            MainWindow window(&m_registry, &engine);
            window.setDashboard(load(path), path);
            QVERIFY(!window.isTrusted());
            SettingsDialog *settings = window.openSettings();
            settings->selectFeed(QStringLiteral("weather"));
            auto *test = settings->findChild<QPushButton *>(QStringLiteral("testFeed"));
            QVERIFY(test);
            QVERIFY(!test->isEnabled());
            QVERIFY2(test->toolTip().contains(QStringLiteral("Trust and start")),
                     qPrintable(test->toolTip()));
            QMetaObject::invokeMethod(test, "click"); // even if the click got through
            QTest::qWait(1500);
            QVERIFY(!m_keys.contains(QStringLiteral("probe")));

            window.trustAndStart();
            QVERIFY(test->isEnabled());
            QVERIFY(test->toolTip().isEmpty());
            QTRY_VERIFY_WITH_TIMEOUT(m_keys.contains(QStringLiteral("probe")), WaitMs);
        }
        engine.shutdown();
    }

    void editedFileLosesItsTrust()
    {
        const QString path =
            writeDashboard(QStringLiteral("edited"), QStringLiteral("${env:LEAKME_SECRET}"));
        TrustStore trust;
        QVERIFY(!trust.isTrusted(path, load(path)));
        QVERIFY(trust.trustFile(path));
        QVERIFY(trust.isTrusted(path, load(path)));

        // One byte changed by someone else (the poll interval 200 -> 300).
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray bytes = f.readAll();
        const qsizetype at = bytes.indexOf("200}");
        QVERIFY(at > 0);
        bytes[at] = '3';
        QVERIFY(f.seek(0));
        QCOMPARE(f.write(bytes), bytes.size());
        f.close();
        QVERIFY(!trust.isTrusted(path, load(path)));

        // The window agrees: banner, and nothing sent.
        IngestEngine engine(&m_registry, 1);
        {
            MainWindow window(&m_registry, &engine);
            window.setDashboard(load(path), path);
            QVERIFY(!window.isTrusted());
            QVERIFY(banner(window)->isVisibleTo(&window));
            QTest::qWait(1000);
            QVERIFY(!m_keys.contains(QStringLiteral("edited")));

            // Saved by Livedash once trusted: still trusted as written.
            window.trustAndStart();
            QVERIFY(trust.isTrusted(path, load(path)));
        }
        engine.shutdown();
    }

    void keychainEntryOfAnotherDashboardIsNotRead()
    {
        // "owner.json" stored the entry (as extractSecrets names them); "copy.json" copies the
        // reference. Both files are trusted: only ownership is tested here.
        const QString name = QStringLiteral("weather/key/a1b2c3");
        const QString reference = QStringLiteral("${keychain:%1}").arg(name);
        const QString owner = writeDashboard(QStringLiteral("owner"), reference);
        const QString copy = writeDashboard(QStringLiteral("copy"), reference);
        TrustStore trust;
        QVERIFY(trust.trustFile(owner));
        QVERIFY(trust.trustFile(copy));
        trust.addKeychainOwner(name, owner);

        CountingSecretStore secrets;
        secrets.entries.insert(name, KeychainSecret);
        IngestEngine engine(&m_registry, 1);
        engine.setSecretStore(&secrets);
        {
            MainWindow window(&m_registry, &engine);
            window.setDashboard(load(copy), copy);
            QVERIFY(window.isTrusted());
            QTRY_COMPARE_WITH_TIMEOUT(shownStatus(window, QStringLiteral("weather")).state,
                                      FeedState::Error, WaitMs);
            const QString why = shownStatus(window, QStringLiteral("weather")).lastError;
            QVERIFY2(
                why.contains(
                    QStringLiteral("keychain entry %1 belongs to another dashboard").arg(name)),
                qPrintable(why));
            QTest::qWait(1000);
            QCOMPARE(secrets.reads.value(name), 0); // never read
            QVERIFY(!m_keys.contains(QStringLiteral("copy")));

            // The owner reads it and sends it: the refusal above is ownership, nothing else.
            window.setDashboard(load(owner), owner);
            QTRY_VERIFY_WITH_TIMEOUT(m_keys.contains(QStringLiteral("owner")), WaitMs);
            QCOMPARE(m_keys.value(QStringLiteral("owner")), KeychainSecret);
            QCOMPARE(secrets.reads.value(name), 1);

            // Back to the copy: the value is in memory now, and still not handed to it.
            window.setDashboard(load(copy), copy);
            QTRY_COMPARE_WITH_TIMEOUT(shownStatus(window, QStringLiteral("weather")).state,
                                      FeedState::Error, WaitMs);
            QVERIFY(shownStatus(window, QStringLiteral("weather"))
                        .lastError.contains(QStringLiteral("belongs to another dashboard")));
            QTest::qWait(500);
            QVERIFY(!m_keys.contains(QStringLiteral("copy")));
        }
        engine.shutdown();
    }

    void saveAsKeepsTrustAndKeychainEntries()
    {
        // Livedash writes the copy: trusted as written, and it owns the original's entry.
        const QString name = QStringLiteral("weather/key/d4e5f6");
        const QString original =
            writeDashboard(QStringLiteral("original"), QStringLiteral("${keychain:%1}").arg(name));
        TrustStore trust;
        QVERIFY(trust.trustFile(original));
        trust.addKeychainOwner(name, original);
        CountingSecretStore secrets;
        secrets.entries.insert(name, KeychainSecret);
        IngestEngine engine(&m_registry, 1);
        engine.setSecretStore(&secrets);
        const QString copy = m_dir.filePath(QStringLiteral("saved-as.json"));
        {
            MainWindow window(&m_registry, &engine);
            window.setDashboard(load(original), original);
            QVERIFY(window.isTrusted());
            QVERIFY(window.saveTo(copy));
        }
        QVERIFY(trust.isTrusted(copy, load(copy)));
        QVERIFY(trust.keychainRefusal(name, copy).isEmpty());
        QVERIFY(trust.keychainOwners(name).contains(TrustStore::canonicalPath(copy)));
        // A file nobody saved with that reference still may not use it.
        QVERIFY(
            !trust.keychainRefusal(name, m_dir.filePath(QStringLiteral("other.json"))).isEmpty());
        engine.shutdown();
    }
};

QTEST_MAIN(TestTrust)
#include "tst_trust.moc"
