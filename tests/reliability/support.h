#pragma once

// Shared helpers of the reliability tests and the soak: process figures (RSS, peak RSS, open
// file descriptors, live QObjects), log capture, a thread for the test servers, a hand-made
// WebSocket server that can send anything (oversized frames, invalid UTF-8), a byte pump that
// streams huge bodies without holding them, a steady neighbour feed whose end-to-end latency
// is measured, and a probe of the main (UI) thread's responsiveness.
//
// Without Q_OBJECT, so each test executable can include it as it is; the process figures are
// in support.cpp (its OS headers, <windows.h> among them, stay out of the tests).

#include "document/dashboard.h"
#include "ingest/feedstatus.h"
#include "ingest/ingestengine.h"
#include "ingest/messagemapper.h"
#include "localhttpserver.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

// Qt's hook table for debugging tools (qhooks_p.h; GammaRay and heaptrack use it): entries 3 and
// 4 are called by every QObject constructor and destructor, on whatever thread.
extern Q_DECL_IMPORT quintptr qtHookData[];

namespace livedash::reliability {

/// Microseconds on the monotonic clock, comparable across the test's threads.
inline qint64 monoUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// ---------------------------------------------------------------------------------------------
// Process figures (support.cpp, per OS: Linux /proc, macOS Mach and libproc, Windows psapi)

/// True in an AddressSanitizer build. Its allocator holds freed memory in a quarantine, pads
/// every block with redzones and keeps a stack for every allocation site, so RSS figures there
/// measure ASan, not Livedash: the tests check their RSS bounds only without it (the normal
/// suite) and everything else under it.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool UnderAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool UnderAddressSanitizer = true;
#else
inline constexpr bool UnderAddressSanitizer = false;
#endif
#else
inline constexpr bool UnderAddressSanitizer = false;
#endif

/// Resident set size now, in KB (Linux VmRSS, macOS resident_size, Windows working set).
qint64 rssKb();

/// The peak resident set size since the start or the last resetPeakRss(), in KB (Linux VmHWM,
/// macOS resident_size_max, Windows peak working set).
qint64 peakRssKb();

/// Sets the peak RSS back to the current RSS (Linux >= 4.0, /proc/self/clear_refs). False if
/// not possible: always on macOS and Windows, which cannot reset their peak.
bool resetPeakRss();

/// Open descriptors of this process, for leak checks (compare two counts): Linux the entries
/// of /proc/self/fd, macOS proc_pidinfo(PROC_PIDLISTFDS), Windows GetProcessHandleCount (every
/// kernel handle: files, sockets, but also threads and events).
int openFdCount();

/// The machine's 1-minute load average (Linux /proc/loadavg, macOS getloadavg);
/// nullopt on Windows, which has no load average.
std::optional<double> loadAverage1();

/// Counts QObjects constructed minus destroyed since install(), on every thread.
class QObjectCounter
{
public:
    static void install()
    {
        if (s_installed.exchange(true))
            return;
        s_previousAdd = qtHookData[AddQObject];
        s_previousRemove = qtHookData[RemoveQObject];
        qtHookData[AddQObject] = reinterpret_cast<quintptr>(&onAdd);
        qtHookData[RemoveQObject] = reinterpret_cast<quintptr>(&onRemove);
    }
    static qint64 live() { return s_live.load(); }

private:
    using Callback = void (*)(QObject *);
    static constexpr int AddQObject = 3;
    static constexpr int RemoveQObject = 4;

    static void onAdd(QObject *o)
    {
        s_live.fetch_add(1);
        if (s_previousAdd)
            reinterpret_cast<Callback>(s_previousAdd)(o);
    }
    static void onRemove(QObject *o)
    {
        s_live.fetch_sub(1);
        if (s_previousRemove)
            reinterpret_cast<Callback>(s_previousRemove)(o);
    }

    static inline std::atomic<bool> s_installed{false};
    static inline std::atomic<qint64> s_live{0};
    static inline quintptr s_previousAdd = 0;
    static inline quintptr s_previousRemove = 0;
};

// ---------------------------------------------------------------------------------------------
// Log capture

struct LogLine
{
    qint64 atUs = 0;
    QString category;
    QString text;
};

/// Records every log message (from any thread) with its monotonic time. Messages of categories
/// starting with one of `quiet` are recorded but not printed.
class LogCapture
{
public:
    explicit LogCapture(QStringList quiet = {}) : m_quiet(std::move(quiet))
    {
        s_current = this;
        m_previous = qInstallMessageHandler(&LogCapture::handler);
    }
    ~LogCapture()
    {
        qInstallMessageHandler(m_previous);
        s_current = nullptr;
    }
    LogCapture(const LogCapture &) = delete;
    LogCapture &operator=(const LogCapture &) = delete;

