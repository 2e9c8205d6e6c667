#pragma once

#include <livedash/export.h>
#include <livedash/problem.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QtPlugin>

#include <memory>

namespace livedash {

/// Where a publisher's connection stands, as the gateway reports it.
struct PublisherStatus
{
    enum State {
        Connecting, ///< start() was called and the broker has not answered yet
        Connected,  ///< publish() can take messages
        Failed,     ///< the connection failed or ended; `error` says why, start() tries again
    };
    State state = Connecting;
    QString error;          ///< in plain words ("not authorised", "connection refused", ...)
    quint64 sent = 0;       ///< messages the broker or the OS has taken (QoS 0: written)
    quint64 unconfirmed = 0; ///< accepted by publish() and not confirmed sent yet
    /// Accepted by publish() but never to be sent: the connection failed before they were
    /// confirmed, or the broker cannot take them (too large). Counted, never silent.
    quint64 lost = 0;
};

/// A connection that sends a headless gateway's samples to a broker (`--publish URL`).
/// Created by a PublisherPlugin and used only on the thread that created it, whose event loop
/// drives its socket. Credentials in the URL are secrets: never logged, never in error texts.
class Publisher
{
public:
    virtual ~Publisher() = default;
    /// Starts connecting and returns at once. After a failure the gateway calls it again (with
    /// its own backoff) to reconnect.
    virtual void start() = 0;
    /// Sends `payload` to the topic of (`feed`, `channel`) below the URL's prefix: MQTT
    /// `<prefix>/<feed>/<channel>`, NATS `<prefix>.<feed>.<channel>` with what subjects forbid
    /// escaped. False when it cannot take the message now (not connected, or more than the
    /// plugin's bound is unconfirmed): the gateway keeps it and offers it again later.
    virtual bool publish(const QString &feed, const QString &channel,
                         const QByteArray &payload) = 0;
    virtual PublisherStatus status() const = 0;
    /// Sends what it holds, waiting at most `timeoutMs` (running the event loop), then
    /// disconnects. Returns how many accepted messages were not confirmed sent.
    virtual quint64 finish(int timeoutMs) = 0;
};

/// A plugin that publishes (it may be a FeedPlugin too: one library speaks a protocol both
/// ways). Implementations add Q_INTERFACES(livedash::PublisherPlugin).
class PublisherPlugin
{
public:
    virtual ~PublisherPlugin() = default;
    /// The URL schemes this plugin publishes to, e.g. {"mqtt", "mqtts"}.
    virtual QStringList publishSchemes() const = 0;
    /// A publisher for `url` (scheme, host, port, path = prefix, query = options such as
    /// `qos=1`), or null with `problems` naming what is wrong ("url.query.qos: ...").
    virtual std::unique_ptr<Publisher> createPublisher(const QUrl &url,
                                                       QList<Problem> *problems) const = 0;
};

} // namespace livedash

#define LivedashPublisherPlugin_iid "org.livedash.PublisherPlugin/1"
Q_DECLARE_INTERFACE(livedash::PublisherPlugin, LivedashPublisherPlugin_iid)
