// Secrets end to end (TARGETS.md Reliability 9): a token typed into the settings dialog and
// saved through the main window's real save path is in neither the dashboard file nor the logs
// (every message is captured, with Livedash's debug categories on, while feeds connect and
// fail), and the feed still authenticates: through `${env:NAME}` everywhere, and through the
// system keychain where one runs. ctest runs this twice: without a D-Bus session bus (no
// keychain, as on a headless server) and under with-keyring.sh (a real Secret Service).
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "localhttpserver.h"
#include "secrets/secretstore.h"
#include "settings/settingsdialog.h"
#include "window/mainwindow.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLoggingCategory>
#include <QMenu>
#include <QMutex>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace livedash;

namespace {

constexpr int WaitMs = 15000;
const QString Token = QStringLiteral("lvd-7Hq2-s3cr3t-T0ken-9931");
const QString EnvName = QStringLiteral("LIVEDASH_TEST_FEED_TOKEN");

QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previous = nullptr;

void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log.append(QStringLiteral("%1: %2").arg(
            QLatin1String(context.category ? context.category : "default"), message));
    }
    if (g_previous)
        g_previous(type, context, message);
}

template<typename T>
T *find(const QObject *root, const QString &name)
{
    T *w = root->findChild<T *>(name);
    if (!w)
        qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
    return w;
}

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, text);
}

QString visibleText(const QObject *root, const QString &name)
{
    auto *label = root->findChild<QLabel *>(name);
    return label && !label->isHidden() ? label->text() : QString();
}

/// Adds a feed of `plugin` in the open settings dialog and fills in id, URL and headers.
bool addFeed(SettingsDialog *dialog, const QString &plugin, const QString &id, const QString &url,
             const QString &headers)
{
    auto *menu = find<QMenu>(dialog, QStringLiteral("addFeedMenu"));
    QAction *action = nullptr;
    for (QAction *a : menu->actions())
        if (a->data().toString() == plugin)
            action = a;
    if (!action)
        return false;
    action->trigger();
    typeInto(find<QLineEdit>(dialog, QStringLiteral("feedId")), id);
    typeInto(find<QLineEdit>(dialog, QStringLiteral("option_url")), url);
    find<QPlainTextEdit>(dialog, QStringLiteral("option_headers"))->setPlainText(headers);
    return true;
}

