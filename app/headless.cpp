#ifdef _WIN32 // <windows.h> first, without min/max macros: SetConsoleCtrlHandler
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#endif

#include "alarms/alarmengine.h"
#include "alarms/alarmwebhook.h"
#include "demohost.h"
#include "document/dashboard.h"
#include "document/dashboardaccess.h"
#include "document/truststore.h"
#include "headless.h"
#include "ingest/gateway.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "ingest/recorder.h"
#include "secrets/secretstore.h"
#include <livedash/redact.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <QTimer>
#include <QUrl>

#include <atomic>
#include <chrono>
#include <csignal>
#include <optional>
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
/// Longest the gateway spends sending its backlog at the end of a run.
constexpr int PublishFinishMs = 5000;

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
/// Says on stderr when publishing stops (the broker cannot be reached, refused us), when the
/// backlog starts dropping, and when publishing works again: once each per outage.
class PublishReporter
{
public:
    PublishReporter(const Gateway &gateway, QTextStream &err) : m_gateway(gateway), m_err(err) {}

    void check()
    {
        const Gateway::Status s = m_gateway.status();
        if (s.connected && !m_connected) {
            m_connected = true;
            m_err << "livedash: publishing to " << m_gateway.target()
                  << (m_down ? QStringLiteral(": connected again, sending the ") +
                                   QString::number(s.pending) + QStringLiteral(" held back")
                             : QStringLiteral(": connected"))
                  << Qt::endl;
            m_down = m_dropping = false;
        } else if (!s.connected && !s.error.isEmpty() && !m_down) {
            m_connected = false;
            m_down = true;
            m_droppedBefore = s.dropped;
            m_err << "livedash: publishing to " << m_gateway.target() << ": " << s.error
                  << "; holding up to " << megabytes(m_gateway.backlogLimit())
                  << " of messages and retrying" << Qt::endl;
        }
        if (m_down && !m_dropping && s.dropped > m_droppedBefore) {
            m_dropping = true;
            m_err << "livedash: publishing to " << m_gateway.target() << ": "
                  << megabytes(m_gateway.backlogLimit())
                  << " of messages held back: dropping new ones until the broker takes them"
                  << Qt::endl;
        }
    }

private:
    const Gateway &m_gateway;
    QTextStream &m_err;
    bool m_connected = false;
    bool m_down = false;
    bool m_dropping = false;
    quint64 m_droppedBefore = 0;
};

/// The gateway for `--publish URL`, or null with the reason printed.
std::unique_ptr<Gateway> makeGateway(const PluginRegistry &registry, const QString &text,
                                     QTextStream &err)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty()) {
        err << "livedash: --publish: \"" << redactUrl(text)
            << "\" is not a broker URL such as mqtt://broker:1883/prefix or "
               "nats://server:4222/prefix"
            << Qt::endl;
        return nullptr;
    }
    const PublisherPlugin *plugin = registry.publisher(url.scheme());
    if (!plugin) {
        const QStringList schemes = registry.publishSchemes();
        err << "livedash: --publish: no installed plugin publishes to " << url.scheme()
            << ":// URLs"
            << (schemes.isEmpty() ? QStringLiteral(" (none publishes at all)")
                                  : QStringLiteral(" (these schemes can be published to: %1)")
                                        .arg(schemes.join(QStringLiteral(", "))))
            << Qt::endl;
        return nullptr;
    }
    // Never in a log line: the password, or a user name alone (NATS reads it as a token).
    if (!url.password().isEmpty())
        registerSecret(url.password(QUrl::FullyDecoded));
    else if (!url.userName().isEmpty())
        registerSecret(url.userName(QUrl::FullyDecoded));
    QList<Problem> problems;
    std::unique_ptr<Publisher> publisher = plugin->createPublisher(url, &problems);
    if (!publisher) {
        for (const Problem &p : std::as_const(problems))
            err << "livedash: --publish: " << redactText(p.toString()) << Qt::endl;
        if (problems.isEmpty())
            err << "livedash: --publish: the plugin cannot publish to " << redactUrl(url)
                << Qt::endl;
        return nullptr;
    }
    return std::make_unique<Gateway>(std::move(publisher), redactUrl(url));
}
} // namespace

