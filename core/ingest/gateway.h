#pragma once

#include "ingest/messagemapper.h"
#include <livedash/publisher.h>

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <deque>
#include <memory>

namespace livedash {

/// Hands every sample to several sinks (`--record` and `--publish` together).
class SampleSinks final : public SampleSink
{
public:
    void add(SampleSink *sink) { m_sinks.append(sink); }
    bool isEmpty() const { return m_sinks.isEmpty(); }
    void number(const QString &feedId, const QString &channel, qint64 t, double v) override;
    void text(const QString &feedId, const QString &channel, qint64 t,
              const QString &text) override;

private:
    QList<SampleSink *> m_sinks;
};

/// The headless gateway's publishing side (`livedash --headless --publish URL`): every mapped
/// sample and text event becomes the JSON object --record writes (numberRecord(), textRecord():
/// feed, channel as "<feed>/<channel>", t, value or text), sent by a broker plugin's Publisher to
/// `<prefix>/<feed>/<channel>` (MQTT) or
/// `<prefix>.<feed>.<channel>` (NATS).
///
/// Ingest threads call number()/text(); they only append to a backlog under a mutex. The
/// gateway's own thread (the one that made it, whose event loop drives the publisher's socket)
/// drains the backlog into the publisher while it takes messages. The backlog is bounded in
/// bytes: past backlogLimit() new messages are dropped and counted, so a broker that is down
/// costs bounded memory. A publisher that fails is started again with a growing delay
/// (250 ms doubling to 10 s; back to 250 ms once connected).
class Gateway final : public QObject, public SampleSink
{
    Q_OBJECT
public:
    static constexpr qsizetype DefaultBacklogLimit = 64 * 1024 * 1024;

    /// received == published + pending + dropped + unconfirmed + lost (after finish()).
    struct Status
    {
        quint64 received = 0;  ///< samples and text events handed to the gateway
        quint64 published = 0; ///< taken by the publisher (see PublisherStatus::sent)
        quint64 pending = 0;   ///< in the backlog, not offered or not taken yet
        qsizetype pendingBytes = 0;
        quint64 dropped = 0;     ///< discarded because the backlog was full
        quint64 unconfirmed = 0; ///< taken but not confirmed sent when finish() gave up
        quint64 lost = 0;        ///< taken, then lost with a failed connection (PublisherStatus)
        quint64 connects = 0;    ///< connections made
        bool connected = false;
        QString error; ///< why the publisher last failed (no credentials in it)
    };

    /// `target` names the destination in messages (the URL without credentials).
    Gateway(std::unique_ptr<Publisher> publisher, QString target,
            qsizetype backlogLimit = DefaultBacklogLimit, QObject *parent = nullptr);
    ~Gateway() override;

    /// Starts connecting; reconnects by itself after failures.
    void start();
    void number(const QString &feedId, const QString &channel, qint64 t, double v) override;
    void text(const QString &feedId, const QString &channel, qint64 t,
              const QString &text) override;
    Status status() const;
    const QString &target() const { return m_target; }
    qsizetype backlogLimit() const { return m_backlogLimit; }
    /// Offers the backlog to the publisher for up to `timeoutMs` (while connected), then lets
    /// the publisher send what it took and disconnect. Runs the event loop meanwhile.
    void finish(int timeoutMs);

private:
    struct Item
    {
        QString feed;
        QString channel;
        QByteArray payload;
    };
    void enqueue(Item item);
    /// Offers the backlog to the publisher until it refuses one. On the gateway's thread.
    void drain();
    /// Watches the publisher's state: reconnects after a failure, drains after a connect.
    void watch();
    static qsizetype sizeOf(const Item &item);

    std::unique_ptr<Publisher> m_publisher;
    QString m_target;
    qsizetype m_backlogLimit;
    QTimer m_watch;
    QTimer m_retryDrain;
    std::chrono::milliseconds m_retryDelay{250};
    qint64 m_nextStartMs = 0;
    bool m_wasConnected = false;

    mutable QMutex m_mutex; // guards what follows
    std::deque<Item> m_backlog;
    qsizetype m_backlogBytes = 0;
    bool m_drainQueued = false;
    quint64 m_received = 0;
    quint64 m_published = 0;
    quint64 m_dropped = 0;
    quint64 m_unconfirmed = 0;
    quint64 m_connects = 0;
};

} // namespace livedash
