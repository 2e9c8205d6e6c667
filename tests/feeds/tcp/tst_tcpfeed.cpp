// The tcp feed against a real QTcpServer (and a QSslServer with a certificate made by openssl)
// on 127.0.0.1: lines split across writes, reconnects, bad lines, a large burst, TLS pinning.
#include "../feedtest.h"
#include "../serverprocess.h"
#include "document/dashboard.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"

#include <livedash/tlstrust.h>

#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livedash;
using namespace livedash::feedtest;

namespace {

FeedConfig tcpFeed(const QString &id, quint16 port, QVariantMap extra = {})
{
    FeedConfig f;
    f.id = id;
    f.plugin = QStringLiteral("tcp");
    f.name = id;
    f.options = std::move(extra);
    f.options.insert(QStringLiteral("host"), QStringLiteral("127.0.0.1"));
    f.options.insert(QStringLiteral("port"), port);
    f.reconnect.initialDelayMs = 20;
    f.reconnect.maxDelayMs = 200;
    return f;
}

/// The next connection `server` accepts, waited for while the event loop runs.
QTcpSocket *nextConnection(QTcpServer &server, int timeoutMs = 10000)
{
    QElapsedTimer waited;
    waited.start();
    while (!server.hasPendingConnections() && waited.elapsed() < timeoutMs)
        QTest::qWait(10);
    return server.nextPendingConnection();
}

/// Writes `data` and waits until the socket has handed it to the kernel.
void send(QTcpSocket *socket, const QByteArray &data)
{
    socket->write(data);
    QElapsedTimer waited;
    waited.start();
    while (socket->bytesToWrite() > 0 && waited.elapsed() < 10000)
        QTest::qWait(5);
}

} // namespace

class TestTcpFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void linesSplitAcrossWrites();
    void closedConnectionReconnects();
    void badLinesRejected();
    void csvHeaderPerConnection();
    void largeBurstArrivesWhole();
    void serverDownRetries();
    void idleTimeoutReconnects();
    void tlsWithPinnedCertificate();

private:
    PluginRegistry m_registry;
};

void TestTcpFeed::initTestCase()
{
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QVERIFY2(m_registry.plugin(QStringLiteral("tcp")),
             "the tcp plugin was not found in bin/plugins");
}

void TestTcpFeed::linesSplitAcrossWrites()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({tcpFeed(QStringLiteral("t"), server.serverPort())}));
    QTcpSocket *peer = nextConnection(server);
    QVERIFY(peer);
    // A line cut inside its JSON, one cut before its newline, CRLF, and two in one write.
    send(peer, "{\"a\": 1}\n{\"a\"");
    QTRY_COMPARE(numbers(engine, QStringLiteral("t/a")), quint64(1));
    QTest::qWait(50);
    send(peer, ": 2}");
    QTest::qWait(50);
    QCOMPARE(numbers(engine, QStringLiteral("t/a")), quint64(1));
    send(peer, "\r\n{\"a\": 3}\n{\"a\": 4, \"b\": 5}\n");
    QTRY_COMPARE(numbers(engine, QStringLiteral("t/a")), quint64(4));
    QCOMPARE(lastValue(engine, QStringLiteral("t/a")), 4.0);
    QCOMPARE(lastValue(engine, QStringLiteral("t/b")), 5.0);
    const FeedStatus s = status(engine, QStringLiteral("t"));
    QCOMPARE(s.state, FeedState::Live);
    QCOMPARE(s.messages, quint64(4));
    QCOMPARE(s.rejected, quint64(0));
    QCOMPARE(s.connects, quint64(1));
}

