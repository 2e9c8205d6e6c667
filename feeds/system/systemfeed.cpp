#include "systemfeed.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLoggingCategory>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>
#include <tuple>
#include <utility>

Q_LOGGING_CATEGORY(lcSystemFeed, "livedash.feed.system", QtInfoMsg)

namespace livedash {

using system::CpuTimes;

namespace {

/// At most this many disk space readings may hang at once (each holds one thread stuck in the
/// kernel); past it disk space is no longer read.
constexpr int MaxAbandonedDiskJobs = 4;
/// After the silent first reading, the first values come this soon (or after the interval
/// when that is shorter).
constexpr qint64 FirstReadingMs = 250;

/// Wildcard patterns ('*' any characters, '/' included; '?' one), case-insensitive.
QList<QRegularExpression> wildcards(const QStringList &patterns)
{
    QList<QRegularExpression> out;
    for (const QString &p : patterns) {
        QString re;
        for (const QChar c : p) {
            if (c == QLatin1Char('*'))
                re += QStringLiteral(".*");
            else if (c == QLatin1Char('?'))
                re += QLatin1Char('.');
            else
                re += QRegularExpression::escape(QString(c));
        }
        QRegularExpression compiled(QRegularExpression::anchoredPattern(re),
                                    QRegularExpression::CaseInsensitiveOption);
        if (compiled.isValid())
            out.append(compiled);
    }
    return out;
}

bool matchesAny(const QList<QRegularExpression> &patterns, const QString &name)
{
    for (const QRegularExpression &re : patterns)
        if (re.match(name).hasMatch())
            return true;
    return false;
}

double percent(double part, double whole)
{
    return whole > 0 ? 100.0 * part / whole : 0.0;
}

/// The rate of a counter that went from `before` to `after` in `seconds`; nothing when it went
/// back (a reset, a wrap, a device that came back).
std::optional<double> rate(quint64 before, quint64 after, double seconds)
{
    if (after < before || seconds <= 0)
        return std::nullopt;
    return double(after - before) / seconds;
}

std::optional<double> busyPercent(const CpuTimes &before, const CpuTimes &after)
{
    if (after.total <= before.total || after.busy < before.busy)
        return std::nullopt;
    const double busy = double(after.busy - before.busy);
    return std::clamp(100.0 * busy / double(after.total - before.total), 0.0, 100.0);
}

} // namespace

/// One disk space reading, shared by the feed and the worker thread that runs it (statvfs may
/// block for ever on a network mount: never on the ingest thread).
struct DiskJob
{
    std::mutex mutex;
    bool done = false;
    QString current; ///< the mount point being read
    QList<system::DiskSpace> results;
    qint64 timeMs = 0;
};

QString channelPart(const QString &name)
{
    QString out;
    out.reserve(name.size());
    for (const QChar c : name) {
        const bool keep = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                          (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                          (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
                          c == QLatin1Char('.') || c == QLatin1Char('-') || c == QLatin1Char('_');
        out.append(keep ? c : QLatin1Char('_'));
    }
    return out.isEmpty() ? QStringLiteral("_") : out;
}

QString SystemSettings::defaultExcludedFileSystems()
{
    return system::defaultExcludedFileSystems().join(QLatin1Char(' '));
}

QString SystemSettings::defaultExcludedInterfaces()
{
    return QStringLiteral("lo\nlo0\nLoopback*\nveth*\ndocker*\nbr-*\nvirbr*\nifb*");
}

QString SystemSettings::defaultExcludedDevices()
{
    return QStringLiteral("loop*\nram*\nzram*\nsr*\nfd*");
}

QStringList SystemSettings::byteUnits()
{
    return {QStringLiteral("bytes"), QStringLiteral("KiB"), QStringLiteral("MiB"),
            QStringLiteral("GiB")};
}

namespace {
/// The channel suffix and divisor of a byte unit (bytes when it is none of byteUnits()).
std::pair<QString, double> byteUnit(const QString &unit)
{
    const qsizetype i = SystemSettings::byteUnits().indexOf(unit);
    if (i <= 0)
        return {QStringLiteral("bytes"), 1.0};
    return {unit.toLower(), std::pow(1024.0, double(i))};
}
} // namespace

QStringList SystemSettings::entries(const QVariant &value, bool commaSeparates)
{
    const QStringList lines =
        value.typeId() == QMetaType::QVariantList || value.typeId() == QMetaType::QStringList
            ? value.toStringList()
            : value.toString().split(QLatin1Char('\n'));
    QStringList out;
    for (const QString &line : lines) {
        const QStringList parts = commaSeparates ? line.split(QLatin1Char(',')) : QStringList{line};
        for (const QString &p : parts) {
            const QString t = p.trimmed();
            if (!t.isEmpty() && !out.contains(t))
                out.append(t);
        }
    }
    return out;
}

SystemSettings SystemSettings::fromOptions(const QVariantMap &options)
{
    SystemSettings s;
    s.intervalMs = options.value(IntervalKey, DefaultIntervalMs).toInt();
    if (s.intervalMs < 100)
        s.intervalMs = 100;
    s.cpu = options.value(CpuKey, true).toBool();
    s.cpuPerCore = options.value(CpuPerCoreKey, true).toBool();
    s.memory = options.value(MemoryKey, true).toBool();
    s.load = options.value(LoadKey, true).toBool();
    s.disk = options.value(DiskKey, true).toBool();
    s.diskIo = options.value(DiskIoKey, true).toBool();
    s.network = options.value(NetworkKey, true).toBool();
    s.processes = entries(options.value(ProcessesKey), false);
    s.excludeFileSystems =
        options.value(ExcludeFileSystemsKey, defaultExcludedFileSystems())
            .toString()
            .split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    s.networkFileSystems = options.value(NetworkFileSystemsKey, false).toBool();
    s.excludeMounts = wildcards(entries(options.value(ExcludeMountsKey), false));
    s.excludeInterfaces =
        wildcards(entries(options.value(ExcludeInterfacesKey, defaultExcludedInterfaces()), false));
    s.excludeDevices =
        wildcards(entries(options.value(ExcludeDevicesKey, defaultExcludedDevices()), false));
    s.diskPartitions = options.value(PartitionsKey, false).toBool();
    s.diskTimeoutMs = options.value(DiskTimeoutKey, DefaultDiskTimeoutMs).toInt();
    if (s.diskTimeoutMs < 100)
        s.diskTimeoutMs = 100;
    std::tie(s.sizeSuffix, s.sizeDivisor) = byteUnit(options.value(SizeUnitKey).toString());
    std::tie(s.rateSuffix, s.rateDivisor) = byteUnit(options.value(RateUnitKey).toString());
    return s;
}

SystemFeed::SystemFeed(SystemSettings settings) : m_settings(std::move(settings)) {}

SystemFeed::~SystemFeed() = default;

QCoro::Task<FeedEnd> SystemFeed::run(FeedContext &ctx)
{
    ctx.connecting(QCoreApplication::translate("livedash::FeedErrors", "this computer"));
    if (ctx.isCancelled())
        co_return FeedEnd::cancelled();
    if (!m_source)
        m_source = system::createSystemSource();
    if (!m_source)
        co_return FeedEnd::fatal(QCoreApplication::translate(
            "livedash::FeedErrors", "this platform has no system readings"));
    m_clock.start();
    // Rates start afresh after a restart: the counters before it are too old to compare.
    m_lastTick.reset();
    m_cpu.reset();
    m_cores.clear();
    m_devices.clear();
    m_interfaces.clear();
    m_processCpu.clear();
    ctx.connected();

    // A first, silent reading: the counters to take rates against. The first values follow
    // shortly after, with CPU and rates among them (a probe shows them all at once).
    m_silent = true;
    tick(ctx);
    m_silent = false;
    const qint64 interval = m_settings.intervalMs;
    qint64 next = std::min<qint64>(interval, FirstReadingMs);
    if (!co_await ctx.sleep(std::chrono::milliseconds(next)))
        co_return FeedEnd::cancelled();
    for (;;) {
        tick(ctx);
        // A fixed cadence: the time a reading takes does not add up.
        next += interval;
        const qint64 now = m_clock.elapsed();
        if (next < now)
            next = now + interval / 2; // fell behind (a suspended machine): no catching up
        if (!co_await ctx.sleep(std::chrono::milliseconds(next - now)))
            co_return FeedEnd::cancelled();
    }
}

void SystemFeed::put(FeedContext &ctx, QStringView channel, qint64 timeMs, double value)
{
    if (!m_silent)
        ctx.sample(channel, timeMs, value);
}

void SystemFeed::tick(FeedContext &ctx)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 mono = m_clock.elapsed();
    const double seconds = m_lastTick ? double(mono - *m_lastTick) / 1000.0 : 0.0;
    m_lastTick = mono;
    system::SystemSource &src = *m_source;
    const QString rateUnit = m_settings.rateSuffix + QStringLiteral("_per_s");

    if (m_settings.cpu || m_settings.cpuPerCore)
        readCpu(ctx, now, seconds);

    if (m_settings.memory) {
        if (const auto m = src.memory()) {
            const QString &unit = m_settings.sizeSuffix;
            const double div = m_settings.sizeDivisor;
            put(ctx, QString(QStringLiteral("memory/used_") + unit), now,
                double(m->usedBytes) / div);
            put(ctx, QString(QStringLiteral("memory/total_") + unit), now,
                double(m->totalBytes) / div);
            put(ctx, u"memory/used_percent", now,
                percent(double(m->usedBytes), double(m->totalBytes)));
            put(ctx, QString(QStringLiteral("swap/used_") + unit), now,
                double(m->swapUsedBytes) / div);
            put(ctx, QString(QStringLiteral("swap/total_") + unit), now,
                double(m->swapTotalBytes) / div);
            put(ctx, u"swap/used_percent", now,
                percent(double(m->swapUsedBytes), double(m->swapTotalBytes)));
        }
    }

    if (m_settings.load) {
        double load[3] = {};
        if (src.load(load)) {
            put(ctx, u"load/1m", now, load[0]);
            put(ctx, u"load/5m", now, load[1]);
            put(ctx, u"load/15m", now, load[2]);
        }
    }

    // A byte counter's change since the last reading, per second, as `<prefix><unit>_per_s`.
    const auto putRate = [&](const QString &prefix, quint64 before, quint64 after) {
        if (const auto r = rate(before, after, seconds))
            put(ctx, QString(prefix + rateUnit), now, *r / m_settings.rateDivisor);
    };
    if (m_settings.diskIo) {
        QHash<QString, system::DeviceCounters> current;
        for (const system::DeviceCounters &d : src.devices(m_settings.diskPartitions)) {
            if (matchesAny(m_settings.excludeDevices, d.name))
                continue;
            current.insert(d.name, d);
            const auto before = m_devices.constFind(d.name);
            if (before == m_devices.cend())
                continue;
            const QString base = QStringLiteral("diskio/") + channelPart(d.name);
            putRate(base + QStringLiteral("/read_"), before->readBytes, d.readBytes);
            putRate(base + QStringLiteral("/write_"), before->writeBytes, d.writeBytes);
        }
        m_devices = std::move(current);
    }

    if (m_settings.network) {
        QHash<QString, system::InterfaceCounters> current;
        for (const system::InterfaceCounters &i : src.interfaces()) {
            if (matchesAny(m_settings.excludeInterfaces, i.name))
                continue;
            current.insert(i.name, i);
            const auto before = m_interfaces.constFind(i.name);
            if (before == m_interfaces.cend())
                continue;
            const QString base = QStringLiteral("net/") + channelPart(i.name);
            putRate(base + QStringLiteral("/rx_"), before->rxBytes, i.rxBytes);
            putRate(base + QStringLiteral("/tx_"), before->txBytes, i.txBytes);
        }
        m_interfaces = std::move(current);
    }

    if (!m_settings.processes.isEmpty())
        readProcesses(ctx, now, seconds);

    if (m_settings.disk)
        readDiskSpace(ctx);
}

void SystemFeed::readCpu(FeedContext &ctx, qint64 now, double seconds)
{
    Q_UNUSED(seconds);
    QList<CpuTimes> cores;
    const auto total = m_source->cpuTotal(m_settings.cpuPerCore ? &cores : nullptr);
    if (!total)
        return;
    if (m_settings.cpu && m_cpu) {
        if (const auto busy = busyPercent(*m_cpu, *total))
            put(ctx, u"cpu/total", now, *busy);
    }
    if (m_settings.cpuPerCore && cores.size() == m_cores.size()) {
        for (qsizetype i = 0; i < cores.size(); ++i)
            if (const auto busy = busyPercent(m_cores[i], cores[i]))
                put(ctx, QString(QStringLiteral("cpu/core") + QString::number(i)), now, *busy);
    }
    m_cpu = total;
    m_cores = std::move(cores);
}

void SystemFeed::readProcesses(FeedContext &ctx, qint64 now, double seconds)
{
    struct Sum
    {
        int count = 0;
        quint64 rss = 0;
        double cpuSeconds = 0;
    };
    QHash<QString, Sum> sums;
    QHash<ProcessKey, double> cpu;
    for (const system::ProcessEntry &p : m_source->processes(m_settings.processes)) {
        Sum &s = sums[p.name];
        ++s.count;
        s.rss += p.rssBytes;
        const ProcessKey key{p.pid, p.startTime};
        cpu.insert(key, p.cpuSeconds);
        // A process seen for the first time counts from the next reading on.
        const auto before = m_processCpu.constFind(key);
        if (before != m_processCpu.cend() && p.cpuSeconds >= *before)
            s.cpuSeconds += p.cpuSeconds - *before;
    }
    const bool haveRate = m_lastTick && seconds > 0 && !m_processCpu.isEmpty();
    for (const QString &name : m_settings.processes) {
        const Sum s = sums.value(name);
        const QString base = QStringLiteral("process/") + channelPart(name);
        put(ctx, QString(base + QStringLiteral("/count")), now, s.count);
        put(ctx, QString(base + QStringLiteral("/rss_") + m_settings.sizeSuffix), now,
            double(s.rss) / m_settings.sizeDivisor);
        if (haveRate || s.count == 0)
            put(ctx, QString(base + QStringLiteral("/cpu_percent")), now,
                seconds > 0 ? 100.0 * s.cpuSeconds / seconds : 0.0);
    }
    // An empty map after a reading with processes would look like the first reading: keep a
    // marker so that a process starting later is measured from its second reading on.
    m_processCpu = std::move(cpu);
    if (m_processCpu.isEmpty())
        m_processCpu.insert(ProcessKey{-1, 0}, 0);
}

bool SystemFeed::excludedMount(const system::MountEntry &m) const
{
    if (!m_settings.networkFileSystems && system::isNetworkFileSystem(m.type))
        return true;
    if (m_settings.excludeFileSystems.contains(m.type))
        return true;
    if (matchesAny(m_settings.excludeMounts, m.mountPoint))
        return true;
    return m_hungMounts.contains(m.mountPoint);
}

void SystemFeed::readDiskSpace(FeedContext &ctx)
{
    const qint64 mono = m_clock.elapsed();
    if (m_diskJob) {
        std::unique_lock lock(m_diskJob->mutex);
        if (m_diskJob->done) {
            const QList<system::DiskSpace> results = std::move(m_diskJob->results);
            const qint64 time = m_diskJob->timeMs;
            lock.unlock();
            m_diskJob.reset();
            for (const system::DiskSpace &d : results) {
                const QString base =
                    QStringLiteral("disk/") + channelPart(system::mountChannelName(d.mountPoint));
                put(ctx, QString(base + QStringLiteral("/used_percent")), time,
                    percent(double(d.usedBytes), double(d.usedBytes + d.freeBytes)));
                put(ctx, QString(base + QStringLiteral("/free_") + m_settings.sizeSuffix), time,
                    double(d.freeBytes) / m_settings.sizeDivisor);
            }
        } else if (mono - m_diskStarted >= m_settings.diskTimeoutMs) {
            // Stuck in the kernel (a hung network mount): leave the thread to it, and skip
            // that mount from now on.
            const QString hung = m_diskJob->current;
            lock.unlock();
            m_diskJob.reset();
            ++m_abandonedJobs;
            m_hungMounts.insert(hung);
            qCWarning(lcSystemFeed).noquote()
                << ctx.feedId() << "disk space of" << hung << "did not answer: skipped";
            ctx.note(QCoreApplication::translate(
                         "livedash::FeedErrors",
                         "disk space of %1 did not answer within %2 ms: skipped from now on")
                         .arg(hung)
                         .arg(m_settings.diskTimeoutMs));
        } else {
            return; // still reading
        }
    }
    if (m_abandonedJobs >= MaxAbandonedDiskJobs)
        return;

    // The mount table itself never blocks; one entry per device (the same file system mounted
    // twice, or bind mounts of single files, would only repeat its numbers).
    QStringList mountPoints;
    QHash<QString, qsizetype> byDevice;
    for (const system::MountEntry &m : m_source->mounts()) {
        if (excludedMount(m))
            continue;
        const bool realDevice =
            m.device.startsWith(QLatin1Char('/')) || m.device.startsWith(QLatin1String("\\\\"));
        const auto seen = byDevice.constFind(m.device);
        if (realDevice && seen != byDevice.cend()) {
            // Keep the shortest mount point ("/" rather than "/etc/hosts").
            if (m.mountPoint.size() < mountPoints[*seen].size())
                mountPoints[*seen] = m.mountPoint;
            continue;
        }
        if (mountPoints.contains(m.mountPoint))
            continue;
        byDevice.insert(m.device, mountPoints.size());
        mountPoints.append(m.mountPoint);
    }
    if (mountPoints.isEmpty())
        return;

    auto job = std::make_shared<DiskJob>();
    m_diskJob = job;
    m_diskStarted = mono;
    std::shared_ptr<system::SystemSource> source = m_source;
    std::thread([job, source, mountPoints] {
        QList<system::DiskSpace> results;
        for (const QString &mount : mountPoints) {
            {
                std::lock_guard lock(job->mutex);
                job->current = mount;
            }
            if (const auto d = source->diskSpace(mount))
                results.append(*d);
        }
        std::lock_guard lock(job->mutex);
        job->results = std::move(results);
        job->timeMs = QDateTime::currentMSecsSinceEpoch();
        job->done = true;
    }).detach();
}

} // namespace livedash
