#include "localhttpserver.h"

#include <QTcpSocket>

namespace livedash {

namespace {

constexpr qsizetype MaxHeaderBytes = 64 * 1024;
constexpr qsizetype MaxBodyBytes = 8 * 1024 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

QByteArray head(int status, const HttpExchange::Headers &headers, const QByteArray &contentType)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    return out;
}

} // namespace

HttpExchange::HttpExchange(QTcpSocket *socket) : m_socket(socket) {}

QByteArray HttpExchange::header(const QByteArray &lowercaseName) const
{
    return m_headers.value(lowercaseName);
}

void HttpExchange::respond(int status, const QByteArray &body, const Headers &headers,
                           const QByteArray &contentType)
{
    if (!m_socket)
        return;
    const bool noBody = status == 204 || status == 304;
    QByteArray out = head(status, headers, noBody ? QByteArray() : contentType);
    if (!noBody)
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n";
    if (!noBody)
        out += body;
    m_socket->write(out);
    // Answered: free it now rather than when the (keep-alive) connection closes.
    deleteLater();
}

void HttpExchange::beginStream(int status, const Headers &headers, const QByteArray &contentType)
{
    if (!m_socket)
        return;
    m_streaming = true;
    QByteArray out = head(status, headers, contentType);
    out += "Cache-Control: no-cache\r\nConnection: close\r\n\r\n";
    m_socket->write(out);
}

void HttpExchange::write(const QByteArray &bytes)
{
    if (m_socket)
        m_socket->write(bytes);
}

void HttpExchange::close()
{
    if (m_socket) {
        m_socket->flush();
        m_socket->disconnectFromHost();
    }
}

bool HttpExchange::isOpen() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

qint64 HttpExchange::bytesToWrite() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

LocalHttpServer::LocalHttpServer(QObject *parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &LocalHttpServer::onNewConnection);
}

LocalHttpServer::~LocalHttpServer()
{
    close();
}

void LocalHttpServer::route(const QByteArray &path, Handler handler)
{
    m_routes.insert(path, std::move(handler));
}

bool LocalHttpServer::listen(const QHostAddress &address, quint16 port)
{
    return m_server.listen(address, port);
}

quint16 LocalHttpServer::port() const
{
    return m_server.serverPort();
}

QUrl LocalHttpServer::url(const QString &path, const QString &scheme) const
{
    QUrl u;
    u.setScheme(scheme);
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(port());
    u.setPath(path);
    return u;
}

void LocalHttpServer::close()
{
    m_server.close();
    const auto sockets = m_sockets;
    for (const auto &s : sockets)
        if (s)
            s->abort();
    m_sockets.clear();
}

int LocalHttpServer::openConnections() const
{
    int n = 0;
    for (const auto &s : m_sockets)
        if (s && s->state() == QAbstractSocket::ConnectedState)
            ++n;
    return n;
}

void LocalHttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        m_sockets.removeIf([](const QPointer<QTcpSocket> &s) { return s.isNull(); });
        m_sockets.append(socket);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void LocalHttpServer::onReadyRead(QTcpSocket *socket)
{
    // Requests are parsed from the socket's buffer; a partial request waits for more bytes.
    for (;;) {
        QByteArray buffered = socket->peek(MaxHeaderBytes + MaxBodyBytes);
        const qsizetype end = buffered.indexOf("\r\n\r\n");
        if (end < 0) {
            if (buffered.size() > MaxHeaderBytes) {
                socket->write("HTTP/1.1 431 Request Header Fields Too Large\r\n"
                              "Content-Length: 0\r\nConnection: close\r\n\r\n");
                socket->disconnectFromHost();
            }
            return;
        }
        const QList<QByteArray> lines = buffered.left(end).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        if (requestLine.size() < 3) {
            socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                          "Connection: close\r\n\r\n");
            socket->disconnectFromHost();
            return;
        }
        QHash<QByteArray, QByteArray> headers;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                headers.insert(lines[i].left(colon).trimmed().toLower(),
                               lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = headers.value("content-length", "0").toLongLong();
        if (length < 0 || length > MaxBodyBytes) {
            socket->write("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n"
                          "Connection: close\r\n\r\n");
            socket->disconnectFromHost();
            return;
        }
        if (buffered.size() < end + 4 + length)
            return; // the body has not fully arrived yet
        socket->read(end + 4 + length);

        auto *exchange = new HttpExchange(socket);
        exchange->setParent(socket);
        connect(socket, &QTcpSocket::disconnected, exchange, &HttpExchange::closed);
        exchange->method = requestLine[0];
        const QByteArray target = requestLine[1];
        const qsizetype q = target.indexOf('?');
        exchange->path = q < 0 ? target : target.left(q);
        if (q >= 0)
            exchange->query = QUrlQuery(QString::fromUtf8(target.mid(q + 1)));
        exchange->m_headers = headers;
        exchange->body = buffered.mid(end + 4, length);

        const auto it = m_routes.constFind(exchange->path);
        if (it == m_routes.constEnd())
            exchange->respond(404, "{\"error\":\"not found\"}");
        else
            (*it)(exchange);
        if (exchange->m_streaming || !socket->isOpen())
            return; // the rest of this connection belongs to the stream
    }
}

} // namespace livedash