int runHeadless(const PluginRegistry &registry, const Dashboard &dashboard,
                const QString &dashboardPath, DemoHost &demo, const HeadlessRun &run)
{
    QTextStream err(stderr);
    const TrustStore trust;
    if (!run.trustOnce && !trust.isTrusted(dashboardPath, dashboard)) {
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
    std::unique_ptr<Recorder> recorder;
    QString error;
    if (!run.recordPath.isEmpty()) {
        recorder = std::make_unique<Recorder>();
        if (!recorder->open(run.recordPath, &error)) {
            err << "livedash: " << error << Qt::endl;
            return 2;
        }
    }
    std::unique_ptr<Gateway> gateway;
    if (!run.publishUrl.isEmpty()) {
        gateway = makeGateway(registry, run.publishUrl, err);
        if (!gateway)
            return 2;
    }
    IngestEngine engine(&registry, run.ingestThreads);
    KeychainSecretStore secrets; // ${keychain:...} references (${env:...} where none exists)
    engine.setSecretStore(&secrets);
    engine.setKeychainOwner(trust, TrustStore::canonicalPath(dashboardPath));
    if (DemoHost::needed(dashboard) && !demo.ensureStarted(engine.variables(), &error)) {
        err << "livedash: cannot start the demo sources: " << error << Qt::endl;
        return 1;
    }
    SampleSinks sinks;
    if (recorder)
        sinks.add(recorder.get());
    if (gateway) {
        sinks.add(gateway.get());
        gateway->start(); // connects while the feeds do; the backlog holds what comes first
    }
    engine.setSampleSink(&sinks);

    // Alert rules run headless too: each event is said on stderr, written to the recording and
    // posted to the webhook.
    std::unique_ptr<AlarmWebhook> webhook;
    if (!dashboard.alertWebhook.url.isEmpty()) {
        QStringList problems;
        const AlarmWebhook::Headers headers = AlarmWebhook::resolveHeaders(
            dashboard.alertWebhook.headers, engine.variables(), &problems);
        if (!problems.isEmpty()) {
            err << "livedash: alertWebhook.headers." << problems.first() << Qt::endl;
            return 2;
        }
        webhook = std::make_unique<AlarmWebhook>();
        webhook->setTarget(QUrl(dashboard.alertWebhook.url), headers);
    }
    AlarmEngine alarms(&engine.store(), &engine.board());
    alarms.setRules(dashboard.alerts);
    const QString name = dashboard.name.isEmpty() ? dashboardPath : dashboard.name;
    QObject::connect(&alarms, &AlarmEngine::alarmEvent, [&](const AlarmEvent &e) {
        err << "livedash: alarm " << AlarmEvent::kindName(e.kind) << ": " << e.rule << " ("
            << alertSeverityName(e.severity) << ") on " << e.channel << ": " << e.condition
            << Qt::endl;
        if (recorder)
            recorder->event(e.toJson());
        if (webhook)
            webhook->post(e, name);
    });
    if (!dashboard.alerts.isEmpty())
        alarms.start();
    engine.apply(dashboard);

    installStopHandlers();
    QElapsedTimer clock;
    clock.start();
    // Polling a flag set by the signal handler is the portable way to leave the event loop.
    QTimer poll;
    poll.setInterval(50);
    quint64 flushedAt = 0;
    std::optional<WriteReporter> writes;
    if (recorder)
        writes.emplace(*recorder, err);
    std::optional<PublishReporter> publishing;
    if (gateway)
        publishing.emplace(*gateway, err);
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (g_stopSignal.load() != 0 ||
            (run.durationSeconds > 0 && clock.elapsed() >= qint64(run.durationSeconds * 1000))) {
            QCoreApplication::quit();
            return;
        }
        if (clock.elapsed() / 1000 != qint64(flushedAt)) { // flush about once a second
            flushedAt = quint64(clock.elapsed() / 1000);
            if (recorder)
                recorder->flush(); // also the retry after a failed write
        }
        if (writes)
            writes->check();
        if (publishing)
            publishing->check();
    });
    poll.start();
    const QString until = run.durationSeconds > 0
                              ? QStringLiteral(" for %1 s").arg(run.durationSeconds)
                              : QStringLiteral(" until interrupted");
    if (recorder)
        err << "livedash: recording " << dashboard.feeds.size() << " feeds to " << run.recordPath
            << until << Qt::endl;
    if (gateway)
        err << "livedash: publishing " << dashboard.feeds.size() << " feeds to "
            << gateway->target() << until << Qt::endl;
    QCoreApplication::exec();
    alarms.stop(); // no event after the recording's last flush
    // Stop the feeds first so no sample arrives after the final flush.
    engine.shutdown();
    if (recorder)
        recorder->close();
    g_flushed.store(true);
    if (gateway)
        gateway->finish(PublishFinishMs); // sends the backlog while the broker takes it
    if (writes)
        writes->check();
    if (webhook) {
        // What is still queued gets a few seconds to go through.
        QElapsedTimer wait;
        wait.start();
        while (webhook->stats().queued > 0 && wait.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        const AlarmWebhook::Stats w = webhook->stats();
        err << "livedash: webhook " << webhook->url().toDisplayString(QUrl::RemoveUserInfo) << ": "
            << w.sent << " alarm events posted, " << w.failures << " failed attempts, " << w.dropped
            << " dropped, " << w.queued << " not delivered"
            << (w.lastError.isEmpty() ? QString()
                                      : QStringLiteral(" (last error: %1)").arg(w.lastError))
            << Qt::endl;
    }
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
    const QString seconds = QString::number(clock.elapsed() / 1000.0, 'f', 1);
    bool lost = false;
    if (recorder) {
        const Recorder::Status records = recorder->status();
        err << "livedash: recorded " << records.written << " samples from " << live << " of "
            << dashboard.feeds.size() << " feeds in " << seconds << " s" << Qt::endl;
        if (records.pending + records.dropped > 0) {
            err << "livedash: " << run.recordPath << ": " << (records.pending + records.dropped)
                << " of " << records.received << " records were not written (" << records.error
                << "): " << records.pending << " still held in memory when the run ended, "
                << records.dropped << " dropped past the " << megabytes(recorder->memoryLimit())
                << " limit" << Qt::endl;
            lost = true;
        }
    }
    if (gateway) {
        const Gateway::Status p = gateway->status();
        err << "livedash: published " << p.published << " samples from " << live << " of "
            << dashboard.feeds.size() << " feeds to " << gateway->target() << " in " << seconds
            << " s" << Qt::endl;
        const quint64 notPublished = p.pending + p.dropped + p.unconfirmed + p.lost;
        if (notPublished > 0) {
            err << "livedash: " << gateway->target() << ": " << notPublished << " of " << p.received
                << " samples were not published"
                << (p.error.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(p.error)) << ": "
                << p.dropped << " dropped past the " << megabytes(gateway->backlogLimit())
                << " backlog, " << p.pending << " still held back when the run ended, "
                << p.unconfirmed << " not confirmed by the broker, " << p.lost
                << " lost with a broken connection or refused by the broker" << Qt::endl;
            lost = true;
        }
    }
    if (lost)
        return 3;
    if (!statuses.isEmpty() && failed == statuses.size()) {
        // A script must not take a run that recorded nothing for a success.
        err << "livedash: no feed could start or connect; nothing was recorded" << Qt::endl;
        return 4;
    }
    return 0;
}

} // namespace livedash
