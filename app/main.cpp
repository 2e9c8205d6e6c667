#include "demohost.h"
#include "document/dashboard.h"
#include "headless.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "secrets/secretstore.h"
#include "widgets/wallscreenlook.h"
#include "window/mainwindow.h"
#include "window/translations.h"
#include <livedash/redact.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QMessageBox>
#include <QSettings>
#include <QTextStream>
#include <QThread>

#include <memory>

using namespace livedash;

namespace {

std::optional<Dashboard> demoDashboard(QString *error)
{
    QFile file(QStringLiteral(":/livedash/demo-dashboard.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the built-in demo dashboard is missing");
        return std::nullopt;
    }
    QStringList errors;
    auto d = Dashboard::fromJson(file.readAll(), &errors);
    if (!d)
        *error = QStringLiteral("built-in demo dashboard: ") + errors.join(QStringLiteral("; "));
    return d;
}

/// Whether a window could be shown: a file manager that opens a dashboard file has no terminal
/// to show an error in. Without a display (SSH, the offscreen platform of tests) errors go to
/// stderr only, as creating a QApplication there would abort.
bool hasDisplay()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (platform.startsWith("offscreen") || platform.startsWith("minimal"))
        return false;
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
#else
    return true;
#endif
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("Livedash"));
    QCoreApplication::setApplicationName(QStringLiteral("livedash"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LIVEDASH_VERSION));
    // Wayland compositors match the window to the installed .desktop file (name, icon) by this.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.livedash.livedash"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Live data dashboards: WebSocket, HTTP polling and Server-Sent Events "
                       "feeds in charts, tiles, scoreboards and event logs.\n"
                       "With no arguments, opens the last dashboard, or the built-in demo."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption dashboardOption({QStringLiteral("d"), QStringLiteral("dashboard")},
                                             QStringLiteral("Open the dashboard FILE."),
                                             QStringLiteral("FILE"));
    const QCommandLineOption demoOption(QStringLiteral("demo"),
                                        QStringLiteral("Open the built-in demo dashboard."));
    const QCommandLineOption headlessOption(
        QStringLiteral("headless"),
        QStringLiteral("Run the feeds without a window (requires --record)."));
    const QCommandLineOption recordOption(
        QStringLiteral("record"),
        QStringLiteral("Headless: append every sample and text event to FILE as JSON lines."),
        QStringLiteral("FILE"));
    const QCommandLineOption durationOption(
        QStringLiteral("duration"),
        QStringLiteral("Headless: stop after SECONDS (default: until SIGINT/SIGTERM)."),
        QStringLiteral("SECONDS"));
    const QCommandLineOption trustOption(
        QStringLiteral("trust"),
        QStringLiteral("Headless: run the dashboard FILE even though it is not trusted (not "
                       "written by Livedash, nor trusted in the window as it is now). This run "
                       "only: the trust is not remembered."));
    const QCommandLineOption threadsOption(
        QStringLiteral("ingest-threads"),
        QStringLiteral("Number of ingest threads (default: 1 per 2 cores, at least 1)."),
        QStringLiteral("N"));
    parser.addOptions({dashboardOption, demoOption, headlessOption, recordOption, durationOption,
                       threadsOption, trustOption});
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Open the dashboard FILE (as --dashboard FILE)."),
                                 QStringLiteral("[FILE]"));

    // Only a window needs a display: --help, --version, --headless and every command-line or
    // dashboard-file error must work over SSH too. parse() needs no application object; the
    // window's QApplication is created once nothing else is left to report.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        // Exit 2 like every other command-line error (QCommandLineParser::process() exits 1).
        err << "livedash: " << parser.errorText() << "\nTry 'livedash --help'." << Qt::endl;
        return 2;
    }
    if (parser.isSet(helpOption) || parser.isSet(versionOption) ||
        parser.isSet(QStringLiteral("help-all"))) {
        QCoreApplication app(argc, argv);
        parser.process(app); // prints the help or the version, and exits
        return 0;
    }
    auto fail = [&](const QString &message) {
        err << "livedash: " << message << Qt::endl;
        return 2;
    };
    const bool headless = parser.isSet(headlessOption);
    // `livedash FILE` (a file manager's "Open with") is `livedash --dashboard FILE`.
    const QStringList files = parser.positionalArguments();
    if (files.size() > 1)
        return fail(QStringLiteral("one dashboard at a time: got %1 files (\"%2\", \"%3\"%4)")
                        .arg(files.size())
                        .arg(files.at(0), files.at(1),
                             files.size() > 2 ? QStringLiteral(", ...") : QString()));
    if (!files.isEmpty() && parser.isSet(dashboardOption))
        return fail(QStringLiteral("give the dashboard FILE or --dashboard FILE, not both"));
    const bool dashboardGiven = !files.isEmpty() || parser.isSet(dashboardOption);
    const QString dashboardFile = files.isEmpty() ? parser.value(dashboardOption) : files.first();
    if (headless && !parser.isSet(recordOption))
        return fail(QStringLiteral("--headless needs --record FILE"));
    if (!headless && (parser.isSet(recordOption) || parser.isSet(durationOption)))
        return fail(QStringLiteral("--record and --duration only apply with --headless"));
    if (!headless && parser.isSet(trustOption))
        return fail(QStringLiteral("--trust only applies with --headless (in the window, choose "
                                   "\"Trust and start\")"));
    double duration = 0;
    if (parser.isSet(durationOption)) {
        bool ok = false;
        duration = parser.value(durationOption).toDouble(&ok);
        if (!ok || duration <= 0)
            return fail(QStringLiteral("--duration: \"%1\" is not a positive number of seconds")
                            .arg(parser.value(durationOption)));
    }
    int threads = std::max(1, QThread::idealThreadCount() / 2);
    if (parser.isSet(threadsOption)) {
        bool ok = false;
        threads = parser.value(threadsOption).toInt(&ok);
        if (!ok || threads < 1 || threads > 64)
            return fail(QStringLiteral("--ingest-threads: expected 1 to 64"));
    }
    std::optional<Dashboard> dashboard;
    QString path;
    QString error;
    if (dashboardGiven) {
        path = dashboardFile;
        dashboard = Dashboard::load(path, &error);
        if (!dashboard) {
            if (!headless && hasDisplay()) {
                QApplication gui(argc, argv);
                installTranslations();
                applyWallScreenLook(gui);
                QMessageBox::critical(
                    nullptr,
                    QCoreApplication::translate("livedash::MainWindow", "Cannot open dashboard"),
                    error);
            }
            return fail(QStringLiteral("cannot load dashboard %1").arg(error));
        }
    }

    std::unique_ptr<QCoreApplication> app(headless ? new QCoreApplication(argc, argv)
                                                   : new QApplication(argc, argv));
    installLogRedaction(); // no log line carries a token, whoever formats it

    PluginRegistry registry;
    if (registry.loadFrom(PluginRegistry::defaultSearchPaths()) == 0)
        err << "livedash: warning: no feed plugins found in "
            << PluginRegistry::defaultSearchPaths().join(QStringLiteral(", ")) << Qt::endl;

    // Which dashboard: FILE or --dashboard (loaded above), else (GUI) the last one, else the demo.
    if (!dashboard && !headless && !parser.isSet(demoOption)) {
        const QString last = QSettings().value(QStringLiteral("lastDashboard")).toString();
        if (!last.isEmpty() && QFile::exists(last)) {
            dashboard = Dashboard::load(last, &error);
            if (dashboard)
                path = last;
            else
                err << "livedash: the last dashboard could not be loaded, opening the demo: "
                    << error << Qt::endl;
        }
    }
    if (!dashboard) {
        dashboard = demoDashboard(&error);
        if (!dashboard)
            return fail(error);
    }

    DemoHost demo;
    if (headless)
        return runHeadless(registry, *dashboard, path, parser.isSet(trustOption), demo,
                           parser.value(recordOption), duration, threads);

    auto *guiApp = static_cast<QApplication *>(app.get());
    // The window speaks the system's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) when a
    // catalogue ships for it; the command line and the logs stay English.
    installTranslations();
    if (path.isEmpty()) // the built-in demo: its names are ours to translate
        translateDemoDashboard(*dashboard);
    applyWallScreenLook(*guiApp);
    IngestEngine engine(&registry, threads);
    KeychainSecretStore secrets; // ${keychain:...} references; typed secrets are saved here
    engine.setSecretStore(&secrets);
    int rc = 0;
    {
        MainWindow window(&registry, &engine);
        window.setDashboardPreparer([&demo, &engine, &window](const Dashboard &d) {
            QString why;
            if (DemoHost::needed(d) && !demo.ensureStarted(engine.variables(), &why))
                QMessageBox::warning(&window, QObject::tr("Demo sources"),
                                     QObject::tr("The demo sources could not start: %1").arg(why));
        });
        window.setDashboard(*dashboard, path);
        window.restoreWindowLayout();
        if (!error.isEmpty())
            QMessageBox::warning(&window, QObject::tr("Dashboard"), error);
        window.show();
        rc = QApplication::exec();
        engine.shutdown();
    }
    demo.stop();
    return rc;
}
