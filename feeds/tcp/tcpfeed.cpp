#include "tcpfeed.h"

#include <livedash/wait.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSslConfiguration>
#include <QTimer>

#include <algorithm>
#include <coroutine>
#include <utility>

Q_LOGGING_CATEGORY(lcTcpFeed, "livedash.feed.tcp", QtInfoMsg)

namespace livedash {

namespace {

using std::chrono::milliseconds;

/// Bytes taken from the socket per read() call (a stack buffer: nothing kept per feed).
constexpr qint64 ReadChunk = 16 * 1024;
/// What Qt may hold unread: past it Qt stops reading the socket, the kernel's buffers fill
/// and TCP slows the server down (backpressure) instead of memory growing.
constexpr qint64 MaxUnreadBytes = 1024 * 1024;
/// How long the wait for the connection's end sleeps between checks of the idle timeout.
constexpr qint64 CheckMs = 60000;

QString feedText(const char *text)
{
    return QCoreApplication::translate("livedash::FeedErrors", text);
}

/// Waits until `socket` changes state, finishes its TLS handshake, has data or fails (or the
/// time passes, or the feed is stopped). Every connection has the wait's own context: a later
/// emission is not seen.
Wait socketEvent(CancelToken *token, milliseconds timeout, QSslSocket *socket)
{
    return Wait(token, timeout, [socket](const QObject *context, std::function<void()> wake) {
        QObject::connect(socket, &QSslSocket::encrypted, context, wake);
        QObject::connect(socket, &QIODevice::readyRead, context, wake);
        QObject::connect(socket, &QAbstractSocket::errorOccurred, context, wake);
        return QObject::connect(socket, &QAbstractSocket::stateChanged, context, wake);
    });
}

} // namespace

/// One run's state, shared by the socket's handlers and the run() coroutine.
struct TcpRun
{
    FeedContext *ctx = nullptr;
    QElapsedTimer sinceData;
    QString tlsProblem;
    /// Alive as long as the run: a turn queued after the run ended finds it expired.
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);
    bool turnQueued = false;
};

TcpSettings TcpSettings::fromOptions(const QVariantMap &options)
{
    TcpSettings s;
    s.host = options.value(HostKey).toString().trimmed();
    s.port = quint16(std::clamp(options.value(PortKey).toInt(), 0, 65535));
    s.tls = options.value(TlsKey).toBool();
    s.connectTimeoutMs = options.value(ConnectTimeoutKey, DefaultConnectTimeoutMs).toLongLong();
    s.idleTimeoutMs = options.value(IdleTimeoutKey, 0).toLongLong();
    s.trust = TlsTrust::fromOptions(options);
    s.decoder = LineDecoder::fromOptions(options);
    s.maxLineBytes = LineDecoder::maxLineBytes(options);
    return s;
}

TcpFeed::TcpFeed(TcpSettings settings)
    : m_settings(std::move(settings)), m_decoder(m_settings.decoder),
      m_lines(m_settings.maxLineBytes)
{
}

TcpFeed::~TcpFeed() = default;

QString TcpFeed::address() const
{
    const QString host = m_settings.host.contains(QLatin1Char(':'))
                             ? QLatin1Char('[') + m_settings.host + QLatin1Char(']')
                             : m_settings.host;
    return QStringLiteral("%1://%2:%3")
        .arg(m_settings.tls ? QStringLiteral("tls") : QStringLiteral("tcp"), host)
        .arg(m_settings.port);
}

void TcpFeed::onLine(TcpRun *run, QByteArrayView line)
{
    LineDecoder::Result r = m_decoder.decode(line);
    if (r.kind == LineDecoder::Result::Message)
        run->ctx->message(r.message);
    else if (r.kind == LineDecoder::Result::Rejected)
        run->ctx->rejected(r.problem);
}

void TcpFeed::readLines(TcpRun *run, bool drainAll)
{
    char buffer[ReadChunk];
    QElapsedTimer turn;
    turn.start();
    QSslSocket *socket = m_socket.get();
    while (!run->ctx->isCancelled()) {
        if (!drainAll && turn.elapsed() >= IngestTurnMs && socket->bytesAvailable() > 0) {
            if (!run->turnQueued) {
                run->turnQueued = true;
                QTimer::singleShot(0, socket, [this, run, alive = std::weak_ptr<bool>(run->alive)] {
                    if (alive.expired())
                        return; // the run ended meanwhile
                    run->turnQueued = false;
                    readLines(run, false);
                });
            }
            return;
        }
        const qint64 got = socket->read(buffer, ReadChunk);
        if (got <= 0)
            break;
        run->sinceData.start();
        run->ctx->bytesReceived(got);
        m_lines.feed(
            QByteArrayView(buffer, got), [this, run](QByteArrayView line) { onLine(run, line); },
            [this, run] {
                run->ctx->rejected(
                    feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                               "line longer than %1 bytes discarded"))
                        .arg(m_settings.maxLineBytes));
            });
    }
}

