#include "natsplugin.h"
#include "natsfeed.h"
#include "natspublisher.h"

#include <livedash/tlstrust.h>

#include <QCoreApplication>

namespace livedash {

NatsPlugin::NatsPlugin(QObject *parent) : QObject(parent) {}

PluginInfo NatsPlugin::info() const
{
    PluginInfo info;
    info.id = QStringLiteral("nats");
    info.displayName = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "NATS"));
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins",
        "Subscribes to NATS subjects (with * and > wildcards), optionally replaying a "
        "JetStream stream's history on start, and reconnects when the connection drops."));

    using S = NatsSettings;
    info.options = {
        option(S::UrlKey, OptionType::Url, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "URL"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Server address: nats://host:4222, or tls://host:4222 for TLS."))
            .asRequired()
            .withChoices({QStringLiteral("nats"), QStringLiteral("tls")}),
        option(S::SubjectsKey, OptionType::Text,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Subjects"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "One subject per line; * matches one token, > the rest "
                                 "(e.g. sensors.*.temperature)."))
            .asRequired(),
        option(S::QueueGroupKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Queue group"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Feeds in the same queue group share the messages: each one "
                                 "goes to one of them (optional).")),
        option(S::UserKey, OptionType::String, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "User"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "User name, with the password.")),
        option(S::PasswordKey, OptionType::Secret,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Password"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Saved in the system keychain, or ${env:NAME}.")),
        option(S::TokenKey, OptionType::Secret, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Token"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Authentication token, instead of user and password.")),
        option(S::CredsFileKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Credentials file"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "A .creds file (user JWT and NKey seed), as nsc writes it.")),
        option(S::StreamKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "JetStream stream"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Reads the subjects from this stream, so that its history "
                                 "fills the charts at start (optional).")),
        option(S::DeliverKey, OptionType::Enum,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Replay"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "With a stream: all of its messages, the last one, the last "
                                 "per subject, only new ones, or those since a time."))
            .withDefault(QStringLiteral("all"))
            .withChoices({QStringLiteral("all"), QStringLiteral("last"),
                          QStringLiteral("lastPerSubject"), QStringLiteral("new"),
                          QStringLiteral("since")}),
        option(S::DeliverSinceKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Replay since"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "For \"since\": an ISO 8601 time (2026-12-01T08:00:00Z) or "
                                 "how long ago (90s, 15m, 2h, 7d).")),
        option(S::MaxMessageBytesKey, OptionType::Int,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Largest message (bytes)"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "A larger message is counted as rejected and skipped. The "
                                 "server's max_payload (1 MB by default) bounds what arrives."))
            .withDefault(NatsSettings::DefaultMaxMessageBytes)
            .withRange(16, 64.0 * 1024 * 1024),
        option(S::ConnectTimeoutKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Connect timeout"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Longest wait for the TCP, TLS and NATS handshakes, and again "
                                 "for the subscriptions to be confirmed."))
            .withDefault(NatsSettings::DefaultConnectTimeoutMs)
            .withRange(100, 600000),
    };
    info.options += TlsTrust::optionSpecs();
    return info;
}

QList<Problem> NatsPlugin::validate(const QVariantMap &options) const
{
    return nats::validateOptions(options);
}

std::unique_ptr<Feed> NatsPlugin::createFeed(const QVariantMap &options) const
{
    return std::make_unique<NatsFeed>(NatsSettings::fromOptions(options));
}

QStringList NatsPlugin::publishSchemes() const
{
    return {QStringLiteral("nats"), QStringLiteral("tls")};
}

std::unique_ptr<Publisher> NatsPlugin::createPublisher(const QUrl &url,
                                                       QList<Problem> *problems) const
{
    return NatsPublisher::create(url, problems);
}

} // namespace livedash