    QList<LogLine> lines() const
    {
        QMutexLocker lock(&m_mutex);
        return m_lines;
    }
    void clear()
    {
        QMutexLocker lock(&m_mutex);
        m_lines.clear();
    }

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &text)
    {
        LogCapture *self = s_current;
        if (!self)
            return;
        const QString category = QString::fromLatin1(context.category ? context.category : "");
        bool quiet = false;
        {
            QMutexLocker lock(&self->m_mutex);
            self->m_lines.append({monoUs(), category, text});
            for (const QString &q : std::as_const(self->m_quiet))
                quiet |= category.startsWith(q);
        }
        if (!quiet && self->m_previous)
            self->m_previous(type, context, text);
    }

    static inline LogCapture *s_current = nullptr;
    QStringList m_quiet;
    QtMessageHandler m_previous = nullptr;
    mutable QMutex m_mutex;
    QList<LogLine> m_lines;
};

// ---------------------------------------------------------------------------------------------
// A thread for the test's servers, so that the main thread plays the UI thread and its own
// responsiveness can be measured.

class ServerThread
{
public:
    ServerThread()
    {
        m_thread.setObjectName(QStringLiteral("test-servers"));
        m_thread.start();
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
    }
    ~ServerThread()
    {
        // Servers are destroyed on their own thread, newest first.
        run([this] {
            while (!m_owned.empty()) {
                delete m_owned.back();
                m_owned.pop_back();
            }
            delete m_context;
        });
        m_thread.quit();
        m_thread.wait();
    }
    ServerThread(const ServerThread &) = delete;
    ServerThread &operator=(const ServerThread &) = delete;

    /// Runs `fn` on the server thread and waits for it.
    template<typename Fn>
    void run(Fn &&fn)
    {
        QMetaObject::invokeMethod(m_context, std::forward<Fn>(fn), Qt::BlockingQueuedConnection);
    }
    /// Runs `fn` on the server thread without waiting.
    template<typename Fn>
    void post(Fn &&fn)
    {
        QMetaObject::invokeMethod(m_context, std::forward<Fn>(fn), Qt::QueuedConnection);
    }
    /// Constructs a T on the server thread; it lives until the ServerThread goes.
    template<typename T, typename... Args>
    T *make(Args &&...args)
    {
        T *made = nullptr;
        run([&] {
            made = new T(std::forward<Args>(args)...);
            m_owned.push_back(made);
        });
        return made;
    }

private:
    QThread m_thread;
    QObject *m_context = nullptr;
    std::vector<QObject *> m_owned;
};

// ---------------------------------------------------------------------------------------------
// Byte pump: writes the chunks `next` produces (until it returns an empty one) while at most
// 1 MB waits in the socket, so neither side of the test ever holds a whole huge payload. Runs
// on `owner`'s thread; stops early when the peer goes away.

struct PumpTarget
{
    std::function<bool()> alive;
    std::function<qint64()> queued;
    std::function<void(const QByteArray &)> write;
};

inline void pumpChunks(QObject *owner, PumpTarget target, std::function<QByteArray()> next,
                       std::shared_ptr<std::atomic<qint64>> written = {},
                       std::function<void()> done = {})
{
    static constexpr qint64 Window = 1024 * 1024;
    auto *timer = new QTimer(owner);
    timer->setInterval(1);
    QObject::connect(timer, &QTimer::timeout, timer, [=] {
        if (!target.alive()) {
            timer->deleteLater();
            return;
        }
        while (target.queued() < Window) {
            const QByteArray chunk = next();
            if (chunk.isEmpty()) {
                timer->stop();
                timer->deleteLater();
                if (done)
                    done();
                return;
            }
            target.write(chunk);
            if (written)
                written->fetch_add(chunk.size());
        }
    });
    timer->start();
}

/// A generator of `total` bytes of `fill` in 256 KB chunks (one shared buffer).
inline std::function<QByteArray()> fillBytes(qint64 total, char fill)
{
    static constexpr qint64 Chunk = 256 * 1024;
    auto left = std::make_shared<qint64>(total);
    const QByteArray chunk(Chunk, fill);
    return [left, chunk] {
        const qint64 n = std::min(*left, Chunk);
        *left -= n;
        return n == Chunk ? chunk : chunk.left(n);
    };
}

