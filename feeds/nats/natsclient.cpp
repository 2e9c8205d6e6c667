#include "natsclient.h"

#include <QCoreApplication>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QThread>
#include <QThreadPool>
#include <QUrl>

namespace livedash::nats {

namespace {

QString lastErrorText()
{
    natsStatus status = NATS_OK;
    const char *text = nats_GetLastError(&status);
    return text ? QString::fromUtf8(text) : QString();
}

/// The C client says only "No server available for connection" when TCP fails: a plain
/// connect (on the setup thread, which may block) finds out why, in the words other feeds use.
QString whyUnreachable(const QByteArray &url, int timeoutMs)
{
    const QUrl u(QString::fromUtf8(url));
    QTcpSocket socket;
    socket.connectToHost(u.host(), quint16(u.port(4222)));
    if (socket.waitForConnected(timeoutMs)) {
        socket.abort();
        return QCoreApplication::translate("livedash::FeedErrors",
                                           "the server did not complete the NATS handshake");
    }
    switch (socket.error()) {
    case QAbstractSocket::ConnectionRefusedError:
        return QCoreApplication::translate("livedash::FeedErrors", "connection refused");
    case QAbstractSocket::HostNotFoundError:
        return QCoreApplication::translate("livedash::FeedErrors", "host %1 not found")
            .arg(u.host());
    case QAbstractSocket::SocketTimeoutError:
        return QCoreApplication::translate("livedash::FeedErrors", "timed out");
    default:
        return QCoreApplication::translate("livedash::FeedErrors", "server not reachable: %1")
            .arg(socket.errorString());
    }
}

/// Options for one connection; null (and `error` set) when the library refuses one.
natsOptions *makeOptions(const ConnectSpec &spec, Client *loop, natsEvLoop_Attach attach,
                         natsEvLoop_ReadAddRemove read, natsEvLoop_WriteAddRemove write,
                         natsEvLoop_Detach detach, QString *error)
{
    natsOptions *opts = nullptr;
    natsStatus s = natsOptions_Create(&opts);
    if (s == NATS_OK)
        s = natsOptions_SetURL(opts, spec.url.constData());
    if (s == NATS_OK)
        s = natsOptions_SetTimeout(opts, spec.timeoutMs);
    // The runner reconnects, with its backoff and status; the library must not on its own.
    if (s == NATS_OK)
        s = natsOptions_SetAllowReconnect(opts, false);
    // Writes are queued as one write event on the owner thread: no flusher thread.
    if (s == NATS_OK)
        s = natsOptions_SetSendAsap(opts, true);
    if (s == NATS_OK)
        s = natsOptions_SetName(opts, "livedash");
    // A PING every 20 s, and the connection counts as dead after two unanswered: a silent
    // network drop is noticed within about a minute (the library's default is 2 minutes each).
    if (s == NATS_OK)
        s = natsOptions_SetPingInterval(opts, 20000);
    if (s == NATS_OK)
        s = natsOptions_SetMaxPingsOut(opts, 2);
    if (s == NATS_OK)
        s = natsOptions_SetEventLoop(opts, loop, attach, read, write, detach);
    if (s == NATS_OK && !spec.user.isEmpty())
        s = natsOptions_SetUserInfo(opts, spec.user.constData(), spec.password.constData());
    if (s == NATS_OK && !spec.token.isEmpty())
        s = natsOptions_SetToken(opts, spec.token.constData());
    if (s == NATS_OK && !spec.credsFile.isEmpty()) {
        s = natsOptions_SetUserCredentialsFromFiles(opts, spec.credsFile.constData(), nullptr);
        if (s != NATS_OK) {
            *error = QCoreApplication::translate("livedash::FeedErrors",
                                                 "credentials file cannot be used: %1")
                         .arg(lastErrorText());
            natsOptions_Destroy(opts);
            return nullptr;
        }
    }
    if (s == NATS_OK && spec.secure) {
        s = natsOptions_SetSecure(opts, true);
        if (s == NATS_OK && !spec.caPem.isEmpty())
            s = natsOptions_SetCATrustedCertificates(opts, spec.caPem.constData());
        if (s == NATS_OK && !spec.host.isEmpty())
            s = natsOptions_SetExpectedHostname(opts, spec.host.constData());
    }
    if (s != NATS_OK) {
        *error = Client::describe(s, lastErrorText());
        natsOptions_Destroy(opts);
        return nullptr;
    }
    return opts;
}

} // namespace

Client::Client(QObject *parent) : QObject(parent) {}

Client::~Client() = default;

QString Client::describe(natsStatus status, const QString &text)
{
    // The library prefixes its texts with where they were raised: "(conn.c:733): ".
    static const QRegularExpression location(QStringLiteral("\\([a-z_]+\\.c:\\d+\\):\\s*"));
    const QString detail = QString(text).remove(location).trimmed();
    const QString lower = detail.toLower();
    if (lower.contains(QLatin1String("authorization")) ||
        lower.contains(QLatin1String("authentication")) || status == NATS_CONNECTION_AUTH_FAILED)
        return QCoreApplication::translate("livedash::FeedErrors", "not authorised");
    // -ERR 'Permissions Violation for Subscription to "secret.x"'
    static const QRegularExpression permission(
        QStringLiteral("permissions violation for (\\w+) to \"?([^\"']+)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch denied = permission.match(detail);
    if (denied.hasMatch())
        return QCoreApplication::translate("livedash::FeedErrors",
                                           "permissions violation for %1 to %2")
            .arg(denied.captured(1).toLower(), denied.captured(2).trimmed());
    if (status == NATS_SSL_ERROR && lower.contains(QLatin1String("self-signed")))
        return QCoreApplication::translate("livedash::FeedErrors",
                                           "TLS handshake failed: the server's certificate is "
                                           "self-signed and not trusted; pin "
                                           "it with trustedCertificate (%1)")
            .arg(detail);
    if (status == NATS_SSL_ERROR && lower.contains(QLatin1String("hostname mismatch")))
        return QCoreApplication::translate("livedash::FeedErrors",
                                           "TLS handshake failed: the server's certificate is not "
                                           "issued for this host name (%1)")
            .arg(detail);
    if (status == NATS_SSL_ERROR || lower.contains(QLatin1String("ssl")) ||
        lower.contains(QLatin1String("tls")))
        return QCoreApplication::translate("livedash::FeedErrors", "TLS handshake failed: %1")
            .arg(detail.isEmpty() ? QString::fromUtf8(natsStatus_GetText(status)) : detail);
    if (lower.contains(QLatin1String("refused")))
        return QCoreApplication::translate("livedash::FeedErrors", "connection refused");
    if (status == NATS_TIMEOUT)
        return QCoreApplication::translate("livedash::FeedErrors", "timed out");
    if (status == NATS_NO_SERVER)
        return QCoreApplication::translate("livedash::FeedErrors", "server not reachable%1")
            .arg(detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(detail));
    if (status == NATS_SECURE_CONNECTION_REQUIRED)
        return QCoreApplication::translate("livedash::FeedErrors",
                                           "the server requires TLS: use a tls:// URL");
    if (status == NATS_SECURE_CONNECTION_WANTED)
        return QCoreApplication::translate("livedash::FeedErrors",
                                           "the server does not offer TLS: use a nats:// URL");
    if (status == NATS_CONNECTION_CLOSED || status == NATS_CONNECTION_DISCONNECTED ||
        status == NATS_IO_ERROR)
        return QCoreApplication::translate("livedash::FeedErrors", "connection lost%1")
            .arg(detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(detail));
    QString words = QString::fromUtf8(natsStatus_GetText(status));
    if (!detail.isEmpty() && !detail.contains(words))
        words += QStringLiteral(": ") + detail;
    return words;
}

QThreadPool *blockingPool()
{
    // Never deleted: tasks may still be waiting out a timeout when the process exits, and a
    // pool destroyed with the plugin would wait for them.
    static QThreadPool *const pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(64);
        p->setExpiryTimeout(30000);
        return p;
    }();
    return pool;
}

void Client::open(ConnectSpec spec, Setup setup)
{
    Q_ASSERT(!m_setupRunning && m_state == State::Connecting);
    m_setupRunning = true;
    auto result = std::make_shared<SetupResult>();
    m_setup = result;
    // If the owner thread ends first (the engine shuts down mid-handshake), its event loop will
    // not deliver the task's queued call: finish the setup from the thread's last moments.
    connect(QThread::currentThread(), &QThread::finished, this, &Client::ownerThreadFinished,
            Qt::DirectConnection);
    blockingPool()->start([this, result, spec = std::move(spec), setup = std::move(setup)] {
        // This object outlives the task: it is deleted only on the owner thread after
        // setupFinished() ran (close() during the setup defers the deletion until then).
        QString error;
        natsConnection *nc = nullptr;
        Resources resources;
        natsOptions *opts = makeOptions(spec, this, &Client::onAttach, &Client::onRead,
                                        &Client::onWrite, &Client::onDetach, &error);
        if (opts) {
            const natsStatus s = natsConnection_Connect(&nc, opts);
            if (s != NATS_OK) {
                error = s == NATS_NO_SERVER ? whyUnreachable(spec.url, spec.timeoutMs)
                                            : describe(s, lastErrorText());
                nc = nullptr;
            }
            natsOptions_Destroy(opts);
        }
        if (nc && setup)
            error = setup(nc, &resources);
        nats_ReleaseThreadMemory();
        QMutexLocker lock(&result->mutex);
        result->nc = nc;
        result->resources = std::move(resources);
        result->error = std::move(error);
        result->done = true;
        if (result->ownerGone) {
            // The owner thread has ended (ownerThreadFinished()): nothing else can reach this
            // closed client any more, and no event loop would deliver a queued call.
            lock.unlock();
            m_setupRunning = false;
            m_nc = result->nc;
            m_resources = std::move(result->resources);
            destroyConnection();
            delete this;
            return;
        }
        // Posted under the mutex: the owner cannot have finished (and freed this) meanwhile.
        QMetaObject::invokeMethod(
            this, [this, result] { takeSetup(result); }, Qt::QueuedConnection);
    });
}

void Client::takeSetup(const std::shared_ptr<SetupResult> &result)
{
    QMutexLocker lock(&result->mutex);
    if (result->taken)
        return;
    result->taken = true;
    natsConnection *nc = result->nc;
    Resources resources = std::move(result->resources);
    QString error = std::move(result->error);
    lock.unlock();
    m_setup.reset();
    setupFinished(nc, std::move(resources), std::move(error));
}

void Client::ownerThreadFinished()
{
    const std::shared_ptr<SetupResult> result = m_setup;
    // Only a client its user has closed: one still in use is closed (and freed) by its user.
    if (!m_setupRunning || !m_closing || !result)
        return;
    // The notifiers belong to this thread's event dispatcher: gone with it, now.
    delete m_reader;
    m_reader = nullptr;
    delete m_writer;
    m_writer = nullptr;
    QMutexLocker lock(&result->mutex);
    if (!result->done) {
        // No waiting here (the handshake may take its whole timeout, and the app is quitting):
        // the task frees the connection and this object when it ends.
        result->ownerGone = true;
        return;
    }
    lock.unlock();
    takeSetup(result); // destroys the connection; the thread's last deferred deletes free this
}

void Client::setupFinished(natsConnection *nc, Resources resources, QString error)
{
    m_setupRunning = false;
    m_nc = nc;
    m_resources = std::move(resources);
    if (m_closing) {
        destroyConnection();
        deleteLater();
        return;
    }
    if (!error.isEmpty()) {
        fail(std::move(error));
        return;
    }
    if (!m_nc || natsConnection_Status(m_nc) != NATS_CONN_STATUS_CONNECTED) {
        const char *text = nullptr;
        const natsStatus s = m_nc ? natsConnection_GetLastError(m_nc, &text) : NATS_ERR;
        fail(describe(s == NATS_OK ? NATS_CONNECTION_CLOSED : s,
                      text ? QString::fromUtf8(text) : QString()));
        return;
    }
    m_state = State::Ready;
    Q_EMIT changed();
}

void Client::fail(QString error)
{
    destroyConnection();
    m_error = std::move(error);
    m_state = State::Failed;
    Q_EMIT changed();
}

void Client::close()
{
    m_closing = true;
    disconnect(this, nullptr, nullptr, nullptr); // no more changed()/readable()
    if (m_setupRunning)
        return; // setupFinished() destroys the connection and this object
    destroyConnection();
    deleteLater();
}

void Client::destroyConnection()
{
    delete m_reader;
    m_reader = nullptr;
    delete m_writer;
    m_writer = nullptr;
    natsConnection *nc = std::exchange(m_nc, nullptr);
    if (!nc)
        return;
    // The library's close flushes (waiting up to 500 ms for a PONG that only this thread could
    // read) when unsent data is buffered: write it now, so that close has nothing to flush.
    if (m_attached)
        natsConnection_ProcessWriteEvent(nc);
    for (natsSubscription *sub : m_resources.subscriptions)
        natsSubscription_Destroy(sub);
    m_resources.subscriptions.clear();
    if (m_resources.jetStream)
        jsCtx_Destroy(m_resources.jetStream);
    m_resources.jetStream = nullptr;
    natsConnection_Destroy(nc); // detach (and whatever was queued) now finds no connection
    m_attached = false;
}

void Client::post(std::function<void()> op)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_queued == 0 && QThread::currentThread() == thread()) {
            lock.unlock();
            op();
            return;
        }
        ++m_queued;
    }
    QMetaObject::invokeMethod(
        this,
        [this, op = std::move(op)] {
            {
                QMutexLocker lock(&m_mutex);
                --m_queued;
            }
            op();
        },
        Qt::QueuedConnection);
}

