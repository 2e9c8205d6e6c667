#pragma once

// A large history store made fast for the historian's view and start-up measurements
// (livedash-bench --make-store, and the store --historian measures on): days x channels of
// 10 Hz random walks, written as the sealed chunks the Historian would leave, straight through
// HistoryStore (no ChannelStore, no writer thread) in large transactions.

#include "store/sample.h"

#include <QJsonObject>
#include <QString>

#include <algorithm>
#include <functional>
#include <vector>

namespace livedash::bench {

/// What a generated store holds.
struct StoreSpec
{
    double days = 7;
    int channels = 100;
    double hz = 10;

    qint64 samplesPerChannel() const { return qint64(days * 86400.0 * hz); }
    qint64 periodMs() const { return std::max<qint64>(1, qint64(1000.0 / hz + 0.5)); }
    bool operator==(const StoreSpec &) const = default;
};

/// Feed "w007" with one channel "v": the store's channel "w007/v".
QString storeFeedId(int index);
QString storeChannelName(int index);

/// A sensor-like random walk: values are whole hundredths (a reading with two decimals) moving
/// by steps drawn from N(0, 0.05), one sample every `periodMs`. Deterministic per seed.
class RandomWalk
{
public:
    RandomWalk(quint64 seed, qint64 startMs, qint64 periodMs, double startValue = 20.0);
    /// Appends the next `count` samples to `out`.
    void next(qsizetype count, std::vector<Sample> *out);
    qint64 nextT() const { return m_startMs + m_index * m_periodMs; }

private:
    quint64 m_state;
    qint64 m_startMs;
    qint64 m_periodMs;
    qint64 m_index = 0;
    qint64 m_cents;
};

/// The cached store's default place:
/// <cache>/livedash/bench-store-<days>d-<channels>ch-<hz>hz.sqlite.
QString defaultStorePath(const StoreSpec &spec);

/// Makes the store at `path` anew (removing what is there): spec.days of samples ending at
/// `endMs` (0: now) for every channel, sealed chunks of Historian::SealSamples (or an hour),
/// in time order across channels as the Historian writes them, DeltaZstd (its default encoding).
/// A file next to it (path + ".complete.json") records the spec once the store is complete.
/// `progress` gets the share done (0..1) now and then. Returns the figures (status "ok", or
/// "error: ...").
QJsonObject makeStore(const QString &path, const StoreSpec &spec, qint64 endMs = 0,
                      const std::function<void(double)> &progress = {});

/// Whether `path` holds a complete store of `spec` (its ".complete.json" says so).
bool storeIsComplete(const QString &path, const StoreSpec &spec);

/// Brings a complete store up to now, as if the Historian had kept writing: every channel's
/// walk continues from its newest stored sample to `nowMs`, and chunks older than spec.days are
/// dropped (HistoryStore::enforceRetention). A store older than spec.days is made anew.
/// Returns the figures (samples added, seconds), status "ok" or "error: ...".
QJsonObject bringStoreUpToDate(const QString &path, const StoreSpec &spec, qint64 nowMs,
                               const std::function<void(double)> &progress = {});

/// The newest time the store's ".complete.json" records (0 if none).
qint64 storeEndMs(const QString &path);

} // namespace livedash::bench
