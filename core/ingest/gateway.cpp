#include "ingest/gateway.h"
#include "ingest/recorder.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QMutexLocker>

namespace livedash {

namespace {

constexpr std::chrono::milliseconds FirstRetry{250};
constexpr std::chrono::milliseconds LastRetry{10000};

} // namespace

void SampleSinks::number(const QString &feedId, const QString &channel, qint64 t, double v)
{
    for (SampleSink *s : std::as_const(m_sinks))
        s->number(feedId, channel, t, v);
}

void SampleSinks::text(const QString &feedId, const QString &channel, qint64 t, const QString &text)
{
    for (SampleSink *s : std::as_const(m_sinks))
        s->text(feedId, channel, t, text);
}

Gateway::Gateway(std::unique_ptr<Publisher> publisher, QString target, qsizetype backlogLimit,
                 QObject *parent)
    : QObject(parent), m_publisher(std::move(publisher)), m_target(std::move(target)),
      m_backlogLimit(backlogLimit)
{
    m_watch.setInterval(100);
    connect(&m_watch, &QTimer::timeout, this, &Gateway::watch);
    // A publisher that refused a message because its send window was full takes more once
    // the socket has drained: offer again shortly.
    m_retryDrain.setSingleShot(true);
    m_retryDrain.setInterval(5);
    connect(&m_retryDrain, &QTimer::timeout, this, &Gateway::drain);
}

Gateway::~Gateway() = default;

void Gateway::start()
{
    m_publisher->start();
    m_watch.start();
}

qsizetype Gateway::sizeOf(const Item &item)
{
    return item.payload.size() + 2 * (item.feed.size() + item.channel.size()) + 64;
}

void Gateway::number(const QString &feedId, const QString &channel, qint64 t, double v)
{
    enqueue({feedId, channel, numberRecord(feedId, channel, t, v)});
}

void Gateway::text(const QString &feedId, const QString &channel, qint64 t, const QString &text)
{
    enqueue({feedId, channel, textRecord(feedId, channel, t, text)});
}

void Gateway::enqueue(Item item)
{
    const qsizetype size = sizeOf(item);
    QMutexLocker lock(&m_mutex);
    ++m_received;
    if (m_backlogBytes + size > m_backlogLimit) {
        ++m_dropped;
        return;
    }
    m_backlogBytes += size;
    m_backlog.push_back(std::move(item));
    // Only a backlog that was empty needs a drain: otherwise one is queued already, or the
    // publisher refused (m_retryDrain offers again) or is not connected (watch() drains once it
    // is).
    if (m_backlog.size() == 1 && !m_drainQueued) {
        m_drainQueued = true;
        QMetaObject::invokeMethod(this, &Gateway::drain, Qt::QueuedConnection);
    }
}

void Gateway::drain()
{
    std::deque<Item> batch;
    {
        QMutexLocker lock(&m_mutex);
        m_drainQueued = false;
        batch.swap(m_backlog);
    }
    quint64 taken = 0;
    qsizetype takenBytes = 0;
    while (!batch.empty()) {
        const Item &item = batch.front();
        if (!m_publisher->publish(item.feed, item.channel, item.payload))
            break;
        ++taken;
        takenBytes += sizeOf(item);
        batch.pop_front();
    }
    QMutexLocker lock(&m_mutex);
    m_published += taken;
    m_backlogBytes -= takenBytes;
    if (batch.empty())
        return;
    // Refused: what is left goes back before what arrived meanwhile, in order.
    for (auto it = m_backlog.begin(); it != m_backlog.end(); ++it)
        batch.push_back(std::move(*it));
    m_backlog.swap(batch);
    lock.unlock();
    if (m_publisher->status().state == PublisherStatus::Connected)
        m_retryDrain.start();
}

void Gateway::watch()
{
    const PublisherStatus s = m_publisher->status();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (s.state == PublisherStatus::Connected) {
        if (!m_wasConnected) {
            m_wasConnected = true;
            m_retryDelay = FirstRetry;
            {
                QMutexLocker lock(&m_mutex);
                ++m_connects;
            }
            drain();
        }
        return;
    }
    if (m_wasConnected) { // just lost: retry soon
        m_wasConnected = false;
        m_nextStartMs = now + m_retryDelay.count();
    }
    if (s.state == PublisherStatus::Failed) {
        if (m_nextStartMs == 0)
            m_nextStartMs = now + m_retryDelay.count();
        if (now >= m_nextStartMs) {
            m_publisher->start();
            m_retryDelay = std::min(m_retryDelay * 2, LastRetry);
            m_nextStartMs = 0;
        }
    }
}

Gateway::Status Gateway::status() const
{
    const PublisherStatus p = m_publisher->status();
    QMutexLocker lock(&m_mutex);
    Status s;
    s.received = m_received;
    s.lost = std::min(p.lost, m_published - m_unconfirmed);
    s.published = m_published - m_unconfirmed - s.lost;
    s.pending = m_backlog.size();
    s.pendingBytes = m_backlogBytes;
    s.dropped = m_dropped;
    s.unconfirmed = m_unconfirmed;
    s.connects = m_connects;
    s.connected = p.state == PublisherStatus::Connected;
    s.error = p.error;
    return s;
}

void Gateway::finish(int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    auto backlogEmpty = [this] {
        QMutexLocker lock(&m_mutex);
        return m_backlog.empty();
    };
    while (!backlogEmpty() && clock.elapsed() < timeoutMs) {
        watch();
        if (m_publisher->status().state == PublisherStatus::Connected)
            drain();
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents); // m_watch wakes it
    }
    m_watch.stop();
    m_retryDrain.stop();
    const qint64 left = std::max<qint64>(timeoutMs - clock.elapsed(), 500);
    const quint64 unconfirmed = m_publisher->finish(int(left));
    QMutexLocker lock(&m_mutex);
    m_unconfirmed = unconfirmed;
}

} // namespace livedash
