#include "udpfeed.h"

#include <livedash/wait.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLocale>
#include <QLoggingCategory>
#include <QNetworkInterface>
#include <QTimer>

#include <algorithm>
#include <climits>
#include <coroutine>
#include <utility>

#ifdef Q_OS_LINUX
#include <sys/socket.h>
#include <sys/stat.h>
#endif

Q_LOGGING_CATEGORY(lcUdpFeed, "livedash.feed.udp", QtInfoMsg)

namespace livedash {

namespace {

using std::chrono::milliseconds;

/// The largest UDP payload (IPv4: 65,535 less the IP and UDP headers).
constexpr qsizetype MaxDatagram = 65536;
/// How often the kernel's drop count is read.
constexpr int DropPollMs = 1000;
/// Senders whose decoder (a CSV header) is kept; past it the least recently heard is forgotten.
constexpr qsizetype MaxSenders = 1024;

QString feedText(const char *text)
{
    return QCoreApplication::translate("livedash::FeedErrors", text);
}

/// "192.0.2.1:5000", "[2001:db8::1]:5000"; an IPv4 sender seen through a dual-stack socket is
/// named by its IPv4 address.
QString senderName(const QHostAddress &address, quint16 port)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).toString() + QLatin1Char(':') + QString::number(port);
    QHostAddress plain = address;
    plain.setScopeId(QString());
    return QLatin1Char('[') + plain.toString() + QStringLiteral("]:") + QString::number(port);
}

} // namespace

/// One run's state, shared by the socket's handlers and the run() coroutine.
struct UdpRun
{
    FeedContext *ctx = nullptr;
    QTimer dropTimer;
    /// The socket's drop count when last read.
    quint64 drops = 0;
    bool dropsUnavailableNoted = false;
};

UdpSettings UdpSettings::fromOptions(const QVariantMap &options)
{
    UdpSettings s;
    s.address = options.value(AddressKey).toString().trimmed();
    s.port = quint16(std::clamp(options.value(PortKey).toInt(), 0, 65535));
    s.perSender = options.value(PerSenderKey).toBool();
    s.multicastGroup = options.value(MulticastGroupKey).toString().trimmed();
    s.multicastInterface = options.value(MulticastInterfaceKey).toString().trimmed();
    s.receiveBuffer = options.value(ReceiveBufferKey, DefaultReceiveBuffer).toLongLong();
    s.decoder = LineDecoder::fromOptions(options);
    s.maxLineBytes = LineDecoder::maxLineBytes(options);
    return s;
}

QHostAddress UdpSettings::bindAddress() const
{
    if (!address.isEmpty())
        return QHostAddress(address);
    // A dual-stack socket does not join IPv4 groups everywhere: bind IPv4 for an IPv4 group.
    if (!multicastGroup.isEmpty() &&
        QHostAddress(multicastGroup).protocol() == QAbstractSocket::IPv4Protocol)
        return QHostAddress(QHostAddress::AnyIPv4);
    return QHostAddress(QHostAddress::Any);
}

QList<Problem> UdpSettings::check(const QVariantMap &options)
{
    QList<Problem> problems;
    auto isReference = [](const QString &v) { return v.contains(QStringLiteral("${")); };
    const QString address = options.value(AddressKey).toString().trimmed();
    if (!address.isEmpty() && !isReference(address) && QHostAddress(address).isNull())
        problems.append(
            {AddressKey,
             feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                        "not an IP address: \"%1\" (empty: every interface)"))
                 .arg(address.left(60))});
    const QString group = options.value(MulticastGroupKey).toString().trimmed();
    if (!group.isEmpty() && !isReference(group) && !QHostAddress(group).isMulticast())
        problems.append(
            {MulticastGroupKey,
             feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                        "not a multicast address: \"%1\" (IPv4 224.0.0.0/4 or "
                                        "IPv6 ff00::/8)"))
                 .arg(group.left(60))});
    const QString iface = options.value(MulticastInterfaceKey).toString().trimmed();
    if (!iface.isEmpty() && group.isEmpty())
        problems.append(
            {MulticastInterfaceKey,
             feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                        "a multicast interface needs a multicast group"))});
    return problems;
}

