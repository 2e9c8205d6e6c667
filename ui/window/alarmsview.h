#pragma once

#include "alarms/alarm.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTabWidget;
class QTimer;
class QTreeWidget;

namespace livedash {

class AlarmEngine;

/// The Alarms dock: the active alarms (firing and unacknowledged first, then acknowledged and
/// pending) with their rule, channel, value, start and duration; acknowledge one or all, with an
/// optional note; and the history of past alarm events, newest first.
class AlarmsView : public QWidget
{
    Q_OBJECT
public:
    static constexpr qsizetype MaxHistoryRows = 1000;

    explicit AlarmsView(AlarmEngine *engine, QWidget *parent = nullptr);

    /// Shows `engine`'s alarms instead (another dashboard's: a tab switch).
    void setEngine(AlarmEngine *engine);
    AlarmEngine *engine() const { return m_engine; }
    /// Replaces the history list (the dashboard's recorded events, oldest first).
    void setHistory(const QList<AlarmEvent> &events);
    /// Adds an event at the top of the history.
    void addEvent(const AlarmEvent &event);
    /// Selects the active alarm of `rule` on `channel` and shows the active list.
    void showAlarm(const QString &rule, const QString &channel);

    QTreeWidget *activeList() const { return m_active; }
    QTreeWidget *historyList() const { return m_history; }
    /// Acknowledges the selected alarms (all, with `all`) with `note`, without asking.
    int acknowledge(bool all, const QString &note);

    /// Columns of the active list.
    enum ActiveColumn { Severity, State, Rule, Channel, Value, Started, Duration, Note };

public Q_SLOTS:
    /// Rebuilds the active list from the engine (its rows keep their selection).
    void refresh();

private:
    void askAndAcknowledge(bool all);

    AlarmEngine *m_engine;
    QTabWidget *m_tabs;
    QTreeWidget *m_active;
    QTreeWidget *m_history;
    QLabel *m_empty;
    QPushButton *m_ack;
    QPushButton *m_ackAll;
    QTimer *m_clock; ///< durations and values move on while nothing changes state
};

/// "1 h 4 min", "12 s": how long an alarm has lasted.
QString alarmDuration(qint64 ms);
QString severityText(AlertSeverity severity);

} // namespace livedash
