#include "alarms/alarmengine.h"

#include "ingest/feedstatus.h"
#include "store/channelstore.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace livedash {

/// A channel one rule watches, and what the rule saw of it last time.
struct AlarmEngine::Watched
{
    ChannelPtr channel;
    bool primed = false; ///< seen once: from then on every new sample is checked
    quint64 seenNumbers = 0;
    quint64 seenTexts = 0;
    quint64 version = 0;
    qint64 lastChangeMs = 0;        ///< wall clock of the last pass that found new data
    std::optional<Sample> previous; ///< the last sample checked (rate of change)
};

struct AlarmEngine::RuleState
{
    AlertRule rule;
    QRegularExpression pattern;
    qint64 since = 0; ///< when the rule was set (stale: how long a pattern matched nothing)
    quint64 layoutSeen = ~quint64(0);
    QHash<QString, Watched> watched;
    QHash<QString, Alarm> alarms; ///< by channel (feedDown: by feed id)
    qint64 downSince = 0;         ///< feedDown: when the feed was first seen not live
};

AlarmEngine::AlarmEngine(ChannelStore *channels, FeedStatusBoard *feeds, QObject *parent)
    : QObject(parent), m_channels(channels), m_feeds(feeds), m_user(userName())
{
    connect(&m_timer, &QTimer::timeout, this,
            [this] { evaluate(QDateTime::currentMSecsSinceEpoch()); });
}

AlarmEngine::~AlarmEngine() = default;

QString AlarmEngine::userName()
{
    // USER on Linux and macOS, USERNAME on Windows.
    for (const char *name : {"USER", "USERNAME", "LOGNAME"}) {
        const QString user = qEnvironmentVariable(name);
        if (!user.isEmpty())
            return user;
    }
    return QStringLiteral("unknown");
}

void AlarmEngine::setRules(const QList<AlertRule> &rules)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::vector<std::unique_ptr<RuleState>> next;
    QList<AlarmEvent> events;
    for (const AlertRule &rule : rules) {
        auto same = std::find_if(m_states.begin(), m_states.end(),
                                 [&](const auto &rs) { return rs && rs->rule == rule; });
        if (same != m_states.end()) {
            next.push_back(std::move(*same));
            continue;
        }
        auto rs = std::make_unique<RuleState>();
        rs->rule = rule;
        rs->pattern = rule.compiledPattern();
        rs->since = now;
        next.push_back(std::move(rs));
    }
    for (const auto &old : m_states) {
        if (!old)
            continue;
        for (Alarm &alarm : old->alarms) {
            if (!alarm.isActive())
                continue;
            AlarmEvent e = alarm.event(AlarmEvent::Kind::Cleared, now);
            e.note = QStringLiteral("the rule was changed or removed");
            events.append(e);
        }
    }
    m_states = std::move(next);
    m_rules = rules;
    publish(events, true);
}

void AlarmEngine::start(int intervalMs)
{
    m_timer.start(intervalMs);
}

void AlarmEngine::stop()
{
    m_timer.stop();
}

Alarm &AlarmEngine::alarmFor(RuleState &rs, const QString &channel)
{
    auto it = rs.alarms.find(channel);
    if (it == rs.alarms.end()) {
        Alarm alarm;
        alarm.rule = rs.rule.name;
        alarm.channel = channel;
        alarm.severity = rs.rule.severity;
        alarm.latching = rs.rule.latching;
        alarm.condition = rs.rule.describe();
        it = rs.alarms.insert(channel, alarm);
    }
    return *it;
}

void AlarmEngine::evaluate(qint64 nowMs)
{
    QList<AlarmEvent> events;
    const quint64 before = m_revision;
    for (const auto &rs : m_states)
        if (rs->rule.enabled)
            evaluateRule(*rs, nowMs, &events);
    publish(events, m_revision != before);
}