void TestTcpFeed::closedConnectionReconnects()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({tcpFeed(QStringLiteral("r"), server.serverPort())}));
    QTcpSocket *first = nextConnection(server);
    QVERIFY(first);
    // The last line has no newline: the close ends it.
    send(first, "{\"a\": 1}\n{\"a\": 2}");
    first->disconnectFromHost();
    QTcpSocket *second = nextConnection(server);
    QVERIFY2(second, "the feed did not reconnect");
    QTRY_COMPARE(numbers(engine, QStringLiteral("r/a")), quint64(2));
    QCOMPARE(lastValue(engine, QStringLiteral("r/a")), 2.0);
    QVERIFY2(status(engine, QStringLiteral("r"))
                 .lastError.contains(QStringLiteral("closed the connection")),
             qPrintable(status(engine, QStringLiteral("r")).lastError));
    send(second, "{\"a\": 3}\n");
    QTRY_COMPARE(numbers(engine, QStringLiteral("r/a")), quint64(3));
    QTRY_COMPARE(status(engine, QStringLiteral("r")).connects, quint64(2));
    QCOMPARE(status(engine, QStringLiteral("r")).state, FeedState::Live);
}

void TestTcpFeed::badLinesRejected()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({tcpFeed(QStringLiteral("b"), server.serverPort(),
                                    {{QStringLiteral("format"), QStringLiteral("keyValue")},
                                     {QStringLiteral("maxLineBytes"), 100}})}));
    QTcpSocket *peer = nextConnection(server);
    QVERIFY(peer);
    send(peer, "temp=21.5 rh=40\nno pairs here\n");
    QTRY_COMPARE(status(engine, QStringLiteral("b")).rejected, quint64(1));
    QCOMPARE(lastValue(engine, QStringLiteral("b/temp")), 21.5);
    QVERIFY(!status(engine, QStringLiteral("b")).lastProblem.isEmpty());
    send(peer, "temp=" + QByteArray(200, '1') + "\ntemp=22\n");
    QTRY_COMPARE(numbers(engine, QStringLiteral("b/temp")), quint64(2));
    QCOMPARE(lastValue(engine, QStringLiteral("b/temp")), 22.0);
    const FeedStatus s = status(engine, QStringLiteral("b"));
    QCOMPARE(s.rejected, quint64(2));
    QVERIFY2(s.lastProblem.contains(QStringLiteral("longer than 100 bytes")),
             qPrintable(s.lastProblem));
}

void TestTcpFeed::csvHeaderPerConnection()
{
    // Each connection starts with its header: a reconnect forgets the last one's.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({tcpFeed(QStringLiteral("c"), server.serverPort(),
                                    {{QStringLiteral("format"), QStringLiteral("csv")}})}));
    QTcpSocket *first = nextConnection(server);
    QVERIFY(first);
    send(first, "x,y\n1,2\n");
    QTRY_COMPARE(numbers(engine, QStringLiteral("c/y")), quint64(1));
    first->disconnectFromHost();
    QTcpSocket *second = nextConnection(server);
    QVERIFY(second);
    send(second, "y,x\n3,4\n");
    QTRY_COMPARE(numbers(engine, QStringLiteral("c/y")), quint64(2));
    QCOMPARE(lastValue(engine, QStringLiteral("c/y")), 3.0);
    QCOMPARE(lastValue(engine, QStringLiteral("c/x")), 4.0);
    QCOMPARE(status(engine, QStringLiteral("c")).rejected, quint64(0));
}

void TestTcpFeed::largeBurstArrivesWhole()
{
    // About 4 MB at once, more than the feed lets Qt hold unread: read in turns, slowed by
    // TCP, nothing lost.
    constexpr int Lines = 200000;
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({tcpFeed(QStringLiteral("l"), server.serverPort())}));
    QTcpSocket *peer = nextConnection(server);
    QVERIFY(peer);
    QByteArray burst;
    for (int i = 1; i <= Lines; ++i)
        burst += "{\"n\": " + QByteArray::number(i) + ", \"pad\": \"xxxx\"}\n";
    send(peer, burst);
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("l/n")), quint64(Lines), 60000);
    QCOMPARE(lastValue(engine, QStringLiteral("l/n")), double(Lines));
    QCOMPARE(status(engine, QStringLiteral("l")).bytes, quint64(burst.size()));
}

