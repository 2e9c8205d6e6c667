#ifdef _WIN32 // <windows.h> first, without min/max macros: SetConsoleCtrlHandler
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#endif

#include "demohost.h"
#include "document/dashboard.h"
#include "document/dashboardaccess.h"
#include "document/truststore.h"
#include "headless.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "ingest/recorder.h"
#include "secrets/secretstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>
#ifndef Q_OS_WIN
#include <signal.h> // sigaction
#endif

namespace livedash {

namespace {
std::atomic<int> g_stopSignal{0};
static_assert(std::atomic<int>::is_always_lock_free, "set from a signal handler");
/// Set once the recorder is closed (its final flush done): a Windows close handler waits for it.
std::atomic<bool> g_flushed{false};

#ifdef Q_OS_WIN
/// Console events (on a thread the system starts). Ctrl+C and Ctrl+Break are handled and the
/// process goes on to stop by itself. On close, logoff and shutdown the process is killed as
/// soon as this returns (and after about 5 s anyway): wait for the final flush first.
BOOL WINAPI onConsoleEvent(DWORD event)
{
    switch (event) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
        g_stopSignal.store(event == CTRL_C_EVENT ? SIGINT : SIGBREAK);
        return TRUE;
    case CTRL_CLOSE_EVENT:
    case CTRL_LOGOFF_EVENT:
    case CTRL_SHUTDOWN_EVENT:
        g_stopSignal.store(SIGTERM);
        for (int i = 0; i < 90 && !g_flushed.load(); ++i) // up to 4.5 s of the ~5 s allowed
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return TRUE;
    default:
        return FALSE;
    }
}
#else
extern "C" void onStopSignal(int signal)
{
    g_stopSignal.store(signal);
}
#endif

/// SIGINT and SIGTERM (POSIX), console Ctrl+C, Ctrl+Break, close, logoff and shutdown
/// (Windows) set g_stopSignal, which the event loop polls.
void installStopHandlers()
{
#ifdef Q_OS_WIN
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
#else
    // sigaction rather than std::signal: SA_RESTART stated, not left to the C library.
    struct sigaction action
    {
    };
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
#endif
}

QString megabytes(qsizetype bytes)
{
    return QStringLiteral("%1 MB").arg(QString::number(double(bytes) / (1024 * 1024), 'g', 3));
}

/// Says on stderr when records stop being written, when they start being dropped and when
/// writing works again: once each per outage, however many records it affects.
class WriteReporter
{
public:
    WriteReporter(const Recorder &recorder, QTextStream &err) : m_recorder(recorder), m_err(err) {}

    void check()
    {
        const Recorder::Status s = m_recorder.status();
        const QString file = m_recorder.fileName();
        if (s.failing && !m_failing) {
            m_failing = true;
            m_droppedBefore = s.dropped;
            m_err << "livedash: " << file << ": cannot write: " << s.error << "; keeping up to "
                  << megabytes(m_recorder.memoryLimit())
                  << " of records in memory and retrying every second (newer records are dropped "
                     "past that)"
                  << Qt::endl;
        }
        if (m_failing && !m_dropping && s.dropped > m_droppedBefore) {
            m_dropping = true;
            m_err << "livedash: " << file << ": " << megabytes(m_recorder.memoryLimit())
                  << " of unwritten records held in memory: dropping new records until writing "
                     "works again"
                  << Qt::endl;
        }
        if (!s.failing && m_failing) {
            m_err << "livedash: " << file << ": writing again; the records held in memory are "
                  << "written";
            if (s.dropped > m_droppedBefore)
                m_err << ", " << (s.dropped - m_droppedBefore) << " were dropped";
            m_err << Qt::endl;
            m_failing = m_dropping = false;
        }
    }

private:
    const Recorder &m_recorder;
    QTextStream &m_err;
    bool m_failing = false;
    bool m_dropping = false;
    quint64 m_droppedBefore = 0;
};
} // namespace

