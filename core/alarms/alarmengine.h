#pragma once

#include "alarms/alarm.h"
#include "document/alertrule.h"
#include "store/channel.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace livedash {

class ChannelStore;
class FeedStatusBoard;

/// Evaluates a dashboard's alert rules against its channels and feeds, in the window and
/// headless alike.
///
/// A timer pulls what each watched channel received since the last pass (as the historian
/// does), so the ingest path pays nothing; every sample is checked, so a spike between two
/// passes still fires. Durations (`for`, stale, feed down) are measured on the wall clock, not
/// on the sources' timestamps. Each rule has one alarm per matching channel (or feed).
class AlarmEngine : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultIntervalMs = 250;

    AlarmEngine(ChannelStore *channels, FeedStatusBoard *feeds, QObject *parent = nullptr);
    ~AlarmEngine() override;

    /// The rules from now on. Alarms of rules that did not change keep their state; the others
    /// start over (a firing alarm of a removed or changed rule is cleared, with that as its note).
    void setRules(const QList<AlertRule> &rules);
    const QList<AlertRule> &rules() const { return m_rules; }

    /// Evaluates every DefaultIntervalMs (or `intervalMs`) from now on; stop() ends it.
    void start(int intervalMs = DefaultIntervalMs);
    void stop();
    /// One pass at `nowMs` (the timer passes the wall clock; tests pass their own).
    void evaluate(qint64 nowMs);

    /// Every firing, acknowledged and pending alarm, in that order; within each, the worst
    /// severity first, then the newest. (Cleared ones are in the history: alarmEvent().)
    QList<Alarm> alarms() const;
    std::optional<Alarm> alarm(const QString &rule, const QString &channel) const;
    /// Firing alarms nobody acknowledged, and the worst severity among them.
    int unacknowledged() const;
    std::optional<AlertSeverity> worstUnacknowledged() const;
    /// The worst severity of the active (firing or acknowledged) alarms on `channel`.
    std::optional<AlertSeverity> activeSeverity(const QString &channel) const;
    /// The active alarms on `channel`, worst first.
    QList<Alarm> activeOn(const QString &channel) const;

    bool acknowledge(const QString &rule, const QString &channel, const QString &note,
                     qint64 nowMs);
    /// Acknowledges every firing alarm; returns how many.
    int acknowledgeAll(const QString &note, qint64 nowMs);
    /// Who acknowledges: the OS user name.
    static QString userName();
    void setUserName(const QString &user) { m_user = user; }

    /// Brings back the alarms that were firing or acknowledged when the history ends (the
    /// events of an earlier run, oldest first), as long as their rule still exists. Their
    /// condition is taken to still hold: the next pass clears them if it does not (a latching
    /// one stays firing until acknowledged). Call after setRules().
    void restore(const QList<AlarmEvent> &history);

Q_SIGNALS:
    /// An alarm fired, was acknowledged, or cleared.
    void alarmEvent(const livedash::AlarmEvent &event);
    /// Some alarm's state or value changed (after a pass, or an acknowledgement).
    void changed();

private:
    struct Watched;
    struct RuleState;
    void evaluateRule(RuleState &rs, qint64 now, QList<AlarmEvent> *events);
    void evaluateChannel(RuleState &rs, Watched &w, qint64 now, QList<AlarmEvent> *events);
    void evaluateFeed(RuleState &rs, qint64 now, QList<AlarmEvent> *events);
    void publish(const QList<AlarmEvent> &events, bool changed);
    Alarm &alarmFor(RuleState &rs, const QString &channel);

    ChannelStore *m_channels;
    FeedStatusBoard *m_feeds;
    QList<AlertRule> m_rules;
    std::vector<std::unique_ptr<RuleState>> m_states;
    QTimer m_timer;
    QString m_user;
    quint64 m_layoutSeen = ~quint64(0);
    quint64 m_revision = 0; ///< bumped when any alarm's state or value changes
    quint64 m_published = 0;
};

} // namespace livedash
