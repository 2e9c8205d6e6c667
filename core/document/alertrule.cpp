#include "document/alertrule.h"

#include <cmath>

namespace livedash {

namespace {

constexpr std::pair<AlertSeverity, const char *> SeverityNames[] = {
    {AlertSeverity::Info, "info"},
    {AlertSeverity::Warning, "warning"},
    {AlertSeverity::Critical, "critical"},
};

constexpr std::pair<AlertCondition, const char *> ConditionNames[] = {
    {AlertCondition::Above, "above"},       {AlertCondition::Below, "below"},
    {AlertCondition::Outside, "outside"},   {AlertCondition::Equals, "equals"},
    {AlertCondition::Matches, "matches"},   {AlertCondition::Stale, "stale"},
    {AlertCondition::FeedDown, "feedDown"}, {AlertCondition::RateAbove, "rate"},
};

template<typename Enum, size_t N>
QString nameOf(const std::pair<Enum, const char *> (&names)[N], Enum value)
{
    for (const auto &[v, name] : names)
        if (v == value)
            return QLatin1String(name);
    return {};
}

template<typename Enum, size_t N>
std::optional<Enum> valueOf(const std::pair<Enum, const char *> (&names)[N], const QString &name)
{
    for (const auto &[v, n] : names)
        if (name == QLatin1String(n))
            return v;
    return std::nullopt;
}

QString number(double v)
{
    return QString::number(v, 'g', 10);
}

} // namespace

QString alertSeverityName(AlertSeverity severity)
{
    return nameOf(SeverityNames, severity);
}

std::optional<AlertSeverity> alertSeverityFromName(const QString &name)
{
    return valueOf(SeverityNames, name);
}

QString alertConditionName(AlertCondition condition)
{
    return nameOf(ConditionNames, condition);
}

std::optional<AlertCondition> alertConditionFromName(const QString &name)
{
    return valueOf(ConditionNames, name);
}

bool AlertRule::isNumeric() const
{
    return condition == AlertCondition::Above || condition == AlertCondition::Below ||
           condition == AlertCondition::Outside || condition == AlertCondition::RateAbove;
}

bool AlertRule::isText() const
{
    return condition == AlertCondition::Equals || condition == AlertCondition::Matches;
}

bool AlertRule::holds(double value, bool wasActive) const
{
    if (!std::isfinite(value))
        return wasActive; // a missing value neither starts nor ends an alarm
    // Once active, the condition holds until the value is back past the limit by the hysteresis.
    const double h = wasActive ? std::abs(hysteresis) : 0.0;
    switch (condition) {
    case AlertCondition::Above:
        return value > limit - h;
    case AlertCondition::Below:
        return value < limit + h;
    case AlertCondition::Outside:
        return value < low + h || value > high - h;
    case AlertCondition::RateAbove:
        return std::abs(value) > limit - h;
    default:
        return false;
    }
}

QRegularExpression AlertRule::compiledPattern() const
{
    if (condition != AlertCondition::Matches)
        return {};
    return QRegularExpression(text, QRegularExpression::UseUnicodePropertiesOption);
}

bool AlertRule::holdsText(const QString &value, const QRegularExpression &pattern) const
{
    if (condition == AlertCondition::Equals)
        return value == text;
    if (condition == AlertCondition::Matches)
        return pattern.isValid() && pattern.match(value).hasMatch();
    return false;
}

QString AlertRule::describe() const
{
    switch (condition) {
    case AlertCondition::Above:
        return QStringLiteral("above %1").arg(number(limit));
    case AlertCondition::Below:
        return QStringLiteral("below %1").arg(number(limit));
    case AlertCondition::Outside:
        return QStringLiteral("outside [%1, %2]").arg(number(low), number(high));
    case AlertCondition::Equals:
        return QStringLiteral("equals \"%1\"").arg(text);
    case AlertCondition::Matches:
        return QStringLiteral("matches /%1/").arg(text);
    case AlertCondition::Stale:
        return QStringLiteral("no data for %1 s").arg(seconds);
    case AlertCondition::FeedDown:
        return QStringLiteral("feed down for %1 s").arg(seconds);
    case AlertCondition::RateAbove:
        return QStringLiteral("changing faster than %1/s").arg(number(limit));
    }
    return {};
}

std::optional<Problem> AlertRule::problem() const
{
    if (name.trimmed().isEmpty())
        return Problem{QStringLiteral("name"), QStringLiteral("required")};
    if (channel.trimmed().isEmpty())
        return Problem{QStringLiteral("channel"), QStringLiteral("required")};
    if (condition == AlertCondition::Outside && !(low < high))
        return Problem{QStringLiteral("high"),
                       QStringLiteral("must be greater than low (%1)").arg(number(low))};
    if (condition == AlertCondition::RateAbove && limit < 0)
        return Problem{QStringLiteral("limit"), QStringLiteral("must not be negative")};
    if (isText() && text.isEmpty())
        return Problem{QStringLiteral("text"), QStringLiteral("required")};
    if (condition == AlertCondition::Matches) {
        const QRegularExpression re = compiledPattern();
        if (!re.isValid())
            return Problem{QStringLiteral("text"),
                           QStringLiteral("not a regular expression: %1 at offset %2")
                               .arg(re.errorString())
                               .arg(re.patternErrorOffset())};
    }
    if ((condition == AlertCondition::Stale || condition == AlertCondition::FeedDown) &&
        seconds < 1)
        return Problem{QStringLiteral("seconds"), QStringLiteral("must be at least 1")};
    if (hysteresis < 0)
        return Problem{QStringLiteral("hysteresis"), QStringLiteral("must not be negative")};
    if (condition == AlertCondition::Outside && 2 * hysteresis >= high - low)
        return Problem{
            QStringLiteral("hysteresis"),
            QStringLiteral("must be less than half the range (%1)").arg(number((high - low) / 2))};
    return std::nullopt;
}

} // namespace livedash
