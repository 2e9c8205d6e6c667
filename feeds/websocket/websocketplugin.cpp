#include "websocketplugin.h"
#include "websocketfeed.h"

#include <QCoreApplication>

namespace livedash {

namespace {

constexpr double DayMs = 24.0 * 3600 * 1000;

} // namespace

WebSocketPlugin::WebSocketPlugin(QObject *parent) : QObject(parent) {}

PluginInfo WebSocketPlugin::info() const
{
    PluginInfo info;
    info.id = QStringLiteral("websocket");
    info.displayName = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "WebSocket"));
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "Reads JSON messages (text or binary frames) from a "
                                 "WebSocket server and reconnects when the connection "
                                 "drops."));

    using S = WebSocketSettings;
    info.options = {
        option(S::UrlKey, OptionType::Url, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "URL"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Server address, e.g. wss://example.com/stream."))
            .asRequired()
            .withChoices({QStringLiteral("ws"), QStringLiteral("wss")}),
        option(S::HeadersKey, OptionType::Headers,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Headers"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Extra handshake headers, one \"Name: value\" per line "
                                 "(e.g. Authorization: Bearer ...). Values of credential headers "
                                 "(Authorization, Cookie, *Token*, *Key*, ...) are saved in the "
                                 "system keychain, or may be ${env:NAME}.")),
        option(S::SubscribeKey, OptionType::Text,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Subscribe message"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Sent as one text message right after every connect (optional).")),
        option(
            S::ConnectTimeoutKey, OptionType::Duration,
            QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Connect timeout"),
            QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                              "Longest wait for the TCP, TLS and WebSocket handshakes together."))
            .withDefault(10000)
            .withRange(100, 600000),
        option(S::KeepaliveIntervalKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Ping interval"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Sends a ping this often so a dead connection is noticed; 0 turns "
                                 "pings off."))
            .withDefault(15000)
            .withRange(0, DayMs),
        option(
            S::KeepaliveTimeoutKey, OptionType::Duration,
            QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Silence timeout"),
            QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                              "Reconnects when no message or pong arrived for this long; 0 waits "
                              "forever."))
            .withDefault(30000)
            .withRange(0, DayMs),
        option(S::MaxMessageBytesKey, OptionType::Int,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Largest message (bytes)"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "A larger message or frame closes the connection (code 1009); the "
                                 "feed counts it as rejected and reconnects."))
            .withDefault(16 * 1024 * 1024)
            .withRange(125, 1024.0 * 1024 * 1024),
    };
    info.options += TlsTrust::optionSpecs();
    return info;
}

QList<Problem> WebSocketPlugin::validate(const QVariantMap &options) const
{
    QList<Problem> errors;
    const qint64 interval = options.value(WebSocketSettings::KeepaliveIntervalKey).toLongLong();
    const qint64 timeout = options.value(WebSocketSettings::KeepaliveTimeoutKey).toLongLong();
    // A timeout no longer than the ping interval would drop a healthy but quiet connection
    // before its pong could arrive.
    if (interval > 0 && timeout > 0 && timeout <= interval) {
        errors.append({WebSocketSettings::KeepaliveTimeoutKey,
                       QCoreApplication::translate("livedash::FeedPlugins",
                                                   "must be longer than the ping interval (%1 ms)")
                           .arg(interval)});
    }
    errors += TlsTrust::validate(options);
    return errors;
}

std::unique_ptr<Feed> WebSocketPlugin::createFeed(const QVariantMap &options) const
{
    return std::make_unique<WebSocketFeed>(WebSocketSettings::fromOptions(options));
}

} // namespace livedash
