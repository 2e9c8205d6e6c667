#include "natspublisher.h"
#include "natsfeed.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHostAddress>
#include <QSslCertificate>
#include <QThreadPool>
#include <QTimer>
#include <QUrlQuery>

#include <atomic>

namespace livedash {

namespace {

QString feedText(const char *text)
{
    return QCoreApplication::translate("livedash::FeedErrors", text);
}

} // namespace

std::unique_ptr<NatsPublisher> NatsPublisher::create(const QUrl &url, QList<Problem> *problems)
{
    QList<Problem> found;
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("nats") && scheme != QLatin1String("tls")))
        found.append({QStringLiteral("url"),
                      feedText(QT_TRANSLATE_NOOP(
                          "livedash::FeedErrors",
                          "not a valid NATS URL (nats://host:port/prefix or tls://...)"))});

    std::unique_ptr<NatsPublisher> p(new NatsPublisher);
    const QString hostPort =
        (url.host().contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(url.host())
                                               : url.host()) +
        QStringLiteral(":%1").arg(url.port(4222));
    p->m_spec.url = (scheme + QStringLiteral("://") + hostPort).toUtf8();
    p->m_spec.secure = scheme == QLatin1String("tls");
    if (p->m_spec.secure && QHostAddress(url.host()).isNull())
        p->m_spec.host = url.host().toUtf8();
    const QString user = url.userName(QUrl::FullyDecoded);
    const QString password = url.password(QUrl::FullyDecoded);
    if (!user.isEmpty() && password.isEmpty())
        p->m_spec.token = user.toUtf8(); // nats://token@host
    else if (!user.isEmpty()) {
        p->m_spec.user = user.toUtf8();
        p->m_spec.password = password.toUtf8();
    }

    const QStringList segments =
        url.path(QUrl::FullyDecoded).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &segment : segments) {
        if (nats::escapeToken(segment) != segment.toUtf8() || segment.contains(QLatin1Char('%'))) {
            found.append(
                {QStringLiteral("url.path"),
                 feedText(QT_TRANSLATE_NOOP(
                              "livedash::FeedErrors",
                              "\"%1\": a prefix token cannot hold '.', '*', '>', '%' or spaces"))
                     .arg(segment)});
            continue;
        }
        p->m_prefix += segment.toUtf8() + '.';
    }

    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("trustedCertificate")) {
            QList<QSslCertificate> certs = QSslCertificate::fromPath(value, QSsl::Pem);
            if (certs.isEmpty())
                certs = QSslCertificate::fromPath(value, QSsl::Der);
            if (certs.isEmpty())
                found.append(
                    {QStringLiteral("url.query.trustedCertificate"),
                     feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "no certificate in %1"))
                         .arg(value)});
            for (const QSslCertificate &c : certs)
                p->m_spec.caPem += c.toPem();
        } else if (key == QLatin1String("maxBufferedBytes")) {
            bool ok = false;
            p->m_maxBuffered = value.toLongLong(&ok);
            if (!ok || p->m_maxBuffered < 1024)
                found.append({QStringLiteral("url.query.maxBufferedBytes"),
                              feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                                         "a number of bytes, at least 1024"))});
        } else {
            found.append({QStringLiteral("url.query.") + key,
                          feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "unknown option"))});
        }
    }
    if (!found.isEmpty()) {
        if (problems)
            *problems += found;
        return nullptr;
    }
    return p;
}

NatsPublisher::~NatsPublisher()
{
    closeClient();
}

void NatsPublisher::closeClient()
{
    if (m_client)
        m_client->close();
    m_client.clear();
}

void NatsPublisher::start()
{
    if (m_client && m_client->state() != nats::Client::State::Failed &&
        m_client->state() != nats::Client::State::Closed)
        return; // connecting or connected already
    if (m_client) {
        m_error = m_client->error();
        m_lost += m_accepted - m_sent - m_lost; // still buffered when the connection failed
    }
    closeClient();
    m_client = new nats::Client();
    QObject::connect(m_client.data(), &nats::Client::changed, m_client.data(), [this] {
        if (m_client && !m_client->error().isEmpty())
            m_error = m_client->error();
    });
    m_client->open(m_spec, {});
}

QByteArray NatsPublisher::subjectFor(const QString &feed, const QString &channel) const
{
    return m_prefix + nats::escapeToken(feed) + '.' + nats::escapeToken(channel);
}

bool NatsPublisher::publish(const QString &feed, const QString &channel, const QByteArray &payload)
{
    if (!m_client || m_client->state() != nats::Client::State::Ready)
        return false;
    natsConnection *nc = m_client->connection();
    if (natsConnection_Buffered(nc) > m_maxBuffered)
        return false; // the gateway offers it again once the socket has taken the backlog
    const natsStatus s = natsConnection_Publish(nc, subjectFor(feed, channel).constData(),
                                                payload.constData(), int(payload.size()));
    if (s == NATS_MAX_PAYLOAD) {
        // It never will fit: dropped, said in the status, not offered again.
        m_error = feedText(QT_TRANSLATE_NOOP(
                               "livedash::FeedErrors",
                               "a message for %1/%2 exceeded the server's max_payload (%3 bytes)"))
                      .arg(feed, channel)
                      .arg(payload.size());
        ++m_accepted;
        ++m_lost;
        return true;
    }
    if (s != NATS_OK)
        return false;
    ++m_accepted;
    return true;
}

PublisherStatus NatsPublisher::status() const
{
    PublisherStatus st;
    if (!m_client) {
        st.state = m_error.isEmpty() ? PublisherStatus::Connecting : PublisherStatus::Failed;
    } else {
        switch (m_client->state()) {
        case nats::Client::State::Connecting:
            st.state = PublisherStatus::Connecting;
            break;
        case nats::Client::State::Ready:
            st.state = PublisherStatus::Connected;
            if (natsConnection_Buffered(m_client->connection()) == 0)
                m_sent = m_accepted - m_lost;
            break;
        case nats::Client::State::Failed:
        case nats::Client::State::Closed:
            st.state = PublisherStatus::Failed;
            break;
        }
    }
    st.error = m_client && !m_client->error().isEmpty() ? m_client->error() : m_error;
    st.sent = m_sent;
    st.unconfirmed = m_accepted - m_sent - m_lost;
    st.lost = m_lost;
    return st;
}

quint64 NatsPublisher::finish(int timeoutMs)
{
    if (m_client && m_client->state() == nats::Client::State::Ready) {
        // FlushTimeout sends a PING and waits for the PONG, which this thread's event loop
        // reads: so it waits on a pool thread while this one runs its loop. The connection
        // outlives the flush (the loop ends only when the flush returned).
        natsConnection *nc = m_client->connection();
        auto done = std::make_shared<std::atomic<int>>(-1);
        nats::blockingPool()->start([nc, done, timeoutMs] {
            const natsStatus s = natsConnection_FlushTimeout(nc, std::max(timeoutMs, 1));
            nats_ReleaseThreadMemory();
            done->store(s == NATS_OK ? 1 : 0);
        });
        // Polled rather than signalled: nothing of this frame is touched by the pool thread.
        QEventLoop loop;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &loop, [&loop, done] {
            if (done->load() >= 0)
                loop.quit();
        });
        poll.start(2);
        loop.exec();
        if (done->load() == 1)
            m_sent = m_accepted - m_lost;
        else if (natsConnection_Buffered(nc) == 0)
            m_sent = m_accepted - m_lost; // written, though not confirmed by a PONG in time
    }
    closeClient();
    return m_accepted - m_sent - m_lost;
}

} // namespace livedash
