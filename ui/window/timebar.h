#pragma once

#include <QPointer>
#include <QSet>
#include <QToolBar>

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace livedash {

class DashboardView;
class HistoryPlayback;

/// The dashboard's time: live (each chart its own window, or all of them the last 5 min, 1 h,
/// 24 h or 7 days), a past range shown as it stood at its end, or a replay of a range at 0.5x
/// to 100x with a scrubber, pause and step. The live edge is one click away ("Live").
class TimeBar : public QToolBar
{
    Q_OBJECT

public:
    explicit TimeBar(DashboardView *view, QWidget *parent = nullptr);
    ~TimeBar() override;

    /// The dashboard's history file (empty: none kept; only the live choices work), the feeds
    /// whose channels it shows, and the longest chart window (what a past moment loads).
    void setHistory(const QString &path, const QSet<QString> &feeds, qint64 windowMs);

    /// Shows [from, to] as it stood at `to`; with `speed` > 0, replays it from `from`.
    /// False (and a message box is not shown; see lastError()) when there is no history.
    bool showRange(qint64 from, qint64 to, double speed = 0);
    /// All charts follow the live edge over `spanMs` (0: each its own window).
    void showLive(qint64 spanMs = 0);
    bool isLive() const;
    QString lastError() const { return m_error; }
    HistoryPlayback *playback() const { return m_playback; }

private:
    void rangeChosen(int index);
    void chooseCustomRange(bool replay);
    void positionChanged(qint64 t);
    void setChartSpans(qint64 spanMs, qint64 endMs);
    void updateControls();

    QPointer<DashboardView> m_view; ///< may go first when the window closes
    HistoryPlayback *m_playback;
    QString m_path;
    QSet<QString> m_feeds;
    qint64 m_windowMs = 600000;
    QString m_error;
    QComboBox *m_range;
    QToolButton *m_replay;
    QToolButton *m_live;
    QToolButton *m_playPause;
    QToolButton *m_stepBack;
    QToolButton *m_stepForward;
    QComboBox *m_speed;
    QSlider *m_scrubber;
    QLabel *m_position;
    QLabel *m_mode; ///< "HISTORY" or "REPLAY" while the panels do not show live data
    QList<QAction *> m_playbackActions;
    bool m_scrubbing = false;
};

} // namespace livedash
