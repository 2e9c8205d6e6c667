#pragma once

#include "history/chunkcodec.h"
#include "store/decimator.h"
#include "store/sample.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <limits>
#include <optional>
#include <span>
#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace livedash::history {

/// How much history a dashboard keeps: the oldest chunks go first when either is exceeded.
struct Retention
{
    static constexpr qint64 DefaultMaxAgeMs = 30LL * 24 * 3600 * 1000;  ///< 30 days
    static constexpr qint64 DefaultMaxBytes = 5LL * 1024 * 1024 * 1024; ///< 5 GiB
    qint64 maxAgeMs = DefaultMaxAgeMs;                                  ///< 0: no age limit
    qint64 maxBytes = DefaultMaxBytes;                                  ///< 0: no size limit
};

/// What a store holds, for Settings and the status bar.
struct StoreStats
{
    qint64 fileBytes = 0; ///< the database and its write-ahead log
    qint64 usedBytes = 0; ///< pages in use (file bytes less free pages)
    qint64 channels = 0;
    qint64 chunks = 0;
    qint64 samples = 0;
    qint64 texts = 0;
    std::optional<qint64> oldestT; ///< the oldest sample or text kept
    std::optional<qint64> newestT;
};

/// A chunk as stored: its summary, and its samples when they were asked for.
struct StoredChunk
{
    qint64 id = 0;
    ChunkSummary summary;
    bool sealed = true;
};

/// Where reading a channel's texts a page at a time got to (HistoryStore::readTextPage()).
struct TextCursor
{
    qint64 t = std::numeric_limits<qint64>::min(); ///< the last text returned
    qint64 id = std::numeric_limits<qint64>::min();
};

/// Why a write failed: the disk is full (writing should pause and retry), or something else.
enum class WriteFailure { None, DiskFull, Other };

/// One dashboard's history file: an SQLite database in WAL mode holding compressed per-channel
/// chunks with their summaries, and text events.
///
/// A HistoryStore is one connection: use it from one thread at a time. The historian's writer
/// owns one; readers (charts, export) open their own, and WAL lets them read while it writes.
/// Chunks carry a CRC-32 of their bytes: a chunk damaged on disk is never served, and what was
/// skipped is listed in damage().
class HistoryStore
{
public:
    enum class Mode { ReadWrite, ReadOnly };

    HistoryStore() = default;
    ~HistoryStore();
    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    /// Opens (ReadWrite: creates) the store at `path`. False with what was wrong, naming the
    /// file, in `error`: not a history file, a newer format, unreadable, damaged beyond use.
    bool open(const QString &path, Mode mode, QString *error);
    void close();
    /// Whether the last open() failed because the file is not a database or is damaged (as
    /// opposed to missing rights or a newer format): the caller may move it aside.
    bool openFailedAsDamaged() const { return m_openDamaged; }
    bool isOpen() const { return m_db != nullptr; }
    QString path() const { return m_path; }

    // Writing (ReadWrite only). Writes between begin() and commit() are one transaction.
    bool begin(QString *error);
    /// Ends the transaction. On failure it is rolled back; `failure` says whether for space.
    bool commit(QString *error, WriteFailure *failure = nullptr);
    void rollback();
    /// The id of channel `name`, made if new (-1 on failure).
    qint64 channelId(const QString &name, QString *error, WriteFailure *failure = nullptr);
    /// Stores a chunk (sealed: final; unsealed: the newest samples of a chunk still filling,
    /// replaced by the sealed chunk later). Returns its id, or -1.
    qint64 writeChunk(qint64 channel, std::span<const Sample> samples, bool sealed,
                      ChunkEncoding encoding, QString *error, WriteFailure *failure = nullptr);
    /// Deletes the channel's unsealed chunks (they were folded into a sealed one).
    bool deleteUnsealed(qint64 channel, QString *error, WriteFailure *failure = nullptr);
    bool writeText(qint64 channel, qint64 t, const QString &text, QString *error,
                   WriteFailure *failure = nullptr);
    /// Stores a journal entry: an event of the dashboard that is not a sample (an alarm that
    /// fired, was acknowledged or cleared), as `kind` and a JSON `body`. Kept as long as samples.
    bool writeJournal(qint64 t, const QString &kind, const QByteArray &body, QString *error,
                      WriteFailure *failure = nullptr);

    /// Drops chunks and texts older than the retention's age, then the oldest ones until the
    /// used bytes are under its size, and returns the file's free pages to the file system.
    /// `removedChunks` counts what went. Returns false on a write failure.
    bool enforceRetention(const Retention &retention, qint64 nowMs, qint64 *removedChunks,
                          QString *error);

    /// Returns the file's free pages (left by deleted chunks) to the file system.
    void releaseFreePages();

