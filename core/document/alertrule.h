#pragma once

#include <livedash/problem.h>

#include <QRegularExpression>
#include <QString>

#include <optional>

namespace livedash {

/// How bad an alarm is: the Alarms dock sorts by it, the status bar takes the worst one's colour.
enum class AlertSeverity { Info, Warning, Critical };
QString alertSeverityName(AlertSeverity severity);
std::optional<AlertSeverity> alertSeverityFromName(const QString &name);

/// What an alert rule watches for.
enum class AlertCondition {
    Above,     ///< a number above `limit`
    Below,     ///< a number below `limit`
    Outside,   ///< a number below `low` or above `high`
    Equals,    ///< a text equal to `text`
    Matches,   ///< a text matching the regular expression `text`
    Stale,     ///< no sample at all for `seconds`
    FeedDown,  ///< the feed of `channel` not live for `seconds`
    RateAbove, ///< a number changing faster than `limit` per second, either way
};
QString alertConditionName(AlertCondition condition);
std::optional<AlertCondition> alertConditionFromName(const QString &name);

/// One alert rule of a dashboard ("alerts" in the file):
///
///     {"name": "CPU hot", "channel": "metrics/cpu", "when": "above", "limit": 90,
///      "for": 30, "hysteresis": 2, "severity": "critical", "latch": true}
///
/// `channel` is a channel name or pattern ("metrics/*/cpu"): every matching channel has an alarm
/// of its own. For "feedDown" it names the feed ("metrics" or "metrics/**").
struct AlertRule
{
    QString name; ///< unique in the dashboard: alarms and their history are keyed by it
    QString channel;
    AlertCondition condition = AlertCondition::Above;
    double limit = 0; ///< above, below; per second for rate
    double low = 0;   ///< outside
    double high = 0;
    QString text;    ///< equals; matches (a regular expression)
    int seconds = 0; ///< stale, feedDown: how long without data, or down
    /// How long the condition must hold before the alarm fires (pending until then).
    int forSeconds = 0;
    /// How far a number must come back past the limit before the condition ends, so that a value
    /// sitting on the threshold does not flap (numeric conditions).
    double hysteresis = 0;
    AlertSeverity severity = AlertSeverity::Warning;
    /// Stays firing after the condition ends, until someone acknowledges it.
    bool latching = false;
    bool enabled = true;
    bool operator==(const AlertRule &) const = default;

    bool isNumeric() const;
    bool isText() const;
    /// Whether `value` meets a numeric condition; `wasActive`: it met it last time (hysteresis
    /// then applies). For RateAbove, `value` is the rate per second.
    bool holds(double value, bool wasActive) const;
    /// Whether `text` meets Equals or Matches; `pattern` is `text` compiled (compiledPattern()),
    /// so that a rule is not compiled per sample.
    bool holdsText(const QString &text, const QRegularExpression &pattern) const;
    QRegularExpression compiledPattern() const;
    /// "above 90", "outside [10, 20]", "no data for 30 s": the condition, in English.
    QString describe() const;

    /// What is wrong with the rule's values, if anything (its path is the key: "high").
    std::optional<Problem> problem() const;
};

} // namespace livedash
