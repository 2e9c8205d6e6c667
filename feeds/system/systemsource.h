#pragma once

// What the `system` feed reads from the operating system, behind one interface. Each platform
// has its own file, compiled only there: systemsource_linux.cpp (/proc, /sys),
// systemsource_win.cpp (Win32), systemsource_mac.cpp (Mach, sysctl, libproc). The feed turns
// the cumulative counters into rates and percentages (systemfeed.cpp).

#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <memory>
#include <optional>

namespace livedash::system {

/// CPU time as the platform counts it (ticks, 100 ns units...): only ratios of differences
/// are used.
struct CpuTimes
{
    quint64 busy = 0;
    quint64 total = 0;
};

struct MemoryUsage
{
    quint64 totalBytes = 0;
    quint64 usedBytes = 0;
    quint64 swapTotalBytes = 0;
    quint64 swapUsedBytes = 0;
};

/// Cumulative bytes read and written by one block device since boot.
struct DeviceCounters
{
    QString name;
    quint64 readBytes = 0;
    quint64 writeBytes = 0;
};

/// Cumulative bytes received and sent by one network interface.
struct InterfaceCounters
{
    QString name;
    quint64 rxBytes = 0;
    quint64 txBytes = 0;
};

/// One running process whose name was asked for.
struct ProcessEntry
{
    QString name; ///< the name it was matched by (as given in the options)
    qint64 pid = 0;
    quint64 startTime = 0; ///< tells a reused pid from the earlier process
    double cpuSeconds = 0; ///< user + system time so far
    quint64 rssBytes = 0;
};

/// One mounted file system, as listed by the platform (before the options' filters).
struct MountEntry
{
    QString device;
    QString mountPoint;
    QString type;
};

struct DiskSpace
{
    QString mountPoint;
    quint64 totalBytes = 0;
    quint64 freeBytes = 0; ///< available to unprivileged users
    quint64 usedBytes = 0; ///< total minus free for root
};

/// Whether a file system type is a network or FUSE one (where statvfs can hang).
bool isNetworkFileSystem(const QString &type);
/// Whether a file system type is a pseudo one (proc, sysfs, tmpfs, overlay...): the default
/// exclusion list.
QStringList defaultExcludedFileSystems();

/// The platform's readings. Every call is quick and never blocks on the network, except
/// diskSpace(), which the feed calls on a worker thread with a timeout.
class SystemSource
{
public:
    virtual ~SystemSource() = default;
    /// The whole machine, then one per logical CPU.
    virtual std::optional<CpuTimes> cpuTotal(QList<CpuTimes> *perCore) = 0;
    virtual std::optional<MemoryUsage> memory() = 0;
    /// Load averages over 1, 5 and 15 minutes; nothing where the platform has none (Windows).
    virtual bool load(double out[3]) = 0;
    virtual QList<DeviceCounters> devices(bool partitions) = 0;
    virtual QList<InterfaceCounters> interfaces() = 0;
    virtual QList<ProcessEntry> processes(const QStringList &names) = 0;
    virtual QList<MountEntry> mounts() = 0;
    /// May block (a hung network mount): called off the ingest thread. Thread-safe.
    virtual std::optional<DiskSpace> diskSpace(const QString &mountPoint) = 0;
};

/// The source of the platform this was built for.
std::unique_ptr<SystemSource> createSystemSource();

/// The short name of a mount point used in channel names: "/" is "root", otherwise the path
/// without its leading '/', with '/' and '\\' replaced by '_' ("C:\\" is "C").
QString mountChannelName(const QString &mountPoint);

} // namespace livedash::system
