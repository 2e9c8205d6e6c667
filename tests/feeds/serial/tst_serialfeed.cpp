// The serial feed against real pseudo-terminal pairs made by socat: the feed opens one end (as
// it would /dev/ttyUSB0), the test writes into the other at a 115200-baud pace.
#include "../feedtest.h"
#include "document/dashboard.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSerialPort>
#include <QSerialPortInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#ifdef Q_OS_UNIX
#include <unistd.h> // geteuid
#endif

using namespace livedash;
using namespace livedash::feedtest;

namespace {

/// Bytes written per 10 ms: 115200 baud with 8N1 carries about 11.5 kB/s.
constexpr qsizetype PaceBytes = 115;

/// A pseudo-terminal pair made by socat: `device` is the end the feed opens, `writer` the one
/// the test writes into; socat copies between them. Stopping socat takes both away, as
/// unplugging a USB-serial adapter takes its device node away.
class PtyPair
{
public:
    PtyPair(QString device, QString writer)
        : m_device(std::move(device)), m_writer(std::move(writer))
    {
    }
    PtyPair(const PtyPair &) = delete;
    PtyPair &operator=(const PtyPair &) = delete;
    ~PtyPair() { stop(false); }

    const QString &device() const { return m_device; }

    /// Starts socat and waits until both links exist.
    bool start()
    {
        stop(false);
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->start(QStringLiteral("socat"),
                         {QStringLiteral("-d"), QStringLiteral("-d"),
                          QStringLiteral("pty,raw,echo=0,link=") + m_device,
                          QStringLiteral("pty,raw,echo=0,link=") + m_writer});
        if (!m_process->waitForStarted(5000)) {
            qWarning("socat did not start: %s", qPrintable(m_process->errorString()));
            return false;
        }
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 10000) {
            if (QFileInfo::exists(m_device) && QFileInfo::exists(m_writer))
                return true;
            if (m_process->state() == QProcess::NotRunning)
                break;
            QTest::qWait(20);
        }
        qWarning("socat made no pty pair: %s", m_process->readAll().constData());
        return false;
    }

    /// Ends socat: SIGTERM (it removes its links) or SIGKILL (they are left dangling).
    void stop(bool kill)
    {
        m_writerPort.reset();
        if (!m_process)
            return;
        if (m_process->state() != QProcess::NotRunning) {
            if (kill)
                m_process->kill();
            else
                m_process->terminate();
            if (!m_process->waitForFinished(5000)) {
                m_process->kill();
                m_process->waitForFinished(2000);
            }
        }
        m_process.reset();
    }

    /// Writes `data` into the writer end at a 115200-baud pace.
    bool send(const QByteArray &data)
    {
        if (!m_writerPort) {
            // QSerialPort opens with O_NOCTTY: the pty does not become the test's terminal.
            m_writerPort = std::make_unique<QSerialPort>(m_writer);
            m_writerPort->setBaudRate(115200);
            if (!m_writerPort->open(QIODevice::WriteOnly)) {
                qWarning("cannot open %s: %s", qPrintable(m_writer),
                         qPrintable(m_writerPort->errorString()));
                m_writerPort.reset();
                return false;
            }
        }
        for (qsizetype at = 0; at < data.size(); at += PaceBytes) {
            const QByteArray piece = data.mid(at, PaceBytes);
            if (m_writerPort->write(piece) != piece.size())
                return false;
            while (m_writerPort->bytesToWrite() > 0)
                if (!m_writerPort->waitForBytesWritten(5000))
                    return false;
            QTest::qWait(10);
        }
        return true;
    }

private:
    QString m_device;
    QString m_writer;
    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<QSerialPort> m_writerPort;
};

FeedConfig serialFeed(const QString &id, const QString &port, QVariantMap extra = {})
{
    FeedConfig f;
    f.id = id;
    f.plugin = QStringLiteral("serial");
    f.name = id;
    f.options = std::move(extra);
    f.options.insert(QStringLiteral("port"), port);
    f.options.insert(QStringLiteral("baudRate"), 115200);
    f.reconnect.initialDelayMs = 20;
    f.reconnect.maxDelayMs = 200;
    return f;
}

