#include "prometheusplugin.h"
#include "prometheusfeed.h"

#include <livedash/feedreply.h>
#include <livedash/tlstrust.h>

#include <QCoreApplication>
#include <QRegularExpression>

namespace livedash {

PluginInfo PrometheusPlugin::info() const
{
    PluginInfo info;
    info.id = QStringLiteral("prometheus");
    info.displayName = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Prometheus"));
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins",
        "Runs a PromQL query against a Prometheus server at an interval (the charts' history "
        "is loaded at start), or reads an exporter's /metrics page directly."));

    using S = PrometheusSettings;
    info.options = {
        httpUrlOption(QT_TRANSLATE_NOOP(
            "livedash::FeedPlugins",
            "Query mode: the Prometheus server's base URL (http://host:9090). Metrics mode: "
            "the exporter's page (http://host:9100/metrics).")),
        option(S::ModeKey, OptionType::Enum, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Mode"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "query: PromQL against a Prometheus server. metrics: a /metrics "
                                 "page in the Prometheus text format, without a server."))
            .withDefault(S::QueryMode)
            .withChoices({S::QueryMode, S::MetricsMode}),
        option(S::QueryKey, OptionType::Text,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "PromQL query"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Query mode: the expression, e.g. rate(node_cpu_seconds_total"
                                 "{mode=\"user\"}[1m]).")),
        option(S::IntervalKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Interval"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Time between the starts of two queries or scrapes, in ms."))
            .withDefault(S::DefaultIntervalMs)
            .withRange(100, 24.0 * 3600 * 1000),
        option(S::StepKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "History step"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Query mode: the resolution of the history loaded at start, in "
                                 "ms; 0 for automatic (about 500 points per chart window, at "
                                 "least 1 s)."))
            .withDefault(0)
            .withRange(0, 24.0 * 3600 * 1000),
        headersOption(),
        option(S::ChannelKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Channel name"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Empty: named by the series' labels (node_load1/instance=host:"
                                 "9100). A template names them instead: cpu/{instance}/{mode}, "
                                 "{__name__} for the metric name.")),
        option(S::MetricsKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Metric names"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Metrics mode: a regular expression the whole metric name must "
                                 "match (node_load.*|node_memory_MemFree_bytes); empty for all.")),
        option(S::CounterRatesKey, OptionType::Bool,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Counters as rates"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Metrics mode: counters (and histogram and summary counts and "
                                 "sums) shown as their increase per second between two scrapes."))
            .withDefault(false),
        option(S::TimeoutKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Timeout"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "A request fails when no data arrives for this long, in ms."))
            .withDefault(S::DefaultTimeoutMs)
            .withRange(100, 600000),
    };
    info.options += TlsTrust::optionSpecs();
    return info;
}

QList<Problem> PrometheusPlugin::validate(const QVariantMap &options) const
{
    using S = PrometheusSettings;
    QList<Problem> problems;
    const bool metrics = options.value(S::ModeKey).toString() == S::MetricsMode;
    if (!metrics && options.value(S::QueryKey).toString().trimmed().isEmpty())
        problems.append({S::QueryKey, QCoreApplication::translate("livedash::FeedPlugins",
                                                                  "query mode needs a query")});
    const QString filter = options.value(S::MetricsKey).toString().trimmed();
    if (!filter.isEmpty()) {
        const QRegularExpression re(filter);
        if (!re.isValid())
            problems.append({S::MetricsKey, QCoreApplication::translate(
                                                "livedash::FeedPlugins",
                                                "not a regular expression: %1 at character %2")
                                                .arg(re.errorString())
                                                .arg(re.patternErrorOffset() + 1)});
    }
    const QString problem = S::templateProblem(options.value(S::ChannelKey).toString().trimmed());
    if (!problem.isEmpty())
        problems.append({S::ChannelKey, problem});
    problems += TlsTrust::validate(options);
    return problems;
}

std::unique_ptr<Feed> PrometheusPlugin::createFeed(const QVariantMap &options) const
{
    return std::make_unique<PrometheusFeed>(PrometheusSettings::fromOptions(options));
}

} // namespace livedash