void TestTcpFeed::serverDownRetries()
{
    const quint16 port = freePort();
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({tcpFeed(QStringLiteral("d"), port)}));
    QTRY_VERIFY(status(engine, QStringLiteral("d"))
                    .lastError.contains(
                        QStringLiteral("could not connect to tcp://127.0.0.1:%1").arg(port)));
    QVERIFY(status(engine, QStringLiteral("d")).attempt >= 1 ||
            status(engine, QStringLiteral("d")).state != FeedState::Live);
    // The server comes up: the next attempt connects.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QTcpSocket *peer = nextConnection(server);
    QVERIFY(peer);
    send(peer, "{\"up\": 1}\n");
    QTRY_COMPARE(numbers(engine, QStringLiteral("d/up")), quint64(1));
}

void TestTcpFeed::idleTimeoutReconnects()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({tcpFeed(QStringLiteral("i"), server.serverPort(),
                                    {{QStringLiteral("idleTimeout"), 300}})}));
    QTcpSocket *first = nextConnection(server);
    QVERIFY(first);
    QTcpSocket *second = nextConnection(server);
    QVERIFY2(second, "a silent connection was not given up");
    QVERIFY2(status(engine, QStringLiteral("i")).lastError.contains(QStringLiteral("no data")),
             qPrintable(status(engine, QStringLiteral("i")).lastError));
}

void TestTcpFeed::tlsWithPinnedCertificate()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QSKIP("openssl (the program) is not installed: no certificate to test with");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess make;
    make.start(openssl,
               {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=livedash-test"),
                QStringLiteral("-keyout"), dir.filePath(QStringLiteral("key.pem")),
                QStringLiteral("-out"), dir.filePath(QStringLiteral("cert.pem"))});
    QVERIFY(make.waitForFinished(60000));
    QCOMPARE(make.exitCode(), 0);
    QFile certFile(dir.filePath(QStringLiteral("cert.pem")));
    QFile keyFile(dir.filePath(QStringLiteral("key.pem")));
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    const QSslCertificate cert(certFile.readAll(), QSsl::Pem);
    const QSslKey key(keyFile.readAll(), QSsl::Rsa, QSsl::Pem);
    QVERIFY(!cert.isNull() && !key.isNull());

    QSslServer server;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(cert);
    config.setPrivateKey(key);
    server.setSslConfiguration(config);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    // Not pinned: a self-signed certificate is refused, and the reason says so.
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {tcpFeed(QStringLiteral("u"), server.serverPort(), {{QStringLiteral("tls"), true}})}));
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("u"))
                                 .lastError.contains(QStringLiteral("TLS to tls://127.0.0.1")),
                             20000);
    QCOMPARE(status(engine, QStringLiteral("u")).connects, quint64(0));

    // Pinned by its fingerprint: lines arrive over TLS.
    engine.apply(dashboard({tcpFeed(QStringLiteral("s"), server.serverPort(),
                                    {{QStringLiteral("tls"), true},
                                     {TlsTrust::FingerprintKey, TlsTrust::fingerprintOf(cert)}})}));
    QSslSocket *peer = nullptr;
    QElapsedTimer waited;
    waited.start();
    // Connections of the refused feed may still be pending: take the one that is encrypted.
    while (waited.elapsed() < 20000) {
        QTest::qWait(10);
        while (server.hasPendingConnections()) {
            auto *next = qobject_cast<QSslSocket *>(server.nextPendingConnection());
            if (next && next->isEncrypted())
                peer = next;
        }
        if (peer)
            break;
    }
    QVERIFY2(peer, "no TLS connection from the pinned feed");
    send(peer, "{\"secure\": 1}\n");
    QTRY_COMPARE(numbers(engine, QStringLiteral("s/secure")), quint64(1));
    QCOMPARE(status(engine, QStringLiteral("s")).state, FeedState::Live);
}

QTEST_GUILESS_MAIN(TestTcpFeed)
#include "tst_tcpfeed.moc"
