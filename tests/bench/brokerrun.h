#pragma once

// `livedash-bench --mqtt RATE` and `--nats RATE`: messages through a real local broker
// (Debian's mosquitto, nats-server, started here on a free port) into one mqtt or nats feed.

#include <QJsonObject>
#include <QString>

namespace livedash {
class PluginRegistry;
}

namespace livedash::bench {

struct BrokerConfig
{
    QString kind = QStringLiteral("mqtt"); ///< mqtt or nats
    int qos = 0;                           ///< MQTT only; NATS core delivery is at most once
    double rate = 100000;                  ///< messages/s the producer offers
    double durationS = 5;
    int size = 140; ///< bytes per message
    double drainS = 10;
};

/// One run: the broker, one feed of `kind` subscribed in this process, and a producer child
/// (`livedash-bench --broker-producer URL`) that publishes through the same plugin's Publisher
/// at `rate`, waiting (never dropping) when the publisher refuses. Returns sent, received,
/// lost, sequence gaps, msg/s, and CPU µs per message of Livedash, the broker and the producer.
QJsonObject runBroker(const PluginRegistry &registry, const BrokerConfig &config);

/// The producer child: publishes `count` messages of `size` bytes at `rate` to `url`, then
/// prints "BENCH_PRODUCER {json}" with what it sent and its CPU time. Returns the exit code.
int runBrokerProducer(const PluginRegistry &registry, const QString &url, double rate, qint64 count,
                      int size);

/// The table of one or more runBroker() results.
QString brokerTable(const QJsonObject &result);

} // namespace livedash::bench
