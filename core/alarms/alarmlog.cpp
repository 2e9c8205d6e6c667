#include "alarms/alarmlog.h"

#include "history/historian.h"
#include "history/historystore.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

namespace livedash {

void AlarmLog::useHistorian(history::Historian *historian, const QString &storePath)
{
    m_historian = historian;
    m_storePath = storePath;
    m_filePath.clear();
}

void AlarmLog::useFile(const QString &path)
{
    m_historian = nullptr;
    m_storePath.clear();
    m_filePath = path;
}

void AlarmLog::close()
{
    m_historian = nullptr;
    m_storePath.clear();
    m_filePath.clear();
}

QString AlarmLog::where() const
{
    return m_historian ? m_storePath : m_filePath;
}

bool AlarmLog::append(const AlarmEvent &event, QString *error)
{
    const QByteArray line = QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact);
    if (m_historian) {
        m_historian->appendJournal(event.t, QLatin1String(JournalKind), line);
        return true;
    }
    if (m_filePath.isEmpty())
        return true;
    QFile file(m_filePath);
    if (file.exists() && file.size() + line.size() > MaxFileBytes) {
        // Keep the newer half: whole lines from the middle on.
        if (file.open(QIODevice::ReadOnly)) {
            const QByteArray all = file.readAll();
            file.close();
            const qsizetype cut = all.indexOf('\n', all.size() / 2);
            QSaveFile trimmed(m_filePath);
            if (cut >= 0 && trimmed.open(QIODevice::WriteOnly)) {
                trimmed.write(all.mid(cut + 1));
                trimmed.commit();
            }
        }
    }
    if (!file.open(QIODevice::Append | QIODevice::WriteOnly) ||
        file.write(line + '\n') != line.size() + 1 || !file.flush()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(m_filePath, file.errorString());
        return false;
    }
    return true;
}

QList<AlarmEvent> AlarmLog::recent(qsizetype limit) const
{
    QList<QByteArray> lines;
    if (m_historian) {
        history::HistoryStore store;
        if (store.open(m_storePath, history::HistoryStore::Mode::ReadOnly, nullptr))
            for (const auto &[t, body] : store.readJournal(QLatin1String(JournalKind), 0, limit))
                lines.append(body);
    } else if (!m_filePath.isEmpty()) {
        QFile file(m_filePath);
        if (file.open(QIODevice::ReadOnly)) {
            lines = file.readAll().split('\n');
            if (lines.size() > limit + 1)
                lines = lines.mid(lines.size() - limit - 1);
        }
    }
    QList<AlarmEvent> events;
    for (const QByteArray &line : std::as_const(lines)) {
        // A line cut short by a crash, or edited by hand, is skipped.
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (const std::optional<AlarmEvent> e = AlarmEvent::fromJson(doc.object()))
            events.append(*e);
    }
    if (events.size() > limit)
        events = events.mid(events.size() - limit);
    return events;
}

} // namespace livedash