int runHeadless(const PluginRegistry &registry, const Dashboard &dashboard,
                const QString &dashboardPath, bool trustOnce, DemoHost &demo,
                const QString &recordPath, double durationSeconds, int ingestThreads)
{
    QTextStream err(stderr);
    const TrustStore trust;
    if (!trustOnce && !trust.isTrusted(dashboardPath, dashboard)) {
        const QString what = dashboardAccess(dashboard, &registry).summary();
        err << "livedash: " << dashboardPath
            << " is not trusted (Livedash did not write it, and it was not trusted as it is now)"
            << Qt::endl
            << "livedash: its feeds would "
            << (what.isEmpty() ? QStringLiteral("run %1 feeds").arg(dashboard.feeds.size()) : what)
            << Qt::endl
            << "livedash: open it in the window and choose \"Trust and start\", or run it this "
               "once with --trust"
            << Qt::endl;
        return 2;
    }
    Recorder recorder;
    QString error;
    if (!recorder.open(recordPath, &error)) {
        err << "livedash: " << error << Qt::endl;
        return 2;
    }
    IngestEngine engine(&registry, ingestThreads);
    KeychainSecretStore secrets; // ${keychain:...} references (${env:...} where none exists)
    engine.setSecretStore(&secrets);
    engine.setKeychainOwner(trust, TrustStore::canonicalPath(dashboardPath));
    if (DemoHost::needed(dashboard) && !demo.ensureStarted(engine.variables(), &error)) {
        err << "livedash: cannot start the demo sources: " << error << Qt::endl;
        return 1;
    }
    engine.setSampleSink(&recorder);
    engine.apply(dashboard);

    installStopHandlers();
    QElapsedTimer clock;
    clock.start();
    // Polling a flag set by the signal handler is the portable way to leave the event loop.
    QTimer poll;
    poll.setInterval(50);
    quint64 flushedAt = 0;
    WriteReporter reporter(recorder, err);
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (g_stopSignal.load() != 0 ||
            (durationSeconds > 0 && clock.elapsed() >= qint64(durationSeconds * 1000))) {
            QCoreApplication::quit();
            return;
        }
        if (clock.elapsed() / 1000 != qint64(flushedAt)) { // flush about once a second
            flushedAt = quint64(clock.elapsed() / 1000);
            recorder.flush(); // also the retry after a failed write
        }
        reporter.check();
    });
    poll.start();
    err << "livedash: recording " << dashboard.feeds.size() << " feeds to " << recordPath
        << (durationSeconds > 0 ? QStringLiteral(" for %1 s").arg(durationSeconds)
                                : QStringLiteral(" until interrupted"))
        << Qt::endl;
    QCoreApplication::exec();
    // Stop the feeds first so no sample arrives after the final flush.
    engine.shutdown();
    recorder.close();
    g_flushed.store(true);
    reporter.check();
    demo.stop();
    int live = 0;
    int failed = 0; // never connected, with an error: refused, unknown plugin, bad option, ...
    const QList<FeedStatus> statuses = engine.board().snapshot();
    for (const FeedStatus &s : statuses) {
        live += s.messages > 0;
        failed += s.connects == 0 && !s.lastError.isEmpty();
        if (s.messages == 0 || !s.lastError.isEmpty())
            err << "livedash: feed " << s.id << ": " << s.messages << " messages"
                << (s.lastError.isEmpty() ? QString()
                                          : QStringLiteral(", last error: ") + s.lastError)
                << Qt::endl;
    }
    const Recorder::Status records = recorder.status();
    err << "livedash: recorded " << records.written << " samples from " << live << " of "
        << dashboard.feeds.size() << " feeds in "
        << QString::number(clock.elapsed() / 1000.0, 'f', 1) << " s" << Qt::endl;
    if (records.pending + records.dropped > 0) {
        err << "livedash: " << recordPath << ": " << (records.pending + records.dropped) << " of "
            << records.received << " records were not written (" << records.error
            << "): " << records.pending << " still held in memory when the run ended, "
            << records.dropped << " dropped past the " << megabytes(recorder.memoryLimit())
            << " limit" << Qt::endl;
        return 3;
    }
    if (!statuses.isEmpty() && failed == statuses.size()) {
        // A script must not take a run that recorded nothing for a success.
        err << "livedash: no feed could start or connect; nothing was recorded" << Qt::endl;
        return 4;
    }
    return 0;
}

} // namespace livedash
