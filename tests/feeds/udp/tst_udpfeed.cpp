// The udp feed against real UDP sockets on 127.0.0.1 (and a multicast group on lo): senders,
// CSV headers and bad lines, and the kernel's drops under a flood, compared with /proc/net/udp.
#include "../feedtest.h"
#include "document/dashboard.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"

#include <QElapsedTimer>
#include <QFile>
#include <QNetworkDatagram>
#include <QNetworkInterface>
#include <QRandomGenerator>
#include <QTest>
#include <QUdpSocket>

#include <memory>
#include <optional>
#include <vector>

using namespace livedash;
using namespace livedash::feedtest;

namespace {

/// A UDP port on 127.0.0.1 nothing listens on right now.
quint16 freeUdpPort()
{
    QUdpSocket probe;
    if (!probe.bind(QHostAddress::LocalHost, 0))
        return 0;
    return probe.localPort();
}

FeedConfig udpFeed(const QString &id, quint16 port, QVariantMap extra = {})
{
    FeedConfig f;
    f.id = id;
    f.plugin = QStringLiteral("udp");
    f.name = id;
    f.options = std::move(extra);
    f.options.insert(QStringLiteral("port"), port);
    if (!f.options.contains(QStringLiteral("address")))
        f.options.insert(QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    f.reconnect.initialDelayMs = 20;
    f.reconnect.maxDelayMs = 200;
    return f;
}

ChannelMapping mapping(const QString &path, const QString &channel)
{
    ChannelMapping m;
    m.path = path;
    m.channel = channel;
    return m;
}

QString senderOf(const QUdpSocket &socket)
{
    return QStringLiteral("127.0.0.1:%1").arg(socket.localPort());
}

/// The `drops` column of the UDP socket bound to local port `port` in /proc/net/udp.
std::optional<quint64> procDrops(quint16 port)
{
    QFile file(QStringLiteral("/proc/net/udp"));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray portHex = QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QList<QByteArray> c = line.simplified().split(' ');
        if (c.size() > 12 && c[1].endsWith(QByteArray(":" + portHex)))
            return c[12].toULongLong();
    }
    return std::nullopt;
}

} // namespace

class TestUdpFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void multiLineDatagrams();
    void twentySendersTwentyChannels();
    void sharedChannelsWithoutPerSender();
    void senderPlaceholder();
    void csvHeaderPerSender();
    void badLinesRejected();
    void floodDropsCounted();
    void multicastGroup();
    void portInUseRetries();
    void ipv6SenderNames();

private:
    /// Applies `feed` and waits until it listens.
    bool start(IngestEngine &engine, const FeedConfig &feed);

    PluginRegistry m_registry;
};

void TestUdpFeed::initTestCase()
{
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QVERIFY2(m_registry.plugin(QStringLiteral("udp")),
             "the udp plugin was not found in bin/plugins");
}

bool TestUdpFeed::start(IngestEngine &engine, const FeedConfig &feed)
{
    engine.apply(dashboard({feed}));
    QElapsedTimer waited;
    waited.start();
    while (status(engine, feed.id).state != FeedState::Live && waited.elapsed() < 10000)
        QTest::qWait(10);
    return status(engine, feed.id).state == FeedState::Live;
}

void TestUdpFeed::multiLineDatagrams()
{
    const quint16 port = freeUdpPort();
    IngestEngine engine(&m_registry);
    QVERIFY(start(engine, udpFeed(QStringLiteral("m"), port)));
    QUdpSocket sender;
    // Three lines in one datagram, the last without a newline; CRLF too; an empty line.
    sender.writeDatagram("{\"a\": 1}\n{\"a\": 2}\r\n\n{\"a\": 3, \"b\": 9}",
                         QHostAddress::LocalHost, port);
    sender.writeDatagram("{\"a\": 4}\n", QHostAddress::LocalHost, port);
    QTRY_COMPARE(numbers(engine, QStringLiteral("m/a")), quint64(4));
    QCOMPARE(lastValue(engine, QStringLiteral("m/a")), 4.0);
    QCOMPARE(lastValue(engine, QStringLiteral("m/b")), 9.0);
    const FeedStatus s = status(engine, QStringLiteral("m"));
    QCOMPARE(s.messages, quint64(4));
    QCOMPARE(s.rejected, quint64(0));
    QCOMPARE(s.connects, quint64(1));
}

