#pragma once

#include "document/dashboard.h"
#include "document/truststore.h"
#include "ingest/feedstatus.h"
#include "ingest/messagemapper.h"
#include "secrets/secretstore.h"
#include "secrets/variables.h"
#include "store/channelstore.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <atomic>
#include <memory>

namespace livedash {

class FeedRunner;
class PluginRegistry;
class SampleSink;

/// Owns the ingest threads and the store. The UI (or the headless recorder) talks to this
/// from the main thread; feeds run on the ingest threads and never on the caller's.
class IngestEngine : public QObject
{
    Q_OBJECT
public:
    /// `threads` ingest threads (feeds are spread over them by id).
    IngestEngine(const PluginRegistry *registry, int threads = 1, QObject *parent = nullptr);
    ~IngestEngine() override;

    ChannelStore &store() { return m_store; }
    FeedStatusBoard &board() { return m_board; }
    Variables &variables() { return m_variables; }

    /// Receives every sample from then on (call before apply()).
    void setSampleSink(SampleSink *sink);

    /// Where `${keychain:NAME}` references are read (not owned). Feeds that use one wait
    /// (shown as connecting) until the store has answered; the others start at once. Without
    /// a store such references fail with a message saying so.
    void setSecretStore(SecretStore *store);
    SecretStore *secretStore() const { return m_secrets; }
    /// From now on a `${keychain:NAME}` reference is only read when the dashboard at
    /// `dashboardPath` (empty: one with no file yet) may use NAME (TrustStore::keychainRefusal);
    /// otherwise the feed fails with the reason, and the entry is never read. Call before apply().
    void setKeychainOwner(const TrustStore &trust, const QString &dashboardPath);
    /// Several dashboards at once (tabs): feed `id` reads the keychain as the dashboard at
    /// `owners[id]` may; feeds not listed as `dashboardPath` above. An entry refused to any
    /// feed that names it is refused to all of them.
    void setKeychainOwners(const QHash<QString, QString> &owners) { m_feedOwners = owners; }

    /// Runs the dashboard's feeds: starts, restarts and stops to match. Returns at once.
    void apply(const Dashboard &dashboard);
    /// Stops every feed and waits (up to `timeoutMs`) for their coroutines to return.
    void shutdown(int timeoutMs = 3000);
    /// Feeds still winding down or running.
    int activeFeeds() const;

    /// Connects with `feed`'s settings and reports its first message through probeFinished,
    /// with where the feed said it came from (an SSE event name, a broker topic; empty for none).
    void probe(const QString &requestId, const FeedConfig &feed, int timeoutMs = 10000);

Q_SIGNALS:
    void probeFinished(const QString &requestId, const QByteArray &payload, const QString &error,
                       const livedash::MessageOrigin &origin);

private:
    FeedRunner *runnerFor(const QString &feedId) const;
    /// Sends `dashboard`'s feeds to the runners with the secrets known so far.
    void dispatch(const Dashboard &dashboard);
    void dispatchProbe(const QString &requestId, const FeedConfig &feed, int timeoutMs);
    /// Why feed `feedId`'s dashboard may not read keychain entry `name`; empty if it may.
    QString keychainRefusal(const QString &name, const QString &feedId) const;
    /// m_variables plus the keychain entries `feeds` refer to: values, pending reads, errors.
    Variables variablesFor(const QList<FeedConfig> &feeds) const;
    /// Starts reading the keychain entries `feeds` (the enabled ones unless `includeDisabled`)
    /// refer to; whether any is being read.
    bool requestSecrets(const QList<FeedConfig> &feeds, bool includeDisabled = false);
    void secretRead();

    struct PendingProbe
    {
        QString requestId;
        FeedConfig feed;
        int timeoutMs;
    };

    const PluginRegistry *m_registry;
    ChannelStore m_store;
    FeedStatusBoard m_board;
    Variables m_variables;
    QList<QThread *> m_threads;
    QList<FeedRunner *> m_runners; ///< empty after shutdown(): the runners are deleted
    /// Each runner's count of live feed coroutines; outlives the runners.
    QList<std::shared_ptr<std::atomic<int>>> m_active;
    bool m_shutdown = false;
    QPointer<SecretStore> m_secrets;
    std::optional<TrustStore> m_keychainGuard; ///< set: entries are checked against owners
    QString m_keychainOwner;
    QHash<QString, QString> m_feedOwners; ///< feed id -> its dashboard (several open at once)
    Dashboard m_latest; ///< what apply() was last given, re-sent when secrets arrive
    bool m_hasLatest = false;
    bool m_redispatchQueued = false;
    QList<PendingProbe> m_pendingProbes;
};

} // namespace livedash