natsStatus Client::onAttach(void **userData, void *loop, natsConnection *nc, natsSock socket)
{
    auto *client = static_cast<Client *>(loop);
    *userData = client;
    // The owner thread reads through `nc` from now on, also while the setup thread still
    // works with it (the library's calls are thread-safe).
    client->post([client, nc, socket] { client->attach(nc, socket); });
    return NATS_OK;
}

natsStatus Client::onRead(void *userData, bool add)
{
    auto *client = static_cast<Client *>(userData);
    client->post([client, add] { client->setReading(add); });
    return NATS_OK;
}

natsStatus Client::onWrite(void *userData, bool add)
{
    auto *client = static_cast<Client *>(userData);
    client->post([client, add] { client->setWriting(add); });
    return NATS_OK;
}

natsStatus Client::onDetach(void *userData)
{
    auto *client = static_cast<Client *>(userData);
    client->post([client] { client->detach(); });
    return NATS_OK;
}

void Client::attach(natsConnection *nc, natsSock socket)
{
    if (m_closing && !m_setupRunning)
        return;
    m_nc = nc;
    delete m_reader;
    delete m_writer;
    m_attached = true;
    m_reader = new QSocketNotifier(qintptr(socket), QSocketNotifier::Read, this);
    connect(m_reader, &QSocketNotifier::activated, this, &Client::readEvent);
    m_writer = new QSocketNotifier(qintptr(socket), QSocketNotifier::Write, this);
    m_writer->setEnabled(false);
    connect(m_writer, &QSocketNotifier::activated, this, &Client::writeEvent);
}