void AlarmEngine::evaluateRule(RuleState &rs, qint64 now, QList<AlarmEvent> *events)
{
    if (rs.rule.condition == AlertCondition::FeedDown) {
        evaluateFeed(rs, now, events);
        return;
    }
    const quint64 layout = m_channels->layoutVersion();
    if (layout != rs.layoutSeen) {
        rs.layoutSeen = layout;
        QHash<QString, Watched> watched;
        for (const ChannelPtr &channel : m_channels->match(rs.rule.channel)) {
            Watched w = rs.watched.value(channel->name());
            if (w.channel != channel) { // new, or a new channel object under an old name
                w = Watched();
                w.channel = channel;
            }
            watched.insert(channel->name(), w);
        }
        rs.watched = std::move(watched);
    }
    for (Watched &w : rs.watched)
        evaluateChannel(rs, w, now, events);
    if (rs.rule.condition == AlertCondition::Stale) {
        // A pattern nothing matches is stale too: the source never sent anything.
        // (A rule on one exact channel has that channel's alarm under the same key.)
        const bool nothing = rs.watched.isEmpty();
        if (!rs.watched.contains(rs.rule.channel) &&
            (nothing || rs.alarms.contains(rs.rule.channel))) {
            Alarm &alarm = alarmFor(rs, rs.rule.channel);
            const AlarmState before = alarm.state;
            alarm.value = double(now - rs.since) / 1000.0;
            alarm.update(nothing && now - rs.since >= qint64(rs.rule.seconds) * 1000, now,
                         qint64(rs.rule.forSeconds) * 1000, events);
            if (alarm.state != before)
                ++m_revision;
        }
    }
}

void AlarmEngine::evaluateChannel(RuleState &rs, Watched &w, qint64 now, QList<AlarmEvent> *events)
{
    const AlertRule &rule = rs.rule;
    const qint64 forMs = qint64(rule.forSeconds) * 1000;
    Alarm &alarm = alarmFor(rs, w.channel->name());
    const AlarmState stateBefore = alarm.state;
    const double valueBefore = alarm.value;
    const QString textBefore = alarm.text;
    const bool firstLook = !w.primed;
    w.primed = true;

    if (rule.condition == AlertCondition::Stale) {
        const quint64 version = w.channel->version();
        if (firstLook || version != w.version) {
            w.version = version;
            w.lastChangeMs = now;
        }
        alarm.value = double(now - w.lastChangeMs) / 1000.0;
        alarm.update(now - w.lastChangeMs >= qint64(rule.seconds) * 1000, now, forMs, events);
    } else if (rule.isNumeric()) {
        const bool rate = rule.condition == AlertCondition::RateAbove;
        bool checked = false;
        const auto check = [&](const Sample &s) {
            double x = s.v;
            if (rate) {
                const std::optional<Sample> previous = std::exchange(w.previous, s);
                if (!previous || s.t <= previous->t)
                    return;
                x = (s.v - previous->v) * 1000.0 / double(s.t - previous->t);
            }
            alarm.value = x;
            // Hysteresis keeps a firing alarm from flapping; it does not lower the bar for one
            // still pending, which fires only on values past the limit itself.
            alarm.update(rule.holds(x, alarm.isActive()), now, forMs, events);
            checked = true;
        };
        if (firstLook) {
            // Only the newest: what came before the rule (or the restart) is history.
            w.seenNumbers = w.channel->totalNumbers();
            if (rate) {
                if (const auto two = w.channel->lastTwoNumbers()) {
                    w.previous = two->first;
                    check(two->second);
                } else {
                    w.previous = w.channel->lastNumber();
                }
            } else if (const std::optional<Sample> last = w.channel->lastNumber()) {
                check(*last);
            }
        } else {
            bool overrun = false;
            w.seenNumbers = w.channel->forEachNumberSince(w.seenNumbers, check, &overrun);
        }
        if (!checked) // nothing new: time alone may take a pending alarm to firing
            alarm.update(alarm.conditionActive, now, forMs, events);
    } else if (rule.isText()) {
        bool checked = false;
        const auto check = [&](const QString &text) {
            alarm.text = text;
            alarm.update(rule.holdsText(text, rs.pattern), now, forMs, events);
            checked = true;
        };
        if (firstLook) {
            w.seenTexts = w.channel->totalTexts();
            if (const std::optional<TextSample> last = w.channel->lastText())
                check(last->text);
        } else {
            for (const TextSample &t : w.channel->textsSince(w.seenTexts, &w.seenTexts))
                check(t.text);
        }
        if (!checked)
            alarm.update(alarm.conditionActive, now, forMs, events);
    }
    const bool valueChanged =
        alarm.text != textBefore ||
        !(alarm.value == valueBefore || (std::isnan(alarm.value) && std::isnan(valueBefore)));
    if (alarm.state != stateBefore || (alarm.state != AlarmState::Normal && valueChanged))
        ++m_revision;
}

