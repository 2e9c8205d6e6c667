#include "ingest/recorder.h"

#include "logging.h"
#include <QJsonDocument>

#include <QFileInfo>

#include <algorithm>
#include <cmath>

namespace livedash {

namespace {
/// Buffered bytes that make an append write them without waiting for flush().
constexpr qsizetype WriteThreshold = 256 * 1024;
} // namespace

Recorder::~Recorder()
{
    close();
}

bool Recorder::open(const QString &path, QString *error)
{
    QMutexLocker lock(&m_mutex);
    m_file.setFileName(path);
    // Unbuffered: QFile's own buffer would keep bytes a failed write left behind, and the retry
    // would write them twice. Records are batched here instead.
    QIODevice::OpenMode mode = QIODevice::WriteOnly | QIODevice::Unbuffered;
    // A device or a pipe (/dev/stdout, a FIFO) cannot seek to its end, and has none to keep.
    const QFileInfo info(path);
    if (!info.exists() || info.isFile() || info.isDir())
        mode |= QIODevice::Append;
    if (!m_file.open(mode)) {
        *error = QStringLiteral("%1: cannot open for writing: %2").arg(path, m_file.errorString());
        return false;
    }
    return true;
}

QString Recorder::fileName() const
{
    QMutexLocker lock(&m_mutex);
    return m_file.fileName();
}

namespace {

/// Appends `s` as a JSON string: quoted, with what JSON requires escaped.
void appendJsonString(QByteArray &out, const QString &s)
{
    static constexpr char Hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = s.toUtf8();
    for (const char c : utf8) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += "\\u00";
                out += Hex[(c >> 4) & 0xf];
                out += Hex[c & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

QByteArray recordHead(const QString &feedId, const QString &channel, qint64 t, qsizetype extra)
{
    QByteArray record;
    record.reserve(48 + 2 * feedId.size() + channel.size() + extra);
    record += "{\"feed\":";
    appendJsonString(record, feedId);
    record += ",\"channel\":";
    appendJsonString(record, feedId + QLatin1Char('/') + channel);
    record += ",\"t\":";
    record += QByteArray::number(t);
    return record;
}

} // namespace

QByteArray numberRecord(const QString &feedId, const QString &channel, qint64 t, double v)
{
    QByteArray record = recordHead(feedId, channel, t, 24);
    record += ",\"value\":";
    record += std::isfinite(v) ? QByteArray::number(v, 'g', 17) : QByteArray("null");
    record += '}';
    return record;
}

QByteArray textRecord(const QString &feedId, const QString &channel, qint64 t, const QString &text)
{
    QByteArray record = recordHead(feedId, channel, t, text.size() + 12);
    record += ",\"text\":";
    appendJsonString(record, text);
    record += '}';
    return record;
}

void Recorder::number(const QString &feedId, const QString &channel, qint64 t, double v)
{
    appendLine(numberRecord(feedId, channel, t, v) + '\n');
}

void Recorder::text(const QString &feedId, const QString &channel, qint64 t, const QString &text)
{
    appendLine(textRecord(feedId, channel, t, text) + '\n');
}

void Recorder::event(const QJsonObject &record)
{
    appendLine(QJsonDocument(record).toJson(QJsonDocument::Compact) + '\n');
}

void Recorder::appendLine(const QByteArray &line)
{
    QMutexLocker lock(&m_mutex);
    m_lines.fetch_add(1, std::memory_order_relaxed);
    const bool canWrite = m_file.isOpen() && !m_failing; // a failing file is retried by flush()
    if (canWrite && m_buffer.size() + line.size() > m_memoryLimit)
        writeBuffered(); // make room while writes work
    // One record always fits, however large: the limit is for records piling up.
    if (!m_buffer.isEmpty() && m_buffer.size() + line.size() > m_memoryLimit) {
        ++m_dropped;
        return;
    }
    m_buffer += line;
    ++m_bufferedLines;
    if (m_buffer.size() > WriteThreshold && canWrite)
        writeBuffered();
}

bool Recorder::writeBuffered()
{
    while (!m_buffer.isEmpty()) {
        const qint64 n = m_file.write(m_buffer);
        if (n <= 0) {
            ++m_failedWrites;
            m_failing = true;
            m_error = n < 0 ? m_file.errorString() : QStringLiteral("the write wrote nothing");
            return false;
        }
        // A short write (a size limit reached mid-buffer) leaves the rest for the next attempt.
        const quint64 done = quint64(std::count(m_buffer.cbegin(), m_buffer.cbegin() + n, '\n'));
        m_written += done;
        m_bufferedLines -= done;
        if (n == m_buffer.size())
            m_buffer.clear();
        else
            m_buffer.remove(0, n);
    }
    m_failing = false;
    return true;
}

bool Recorder::flush()
{
    QMutexLocker lock(&m_mutex);
    if (!m_file.isOpen())
        return false;
    return writeBuffered();
}

void Recorder::close()
{
    QMutexLocker lock(&m_mutex);
    if (!m_file.isOpen())
        return;
    writeBuffered();
    m_file.close();
}

Recorder::Status Recorder::status() const
{
    QMutexLocker lock(&m_mutex);
    Status s;
    s.received = m_lines.load();
    s.written = m_written;
    s.pending = m_bufferedLines;
    s.dropped = m_dropped;
    s.pendingBytes = m_buffer.size();
    s.failedWrites = m_failedWrites;
    s.failing = m_failing;
    s.error = m_error;
    return s;
}

void Recorder::setMemoryLimit(qsizetype bytes)
{
    QMutexLocker lock(&m_mutex);
    m_memoryLimit = std::max<qsizetype>(bytes, 1);
}

qsizetype Recorder::memoryLimit() const
{
    QMutexLocker lock(&m_mutex);
    return m_memoryLimit;
}

} // namespace livedash
