// The system feed against this computer: what it reports is compared with what /proc,
// statvfs and the test's own child processes say at the same moment (Linux).
#include "../feedtest.h"
#include "document/dashboard.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkDatagram>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUdpSocket>

#include <sys/statvfs.h>
#include <unistd.h>

#include <cmath>
#include <limits>
#include <memory>

using namespace livedash;
using namespace livedash::feedtest;

namespace {

constexpr int IntervalMs = 250;

FeedConfig systemFeed(const QString &id, QVariantMap options = {})
{
    FeedConfig f;
    f.id = id;
    f.plugin = QStringLiteral("system");
    f.name = id;
    f.options = std::move(options);
    if (!f.options.contains(QStringLiteral("intervalMs")))
        f.options.insert(QStringLiteral("intervalMs"), IntervalMs);
    f.reconnect.initialDelayMs = 20;
    f.reconnect.maxDelayMs = 100;
    return f;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// A /proc/meminfo value in bytes.
double meminfo(const QByteArray &text, const char *key)
{
    const QRegularExpression re(QString::fromLatin1(key) + QStringLiteral(":\\s+(\\d+) kB"));
    const auto m = re.match(QString::fromLatin1(text));
    return m.hasMatch() ? m.captured(1).toDouble() * 1024 : -1;
}

/// Received bytes of `iface` in /proc/net/dev, or -1.
double rxBytes(const QString &iface)
{
    for (const QByteArray &line : readAll(QStringLiteral("/proc/net/dev")).split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed() == iface.toLatin1())
            return line.mid(colon + 1).simplified().split(' ').value(0).toDouble();
    }
    return -1;
}

/// The numbers of `channel` with a time in [from, to].
QList<double> valuesBetween(IngestEngine &engine, const QString &channel, qint64 from, qint64 to)
{
    QList<double> out;
    if (const ChannelPtr c = engine.store().find(channel))
        c->forEachNumber(from, to, [&out](const Sample &s) { out.append(s.v); });
    return out;
}

bool hasChannel(IngestEngine &engine, const QString &channel)
{
    return engine.store().find(channel) != nullptr;
}

} // namespace

class TestSystemFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void memoryAndLoadMatchProc();
    void cpuHasOneChannelPerCore();
    void diskSpaceMatchesStatvfs();
    void loopbackRateMatchesProcNetDev();
    void namedProcessesAreFound();
    void sectionsCanBeTurnedOff();
    void optionsAreChecked();
    void probeShowsTheValues();

private:
    QProcess *startNamed(const QString &original, const QString &name, const QStringList &args);

    QTemporaryDir m_dir;
    PluginRegistry m_registry;
    std::vector<std::unique_ptr<QProcess>> m_children;
};

void TestSystemFeed::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QVERIFY2(m_registry.plugin(QStringLiteral("system")),
             "the system plugin was not found in bin/plugins");
}

void TestSystemFeed::memoryAndLoadMatchProc()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({systemFeed(QStringLiteral("s"))}));
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, QStringLiteral("s/memory/used_bytes")) >= 2, 10000);
    const QByteArray mem = readAll(QStringLiteral("/proc/meminfo"));
    const double total = meminfo(mem, "MemTotal");
    const double available = meminfo(mem, "MemAvailable");
    QVERIFY(total > 0 && available >= 0);
    QCOMPARE(lastValue(engine, QStringLiteral("s/memory/total_bytes")), total);
    // Used memory moves as other programs run: within 3% of the total.
    const double used = lastValue(engine, QStringLiteral("s/memory/used_bytes"));
    QVERIFY2(std::abs(used - (total - available)) <= 0.03 * total,
             qPrintable(QStringLiteral("%1 vs %2").arg(used).arg(total - available)));
    const double usedPercent = lastValue(engine, QStringLiteral("s/memory/used_percent"));
    QVERIFY2(std::abs(usedPercent - 100.0 * (total - available) / total) <= 3.0,
             qPrintable(QString::number(usedPercent)));
    const double swapTotal = meminfo(mem, "SwapTotal");
    QCOMPARE(lastValue(engine, QStringLiteral("s/swap/total_bytes")), swapTotal);
    const double swapUsed = lastValue(engine, QStringLiteral("s/swap/used_percent"));
    QVERIFY(swapUsed >= 0 && swapUsed <= 100);

    // The kernel recomputes load every 5 s: one step of change at most between the readings.
    const QList<QByteArray> load = readAll(QStringLiteral("/proc/loadavg")).split(' ');
    const double load1 = lastValue(engine, QStringLiteral("s/load/1m"));
    QVERIFY2(std::abs(load1 - load.value(0).toDouble()) <= 0.5 + 0.25 * load.value(0).toDouble(),
             qPrintable(QStringLiteral("%1 vs %2").arg(load1).arg(load.value(0).toDouble())));
    const double load15 = lastValue(engine, QStringLiteral("s/load/15m"));
    QVERIFY(std::abs(load15 - load.value(2).toDouble()) <= 0.2 + 0.1 * load15);
    QVERIFY(hasChannel(engine, QStringLiteral("s/load/5m")));

    const FeedStatus s = status(engine, QStringLiteral("s"));
    QCOMPARE(s.state, FeedState::Live);
    QCOMPARE(s.rejected, quint64(0));
}

