#pragma once

#include <livedash/feedplugin.h>
#include <livedash/lines.h>
#include <livedash/tlstrust.h>

#include <QSslSocket>
#include <QString>

#include <memory>

namespace livedash {

/// A tcp feed's options, read once from the resolved option map.
struct TcpSettings
{
    static inline const QString HostKey = QStringLiteral("host");
    static inline const QString PortKey = QStringLiteral("port");
    static inline const QString TlsKey = QStringLiteral("tls");
    static inline const QString ConnectTimeoutKey = QStringLiteral("connectTimeout");
    static inline const QString IdleTimeoutKey = QStringLiteral("idleTimeout");
    static constexpr qint64 DefaultConnectTimeoutMs = 10000;

    QString host;
    quint16 port = 0;
    bool tls = false;
    qint64 connectTimeoutMs = DefaultConnectTimeoutMs;
    qint64 idleTimeoutMs = 0; ///< 0: none
    TlsTrust trust;
    LineDecoder decoder;
    qint64 maxLineBytes = LineDecoder::DefaultMaxLineBytes;

    static TcpSettings fromOptions(const QVariantMap &options);
};

struct TcpRun;

/// One TCP connection to a server that sends lines: connects (TLS when asked, trusting what
/// TlsTrust says), maps every line, and says why the connection ended. Reads for at most
/// IngestTurnMs at a time; Qt's read buffer is capped, so a server that sends faster than
/// the lines are mapped is slowed down by TCP instead of memory growing.
class TcpFeed final : public Feed
{
public:
    explicit TcpFeed(TcpSettings settings);
    ~TcpFeed() override;

    QCoro::Task<FeedEnd> run(FeedContext &ctx) override;

private:
    void readLines(TcpRun *run, bool drainAll);
    void onLine(TcpRun *run, QByteArrayView line);
    QString address() const;

    const TcpSettings m_settings;
    LineDecoder m_decoder;
    LineSplitter m_lines;
    std::unique_ptr<QSslSocket> m_socket;
};

} // namespace livedash