/// `head`, then what `body` produces, then `tail`.
inline std::function<QByteArray()> framed(QByteArray head, std::function<QByteArray()> body,
                                          QByteArray tail)
{
    auto stage = std::make_shared<int>(0);
    return [=]() mutable -> QByteArray {
        if (*stage == 0) {
            *stage = 1;
            if (!head.isEmpty())
                return head;
        }
        if (*stage == 1) {
            const QByteArray chunk = body();
            if (!chunk.isEmpty())
                return chunk;
            *stage = 2;
        }
        if (*stage == 2) {
            *stage = 3;
            return tail;
        }
        return {};
    };
}

inline PumpTarget pumpTarget(QTcpSocket *socket)
{
    QPointer<QTcpSocket> s(socket);
    return {[s] { return s && s->state() == QAbstractSocket::ConnectedState; },
            [s] { return s ? s->bytesToWrite() : 0; },
            [s](const QByteArray &bytes) {
                if (s)
                    s->write(bytes);
            }};
}

// ---------------------------------------------------------------------------------------------
// A WebSocket server written by hand on QTcpServer: completes the upgrade, then lets the test
// write any frame, including ones QWebSocket would never send.

class RawWsServer : public QObject
{
public:
    /// Called once the upgrade is answered; `index` counts connections from 0.
    using OpenHandler = std::function<void(QTcpSocket *socket, int index)>;

    explicit RawWsServer(OpenHandler onOpen) : m_onOpen(std::move(onOpen))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                QObject::connect(socket, &QTcpSocket::readyRead, socket,
                                 [this, socket] { onRequestData(socket); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString url() const
    {
        return QStringLiteral("ws://127.0.0.1:%1/raw").arg(m_server.serverPort());
    }
    int accepted() const { return m_accepted.load(); }

    /// An unmasked server frame with the given opcode (1 text, 2 binary, 0 continuation).
    static QByteArray header(quint8 opcode, quint64 length, bool fin = true)
    {
        QByteArray h;
        h.append(char((fin ? 0x80 : 0x00) | (opcode & 0x0f)));
        if (length < 126) {
            h.append(char(length));
        } else if (length <= 0xffff) {
            h.append(char(126));
            h.append(char((length >> 8) & 0xff));
            h.append(char(length & 0xff));
        } else {
            h.append(char(127));
            for (int shift = 56; shift >= 0; shift -= 8)
                h.append(char((length >> shift) & 0xff));
        }
        return h;
    }
    static QByteArray frame(quint8 opcode, const QByteArray &payload, bool fin = true)
    {
        return header(opcode, quint64(payload.size()), fin) + payload;
    }

private:
    void onRequestData(QTcpSocket *socket)
    {
        if (socket->property("upgraded").toBool()) {
            socket->readAll(); // the client's pings and close frames are not answered
            return;
        }
        const QByteArray request = socket->property("request").toByteArray() + socket->readAll();
        socket->setProperty("request", request);
        if (!request.contains("\r\n\r\n"))
            return;
        static const QRegularExpression keyLine(QStringLiteral("Sec-WebSocket-Key:\\s*(\\S+)"),
                                                QRegularExpression::CaseInsensitiveOption);
        const QByteArray key = keyLine.match(QString::fromLatin1(request)).captured(1).toLatin1();
        const QByteArray accept =
            QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                     QCryptographicHash::Sha1)
                .toBase64();
        socket->setProperty("upgraded", true);
        socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                      "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                      accept + "\r\n\r\n");
        const int index = m_accepted.fetch_add(1);
        if (m_onOpen)
            m_onOpen(socket, index);
    }

    QTcpServer m_server;
    OpenHandler m_onOpen;
    std::atomic<int> m_accepted{0};
};

// ---------------------------------------------------------------------------------------------
// The steady neighbour: a WebSocket server sending {"seq":n,"sent":<monotonic us>} every
// `intervalMs` to each client; with LatencySink the test sees each message's delivery latency.

class SteadyWsServer : public QObject
{
public:
    explicit SteadyWsServer(int intervalMs = 2)
    {
        QObject::connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *client = m_server.nextPendingConnection()) {
                client->setParent(this);
                m_clients.append(client);
                QObject::connect(client, &QWebSocket::disconnected, client, &QObject::deleteLater);
            }
        });
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            m_clients.removeIf([](const QPointer<QWebSocket> &c) { return c.isNull(); });
            for (const QPointer<QWebSocket> &c : std::as_const(m_clients)) {
                if (c->state() != QAbstractSocket::ConnectedState)
                    continue;
                const quint64 seq = m_sent.fetch_add(1) + 1;
                c->sendTextMessage(
                    QStringLiteral(R"({"seq":%1,"sent":%2})").arg(seq).arg(monoUs()));
            }
        });
        m_timer.start(intervalMs);
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString url() const
    {
        return QStringLiteral("ws://127.0.0.1:%1/steady").arg(m_server.serverPort());
    }
    quint64 sent() const { return m_sent.load(); }

