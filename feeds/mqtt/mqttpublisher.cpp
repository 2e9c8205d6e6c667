#include "mqttpublisher.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>
#include <QUrlQuery>

#include <mosquitto.h>

namespace livedash {

using mqtt::MqttClient;

MqttPublisherSettings MqttPublisherSettings::fromUrl(const QUrl &url, QList<Problem> *problems)
{
    MqttPublisherSettings s;
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("mqtt") && scheme != QLatin1String("mqtts"))
        problems->append({QStringLiteral("url"),
                          QStringLiteral("scheme must be mqtt or mqtts, not \"%1\"").arg(scheme)});
    if (url.host().isEmpty())
        problems->append({QStringLiteral("url.host"), QStringLiteral("no broker host")});
    s.client.host = url.host();
    s.client.tls = scheme == QLatin1String("mqtts");
    s.client.port = url.port(s.client.tls ? 8883 : 1883);
    s.client.username = url.userName();
    s.client.password = url.password();
    s.prefix = url.path();
    while (s.prefix.startsWith(QLatin1Char('/')))
        s.prefix.remove(0, 1);
    while (s.prefix.endsWith(QLatin1Char('/')))
        s.prefix.chop(1);
    if (s.prefix.contains(QLatin1Char('+')) || s.prefix.contains(QLatin1Char('#')))
        problems->append({QStringLiteral("url.path"),
                          QStringLiteral("a topic prefix cannot contain '+' or '#'")});

    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("qos")) {
            bool ok = false;
            s.qos = value.toInt(&ok);
            if (!ok || s.qos < 0 || s.qos > 2)
                problems->append({QStringLiteral("url.query.qos"),
                                  QStringLiteral("must be 0, 1 or 2, not \"%1\"").arg(value)});
        } else if (key == QLatin1String("retain")) {
            if (value == QLatin1String("true") || value == QLatin1String("1"))
                s.retain = true;
            else if (value == QLatin1String("false") || value == QLatin1String("0"))
                s.retain = false;
            else
                problems->append({QStringLiteral("url.query.retain"),
                                  QStringLiteral("must be true or false, not \"%1\"").arg(value)});
        } else if (key == QLatin1String("connectTimeoutMs")) {
            bool ok = false;
            s.connectTimeoutMs = value.toInt(&ok);
            if (!ok || s.connectTimeoutMs < 100)
                problems->append({QStringLiteral("url.query.connectTimeoutMs"),
                                  QStringLiteral("must be a number of milliseconds, at least "
                                                 "100, not \"%1\"")
                                      .arg(value)});
        } else if (key == QLatin1String("clientId")) {
            s.client.clientId = value;
        } else if (key == QLatin1String("trustedCertificate")) {
            s.client.trustedCertificate = value;
        } else {
            problems->append({QStringLiteral("url.query.") + key,
                              QStringLiteral("unknown option (qos, retain, clientId, "
                                             "trustedCertificate, connectTimeoutMs)")});
        }
    }
    return s;
}

MqttPublisher::MqttPublisher(MqttPublisherSettings settings) : m_settings(std::move(settings))
{
    m_connectTimer.setSingleShot(true);
    QObject::connect(&m_connectTimer, &QTimer::timeout, &m_connectTimer, [this] {
        if (m_client && m_client->state() == MqttClient::State::Connecting)
            m_client->abort(QStringLiteral("connect timeout: no answer from the broker within "
                                           "%1 ms")
                                .arg(m_settings.connectTimeoutMs));
    });
}

MqttPublisher::~MqttPublisher()
{
    dropClient();
}

void MqttPublisher::dropClient()
{
    m_connectTimer.stop();
    m_client.reset();
    m_lost += quint64(m_pending.size()); // their connection is gone: never confirmed
    m_pending.clear();
    m_pendingBytes = 0;
}

