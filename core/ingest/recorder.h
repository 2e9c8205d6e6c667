#pragma once

#include "ingest/messagemapper.h"

#include <QByteArray>
#include <QFile>
#include <QJsonObject>
#include <QMutex>
#include <QString>

#include <atomic>

namespace livedash {

/// One sample as JSON, as --record writes it (one per line) and --publish sends it:
/// {"feed":..., "channel": "<feed>/<channel>", "t": ms since the epoch, "value": n}; a value
/// that is not finite is null (JSON has no NaN).
QByteArray numberRecord(const QString &feedId, const QString &channel, qint64 t, double v);
/// {"feed":..., "channel":..., "t":..., "text": s}.
QByteArray textRecord(const QString &feedId, const QString &channel, qint64 t, const QString &text);

/// Appends one JSON object per line for every sample and text event:
/// {"feed":..., "channel":..., "t": ms since the epoch, "value": n} or {..., "text": s}.
/// Called from ingest threads; buffers in memory and writes on flush() (or past 256 KB).
///
/// A write that fails (disk full, I/O error) loses nothing at first: the unwritten records stay
/// in memory and the next flush() tries again. Only flush() retries, so a failing disk costs
/// one write attempt per flush, not one per record. Memory is bounded by memoryLimit(): past
/// it, new records are dropped (and counted) until a write succeeds again.
class Recorder final : public SampleSink
{
public:
    /// Default memoryLimit(): about 600 000 records, an hour or more of a busy dashboard.
    static constexpr qsizetype DefaultMemoryLimit = 64 * 1024 * 1024;

    /// Where the records stand; received == written + pending + dropped.
    struct Status
    {
        quint64 received = 0; ///< records handed to the recorder
        quint64 written = 0;  ///< records completely written to the file
        quint64 pending = 0;  ///< records held in memory, not (completely) written yet
        quint64 dropped = 0;  ///< records discarded because memoryLimit() was reached
        qsizetype pendingBytes = 0;
        quint64 failedWrites = 0; ///< write attempts that failed
        bool failing = false;     ///< the last write attempt failed
        QString error;            ///< the OS reason of the last failed write
    };

    Recorder() = default;
    ~Recorder() override;

    /// Opens `path` for appending; false with `error` set if it cannot be written.
    bool open(const QString &path, QString *error);
    QString fileName() const;
    void number(const QString &feedId, const QString &channel, qint64 t, double v) override;
    void text(const QString &feedId, const QString &channel, qint64 t,
              const QString &text) override;
    /// Appends one JSON record that is not a sample (an alarm event), as one line.
    void event(const QJsonObject &record);
    /// Writes everything buffered to the file. False if something could not be written (it is
    /// kept for the next flush, see status()) or the file is not open.
    bool flush();
    /// Flushes one last time and closes the file. status() keeps what could not be written.
    void close();
    quint64 lines() const { return m_lines.load(); }
    Status status() const;
    /// Bytes of unwritten records held in memory before new ones are dropped.
    void setMemoryLimit(qsizetype bytes);
    qsizetype memoryLimit() const;

private:
    void appendLine(const QByteArray &line);
    /// Writes the buffer until it is empty or a write fails. Called with m_mutex held.
    bool writeBuffered();

    mutable QMutex m_mutex;
    QFile m_file;
    QByteArray m_buffer;
    qsizetype m_memoryLimit = DefaultMemoryLimit;
    quint64 m_bufferedLines = 0; ///< complete lines in m_buffer (the first may be half written)
    quint64 m_written = 0;
    quint64 m_dropped = 0;
    quint64 m_failedWrites = 0;
    bool m_failing = false;
    QString m_error;
    std::atomic<quint64> m_lines{0};
};

} // namespace livedash
