#pragma once

#include "fieldmapping.h"

#include <QByteArray>
#include <QFile>
#include <QMutex>
#include <QString>

#include <atomic>

namespace livedash {

/// Appends one JSON object per line for every sample and text event:
/// {"feed":..., "channel":..., "t": ms since the epoch, "value": n} or {..., "text": s}.
/// Called from ingest threads; buffers in memory and writes on flush() (or past 256 KB).
class Recorder final : public SampleSink
{
public:
    Recorder() = default;
    ~Recorder() override;

    /// Opens `path` for appending; false with `error` set if it cannot be written.
    bool open(const QString &path, QString *error);
    void number(const QString &feedId, const QString &channel, qint64 t, double v) override;
    void text(const QString &feedId, const QString &channel, qint64 t,
              const QString &text) override;
    /// Writes everything buffered to the file and flushes it to the OS.
    bool flush();
    void close();
    quint64 lines() const { return m_lines.load(); }

private:
    void appendLine(const QByteArray &line);

    QMutex m_mutex;
    QFile m_file;
    QByteArray m_buffer;
    std::atomic<quint64> m_lines{0};
};

} // namespace livedash