void TestSystemFeed::cpuHasOneChannelPerCore()
{
    int cpus = 0;
    for (const QByteArray &line : readAll(QStringLiteral("/proc/stat")).split('\n'))
        if (line.startsWith("cpu") && line.size() > 3 && line.at(3) >= '0' && line.at(3) <= '9')
            ++cpus;
    QVERIFY(cpus > 0);
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({systemFeed(QStringLiteral("c"))}));
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, QStringLiteral("c/cpu/total")) >= 2, 10000);
    for (int i = 0; i < cpus; ++i) {
        const QString name = QStringLiteral("c/cpu/core%1").arg(i);
        QVERIFY2(numbers(engine, name) >= 1, qPrintable(name));
        const double v = lastValue(engine, name);
        QVERIFY2(v >= 0 && v <= 100, qPrintable(QStringLiteral("%1 = %2").arg(name).arg(v)));
    }
    QVERIFY(!hasChannel(engine, QStringLiteral("c/cpu/core%1").arg(cpus)));
    const double total = lastValue(engine, QStringLiteral("c/cpu/total"));
    QVERIFY(total >= 0 && total <= 100);
}

void TestSystemFeed::diskSpaceMatchesStatvfs()
{
    IngestEngine engine(&m_registry);
    // "/" may be an overlay in a container: nothing excluded by type here.
    engine.apply(dashboard(
        {systemFeed(QStringLiteral("d"), {{QStringLiteral("excludeFileSystems"), QString()}}),
         systemFeed(QStringLiteral("defaults"))}));
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, QStringLiteral("d/disk/root/free_bytes")) >= 1, 10000);
    struct statvfs st = {};
    QCOMPARE(::statvfs("/", &st), 0);
    const double unit = double(st.f_frsize ? st.f_frsize : st.f_bsize);
    const double total = double(st.f_blocks) * unit;
    const double free = double(st.f_bavail) * unit;
    const double used = double(st.f_blocks - st.f_bfree) * unit;
    // Other programs write meanwhile: within 1% of the file system's size.
    const double reported = lastValue(engine, QStringLiteral("d/disk/root/free_bytes"));
    QVERIFY2(std::abs(reported - free) <= 0.01 * total,
             qPrintable(QStringLiteral("%1 vs %2").arg(reported).arg(free)));
    const double percent = lastValue(engine, QStringLiteral("d/disk/root/used_percent"));
    QVERIFY2(std::abs(percent - 100.0 * used / (used + free)) <= 1.0,
             qPrintable(QString::number(percent)));

    // By default pseudo file systems (proc, sysfs, tmpfs on /dev/shm) are not reported.
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, QStringLiteral("defaults/memory/used_bytes")) >= 3,
                             10000);
    QVERIFY(hasChannel(engine, QStringLiteral("d/disk/proc/used_percent")));
    for (const QString &pseudo : {QStringLiteral("proc"), QStringLiteral("sys"),
                                  QStringLiteral("dev_shm"), QStringLiteral("dev")})
        QVERIFY2(!hasChannel(engine, QStringLiteral("defaults/disk/%1/used_percent").arg(pseudo)),
                 qPrintable(pseudo));
}

