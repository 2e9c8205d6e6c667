#include "makestore.h"

#include "history/historian.h"
#include "history/historystore.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>

namespace livedash::bench {

using history::HistoryStore;

namespace {

/// The encoding the Historian writes with unless told otherwise (Historian::m_encoding).
constexpr history::ChunkEncoding HistorianEncoding = history::ChunkEncoding::DeltaZstd;
/// Chunks written per transaction (about 13 MB at 10 Hz).
constexpr qsizetype ChunksPerTransaction = 1600;

quint64 splitmix64(quint64 &state)
{
    quint64 z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/// Steps of N(0, 0.05) in hundredths, rounded: drawn once, picked at random per sample. Each
/// step is there with both signs, so the walk does not drift (a table of draws has a mean of
/// its own, which millions of steps would add up).
const std::array<qint16, 1024> &steps()
{
    static const std::array<qint16, 1024> table = [] {
        std::array<qint16, 1024> t{};
        std::mt19937_64 rng(12345);
        std::normal_distribution<double> step(0.0, 5.0);
        for (size_t i = 0; i < t.size(); i += 2) {
            t[i] = qint16(std::lround(step(rng)));
            t[i + 1] = qint16(-t[i]);
        }
        return t;
    }();
    return table;
}

/// Samples per sealed chunk of a regular series: the Historian seals at SealSamples samples or
/// when a chunk would span SealSpanMs.
qsizetype chunkSamples(qint64 periodMs)
{
    const qint64 bySpan = (history::Historian::SealSpanMs + periodMs - 1) / periodMs;
    return qsizetype(std::min<qint64>(history::Historian::SealSamples, bySpan));
}

QString sidecarPath(const QString &path)
{
    return path + QStringLiteral(".complete.json");
}

QJsonObject readSidecar(const QString &path)
{
    QFile file(sidecarPath(path));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

bool writeSidecar(const QString &path, const QJsonObject &o)
{
    QFile file(sidecarPath(path));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(QJsonDocument(o).toJson()) > 0;
}

qint64 fileBytes(const QString &path)
{
    return QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
}

/// Writes `walks` forward in blocks of one chunk per channel (time order across channels, as
/// the Historian's flushes do) until each has `perChannel` more samples.
bool writeBlocks(HistoryStore &store, const std::vector<qint64> &ids,
                 std::vector<RandomWalk> &walks, qint64 perChannel, qint64 periodMs,
                 const std::function<void(double)> &progress, qint64 *chunksOut, QString *error)
{
    const qsizetype perChunk = chunkSamples(periodMs);
    std::vector<Sample> samples;
    samples.reserve(size_t(perChunk));
    qint64 chunks = 0;
    qsizetype inTransaction = 0;
    if (!store.begin(error))
        return false;
    double lastShown = 0;
    for (qint64 done = 0; done < perChannel; done += perChunk) {
        const qsizetype n = qsizetype(std::min<qint64>(perChunk, perChannel - done));
        for (size_t c = 0; c < walks.size(); ++c) {
            samples.clear();
            walks[c].next(n, &samples);
            if (store.writeChunk(ids[c], samples, true, HistorianEncoding, error) < 0) {
                store.rollback();
                return false;
            }
            ++chunks;
            if (++inTransaction >= ChunksPerTransaction) {
                if (!store.commit(error) || !store.begin(error))
                    return false;
                inTransaction = 0;
            }
        }
        const double share = double(done + n) / double(perChannel);
        if (progress && share - lastShown >= 0.05) {
            progress(share);
            lastShown = share;
        }
    }
    if (!store.commit(error))
        return false;
    *chunksOut = chunks;
    return true;
}

} // namespace

QString storeFeedId(int index)
{
    return QStringLiteral("w%1").arg(index, 3, 10, QLatin1Char('0'));
}

QString storeChannelName(int index)
{
    return storeFeedId(index) + QStringLiteral("/v");
}

RandomWalk::RandomWalk(quint64 seed, qint64 startMs, qint64 periodMs, double startValue)
    : m_state(seed * 0x2545F4914F6CDD1Dull + 1), m_startMs(startMs), m_periodMs(periodMs),
      m_cents(std::llround(startValue * 100.0))
{
}

void RandomWalk::next(qsizetype count, std::vector<Sample> *out)
{
    const std::array<qint16, 1024> &table = steps();
    for (qsizetype i = 0; i < count; ++i) {
        m_cents += table[size_t(splitmix64(m_state) >> 54)];
        // A reading with two decimals: the double nearest to cents / 100, as a parser gives it.
        out->push_back({m_startMs + m_index * m_periodMs, double(m_cents) / 100.0});
        ++m_index;
    }
}

QString defaultStorePath(const StoreSpec &spec)
{
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    return QStringLiteral("%1/livedash/bench-store-%2d-%3ch-%4hz.sqlite")
        .arg(cache)
        .arg(spec.days)
        .arg(spec.channels)
        .arg(spec.hz);
}

QJsonObject makeStore(const QString &path, const StoreSpec &spec, qint64 endMs,
                      const std::function<void(double)> &progress)
{
    QJsonObject result{{QStringLiteral("path"), QDir::toNativeSeparators(path)},
                       {QStringLiteral("days"), spec.days},
                       {QStringLiteral("channels"), spec.channels},
                       {QStringLiteral("hz"), spec.hz}};
    auto fail = [&](const QString &why) {
        result.insert(QStringLiteral("status"), QString(QStringLiteral("error: ") + why));
        return result;
    };
    const qint64 period = spec.periodMs();
    const qint64 perChannel = spec.samplesPerChannel();
    if (spec.channels < 1 || perChannel < 1)
        return fail(QStringLiteral("nothing to write"));
    if (endMs <= 0)
        endMs = QDateTime::currentMSecsSinceEpoch();
    endMs -= endMs % period;
    const qint64 startMs = endMs - (perChannel - 1) * period;

    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"),
                                  QStringLiteral(".complete.json")}) {
        if (QFileInfo::exists(path + suffix) && !QFile::remove(path + suffix))
            return fail(QStringLiteral("cannot remove %1").arg(path + suffix));
    }
    QElapsedTimer timer;
    timer.start();
    HistoryStore store;
    QString error;
    if (!store.open(path, HistoryStore::Mode::ReadWrite, &error))
        return fail(error);
    std::vector<qint64> ids;
    std::vector<RandomWalk> walks;
    if (!store.begin(&error))
        return fail(error);
    for (int c = 0; c < spec.channels; ++c) {
        const qint64 id = store.channelId(storeChannelName(c), &error);
        if (id < 0)
            return fail(error);
        ids.push_back(id);
        walks.emplace_back(quint64(c) + 1, startMs, period, 20.0 + c % 50);
    }
    if (!store.commit(&error))
        return fail(error);
    qint64 chunks = 0;
    if (!writeBlocks(store, ids, walks, perChannel, period, progress, &chunks, &error))
        return fail(error);
    store.close(); // checkpoints the write-ahead log into the file
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const qint64 samples = perChannel * spec.channels;
    const qint64 bytes = fileBytes(path);
    result.insert(QStringLiteral("samples"), double(samples));
    result.insert(QStringLiteral("chunks"), double(chunks));
    result.insert(QStringLiteral("seconds"), std::round(seconds * 10) / 10);
    result.insert(QStringLiteral("samplesPerS"), std::round(double(samples) / seconds));
    result.insert(QStringLiteral("fileBytes"), double(bytes));
    result.insert(QStringLiteral("bytesPerSample"), double(bytes) / double(samples));
    result.insert(QStringLiteral("startMs"), double(startMs));
    result.insert(QStringLiteral("endMs"), double(endMs));
    QJsonObject sidecar{
        {QStringLiteral("days"), spec.days},      {QStringLiteral("channels"), spec.channels},
        {QStringLiteral("hz"), spec.hz},          {QStringLiteral("startMs"), double(startMs)},
        {QStringLiteral("endMs"), double(endMs)}, {QStringLiteral("samples"), double(samples)},
        {QStringLiteral("complete"), true}};
    if (!writeSidecar(path, sidecar))
        return fail(QStringLiteral("cannot write %1").arg(sidecarPath(path)));
    result.insert(QStringLiteral("status"), QStringLiteral("ok"));
    return result;
}

bool storeIsComplete(const QString &path, const StoreSpec &spec)
{
    const QJsonObject o = readSidecar(path);
    return QFileInfo::exists(path) && o.value(QStringLiteral("complete")).toBool() &&
           o.value(QStringLiteral("days")).toDouble() == spec.days &&
           o.value(QStringLiteral("channels")).toInt() == spec.channels &&
           o.value(QStringLiteral("hz")).toDouble() == spec.hz;
}

qint64 storeEndMs(const QString &path)
{
    return qint64(readSidecar(path).value(QStringLiteral("endMs")).toDouble());
}

QJsonObject bringStoreUpToDate(const QString &path, const StoreSpec &spec, qint64 nowMs,
                               const std::function<void(double)> &progress)
{
    QJsonObject sidecar = readSidecar(path);
    const qint64 endMs = storeEndMs(path);
    const qint64 period = spec.periodMs();
    const qint64 keepMs = qint64(spec.days * 86400.0 * 1000.0);
    QJsonObject result{{QStringLiteral("staleMs"), double(nowMs - endMs)}};
    if (!storeIsComplete(path, spec) || nowMs - endMs > keepMs) {
        QJsonObject made = makeStore(path, spec, nowMs, progress);
        made.insert(QStringLiteral("remade"), true);
        return made;
    }
    const qint64 perChannel = (nowMs - endMs) / period;
    result.insert(QStringLiteral("samplesAdded"), double(perChannel * spec.channels));
    if (perChannel <= 0) {
        result.insert(QStringLiteral("status"), QStringLiteral("ok"));
        return result;
    }
    QElapsedTimer timer;
    timer.start();
    auto fail = [&](const QString &why) {
        result.insert(QStringLiteral("status"), QString(QStringLiteral("error: ") + why));
        return result;
    };
    HistoryStore store;
    QString error;
    if (!store.open(path, HistoryStore::Mode::ReadWrite, &error))
        return fail(error);
    std::vector<qint64> ids;
    std::vector<RandomWalk> walks;
    if (!store.begin(&error))
        return fail(error);
    for (int c = 0; c < spec.channels; ++c) {
        const QString name = storeChannelName(c);
        const std::optional<Sample> last = store.lastSampleAtOrBefore(name, endMs);
        const qint64 id = store.channelId(name, &error);
        if (id < 0)
            return fail(error);
        ids.push_back(id);
        walks.emplace_back(quint64(c) * 7919 + quint64(endMs), endMs + period, period,
                           last ? last->v : 20.0);
    }
    if (!store.commit(&error))
        return fail(error);
    qint64 chunks = 0;
    if (!writeBlocks(store, ids, walks, perChannel, period, progress, &chunks, &error))
        return fail(error);
    const qint64 newEnd = endMs + perChannel * period;
    qint64 removed = 0;
    history::Retention retention;
    retention.maxAgeMs = keepMs;
    retention.maxBytes = 0;
    if (!store.enforceRetention(retention, newEnd, &removed, &error))
        return fail(error);
    store.close();
    sidecar.insert(QStringLiteral("endMs"), double(newEnd));
    sidecar.insert(QStringLiteral("startMs"), double(newEnd - keepMs));
    if (!writeSidecar(path, sidecar))
        return fail(QStringLiteral("cannot write %1").arg(sidecarPath(path)));
    result.insert(QStringLiteral("chunksAdded"), double(chunks));
    result.insert(QStringLiteral("chunksRemoved"), double(removed));
    result.insert(QStringLiteral("seconds"), std::round(double(timer.elapsed()) / 100.0) / 10.0);
    result.insert(QStringLiteral("endMs"), double(newEnd));
    result.insert(QStringLiteral("status"), QStringLiteral("ok"));
    return result;
}

} // namespace livedash::bench
