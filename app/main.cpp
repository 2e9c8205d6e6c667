#include "demohost.h"
#include "document/dashboard.h"
#include "document/playlist.h"
#include "headless.h"
#include "history/historian.h"
#include "historycommands.h"
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
#include <QStandardPaths>
#include <QStatusBar>
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

/// What the command line asks for, once checked.
struct Options
{
    bool headless = false;
    bool demo = false;      ///< --demo: the built-in demo rather than the last dashboard
    bool trust = false;     ///< --trust (headless)
    bool exporting = false; ///< --export
    bool importing = false; ///< --import RECORDING
    bool dashboardGiven = false;
    QString dashboardFile; ///< FILE or --dashboard FILE
    QStringList moreFiles; ///< FILE... after the first: more tabs (the window only)
    bool kiosk = false;    ///< --kiosk
    int rotateSeconds = 0; ///< --rotate SECONDS
    QString playlistFile;  ///< --playlist FILE
    HeadlessRun run;       ///< --record, --publish, --duration, --ingest-threads
};

/// Exit status 2 with `message` on stderr, like every other command-line error.
int fail(const QString &message)
{
    QTextStream(stderr) << "livedash: " << message << Qt::endl;
    return 2;
}

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        QStringLiteral("Live data dashboards: WebSocket, HTTP polling, Server-Sent Events, MQTT, "
                       "NATS, Prometheus, SQL, this computer, serial ports, UDP and TCP lines and "
                       "local programs in charts, tiles, scoreboards and event logs.\n"
                       "With no arguments, opens the last dashboard, or the built-in demo."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {{QStringLiteral("d"), QStringLiteral("dashboard")},
         QStringLiteral("Open the dashboard FILE."),
         QStringLiteral("FILE")},
        {QStringLiteral("demo"), QStringLiteral("Open the built-in demo dashboard.")},
        {QStringLiteral("kiosk"),
         QStringLiteral("Run full screen for a wall: no menus, docks or dialogs. Esc asks to "
                        "leave. Shows the dashboard FILEs (or the last one) as tabs, rotating "
                        "with --rotate or --playlist; a firing alarm holds the rotation on its "
                        "dashboard until acknowledged.")},
        {QStringLiteral("rotate"),
         QStringLiteral("Kiosk: show each dashboard for SECONDS (2 to 86400) in turn."),
         QStringLiteral("SECONDS")},
        {QStringLiteral("playlist"),
         QStringLiteral("Kiosk: the dashboards and their times from FILE: {\"rotateSeconds\": "
                        "30, \"dashboards\": [\"a.livedash.json\", {\"path\": "
                        "\"b.livedash.json\", \"seconds\": 60}]}."),
         QStringLiteral("FILE")},
        {QStringLiteral("headless"),
         QStringLiteral("Run the feeds without a window (requires --record or --publish).")},
        {QStringLiteral("record"),
         QStringLiteral("Headless: append every sample and text event to FILE as JSON lines."),
         QStringLiteral("FILE")},
        {QStringLiteral("publish"),
         QStringLiteral("Headless: publish every sample and text event to a broker, as JSON, "
                        "under <prefix>/<feed>/<channel>: URL is mqtt[s]://[user:password@]host"
                        "[:port]/prefix[?qos=0|1|2&retain=true|false] or nats://host[:port]/"
                        "prefix (a gateway that wall screens subscribe to)."),
         QStringLiteral("URL")},
        {QStringLiteral("duration"),
         QStringLiteral("Headless: stop after SECONDS (default: until SIGINT/SIGTERM)."),
         QStringLiteral("SECONDS")},
        {QStringLiteral("ingest-threads"),
         QStringLiteral("Number of ingest threads (default: 1 per 2 cores, at least 1)."),
         QStringLiteral("N")},
        {QStringLiteral("trust"),
         QStringLiteral("Headless: run the dashboard FILE even though it is not trusted (not "
                        "written by Livedash, nor trusted in the window as it is now). This run "
                        "only: the trust is not remembered.")},
        {QStringLiteral("export"),
         QStringLiteral("Write the dashboard's stored history (the demo's without a FILE) as CSV "
                        "to standard output or --output, without a window, and exit. Chooses "
                        "with --from, --to and --channels; shapes with --layout and --time.")},
        {QStringLiteral("import"),
         QStringLiteral("Import RECORDING (JSON lines written by --headless --record) into the "
                        "dashboard's stored history (the demo's without a FILE) and exit. "
                        "Samples already stored are skipped: importing twice adds nothing."),
         QStringLiteral("RECORDING")},
        {QStringLiteral("from"),
         QStringLiteral("Export from time T: ISO 8601 (2026-12-01T10:00 is local time, "
                        "2026-12-01T10:00:00Z is UTC), milliseconds since the epoch, now, or a "
                        "time before now: -30m, -2h, -7d (default: the oldest stored)."),
         QStringLiteral("T")},
        {QStringLiteral("to"), QStringLiteral("Export up to time T, as --from (default: now)."),
         QStringLiteral("T")},
        {QStringLiteral("channels"),
         QStringLiteral("Export the channels that PATTERN[,PATTERN...] name (feed/channel; * is "
                        "one part, feed/** all of a feed; default: all)."),
         QStringLiteral("PATTERNS")},
        {QStringLiteral("format"),
         QStringLiteral("Export format: csv, the only one here (PNG and SVG images of the "
                        "dashboard or a panel are made in the window: File > Export image)."),
         QStringLiteral("FORMAT")},
        {QStringLiteral("layout"),
         QStringLiteral("Export layout: long (time,channel,value,text: a row per sample or text; "
                        "the default) or wide (time and a column per channel: a row per time)."),
         QStringLiteral("LAYOUT")},
        {QStringLiteral("time"),
         QStringLiteral("Export times as iso (2026-12-02T14:03:07.250Z, UTC; the default) or "
                        "epoch (milliseconds since the epoch)."),
         QStringLiteral("FORMAT")},
        {QStringLiteral("output"),
         QStringLiteral("Export to FILE rather than standard output (replaced once all is "
                        "written)."),
         QStringLiteral("FILE")},
    });
    parser.addPositionalArgument(
        QStringLiteral("FILE"),
        QStringLiteral("Open the dashboard FILE (as --dashboard FILE); several open as tabs."),
        QStringLiteral("[FILE...]"));
}

