#pragma once

#include "document/alertrule.h"
#include "document/dashboard.h"

#include <QColor>
#include <QList>
#include <QString>

#include <optional>

namespace livedash {

class AlarmEngine;

/// A stretch of values an alert applies to: one of the panel's own thresholds, or the limit of
/// an alert rule. The gauge draws them on its arc; the gauge and the bar colour values by them.
struct ValueBand
{
    double from = 0; ///< may be -infinity
    double to = 0;   ///< may be +infinity
    AlertSeverity severity = AlertSeverity::Warning;
    QString source; ///< the threshold's key ("criticalAbove") or the rule's name
    bool operator==(const ValueBand &) const = default;
};

/// The bands of `channel`: the panel's warning and critical thresholds, then the "above",
/// "below" and "outside" limits of the enabled rules whose pattern matches the channel (other
/// conditions have no value band). Bands may overlap; the worst one counts.
QList<ValueBand> valueBands(const PanelConfig &config, const QList<AlertRule> &rules,
                            const QString &channel);

/// The worst band `value` is in (edges count as inside); none for NaN or when it is in none.
std::optional<AlertSeverity> severityAt(const QList<ValueBand> &bands, double value);

/// The worse of two severities, none counting as the least.
std::optional<AlertSeverity> worseSeverity(std::optional<AlertSeverity> a,
                                           std::optional<AlertSeverity> b);

/// The colour of a value at `severity`; `normal` when there is none.
QColor severityColor(std::optional<AlertSeverity> severity, const QColor &normal);

/// A value as panels print it: `decimals` digits after the point, or automatic when -1 (as
/// tiles do); NaN and infinities as text.
QString formatPanelValue(double value, int decimals);

/// The smallest 1, 2 or 5 times a power of ten that is at least `raw` (> 0).
double niceStep(double raw);

/// The worst active alarm on a channel, as panels show it (also while frozen).
struct ChannelAlarm
{
    std::optional<AlertSeverity> severity;
    QString text;                ///< "⚠ Payments slow"
    bool unacknowledged = false; ///< some alarm on it is firing and not acknowledged
    bool operator==(const ChannelAlarm &) const = default;
};
ChannelAlarm channelAlarm(const AlarmEngine *alarms, const QString &channel);

} // namespace livedash
