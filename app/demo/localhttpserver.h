#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QTcpSocket;

namespace livedash {

/// One HTTP request on a connection of LocalHttpServer. Answer it with respond(), or stream
/// with beginStream()/write() (Server-Sent Events, slow bodies) until close().
class HttpExchange : public QObject
{
    Q_OBJECT
public:
    using Headers = QList<std::pair<QByteArray, QByteArray>>;

    QByteArray method;
    QByteArray path; ///< without the query string
    QUrlQuery query;
    QByteArray body;
    /// Request header value by lowercase name (empty if absent).
    QByteArray header(const QByteArray &lowercaseName) const;

    /// Sends a complete response with Content-Length; the connection stays open for more.
    void respond(int status, const QByteArray &body = {}, const Headers &headers = {},
                 const QByteArray &contentType = "application/json");
    /// Sends the status line and headers of a close-delimited body, then write() chunks.
    void beginStream(int status, const Headers &headers = {},
                     const QByteArray &contentType = "text/event-stream");
    /// Writes raw bytes to the connection (after beginStream, or for hostile tests).
    void write(const QByteArray &bytes);
    /// Closes the connection.
    void close();
    bool isOpen() const;
    qint64 bytesToWrite() const;

Q_SIGNALS:
    /// The peer went away or close() was called.
    void closed();

private:
    friend class LocalHttpServer;
    explicit HttpExchange(QTcpSocket *socket);
    QPointer<QTcpSocket> m_socket;
    QHash<QByteArray, QByteArray> m_headers;
    bool m_streaming = false;
};

/// A small HTTP/1.1 server for 127.0.0.1: the demo sources' HTTP and SSE endpoints and the
/// tests' servers. Routes are exact paths; anything else is answered 404.
class LocalHttpServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(HttpExchange *)>;

    explicit LocalHttpServer(QObject *parent = nullptr);
    ~LocalHttpServer() override;

    void route(const QByteArray &path, Handler handler);
    /// Listens on `address`:`port` (0 picks a free port). False if it cannot bind.
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    quint16 port() const;
    QUrl url(const QString &path = QStringLiteral("/"),
             const QString &scheme = QStringLiteral("http")) const;
    /// Stops listening and drops every open connection (to simulate a server restart).
    void close();
    int openConnections() const;

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);

    QTcpServer m_server;
    QHash<QByteArray, Handler> m_routes;
    QList<QPointer<QTcpSocket>> m_sockets;
};

} // namespace livedash
