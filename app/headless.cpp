#include "headless.h"
#include "dashboard.h"
#include "demohost.h"
#include "ingestengine.h"
#include "pluginregistry.h"
#include "recorder.h"
#include "secretstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <csignal>

namespace livedash {

namespace {
std::atomic<int> g_stopSignal{0};

extern "C" void onStopSignal(int signal)
{
    g_stopSignal.store(signal);
}
} // namespace

int runHeadless(const PluginRegistry &registry, const Dashboard &dashboard, DemoHost &demo,
                const QString &recordPath, double durationSeconds, int ingestThreads)
{
    QTextStream err(stderr);
    Recorder recorder;
    QString error;
    if (!recorder.open(recordPath, &error)) {
        err << "livedash: " << error << Qt::endl;
        return 2;
    }
    IngestEngine engine(&registry, ingestThreads);
    KeychainSecretStore secrets; // ${keychain:...} references (${env:...} where none exists)
    engine.setSecretStore(&secrets);
    if (DemoHost::needed(dashboard) && !demo.ensureStarted(engine.variables(), &error)) {
        err << "livedash: cannot start the demo sources: " << error << Qt::endl;
        return 1;
    }
    engine.setSampleSink(&recorder);
    engine.apply(dashboard);

    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    QElapsedTimer clock;
    clock.start();
    // Polling a flag set by the signal handler is the portable way to leave the event loop.
    QTimer poll;
    poll.setInterval(50);
    quint64 flushedAt = 0;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (g_stopSignal.load() != 0 ||
            (durationSeconds > 0 && clock.elapsed() >= qint64(durationSeconds * 1000))) {
            QCoreApplication::quit();
            return;
        }
        if (clock.elapsed() / 1000 != qint64(flushedAt)) { // flush about once a second
            flushedAt = quint64(clock.elapsed() / 1000);
            recorder.flush();
        }
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
    demo.stop();
    int live = 0;
    for (const FeedStatus &s : engine.board().snapshot()) {
        live += s.messages > 0;
        if (s.messages == 0 || !s.lastError.isEmpty())
            err << "livedash: feed " << s.id << ": " << s.messages << " messages"
                << (s.lastError.isEmpty() ? QString()
                                          : QStringLiteral(", last error: ") + s.lastError)
                << Qt::endl;
    }
    err << "livedash: recorded " << recorder.lines() << " samples from " << live << " of "
        << dashboard.feeds.size() << " feeds in "
        << QString::number(clock.elapsed() / 1000.0, 'f', 1) << " s" << Qt::endl;
    return 0;
}

} // namespace livedash