private:
    QWebSocketServer m_server{QStringLiteral("steady"), QWebSocketServer::NonSecureMode};
    QList<QPointer<QWebSocket>> m_clients;
    QTimer m_timer;
    std::atomic<quint64> m_sent{0};
};

/// Receives every sample; for feed `feedId`'s channel "sent" it records the delivery latency
/// (now minus the send time the steady server put in the message).
class LatencySink final : public SampleSink
{
public:
    explicit LatencySink(QString feedId) : m_feedId(std::move(feedId)) {}

    void number(const QString &feedId, const QString &channel, qint64, double v) override
    {
        if (feedId != m_feedId || channel != QLatin1String("sent"))
            return;
        const qint64 latency = monoUs() - qint64(v);
        m_count.fetch_add(1);
        qint64 max = m_maxUs.load();
        while (latency > max && !m_maxUs.compare_exchange_weak(max, latency)) {
        }
    }
    void text(const QString &, const QString &, qint64, const QString &) override {}

    /// Starts a new measurement window.
    void reset()
    {
        m_maxUs.store(0);
        m_count.store(0);
    }
    double maxLatencyMs() const { return double(m_maxUs.load()) / 1000.0; }
    quint64 count() const { return m_count.load(); }

private:
    QString m_feedId;
    std::atomic<qint64> m_maxUs{0};
    std::atomic<quint64> m_count{0};
};

// ---------------------------------------------------------------------------------------------
/// Sends the test's messages to one feed: over WebSocket (text or binary frames), as SSE
/// events on one stream, or as HTTP poll responses (one queued body per poll, 304 when none).
class BurstSource : public QObject
{
public:
    explicit BurstSource(const QString &kind) : m_kind(kind)
    {
        if (kind == QLatin1String("websocket")) {
            m_ws = new QWebSocketServer(QStringLiteral("burst"), QWebSocketServer::NonSecureMode,
                                        this);
            QObject::connect(m_ws, &QWebSocketServer::newConnection, this, [this] {
                while (QWebSocket *c = m_ws->nextPendingConnection()) {
                    c->setParent(this);
                    m_client = c;
                    ++m_connections;
                }
            });
        } else {
            m_http = new LocalHttpServer(this);
            m_http->route("/events", [this](HttpExchange *ex) {
                ex->beginStream(200);
                m_stream = ex;
                ++m_connections;
            });
            m_http->route("/poll", [this](HttpExchange *ex) {
                if (m_queue.isEmpty()) {
                    ex->respond(304);
                    return;
                }
                ex->respond(200, m_queue.takeFirst());
                ++m_served;
            });
        }
    }
    bool listen() { return m_ws ? m_ws->listen(QHostAddress::LocalHost, 0) : m_http->listen(); }
    QString url() const
    {
        if (m_ws)
            return QStringLiteral("ws://127.0.0.1:%1/burst").arg(m_ws->serverPort());
        return m_http
            ->url(m_kind == QLatin1String("sse") ? QStringLiteral("/events")
                                                 : QStringLiteral("/poll"))
            .toString();
    }
    bool ready() const
    {
        return m_ws ? bool(m_client) : m_kind == QLatin1String("http") || m_stream;
    }
    /// Queues or sends `payloads`; `binary`: WebSocket binary frames instead of text.
    void send(const QList<QByteArray> &payloads, bool binary)
    {
        for (const QByteArray &p : payloads) {
            if (m_kind == QLatin1String("websocket")) {
                if (binary)
                    m_client->sendBinaryMessage(p);
                else
                    m_client->sendTextMessage(QString::fromUtf8(p));
            } else if (m_kind == QLatin1String("sse")) {
                m_stream->write("data: " + p + "\n\n");
            } else {
                m_queue.append(p);
            }
        }
    }
    int connections() const { return m_connections.load(); }
    int served() const { return m_served.load(); }
    /// Drops the client's connection (WebSocket, SSE), as a source restarting does.
    void dropConnection()
    {
        if (m_client)
            m_client->close();
        m_client = nullptr;
        if (m_stream)
            m_stream->close();
        m_stream = nullptr;
    }

private:
    QString m_kind;
    QWebSocketServer *m_ws = nullptr;
    LocalHttpServer *m_http = nullptr;
    QPointer<QWebSocket> m_client;
    QPointer<HttpExchange> m_stream;
    QList<QByteArray> m_queue;
    std::atomic<int> m_connections{0};
    std::atomic<int> m_served{0};
};

