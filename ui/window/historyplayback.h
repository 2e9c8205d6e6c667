#pragma once

#include "history/historystore.h"
#include "store/channelstore.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

namespace livedash {

/// The dashboard as it was: a channel store of its own, filled from the history file, for a
/// moment in the past (seek) or played through a range at a chosen speed (replay). The
/// dashboard view shows this store with position() as its clock (DashboardView::showStore), so
/// every panel shows its state as of that time; charts reach further back through the file.
class HistoryPlayback : public QObject
{
    Q_OBJECT

public:
    explicit HistoryPlayback(QObject *parent = nullptr);
    ~HistoryPlayback() override;

    /// Reads the history file at `path`; false with the reason when it cannot.
    bool open(const QString &path, QString *error);
    bool isOpen() const { return m_reader.isOpen(); }
    /// Only the channels of these feeds are loaded (the dashboard's).
    void setFeeds(const QSet<QString> &feedIds) { m_feeds = feedIds; }
    /// How much before the position each channel holds in memory (at least a minute).
    void setWindow(qint64 ms) { m_windowMs = std::max<qint64>(ms, 60000); }
    /// The range a replay runs through and the scrubber spans.
    void setRange(qint64 from, qint64 to);
    qint64 rangeFrom() const { return m_from; }
    qint64 rangeTo() const { return m_to; }
    /// The time the panels show, and the oldest and newest stored times.
    qint64 position() const { return m_position; }
    std::optional<std::pair<qint64, qint64>> storedSpan() const;

    ChannelStore *store() const { return m_store.get(); }
    history::HistoryStore *reader() { return &m_reader; }

    /// Shows the moment `t`: every channel as it stood then.
    void seek(qint64 t);
    /// Plays from the position on at `speed` times real time (0.5 to 100).
    void play(double speed);
    void pause();
    bool isPlaying() const { return m_timer.isActive(); }
    double speed() const { return m_speed; }
    void setSpeed(double speed);
    /// Moves the position by `ms` (negative: back) and stops playing.
    void step(qint64 ms);

Q_SIGNALS:
    void positionChanged(qint64 t);
    /// The replay reached the end of its range.
    void finished();

private:
    struct Cursor
    {
        ChannelPtr channel;
        std::vector<Sample> pending; ///< loaded, not yet appended
        size_t next = 0;
        QList<TextSample> texts;
        qsizetype nextText = 0;
        qint64 loadedTo = 0; ///< samples and texts up to this time are loaded
    };
    void advance();
    /// Appends to each channel what is due by m_position, loading ahead as needed.
    void feedUntilPosition();

    history::HistoryStore m_reader;
    std::unique_ptr<ChannelStore> m_store;
    QSet<QString> m_feeds;
    QHash<QString, Cursor> m_cursors;
    qint64 m_windowMs = 600000;
    qint64 m_from = 0, m_to = 0;
    qint64 m_position = 0;
    double m_speed = 1.0;
    QTimer m_timer;
    QElapsedTimer m_clock;
};

} // namespace livedash