void AlarmEngine::evaluateFeed(RuleState &rs, qint64 now, QList<AlarmEvent> *events)
{
    const QString feed = ChannelStore::feedIdOf(rs.rule.channel);
    const std::optional<FeedStatus> status = m_feeds ? m_feeds->status(feed) : std::nullopt;
    bool down = false;
    if (status) {
        switch (status->state) {
        case FeedState::Connecting:
        case FeedState::Retrying:
        case FeedState::Error:
        case FeedState::Finished:
            down = true;
            break;
        case FeedState::Live:
        case FeedState::Stopped: // switched off on purpose: not an alarm
            break;
        }
    }
    if (!down)
        rs.downSince = 0;
    else if (rs.downSince == 0)
        rs.downSince = now;
    Alarm &alarm = alarmFor(rs, feed);
    const AlarmState before = alarm.state;
    const QString textBefore = alarm.text;
    alarm.value = down ? double(now - rs.downSince) / 1000.0 : 0.0;
    if (status)
        alarm.text = status->lastError.isEmpty() ? feedStateName(status->state) : status->lastError;
    alarm.update(down && now - rs.downSince >= qint64(rs.rule.seconds) * 1000, now,
                 qint64(rs.rule.forSeconds) * 1000, events);
    if (alarm.state != before || (alarm.state != AlarmState::Normal && alarm.text != textBefore))
        ++m_revision;
}

void AlarmEngine::publish(const QList<AlarmEvent> &events, bool changed)
{
    for (const AlarmEvent &e : events)
        Q_EMIT alarmEvent(e);
    if (changed || !events.isEmpty())
        Q_EMIT this->changed();
}

namespace {

int stateRank(AlarmState state)
{
    switch (state) {
    case AlarmState::Firing:
        return 0;
    case AlarmState::Acknowledged:
        return 1;
    case AlarmState::Pending:
        return 2;
    default:
        return 3;
    }
}

} // namespace

QList<Alarm> AlarmEngine::alarms() const
{
    QList<Alarm> out;
    for (const auto &rs : m_states)
        for (const Alarm &alarm : rs->alarms)
            if (alarm.isActive() || alarm.state == AlarmState::Pending)
                out.append(alarm);
    std::sort(out.begin(), out.end(), [](const Alarm &a, const Alarm &b) {
        if (stateRank(a.state) != stateRank(b.state))
            return stateRank(a.state) < stateRank(b.state);
        if (a.severity != b.severity)
            return a.severity > b.severity;
        if (a.firedAt != b.firedAt)
            return a.firedAt > b.firedAt;
        return std::tie(a.rule, a.channel) < std::tie(b.rule, b.channel);
    });
    return out;
}

std::optional<Alarm> AlarmEngine::alarm(const QString &rule, const QString &channel) const
{
    for (const auto &rs : m_states)
        if (rs->rule.name == rule && rs->alarms.contains(channel))
            return rs->alarms.value(channel);
    return std::nullopt;
}

int AlarmEngine::unacknowledged() const
{
    int n = 0;
    for (const auto &rs : m_states)
        for (const Alarm &alarm : rs->alarms)
            n += alarm.state == AlarmState::Firing ? 1 : 0;
    return n;
}

