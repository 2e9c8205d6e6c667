#include "httpplugin.h"
#include "httpfeed.h"

#include <livedash/feedreply.h>
#include <livedash/tlstrust.h>

#include <QCoreApplication>

namespace livedash {

PluginInfo HttpPollPlugin::info() const
{
    PluginInfo info;
    info.id = QStringLiteral("http");
    info.displayName = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "HTTP polling"));
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "Requests a URL at a fixed interval and maps each JSON "
                                 "response. Unchanged responses (ETag) are skipped."));

    using S = HttpSettings;
    info.options = {
        httpUrlOption(
            QT_TRANSLATE_NOOP("livedash::FeedPlugins", "The http:// or https:// address to poll.")),
        option(S::MethodKey, OptionType::Enum, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Method"))
            .withDefault(QStringLiteral("GET"))
            .withChoices({QStringLiteral("GET"), QStringLiteral("POST")}),
        option(S::BodyKey, OptionType::Text,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Request body"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Sent with POST requests.")),
        option(S::ContentTypeKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Content type"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Content-Type of the POST body."))
            .withDefault(QStringLiteral("application/json")),
        headersOption(),
        option(S::IntervalKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Interval"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Time between the starts of two requests, in ms."))
            .withDefault(S::DefaultIntervalMs)
            .withRange(100, 24.0 * 3600 * 1000),
        option(S::TimeoutKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Timeout"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "A request fails when no data arrives for this long, in ms."))
            .withDefault(S::DefaultTimeoutMs)
            .withRange(100, 600000),
        option(S::MaxBodyKey, OptionType::Int,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Maximum body size"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Larger responses are aborted and counted as rejected, in "
                                 "bytes."))
            .withDefault(S::DefaultMaxBodyBytes)
            .withRange(1, 1024.0 * 1024 * 1024),
    };
    info.options += TlsTrust::optionSpecs();
    return info;
}

QList<Problem> HttpPollPlugin::validate(const QVariantMap &options) const
{
    QList<Problem> errors;
    const bool post = options.value(HttpSettings::MethodKey).toString() == QLatin1String("POST");
    if (post && options.value(HttpSettings::ContentTypeKey).toString().trimmed().isEmpty())
        errors.append(
            {HttpSettings::ContentTypeKey,
             QCoreApplication::translate("livedash::FeedPlugins", "POST needs a content type")});
    errors += TlsTrust::validate(options);
    return errors;
}

std::unique_ptr<Feed> HttpPollPlugin::createFeed(const QVariantMap &options) const
{
    return std::make_unique<HttpPollFeed>(HttpSettings::fromOptions(options));
}

} // namespace livedash
