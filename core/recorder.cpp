#include "recorder.h"
#include "logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>

namespace livedash {

Recorder::~Recorder()
{
    close();
}

bool Recorder::open(const QString &path, QString *error)
{
    QMutexLocker lock(&m_mutex);
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        *error = QStringLiteral("%1: cannot open for writing: %2").arg(path, m_file.errorString());
        return false;
    }
    return true;
}

namespace {
QByteArray quoted(const QString &s)
{
    // QJsonDocument escapes exactly as JSON requires; strip the surrounding array brackets.
    const QByteArray a = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
    return a.mid(1, a.size() - 2);
}
} // namespace

void Recorder::number(const QString &feedId, const QString &channel, qint64 t, double v)
{
    QByteArray line;
    line.reserve(96);
    line += "{\"feed\":" + quoted(feedId) + ",\"channel\":" +
            quoted(feedId + QLatin1Char('/') + channel) + ",\"t\":" + QByteArray::number(t) +
            ",\"value\":" +
            (std::isfinite(v) ? QByteArray::number(v, 'g', 17) : QByteArray("null")) + "}\n";
    appendLine(line);
}

void Recorder::text(const QString &feedId, const QString &channel, qint64 t, const QString &text)
{
    QByteArray line;
    line += "{\"feed\":" + quoted(feedId) + ",\"channel\":" +
            quoted(feedId + QLatin1Char('/') + channel) + ",\"t\":" + QByteArray::number(t) +
            ",\"text\":" + quoted(text) + "}\n";
    appendLine(line);
}

void Recorder::appendLine(const QByteArray &line)
{
    QMutexLocker lock(&m_mutex);
    m_buffer += line;
    m_lines.fetch_add(1, std::memory_order_relaxed);
    if (m_buffer.size() > 256 * 1024 && m_file.isOpen()) {
        m_file.write(m_buffer);
        m_buffer.clear();
    }
}

bool Recorder::flush()
{
    QMutexLocker lock(&m_mutex);
    if (!m_file.isOpen())
        return false;
    bool ok = true;
    if (!m_buffer.isEmpty()) {
        ok = m_file.write(m_buffer) == m_buffer.size();
        m_buffer.clear();
    }
    return m_file.flush() && ok;
}

void Recorder::close()
{
    flush();
    QMutexLocker lock(&m_mutex);
    if (m_file.isOpen())
        m_file.close();
}

} // namespace livedash
