#pragma once

// Parsers of the Linux /proc texts the system feed reads. Pure text in, values out: compiled
// on every platform and tested against fixed sample texts (tests/feeds/system/tst_procparse.cpp).

#include "systemsource.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace livedash::system::proc {

struct StatCpu
{
    CpuTimes total;
    QList<CpuTimes> cores; ///< cpu0, cpu1, ... in the order of the file
};

/// /proc/stat: the "cpu" and "cpuN" lines. busy = user + nice + system + irq + softirq + steal
/// (guest time is already in user), total = busy + idle + iowait.
std::optional<StatCpu> parseStat(QByteArrayView text);

/// /proc/meminfo: used = MemTotal - MemAvailable (older kernels: MemTotal - MemFree - Buffers -
/// Cached - SReclaimable); swap used = SwapTotal - SwapFree. Bytes.
std::optional<MemoryUsage> parseMeminfo(QByteArrayView text);

/// /proc/loadavg: the first three numbers.
bool parseLoadavg(QByteArrayView text, double out[3]);

/// /proc/diskstats: sectors read (field 6) and written (field 10), times 512 bytes.
QList<DeviceCounters> parseDiskstats(QByteArrayView text);

/// /proc/net/dev: bytes received (first column) and sent (ninth column) per interface.
QList<InterfaceCounters> parseNetDev(QByteArrayView text);

/// /proc/self/mounts (or /proc/mounts): device, mount point and type; "\040"-style octal
/// escapes are decoded.
QList<MountEntry> parseMounts(QByteArrayView text);

struct PidStat
{
    QString comm;          ///< the name in parentheses (at most 15 characters, may hold spaces)
    quint64 cpuTicks = 0;  ///< utime + stime
    quint64 startTime = 0; ///< in ticks since boot
    quint64 rssPages = 0;
};

/// /proc/<pid>/stat.
std::optional<PidStat> parsePidStat(QByteArrayView text);

/// Whether the process with `comm` (from stat) and `argv0` (the first word of its cmdline) is
/// named `name`: comm is cut to 15 characters by the kernel, so longer names are compared with
/// the file name of argv0.
bool processNameMatches(const QString &name, const QString &comm, const QString &argv0);

} // namespace livedash::system::proc
