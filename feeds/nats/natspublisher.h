#pragma once

#include "natsclient.h"

#include <livedash/problem.h>
#include <livedash/publisher.h>

#include <QPointer>
#include <QUrl>

#include <memory>

namespace livedash {

/// Publishes the gateway's samples to `<prefix>.<feed>.<channel>` on a NATS server, the
/// socket driven by the creating thread's event loop (nats::Client).
///
/// URL: `nats://[user:password@]host[:port]/prefix`, `nats://token@host/prefix` (a user
/// without a password is a token, as in the NATS clients' own URLs), `tls://...` for TLS.
/// The prefix is the path, its '/' turned into '.' ("/plant/line1" -> "plant.line1"). Query:
/// `trustedCertificate=<PEM file>` (tls), `maxBufferedBytes=<n>` (default 8 MiB).
class NatsPublisher final : public Publisher
{
public:
    static constexpr qint64 DefaultMaxBufferedBytes = 8 * 1024 * 1024;

    static std::unique_ptr<NatsPublisher> create(const QUrl &url, QList<Problem> *problems);
    ~NatsPublisher() override;

    void start() override;
    bool publish(const QString &feed, const QString &channel, const QByteArray &payload) override;
    PublisherStatus status() const override;
    quint64 finish(int timeoutMs) override;

    /// The subject publish() uses for (`feed`, `channel`).
    QByteArray subjectFor(const QString &feed, const QString &channel) const;

private:
    NatsPublisher() = default;
    void closeClient();

    nats::ConnectSpec m_spec;
    QByteArray m_prefix; ///< with its trailing '.', or empty
    qint64 m_maxBuffered = DefaultMaxBufferedBytes;
    QPointer<nats::Client> m_client;
    QString m_error;
    quint64 m_accepted = 0;
    mutable quint64 m_sent = 0; ///< accepted messages known written (buffer seen empty)
    /// Accepted, then never written: buffered when their connection failed, or over the
    /// server's max_payload. unconfirmed = accepted - sent - lost.
    quint64 m_lost = 0;
};

} // namespace livedash