/// Checks the combination of options; a message for the first problem.
QString optionsProblem(const QCommandLineParser &parser)
{
    const bool headless = parser.isSet(QStringLiteral("headless"));
    // `livedash FILE` (a file manager's "Open with") is `livedash --dashboard FILE`.
    const QStringList files = parser.positionalArguments();
    const bool exporting = parser.isSet(QStringLiteral("export"));
    const bool importing = parser.isSet(QStringLiteral("import"));
    if (files.size() > 1 && (headless || exporting || importing))
        return QStringLiteral("one dashboard at a time here: got %1 files (\"%2\", \"%3\"%4); "
                              "several open as tabs in the window")
            .arg(files.size())
            .arg(files.at(0), files.at(1), files.size() > 2 ? QStringLiteral(", ...") : QString());
    if (!files.isEmpty() && parser.isSet(QStringLiteral("dashboard")))
        return QStringLiteral("give the dashboard FILE or --dashboard FILE, not both");
    const bool kiosk = parser.isSet(QStringLiteral("kiosk"));
    if (kiosk && (headless || exporting || importing))
        return QStringLiteral("--kiosk is a window: not with --headless, --export or --import");
    for (const char *option : {"rotate", "playlist"}) {
        if (parser.isSet(QString::fromLatin1(option)) && !kiosk)
            return QStringLiteral("--%1 only applies with --kiosk").arg(QLatin1String(option));
    }
    if (parser.isSet(QStringLiteral("rotate")) && parser.isSet(QStringLiteral("playlist")))
        return QStringLiteral("give --rotate SECONDS or --playlist FILE, not both (a playlist "
                              "has its own rotateSeconds)");
    if (parser.isSet(QStringLiteral("playlist")) &&
        (!files.isEmpty() || parser.isSet(QStringLiteral("dashboard")) ||
         parser.isSet(QStringLiteral("demo"))))
        return QStringLiteral("--playlist names the dashboards: give no FILE or --demo with it");
    if (exporting && importing)
        return QStringLiteral("--export and --import are separate runs: give one of them");
    const QString history = exporting ? QStringLiteral("--export") : QStringLiteral("--import");
    if ((exporting || importing) && headless)
        return QStringLiteral("%1 needs no --headless: it runs without a window").arg(history);
    if ((exporting || importing) && parser.isSet(QStringLiteral("demo")) &&
        (!files.isEmpty() || parser.isSet(QStringLiteral("dashboard"))))
        return QStringLiteral("%1: give --demo or a dashboard FILE, not both").arg(history);
    if (!exporting) {
        for (const char *option :
             {"from", "to", "channels", "format", "layout", "time", "output"}) {
            if (parser.isSet(QString::fromLatin1(option)))
                return QStringLiteral("--%1 only applies with --export").arg(QLatin1String(option));
        }
    }
    if (headless && !parser.isSet(QStringLiteral("record")) &&
        !parser.isSet(QStringLiteral("publish")))
        return QStringLiteral("--headless needs --record FILE, --publish URL or both");
    if (!headless &&
        (parser.isSet(QStringLiteral("record")) || parser.isSet(QStringLiteral("publish")) ||
         parser.isSet(QStringLiteral("duration"))))
        return QStringLiteral("--record, --publish and --duration only apply with --headless");
    if (!headless && parser.isSet(QStringLiteral("trust")))
        return QStringLiteral("--trust only applies with --headless (in the window, choose "
                              "\"Trust and start\")");
    return {};
}

