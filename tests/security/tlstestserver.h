#pragma once

// Test servers for TLS: certificates generated at test time with the openssl CLI, an HTTPS
// server (HTTP/1.1 and SSE) on QTcpServer + QSslSocket::startServerEncryption (Qt 6.4 has no
// QSslServer), and a wss:// server (QWebSocketServer in SecureMode).

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>
#include <QTcpServer>
#include <QUrl>
#include <QWebSocketServer>

class QSslSocket;

namespace livedash::test {

/// A self-signed certificate for 127.0.0.1 (CN and subjectAltName IP) valid for a day.
struct TestCertificate
{
    QString certPath;
    QString keyPath;
    QSslCertificate certificate;
    QSslKey key;
    QString error;

    bool isValid() const { return error.isEmpty() && !certificate.isNull() && !key.isNull(); }
    /// "AB:CD:..." as `openssl x509 -fingerprint -sha256` prints it.
    QString sha256() const;
    QSslConfiguration serverConfiguration() const;

    /// Runs `openssl req -x509` into `dir` (files <name>.crt and <name>.key).
    static TestCertificate generate(const QString &dir, const QString &name,
                                    const QString &subjectAltName = QStringLiteral("IP:127.0.0.1"));
};

/// HTTPS on 127.0.0.1: GET /events answers a text/event-stream with one event and stays open;
/// any other path answers {"v": 1}. Records the Authorization header of every request.
class TlsHttpServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit TlsHttpServer(const QSslConfiguration &configuration, QObject *parent = nullptr);
    ~TlsHttpServer() override;

    bool start() { return listen(QHostAddress::LocalHost, 0); }
    QUrl url(const QString &path) const;

    int encryptedConnections = 0; ///< handshakes that completed
    int requests = 0;
    QList<QByteArray> authorizations;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void onReadyRead(QSslSocket *socket);

    QSslConfiguration m_configuration;
    QList<QPointer<QSslSocket>> m_sockets;
};

/// wss:// on 127.0.0.1: every client gets {"v": 1} after the handshake.
class WssServer : public QObject
{
    Q_OBJECT
public:
    explicit WssServer(const QSslConfiguration &configuration, QObject *parent = nullptr);
    bool start();
    QUrl url() const;

    int connections = 0;
    QList<QByteArray> authorizations;

private:
    QWebSocketServer m_server;
};

} // namespace livedash::test
