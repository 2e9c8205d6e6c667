#include "ingestengine.h"
#include "feedrunner.h"
#include "logging.h"

#include <QElapsedTimer>

namespace livedash {

IngestEngine::IngestEngine(const PluginRegistry *registry, int threads, QObject *parent)
    : QObject(parent), m_registry(registry)
{
    threads = std::max(1, threads);
    for (int i = 0; i < threads; ++i) {
        auto *thread = new QThread(this);
        thread->setObjectName(QStringLiteral("livedash-ingest-%1").arg(i));
        auto *runner = new FeedRunner(&m_store, &m_board, m_registry);
        runner->moveToThread(thread);
        connect(thread, &QThread::finished, runner, &QObject::deleteLater);
        connect(runner, &FeedRunner::probeFinished, this, &IngestEngine::probeFinished,
                Qt::QueuedConnection);
        thread->start();
        m_threads.append(thread);
        m_runners.append(runner);
        m_active.append(runner->activeCounter());
    }
}

IngestEngine::~IngestEngine()
{
    shutdown();
}

void IngestEngine::setSampleSink(SampleSink *sink)
{
    if (m_shutdown)
        return;
    for (FeedRunner *r : std::as_const(m_runners))
        QMetaObject::invokeMethod(r, [r, sink] { r->setSampleSink(sink); },
                                  Qt::BlockingQueuedConnection);
}

FeedRunner *IngestEngine::runnerFor(const QString &feedId) const
{
    return m_runners.at(int(qHash(feedId) % uint(m_runners.size())));
}

void IngestEngine::apply(const Dashboard &dashboard)
{
    if (m_shutdown)
        return;
    if (dashboard.historyLength != m_store.historyLength())
        m_store.setHistoryLength(dashboard.historyLength);
    QHash<FeedRunner *, QList<FeedConfig>> perRunner;
    for (FeedRunner *r : std::as_const(m_runners))
        perRunner.insert(r, {});
    for (const FeedConfig &f : dashboard.feeds)
        perRunner[runnerFor(f.id)].append(f);
    for (auto it = perRunner.begin(); it != perRunner.end(); ++it) {
        FeedRunner *r = it.key();
        QMetaObject::invokeMethod(
            r, [r, feeds = it.value(), vars = m_variables] { r->apply(feeds, vars); },
            Qt::QueuedConnection);
    }
}

void IngestEngine::probe(const QString &requestId, const FeedConfig &feed, int timeoutMs)
{
    if (m_shutdown) {
        Q_EMIT probeFinished(requestId, {}, tr("Livedash is shutting down"));
        return;
    }
    FeedRunner *r = runnerFor(feed.id);
    QMetaObject::invokeMethod(
        r, [r, requestId, feed, vars = m_variables, timeoutMs] {
            r->probe(requestId, feed, vars, timeoutMs);
        },
        Qt::QueuedConnection);
}

int IngestEngine::activeFeeds() const
{
    int n = 0;
    for (const auto &active : m_active)
        n += active->load();
    return n;
}

void IngestEngine::shutdown(int timeoutMs)
{
    if (m_shutdown)
        return;
    m_shutdown = true;
    for (FeedRunner *r : std::as_const(m_runners))
        QMetaObject::invokeMethod(r, &FeedRunner::stopAll, Qt::BlockingQueuedConnection);
    // Feeds abort their sockets on cancel; give their coroutines a moment to return cleanly.
    QElapsedTimer timer;
    timer.start();
    while (activeFeeds() > 0 && timer.elapsed() < timeoutMs)
        QThread::msleep(5);
    if (activeFeeds() > 0)
        qCWarning(lcCore) << activeFeeds() << "feeds did not stop within" << timeoutMs << "ms";
    for (QThread *t : std::as_const(m_threads)) {
        t->quit();
        t->wait();
    }
    m_runners.clear(); // deleted with their threads' last events
}

} // namespace livedash