/// The checked options, or nullopt with the problem printed.
std::optional<Options> readOptions(const QCommandLineParser &parser)
{
    if (const QString problem = optionsProblem(parser); !problem.isEmpty()) {
        fail(problem);
        return std::nullopt;
    }
    Options o;
    o.headless = parser.isSet(QStringLiteral("headless"));
    o.demo = parser.isSet(QStringLiteral("demo"));
    o.trust = parser.isSet(QStringLiteral("trust"));
    o.exporting = parser.isSet(QStringLiteral("export"));
    o.importing = parser.isSet(QStringLiteral("import"));
    const QStringList files = parser.positionalArguments();
    o.dashboardGiven = !files.isEmpty() || parser.isSet(QStringLiteral("dashboard"));
    o.dashboardFile = files.isEmpty() ? parser.value(QStringLiteral("dashboard")) : files.first();
    o.moreFiles = files.mid(1);
    o.kiosk = parser.isSet(QStringLiteral("kiosk"));
    o.playlistFile = parser.value(QStringLiteral("playlist"));
    if (parser.isSet(QStringLiteral("rotate"))) {
        bool ok = false;
        o.rotateSeconds = parser.value(QStringLiteral("rotate")).toInt(&ok);
        if (!ok || o.rotateSeconds < Playlist::MinSeconds ||
            o.rotateSeconds > Playlist::MaxSeconds) {
            fail(QStringLiteral("--rotate: \"%1\" is not a whole number of seconds from %2 to %3")
                     .arg(parser.value(QStringLiteral("rotate")))
                     .arg(Playlist::MinSeconds)
                     .arg(Playlist::MaxSeconds));
            return std::nullopt;
        }
    }
    o.run.trustOnce = o.trust;
    o.run.recordPath = parser.value(QStringLiteral("record"));
    o.run.publishUrl = parser.value(QStringLiteral("publish"));
    if (parser.isSet(QStringLiteral("duration"))) {
        bool ok = false;
        o.run.durationSeconds = parser.value(QStringLiteral("duration")).toDouble(&ok);
        if (!ok || o.run.durationSeconds <= 0) {
            fail(QStringLiteral("--duration: \"%1\" is not a positive number of seconds")
                     .arg(parser.value(QStringLiteral("duration"))));
            return std::nullopt;
        }
    }
    o.run.ingestThreads = std::max(1, QThread::idealThreadCount() / 2);
    if (parser.isSet(QStringLiteral("ingest-threads"))) {
        bool ok = false;
        o.run.ingestThreads = parser.value(QStringLiteral("ingest-threads")).toInt(&ok);
        if (!ok || o.run.ingestThreads < 1 || o.run.ingestThreads > 64) {
            fail(QStringLiteral("--ingest-threads: expected 1 to 64"));
            return std::nullopt;
        }
    }
    return o;
}

/// Loads the dashboard FILE of the command line; when it cannot be and a window could show
/// why, shows it in a message box (before any other application object exists).
std::optional<Dashboard> loadGivenDashboard(const Options &options, int &argc, char *argv[],
                                            QString *error)
{
    std::optional<Dashboard> dashboard = Dashboard::load(options.dashboardFile, error);
    if (!dashboard && !options.headless && hasDisplay()) {
        QApplication gui(argc, argv);
        installTranslations();
        applyWallScreenLook(gui);
        QMessageBox::critical(
            nullptr, QCoreApplication::translate("livedash::MainWindow", "Cannot open dashboard"),
            *error);
    }
    return dashboard;
}

