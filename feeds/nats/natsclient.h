#pragma once

#include <QByteArray>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <nats/nats.h>

#include <functional>
#include <memory>
#include <vector>

class QSocketNotifier;

namespace livedash::nats {

/// How to reach the server. Credentials are secrets: never logged, never in error texts.
struct ConnectSpec
{
    QByteArray url;  ///< "nats://host:port" or "tls://host:port", no credentials
    QByteArray host; ///< for TLS host name verification (empty: an IP literal, not checked)
    QByteArray user;
    QByteArray password;
    QByteArray token;
    QByteArray credsFile;
    QByteArray caPem; ///< extra trusted certificates (PEM), may be empty
    bool secure = false;
    int timeoutMs = 5000; ///< TCP + TLS + CONNECT/PONG, and each request during setup
};

/// What a setup step created on the connection; destroyed with it, on the owner thread.
struct Resources
{
    std::vector<natsSubscription *> subscriptions;
    jsCtx *jetStream = nullptr;
};

/// One NATS connection whose socket is driven by the event loop of the thread that created the
/// client (natsOptions_SetEventLoop with QSocketNotifiers): the C library never reads or writes
/// the socket from threads of its own, and every message is parsed on the owner thread.
///
/// Connecting (TCP, TLS and the CONNECT/PONG handshake are blocking calls in the C client) and
/// the setup step (subscriptions, JetStream consumer requests, a flush that confirms them) run
/// on a QThreadPool thread, once per open(), so the owner thread never blocks; the setup
/// step's requests are answered through the owner thread's read events meanwhile.
///
/// Threads: the library may call the adapter (read/write add/remove, attach, detach) from
/// its own threads (the setup thread, its timer thread's PINGs). Those calls are queued to
/// the owner thread in order, as the libuv adapter does with uv_async; calls made on the owner
/// thread with nothing queued are applied at once. The connection is destroyed only on the
/// owner thread, after the notifiers are gone, so no read event can reach a freed connection.
/// The threads that run the C client's blocking calls (connect, JetStream set-up, flush). Not
/// Qt's global pool, whose one thread per core would queue the connects of many feeds behind a
/// few that wait out their timeouts (a server that does not answer).
QThreadPool *blockingPool();

class Client final : public QObject
{
    Q_OBJECT
public:
    enum class State { Connecting, Ready, Failed, Closed };
    /// Runs on the pool thread after connecting; returns an error in plain words, or empty.
    using Setup = std::function<QString(natsConnection *, Resources *)>;

    /// Use close() instead of delete: it takes care of a setup still running.
    explicit Client(QObject *parent = nullptr);

    /// Starts connecting (once per client).
    void open(ConnectSpec spec, Setup setup);
    /// Stops all callbacks, destroys the connection (or does so once the setup has ended) and
    /// deletes this object later. Do not use the client afterwards.
    void close();

    State state() const { return m_state; }
    /// Why the connection failed or ended, in plain words.
    const QString &error() const { return m_error; }
    /// Valid in state Ready (and Closed, until close()).
    natsConnection *connection() const { return m_nc; }
    const Resources &resources() const { return m_resources; }

    /// Plain words for a failed call; `detail` is the library's error text for it.
    static QString describe(natsStatus status, const QString &detail);

Q_SIGNALS:
    /// The state changed (Ready, Failed or Closed).
    void changed();
    /// A read event was processed: messages may be waiting in the subscriptions.
    void readable();

private:
    ~Client() override;

    // The C adapter (natsOptions_SetEventLoop); `loop` and `userData` are the client.
    static natsStatus onAttach(void **userData, void *loop, natsConnection *nc, natsSock socket);
    static natsStatus onRead(void *userData, bool add);
    static natsStatus onWrite(void *userData, bool add);
    static natsStatus onDetach(void *userData);

    /// Runs `op` on the owner thread: now when called there with nothing queued, else queued.
    void post(std::function<void()> op);
    void attach(natsConnection *nc, natsSock socket);
    void setReading(bool on);
    void setWriting(bool on);
    void detach();
    void readEvent();
    void writeEvent();
    /// What the setup task made, handed to the owner thread once.
    struct SetupResult
    {
        QMutex mutex;
        bool done = false;      ///< the task has finished and filled in what follows
        bool ownerGone = false; ///< the owner thread ended first: the task frees the client
        bool taken = false;
        natsConnection *nc = nullptr;
        Resources resources;
        QString error;
    };
    /// Hands the task's result to setupFinished(), once (from the queued call, or from
    /// ownerThreadFinished()).
    void takeSetup(const std::shared_ptr<SetupResult> &result);
    /// The owner thread is finishing while the setup task of a closed client runs: its queued
    /// call would never be delivered, so the task (or this, if it is done) frees the client.
    void ownerThreadFinished();
    void setupFinished(natsConnection *nc, Resources resources, QString error);
    void destroyConnection();
    void fail(QString error);

    QMutex m_mutex;   ///< guards m_queued (counted by library threads and the owner)
    int m_queued = 0; ///< adapter calls posted to the owner thread and not yet run
    natsConnection *m_nc = nullptr;
    Resources m_resources;
    QSocketNotifier *m_reader = nullptr;
    QSocketNotifier *m_writer = nullptr;
    State m_state = State::Connecting;
    QString m_error;
    bool m_setupRunning = false;
    std::shared_ptr<SetupResult> m_setup; ///< the running setup task's result
    bool m_closing = false;
    bool m_attached = false;
};

} // namespace livedash::nats
