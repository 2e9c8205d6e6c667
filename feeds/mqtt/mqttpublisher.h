#pragma once

#include "mqttclient.h"

#include <livedash/publisher.h>

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace livedash {

/// What a `--publish mqtt://[user:pass@]host[:port]/prefix?qos=..&retain=..&clientId=..` URL
/// says.
struct MqttPublisherSettings
{
    mqtt::ClientOptions client;
    QString prefix; ///< topic prefix without leading or trailing '/'; may be empty
    int qos = 0;
    bool retain = true; ///< a desktop that subscribes later sees the current values at once
    int connectTimeoutMs = 10000; ///< start() fails when there is no CONNACK by then

    /// Null problems list on success; otherwise the problems name "url..." paths.
    static MqttPublisherSettings fromUrl(const QUrl &url, QList<Problem> *problems);
};

/// Publishes a gateway's samples to an MQTT broker, on the event loop of the thread that made
/// it (the same driver as the feed: mqtt::MqttClient).
class MqttPublisher final : public Publisher
{
public:
    /// Messages accepted but not yet confirmed (QoS 1/2: PUBACK/PUBCOMP; QoS 0: written to the
    /// socket) beyond which publish() says no.
    static constexpr quint64 MaxUnconfirmed = 1000;
    /// Bytes of payload accepted but not confirmed beyond which publish() says no.
    static constexpr qint64 MaxUnconfirmedBytes = 8 * 1024 * 1024;

    explicit MqttPublisher(MqttPublisherSettings settings);
    ~MqttPublisher() override;

    void start() override;
    bool publish(const QString &feed, const QString &channel, const QByteArray &payload) override;
    PublisherStatus status() const override;
    quint64 finish(int timeoutMs) override;

    /// `<prefix>/<feed>/<channel>`, with '+' and '#' (not allowed in a published topic)
    /// replaced by '_'.
    QByteArray topicFor(const QString &feed, const QString &channel) const;

private:
    void onPublished(int mid);
    void dropClient();

    MqttPublisherSettings m_settings;
    /// Deleted at once (after detach()): the publisher's calls never come from inside one of the
    /// client's own notifications, and a gateway that quits right after finish() runs no
    /// event loop that would free it later.
    std::unique_ptr<mqtt::MqttClient> m_client;
    QHash<int, qint64> m_pending; ///< mid -> payload bytes
    qint64 m_pendingBytes = 0;
    bool m_inPublish = false;
    QSet<int> m_confirmedInCall;
    quint64 m_sent = 0;
    quint64 m_lost = 0; ///< accepted, then dropped with their connection or refused outright
    QString m_error;
    QTimer m_connectTimer; ///< ends a start() the broker does not answer
};

} // namespace livedash