/// Maps field `path` to the channel of the same name.
ChannelMapping field(const QString &path, ValueKind kind = ValueKind::Number)
{
    ChannelMapping m;
    m.path = m.channel = path;
    m.kind = kind;
    return m;
}

QString waiting(const QString &port)
{
    return QStringLiteral("waiting for ") + port;
}

} // namespace

class TestSerialFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void jsonLines();
    void csvHeaderLine();
    void csvHeaderOption();
    void keyValuePairs();
    void bareNumbers();
    void partialLinesAcrossReads();
    void garbageLineRejected();
    void oversizedLineRejected();
    void unplugAndReplug_data();
    void unplugAndReplug();
    void missingPortIsWaitedFor();
    void permissionDenied();
    void portInUseIsSaidSo();
    void portChooserListsPresentPorts();
    void readmeExample();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    /// A pty pair in the test's folder, the feed's end named `name`.
    std::unique_ptr<PtyPair> ptys(const QString &name)
    {
        return std::make_unique<PtyPair>(path(name), path(name + QStringLiteral("-writer")));
    }
    /// Starts `feed` in `engine` and waits until its port is open.
    bool startLive(IngestEngine &engine, const FeedConfig &feed);

    QTemporaryDir m_dir;
    PluginRegistry m_registry;
};

void TestSerialFeed::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("socat")).isEmpty(),
             "socat is not installed (packaging/deps.sh)");
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QVERIFY2(m_registry.plugin(QStringLiteral("serial")),
             "the serial plugin was not found in bin/plugins");
}

bool TestSerialFeed::startLive(IngestEngine &engine, const FeedConfig &feed)
{
    engine.apply(dashboard({feed}));
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 20000) {
        if (status(engine, feed.id).state == FeedState::Live)
            return true;
        QTest::qWait(20);
    }
    const FeedStatus s = status(engine, feed.id);
    qWarning("feed %s not live: %s / %s / %s", qPrintable(feed.id),
             qPrintable(feedStateName(s.state)), qPrintable(s.note), qPrintable(s.lastError));
    return false;
}

void TestSerialFeed::jsonLines()
{
    auto pty = ptys(QStringLiteral("json"));
    QVERIFY(pty->start());
    IngestEngine engine(&m_registry);
    FeedConfig feed = serialFeed(QStringLiteral("j"), pty->device());
    feed.fields.channels = {field(QStringLiteral("i")), field(QStringLiteral("temp")),
                            field(QStringLiteral("state"), ValueKind::Text)};
    QVERIFY(startLive(engine, feed));
    QByteArray data;
    constexpr int Lines = 300;
    for (int i = 1; i <= Lines; ++i)
        data += QStringLiteral("{\"i\": %1, \"temp\": %2, \"state\": \"s%1\"}\r\n")
                    .arg(i)
                    .arg(20 + i / 100.0)
                    .toUtf8();
    QVERIFY(pty->send(data));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("j/i")), quint64(Lines), 20000);
    QCOMPARE(numbers(engine, QStringLiteral("j/temp")), quint64(Lines));
    QCOMPARE(lastValue(engine, QStringLiteral("j/i")), double(Lines));
    QCOMPARE(lastValue(engine, QStringLiteral("j/temp")), 23.0);
    QCOMPARE(lastText(engine, QStringLiteral("j/state")), QStringLiteral("s300"));
    const FeedStatus s = status(engine, QStringLiteral("j"));
    QCOMPARE(s.messages, quint64(Lines));
    QCOMPARE(s.rejected, quint64(0));
    QCOMPARE(s.bytes, quint64(data.size()));
    QCOMPARE(s.connects, quint64(1));
    QVERIFY2(s.note.isEmpty(), qPrintable(s.note));
}

