#include "panels/valuebands.h"
#include "alarms/alarmengine.h"
#include "widgets/palette.h"

#include <QLocale>

#include <cmath>
#include <limits>

namespace livedash {

QList<ValueBand> valueBands(const PanelConfig &config, const QList<AlertRule> &rules,
                            const QString &channel)
{
    constexpr double inf = std::numeric_limits<double>::infinity();
    QList<ValueBand> out;
    const struct
    {
        std::optional<double> limit;
        bool above;
        AlertSeverity severity;
        const char *key;
    } thresholds[] = {
        {config.warningAbove, true, AlertSeverity::Warning, "warningAbove"},
        {config.criticalAbove, true, AlertSeverity::Critical, "criticalAbove"},
        {config.warningBelow, false, AlertSeverity::Warning, "warningBelow"},
        {config.criticalBelow, false, AlertSeverity::Critical, "criticalBelow"},
    };
    for (const auto &t : thresholds)
        if (t.limit && std::isfinite(*t.limit))
            out.append({t.above ? *t.limit : -inf, t.above ? inf : *t.limit, t.severity,
                        QLatin1String(t.key)});
    for (const AlertRule &rule : rules) {
        if (!rule.enabled || !channelPatternMatches(rule.channel, channel))
            continue;
        switch (rule.condition) {
        case AlertCondition::Above:
            out.append({rule.limit, inf, rule.severity, rule.name});
            break;
        case AlertCondition::Below:
            out.append({-inf, rule.limit, rule.severity, rule.name});
            break;
        case AlertCondition::Outside:
            out.append({-inf, rule.low, rule.severity, rule.name});
            out.append({rule.high, inf, rule.severity, rule.name});
            break;
        default: // text, rate, stale and feed conditions have no band of values
            break;
        }
    }
    return out;
}

std::optional<AlertSeverity> severityAt(const QList<ValueBand> &bands, double value)
{
    std::optional<AlertSeverity> worst;
    if (std::isnan(value))
        return worst;
    for (const ValueBand &b : bands)
        if (value >= b.from && value <= b.to)
            worst = worseSeverity(worst, b.severity);
    return worst;
}

std::optional<AlertSeverity> worseSeverity(std::optional<AlertSeverity> a,
                                           std::optional<AlertSeverity> b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return std::max(*a, *b);
}

QColor severityColor(std::optional<AlertSeverity> severity, const QColor &normal)
{
    return severity ? palette::severity(*severity) : normal;
}

QString formatPanelValue(double value, int decimals)
{
    // A source's own NaN or infinity (a Prometheus query, an exporter) is a value to show.
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("\u2212Inf");
    if (decimals >= 0)
        return QLocale().toString(value, 'f', decimals);
    const double a = std::abs(value);
    if (a != 0 && (a >= 1e7 || a < 1e-3))
        return QLocale().toString(value, 'g', 4);
    return QLocale().toString(value, 'f', a >= 100 ? 0 : (a >= 10 ? 1 : 2));
}

double niceStep(double raw)
{
    if (!(raw > 0) || !std::isfinite(raw))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= raw * (1 - 1e-12))
            return m * magnitude;
    return 10 * magnitude;
}

ChannelAlarm channelAlarm(const AlarmEngine *alarms, const QString &channel)
{
    ChannelAlarm out;
    if (!alarms || channel.isEmpty())
        return out;
    const QList<Alarm> active = alarms->activeOn(channel);
    if (active.isEmpty())
        return out;
    out.severity = active.first().severity;
    out.text = QStringLiteral("⚠ ") + active.first().rule;
    for (const Alarm &a : active)
        out.unacknowledged = out.unacknowledged || a.state == AlarmState::Firing;
    return out;
}

} // namespace livedash
