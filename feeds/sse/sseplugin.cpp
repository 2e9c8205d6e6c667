#include "sseplugin.h"
#include "ssefeed.h"

#include <livedash/feedreply.h>
#include <livedash/tlstrust.h>

#include <QCoreApplication>

namespace livedash {

PluginInfo SsePlugin::info() const
{
    PluginInfo info;
    info.id = QStringLiteral("sse");
    info.displayName =
        QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Server-Sent Events"));
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "Reads a text/event-stream; each event's data is one JSON "
                                 "message."));

    using S = SseSettings;
    info.options = {
        httpUrlOption(QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                        "The http:// or https:// address of the event stream.")),
        headersOption(),
        option(S::EventAsPrefixKey, OptionType::Bool,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Event name as channel prefix"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Channels of an event named \"score\" are put under "
                                 "\"<feed>/score/\" (unnamed events are not)."))
            .withDefault(true),
        option(S::ConnectTimeoutKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Connect timeout"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "The response headers must arrive within this, in ms."))
            .withDefault(S::DefaultConnectTimeoutMs)
            .withRange(100, 600000),
        option(S::IdleTimeoutKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Idle timeout"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Reconnect when nothing (not even a comment) arrives for "
                                 "this long, in ms."))
            .withDefault(S::DefaultIdleTimeoutMs)
            .withRange(100, 24.0 * 3600 * 1000),
        option(S::MaxEventKey, OptionType::Int,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Maximum event size"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Larger events are discarded and counted as rejected, in "
                                 "bytes."))
            .withDefault(S::DefaultMaxEventBytes)
            .withRange(16, 256.0 * 1024 * 1024),
    };
    info.options += TlsTrust::optionSpecs();
    return info;
}

QList<Problem> SsePlugin::validate(const QVariantMap &options) const
{
    return TlsTrust::validate(options);
}

std::unique_ptr<Feed> SsePlugin::createFeed(const QVariantMap &options) const
{
    return std::make_unique<SseFeed>(SseSettings::fromOptions(options));
}

} // namespace livedash