void Client::setReading(bool on)
{
    if (m_reader)
        m_reader->setEnabled(on);
}

void Client::setWriting(bool on)
{
    if (m_writer)
        m_writer->setEnabled(on);
}

void Client::detach()
{
    // Called by the library's close, on this thread (an error found by a read event, or
    // destroyConnection()) or queued from another (a PING timeout on its timer thread).
    m_attached = false;
    if (m_reader) {
        m_reader->setEnabled(false);
        m_reader->deleteLater(); // may be inside its own activated()
        m_reader = nullptr;
    }
    if (m_writer) {
        m_writer->setEnabled(false);
        m_writer->deleteLater();
        m_writer = nullptr;
    }
    if (m_state == State::Ready && m_nc) {
        const char *text = nullptr;
        const natsStatus s = natsConnection_GetLastError(m_nc, &text);
        m_error = describe(s == NATS_OK ? NATS_CONNECTION_CLOSED : s,
                           text ? QString::fromUtf8(text) : QString());
        m_state = State::Closed;
        Q_EMIT changed();
    }
}

void Client::readEvent()
{
    if (!m_nc)
        return;
    natsConnection_ProcessReadEvent(m_nc);
    Q_EMIT readable();
}

void Client::writeEvent()
{
    if (m_nc)
        natsConnection_ProcessWriteEvent(m_nc);
}

} // namespace livedash::nats
