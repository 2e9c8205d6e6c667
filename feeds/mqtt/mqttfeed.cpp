#include "mqttfeed.h"
#include "mqttclient.h"

#include <livedash/redact.h>
#include <livedash/tlstrust.h>
#include <livedash/wait.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUrl>

#include <mosquitto.h>

#include <algorithm>
#include <cmath>
#include <memory>

Q_LOGGING_CATEGORY(lcMqtt, "livedash.feed.mqtt", QtInfoMsg)

namespace livedash {

using namespace std::chrono;
using mqtt::ClientDisposer;
using mqtt::MqttClient;

namespace mqtt {

QByteArray payloadAsJson(QByteArrayView payload)
{
    const QByteArrayView trimmed = payload.trimmed();
    if (trimmed.startsWith('{') || trimmed.startsWith('['))
        return trimmed.toByteArray(); // JSON: mapped (or rejected as malformed) by the mapper
    if (!trimmed.isEmpty()) {
        bool ok = false;
        const double value = trimmed.toDouble(&ok);
        if (ok && std::isfinite(value))
            return QJsonDocument(QJsonObject{{QStringLiteral("value"), value}})
                .toJson(QJsonDocument::Compact);
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("text"),
                                      QString::fromUtf8(payload.data(), payload.size())}})
        .toJson(QJsonDocument::Compact);
}

} // namespace mqtt

namespace {

/// A connection's message handler: counts, bounds and converts every PUBLISH the broker sends.
void deliver(FeedContext *ctx, qint64 maxBytes, const mosquitto_message &message)
{
    if (ctx->isCancelled())
        return; // a probe that has its message, or a feed being stopped
    const QString topic = QString::fromUtf8(message.topic ? message.topic : "");
    const qint64 size = message.payloadlen;
    ctx->bytesReceived(size);
    if (size > maxBytes) {
        ctx->rejected(
            QCoreApplication::translate("livedash::FeedErrors",
                                        "message on %1 exceeded maxMessageBytes (%2 bytes)")
                .arg(redactText(topic))
                .arg(maxBytes));
        return;
    }
    if (size == 0)
        return; // an empty retained message only deletes the broker's retained value
    const QByteArrayView payload(static_cast<const char *>(message.payload), size);
    ctx->topicMessage(mqtt::payloadAsJson(payload), topic, QLatin1Char('/'));
}

} // namespace

QStringList MqttSettings::parseTopics(const QVariant &value)
{
    QStringList lines =
        value.typeId() == QMetaType::QStringList || value.typeId() == QMetaType::QVariantList
            ? value.toStringList()
            : value.toString().split(QLatin1Char('\n'));
    QStringList topics;
    for (QString &line : lines) {
        line = line.trimmed();
        if (!line.isEmpty())
            topics.append(line);
    }
    return topics;
}

MqttSettings MqttSettings::fromOptions(const QVariantMap &options)
{
    MqttSettings s;
    s.url = options.value(UrlKey).toString().trimmed();
    s.topics = parseTopics(options.value(TopicsKey));
    s.qos = std::clamp(options.value(QosKey, 0).toInt(), 0, 2);
    s.clientId = options.value(ClientIdKey).toString().trimmed();
    s.username = options.value(UsernameKey).toString();
    s.password = options.value(PasswordKey).toString();
    s.cleanSession = options.value(CleanSessionKey, true).toBool();
    s.mqtt5 = options.value(ProtocolKey).toString().trimmed() == Protocol5;
    bool ok = false;
    const int keepalive = options.value(KeepaliveKey).toInt(&ok);
    if (ok)
        s.keepaliveS = keepalive <= 0 ? 0 : std::clamp(keepalive, 5, 65535);
    const qint64 timeout = options.value(ConnectTimeoutKey).toLongLong(&ok);
    if (ok && timeout > 0)
        s.connectTimeout = milliseconds(timeout);
    const qint64 maxBytes = options.value(MaxMessageBytesKey).toLongLong(&ok);
    if (ok && maxBytes > 0)
        s.maxMessageBytes = std::min(maxBytes, MqttMaxPacketBytes);
    s.clientCertificate = options.value(ClientCertificateKey).toString().trimmed();
    s.clientKey = options.value(ClientKeyKey).toString().trimmed();

    // The same two trust options as the other TLS feeds, read by TlsTrust's rules.
    const TlsTrust trust = TlsTrust::fromOptions(options);
    s.trustError = trust.error();
    s.trustedCertificate = options.value(TlsTrust::CertificateFileKey).toString().trimmed();
    const QString sha = options.value(TlsTrust::FingerprintKey).toString().trimmed();
    if (!sha.isEmpty()) {
        QString why;
        const QByteArray digest = TlsTrust::parseFingerprint(sha, &why);
        if (!digest.isEmpty())
            s.pins.append(digest);
    }
    return s;
}

QCoro::Task<FeedEnd> MqttFeed::run(FeedContext &ctx)
{
    return runConnection(m_settings, &ctx);
}