void TestSystemFeed::loopbackRateMatchesProcNetDev()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {systemFeed(QStringLiteral("n"), {{QStringLiteral("excludeInterfaces"), QString()}}),
         systemFeed(QStringLiteral("defaults"))}));
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, QStringLiteral("n/net/lo/rx_bytes_per_s")) >= 1,
                             10000);

    // Steady loopback traffic: 32 KiB datagrams every 5 ms (about 6 MB/s).
    QUdpSocket receiver;
    QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
    connect(&receiver, &QUdpSocket::readyRead, &receiver, [&receiver] {
        while (receiver.hasPendingDatagrams())
            receiver.receiveDatagram(0);
    });
    QUdpSocket sender;
    const QByteArray payload(32 * 1024, 'x');
    QTimer pump;
    connect(&pump, &QTimer::timeout, &pump,
            [&] { sender.writeDatagram(payload, QHostAddress::LocalHost, receiver.localPort()); });
    pump.start(5);
    QTest::qWait(1000);

    const qint64 t0 = QDateTime::currentMSecsSinceEpoch();
    QElapsedTimer clock;
    clock.start();
    const double rx0 = rxBytes(QStringLiteral("lo"));
    QTest::qWait(3000);
    const double rx1 = rxBytes(QStringLiteral("lo"));
    const double seconds = double(clock.elapsed()) / 1000.0;
    const qint64 t1 = QDateTime::currentMSecsSinceEpoch();
    pump.stop();
    const double expected = (rx1 - rx0) / seconds;
    QVERIFY2(expected > 1e6, qPrintable(QString::number(expected)));

    // The feed's rates over the same time (each covers the interval before its time).
    const QList<double> rates =
        valuesBetween(engine, QStringLiteral("n/net/lo/rx_bytes_per_s"), t0 + IntervalMs, t1);
    QVERIFY2(rates.size() >= 4, qPrintable(QString::number(rates.size())));
    double mean = 0;
    for (double r : rates)
        mean += r;
    mean /= double(rates.size());
    qInfo("lo rx: feed %.0f B/s, /proc/net/dev %.0f B/s", mean, expected);
    QVERIFY2(
        std::abs(mean - expected) <= 0.3 * expected,
        qPrintable(QStringLiteral("feed %1 B/s, /proc/net/dev %2 B/s").arg(mean).arg(expected)));
    QVERIFY(hasChannel(engine, QStringLiteral("n/net/lo/tx_bytes_per_s")));
    // Loopback is left out by default.
    QVERIFY(numbers(engine, QStringLiteral("defaults/memory/used_bytes")) >= 3);
    QVERIFY(!hasChannel(engine, QStringLiteral("defaults/net/lo/rx_bytes_per_s")));
}

QProcess *TestSystemFeed::startNamed(const QString &original, const QString &name,
                                     const QStringList &args)
{
    const QString path = m_dir.filePath(name);
    if (!QFile::exists(path) && !QFile::copy(original, path))
        return nullptr;
    QFile::setPermissions(path, QFile::permissions(original) | QFileDevice::ExeOwner);
    auto p = std::make_unique<QProcess>();
    p->setProgram(path);
    p->setArguments(args);
    p->setStandardOutputFile(QProcess::nullDevice());
    p->start();
    if (!p->waitForStarted(5000))
        return nullptr;
    m_children.push_back(std::move(p));
    return m_children.back().get();
}