void TestSerialFeed::csvHeaderLine()
{
    auto pty = ptys(QStringLiteral("csv"));
    QVERIFY(pty->start());
    IngestEngine engine(&m_registry);
    FeedConfig feed = serialFeed(QStringLiteral("c"), pty->device(),
                                 {{QStringLiteral("format"), QStringLiteral("csv")}});
    feed.fields.channels = {field(QStringLiteral("time")), field(QStringLiteral("temp")),
                            field(QStringLiteral("room"), ValueKind::Text)};
    QVERIFY(startLive(engine, feed));
    QByteArray data = "time,temp,room\n";
    constexpr int Rows = 200;
    for (int i = 1; i <= Rows; ++i)
        data += QStringLiteral("%1,%2,\"hall, %1\"\n").arg(i).arg(i * 0.5).toUtf8();
    QVERIFY(pty->send(data));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("c/temp")), quint64(Rows), 20000);
    QCOMPARE(numbers(engine, QStringLiteral("c/time")), quint64(Rows));
    QCOMPARE(lastValue(engine, QStringLiteral("c/temp")), 100.0);
    QCOMPARE(lastText(engine, QStringLiteral("c/room")), QStringLiteral("hall, 200"));
    QCOMPARE(status(engine, QStringLiteral("c")).rejected, quint64(0));
}

void TestSerialFeed::csvHeaderOption()
{
    auto pty = ptys(QStringLiteral("csvh"));
    QVERIFY(pty->start());
    IngestEngine engine(&m_registry);
    QVERIFY(startLive(engine, serialFeed(QStringLiteral("h"), pty->device(),
                                         {{QStringLiteral("format"), QStringLiteral("csv")},
                                          {QStringLiteral("csvHeader"), QStringLiteral("x, y")}})));
    // Every line is data; a row with too many fields is rejected.
    QVERIFY(pty->send("3,4\n5,6,7\n8,9\n"));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("h/x")), quint64(2), 20000);
    QCOMPARE(lastValue(engine, QStringLiteral("h/x")), 8.0);
    QCOMPARE(lastValue(engine, QStringLiteral("h/y")), 9.0);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("h")).rejected, quint64(1), 20000);
}

void TestSerialFeed::keyValuePairs()
{
    auto pty = ptys(QStringLiteral("kv"));
    QVERIFY(pty->start());
    IngestEngine engine(&m_registry);
    QVERIFY(
        startLive(engine, serialFeed(QStringLiteral("k"), pty->device(),
                                     {{QStringLiteral("format"), QStringLiteral("keyValue")}})));
    // What an Arduino sketch printing Serial.print("temp="); ... prints, with CRLF.
    QByteArray data;
    constexpr int Lines = 250;
    for (int i = 1; i <= Lines; ++i)
        data += QStringLiteral("temp=%1 rh=%2\r\n").arg(20 + i / 10.0).arg(i).toUtf8();
    QVERIFY(pty->send(data));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("k/rh")), quint64(Lines), 20000);
    QCOMPARE(numbers(engine, QStringLiteral("k/temp")), quint64(Lines));
    QCOMPARE(lastValue(engine, QStringLiteral("k/temp")), 45.0);
    QCOMPARE(lastValue(engine, QStringLiteral("k/rh")), double(Lines));
    QCOMPARE(status(engine, QStringLiteral("k")).rejected, quint64(0));
}

void TestSerialFeed::bareNumbers()
{
    auto pty = ptys(QStringLiteral("num"));
    QVERIFY(pty->start());
    IngestEngine engine(&m_registry);
    QVERIFY(startLive(engine, serialFeed(QStringLiteral("n"), pty->device(),
                                         {{QStringLiteral("format"), QStringLiteral("number")}})));
    // One number per line, then the serial plotter's several per line.
    QVERIFY(pty->send("1\n 2.5e1\n-3\n4.5 5,6\n"));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("n/value")), quint64(3), 20000);
    QCOMPARE(lastValue(engine, QStringLiteral("n/value")), -3.0);
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("n/value3")), quint64(1), 20000);
    QCOMPARE(lastValue(engine, QStringLiteral("n/value1")), 4.5);
    QCOMPARE(lastValue(engine, QStringLiteral("n/value2")), 5.0);
    QCOMPARE(lastValue(engine, QStringLiteral("n/value3")), 6.0);
    QCOMPARE(status(engine, QStringLiteral("n")).rejected, quint64(0));
}