UdpFeed::UdpFeed(UdpSettings settings)
    : m_settings(std::move(settings)), m_lines(m_settings.maxLineBytes)
{
}

UdpFeed::~UdpFeed() = default;

QString UdpFeed::listenText() const
{
    const QHostAddress bind = m_settings.bindAddress();
    QString where =
        bind.protocol() == QAbstractSocket::IPv6Protocol && bind != QHostAddress(QHostAddress::Any)
            ? QStringLiteral("udp://[%1]:%2")
            : QStringLiteral("udp://%1:%2");
    where = where.arg(m_settings.address.isEmpty() ? QStringLiteral("*") : bind.toString())
                .arg(m_settings.port);
    if (!m_settings.multicastGroup.isEmpty())
        where += feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", " in group %1"))
                     .arg(m_settings.multicastGroup);
    return where;
}

std::optional<quint64> UdpFeed::kernelDrops(qintptr descriptor)
{
#ifdef Q_OS_LINUX
    struct stat st;
    if (descriptor < 0 || ::fstat(int(descriptor), &st) != 0)
        return std::nullopt;
    const QByteArray inode = QByteArray::number(quint64(st.st_ino));
    // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout
    //  inode ref pointer drops"
    constexpr int InodeColumn = 9;
    constexpr int DropsColumn = 12;
    for (const char *table : {"/proc/net/udp", "/proc/net/udp6"}) {
        QFile file(QString::fromLatin1(table));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray all = file.readAll(); // procfs: size 0, read to the end
        for (const QByteArray &line : all.split('\n')) {
            const QList<QByteArray> columns = line.simplified().split(' ');
            if (columns.size() <= DropsColumn || columns[InodeColumn] != inode)
                continue;
            bool ok = false;
            const quint64 drops = columns[DropsColumn].toULongLong(&ok);
            if (ok)
                return drops;
        }
    }
    return std::nullopt;
#else
    Q_UNUSED(descriptor);
    return std::nullopt;
#endif
}

void UdpFeed::pollDrops(UdpRun *run)
{
    if (!m_socket)
        return;
    const std::optional<quint64> drops = kernelDrops(m_socket->socketDescriptor());
    if (!drops) {
        if (!run->dropsUnavailableNoted) {
            run->dropsUnavailableNoted = true;
#ifdef Q_OS_LINUX
            run->ctx->note(feedText(QT_TRANSLATE_NOOP(
                "livedash::FeedErrors", "datagrams the kernel drops cannot be counted: this "
                                        "socket is not in /proc/net/udp")));
#else
            run->ctx->note(feedText(QT_TRANSLATE_NOOP(
                "livedash::FeedErrors", "datagrams the kernel drops cannot be counted on this "
                                        "system (only on Linux)")));
#endif
        }
        return;
    }
    if (*drops <= run->drops)
        return;
    const quint64 fresh = *drops - run->drops;
    run->drops = *drops;
    const quint64 total = m_dropsBefore + *drops;
    const QString reason =
        feedText(QT_TRANSLATE_NOOP(
                     "livedash::FeedErrors",
                     "the kernel dropped %1 datagrams (%2 in all) because the receive buffer was "
                     "full: raise receiveBufferBytes (and net.core.rmem_max) or send less"))
            .arg(QLocale::c().toString(fresh), QLocale::c().toString(total));
    run->ctx->note(
        feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "%1 datagrams dropped by the kernel"))
            .arg(QLocale::c().toString(total)));
    // Each dropped datagram is lost data: counted as rejected, which the Feeds dock shows. The
    // reason goes with the last one only: the runner redacts every reason it is given, which
    // for a flood's hundreds of thousands would hold the ingest thread up.
    QElapsedTimer took;
    took.start();
    for (quint64 i = 1; i < fresh; ++i)
        run->ctx->rejected(QString());
    run->ctx->rejected(reason);
    qCDebug(lcUdpFeed).noquote() << run->ctx->feedId() << "counted" << fresh << "drops in"
                                 << took.elapsed() << "ms";
    qCDebug(lcUdpFeed).noquote() << run->ctx->feedId() << "kernel drops" << total;
}

