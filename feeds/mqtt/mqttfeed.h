#pragma once

#include <livedash/feedplugin.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <chrono>
#include <utility>

namespace livedash {

/// An MQTT feed's options, read once from the resolved option map.
struct MqttSettings
{
    static inline const QString UrlKey = QStringLiteral("url");
    static inline const QString TopicsKey = QStringLiteral("topics");
    static inline const QString QosKey = QStringLiteral("qos");
    static inline const QString ClientIdKey = QStringLiteral("clientId");
    static inline const QString UsernameKey = QStringLiteral("username");
    static inline const QString PasswordKey = QStringLiteral("password");
    static inline const QString CleanSessionKey = QStringLiteral("cleanSession");
    static inline const QString ProtocolKey = QStringLiteral("protocol");
    static inline const QString KeepaliveKey = QStringLiteral("keepaliveS");
    static inline const QString ConnectTimeoutKey = QStringLiteral("connectTimeoutMs");
    static inline const QString ClientCertificateKey = QStringLiteral("clientCertificate");
    static inline const QString ClientKeyKey = QStringLiteral("clientKey");
    static inline const QString MaxMessageBytesKey = QStringLiteral("maxMessageBytes");

    static inline const QString Protocol311 = QStringLiteral("3.1.1");
    static inline const QString Protocol5 = QStringLiteral("5");
    static constexpr int DefaultKeepaliveS = 60;
    static constexpr qint64 DefaultMaxMessageBytes = 1024 * 1024;
    /// The largest MQTT packet (remaining length 268 435 455 bytes).
    static constexpr qint64 MqttMaxPacketBytes = 268435455;

    QString url;
    QStringList topics;
    int qos = 0;
    QString clientId;
    QString username;
    QString password; ///< a secret: never logged, never in an error text
    bool cleanSession = true;
    bool mqtt5 = false;
    int keepaliveS = DefaultKeepaliveS;
    std::chrono::milliseconds connectTimeout{10000};
    QString trustedCertificate;
    QList<QByteArray> pins; ///< raw SHA-256 digests from certificateSha256
    QString trustError;     ///< what is wrong with the TLS trust options
    QString clientCertificate;
    QString clientKey;
    qint64 maxMessageBytes = DefaultMaxMessageBytes;

    static MqttSettings fromOptions(const QVariantMap &options);
    /// The topics option: one filter per line (or a list), blank lines dropped.
    static QStringList parseTopics(const QVariant &value);
};

/// One MQTT subscription: connects (mqtt:// or mqtts://), subscribes to the topic filters and
/// hands every message to the context with its topic, until the connection ends.
class MqttFeed final : public Feed
{
public:
    explicit MqttFeed(MqttSettings settings) : m_settings(std::move(settings)) {}

    QCoro::Task<FeedEnd> run(FeedContext &ctx) override;

private:
    // Takes everything by value: the coroutine never touches the Feed after it starts.
    static QCoro::Task<FeedEnd> runConnection(MqttSettings settings, FeedContext *ctx);

    MqttSettings m_settings;
};

namespace mqtt {

/// A payload as the JSON the mapper takes: JSON (an object or array) as it is, a bare number
/// as {"value": n}, any other text as {"text": "..."}.
QByteArray payloadAsJson(QByteArrayView payload);

} // namespace mqtt

} // namespace livedash
