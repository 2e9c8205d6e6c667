#include "tlstestserver.h"

#include <livedash/tlstrust.h>

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSslSocket>
#include <QWebSocket>

namespace livedash::test {

QString TestCertificate::sha256() const
{
    return TlsTrust::fingerprintOf(certificate);
}

QSslConfiguration TestCertificate::serverConfiguration() const
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(certificate);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // the server does not ask for a client cert
    return config;
}

TestCertificate TestCertificate::generate(const QString &dir, const QString &name,
                                          const QString &subjectAltName)
{
    TestCertificate c;
    c.certPath = dir + QLatin1Char('/') + name + QStringLiteral(".crt");
    c.keyPath = dir + QLatin1Char('/') + name + QStringLiteral(".key");
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    // An EC key: as good for the test as RSA 2048 and generated in milliseconds.
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=") + subjectAltName, QStringLiteral("-keyout"),
                   c.keyPath, QStringLiteral("-out"), c.certPath});
    if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit ||
        openssl.exitCode() != 0) {
        c.error = QStringLiteral("openssl failed: ") + QString::fromLocal8Bit(openssl.readAll());
        return c;
    }
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(c.certPath);
    QFile keyFile(c.keyPath);
    if (certs.isEmpty() || !keyFile.open(QIODevice::ReadOnly)) {
        c.error = QStringLiteral("cannot read the generated certificate or key");
        return c;
    }
    c.certificate = certs.first();
    c.key = QSslKey(keyFile.readAll(), QSsl::Ec, QSsl::Pem);
    if (c.key.isNull())
        c.error = QStringLiteral("cannot parse the generated key");
    return c;
}

TlsHttpServer::TlsHttpServer(const QSslConfiguration &configuration, QObject *parent)
    : QTcpServer(parent), m_configuration(configuration)
{
}

TlsHttpServer::~TlsHttpServer()
{
    for (const auto &s : std::as_const(m_sockets))
        if (s)
            s->abort();
}

QUrl TlsHttpServer::url(const QString &path) const
{
    QUrl u;
    u.setScheme(QStringLiteral("https"));
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(serverPort());
    u.setPath(path);
    return u;
}

void TlsHttpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    m_sockets.append(socket);
    socket->setSslConfiguration(m_configuration);
    connect(socket, &QSslSocket::encrypted, this, [this] { ++encryptedConnections; });
    connect(socket, &QSslSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
    // The client refusing our certificate ends the handshake with an alert: just drop it.
    connect(socket, &QSslSocket::errorOccurred, socket, [socket] { socket->abort(); });
    socket->startServerEncryption();
}

void TlsHttpServer::onReadyRead(QSslSocket *socket)
{
    for (;;) {
        const QByteArray buffered = socket->peek(64 * 1024);
        const qsizetype end = buffered.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        socket->read(end + 4);
        ++requests;
        const QList<QByteArray> lines = buffered.left(end).split('\n');
        const QByteArray path = lines.value(0).split(' ').value(1);
        QByteArray authorization;
        for (const QByteArray &line : lines)
            if (line.toLower().startsWith("authorization:"))
                authorization = line.mid(14).trimmed();
        authorizations.append(authorization);
        if (path.startsWith("/events")) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                          "Cache-Control: no-cache\r\nConnection: close\r\n\r\n"
                          "data: {\"v\": 1}\n\n");
            return; // the stream stays open
        }
        const QByteArray body = "{\"v\": 1}";
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }
}

WssServer::WssServer(const QSslConfiguration &configuration, QObject *parent)
    : QObject(parent), m_server(QStringLiteral("wss test"), QWebSocketServer::SecureMode)
{
    m_server.setSslConfiguration(configuration);
    connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *client = m_server.nextPendingConnection()) {
            ++connections;
            authorizations.append(client->request().rawHeader("Authorization"));
            client->setParent(this);
            connect(client, &QWebSocket::disconnected, client, &QObject::deleteLater);
            client->sendTextMessage(QStringLiteral("{\"v\": 1}"));
        }
    });
    // Handshake failures (our refused certificate) are expected: nothing to do.
    connect(&m_server, &QWebSocketServer::peerVerifyError, this, [](const QSslError &) {});
}

bool WssServer::start()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl WssServer::url() const
{
    QUrl u = m_server.serverUrl();
    u.setHost(QStringLiteral("127.0.0.1"));
    return u;
}

} // namespace livedash::test