UdpFeed::Sender &UdpFeed::senderState(const QString &sender)
{
    auto it = m_senders.find(sender);
    if (it == m_senders.end()) {
        if (m_senders.size() >= MaxSenders) {
            auto oldest = std::min_element(
                m_senders.begin(), m_senders.end(),
                [](const Sender &a, const Sender &b) { return a.lastUsed < b.lastUsed; });
            m_senders.erase(oldest);
        }
        it = m_senders.insert(sender, Sender{m_settings.decoder, 0});
    }
    it->lastUsed = ++m_datagrams;
    return *it;
}

void UdpFeed::onDatagram(UdpRun *run, QByteArrayView data, const QHostAddress &from, quint16 port)
{
    const QString sender = senderName(from, port);
    LineDecoder &decoder = senderState(sender).decoder;
    FeedContext &ctx = *run->ctx;
    auto onLine = [&](QByteArrayView line) {
        LineDecoder::Result r = decoder.decode(line);
        if (r.kind == LineDecoder::Result::Message) {
            if (m_settings.perSender)
                ctx.topicMessage(r.message, sender, QLatin1Char('/'));
            else
                ctx.message(r.message);
        } else if (r.kind == LineDecoder::Result::Rejected) {
            ctx.rejected(feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "from %1: %2"))
                             .arg(sender, r.problem));
        }
    };
    // A datagram ends its last line: lines never continue into the next datagram.
    m_lines.feed(data, onLine, [&] {
        ctx.rejected(feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                                "from %1: line longer than %2 bytes discarded"))
                         .arg(sender)
                         .arg(m_settings.maxLineBytes));
    });
    m_lines.finish(onLine);
}

void UdpFeed::readDatagrams(UdpRun *run)
{
    // Only here, from readyRead: Qt turns an unbuffered socket's read notifier off before it
    // emits readyRead and on again in readDatagram(). Reading at least one datagram per
    // readyRead keeps it on, and while more wait it fires again on a later turn of the event
    // loop (the thread's other feeds go first). Reading them anywhere else (a queued turn)
    // could drain the socket between the notifier's activation and its handling: Qt would
    // then turn the notifier off with nothing to read, and no readyRead would come again.
    QElapsedTimer turn;
    turn.start();
    QUdpSocket *socket = m_socket.get();
    while (!run->ctx->isCancelled() && socket->hasPendingDatagrams()) {
        QHostAddress from;
        quint16 port = 0;
        const qint64 got = socket->readDatagram(m_buffer.data(), m_buffer.size(), &from, &port);
        if (got < 0)
            break;
        run->ctx->bytesReceived(got);
        if (got > 0)
            onDatagram(run, QByteArrayView(m_buffer.constData(), got), from, port);
        if (turn.elapsed() >= IngestTurnMs)
            break; // the rest on the notifier's next activation
    }
}

QCoro::Task<FeedEnd> UdpFeed::run(FeedContext &ctx)
{
    const QString where = listenText();
    ctx.connecting(where);
    if (ctx.isCancelled())
        co_return FeedEnd::cancelled();
    if (m_settings.port == 0)
        co_return FeedEnd::fatal(
            feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "no port to listen on")));
    const QHostAddress bindAddress = m_settings.bindAddress();
    if (bindAddress.isNull())
        co_return FeedEnd::fatal(
            feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "not an IP address: \"%1\""))
                .arg(m_settings.address.left(60)));

    m_buffer.resize(MaxDatagram);
    m_senders.clear();
    m_lines.reset();
    m_socket = std::make_unique<QUdpSocket>();
    QUdpSocket *socket = m_socket.get();
    // Sharing the port is for multicast (several listeners of one group). A unicast port is
    // this feed's alone: shared (Qt sets SO_REUSEPORT for UDP on Unix), the kernel would split
    // its datagrams with any other socket bound to it. Windows' default would share it.
    const QAbstractSocket::BindMode mode =
        m_settings.multicastGroup.isEmpty()
            ? QAbstractSocket::DontShareAddress
            : QAbstractSocket::ShareAddress | QAbstractSocket::ReuseAddressHint;
    if (!socket->bind(bindAddress, m_settings.port, mode)) {
        const QString why =
            feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "could not listen on %1: %2"))
                .arg(where, socket->errorString());
        m_socket.reset();
        co_return FeedEnd::failed(why);
    }

    QStringList notes;
    if (m_settings.receiveBuffer > 0) {
        socket->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption,
                                int(std::min<qint64>(m_settings.receiveBuffer, INT_MAX)));
        qint64 size =
            socket->socketOption(QAbstractSocket::ReceiveBufferSizeSocketOption).toLongLong();
