// The system feed on Linux: /proc and /sys (procparse.h parses the texts).
#include "procparse.h"
#include "systemsource.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sys/statvfs.h>
#include <unistd.h>

namespace livedash::system {

namespace {

/// A /proc file's text: these report a size of 0, so read until the end.
QByteArray readProcFile(const QString &path, qint64 limit = 4 * 1024 * 1024)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return {};
    QByteArray out;
    char buffer[16 * 1024];
    while (out.size() < limit) {
        const qint64 got = f.read(buffer, sizeof buffer);
        if (got <= 0)
            break;
        out.append(buffer, got);
    }
    return out;
}

class LinuxSource final : public SystemSource
{
public:
    LinuxSource()
    {
        const long ticks = ::sysconf(_SC_CLK_TCK);
        m_ticksPerSecond = ticks > 0 ? double(ticks) : 100.0;
        const long page = ::sysconf(_SC_PAGESIZE);
        m_pageSize = page > 0 ? quint64(page) : 4096;
    }

    std::optional<CpuTimes> cpuTotal(QList<CpuTimes> *perCore) override
    {
        const auto stat = proc::parseStat(readProcFile(QStringLiteral("/proc/stat")));
        if (!stat)
            return std::nullopt;
        if (perCore)
            *perCore = stat->cores;
        return stat->total;
    }

    std::optional<MemoryUsage> memory() override
    {
        return proc::parseMeminfo(readProcFile(QStringLiteral("/proc/meminfo")));
    }

    bool load(double out[3]) override
    {
        return proc::parseLoadavg(readProcFile(QStringLiteral("/proc/loadavg")), out);
    }

    QList<DeviceCounters> devices(bool partitions) override
    {
        QList<DeviceCounters> all =
            proc::parseDiskstats(readProcFile(QStringLiteral("/proc/diskstats")));
        if (partitions)
            return all;
        // A whole disk has /sys/block/<name>; a partition is only below its disk.
        QList<DeviceCounters> disks;
        for (const DeviceCounters &d : std::as_const(all)) {
            QString sysName = d.name;
            sysName.replace(QLatin1Char('/'), QLatin1Char('!'));
            if (QFileInfo::exists(QStringLiteral("/sys/block/") + sysName))
                disks.append(d);
        }
        return disks;
    }

    QList<InterfaceCounters> interfaces() override
    {
        return proc::parseNetDev(readProcFile(QStringLiteral("/proc/net/dev")));
    }

    QList<ProcessEntry> processes(const QStringList &names) override
    {
        QList<ProcessEntry> out;
        if (names.isEmpty())
            return out;
        const QStringList pids =
            QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &pidText : pids) {
            bool ok = false;
            const qint64 pid = pidText.toLongLong(&ok);
            if (!ok)
                continue;
            const QString dir = QStringLiteral("/proc/") + pidText;
            const auto stat = proc::parsePidStat(readProcFile(dir + QStringLiteral("/stat")));
            if (!stat)
                continue; // exited meanwhile
            QString argv0;
            bool argvRead = false;
            for (const QString &name : names) {
                if (name.size() > 15 && !argvRead) {
                    const QByteArray cmdline =
                        readProcFile(dir + QStringLiteral("/cmdline"), 64 * 1024);
                    argv0 = QString::fromLocal8Bit(cmdline.left(cmdline.indexOf('\0')));
                    argvRead = true;
                }
                if (!proc::processNameMatches(name, stat->comm, argv0))
                    continue;
                ProcessEntry e;
                e.name = name;
                e.pid = pid;
                e.startTime = stat->startTime;
                e.cpuSeconds = double(stat->cpuTicks) / m_ticksPerSecond;
                e.rssBytes = stat->rssPages * m_pageSize;
                out.append(e);
                break;
            }
        }
        return out;
    }

    QList<MountEntry> mounts() override
    {
        QByteArray text = readProcFile(QStringLiteral("/proc/self/mounts"));
        if (text.isEmpty())
            text = readProcFile(QStringLiteral("/proc/mounts"));
        return proc::parseMounts(text);
    }

    std::optional<DiskSpace> diskSpace(const QString &mountPoint) override
    {
        struct statvfs st = {};
        if (::statvfs(QFile::encodeName(mountPoint).constData(), &st) != 0)
            return std::nullopt;
        const quint64 unit = st.f_frsize ? st.f_frsize : st.f_bsize;
        DiskSpace d;
        d.mountPoint = mountPoint;
        d.totalBytes = quint64(st.f_blocks) * unit;
        d.freeBytes = quint64(st.f_bavail) * unit;
        d.usedBytes = (quint64(st.f_blocks) - quint64(st.f_bfree)) * unit;
        return d;
    }

private:
    double m_ticksPerSecond = 100;
    quint64 m_pageSize = 4096;
};

} // namespace

std::unique_ptr<SystemSource> createSystemSource()
{
    return std::make_unique<LinuxSource>();
}

} // namespace livedash::system
