#include "udpplugin.h"
#include "udpfeed.h"

namespace livedash {

PluginInfo UdpPlugin::info() const
{
    PluginInfo info;
    info.id = QStringLiteral("udp");
    info.displayName = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "UDP datagrams"));
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins",
        "Listens on a UDP port (optionally in a multicast group) and reads the lines of every "
        "datagram: JSON lines, CSV rows, key=value pairs or numbers. Channels can be named by "
        "sender; datagrams the kernel dropped are counted (Linux)."));

    using S = UdpSettings;
    info.options = {
        option(S::AddressKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Listen address"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "The local IP address to listen on, e.g. 127.0.0.1 or ::1; "
                                 "empty: every interface (IPv4 and IPv6).")),
        option(S::PortKey, OptionType::Int, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Port"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "The UDP port to listen on."))
            .withRange(1, 65535)
            .asRequired(),
        option(S::PerSenderKey, OptionType::Bool,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Channels per sender"),
               QT_TRANSLATE_NOOP(
                   "livedash::FeedPlugins",
                   "Name channels by the sender's address and port (\"192.0.2.7:5000\"): "
                   "without channel mappings it goes before the field names, and mappings "
                   "can use {$sender}. Off: all senders share the channels. A device that "
                   "restarts usually sends from a new port, hence a new set of channels."))
            .withDefault(false),
        option(S::MulticastGroupKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Multicast group"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "A multicast address to join, e.g. 239.1.2.3; empty: none. "
                                 "The port is then shared with other listeners of the group.")),
        option(S::MulticastInterfaceKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Multicast interface"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "The network interface to join the group on, e.g. eth0; "
                                 "empty: the one the system chooses.")),
        option(S::ReceiveBufferKey, OptionType::Int,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Receive buffer (bytes)"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "The socket's receive buffer: datagrams wait there while "
                                 "Livedash is busy; when it is full the kernel drops them "
                                 "(counted). 0: the system's default. On Linux "
                                 "net.core.rmem_max limits it unless Livedash runs as root."))
            .withDefault(S::DefaultReceiveBuffer)
            .withRange(0, 1024.0 * 1024 * 1024),
    };
    info.options.append(LineDecoder::options());
    return info;
}

QList<Problem> UdpPlugin::validate(const QVariantMap &options) const
{
    return UdpSettings::check(options);
}

std::unique_ptr<Feed> UdpPlugin::createFeed(const QVariantMap &options) const
{
    return std::make_unique<UdpFeed>(UdpSettings::fromOptions(options));
}

} // namespace livedash
