#pragma once

#include "history/historystore.h"
#include "store/channelstore.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <span>
#include <thread>

namespace livedash::history {

/// Keeps everything a dashboard's channels receive in its history file.
///
/// A writer thread of its own wakes every flush interval and reads what each channel received
/// since it last looked (Channel::forEachNumberSince): feeds and ingest threads never wait for
/// the disk. Each channel's newest samples are written as an unsealed chunk at every flush, so a
/// crash loses at most one flush interval; once a chunk is full (SealSamples samples, or
/// SealSpanMs of time) it is written whole, compressed, and its unsealed pieces are dropped in
/// the same transaction.
///
/// A full disk pauses writing (status() says so, and the live view is untouched); every flush
/// interval it tries again, and resumes with what the channels still hold.
class Historian : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype SealSamples = 4096;
    static constexpr qint64 SealSpanMs = 3600 * 1000;
    static constexpr int DefaultFlushIntervalMs = 1000;

    /// The sealing rule, for the writer and for importing: the end of the chunk that starts at
    /// `pos` of `samples` (in time order), which holds at most SealSamples samples spanning less
    /// than SealSpanMs. `full` (optional) says whether it is complete: more samples after the
    /// last of `samples` could not join it.
    static size_t chunkEnd(std::span<const Sample> samples, size_t pos, bool *full = nullptr);

    enum class State { Closed, Writing, Paused, Failed };
    struct Status
    {
        State state = State::Closed;
        QString message;    ///< why writing is paused or failing; empty when all is well
        quint64 stored = 0; ///< samples and texts committed to the file since open()
        quint64 lost = 0;   ///< samples the channels dropped before they could be written
        QStringList damage; ///< what could not be read back (HistoryStore::damage())
        QString movedAside; ///< a damaged file renamed at open(), to keep what is in it
    };

    explicit Historian(ChannelStore *channels, QObject *parent = nullptr);
    ~Historian() override;

    /// Opens (or makes) the history file and starts writing. Samples already in the channels
    /// are not written: only what arrives from now on. A file that cannot be opened as a history
    /// file is renamed aside (the name is in status().movedAside) and a new one is made.
    bool open(const QString &path, QString *error);
    /// Writes what is pending, seals the open chunks and closes the file.
    void close();
    bool isOpen() const;
    QString path() const;

    /// Fills the channels of `feedIds` that hold nothing yet with their stored samples of the
    /// last `windowMs` (at most the channels' history length) and their latest texts. Call it
    /// before the feeds start, so that stored history comes before live data. Returns how many
    /// samples were loaded.
    qint64 prefill(const QStringList &feedIds, qint64 windowMs, qint64 nowMs);

    /// Feeds whose channels are not written (the dashboard switched history off for them).
    void setExcludedFeeds(const QSet<QString> &feedIds);
    void setRetention(const Retention &retention);
    Retention retention() const;
    void setFlushInterval(int ms);
    void setEncoding(ChunkEncoding encoding);

    /// Queues a journal entry (HistoryStore::writeJournal): written with the next flush, kept
    /// while writing is paused. Callable from any thread; never waits for the disk.
    void appendJournal(qint64 t, const QString &kind, const QByteArray &body);

    /// Writes what is pending now and returns when it is committed (or failed).
    void flush();
    Status status() const;

Q_SIGNALS:
    /// The state or message changed (delivered on the thread the historian lives in).
    void statusChanged();

private:
    struct Tracked;
    void writerLoop();
    /// Reads new samples from the channels and commits them (writer lock held).
    void writeOnce(bool sealAll);
    void setState(State state, const QString &message);

    ChannelStore *m_channels;
    HistoryStore m_store; ///< used by the writer thread only, once open() returned
    QString m_path;

    mutable std::mutex m_mutex; ///< guards everything below, and the store
    std::condition_variable m_wake;
    std::thread m_writer;
    bool m_stop = false;
    bool m_flushWanted = false;
    quint64 m_flushesDone = 0;
    int m_flushIntervalMs = DefaultFlushIntervalMs;
    ChunkEncoding m_encoding = ChunkEncoding::DeltaZstd;
    Retention m_retention;
    qint64 m_lastRetentionMs = 0;
    QSet<QString> m_excluded;
    QHash<QString, std::shared_ptr<Tracked>> m_tracked;
    struct JournalEntry
    {
        qint64 t;
        QString kind;
        QByteArray body;
    };
    std::mutex m_journalMutex; ///< guards m_journal alone: appendJournal() never waits for a flush
    QList<JournalEntry> m_journal;
    mutable std::mutex m_statusMutex; ///< guards m_status alone: status() never waits for a flush
    Status m_status;
};

} // namespace livedash::history
