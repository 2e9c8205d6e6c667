#pragma once

#include <livedash/feedplugin.h>
#include <livedash/lines.h>

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QString>
#include <QUdpSocket>

#include <memory>
#include <optional>

namespace livedash {

/// A udp feed's options, read once from the resolved option map.
struct UdpSettings
{
    static inline const QString AddressKey = QStringLiteral("address");
    static inline const QString PortKey = QStringLiteral("port");
    static inline const QString PerSenderKey = QStringLiteral("perSender");
    static inline const QString MulticastGroupKey = QStringLiteral("multicastGroup");
    static inline const QString MulticastInterfaceKey = QStringLiteral("multicastInterface");
    static inline const QString ReceiveBufferKey = QStringLiteral("receiveBufferBytes");
    static constexpr qint64 DefaultReceiveBuffer = 4 * 1024 * 1024;

    QString address; ///< empty: every interface
    quint16 port = 0;
    bool perSender = false;
    QString multicastGroup;
    QString multicastInterface;
    qint64 receiveBuffer = DefaultReceiveBuffer; ///< 0: the system's default
    LineDecoder decoder;
    qint64 maxLineBytes = LineDecoder::DefaultMaxLineBytes;

    static UdpSettings fromOptions(const QVariantMap &options);
    /// The address to bind: `address`, or every interface (IPv4 only for an IPv4 group).
    QHostAddress bindAddress() const;
    /// Problems with the address, group and interface options (the schema checks the rest).
    static QList<Problem> check(const QVariantMap &options);
};

struct UdpRun;

/// One listening UDP socket: every datagram's lines are decoded and mapped; CSV headers are
/// kept per sender. On Linux the datagrams the kernel dropped for this socket (its receive
/// buffer was full) are read from /proc/net/udp{,6} each second and counted as rejected.
class UdpFeed final : public Feed
{
public:
    explicit UdpFeed(UdpSettings settings);
    ~UdpFeed() override;

    QCoro::Task<FeedEnd> run(FeedContext &ctx) override;

    /// The kernel's drop count of the UDP socket `descriptor` (the `drops` column of
    /// /proc/net/udp or udp6), or nothing when it cannot be read (not Linux, no /proc).
    static std::optional<quint64> kernelDrops(qintptr descriptor);

private:
    struct Sender
    {
        LineDecoder decoder;
        quint64 lastUsed = 0;
    };

    /// Reads datagrams for at most IngestTurnMs, then lets the thread's other feeds have a
    /// turn (the kernel's receive buffer holds the rest).
    void readDatagrams(UdpRun *run);
    void onDatagram(UdpRun *run, QByteArrayView data, const QHostAddress &from, quint16 port);
    Sender &senderState(const QString &sender);
    void pollDrops(UdpRun *run);
    QString listenText() const;

    const UdpSettings m_settings;
    LineSplitter m_lines;
    QHash<QString, Sender> m_senders;
    quint64 m_datagrams = 0;
    QByteArray m_buffer;
    /// Dropped datagrams counted in earlier runs (each run has a new socket, counting from 0).
    quint64 m_dropsBefore = 0;
    std::unique_ptr<QUdpSocket> m_socket;
};

} // namespace livedash
