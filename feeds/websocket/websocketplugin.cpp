#include "websocketplugin.h"
#include "websocketfeed.h"

#include <QCoreApplication>

namespace livedash {

namespace {

constexpr double DayMs = 24.0 * 3600 * 1000;

OptionSpec option(const QString &key, OptionType type, const QString &label,
                  const QVariant &defaultValue, const QString &help)
{
    OptionSpec spec;
    spec.key = key;
    spec.type = type;
    spec.label = label;
    spec.defaultValue = defaultValue;
    spec.help = help;
    return spec;
}

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

    OptionSpec url =
        option(WebSocketSettings::UrlKey, OptionType::Url,
               QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "URL")), {},
               QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                                "Server address, e.g. wss://example.com/stream.")));
    url.required = true;
    url.choices = {QStringLiteral("ws"), QStringLiteral("wss")};

    OptionSpec headers =
        option(WebSocketSettings::HeadersKey, OptionType::Headers,
               QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Headers")), {},
               QStringLiteral(QT_TRANSLATE_NOOP(
                   "livedash::FeedPlugins",
                   "Extra handshake headers, one \"Name: value\" per line "
                   "(e.g. Authorization: Bearer ...). Values of credential headers "
                   "(Authorization, Cookie, *Token*, *Key*, ...) are saved in the "
                   "system keychain, or may be ${env:NAME}.")));

    OptionSpec subscribe =
        option(WebSocketSettings::SubscribeKey, OptionType::Text,
               QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Subscribe message")), {},
               QStringLiteral(QT_TRANSLATE_NOOP(
                   "livedash::FeedPlugins",
                   "Sent as one text message right after every connect (optional).")));

    OptionSpec connectTimeout =
        option(WebSocketSettings::ConnectTimeoutKey, OptionType::Duration,
               QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Connect timeout")), 10000,
               QStringLiteral(QT_TRANSLATE_NOOP(
                   "livedash::FeedPlugins",
                   "Longest wait for the TCP, TLS and WebSocket handshakes together.")));
    connectTimeout.minimum = 100;
    connectTimeout.maximum = 600000;

    OptionSpec keepaliveInterval =
        option(WebSocketSettings::KeepaliveIntervalKey, OptionType::Duration,
               QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Ping interval")), 15000,
               QStringLiteral(QT_TRANSLATE_NOOP(
                   "livedash::FeedPlugins",
                   "Sends a ping this often so a dead connection is noticed; 0 turns "
                   "pings off.")));
    keepaliveInterval.minimum = 0;
    keepaliveInterval.maximum = DayMs;

    OptionSpec keepaliveTimeout =
        option(WebSocketSettings::KeepaliveTimeoutKey, OptionType::Duration,
               QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Silence timeout")), 30000,
               QStringLiteral(QT_TRANSLATE_NOOP(
                   "livedash::FeedPlugins",
                   "Reconnects when no message or pong arrived for this long; 0 waits "
                   "forever.")));
    keepaliveTimeout.minimum = 0;
    keepaliveTimeout.maximum = DayMs;

    OptionSpec maxMessage = option(
        WebSocketSettings::MaxMessageBytesKey, OptionType::Int,
        QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Largest message (bytes)")),
        16 * 1024 * 1024,
        QStringLiteral(
            QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                              "A larger message or frame closes the connection (code 1009); the "
                              "feed counts it as rejected and reconnects.")));
    maxMessage.minimum = 125;
    maxMessage.maximum = 1024.0 * 1024 * 1024;

    info.options = {
        url, headers, subscribe, connectTimeout, keepaliveInterval, keepaliveTimeout, maxMessage};
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