/// With no FILE: (in the window) the last dashboard, else the built-in demo (`path` empty).
/// `error` says why the last one was not opened, or why there is no dashboard at all.
std::optional<Dashboard> defaultDashboard(const Options &options, QString *path, QString *error)
{
    if (!options.headless && !options.demo) {
        const QString last = QSettings().value(QStringLiteral("lastDashboard")).toString();
        if (!last.isEmpty() && QFile::exists(last)) {
            if (std::optional<Dashboard> dashboard = Dashboard::load(last, error)) {
                *path = last;
                return dashboard;
            }
            QTextStream(stderr) << "livedash: the last dashboard could not be loaded, opening "
                                   "the demo: "
                                << *error << Qt::endl;
        }
    }
    return demoDashboard(error);
}

/// A dashboard the window opens in a tab of its own, and its time on a kiosk's rotation.
struct TabFile
{
    Dashboard dashboard;
    QString path;
    int seconds = 0; ///< 0: the rotation's default
};

/// The dashboards open when Livedash was last closed, other than `current`; those that cannot be
/// loaded now are left out (said on stderr).
QList<TabFile> previouslyOpen(const QString &current)
{
    QList<TabFile> tabs;
    const QStringList paths = QSettings().value(QStringLiteral("openDashboards")).toStringList();
    for (const QString &p : paths) {
        if (p == current || !QFile::exists(p))
            continue;
        QString why;
        if (std::optional<Dashboard> d = Dashboard::load(p, &why))
            tabs.append({*d, p, 0});
        else
            QTextStream(stderr) << "livedash: not reopening " << why << Qt::endl;
    }
    return tabs;
}