std::optional<AlertSeverity> AlarmEngine::worstUnacknowledged() const
{
    std::optional<AlertSeverity> worst;
    for (const auto &rs : m_states)
        for (const Alarm &alarm : rs->alarms)
            if (alarm.state == AlarmState::Firing && (!worst || alarm.severity > *worst))
                worst = alarm.severity;
    return worst;
}

std::optional<AlertSeverity> AlarmEngine::activeSeverity(const QString &channel) const
{
    std::optional<AlertSeverity> worst;
    for (const auto &rs : m_states) {
        const auto it = rs->alarms.constFind(channel);
        if (it != rs->alarms.constEnd() && it->isActive() && (!worst || it->severity > *worst))
            worst = it->severity;
    }
    return worst;
}

QList<Alarm> AlarmEngine::activeOn(const QString &channel) const
{
    QList<Alarm> out;
    for (const auto &rs : m_states) {
        const auto it = rs->alarms.constFind(channel);
        if (it != rs->alarms.constEnd() && it->isActive())
            out.append(*it);
    }
    std::sort(out.begin(), out.end(),
              [](const Alarm &a, const Alarm &b) { return a.severity > b.severity; });
    return out;
}

bool AlarmEngine::acknowledge(const QString &rule, const QString &channel, const QString &note,
                              qint64 nowMs)
{
    QList<AlarmEvent> events;
    for (const auto &rs : m_states) {
        if (rs->rule.name != rule)
            continue;
        const auto it = rs->alarms.find(channel);
        if (it != rs->alarms.end() && it->acknowledge(nowMs, m_user, note, &events)) {
            publish(events, true);
            return true;
        }
    }
    return false;
}

int AlarmEngine::acknowledgeAll(const QString &note, qint64 nowMs)
{
    QList<AlarmEvent> events;
    int n = 0;
    for (const auto &rs : m_states)
        for (Alarm &alarm : rs->alarms)
            n += alarm.acknowledge(nowMs, m_user, note, &events) ? 1 : 0;
    if (n > 0)
        publish(events, true);
    return n;
}

void AlarmEngine::restore(const QList<AlarmEvent> &history)
{
    // The last episode of each alarm: its Fired event, and its acknowledgement if any.
    struct Episode
    {
        AlarmEvent fired;
        std::optional<AlarmEvent> ack;
        bool over = false;
    };
    QHash<std::pair<QString, QString>, Episode> episodes;
    for (const AlarmEvent &e : history) {
        const std::pair<QString, QString> key{e.rule, e.channel};
        switch (e.kind) {
        case AlarmEvent::Kind::Fired:
            episodes.insert(key, Episode{e, std::nullopt, false});
            break;
        case AlarmEvent::Kind::Acknowledged:
            if (episodes.contains(key))
                episodes[key].ack = e;
            break;
        case AlarmEvent::Kind::Cleared:
            if (episodes.contains(key))
                episodes[key].over = true;
            break;
        }
    }
    bool any = false;
    for (auto it = episodes.cbegin(); it != episodes.cend(); ++it) {
        const Episode &episode = it.value();
        if (episode.over)
            continue;
        for (const auto &rs : m_states) {
            if (rs->rule.name != episode.fired.rule)
                continue;
            Alarm &alarm = alarmFor(*rs, episode.fired.channel);
            alarm.state = episode.ack ? AlarmState::Acknowledged : AlarmState::Firing;
            alarm.conditionActive = true;
            alarm.conditionSince = alarm.firedAt = episode.fired.t;
            alarm.value = alarm.firedValue = episode.fired.value;
            alarm.text = alarm.firedText = episode.fired.text;
            if (episode.ack) {
                alarm.ackUser = episode.ack->user;
                alarm.ackNote = episode.ack->note;
                alarm.ackAt = episode.ack->t;
            }
            any = true;
        }
    }
    if (any) {
        ++m_revision;
        Q_EMIT changed();
    }
}

} // namespace livedash