void TestSerialFeed::partialLinesAcrossReads()
{
    auto pty = ptys(QStringLiteral("part"));
    QVERIFY(pty->start());
    IngestEngine engine(&m_registry);
    QVERIFY(startLive(engine, serialFeed(QStringLiteral("p"), pty->device())));
    // Half a line, read by the feed (its bytes are counted) before the rest is written.
    const QByteArray first = "{\"temp\": 21.";
    QVERIFY(pty->send(first));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("p")).bytes, quint64(first.size()),
                              20000);
    QCOMPARE(status(engine, QStringLiteral("p")).messages, quint64(0));
    const QByteArray second = "5, \"rh\": 4";
    QVERIFY(pty->send(second));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("p")).bytes,
                              quint64(first.size() + second.size()), 20000);
    QCOMPARE(status(engine, QStringLiteral("p")).messages, quint64(0));
    QVERIFY(pty->send("0}\n{\"temp\": 22"));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("p/temp")), quint64(1), 20000);
    QCOMPARE(lastValue(engine, QStringLiteral("p/temp")), 21.5);
    QCOMPARE(lastValue(engine, QStringLiteral("p/rh")), 40.0);
    QVERIFY(pty->send("}\n"));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("p/temp")), quint64(2), 20000);
    QCOMPARE(lastValue(engine, QStringLiteral("p/temp")), 22.0);
    QCOMPARE(status(engine, QStringLiteral("p")).rejected, quint64(0));
}

void TestSerialFeed::garbageLineRejected()
{
    auto pty = ptys(QStringLiteral("bad"));
    QVERIFY(pty->start());
    IngestEngine engine(&m_registry);
    QVERIFY(
        startLive(engine, serialFeed(QStringLiteral("g"), pty->device(),
                                     {{QStringLiteral("format"), QStringLiteral("keyValue")}})));
    // A line garbled by a wrong baud rate or a reset halfway through, between good ones.
    QVERIFY(pty->send("temp=20\n\x85\xff garbage here\ntemp=21\n"));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("g/temp")), quint64(2), 20000);
    QCOMPARE(lastValue(engine, QStringLiteral("g/temp")), 21.0);
    const FeedStatus s = status(engine, QStringLiteral("g"));
    QCOMPARE(s.rejected, quint64(1));
    QVERIFY2(s.lastProblem.startsWith(QStringLiteral("not name=value pairs: ")),
             qPrintable(s.lastProblem));
    QVERIFY2(s.lastProblem.contains(QStringLiteral("garbage here")), qPrintable(s.lastProblem));
    QCOMPARE(s.messages, quint64(2));
}

void TestSerialFeed::oversizedLineRejected()
{
    auto pty = ptys(QStringLiteral("big"));
    QVERIFY(pty->start());
    IngestEngine engine(&m_registry);
    QVERIFY(startLive(engine, serialFeed(QStringLiteral("o"), pty->device(),
                                         {{QStringLiteral("format"), QStringLiteral("number")},
                                          {QStringLiteral("maxLineBytes"), 100}})));
    // A device that never sends a newline (wrong line ending, binary protocol) cannot make the
    // feed hold more than the limit; the line after it is read.
    QVERIFY(pty->send("1\n" + QByteArray(1000, '7') + "\n2\n"));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("o/value")), quint64(2), 20000);
    QCOMPARE(lastValue(engine, QStringLiteral("o/value")), 2.0);
    const FeedStatus s = status(engine, QStringLiteral("o"));
    QCOMPARE(s.rejected, quint64(1));
    QVERIFY2(s.lastProblem.contains(QStringLiteral("longer than 100 bytes")),
             qPrintable(s.lastProblem));
}

void TestSerialFeed::unplugAndReplug_data()
{
    QTest::addColumn<bool>("kill");
    QTest::newRow("socat ends (links removed)") << false;
    QTest::newRow("socat killed (links left dangling)") << true;
}