#ifdef Q_OS_LINUX
        // Linux reports twice the size asked (bookkeeping) and caps it at net.core.rmem_max;
        // with CAP_NET_ADMIN (root) SO_RCVBUFFORCE passes the cap.
        if (size < 2 * m_settings.receiveBuffer) {
            const int asked = int(std::min<qint64>(m_settings.receiveBuffer, INT_MAX / 2));
            if (::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_RCVBUFFORCE, &asked,
                             sizeof asked) == 0)
                size = socket->socketOption(QAbstractSocket::ReceiveBufferSizeSocketOption)
                           .toLongLong();
        }
        if (size < 2 * m_settings.receiveBuffer)
            notes.append(
                feedText(QT_TRANSLATE_NOOP(
                             "livedash::FeedErrors",
                             "receive buffer %1 bytes, not %2: net.core.rmem_max limits it"))
                    .arg(size / 2)
                    .arg(m_settings.receiveBuffer));
#else
        if (size > 0 && size < m_settings.receiveBuffer)
            notes.append(
                feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                           "receive buffer %1 bytes, not %2: the system limits it"))
                    .arg(size)
                    .arg(m_settings.receiveBuffer));
#endif
    }

    if (!m_settings.multicastGroup.isEmpty()) {
        const QHostAddress group(m_settings.multicastGroup);
        bool joined = false;
        if (m_settings.multicastInterface.isEmpty()) {
            joined = socket->joinMulticastGroup(group);
        } else {
            const QNetworkInterface iface =
                QNetworkInterface::interfaceFromName(m_settings.multicastInterface);
            if (!iface.isValid()) {
                m_socket.reset();
                co_return FeedEnd::failed(
                    feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                               "no network interface \"%1\" for group %2"))
                        .arg(m_settings.multicastInterface, m_settings.multicastGroup));
            }
            joined = socket->joinMulticastGroup(group, iface);
        }
        if (!joined) {
            const QString why = feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                                           "could not join multicast group %1: %2"))
                                    .arg(m_settings.multicastGroup, socket->errorString());
            m_socket.reset();
            co_return FeedEnd::failed(why);
        }
    }

    UdpRun run;
    run.ctx = &ctx;
    run.dropTimer.setInterval(DropPollMs);
    QObject::connect(socket, &QUdpSocket::readyRead, socket,
                     [this, r = &run] { readDatagrams(r); });
    QObject::connect(&run.dropTimer, &QTimer::timeout, &run.dropTimer,
                     [this, r = &run] { pollDrops(r); });
    ctx.connected();
    if (!notes.isEmpty())
        ctx.note(notes.join(QStringLiteral("; ")));
    pollDrops(&run); // says at once when drops cannot be counted here
    run.dropTimer.start();
    qCDebug(lcUdpFeed).noquote() << ctx.feedId() << "listening on" << where;
    // What arrived before the handler was connected is signalled like the rest: the notifier
    // is level-triggered.

    // Datagrams arrive through the handlers; this waits for a socket error or the stop.
    WaitResult woke = WaitResult::Timeout;
    while (woke != WaitResult::Cancelled && socket->state() == QAbstractSocket::BoundState)
        woke = co_await waitFor(ctx.cancelToken(), milliseconds(60000), socket,
                                &QUdpSocket::errorOccurred);

    FeedEnd end = ctx.isCancelled() || woke == WaitResult::Cancelled
                      ? FeedEnd::cancelled()
                      : FeedEnd::failed(feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                                                   "socket on %1 failed: %2"))
                                            .arg(where, socket->errorString()));
    pollDrops(&run);
    m_dropsBefore += run.drops;
    // No handler may outlive `run`, which they point to.
    QObject::disconnect(socket, nullptr, nullptr, nullptr);
    run.dropTimer.stop();
    m_socket.reset();
    qCDebug(lcUdpFeed).noquote() << ctx.feedId() << "ended:" << end.reason;
    co_return end;
}

} // namespace livedash