void TestSystemFeed::namedProcessesAreFound()
{
    // Names no other process has: this test's pid in them; under 16 characters, except one.
    const QString tag = QString::number(::getpid() % 100000);
    const QString sleeper = QStringLiteral("ldslp") + tag;
    const QString busy = QStringLiteral("ldyes") + tag;
    const QString longName = QStringLiteral("livedash-long-sleeper-") + tag;
    const QString absent = QStringLiteral("ldnone") + tag;
    QVERIFY(startNamed(QStringLiteral("/bin/sleep"), sleeper, {QStringLiteral("60")}));
    QVERIFY(startNamed(QStringLiteral("/bin/sleep"), sleeper, {QStringLiteral("60")}));
    QVERIFY(startNamed(QStringLiteral("/usr/bin/yes"), busy, {}));
    QVERIFY(startNamed(QStringLiteral("/bin/sleep"), longName, {QStringLiteral("60")}));

    IngestEngine engine(&m_registry);
    engine.apply(dashboard({systemFeed(
        QStringLiteral("p"),
        {{QStringLiteral("processes"), QStringList{sleeper, busy, longName, absent}.join(u'\n')},
         {QStringLiteral("cpu"), false},
         {QStringLiteral("cpuPerCore"), false},
         {QStringLiteral("disk"), false},
         {QStringLiteral("diskIo"), false},
         {QStringLiteral("network"), false}})}));
    const QString p = QStringLiteral("p/process/");
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, p + busy + QStringLiteral("/cpu_percent")) >= 4,
                             10000);
    QCOMPARE(lastValue(engine, p + sleeper + QStringLiteral("/count")), 2.0);
    QCOMPARE(lastValue(engine, p + busy + QStringLiteral("/count")), 1.0);
    QCOMPARE(lastValue(engine, p + longName + QStringLiteral("/count")), 1.0);
    QCOMPARE(lastValue(engine, p + absent + QStringLiteral("/count")), 0.0);
    QCOMPARE(lastValue(engine, p + absent + QStringLiteral("/rss_bytes")), 0.0);
    QVERIFY(lastValue(engine, p + sleeper + QStringLiteral("/rss_bytes")) > 0);
    QVERIFY(lastValue(engine, p + longName + QStringLiteral("/rss_bytes")) > 0);
    // The two sleepers' memory is summed.
    const double oneSleeper = lastValue(engine, p + longName + QStringLiteral("/rss_bytes"));
    QVERIFY(lastValue(engine, p + sleeper + QStringLiteral("/rss_bytes")) > 1.5 * oneSleeper);
    // Sleeping takes no CPU. `yes` takes all of one core it gets; how much it gets depends on
    // what else runs (a CPU hog beside the test), so its share is compared with what its own
    // /proc/<pid>/stat says over the same seconds.
    for (double v : valuesBetween(engine, p + sleeper + QStringLiteral("/cpu_percent"), 0,
                                  std::numeric_limits<qint64>::max()))
        QVERIFY2(v >= 0 && v < 5, qPrintable(QString::number(v)));
    const qint64 busyPid = m_children.at(2)->processId();
    const auto cpuSeconds = [busyPid] {
        const QByteArray stat = readAll(QStringLiteral("/proc/%1/stat").arg(busyPid));
        const QList<QByteArray> f = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
        // Fields 14 and 15 (utime, stime) are f[11] and f[12] after "pid (comm) ".
        return (f.value(11).toDouble() + f.value(12).toDouble()) / double(::sysconf(_SC_CLK_TCK));
    };
    const qint64 t0 = QDateTime::currentMSecsSinceEpoch();
    QElapsedTimer clock;
    clock.start();
    const double cpu0 = cpuSeconds();
    QTest::qWait(3000);
    const double cpu1 = cpuSeconds();
    const double expected = 100.0 * (cpu1 - cpu0) / (double(clock.elapsed()) / 1000.0);
    const qint64 t1 = QDateTime::currentMSecsSinceEpoch();
    const QList<double> busyValues =
        valuesBetween(engine, p + busy + QStringLiteral("/cpu_percent"), t0 + IntervalMs, t1);
    QVERIFY(busyValues.size() >= 4);
    double mean = 0;
    for (double v : busyValues) {
        QVERIFY2(v >= 0 && v <= 105, qPrintable(QString::number(v)));
        mean += v;
    }
    mean /= double(busyValues.size());
    qInfo("busy child: feed %.1f %%, /proc %.1f %%", mean, expected);
    QVERIFY2(expected > 5 && mean > 5,
             qPrintable(QStringLiteral("feed %1 %, /proc %2 %").arg(mean).arg(expected)));
    QVERIFY2(std::abs(mean - expected) <= 10 + 0.25 * expected,
             qPrintable(QStringLiteral("feed %1 %, /proc %2 %").arg(mean).arg(expected)));

    // A process that ends is no longer counted.
    m_children.at(2)->kill();
    QVERIFY(m_children.at(2)->waitForFinished(5000));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, p + busy + QStringLiteral("/count")), 0.0, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, p + busy + QStringLiteral("/cpu_percent")), 0.0,
                              5000);
    for (auto &child : m_children) {
        child->kill();
        child->waitForFinished(5000);
    }
    m_children.clear();
}