void TestSerialFeed::unplugAndReplug()
{
    QFETCH(bool, kill);
    auto pty = ptys(kill ? QStringLiteral("plugk") : QStringLiteral("plugt"));
    QVERIFY(pty->start());
    IngestEngine engine(&m_registry);
    QVERIFY(
        startLive(engine, serialFeed(QStringLiteral("u"), pty->device(),
                                     {{QStringLiteral("format"), QStringLiteral("keyValue")}})));
    QVERIFY(pty->send("temp=1\n"));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("u/temp")), quint64(1), 20000);

    // Unplugged: the feed waits for the port, it does not fail.
    pty->stop(kill);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("u")).note, waiting(pty->device()),
                              20000);
    FeedStatus s = status(engine, QStringLiteral("u"));
    QCOMPARE(s.state, FeedState::Connecting);
    QCOMPARE(s.detail, pty->device());

    // Plugged back in (a new pty behind the same path): opened again, data flows.
    QVERIFY(pty->start());
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("u")).state, FeedState::Live, 20000);
    QVERIFY(pty->send("temp=2\n"));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("u/temp")), quint64(2), 20000);
    QCOMPARE(lastValue(engine, QStringLiteral("u/temp")), 2.0);
    s = status(engine, QStringLiteral("u"));
    QCOMPARE(s.connects, quint64(2));
    QVERIFY2(s.note.isEmpty(), qPrintable(s.note));
    QVERIFY2(s.lastError.isEmpty(), qPrintable(s.lastError)); // waited, never failed
}

void TestSerialFeed::missingPortIsWaitedFor()
{
    auto pty = ptys(QStringLiteral("later"));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({serialFeed(QStringLiteral("m"), pty->device())}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("m")).note, waiting(pty->device()),
                              20000);
    FeedStatus s = status(engine, QStringLiteral("m"));
    QCOMPARE(s.state, FeedState::Connecting);
    QCOMPARE(s.connects, quint64(0));
    QVERIFY2(s.lastError.isEmpty(), qPrintable(s.lastError));

    // Plugged in later: opened without any restart of the feed.
    QVERIFY(pty->start());
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("m")).state, FeedState::Live, 20000);
    QVERIFY(pty->send("{\"a\": 7}\n"));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("m/a")), quint64(1), 20000);

    // Removing a feed that waits stops it.
    pty->stop(false);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("m")).note, waiting(pty->device()),
                              20000);
    engine.apply(dashboard({}));
    QTRY_VERIFY_WITH_TIMEOUT(!engine.board().status(QStringLiteral("m")), 20000);
}

void TestSerialFeed::permissionDenied()
{
#ifdef Q_OS_UNIX
    if (::geteuid() == 0)
        QSKIP("root may open any device: permission denied cannot happen");
    auto pty = ptys(QStringLiteral("perm"));
    QVERIFY(pty->start());
    // The pty belongs to the user who made it: take the user's own rights away.
    QVERIFY(QFile::setPermissions(QFileInfo(pty->device()).canonicalFilePath(), {}));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({serialFeed(QStringLiteral("d"), pty->device())}));
    QTRY_VERIFY_WITH_TIMEOUT(!status(engine, QStringLiteral("d")).lastError.isEmpty(), 20000);
    const FeedStatus s = status(engine, QStringLiteral("d"));
    QVERIFY2(s.lastError.startsWith(QStringLiteral("permission denied opening ") + pty->device()),
             qPrintable(s.lastError));
#ifdef Q_OS_LINUX
    QVERIFY2(s.lastError.contains(QStringLiteral("dialout")), qPrintable(s.lastError));
#endif
    QCOMPARE(s.connects, quint64(0));
#else
    QSKIP("pseudo-terminals are a Unix thing");
#endif
}

void TestSerialFeed::portInUseIsSaidSo()
{
    // A second feed on a port the first holds (as Test in Settings does beside the running
    // feed): "in use", not a permission problem.
    auto pty = ptys(QStringLiteral("busy"));
    QVERIFY(pty->start());
    IngestEngine engine(&m_registry);
    QVERIFY(startLive(engine, serialFeed(QStringLiteral("first"), pty->device())));
    engine.apply(dashboard({serialFeed(QStringLiteral("first"), pty->device()),
                            serialFeed(QStringLiteral("second"), pty->device())}));
    QTRY_VERIFY_WITH_TIMEOUT(!status(engine, QStringLiteral("second")).lastError.isEmpty(), 20000);
    const FeedStatus s = status(engine, QStringLiteral("second"));
    QVERIFY2(s.lastError.startsWith(pty->device() + QStringLiteral(" is in use")),
             qPrintable(s.lastError));
    QCOMPARE(status(engine, QStringLiteral("first")).state, FeedState::Live);
}

