#include "tcpplugin.h"
#include "tcpfeed.h"

namespace livedash {

PluginInfo TcpPlugin::info() const
{
    PluginInfo info;
    info.id = QStringLiteral("tcp");
    info.displayName = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "TCP lines"));
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins",
        "Connects to a TCP server (optionally with TLS) and reads the lines it sends: JSON "
        "lines, CSV rows, key=value pairs or numbers. Reconnects when the connection ends."));

    using S = TcpSettings;
    info.options = {
        option(S::HostKey, OptionType::String, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Host"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "The server's name or IP address, e.g. 192.0.2.10."))
            .asRequired(),
        option(S::PortKey, OptionType::Int, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Port"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "The server's TCP port."))
            .withRange(1, 65535)
            .asRequired(),
        option(S::TlsKey, OptionType::Bool, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "TLS"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Connect with TLS; the server's certificate is verified "
                                 "(or pinned below)."))
            .withDefault(false),
        option(S::ConnectTimeoutKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Connect timeout"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Longest wait for the connection (and TLS handshake), in ms."))
            .withDefault(S::DefaultConnectTimeoutMs)
            .withRange(100, 600000),
        option(S::IdleTimeoutKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Idle timeout"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Reconnect when nothing arrived for this long, in ms; 0: "
                                 "never (a silent connection stays up)."))
            .withDefault(0)
            .withRange(0, 86400000),
    };
    info.options.append(TlsTrust::optionSpecs());
    info.options.append(LineDecoder::options());
    return info;
}

QList<Problem> TcpPlugin::validate(const QVariantMap &options) const
{
    return TlsTrust::validate(options);
}

std::unique_ptr<Feed> TcpPlugin::createFeed(const QVariantMap &options) const
{
    return std::make_unique<TcpFeed>(TcpSettings::fromOptions(options));
}

} // namespace livedash