    // Reading.
    QStringList channels() const;
    /// The unsealed chunks of each channel, oldest first (the writer resumes filling them).
    QHash<QString, std::vector<Sample>> unsealedSamples();
    /// Samples of `channel` with from <= t <= to, in time order (chunks' samples merged).
    /// Damaged chunks are skipped and listed in damage().
    bool readSamples(const QString &channel, qint64 from, qint64 to, std::vector<Sample> *out,
                     QString *error = nullptr);
    /// The summaries of the chunks that overlap [from, to], ordered by their first time.
    bool readSummaries(const QString &channel, qint64 from, qint64 to,
                       std::vector<StoredChunk> *out, QString *error = nullptr);
    /// What decimateMinMax() gives for the ring, over the stored samples of `channel` in
    /// [from, to]: the min and max per column. A chunk, or a segment of SegmentSamples of one,
    /// no wider than a column is folded from its summary alone at its midpoint (its extremes
    /// drawn under half a column from where they were), so a week of one channel reads
    /// summaries only; where columns are narrower, the samples give the ring's exact points.
    DecimationResult decimate(const QString &channel, qint64 from, qint64 to, int columns,
                              QList<QPointF> &out, qint64 xOrigin = 0);
    /// Samples of the chunk `id` (from readSummaries()).
    bool readChunk(qint64 id, std::vector<Sample> *out, QString *error = nullptr);
    /// Text events of `channel` with from <= t <= to, oldest first, at most `limit` (the newest).
    QList<TextSample> readTexts(const QString &channel, qint64 from, qint64 to,
                                qsizetype limit = 100000);
    /// Up to `limit` text events of `channel` with from <= t <= to that come after `cursor`,
    /// oldest first, and moves `cursor` past them: a long range read a page at a time. Fewer
    /// than `limit` means the end.
    QList<TextSample> readTextPage(const QString &channel, qint64 from, qint64 to, qsizetype limit,
                                   TextCursor *cursor);
    /// Whether the journal holds this very entry (an import skips what it already holds).
    bool hasJournal(qint64 t, const QString &kind, const QByteArray &body) const;
    /// The newest `limit` journal entries of `kind` with t >= `from`, oldest first. A file made
    /// before the journal existed has none.
    QList<std::pair<qint64, QByteArray>> readJournal(const QString &kind, qint64 from,
                                                     qsizetype limit) const;
    /// The newest sample at or before `t` (a tile's value as of a past time).
    std::optional<Sample> lastSampleAtOrBefore(const QString &channel, qint64 t);
    std::optional<TextSample> lastTextAtOrBefore(const QString &channel, qint64 t);

    /// Reads every chunk's summary: seconds on a store of millions of chunks. For the file's
    /// size alone use usedBytes().
    StoreStats stats() const;
    /// The oldest and newest times stored (read from indexes; the oldest to within a chunk).
    std::optional<std::pair<qint64, qint64>> span() const;
    /// Bytes of the file's pages in use (its size less its free pages), without reading chunks.
    qint64 usedBytes() const;
    /// What could not be read, one line per place ("chunk 812 of cpu/total (12:03 to 12:05):
    /// checksum mismatch"). Kept until the store is closed.
    QStringList damage() const { return m_damage; }
    /// Chunks whose samples were read since the store was opened (for the benchmark).
    qint64 chunksDecoded() const { return m_chunksDecoded; }

    /// The file a dashboard's history lives in: in `dataDir`, named after the dashboard file
    /// (its canonical path's hash keeps two files of one name apart). An empty path is the demo.
    static QString pathFor(const QString &dataDir, const QString &dashboardPath);

private:
    sqlite3_stmt *prepare(const char *sql, QString *error) const;
    bool exec(const char *sql, QString *error) const;
    /// The first column of the first row of `sql`, if it gave one that is not NULL.
    std::optional<qint64> single(const char *sql) const;
    QString lastError() const;
    WriteFailure classify(int rc) const;
    /// Fills `error` and `failure` from the last statement's failure; returns false.
    bool writeFailed(QString *error, WriteFailure *failure) const;
    std::optional<qint64> lookupChannel(const QString &name) const;
    void noteDamage(const QString &what);

    sqlite3 *m_db = nullptr;
    QString m_path;
    Mode m_mode = Mode::ReadOnly;
    QHash<QString, qint64> m_channelIds;
    QStringList m_damage;
    bool m_openDamaged = false;
    qint64 m_chunksDecoded = 0;
    bool m_summaries = false; ///< the summaries table is kept (files made since it exists)
};

/// CRC-32 (IEEE) of `data`: what chunks are checked with.
quint32 crc32(QByteArrayView data);

} // namespace livedash::history
