#include "ingest/ingestengine.h"
#include "ingest/feedrunner.h"
#include "logging.h"
#include "secrets/secretstore.h"

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
        QMetaObject::invokeMethod(
            r, [r, sink] { r->setSampleSink(sink); }, Qt::BlockingQueuedConnection);
}

void IngestEngine::setSecretStore(SecretStore *store)
{
    if (m_secrets)
        disconnect(m_secrets, nullptr, this, nullptr);
    m_secrets = store;
    if (store)
        connect(store, &SecretStore::readFinished, this, &IngestEngine::secretRead);
}

void IngestEngine::setKeychainOwner(const TrustStore &trust, const QString &dashboardPath)
{
    m_keychainGuard = trust;
    m_keychainOwner = dashboardPath;
}

QString IngestEngine::keychainRefusal(const QString &name, const QString &feedId) const
{
    return m_keychainGuard
               ? m_keychainGuard->keychainRefusal(name, m_feedOwners.value(feedId, m_keychainOwner))
               : QString();
}

Variables IngestEngine::variablesFor(const QList<FeedConfig> &feeds) const
{
    Variables vars = m_variables;
    QHash<QString, QString> refused; // by any feed naming it: refused to all
    for (const FeedConfig &f : feeds) {
        for (const QString &name : Variables::keychainNames(f.options)) {
            if (const QString refusal = keychainRefusal(name, f.id); !refusal.isEmpty())
                refused.insert(name, refusal);
        }
    }
    for (const FeedConfig &f : feeds) {
        for (const QString &name : Variables::keychainNames(f.options)) {
            // Checked before the store: a value in memory is not handed out either.
            if (const QString refusal = refused.value(name); !refusal.isEmpty())
                vars.setSecretRefused(name, refusal);
            else if (!m_secrets)
                continue;
            else if (const auto value = m_secrets->value(name))
                vars.setSecret(name, *value);
            else if (m_secrets->isReading(name))
                vars.setSecretPending(name);
            else
                vars.setSecretError(name, m_secrets->readError(name));
        }
    }
    return vars;
}

bool IngestEngine::requestSecrets(const QList<FeedConfig> &feeds, bool includeDisabled)
{
    bool reading = false;
    if (!m_secrets)
        return false;
    for (const FeedConfig &f : feeds) {
        if (!f.enabled && !includeDisabled)
            continue;
        for (const QString &name : Variables::keychainNames(f.options)) {
            if (!keychainRefusal(name, f.id).isEmpty())
                continue;          // never read
            m_secrets->read(name); // a no-op when known or being read
            reading |= m_secrets->isReading(name);
        }
    }
    return reading;
}

void IngestEngine::secretRead()
{
    // Several entries usually finish together: re-send once, from the event loop.
    if (m_redispatchQueued || m_shutdown)
        return;
    m_redispatchQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_redispatchQueued = false;
            if (m_shutdown)
                return;
            if (m_hasLatest)
                dispatch(m_latest);
            const QList<PendingProbe> probes = std::exchange(m_pendingProbes, {});
            for (const PendingProbe &p : probes) {
                if (requestSecrets({p.feed}, true))
                    m_pendingProbes.append(p);
                else
                    dispatchProbe(p.requestId, p.feed, p.timeoutMs);
            }
        },
        Qt::QueuedConnection);
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
        m_store.setHistoryLength(dashboard.historyLength); // resized off this (UI) thread
    QHash<QString, qsizetype> limits;
    for (const FeedConfig &f : dashboard.feeds)
        limits.insert(f.id, f.maxChannels);
    m_store.setChannelLimits(limits); // before the feeds (re)start with them
    m_latest = dashboard;
    m_hasLatest = true;
    if (m_secrets) {
        m_secrets->forgetErrors(); // an apply retries entries that failed (now unlocked?)
        requestSecrets(dashboard.feeds);
    }
    dispatch(dashboard);
}

void IngestEngine::dispatch(const Dashboard &dashboard)
{
    QHash<FeedRunner *, QList<FeedConfig>> perRunner;
    for (FeedRunner *r : std::as_const(m_runners))
        perRunner.insert(r, {});
    for (FeedConfig f : dashboard.feeds) {
        f.historySeconds = dashboard.chartWindowOf(f.id);
        perRunner[runnerFor(f.id)].append(f);
    }
    for (auto it = perRunner.begin(); it != perRunner.end(); ++it) {
        FeedRunner *r = it.key();
        QMetaObject::invokeMethod(
            r, [r, feeds = it.value(), vars = variablesFor(it.value())] { r->apply(feeds, vars); },
            Qt::QueuedConnection);
    }
}

void IngestEngine::probe(const QString &requestId, const FeedConfig &feed, int timeoutMs)
{
    if (m_shutdown) {
        Q_EMIT probeFinished(requestId, {}, tr("Livedash is shutting down"), {});
        return;
    }
    if (m_secrets)
        m_secrets->forgetErrors();
    if (requestSecrets({feed}, true)) {
        m_pendingProbes.append({requestId, feed, timeoutMs}); // sent once the keychain answers
        return;
    }
    dispatchProbe(requestId, feed, timeoutMs);
}

void IngestEngine::dispatchProbe(const QString &requestId, const FeedConfig &feed, int timeoutMs)
{
    FeedRunner *r = runnerFor(feed.id);
    QMetaObject::invokeMethod(
        r,
        [r, requestId, feed, vars = variablesFor({feed}), timeoutMs] {
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