/// Saves a picture of `dialog` when LIVEDASH_SCREENSHOT_DIR is set (for reviews by eye).
void screenshot(SettingsDialog *dialog, const QString &name)
{
    const QString dir = qEnvironmentVariable("LIVEDASH_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(50);
    dialog->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

QPushButton *okButton(SettingsDialog *dialog)
{
    return find<QDialogButtonBox>(dialog, QStringLiteral("buttons"))->button(QDialogButtonBox::Ok);
}

/// A ws:// server that records each handshake's Authorization header and sends {"v": 1}.
class AuthServer : public QObject
{
public:
    AuthServer() : m_server(QStringLiteral("auth"), QWebSocketServer::NonSecureMode)
    {
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *c = m_server.nextPendingConnection()) {
                authorizations.append(c->request().rawHeader("Authorization"));
                c->setParent(this);
                connect(c, &QWebSocket::disconnected, c, &QObject::deleteLater);
                c->sendTextMessage(QStringLiteral("{\"v\": 1}"));
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString url() const { return QStringLiteral("ws://127.0.0.1:%1/").arg(m_server.serverPort()); }
    QList<QByteArray> authorizations;

private:
    QWebSocketServer m_server;
};

} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT

private:
    PluginRegistry m_registry;
    QTemporaryDir m_dir;
    LocalHttpServer m_denying; ///< answers 401: a feed that fails while holding the token
    KeychainSecretStore::Availability m_availability = SecretStore::Availability::Unknown;

    bool keychainAvailable() const
    {
        return m_availability == SecretStore::Availability::Available;
    }

    /// The main window, an engine and the system keychain store, wired as the app does.
    struct App
    {
        App(const PluginRegistry *registry) : engine(registry, 1)
        {
            engine.setSecretStore(&secrets);
            window = std::make_unique<MainWindow>(registry, &engine);
        }
        ~App()
        {
            window.reset();
            engine.shutdown();
        }
        KeychainSecretStore secrets;
        IngestEngine engine;
        std::unique_ptr<MainWindow> window;
    };

    QString failingHeaders() const { return QStringLiteral("Authorization: Bearer ") + Token; }

    void checkNoTokenAnywhere(const QString &path)
    {
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray json = file.readAll();
        QVERIFY2(!json.contains(Token.toUtf8()), json.constData());
        QMutexLocker lock(&g_logMutex);
        QVERIFY(!g_log.isEmpty());
        for (const QString &line : std::as_const(g_log))
            QVERIFY2(!line.contains(Token), qPrintable(line));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
        for (const char *kind : {"websocket", "http"})
            QVERIFY2(m_registry.plugin(QString::fromLatin1(kind)), kind);
        m_denying.route("/private",
                        [](HttpExchange *ex) { ex->respond(401, R"({"error":"bad token"})"); });
        QVERIFY(m_denying.listen());

        KeychainSecretStore probe;
        probe.checkAvailability();
        QTRY_VERIFY_WITH_TIMEOUT(probe.availability() != SecretStore::Availability::Unknown &&
                                     probe.availability() != SecretStore::Availability::Checking,
                                 30000);
        m_availability = probe.availability();
        qInfo().noquote()
            << "system keychain:"
            << (keychainAvailable()
                    ? QStringLiteral("available")
                    : QStringLiteral("unavailable (%1)").arg(probe.unavailableReason()));
        const QByteArray expect = qgetenv("LIVEDASH_EXPECT_KEYCHAIN");
        if (expect == "1")
            QVERIFY2(keychainAvailable(), qPrintable(probe.unavailableReason()));
        else if (expect == "0")
            QVERIFY(!keychainAvailable());

        qputenv(EnvName.toLocal8Bit(), Token.toUtf8());
        g_previous = qInstallMessageHandler(captureLog);
        QLoggingCategory::setFilterRules(QStringLiteral("livedash.*=true"));
    }

    void cleanupTestCase()
    {
        QLoggingCategory::setFilterRules(QString());
        qInstallMessageHandler(g_previous);
    }

    void envReferenceAuthenticatesAndNeverLeaks()
    {
        AuthServer server;
        QVERIFY(server.listen());
        const QString path = m_dir.filePath(QStringLiteral("env.json"));
        {
            App app(&m_registry);
            app.window->setDashboard(Dashboard{}, path);
            SettingsDialog *dialog = app.window->openSettings();
            const QString headers = QStringLiteral("Authorization: Bearer ${env:%1}").arg(EnvName);
            QVERIFY(addFeed(dialog, QStringLiteral("websocket"), QStringLiteral("ticks"),
                            server.url(), headers));
            QVERIFY2(visibleText(dialog, QStringLiteral("optionHint_headers"))
                         .contains(QLatin1String("read from the environment")),
                     qPrintable(visibleText(dialog, QStringLiteral("optionHint_headers"))));
            // Two feeds that fail while holding the token: refused, and answered 401.
            QVERIFY(addFeed(dialog, QStringLiteral("websocket"), QStringLiteral("down"),
                            QStringLiteral("ws://127.0.0.1:1/?token=${env:%1}").arg(EnvName),
                            headers));
            QVERIFY(addFeed(dialog, QStringLiteral("http"), QStringLiteral("denied"),
                            m_denying.url(QStringLiteral("/private")).toString(), headers));
            QVERIFY2(okButton(dialog)->isEnabled(),
                     qPrintable(visibleText(dialog, QStringLiteral("validationSummary"))));
            QSignalSpy saved(app.window.get(), &MainWindow::dashboardSaved);
            QTest::mouseClick(okButton(dialog), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, WaitMs);

            // The server saw the token; the failing feeds failed (and were logged).
            QTRY_VERIFY_WITH_TIMEOUT(!server.authorizations.isEmpty(), WaitMs);
            QCOMPARE(server.authorizations.first(), (QStringLiteral("Bearer ") + Token).toUtf8());
            QTRY_VERIFY_WITH_TIMEOUT(app.engine.board()
                                             .status(QStringLiteral("denied"))
                                             .value_or(FeedStatus{})
                                             .lastError.contains(QLatin1String("401")) &&
                                         !app.engine.board()
                                              .status(QStringLiteral("down"))
                                              .value_or(FeedStatus{})
                                              .lastError.isEmpty(),
                                     WaitMs);
            for (const FeedStatus &s : app.engine.board().snapshot())
                QVERIFY2(!s.detail.contains(Token) && !s.lastError.contains(Token),
                         qPrintable(s.detail + QLatin1Char(' ') + s.lastError));
        }
        checkNoTokenAnywhere(path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains(QStringLiteral("${env:%1}").arg(EnvName).toUtf8()));
    }

    void typedTokenIsRefusedWithoutKeychain()
    {
        if (keychainAvailable())
            QSKIP("a keychain is available here (see security_secrets for the case without)");
        const QString path = m_dir.filePath(QStringLiteral("refused.json"));
        App app(&m_registry);
        app.window->setDashboard(Dashboard{}, path);
        SettingsDialog *dialog = app.window->openSettings();
        QVERIFY(addFeed(dialog, QStringLiteral("websocket"), QStringLiteral("ticks"),
                        QStringLiteral("ws://127.0.0.1:1/"), failingHeaders()));
        // The field says why and what to do instead, and the dialog cannot be accepted.
        const QString error = visibleText(dialog, QStringLiteral("optionError_headers"));
        QVERIFY2(error.contains(QLatin1String("no system keychain is available")) &&
                     error.contains(QLatin1String("${env:NAME}")) &&
                     error.contains(QLatin1String("D-Bus")),
                 qPrintable(error));
        QVERIFY(!okButton(dialog)->isEnabled());
        screenshot(dialog, QStringLiteral("secrets-no-keychain"));
        QVERIFY(visibleText(dialog, QStringLiteral("validationSummary"))
                    .contains(QLatin1String("no system keychain")));
        dialog->reject();
        QVERIFY(!QFile::exists(path));
        QMutexLocker lock(&g_logMutex);
        for (const QString &line : std::as_const(g_log))
            QVERIFY2(!line.contains(Token), qPrintable(line));
    }

    void typedTokenIsMovedToTheKeychain()
    {
        if (!keychainAvailable())
            QSKIP("no system keychain here (security_secrets_keychain runs one)");
        AuthServer server;
        QVERIFY(server.listen());
        const QString path = m_dir.filePath(QStringLiteral("keychain.json"));
        {
            App app(&m_registry);
            app.window->setDashboard(Dashboard{}, path);
            SettingsDialog *dialog = app.window->openSettings();
            QVERIFY(addFeed(dialog, QStringLiteral("websocket"), QStringLiteral("ticks"),
                            server.url(), failingHeaders()));
            QTRY_VERIFY_WITH_TIMEOUT(visibleText(dialog, QStringLiteral("optionHint_headers"))
                                         .contains(QLatin1String("moved to")),
                                     WaitMs);
            screenshot(dialog, QStringLiteral("secrets-keychain"));
            QVERIFY(addFeed(dialog, QStringLiteral("http"), QStringLiteral("denied"),
                            m_denying.url(QStringLiteral("/private")).toString(),
                            failingHeaders()));
            QVERIFY2(okButton(dialog)->isEnabled(),
                     qPrintable(visibleText(dialog, QStringLiteral("validationSummary"))));
            QSignalSpy saved(app.window.get(), &MainWindow::dashboardSaved);
            QTest::mouseClick(okButton(dialog), Qt::LeftButton);
            // Written once the keychain has stored the token.
            QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, WaitMs);
            QTRY_VERIFY_WITH_TIMEOUT(!server.authorizations.isEmpty(), WaitMs);
            QCOMPARE(server.authorizations.first(), (QStringLiteral("Bearer ") + Token).toUtf8());
            QTRY_VERIFY_WITH_TIMEOUT(app.engine.board()
                                         .status(QStringLiteral("denied"))
                                         .value_or(FeedStatus{})
                                         .lastError.contains(QLatin1String("401")),
                                     WaitMs);
        }
        checkNoTokenAnywhere(path);
        QString error;
        const auto saved = Dashboard::load(path, &error);
        QVERIFY2(saved, qPrintable(error));
        const QString headers =
            saved->feeds.first().options.value(QStringLiteral("headers")).toString();
        QVERIFY2(
            headers.startsWith(QLatin1String("Authorization: ${keychain:ticks/Authorization/")),
            qPrintable(headers));

        // A new process (fresh store, nothing in memory) reads it back from the keychain.
        server.authorizations.clear();
        {
            KeychainSecretStore secrets;
            IngestEngine engine(&m_registry, 1);
            engine.setSecretStore(&secrets);
            engine.apply(*saved);
            QTRY_VERIFY_WITH_TIMEOUT(!server.authorizations.isEmpty(), WaitMs);
            QCOMPARE(server.authorizations.first(), (QStringLiteral("Bearer ") + Token).toUtf8());
            QTRY_COMPARE_WITH_TIMEOUT(
                engine.board().status(QStringLiteral("ticks")).value_or(FeedStatus{}).state,
                FeedState::Live, WaitMs);
            engine.shutdown();
        }
        QMutexLocker lock(&g_logMutex);
        for (const QString &line : std::as_const(g_log))
            QVERIFY2(!line.contains(Token), qPrintable(line));
    }

    void missingKeychainEntryFailsThatFeedOnly()
    {
        // A reference whose entry is missing (or no keychain at all) stops that feed with a
        // message naming the entry; a neighbour runs on.
        AuthServer server;
        QVERIFY(server.listen());
        KeychainSecretStore secrets;
        IngestEngine engine(&m_registry, 1);
        engine.setSecretStore(&secrets);
        FeedConfig missing;
        missing.id = QStringLiteral("missing");
        missing.plugin = QStringLiteral("websocket");
        missing.options = {
            {QStringLiteral("url"), server.url()},
            {QStringLiteral("headers"),
             QStringLiteral("Authorization: ${keychain:missing/Authorization/000000}")}};
        FeedConfig neighbour;
        neighbour.id = QStringLiteral("neighbour");
        neighbour.plugin = QStringLiteral("websocket");
        neighbour.options = {{QStringLiteral("url"), server.url()}};
        Dashboard d;
        d.feeds = {missing, neighbour};
        engine.apply(d);
        QTRY_VERIFY_WITH_TIMEOUT(
            engine.board().status(QStringLiteral("missing")).value_or(FeedStatus{}).state ==
                FeedState::Error,
            WaitMs);
        const QString why =
            engine.board().status(QStringLiteral("missing")).value_or(FeedStatus{}).lastError;
        QVERIFY2(why.contains(QLatin1String("keychain entry missing/Authorization/000000")) &&
                     why.contains(keychainAvailable() ? QLatin1String("not found")
                                                      : QLatin1String("${env:NAME}")),
                 qPrintable(why));
        QTRY_COMPARE_WITH_TIMEOUT(
            engine.board().status(QStringLiteral("neighbour")).value_or(FeedStatus{}).state,
            FeedState::Live, WaitMs);
        QCOMPARE(server.authorizations.size(), 1); // only the neighbour connected
        engine.shutdown();
    }
};

QTEST_MAIN(TestSecrets)
#include "tst_secrets.moc"