/// Shows `dashboard` in the main window until it is closed, with `more` in tabs beside it.
/// `error` (when not empty) is shown as a warning: the last dashboard could not be opened (in
/// kiosk mode, in the status bar: no dialogs on a wall).
int runWindow(QApplication &app, PluginRegistry &registry, Dashboard dashboard, const QString &path,
              const QList<TabFile> &more, const std::optional<MainWindow::Kiosk> &kiosk,
              const QString &error, DemoHost &demo, int threads)
{
    // The window speaks the system's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) when a
    // catalogue ships for it; the command line and the logs stay English.
    installTranslations();
    if (path.isEmpty()) // the built-in demo: its names are ours to translate
        translateDemoDashboard(dashboard);
    applyWallScreenLook(app);
    IngestEngine engine(&registry, threads);
    KeychainSecretStore secrets; // ${keychain:...} references; typed secrets are saved here
    engine.setSecretStore(&secrets);
    int rc = 0;
    {
        // Declared before the window, so it closes (sealing what it holds) after the window.
        history::Historian historian(&engine.store());
        MainWindow window(&registry, &engine);
        window.setHistorian(&historian,
                            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
        const bool wall = kiosk.has_value();
        window.setDashboardPreparer([&demo, &engine, &window, wall](const Dashboard &d) {
            QString why;
            if (!DemoHost::needed(d) || demo.ensureStarted(engine.variables(), &why))
                return;
            const QString message = QObject::tr("The demo sources could not start: %1").arg(why);
            if (wall) // no dialog on a wall
                window.statusBar()->showMessage(message);
            else
                QMessageBox::warning(&window, QObject::tr("Demo sources"), message);
        });
        window.setDashboard(dashboard, path);
        for (const TabFile &tab : more)
            window.openDashboard(tab.dashboard, tab.path);
        window.showDashboard(0);
        window.restoreWindowLayout();
        if (kiosk) {
            window.setKiosk(*kiosk);
            if (!error.isEmpty())
                window.statusBar()->showMessage(error);
        } else {
            window.show();
            if (!error.isEmpty())
                QMessageBox::warning(&window, QObject::tr("Dashboard"), error);
        }
        rc = QApplication::exec();
        engine.shutdown();
        historian.close();
    }
    demo.stop();
    return rc;
}

/// Parses the command line. Returns the exit status when nothing is left to do (a mistake,
/// --help, --version), nullopt otherwise.
std::optional<int> parseCommandLine(QCommandLineParser &parser, int &argc, char *argv[])
{
    addOptions(parser);
    // Only a window needs a display: --help, --version, --headless and every command-line or
    // dashboard-file error must work over SSH too. parse() needs no application object; the
    // window's QApplication is created once nothing else is left to report.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    if (!parser.parse(arguments)) // exit 2 like every other command-line error (process(): 1)
        return fail(parser.errorText() + QStringLiteral("\nTry 'livedash --help'."));
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("version")) ||
        parser.isSet(QStringLiteral("help-all"))) {
        QCoreApplication app(argc, argv);
        parser.process(app); // prints the help or the version, and exits
        return 0;
    }
    return std::nullopt;
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
    if (const std::optional<int> done = parseCommandLine(parser, argc, argv))
        return *done;
    const std::optional<Options> options = readOptions(parser);
    if (!options)
        return 2;
    if (options->exporting || options->importing) {
        // No window, no display, no feeds: the history file alone.
        QCoreApplication app(argc, argv);
        const QString file = options->dashboardGiven ? options->dashboardFile : QString();
        if (options->exporting)
            return runExport(parser, file);
        QString why;
        const std::optional<Dashboard> d =
            file.isEmpty() ? demoDashboard(&why) : Dashboard::load(file, &why);
        if (!d)
            return fail(QStringLiteral("cannot load dashboard %1").arg(why));
        return runImport(parser, file, d->history);
    }
    std::optional<Dashboard> dashboard;
    QString path;
    QString error;
    QList<TabFile> more; ///< further tabs (the window)
    std::optional<MainWindow::Kiosk> kiosk;
    if (options->kiosk)
        kiosk = MainWindow::Kiosk{options->rotateSeconds, {}};
    if (!options->playlistFile.isEmpty()) {
        // A wall keeps going without the dashboards that cannot be loaded (said on stderr and
        // in the status bar), as long as one can.
        const std::optional<Playlist> playlist = Playlist::load(options->playlistFile, &error);
        if (!playlist)
            return fail(QStringLiteral("cannot load playlist %1").arg(error));
        kiosk->defaultSeconds = playlist->rotateSeconds;
        QStringList skipped;
        for (const Playlist::Entry &entry : playlist->entries) {
            QString why;
            std::optional<Dashboard> d = Dashboard::load(entry.path, &why);
            if (!d) {
                QTextStream(stderr) << "livedash: playlist: skipping " << why << Qt::endl;
                skipped.append(entry.path);
            } else if (!dashboard) {
                dashboard = d;
                path = entry.path;
                kiosk->seconds.append(entry.seconds);
            } else {
                more.append({*d, entry.path, entry.seconds});
                kiosk->seconds.append(entry.seconds);
            }
        }
        if (!dashboard)
            return fail(QStringLiteral("no dashboard of playlist %1 could be loaded")
                            .arg(options->playlistFile));
        error.clear();
        if (!skipped.isEmpty())
            error = QStringLiteral("Playlist: could not load %1")
                        .arg(skipped.join(QStringLiteral(", ")));
    } else if (options->dashboardGiven) {
        path = options->dashboardFile;
        dashboard = loadGivenDashboard(*options, argc, argv, &error);
        if (!dashboard)
            return fail(QStringLiteral("cannot load dashboard %1").arg(error));
        for (const QString &file : options->moreFiles) {
            std::optional<Dashboard> d = Dashboard::load(file, &error);
            if (!d)
                return fail(QStringLiteral("cannot load dashboard %1").arg(error));
            more.append({*d, file, 0});
        }
    }

    std::unique_ptr<QCoreApplication> app(options->headless ? new QCoreApplication(argc, argv)
                                                            : new QApplication(argc, argv));
    installLogRedaction(); // no log line carries a token, whoever formats it

    PluginRegistry registry;
    if (registry.loadFrom(PluginRegistry::defaultSearchPaths()) == 0)
        QTextStream(stderr) << "livedash: warning: no feed plugins found in "
                            << PluginRegistry::defaultSearchPaths().join(QStringLiteral(", "))
                            << Qt::endl;
    if (!dashboard) {
        dashboard = defaultDashboard(*options, &path, &error);
        if (!dashboard)
            return fail(error);
        // The window reopens the dashboards that were open beside it.
        if (!options->headless && !options->demo && !path.isEmpty())
            more = previouslyOpen(path);
    }

    DemoHost demo;
    if (options->headless)
        return runHeadless(registry, *dashboard, path, demo, options->run);
    return runWindow(*static_cast<QApplication *>(app.get()), registry, *dashboard, path, more,
                     kiosk, error, demo, options->run.ingestThreads);
}