void TestUdpFeed::twentySendersTwentyChannels()
{
    // 10,000 datagrams from 20 senders at about 2,000 a second: 20 channels, nothing lost.
    constexpr int Senders = 20;
    constexpr int PerSender = 500;
    const quint16 port = freeUdpPort();
    IngestEngine engine(&m_registry);
    QVERIFY(start(engine, udpFeed(QStringLiteral("s"), port,
                                  {{QStringLiteral("perSender"), true},
                                   {QStringLiteral("receiveBufferBytes"), 4 * 1024 * 1024}})));
    std::vector<std::unique_ptr<QUdpSocket>> senders;
    for (int i = 0; i < Senders; ++i) {
        senders.push_back(std::make_unique<QUdpSocket>());
        QVERIFY(senders.back()->bind(QHostAddress::LocalHost, 0));
    }
    QElapsedTimer clock;
    clock.start();
    for (int n = 1; n <= PerSender; ++n) {
        for (int i = 0; i < Senders; ++i) {
            const QByteArray line =
                "{\"v\": " + QByteArray::number(n) + ", \"id\": " + QByteArray::number(i) + "}\n";
            QCOMPARE(senders[i]->writeDatagram(line, QHostAddress::LocalHost, port),
                     qint64(line.size()));
        }
        // 20 datagrams every 10 ms; a late sender does not catch up in a burst.
        const qint64 due = qint64(n) * 10;
        if (clock.elapsed() < due)
            QTest::qWait(int(due - clock.elapsed()));
    }
    for (int i = 0; i < Senders; ++i) {
        const QString channel = QStringLiteral("s/%1/v").arg(senderOf(*senders[i]));
        QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, channel), quint64(PerSender), 20000);
        QCOMPARE(lastValue(engine, channel), double(PerSender));
        QCOMPARE(lastValue(engine, QStringLiteral("s/%1/id").arg(senderOf(*senders[i]))),
                 double(i));
    }
    QStringList channels = engine.store().names();
    channels.removeIf([](const QString &c) { return !c.endsWith(QStringLiteral("/v")); });
    QCOMPARE(channels.size(), Senders);
    const FeedStatus s = status(engine, QStringLiteral("s"));
    QCOMPARE(s.messages, quint64(Senders * PerSender));
    QCOMPARE(s.rejected, quint64(0));
#ifdef Q_OS_LINUX
    QCOMPARE(procDrops(port).value_or(99), quint64(0));
#endif
    qInfo("%d datagrams in %lld ms", Senders * PerSender, clock.elapsed());
}

void TestUdpFeed::sharedChannelsWithoutPerSender()
{
    const quint16 port = freeUdpPort();
    IngestEngine engine(&m_registry);
    QVERIFY(start(engine, udpFeed(QStringLiteral("p"), port)));
    QUdpSocket a, b;
    a.writeDatagram("{\"v\": 1}", QHostAddress::LocalHost, port);
    b.writeDatagram("{\"v\": 2}", QHostAddress::LocalHost, port);
    QTRY_COMPARE(numbers(engine, QStringLiteral("p/v")), quint64(2));
    QCOMPARE(engine.store().names().size(), 1);
}

void TestUdpFeed::senderPlaceholder()
{
    const quint16 port = freeUdpPort();
    IngestEngine engine(&m_registry);
    FeedConfig on = udpFeed(QStringLiteral("ph"), port, {{QStringLiteral("perSender"), true}});
    on.fields.channels = {mapping(QStringLiteral("t"), QStringLiteral("{$sender}/temp"))};
    QVERIFY(start(engine, on));
    QUdpSocket sender;
    QVERIFY(sender.bind(QHostAddress::LocalHost, 0));
    sender.writeDatagram("{\"t\": 21.5}", QHostAddress::LocalHost, port);
    const QString channel = QStringLiteral("ph/%1/temp").arg(senderOf(sender));
    QTRY_COMPARE(numbers(engine, channel), quint64(1));
    QCOMPARE(lastValue(engine, channel), 21.5);

    // Without perSender the lines have no sender to name channels by: the mapping says so.
    const quint16 port2 = freeUdpPort();
    FeedConfig off = udpFeed(QStringLiteral("po"), port2);
    off.fields.channels = on.fields.channels;
    QVERIFY(start(engine, off));
    sender.writeDatagram("{\"t\": 21.5}", QHostAddress::LocalHost, port2);
    QTRY_COMPARE(status(engine, QStringLiteral("po")).messages, quint64(1));
    const FeedStatus s = status(engine, QStringLiteral("po"));
    QCOMPARE(s.samples, quint64(0));
    QVERIFY2(s.lastProblem.contains(QStringLiteral("needs a message topic")),
             qPrintable(s.lastProblem));
}

