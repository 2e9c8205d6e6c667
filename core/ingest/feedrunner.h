#pragma once

#include "document/dashboard.h"
#include "ingest/feedstatus.h"
#include "ingest/messagemapper.h"
#include "secrets/variables.h"
#include <livedash/feedplugin.h>

#include <QHash>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <memory>

class QNetworkAccessManager;

namespace livedash {

class ChannelStore;
class PluginRegistry;
class SampleSink;

namespace internal {
struct FeedSlot;
struct ProbeSlot;
} // namespace internal

/// Runs feeds as concurrent QCoro coroutines on the thread it lives on, and reconnects them:
/// at once after a connection that delivered, with exponential backoff and full jitter
/// otherwise (BackoffPolicy). One runner per ingest thread.
class FeedRunner : public QObject
{
    Q_OBJECT
public:
    FeedRunner(ChannelStore *store, FeedStatusBoard *board, const PluginRegistry *registry,
               QObject *parent = nullptr);
    ~FeedRunner() override;

    /// How many feeds' driver coroutines have not finished yet (including ones being stopped);
    /// the counter stays valid after the runner is gone.
    std::shared_ptr<std::atomic<int>> activeCounter() const { return m_active; }
    void setSampleSink(SampleSink *sink) { m_sink = sink; }

public Q_SLOTS:
    /// Makes the running set equal `feeds`: starts new ones, restarts changed ones, stops
    /// removed ones. Unchanged feeds keep their connection. The board then has one row per
    /// feed of `feeds` (disabled ones stopped); removed feeds' rows are gone.
    void apply(const QList<livedash::FeedConfig> &feeds, const livedash::Variables &variables);
    /// Cancels every feed; the active counter drops to 0 once their coroutines have returned.
    void stopAll();
    /// Connects once with `feed`'s settings and reports the first message (settings "Test")
    /// with the channel prefix the feed gave it (e.g. an SSE event name; empty for none).
    void probe(const QString &requestId, const livedash::FeedConfig &feed,
               const livedash::Variables &variables, int timeoutMs);

Q_SIGNALS:
    void probeFinished(const QString &requestId, const QByteArray &payload, const QString &error,
                       const livedash::MessageOrigin &origin);

private:
    void start(const FeedConfig &config, const Variables &variables);
    /// `config`'s options with defaults and references resolved; problems appended.
    QVariantMap resolvedOptions(const FeedConfig &config, const Variables &variables,
                                QStringList *problems) const;
    void stop(const QString &id);
    static QCoro::Task<> drive(std::shared_ptr<internal::FeedSlot> slot);
    static QCoro::Task<> runProbe(std::shared_ptr<internal::ProbeSlot> probe,
                                  QPointer<FeedRunner> runner);
    QNetworkAccessManager *network();

    ChannelStore *m_store;
    FeedStatusBoard *m_board;
    const PluginRegistry *m_registry;
    SampleSink *m_sink = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    QHash<QString, std::shared_ptr<internal::FeedSlot>> m_slots;
    /// The board rows this runner added, by feed id: one per feed of the last apply().
    QHash<QString, std::shared_ptr<FeedStats>> m_rows;
    std::shared_ptr<std::atomic<int>> m_active;
};

} // namespace livedash

Q_DECLARE_METATYPE(livedash::FeedConfig)
Q_DECLARE_METATYPE(livedash::Variables)
