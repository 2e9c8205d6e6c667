// Process figures of support.h, per OS.

// <windows.h> first, without min/max macros, before any other header could pull it in.
#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <psapi.h> // GetProcessMemoryInfo (psapi.lib)
#include <windows.h>
#endif

#include "support.h"

#if defined(Q_OS_MACOS)
#include <cstdlib> // getloadavg
#include <libproc.h>
#include <mach/mach.h>
#include <unistd.h>
#endif

namespace livedash::reliability {

namespace {

#if defined(Q_OS_LINUX)
qint64 procStatusKb(const QByteArray &key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return 0;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &line : lines)
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    return 0;
}
#elif defined(Q_OS_MACOS)
mach_task_basic_info_data_t taskBasicInfo()
{
    mach_task_basic_info_data_t info{};
    mach_msg_type_number_t count = MACH_TASK_BASIC_INFO_COUNT;
    if (task_info(mach_task_self(), MACH_TASK_BASIC_INFO, reinterpret_cast<task_info_t>(&info),
                  &count) != KERN_SUCCESS)
        return {};
    return info;
}
#elif defined(Q_OS_WIN)
PROCESS_MEMORY_COUNTERS memoryCounters()
{
    PROCESS_MEMORY_COUNTERS counters{};
    counters.cb = DWORD(sizeof counters);
    if (!GetProcessMemoryInfo(GetCurrentProcess(), &counters, DWORD(sizeof counters)))
        return {};
    return counters;
}
#endif

} // namespace

qint64 rssKb()
{
#if defined(Q_OS_LINUX)
    return procStatusKb("VmRSS:");
#elif defined(Q_OS_MACOS)
    return qint64(taskBasicInfo().resident_size / 1024);
#elif defined(Q_OS_WIN)
    return qint64(memoryCounters().WorkingSetSize / 1024);
#else
    return 0;
#endif
}

qint64 peakRssKb()
{
#if defined(Q_OS_LINUX)
    return procStatusKb("VmHWM:");
#elif defined(Q_OS_MACOS)
    return qint64(taskBasicInfo().resident_size_max / 1024);
#elif defined(Q_OS_WIN)
    return qint64(memoryCounters().PeakWorkingSetSize / 1024);
#else
    return 0;
#endif
}

bool resetPeakRss()
{
#if defined(Q_OS_LINUX)
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (!f.open(QIODevice::WriteOnly))
        return false;
    return f.write("5") == 1;
#else
    return false; // the callers sample RSS instead
#endif
}

int openFdCount()
{
#if defined(Q_OS_LINUX)
    return int(QDir(QStringLiteral("/proc/self/fd"))
                   .entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)
                   .size());
#elif defined(Q_OS_MACOS)
    const int pid = int(getpid());
    // With no buffer: the size needed now; a little more in case descriptors are opened.
    const int guess = proc_pidinfo(pid, PROC_PIDLISTFDS, 0, nullptr, 0);
    if (guess <= 0)
        return 0;
    std::vector<proc_fdinfo> fds(size_t(guess) / PROC_PIDLISTFD_SIZE + 32);
    const int bytes =
        proc_pidinfo(pid, PROC_PIDLISTFDS, 0, fds.data(), int(fds.size() * PROC_PIDLISTFD_SIZE));
    return bytes > 0 ? bytes / int(PROC_PIDLISTFD_SIZE) : 0;
#elif defined(Q_OS_WIN)
    DWORD handles = 0;
    return GetProcessHandleCount(GetCurrentProcess(), &handles) ? int(handles) : 0;
#else
    return 0;
#endif
}

std::optional<double> loadAverage1()
{
#if defined(Q_OS_LINUX)
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    bool ok = false;
    const double load = f.readAll().split(' ').value(0).toDouble(&ok);
    return ok ? std::optional<double>(load) : std::nullopt;
#elif defined(Q_OS_MACOS)
    double load[1] = {};
    return getloadavg(load, 1) == 1 ? std::optional<double>(load[0]) : std::nullopt;
#else
    return std::nullopt; // Windows has no load average
#endif
}

} // namespace livedash::reliability
