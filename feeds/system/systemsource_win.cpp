// The system feed on Windows: GetSystemTimes and NtQuerySystemInformation (CPU),
// GlobalMemoryStatusEx (memory, page file), IOCTL_DISK_PERFORMANCE (disk I/O), GetIfTable2
// (network), Toolhelp32 with GetProcessTimes and GetProcessMemoryInfo (processes),
// GetLogicalDriveStringsW and GetDiskFreeSpaceExW (disk space). Windows has no load average.
#include "systemsource.h"

#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
// The order matters: winsock2 before windows, iphlpapi after both.
// clang-format off
#include <winsock2.h>
#include <windows.h>
#include <ws2ipdef.h>
#include <iphlpapi.h>
#include <netioapi.h>
#include <psapi.h>
#include <tlhelp32.h>
#include <winioctl.h>
// clang-format on

#include <cwchar>
#include <iterator>
#include <string>
#include <vector>

namespace livedash::system {

namespace {

quint64 fromFileTime(const FILETIME &ft)
{
    return (quint64(ft.dwHighDateTime) << 32) | quint64(ft.dwLowDateTime);
}

/// SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION as ntdll fills it (winternl.h names its fields
/// "Reserved"): times in 100 ns units; KernelTime includes IdleTime.
struct ProcessorTimes
{
    LARGE_INTEGER idleTime;
    LARGE_INTEGER kernelTime;
    LARGE_INTEGER userTime;
    LARGE_INTEGER dpcTime;
    LARGE_INTEGER interruptTime;
    ULONG interruptCount;
};

using NtQuerySystemInformationFn = LONG(WINAPI *)(int, PVOID, ULONG, PULONG);
constexpr int SystemProcessorPerformanceInformation = 8;

/// Closes a HANDLE when it goes out of scope.
struct Handle
{
    HANDLE h = nullptr;
    explicit Handle(HANDLE handle) : h(handle) {}
    ~Handle()
    {
        if (h && h != INVALID_HANDLE_VALUE)
            ::CloseHandle(h);
    }
    Handle(const Handle &) = delete;
    Handle &operator=(const Handle &) = delete;
    bool valid() const { return h && h != INVALID_HANDLE_VALUE; }
};

class WindowsSource final : public SystemSource
{
public:
    WindowsSource()
    {
        if (HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll"))
            m_ntQuery = reinterpret_cast<NtQuerySystemInformationFn>(
                reinterpret_cast<void *>(::GetProcAddress(ntdll, "NtQuerySystemInformation")));
    }

    std::optional<CpuTimes> cpuTotal(QList<CpuTimes> *perCore) override
    {
        FILETIME idle, kernel, user;
        if (!::GetSystemTimes(&idle, &kernel, &user))
            return std::nullopt;
        CpuTimes total;
        total.total = fromFileTime(kernel) + fromFileTime(user);
        const quint64 idleTime = fromFileTime(idle);
        total.busy = total.total > idleTime ? total.total - idleTime : 0;
        if (perCore) {
            perCore->clear();
            // The processors of the calling thread's processor group (all of them on machines
            // with up to 64 logical processors).
            if (m_ntQuery) {
                SYSTEM_INFO si;
                ::GetSystemInfo(&si);
                std::vector<ProcessorTimes> cores(si.dwNumberOfProcessors ? si.dwNumberOfProcessors
                                                                          : 1);
                ULONG returned = 0;
                const LONG status =
                    m_ntQuery(SystemProcessorPerformanceInformation, cores.data(),
                              ULONG(cores.size() * sizeof(ProcessorTimes)), &returned);
                if (status >= 0) {
                    const size_t n = returned / sizeof(ProcessorTimes);
                    for (size_t i = 0; i < n && i < cores.size(); ++i) {
                        CpuTimes c;
                        c.total = quint64(cores[i].kernelTime.QuadPart) +
                                  quint64(cores[i].userTime.QuadPart);
                        const quint64 coreIdle = quint64(cores[i].idleTime.QuadPart);
                        c.busy = c.total > coreIdle ? c.total - coreIdle : 0;
                        perCore->append(c);
                    }
                }
            }
        }
        return total;
    }

    std::optional<MemoryUsage> memory() override
    {
        MEMORYSTATUSEX ms;
        ms.dwLength = sizeof ms;
        if (!::GlobalMemoryStatusEx(&ms))
            return std::nullopt;
        MemoryUsage m;
        m.totalBytes = ms.ullTotalPhys;
        m.usedBytes = ms.ullTotalPhys > ms.ullAvailPhys ? ms.ullTotalPhys - ms.ullAvailPhys : 0;
        // The commit limit is RAM plus the page files: what is committed beyond the RAM in use
        // is taken as page file use (an estimate; Windows has no exact "swap used").
        m.swapTotalBytes =
            ms.ullTotalPageFile > ms.ullTotalPhys ? ms.ullTotalPageFile - ms.ullTotalPhys : 0;
        const quint64 committed = ms.ullTotalPageFile > ms.ullAvailPageFile
                                      ? ms.ullTotalPageFile - ms.ullAvailPageFile
                                      : 0;
        const quint64 swapUsed = committed > m.usedBytes ? committed - m.usedBytes : 0;
        m.swapUsedBytes = swapUsed < m.swapTotalBytes ? swapUsed : m.swapTotalBytes;
        return m;
    }

    bool load(double out[3]) override
    {
        Q_UNUSED(out);
        return false;
    }

    QList<DeviceCounters> devices(bool partitions) override
    {
        Q_UNUSED(partitions); // physical drives only
        QList<DeviceCounters> out;
        for (int i = 0; i < 32; ++i) {
            const std::wstring path = L"\\\\.\\PhysicalDrive" + std::to_wstring(i);
            // No access rights needed for the performance query: works without elevation.
            Handle drive(::CreateFileW(path.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                       OPEN_EXISTING, 0, nullptr));
            if (!drive.valid())
                continue;
            DISK_PERFORMANCE perf = {};
            DWORD bytes = 0;
            if (!::DeviceIoControl(drive.h, IOCTL_DISK_PERFORMANCE, nullptr, 0, &perf, sizeof perf,
                                   &bytes, nullptr))
                continue;
            out.append({QStringLiteral("PhysicalDrive%1").arg(i), quint64(perf.BytesRead.QuadPart),
                        quint64(perf.BytesWritten.QuadPart)});
        }
        return out;
    }

    QList<InterfaceCounters> interfaces() override
    {
        QList<InterfaceCounters> out;
        PMIB_IF_TABLE2 table = nullptr;
        if (::GetIfTable2(&table) != NO_ERROR || !table)
            return out;
        for (ULONG i = 0; i < table->NumEntries; ++i) {
            const MIB_IF_ROW2 &row = table->Table[i];
            // Filter drivers (WFP, QoS...) repeat their adapter's counters.
            if (row.InterfaceAndOperStatusFlags.FilterInterface || row.OperStatus != IfOperStatusUp)
                continue;
            const QString name = QString::fromWCharArray(row.Alias);
            out.append({name.isEmpty() ? QString::fromWCharArray(row.Description) : name,
                        quint64(row.InOctets), quint64(row.OutOctets)});
        }
        ::FreeMibTable(table);
        return out;
    }

    QList<ProcessEntry> processes(const QStringList &names) override
    {
        QList<ProcessEntry> out;
        if (names.isEmpty())
            return out;
        Handle snapshot(::CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0));
        if (!snapshot.valid())
            return out;
        PROCESSENTRY32W entry;
        entry.dwSize = sizeof entry;
        for (BOOL more = ::Process32FirstW(snapshot.h, &entry); more;
             more = ::Process32NextW(snapshot.h, &entry)) {
            const QString exe = QString::fromWCharArray(entry.szExeFile);
            QString matched;
            for (const QString &name : names) {
                // "firefox" and "firefox.exe" both name firefox.exe.
                if (exe.compare(name, Qt::CaseInsensitive) == 0 ||
                    exe.compare(name + QStringLiteral(".exe"), Qt::CaseInsensitive) == 0) {
                    matched = name;
                    break;
                }
            }
            if (matched.isEmpty())
                continue;
            HANDLE h = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ, FALSE,
                                     entry.th32ProcessID);
            if (!h)
                h = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, entry.th32ProcessID);
            Handle process(h);
            ProcessEntry e;
            e.name = matched;
            e.pid = qint64(entry.th32ProcessID);
            if (process.valid()) {
                FILETIME created, exited, kernel, user;
                if (::GetProcessTimes(process.h, &created, &exited, &kernel, &user)) {
                    e.startTime = fromFileTime(created);
                    e.cpuSeconds = double(fromFileTime(kernel) + fromFileTime(user)) / 1e7;
                }
                PROCESS_MEMORY_COUNTERS pmc = {};
                pmc.cb = sizeof pmc;
                if (::GetProcessMemoryInfo(process.h, &pmc, sizeof pmc))
                    e.rssBytes = quint64(pmc.WorkingSetSize);
            }
            // A process that may not be opened (another user's, protected) is counted, with
            // no CPU time and memory.
            out.append(e);
        }
        return out;
    }

