#include "serialplugin.h"
#include "serialfeed.h"

namespace livedash {

PluginInfo SerialPlugin::info() const
{
    PluginInfo info;
    info.id = QStringLiteral("serial");
    info.displayName = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Serial port"));
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins",
        "Reads lines from a serial port (an Arduino, a USB-serial adapter): JSON lines, CSV "
        "rows, name=value pairs or numbers. A port that is unplugged is waited for and opened "
        "again when it is back."));

    using S = SerialSettings;
    info.options = {
        // The ports present now are suggestions: any path may be typed, and a saved port
        // that is unplugged at the moment stays as it is.
        option(S::PortKey, OptionType::String, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Port"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "The serial port: a device such as /dev/ttyUSB0, "
                                 "/dev/serial/by-id/... or COM3. The list shows the ports "
                                 "present now."))
            .asRequired()
            .withChoices(S::presentPorts()),
        option(S::BaudRateKey, OptionType::Int,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Baud rate"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Bits per second, as the device sends (Arduino: the number "
                                 "in Serial.begin())."))
            .withDefault(S::DefaultBaudRate)
            .withRange(50, 20000000),
        option(S::DataBitsKey, OptionType::Enum,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Data bits"))
            .withDefault(QStringLiteral("8"))
            .withChoices(S::dataBitsChoices()),
        option(S::ParityKey, OptionType::Enum, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Parity"))
            .withDefault(QStringLiteral("none"))
            .withChoices(S::parityChoices()),
        option(S::StopBitsKey, OptionType::Enum,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Stop bits"))
            .withDefault(QStringLiteral("1"))
            .withChoices(S::stopBitsChoices()),
        option(S::FlowControlKey, OptionType::Enum,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Flow control"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "hardware: RTS/CTS lines; software: XON/XOFF characters."))
            .withDefault(QStringLiteral("none"))
            .withChoices(S::flowControlChoices()),
    };
    info.options.append(LineDecoder::options());
    return info;
}

std::unique_ptr<Feed> SerialPlugin::createFeed(const QVariantMap &options) const
{
    return std::make_unique<SerialFeed>(SerialSettings::fromOptions(options));
}

} // namespace livedash