// ---------------------------------------------------------------------------------------------
// UI-thread probe: a 5 ms timer on the thread it is created on; records how late each tick
// was, in a fixed histogram (0.1 ms buckets up to 2 s; memory does not grow with run time).
// `work` runs on every tick (what a UI does: read the status board, the store).

class UiProbe
{
public:
    explicit UiProbe(std::function<void()> work = {}, int intervalMs = 5)
        : m_work(std::move(work)), m_intervalMs(intervalMs), m_buckets(Buckets, 0)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = monoUs();
            if (m_last > 0) {
                const qint64 interval = now - m_last;
                m_maxUs = std::max(m_maxUs, interval);
                ++m_buckets[std::min<size_t>(size_t(interval / 100), Buckets - 1)];
                ++m_ticks;
            }
            m_last = now;
            if (m_work)
                m_work();
        });
        m_timer.start(m_intervalMs);
    }
    void reset()
    {
        std::fill(m_buckets.begin(), m_buckets.end(), 0);
        m_ticks = 0;
        m_maxUs = 0;
        m_last = 0;
    }
    /// The longest time between two ticks, in ms.
    double maxIntervalMs() const { return double(m_maxUs) / 1000.0; }
    /// Lateness (interval beyond the nominal one) at quantile q, in ms (0.1 ms resolution).
    double latenessMs(double q) const
    {
        quint64 seen = 0;
        for (size_t i = 0; i < Buckets; ++i) {
            seen += m_buckets[i];
            if (m_ticks && double(seen) >= q * double(m_ticks))
                return std::max(0.0, double(i + 1) / 10.0 - m_intervalMs);
        }
        return 0;
    }
    quint64 ticks() const { return m_ticks; }

private:
    static constexpr size_t Buckets = 20000;
    std::function<void()> m_work;
    int m_intervalMs;
    QTimer m_timer;
    qint64 m_last = 0;
    qint64 m_maxUs = 0;
    quint64 m_ticks = 0;
    std::vector<quint64> m_buckets;
};

// ---------------------------------------------------------------------------------------------
// Feed configurations

/// A feed mapping the fields in `channels` (path -> channel, numbers) and `sequence` if given.
inline FeedConfig feedConfig(const QString &id, const QString &plugin, const QString &url,
                             const QStringList &channels, const QString &sequence = {},
                             const QVariantMap &extra = {})
{
    FeedConfig f;
    f.id = id;
    f.name = id;
    f.plugin = plugin;
    f.options = extra;
    f.options.insert(QStringLiteral("url"), url);
    f.fields.sequence = sequence;
    for (const QString &path : channels) {
        ChannelMapping m;
        m.path = path;
        m.channel = path;
        f.fields.channels.append(m);
    }
    f.reconnect.initialDelayMs = 20;
    f.reconnect.maxDelayMs = 200;
    f.reconnect.stablePeriodMs = 1000;
    return f;
}

/// The steady neighbour feed for a SteadyWsServer.
inline FeedConfig steadyFeed(const QString &url)
{
    return feedConfig(QStringLiteral("steady"), QStringLiteral("websocket"), url,
                      {QStringLiteral("sent")}, QStringLiteral("seq"));
}

inline Dashboard dashboardOf(const QList<FeedConfig> &feeds, int historyLength = 1000)
{
    Dashboard d;
    d.name = QStringLiteral("reliability");
    d.historyLength = historyLength;
    d.feeds = feeds;
    return d;
}

inline FeedStatus statusOf(IngestEngine &engine, const QString &id)
{
    return engine.board().status(id).value_or(FeedStatus{});
}

/// "ws: state live, 3 connects, ..." for failure messages.
inline QString describe(const FeedStatus &s)
{
    return QStringLiteral("%1: %2, connects %3, messages %4, rejected %5, gaps %6, "
                          "lastError \"%7\", lastProblem \"%8\"")
        .arg(s.id, feedStateName(s.state))
        .arg(s.connects)
        .arg(s.messages)
        .arg(s.rejected)
        .arg(s.gaps)
        .arg(s.lastError, s.lastProblem);
}

} // namespace livedash::reliability