    QList<MountEntry> mounts() override
    {
        QList<MountEntry> out;
        wchar_t drives[1024] = {};
        const DWORD n = ::GetLogicalDriveStringsW(DWORD(std::size(drives) - 1), drives);
        if (n == 0 || n >= std::size(drives))
            return out;
        for (const wchar_t *d = drives; *d; d += wcslen(d) + 1) {
            QString type;
            switch (::GetDriveTypeW(d)) {
            case DRIVE_FIXED:
                type = QStringLiteral("fixed");
                break;
            case DRIVE_REMOVABLE:
                type = QStringLiteral("removable");
                break;
            case DRIVE_REMOTE:
                type = QStringLiteral("network");
                break;
            case DRIVE_CDROM:
                type = QStringLiteral("cdrom");
                break;
            case DRIVE_RAMDISK:
                type = QStringLiteral("ramdisk");
                break;
            default:
                continue;
            }
            MountEntry m;
            m.mountPoint = QString::fromWCharArray(d);
            m.type = type;
            if (type == QLatin1String("fixed")) {
                // The volume's name, so that a volume mounted twice is reported once. Local
                // drives only: it may wait for a remote one.
                wchar_t volume[MAX_PATH] = {};
                if (::GetVolumeNameForVolumeMountPointW(d, volume, MAX_PATH))
                    m.device = QString::fromWCharArray(volume);
            }
            out.append(m);
        }
        return out;
    }

    std::optional<DiskSpace> diskSpace(const QString &mountPoint) override
    {
        // No "insert a disk" dialog for an empty card reader: fail instead.
        DWORD oldMode = 0;
        ::SetThreadErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX, &oldMode);
        ULARGE_INTEGER freeToCaller, total, totalFree;
        const std::wstring path = mountPoint.toStdWString();
        const BOOL ok = ::GetDiskFreeSpaceExW(path.c_str(), &freeToCaller, &total, &totalFree);
        ::SetThreadErrorMode(oldMode, nullptr);
        if (!ok)
            return std::nullopt;
        DiskSpace d;
        d.mountPoint = mountPoint;
        d.totalBytes = total.QuadPart;
        d.freeBytes = freeToCaller.QuadPart;
        d.usedBytes = total.QuadPart > totalFree.QuadPart ? total.QuadPart - totalFree.QuadPart : 0;
        return d;
    }

private:
    NtQuerySystemInformationFn m_ntQuery = nullptr;
};

} // namespace

std::unique_ptr<SystemSource> createSystemSource()
{
    return std::make_unique<WindowsSource>();
}

} // namespace livedash::system