QCoro::Task<FeedEnd> TcpFeed::run(FeedContext &ctx)
{
    const QString where = address();
    ctx.connecting(where);
    if (ctx.isCancelled())
        co_return FeedEnd::cancelled();
    if (m_settings.host.isEmpty() || m_settings.port == 0)
        co_return FeedEnd::fatal(
            feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "no host and port to connect to")));
    if (m_settings.tls && !m_settings.trust.error().isEmpty())
        co_return FeedEnd::fatal(m_settings.trust.error());
    if (m_settings.tls && !QSslSocket::supportsSsl())
        co_return FeedEnd::fatal(feedText(QT_TRANSLATE_NOOP(
            "livedash::FeedErrors", "TLS is not available (no TLS library was found)")));

    m_socket = std::make_unique<QSslSocket>();
    QSslSocket *socket = m_socket.get();
    socket->setReadBufferSize(MaxUnreadBytes);
    TcpRun run;
    run.ctx = &ctx;
    m_decoder.restart();
    m_lines.reset();

    if (m_settings.tls) {
        socket->setSslConfiguration(
            m_settings.trust.configure(QSslConfiguration::defaultConfiguration()));
        QObject::connect(socket, &QSslSocket::sslErrors, socket,
                         [this, socket, r = &run](const QList<QSslError> &errors) {
                             if (m_settings.trust.accepts(errors, socket->peerCertificate()))
                                 socket->ignoreSslErrors(errors);
                             else
                                 r->tlsProblem =
                                     m_settings.trust.describe(errors, socket->peerCertificate());
                         });
        socket->connectToHostEncrypted(m_settings.host, m_settings.port);
    } else {
        socket->connectToHost(m_settings.host, m_settings.port);
    }
    socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);

    // Connected (and encrypted, with TLS), failed, timed out or stopped.
    QElapsedTimer connecting;
    connecting.start();
    auto up = [&] {
        return socket->state() == QAbstractSocket::ConnectedState &&
               (!m_settings.tls || socket->isEncrypted());
    };
    WaitResult woke = WaitResult::Signal;
    while (!up() && socket->state() != QAbstractSocket::UnconnectedState &&
           woke == WaitResult::Signal) {
        woke = co_await socketEvent(
            ctx.cancelToken(), milliseconds(m_settings.connectTimeoutMs - connecting.elapsed()),
            socket);
    }

    FeedEnd end;
    if (ctx.isCancelled() || woke == WaitResult::Cancelled) {
        end = FeedEnd::cancelled();
    } else if (!up()) {
        end = FeedEnd::failed(
            !run.tlsProblem.isEmpty()
                ? feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "TLS to %1 refused: %2"))
                      .arg(where, run.tlsProblem)
            : socket->state() == QAbstractSocket::UnconnectedState
                ? feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "could not connect to %1: %2"))
                      .arg(where, socket->errorString())
                : feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                             "could not connect to %1 within %2 ms"))
                      .arg(where)
                      .arg(m_settings.connectTimeoutMs));
    } else {
        ctx.connected();
        run.sinceData.start();
        QObject::connect(socket, &QIODevice::readyRead, socket,
                         [this, r = &run] { readLines(r, false); });
        readLines(&run, false); // what arrived with the handshake
        // Lines arrive through the handler; this waits for the end (or for silence).
        bool idle = false;
        while (socket->state() == QAbstractSocket::ConnectedState && !ctx.isCancelled()) {
            qint64 wait = CheckMs;
            if (m_settings.idleTimeoutMs > 0) {
                const qint64 left = m_settings.idleTimeoutMs - run.sinceData.elapsed();
                if (left <= 0) {
                    idle = true;
                    break;
                }
                wait = std::min(wait, left);
            }
            if (co_await waitFor(ctx.cancelToken(), milliseconds(wait), socket,
                                 &QAbstractSocket::stateChanged) == WaitResult::Cancelled)
                break;
        }
        if (ctx.isCancelled()) {
            end = FeedEnd::cancelled();
        } else if (idle) {
            end = FeedEnd::failed(
                feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "no data from %1 for %2 ms"))
                    .arg(where)
                    .arg(m_settings.idleTimeoutMs));
        } else {
            // What the server sent before it closed, and a last line without a newline.
            readLines(&run, true);
            m_lines.finish([this, r = &run](QByteArrayView line) { onLine(r, line); });
            end = socket->error() == QAbstractSocket::RemoteHostClosedError ||
                          socket->error() == QAbstractSocket::UnknownSocketError
                      ? FeedEnd::closed(feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                                                   "%1 closed the connection"))
                                            .arg(where))
                      : FeedEnd::failed(feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                                                   "connection to %1 lost: %2"))
                                            .arg(where, socket->errorString()));
        }
    }
    // No handler may outlive `run`, which they point to.
    QObject::disconnect(socket, nullptr, nullptr, nullptr);
    socket->abort();
    m_socket.reset();
    qCDebug(lcTcpFeed).noquote() << ctx.feedId() << "ended:" << end.reason;
    co_return end;
}

} // namespace livedash