QCoro::Task<FeedEnd> MqttFeed::runConnection(MqttSettings settings, FeedContext *ctx)
{
    if (ctx->isCancelled())
        co_return FeedEnd::cancelled();

    const QUrl url(settings.url, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("mqtt") && scheme != QLatin1String("mqtts")))
        co_return FeedEnd::fatal(
            QStringLiteral("\"%1\" is not an MQTT URL (mqtt://host[:1883] or mqtts://host[:8883])")
                .arg(redactUrl(settings.url)));
    if (!url.path().isEmpty() && url.path() != QLatin1String("/"))
        co_return FeedEnd::fatal(
            QStringLiteral("an MQTT URL has no path: put the topics in the topics option"));
    if (settings.topics.isEmpty())
        co_return FeedEnd::fatal(QStringLiteral("no topics to subscribe to"));
    if (!settings.trustError.isEmpty())
        co_return FeedEnd::fatal(settings.trustError);
    if (!settings.cleanSession && settings.clientId.isEmpty())
        co_return FeedEnd::fatal(
            QStringLiteral("a persistent session (cleanSession false) needs a clientId"));

    const bool tls = scheme == QLatin1String("mqtts");
    mqtt::ClientOptions options;
    options.host = url.host();
    options.port = url.port(tls ? 8883 : 1883);
    options.tls = tls;
    options.clientId = settings.clientId;
    options.cleanSession = settings.cleanSession;
    options.mqtt5 = settings.mqtt5;
    options.username = settings.username.isEmpty() ? url.userName() : settings.username;
    options.password = settings.password.isEmpty() ? url.password() : settings.password;
    options.keepaliveS = settings.keepaliveS;
    if (settings.mqtt5) {
        // The broker drops larger PUBLISH packets for this client instead of sending them:
        // room for the payload, the topic (up to 64 KiB) and the headers.
        options.maximumPacketSize = quint32(std::min<qint64>(settings.maxMessageBytes + 65536 + 64,
                                                             MqttSettings::MqttMaxPacketBytes));
    }
    options.trustedCertificate = settings.trustedCertificate;
    options.pins = settings.pins;
    options.clientCertificate = settings.clientCertificate;
    options.clientKey = settings.clientKey;

    const QString where = QStringLiteral("%1://%2:%3").arg(scheme, url.host()).arg(options.port);
    ctx->connecting(where);
    qCDebug(lcMqtt).noquote() << "feed" << ctx->feedId() << "connecting to" << where;

    std::unique_ptr<MqttClient, ClientDisposer> client(new MqttClient);
    MqttClient *c = client.get();
    client->setMessageHandler([ctx, max = settings.maxMessageBytes](const mosquitto_message &m) {
        deliver(ctx, max, m);
    });
    // Subscribed from the CONNACK's callback, so the SUBSCRIBE goes out in the same turn.
    client->setConnectHandler([c, topics = settings.topics, qos = settings.qos](bool) {
        if (!c->subscribe(topics, qos))
            c->abort(QCoreApplication::translate("livedash::FeedErrors",
                                                 "subscription refused: cannot send the "
                                                 "SUBSCRIBE for %1")
                         .arg(topics.join(QStringLiteral(", "))));
    });

    const auto failure = [&where](const QString &why) {
        return FeedEnd::failed(
            QCoreApplication::translate("livedash::FeedErrors", "cannot connect to %1: %2")
                .arg(where, why));
    };

    // Name lookup, CONNACK and SUBACK under one deadline.
    QElapsedTimer clock;
    clock.start();
    if (QHostAddress(options.host).isNull()) {
        // Looked up here without blocking the ingest thread; libmosquitto would block on it.
        mqtt::HostLookup lookup(options.host);
        while (!lookup.isFinished()) {
            const qint64 left = settings.connectTimeout.count() - clock.elapsed();
            if (left <= 0)
                co_return failure(
                    QCoreApplication::translate("livedash::FeedErrors", "name lookup timed out"));
            const WaitResult woke = co_await waitFor(ctx->cancelToken(), milliseconds(left),
                                                     &lookup, &mqtt::HostLookup::done);
            if (woke == WaitResult::Cancelled)
                co_return FeedEnd::cancelled();
        }
        if (lookup.address().isEmpty())
            co_return failure(
                QCoreApplication::translate("livedash::FeedErrors", "cannot resolve host: %1")
                    .arg(lookup.error()));
        options.address = lookup.address();
    }

    if (!client->start(options))
        co_return failure(client->error());

    while (client->state() == MqttClient::State::Connecting ||
           (client->state() == MqttClient::State::Connected && !client->subscribed())) {
        const qint64 left = settings.connectTimeout.count() - clock.elapsed();
        if (left <= 0) {
            co_return FeedEnd::failed(
                QCoreApplication::translate("livedash::FeedErrors",
                                            "connect timeout: no answer from %1 within %2 ms")
                    .arg(where)
                    .arg(settings.connectTimeout.count()));
        }
        const WaitResult woke =
            co_await waitFor(ctx->cancelToken(), milliseconds(left), c, &MqttClient::changed);
        if (woke == WaitResult::Cancelled) {
            client->disconnectFromBroker();
            co_return FeedEnd::cancelled();
        }
    }
    if (client->state() != MqttClient::State::Connected)
        co_return failure(client->error());

    const QList<int> granted = client->grantedQos();
    for (qsizetype i = 0; i < settings.topics.size(); ++i) {
        if (i >= granted.size() || granted.at(i) >= 0x80) {
            client->disconnectFromBroker();
            co_return FeedEnd::failed(
                QCoreApplication::translate("livedash::FeedErrors",
                                            "subscription refused: the broker refused the "
                                            "subscription to %1")
                    .arg(settings.topics.at(i)));
        }
    }
    ctx->connected();

    // Live: messages flow through the client's callbacks; this loop only wakes when the
    // connection ends or the feed is cancelled.
    while (client->state() == MqttClient::State::Connected) {
        const WaitResult woke = co_await waitFor(ctx->cancelToken(), 60s, c, &MqttClient::changed);
        if (woke == WaitResult::Cancelled || ctx->isCancelled()) {
            client->disconnectFromBroker();
            co_return FeedEnd::cancelled();
        }
    }
    qCDebug(lcMqtt).noquote() << "feed" << ctx->feedId() << "connection ended:" << client->error();
    co_return FeedEnd::failed(client->error());
}

} // namespace livedash