void TestSystemFeed::sectionsCanBeTurnedOff()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {systemFeed(QStringLiteral("m"), {{QStringLiteral("cpu"), false},
                                          {QStringLiteral("cpuPerCore"), false},
                                          {QStringLiteral("load"), false},
                                          {QStringLiteral("disk"), false},
                                          {QStringLiteral("diskIo"), false},
                                          {QStringLiteral("network"), false},
                                          {QStringLiteral("sizeUnit"), QStringLiteral("MiB")}})}));
    QTRY_VERIFY_WITH_TIMEOUT(numbers(engine, QStringLiteral("m/memory/used_mib")) >= 4, 10000);
    for (const QString &name : engine.store().names()) {
        QVERIFY2(name.startsWith(QStringLiteral("m/memory/")) ||
                     name.startsWith(QStringLiteral("m/swap/")),
                 qPrintable(name));
    }
    // Sizes in the unit asked for, which the channel names say.
    const double total = meminfo(readAll(QStringLiteral("/proc/meminfo")), "MemTotal");
    QCOMPARE(lastValue(engine, QStringLiteral("m/memory/total_mib")), total / (1024.0 * 1024.0));
    QVERIFY(!hasChannel(engine, QStringLiteral("m/memory/used_bytes")));
}

void TestSystemFeed::optionsAreChecked()
{
    const FeedPlugin *plugin = m_registry.plugin(QStringLiteral("system"));
    QVERIFY(plugin);
    const PluginInfo info = plugin->info();
    QCOMPARE(info.displayName, QStringLiteral("This computer"));
    QVariantMap options = withDefaults(info.options, {});
    QVERIFY(validateOptions(info.options, options).isEmpty());
    QVERIFY(plugin->validate(options).isEmpty());
    options.insert(QStringLiteral("processes"), QStringLiteral("postgres\n/usr/bin/sleep"));
    QCOMPARE(plugin->validate(options).size(), 1);
    options.insert(QStringLiteral("processes"), QString());
    for (const char *key : {"cpu", "cpuPerCore", "memory", "load", "disk", "diskIo", "network"})
        options.insert(QString::fromLatin1(key), false);
    QCOMPARE(plugin->validate(options).size(), 1);
    options.insert(QStringLiteral("intervalMs"), 10);
    QVERIFY(!validateOptions(info.options, options).isEmpty());
}

void TestSystemFeed::probeShowsTheValues()
{
    // Settings' Test button: one reading, with CPU and rates in it (the feed's first values
    // come after a silent first reading, so they have rates).
    IngestEngine engine(&m_registry);
    QSignalSpy finished(&engine, &IngestEngine::probeFinished);
    engine.probe(QStringLiteral("r1"),
                 systemFeed(QStringLiteral("probe"), {{QStringLiteral("intervalMs"), 1000}}));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("r1"));
    QVERIFY2(finished.at(0).at(2).toString().isEmpty(),
             qPrintable(finished.at(0).at(2).toString()));
    const QJsonObject values = QJsonDocument::fromJson(finished.at(0).at(1).toByteArray()).object();
    for (const char *key : {"cpu/total", "cpu/core0", "memory/used_percent", "memory/used_bytes",
                            "swap/used_percent", "load/1m"})
        QVERIFY2(values.contains(QLatin1String(key)), qPrintable(QJsonDocument(values).toJson()));
    const double cpu = values.value(QStringLiteral("cpu/total")).toDouble(-1);
    QVERIFY(cpu >= 0 && cpu <= 100);
}

QTEST_MAIN(TestSystemFeed)
#include "tst_systemfeed.moc"
