#include "alarms/alarm.h"

#include <QJsonValue>

#include <cmath>

namespace livedash {

QString alarmStateName(AlarmState state)
{
    switch (state) {
    case AlarmState::Normal:
        return QStringLiteral("normal");
    case AlarmState::Pending:
        return QStringLiteral("pending");
    case AlarmState::Firing:
        return QStringLiteral("firing");
    case AlarmState::Acknowledged:
        return QStringLiteral("acknowledged");
    case AlarmState::Cleared:
        return QStringLiteral("cleared");
    }
    return {};
}

QString AlarmEvent::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Fired:
        return QStringLiteral("fired");
    case Kind::Acknowledged:
        return QStringLiteral("acknowledged");
    case Kind::Cleared:
        return QStringLiteral("cleared");
    }
    return {};
}

QJsonObject AlarmEvent::toJson() const
{
    QJsonObject o{{QStringLiteral("alarm"), kindName(kind)},
                  {QStringLiteral("t"), double(t)},
                  {QStringLiteral("rule"), rule},
                  {QStringLiteral("channel"), channel},
                  {QStringLiteral("severity"), alertSeverityName(severity)}};
    if (!condition.isEmpty())
        o.insert(QStringLiteral("condition"), condition);
    if (std::isfinite(value))
        o.insert(QStringLiteral("value"), value);
    if (!text.isEmpty())
        o.insert(QStringLiteral("text"), text);
    if (!user.isEmpty())
        o.insert(QStringLiteral("user"), user);
    if (!note.isEmpty())
        o.insert(QStringLiteral("note"), note);
    return o;
}

std::optional<AlarmEvent> AlarmEvent::fromJson(const QJsonObject &o)
{
    AlarmEvent e;
    const QString kind = o.value(QStringLiteral("alarm")).toString();
    bool known = false;
    for (Kind k : {Kind::Fired, Kind::Acknowledged, Kind::Cleared})
        if (kindName(k) == kind) {
            e.kind = k;
            known = true;
        }
    const std::optional<AlertSeverity> severity =
        alertSeverityFromName(o.value(QStringLiteral("severity")).toString());
    if (!known || !severity || !o.value(QStringLiteral("t")).isDouble())
        return std::nullopt;
    e.severity = *severity;
    e.t = qint64(o.value(QStringLiteral("t")).toDouble());
    e.rule = o.value(QStringLiteral("rule")).toString();
    e.channel = o.value(QStringLiteral("channel")).toString();
    e.condition = o.value(QStringLiteral("condition")).toString();
    if (o.value(QStringLiteral("value")).isDouble())
        e.value = o.value(QStringLiteral("value")).toDouble();
    e.text = o.value(QStringLiteral("text")).toString();
    e.user = o.value(QStringLiteral("user")).toString();
    e.note = o.value(QStringLiteral("note")).toString();
    if (e.rule.isEmpty())
        return std::nullopt;
    return e;
}

AlarmEvent Alarm::event(AlarmEvent::Kind kind, qint64 t) const
{
    AlarmEvent e;
    e.kind = kind;
    e.t = t;
    e.rule = rule;
    e.channel = channel;
    e.severity = severity;
    e.condition = condition;
    e.value = value;
    e.text = text;
    return e;
}

void Alarm::update(bool holds, qint64 now, qint64 forMs, QList<AlarmEvent> *events)
{
    if (holds) {
        if (!conditionActive) {
            conditionActive = true;
            conditionSince = now;
        }
        returnedAt = 0; // a latched alarm whose condition came back is held again
        switch (state) {
        case AlarmState::Normal:
        case AlarmState::Cleared:
        case AlarmState::Pending:
            if (now - conditionSince >= forMs) {
                state = AlarmState::Firing;
                firedAt = now;
                clearedAt = 0;
                firedValue = value;
                firedText = text;
                ackUser.clear();
                ackNote.clear();
                ackAt = 0;
                events->append(event(AlarmEvent::Kind::Fired, now));
            } else {
                state = AlarmState::Pending;
            }
            break;
        case AlarmState::Firing:
        case AlarmState::Acknowledged:
            break;
        }
        return;
    }
    conditionActive = false;
    switch (state) {
    case AlarmState::Pending:
        state = firedAt > 0 ? AlarmState::Cleared : AlarmState::Normal;
        break;
    case AlarmState::Firing:
        if (latching) {
            if (returnedAt == 0)
                returnedAt = now;
            break;
        }
        [[fallthrough]];
    case AlarmState::Acknowledged:
        state = AlarmState::Cleared;
        clearedAt = now;
        events->append(event(AlarmEvent::Kind::Cleared, now));
        break;
    case AlarmState::Normal:
    case AlarmState::Cleared:
        break;
    }
}

bool Alarm::acknowledge(qint64 now, const QString &user, const QString &note,
                        QList<AlarmEvent> *events)
{
    if (state != AlarmState::Firing)
        return false;
    ackUser = user;
    ackNote = note;
    ackAt = now;
    AlarmEvent e = event(AlarmEvent::Kind::Acknowledged, now);
    e.user = user;
    e.note = note;
    events->append(e);
    if (conditionActive) {
        state = AlarmState::Acknowledged;
    } else {
        state = AlarmState::Cleared;
        clearedAt = now;
        events->append(event(AlarmEvent::Kind::Cleared, now));
    }
    return true;
}

} // namespace livedash
