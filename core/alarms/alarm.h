#pragma once

#include "document/alertrule.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <limits>
#include <optional>

namespace livedash {

/// Where one rule's alarm on one channel stands.
///  - Normal: the condition does not hold (and never fired since the rule was set).
///  - Pending: it holds, but not yet for the rule's `for` duration.
///  - Firing: it fired and nobody acknowledged it. A latching rule stays here after the
///    condition ends, until acknowledged.
///  - Acknowledged: someone acknowledged it while the condition still holds.
///  - Cleared: it fired, and is over (condition ended, and acknowledged if latching).
enum class AlarmState { Normal, Pending, Firing, Acknowledged, Cleared };
QString alarmStateName(AlarmState state);

/// What happened to an alarm, as the alarm history, the recording and webhooks keep it.
struct AlarmEvent
{
    enum class Kind { Fired, Acknowledged, Cleared };
    Kind kind = Kind::Fired;
    qint64 t = 0; ///< wall-clock ms since the epoch
    QString rule;
    QString channel;
    AlertSeverity severity = AlertSeverity::Warning;
    QString condition;                                       ///< AlertRule::describe() at the time
    double value = std::numeric_limits<double>::quiet_NaN(); ///< the channel's value then
    QString text;                                            ///< or its text
    QString user; ///< Acknowledged: who (the OS user name)
    QString note; ///< Acknowledged: what they wrote; Cleared: why, when not the condition
    bool operator==(const AlarmEvent &) const = default;

    static QString kindName(Kind kind);
    /// {"alarm": "fired", "t": ..., "rule": ..., "channel": ..., "severity": ..., ...}
    QJsonObject toJson() const;
    static std::optional<AlarmEvent> fromJson(const QJsonObject &o);
};

/// One rule's alarm on one channel (or feed): the alarm state machine. It knows nothing of
/// channels or clocks: the engine tells it whether the condition holds, and when.
struct Alarm
{
    QString rule;
    QString channel;
    AlertSeverity severity = AlertSeverity::Warning;
    bool latching = false;
    QString condition; ///< AlertRule::describe()

    AlarmState state = AlarmState::Normal;
    bool conditionActive = false; ///< the condition held at the last update
    qint64 conditionSince = 0;    ///< when it started to hold
    qint64 firedAt = 0;           ///< when this episode fired (0: never)
    qint64 returnedAt = 0;        ///< latched: when the condition ended while still firing
    qint64 clearedAt = 0;
    double value = std::numeric_limits<double>::quiet_NaN(); ///< the latest value seen
    QString text;                                            ///< or text
    double firedValue = std::numeric_limits<double>::quiet_NaN();
    QString firedText;
    QString ackUser;
    QString ackNote;
    qint64 ackAt = 0;

    /// Firing or acknowledged: shown in the Alarms dock's active list and on panels.
    bool isActive() const
    {
        return state == AlarmState::Firing || state == AlarmState::Acknowledged;
    }

    /// The condition holds (or not) at `now`; `forMs` is how long it must hold before the
    /// alarm fires. Appends what happened (fired, cleared) to `events`.
    void update(bool holds, qint64 now, qint64 forMs, QList<AlarmEvent> *events);
    /// Someone acknowledged it at `now`; false when it was not firing. A latched alarm whose
    /// condition already ended is cleared at once.
    bool acknowledge(qint64 now, const QString &user, const QString &note,
                     QList<AlarmEvent> *events);
    /// The event `kind` of this alarm at `t`, with its current value.
    AlarmEvent event(AlarmEvent::Kind kind, qint64 t) const;
};

} // namespace livedash
