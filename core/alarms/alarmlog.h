#pragma once

#include "alarms/alarm.h"

#include <QList>
#include <QString>

namespace livedash {

namespace history {
class Historian;
}

/// Where a dashboard's alarm history is kept, so that it survives a restart: the historian's
/// journal while the dashboard keeps history, otherwise a file of JSON lines
/// (AlarmEvent::toJson(), one per line).
class AlarmLog
{
public:
    static constexpr const char *JournalKind = "alarm";
    /// The file log keeps the newest entries under this size (halved when it is reached).
    static constexpr qint64 MaxFileBytes = 4 * 1024 * 1024;

    /// Writes through `historian` (open on `storePath`), and reads back from that file.
    void useHistorian(history::Historian *historian, const QString &storePath);
    /// Writes to and reads from the JSON-lines file at `path`.
    void useFile(const QString &path);
    /// Neither: events are not kept (tests, a dashboard not shown yet).
    void close();

    /// Records an event. False (with the reason) when the file log cannot be written.
    bool append(const AlarmEvent &event, QString *error = nullptr);
    /// The newest `limit` events, oldest first (written to the historian up to its last flush).
    QList<AlarmEvent> recent(qsizetype limit) const;
    QString where() const;

private:
    history::Historian *m_historian = nullptr;
    QString m_storePath;
    QString m_filePath;
};

} // namespace livedash