void TestUdpFeed::csvHeaderPerSender()
{
    // Two senders with their own headers (columns in another order), in one set of channels.
    const quint16 port = freeUdpPort();
    IngestEngine engine(&m_registry);
    QVERIFY(start(engine, udpFeed(QStringLiteral("c"), port,
                                  {{QStringLiteral("format"), QStringLiteral("csv")}})));
    QUdpSocket a, b;
    QVERIFY(a.bind(QHostAddress::LocalHost, 0));
    QVERIFY(b.bind(QHostAddress::LocalHost, 0));
    a.writeDatagram("time,x,y\n", QHostAddress::LocalHost, port);
    b.writeDatagram("y,x\n5,6\n", QHostAddress::LocalHost, port);
    QTRY_COMPARE(numbers(engine, QStringLiteral("c/x")), quint64(1));
    a.writeDatagram("1,2,3", QHostAddress::LocalHost, port);
    QTRY_COMPARE(numbers(engine, QStringLiteral("c/x")), quint64(2));
    QCOMPARE(lastValue(engine, QStringLiteral("c/x")), 2.0);
    QCOMPARE(lastValue(engine, QStringLiteral("c/y")), 3.0);
    b.writeDatagram("7,8", QHostAddress::LocalHost, port);
    QTRY_COMPARE(numbers(engine, QStringLiteral("c/x")), quint64(3));
    QCOMPARE(lastValue(engine, QStringLiteral("c/x")), 8.0);
    QCOMPARE(lastValue(engine, QStringLiteral("c/y")), 7.0);
    QCOMPARE(numbers(engine, QStringLiteral("c/time")), quint64(1));
    QCOMPARE(status(engine, QStringLiteral("c")).rejected, quint64(0));
}

void TestUdpFeed::badLinesRejected()
{
    const quint16 port = freeUdpPort();
    IngestEngine engine(&m_registry);
    QVERIFY(start(engine, udpFeed(QStringLiteral("b"), port,
                                  {{QStringLiteral("format"), QStringLiteral("number")},
                                   {QStringLiteral("maxLineBytes"), 100}})));
    QUdpSocket sender;
    QVERIFY(sender.bind(QHostAddress::LocalHost, 0));
    sender.writeDatagram("1\nabc\n2", QHostAddress::LocalHost, port);
    QTRY_COMPARE(numbers(engine, QStringLiteral("b/value")), quint64(2));
    QTRY_COMPARE(status(engine, QStringLiteral("b")).rejected, quint64(1));
    QString problem = status(engine, QStringLiteral("b")).lastProblem;
    QVERIFY2(
        problem.contains(QStringLiteral("from %1: not a number: \"abc\"").arg(senderOf(sender))),
        qPrintable(problem));
    sender.writeDatagram(QByteArray(300, '7') + "\n3", QHostAddress::LocalHost, port);
    QTRY_COMPARE(numbers(engine, QStringLiteral("b/value")), quint64(3));
    QTRY_COMPARE(status(engine, QStringLiteral("b")).rejected, quint64(2));
    problem = status(engine, QStringLiteral("b")).lastProblem;
    QVERIFY2(problem.contains(QStringLiteral("longer than 100 bytes")), qPrintable(problem));
    QCOMPARE(lastValue(engine, QStringLiteral("b/value")), 3.0);
}

void TestUdpFeed::floodDropsCounted()
{
#ifndef Q_OS_LINUX
    QSKIP("the kernel's drop count is read on Linux only");
#else
    // As fast as possible into a tiny receive buffer: the kernel drops datagrams, and the
    // feed counts exactly the drops /proc/net/udp shows for its socket.
    constexpr int Count = 50000;
    const quint16 port = freeUdpPort();
    IngestEngine engine(&m_registry);
    QVERIFY(start(engine,
                  udpFeed(QStringLiteral("f"), port, {{QStringLiteral("receiveBufferBytes"), 1}})));
    QUdpSocket sender;
    QVERIFY(sender.bind(QHostAddress::LocalHost, 0));
    quint64 sent = 0;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < Count; ++i) {
        if (sender.writeDatagram("{\"n\": 1}", QHostAddress::LocalHost, port) > 0)
            ++sent;
    }
    qInfo("sent %llu datagrams in %lld ms", sent, clock.elapsed());
    QVERIFY(sent > Count / 2);
    // Every datagram was either received (a message) or dropped (rejected), once the feed
    // has read the drop count again.
    auto accounted = [&] {
        const FeedStatus s = status(engine, QStringLiteral("f"));
        return s.messages + s.rejected;
    };
    QTRY_COMPARE_WITH_TIMEOUT(accounted(), sent, 20000);
    const FeedStatus s = status(engine, QStringLiteral("f"));
    const std::optional<quint64> kernel = procDrops(port);
    QVERIFY(kernel);
    qInfo("received %llu, dropped %llu (kernel: %llu)", s.messages, s.rejected, *kernel);
    QVERIFY2(*kernel > 0, "the kernel dropped nothing: the flood did not overflow the buffer");
    QCOMPARE(s.rejected, *kernel);
    QCOMPARE(numbers(engine, QStringLiteral("f/n")), s.messages);
    QVERIFY2(s.lastProblem.contains(QStringLiteral("the kernel dropped")),
             qPrintable(s.lastProblem));
    QVERIFY2(s.note.contains(QStringLiteral("%1 datagrams dropped by the kernel").arg(*kernel)),
             qPrintable(s.note));