void TestSerialFeed::portChooserListsPresentPorts()
{
    const FeedPlugin *plugin = m_registry.plugin(QStringLiteral("serial"));
    QVERIFY(plugin);
    QStringList present;
    for (const QSerialPortInfo &info : QSerialPortInfo::availablePorts())
        present.append(info.systemLocation());
    present.sort();
    present.removeDuplicates();
    const QList<OptionSpec> options = plugin->info().options;
    auto spec = [&](const QString &key) {
        for (const OptionSpec &o : options)
            if (o.key == key)
                return o;
        return OptionSpec{};
    };
    const OptionSpec port = spec(QStringLiteral("port"));
    QCOMPARE(port.type, OptionType::String); // any text: the list only suggests
    QVERIFY(port.required);
    QCOMPARE(port.choices, present);
    QCOMPARE(spec(QStringLiteral("parity")).choices,
             QStringList({QStringLiteral("none"), QStringLiteral("even"), QStringLiteral("odd"),
                          QStringLiteral("space"), QStringLiteral("mark")}));
    QCOMPARE(spec(QStringLiteral("format")).type, OptionType::Enum);
    QVERIFY(!spec(QStringLiteral("csvHeader")).key.isEmpty());
    QVERIFY(!spec(QStringLiteral("maxLineBytes")).key.isEmpty());

    // A port that is not present now (unplugged) is a valid value.
    FeedConfig f = serialFeed(QStringLiteral("v"), QStringLiteral("/dev/ttyUSB-not-here"));
    QVERIFY(m_registry.problems(f).isEmpty());
    f.options.insert(QStringLiteral("parity"), QStringLiteral("sometimes"));
    QCOMPARE(m_registry.problems(f).size(), 1);
}

/// The dashboard of the README's example (an Arduino printing `temp=21.5 rh=40`), its port
/// a pty: it loads, and its channels get their values.
void TestSerialFeed::readmeExample()
{
    auto pty = ptys(QStringLiteral("arduino"));
    QVERIFY(pty->start());
    QByteArray json = R"json({
    "version": 1,
    "name": "Greenhouse",
    "feeds": [
        {
            "id": "greenhouse",
            "plugin": "serial",
            "name": "Greenhouse sensor",
            "options": {
                "port": "PORT",
                "baudRate": 115200,
                "format": "keyValue"
            },
            "fields": {
                "channels": [
                    { "path": "temp", "channel": "temp", "type": "number", "unit": "°C" },
                    { "path": "rh", "channel": "humidity", "type": "number", "unit": "%" }
                ]
            }
        }
    ],
    "panels": [
        {
            "kind": "chart",
            "title": "Temperature",
            "channels": ["greenhouse/temp"],
            "unit": "°C", "window": 3600,
            "row": 0, "column": 0
        },
        {
            "kind": "tile",
            "title": "Humidity",
            "channels": ["greenhouse/humidity"],
            "unit": "%", "decimals": 0, "warningAbove": 80,
            "row": 0, "column": 1
        }
    ]
})json";
    json.replace("PORT", pty->device().toUtf8());
    QStringList errors;
    const std::optional<Dashboard> d = Dashboard::fromJson(json, &errors);
    QVERIFY2(d, qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(d->feeds.size(), 1);
    QVERIFY2(m_registry.problems(d->feeds.first()).isEmpty(),
             qPrintable(m_registry.problems(d->feeds.first()).value(0).message));
    IngestEngine engine(&m_registry);
    engine.apply(*d);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("greenhouse")).state, FeedState::Live,
                              20000);
    QVERIFY(pty->send("temp=21.5 rh=40\r\ntemp=21.6 rh=41\r\n"));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("greenhouse/humidity")), quint64(2),
                              20000);
    QCOMPARE(lastValue(engine, QStringLiteral("greenhouse/temp")), 21.6);
    QCOMPARE(lastValue(engine, QStringLiteral("greenhouse/humidity")), 41.0);
}

QTEST_GUILESS_MAIN(TestSerialFeed)
#include "tst_serialfeed.moc"
