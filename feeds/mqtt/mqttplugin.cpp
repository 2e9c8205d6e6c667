#include "mqttplugin.h"
#include "mqttclient.h"
#include "mqttfeed.h"
#include "mqttpublisher.h"

#include <livedash/tlstrust.h>

#include <QCoreApplication>

namespace livedash {

MqttPlugin::MqttPlugin(QObject *parent) : QObject(parent) {}

PluginInfo MqttPlugin::info() const
{
    PluginInfo info;
    info.id = QStringLiteral("mqtt");
    info.displayName = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "MQTT"));
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "Subscribes to topics on an MQTT broker (3.1.1 or 5, plain or "
                                 "TLS) and maps each message; channels can name topic levels."));

    using S = MqttSettings;
    info.options = {
        option(S::UrlKey, OptionType::Url, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Broker URL"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "mqtt://host[:1883] or mqtts://host[:8883] (TLS)."))
            .asRequired()
            .withChoices({QStringLiteral("mqtt"), QStringLiteral("mqtts")}),
        option(S::TopicsKey, OptionType::Text, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Topics"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Topic filters, one per line; + matches one level, # all the "
                                 "rest (e.g. sensors/+/temperature). Channel names can use "
                                 "{$topic[N]}, the topic's level N."))
            .asRequired(),
        option(S::QosKey, OptionType::Enum, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "QoS"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Quality of service of the subscriptions: 0 at most once, 1 at "
                                 "least once, 2 exactly once."))
            .withDefault(QStringLiteral("0"))
            .withChoices({QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2")}),
        option(S::ClientIdKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Client id"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Empty: the broker assigns one. Needed for a persistent "
                                 "session; must be unique on the broker.")),
        option(S::UsernameKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "User name")),
        option(S::PasswordKey, OptionType::Secret,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Password"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Saved in the system keychain, or ${env:NAME}.")),
        option(S::CleanSessionKey, OptionType::Bool,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Clean session"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Off: a persistent session; the broker keeps QoS 1 and 2 "
                                 "messages while the feed is away and sends them after it "
                                 "reconnects (needs a client id)."))
            .withDefault(true),
        option(S::ProtocolKey, OptionType::Enum,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Protocol version"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "MQTT 3.1.1, or 5 (the broker then drops messages far larger "
                                 "than the largest message size instead of sending them)."))
            .withDefault(S::Protocol311)
            .withChoices({S::Protocol311, S::Protocol5}),
        option(S::KeepaliveKey, OptionType::Int,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Keepalive (s)"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Pings the broker when idle this long; a connection that stays "
                                 "silent for 1.5 times as long is dropped and reconnected."))
            .withDefault(S::DefaultKeepaliveS)
            .withRange(5, 65535),
        option(S::ConnectTimeoutKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Connect timeout"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Longest wait for the connection, TLS, CONNACK and SUBACK "
                                 "together."))
            .withDefault(10000)
            .withRange(100, 600000),
        option(S::ClientCertificateKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Client certificate"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "mqtts: PEM file with the certificate this client presents "
                                 "(optional).")),
        option(S::ClientKeyKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Client key"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "mqtts: PEM file with the client certificate's private key "
                                 "(unencrypted); empty if it is in the certificate file.")),
        option(S::MaxMessageBytesKey, OptionType::Int,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Largest message (bytes)"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "A larger payload is counted as rejected and not mapped."))
            .withDefault(S::DefaultMaxMessageBytes)
            .withRange(16, double(S::MqttMaxPacketBytes)),
    };
    info.options += TlsTrust::optionSpecs();
    return info;
}

QList<Problem> MqttPlugin::validate(const QVariantMap &options) const
{
    using S = MqttSettings;
    QList<Problem> errors;
    const QStringList topics = S::parseTopics(options.value(S::TopicsKey));
    if (topics.isEmpty())
        errors.append({S::TopicsKey, QCoreApplication::translate("livedash::FeedPlugins",
                                                                 "at least one topic filter")});
    for (const QString &topic : topics) {
        QString why;
        if (!mqtt::isValidFilter(topic, &why))
            errors.append({S::TopicsKey, why});
    }
    if (!options.value(S::CleanSessionKey, true).toBool() &&
        options.value(S::ClientIdKey).toString().trimmed().isEmpty())
        errors.append(
            {S::ClientIdKey, QCoreApplication::translate("livedash::FeedPlugins",
                                                         "a persistent session (clean session off) "
                                                         "needs a client id")});
    if (!options.value(S::ClientKeyKey).toString().trimmed().isEmpty() &&
        options.value(S::ClientCertificateKey).toString().trimmed().isEmpty())
        errors.append({S::ClientCertificateKey,
                       QCoreApplication::translate("livedash::FeedPlugins",
                                                   "a client key needs its certificate")});
    errors += TlsTrust::validate(options);
    return errors;
}

std::unique_ptr<Feed> MqttPlugin::createFeed(const QVariantMap &options) const
{
    return std::make_unique<MqttFeed>(MqttSettings::fromOptions(options));
}

QStringList MqttPlugin::publishSchemes() const
{
    return {QStringLiteral("mqtt"), QStringLiteral("mqtts")};
}

std::unique_ptr<Publisher> MqttPlugin::createPublisher(const QUrl &url,
                                                       QList<Problem> *problems) const
{
    QList<Problem> found;
    MqttPublisherSettings settings = MqttPublisherSettings::fromUrl(url, &found);
    if (!found.isEmpty()) {
        if (problems)
            *problems += found;
        return nullptr;
    }
    return std::make_unique<MqttPublisher>(std::move(settings));
}

} // namespace livedash