#endif
}

void TestUdpFeed::multicastGroup()
{
    const QNetworkInterface lo = QNetworkInterface::interfaceFromName(QStringLiteral("lo"));
    if (!lo.isValid())
        QSKIP("no loopback interface named lo here");
    const quint16 port = freeUdpPort();
    const QString group = QStringLiteral("239.255.%1.%2")
                              .arg(QRandomGenerator::global()->bounded(256))
                              .arg(1 + QRandomGenerator::global()->bounded(254));
    IngestEngine engine(&m_registry);
    FeedConfig f = udpFeed(QStringLiteral("g"), port,
                           {{QStringLiteral("address"), QString()},
                            {QStringLiteral("multicastGroup"), group},
                            {QStringLiteral("multicastInterface"), QStringLiteral("lo")}});
    engine.apply(dashboard({f}));
    QTRY_VERIFY(status(engine, QStringLiteral("g")).state == FeedState::Live ||
                !status(engine, QStringLiteral("g")).lastError.isEmpty());
    const FeedStatus joined = status(engine, QStringLiteral("g"));
    if (joined.state != FeedState::Live)
        QSKIP(
            qPrintable(QStringLiteral("the kernel refused the group on lo: ") + joined.lastError));

    QUdpSocket sender;
    QVERIFY(sender.bind(QHostAddress(QHostAddress::AnyIPv4), 0));
    sender.setMulticastInterface(lo);
    sender.setSocketOption(QAbstractSocket::MulticastLoopbackOption, 1);
    // Sent until it arrives: the membership may take a moment.
    QElapsedTimer waited;
    waited.start();
    while (numbers(engine, QStringLiteral("g/m")) == 0 && waited.elapsed() < 10000) {
        QVERIFY(sender.writeDatagram("{\"m\": 7}", QHostAddress(group), port) > 0);
        QTest::qWait(50);
    }
    QVERIFY2(numbers(engine, QStringLiteral("g/m")) > 0,
             "joined the group on lo, but nothing sent to it arrived");
    QCOMPARE(lastValue(engine, QStringLiteral("g/m")), 7.0);
}

void TestUdpFeed::portInUseRetries()
{
    QUdpSocket taken;
    QVERIFY(taken.bind(QHostAddress::LocalHost, 0));
    const quint16 port = taken.localPort();
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({udpFeed(QStringLiteral("t"), port)}));
    QTRY_VERIFY(status(engine, QStringLiteral("t"))
                    .lastError.contains(
                        QStringLiteral("could not listen on udp://127.0.0.1:%1").arg(port)));
    QVERIFY(status(engine, QStringLiteral("t")).state != FeedState::Live);
    // Freed: the next attempt listens, and the port is the feed's alone (no SO_REUSEADDR):
    // another socket cannot bind it to take its datagrams, even one asking to share.
    taken.close();
    QTRY_COMPARE(status(engine, QStringLiteral("t")).state, FeedState::Live);
    QUdpSocket intruder;
    QVERIFY(!intruder.bind(QHostAddress::LocalHost, port,
                           QAbstractSocket::ShareAddress | QAbstractSocket::ReuseAddressHint));
}

void TestUdpFeed::ipv6SenderNames()
{
    QUdpSocket sender;
    if (!sender.bind(QHostAddress::LocalHostIPv6, 0))
        QSKIP("no IPv6 loopback here");
    QUdpSocket probe;
    QVERIFY(probe.bind(QHostAddress::LocalHostIPv6, 0));
    const quint16 port = probe.localPort();
    probe.close();
    IngestEngine engine(&m_registry);
    QVERIFY(start(engine, udpFeed(QStringLiteral("six"), port,
                                  {{QStringLiteral("address"), QStringLiteral("::1")},
                                   {QStringLiteral("perSender"), true}})));
    sender.writeDatagram("{\"v\": 6}", QHostAddress::LocalHostIPv6, port);
    const QString channel = QStringLiteral("six/[::1]:%1/v").arg(sender.localPort());
    QTRY_COMPARE(numbers(engine, channel), quint64(1));
}

QTEST_GUILESS_MAIN(TestUdpFeed)
#include "tst_udpfeed.moc"