void MqttPublisher::start()
{
    dropClient();
    m_error.clear();
    m_client.reset(new MqttClient);
    m_client->setPublishHandler([this](int mid) { onPublished(mid); });
    if (!m_client->start(m_settings.client))
        m_error = m_client->error();
    else
        m_connectTimer.start(m_settings.connectTimeoutMs);
}

void MqttPublisher::onPublished(int mid)
{
    const auto it = m_pending.constFind(mid);
    if (it == m_pending.cend()) {
        if (m_inPublish)
            m_confirmedInCall.insert(mid);
        return;
    }
    m_pendingBytes -= it.value();
    m_pending.erase(it);
    ++m_sent;
}

QByteArray MqttPublisher::topicFor(const QString &feed, const QString &channel) const
{
    QString topic = m_settings.prefix.isEmpty() ? QString() : m_settings.prefix + QLatin1Char('/');
    topic += feed + QLatin1Char('/') + channel;
    topic.replace(QLatin1Char('+'), QLatin1Char('_'));
    topic.replace(QLatin1Char('#'), QLatin1Char('_'));
    return topic.toUtf8();
}

bool MqttPublisher::publish(const QString &feed, const QString &channel, const QByteArray &payload)
{
    if (!m_client || m_client->state() != MqttClient::State::Connected)
        return false;
    if (quint64(m_pending.size()) >= MaxUnconfirmed || m_pendingBytes >= MaxUnconfirmedBytes)
        return false;
    int mid = 0;
    // A QoS 0 message may be written, and so confirmed, inside the call, before its mid is
    // known here: onPublished() notes such mids for this call.
    m_inPublish = true;
    m_confirmedInCall.clear();
    const int rc = m_client->publish(topicFor(feed, channel), payload, m_settings.qos,
                                     m_settings.retain, &mid);
    m_inPublish = false;
    if (rc == MOSQ_ERR_SUCCESS) {
        if (m_confirmedInCall.contains(mid)) {
            ++m_sent;
        } else {
            m_pending.insert(mid, payload.size());
            m_pendingBytes += payload.size();
        }
        return true;
    }
    if (rc == MOSQ_ERR_INVAL || rc == MOSQ_ERR_PAYLOAD_SIZE || rc == MOSQ_ERR_MALFORMED_UTF8)
    {
        ++m_lost; // can never be sent: dropped (and counted) rather than offered again forever
        return true;
    }
    return false;
}

PublisherStatus MqttPublisher::status() const
{
    PublisherStatus s;
    s.sent = m_sent;
    s.unconfirmed = quint64(m_pending.size());
    s.lost = m_lost;
    if (!m_client) {
        s.state = m_error.isEmpty() ? PublisherStatus::Connecting : PublisherStatus::Failed;
        s.error = m_error;
        return s;
    }
    switch (m_client->state()) {
    case MqttClient::State::Idle:
    case MqttClient::State::Connecting:
        s.state = PublisherStatus::Connecting;
        break;
    case MqttClient::State::Connected:
        s.state = PublisherStatus::Connected;
        break;
    case MqttClient::State::Ended:
        s.state = PublisherStatus::Failed;
        s.error = m_client->error();
        break;
    }
    return s;
}

quint64 MqttPublisher::finish(int timeoutMs)
{
    if (!m_client)
        return quint64(m_pending.size());
    QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    QTimer tick;
    tick.setInterval(10);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        if (m_pending.isEmpty() || deadline.hasExpired() ||
            m_client->state() != MqttClient::State::Connected)
            loop.quit();
    });
    if (!m_pending.isEmpty() && m_client->state() == MqttClient::State::Connected) {
        tick.start();
        loop.exec();
    }
    const quint64 left = quint64(m_pending.size());
    m_pending.clear(); // reported to the caller as unconfirmed, not counted as lost too
    m_pendingBytes = 0;
    m_client->disconnectFromBroker();
    dropClient();
    m_error = QStringLiteral("disconnected");
    return left;
}

} // namespace livedash
