// The system feed on macOS: host_processor_info (CPU), host_statistics64 and sysctl
// hw.memsize / vm.swapusage (memory, swap), getloadavg, IOKit's IOBlockStorageDriver
// statistics (disk I/O), sysctl NET_RT_IFLIST2 (64-bit interface counters), libproc
// (processes), getfsstat and statfs (disk space).
#include "systemsource.h"

#include <QFile>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOBSD.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/storage/IOBlockStorageDriver.h>
#include <libproc.h>
#include <mach/mach.h>
#include <mach/mach_time.h>
#include <net/if.h>
#include <net/if_types.h>
#include <net/route.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/param.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <unistd.h>

#include <vector>

namespace livedash::system {

namespace {

/// A number out of an IOKit statistics dictionary.
quint64 dictNumber(CFDictionaryRef dict, CFStringRef key)
{
    const auto number = static_cast<CFNumberRef>(CFDictionaryGetValue(dict, key));
    SInt64 value = 0;
    if (number && CFGetTypeID(number) == CFNumberGetTypeID())
        CFNumberGetValue(number, kCFNumberSInt64Type, &value);
    return value > 0 ? quint64(value) : 0;
}

class MacSource final : public SystemSource
{
public:
    MacSource()
    {
        mach_timebase_info_data_t tb = {};
        if (mach_timebase_info(&tb) == KERN_SUCCESS && tb.denom != 0)
            m_nsPerTick = double(tb.numer) / double(tb.denom);
    }

    std::optional<CpuTimes> cpuTotal(QList<CpuTimes> *perCore) override
    {
        natural_t count = 0;
        processor_info_array_t info = nullptr;
        mach_msg_type_number_t infoCount = 0;
        if (host_processor_info(mach_host_self(), PROCESSOR_CPU_LOAD_INFO, &count, &info,
                                &infoCount) != KERN_SUCCESS)
            return std::nullopt;
        const auto *load = reinterpret_cast<const processor_cpu_load_info_data_t *>(info);
        CpuTimes total;
        if (perCore)
            perCore->clear();
        for (natural_t i = 0; i < count; ++i) {
            const unsigned int *t = load[i].cpu_ticks;
            CpuTimes c;
            c.busy = quint64(t[CPU_STATE_USER]) + t[CPU_STATE_SYSTEM] + t[CPU_STATE_NICE];
            c.total = c.busy + t[CPU_STATE_IDLE];
            total.busy += c.busy;
            total.total += c.total;
            if (perCore)
                perCore->append(c);
        }
        vm_deallocate(mach_task_self(), reinterpret_cast<vm_address_t>(info),
                      vm_size_t(infoCount) * sizeof(integer_t));
        return total;
    }

    std::optional<MemoryUsage> memory() override
    {
        MemoryUsage m;
        uint64_t memsize = 0;
        size_t len = sizeof memsize;
        if (sysctlbyname("hw.memsize", &memsize, &len, nullptr, 0) != 0)
            return std::nullopt;
        m.totalBytes = memsize;
        vm_statistics64_data_t vm = {};
        mach_msg_type_number_t n = HOST_VM_INFO64_COUNT;
        if (host_statistics64(mach_host_self(), HOST_VM_INFO64,
                              reinterpret_cast<host_info64_t>(&vm), &n) != KERN_SUCCESS)
            return std::nullopt;
        vm_size_t page = 0;
        if (host_page_size(mach_host_self(), &page) != KERN_SUCCESS || page == 0)
            page = 4096;
        // What Activity Monitor calls "Memory Used": app memory + wired + compressed.
        const quint64 app = vm.internal_page_count > vm.purgeable_count
                                ? quint64(vm.internal_page_count - vm.purgeable_count)
                                : 0;
        const quint64 used = (app + vm.wire_count + vm.compressor_page_count) * quint64(page);
        m.usedBytes = used < m.totalBytes ? used : m.totalBytes;
        xsw_usage swap = {};
        len = sizeof swap;
        if (sysctlbyname("vm.swapusage", &swap, &len, nullptr, 0) == 0) {
            m.swapTotalBytes = swap.xsu_total;
            m.swapUsedBytes = swap.xsu_used;
        }
        return m;
    }

    bool load(double out[3]) override { return getloadavg(out, 3) == 3; }

    QList<DeviceCounters> devices(bool partitions) override
    {
        Q_UNUSED(partitions); // whole disks: IOKit keeps the statistics per driver
        QList<DeviceCounters> out;
        io_iterator_t drives = IO_OBJECT_NULL;
        // MACH_PORT_NULL: the default main port (kIOMainPortDefault, macOS 12+).
        if (IOServiceGetMatchingServices(MACH_PORT_NULL, IOServiceMatching("IOBlockStorageDriver"),
                                         &drives) != KERN_SUCCESS)
            return out;
        for (io_registry_entry_t drive = IOIteratorNext(drives); drive;
             drive = IOIteratorNext(drives)) {
            io_registry_entry_t media = IO_OBJECT_NULL;
            QString name;
            if (IORegistryEntryGetChildEntry(drive, kIOServicePlane, &media) == KERN_SUCCESS) {
                if (auto bsd = static_cast<CFStringRef>(IORegistryEntryCreateCFProperty(
                        media, CFSTR(kIOBSDNameKey), kCFAllocatorDefault, 0))) {
                    char buffer[64] = {};
                    if (CFGetTypeID(bsd) == CFStringGetTypeID() &&
                        CFStringGetCString(bsd, buffer, sizeof buffer, kCFStringEncodingUTF8))
                        name = QString::fromUtf8(buffer);
                    CFRelease(bsd);
                }
                IOObjectRelease(media);
            }
            auto stats = static_cast<CFDictionaryRef>(IORegistryEntryCreateCFProperty(
                drive, CFSTR(kIOBlockStorageDriverStatisticsKey), kCFAllocatorDefault, 0));
            if (stats) {
                if (!name.isEmpty() && CFGetTypeID(stats) == CFDictionaryGetTypeID())
                    out.append(
                        {name,
                         dictNumber(stats, CFSTR(kIOBlockStorageDriverStatisticsBytesReadKey)),
                         dictNumber(stats, CFSTR(kIOBlockStorageDriverStatisticsBytesWrittenKey))});
                CFRelease(stats);
            }
            IOObjectRelease(drive);
        }
        IOObjectRelease(drives);
        return out;
    }

    QList<InterfaceCounters> interfaces() override
    {
        // if_data in getifaddrs() has 32-bit byte counters; NET_RT_IFLIST2's if_data64 not.
        QList<InterfaceCounters> out;
        int mib[] = {CTL_NET, PF_ROUTE, 0, 0, NET_RT_IFLIST2, 0};
        size_t len = 0;
        if (sysctl(mib, 6, nullptr, &len, nullptr, 0) != 0 || len == 0)
            return out;
        std::vector<char> buffer(len);
        if (sysctl(mib, 6, buffer.data(), &len, nullptr, 0) != 0)
            return out;
        for (size_t offset = 0; offset + sizeof(if_msghdr) <= len;) {
            const auto *header = reinterpret_cast<const if_msghdr *>(buffer.data() + offset);
            if (header->ifm_msglen == 0)
                break;
            if (header->ifm_type == RTM_IFINFO2) {
                const auto *info = reinterpret_cast<const if_msghdr2 *>(header);
                char name[IF_NAMESIZE] = {};
                if (if_indextoname(info->ifm_index, name))
                    out.append({QString::fromUtf8(name), quint64(info->ifm_data.ifi_ibytes),
                                quint64(info->ifm_data.ifi_obytes)});
            }
            offset += header->ifm_msglen;
        }
        return out;
    }

    QList<ProcessEntry> processes(const QStringList &names) override
    {
        QList<ProcessEntry> out;
        if (names.isEmpty())
            return out;
        const int bytes = proc_listpids(PROC_ALL_PIDS, 0, nullptr, 0);
        if (bytes <= 0)
            return out;
        std::vector<pid_t> pids(size_t(bytes) / sizeof(pid_t) + 64);
        const int got =
            proc_listpids(PROC_ALL_PIDS, 0, pids.data(), int(pids.size() * sizeof(pid_t)));
        if (got <= 0)
            return out;
        const size_t n = size_t(got) / sizeof(pid_t);
        for (size_t i = 0; i < n; ++i) {
            const pid_t pid = pids[i];
            if (pid <= 0)
                continue;
            char nameBuffer[2 * MAXCOMLEN + 1] = {};
            if (proc_name(pid, nameBuffer, sizeof nameBuffer) <= 0)
                continue;
            QString procName = QString::fromUtf8(nameBuffer);
            QString matched;
            for (const QString &name : names) {
                if (procName == name) {
                    matched = name;
                    break;
                }
            }
            if (matched.isEmpty() && procName.size() >= 2 * MAXCOMLEN) {
                // A longer name is cut: compare the executable's file name.
                char path[PROC_PIDPATHINFO_MAXSIZE] = {};
                if (proc_pidpath(pid, path, sizeof path) > 0) {
                    const QString file = QFile::decodeName(path).section(QLatin1Char('/'), -1);
                    if (names.contains(file))
                        matched = file;
                }
            }
            if (matched.isEmpty())
                continue;
            ProcessEntry e;
            e.name = matched;
            e.pid = pid;
            proc_bsdinfo bsd = {};
            if (proc_pidinfo(pid, PROC_PIDTBSDINFO, 0, &bsd, sizeof bsd) == int(sizeof bsd))
                e.startTime = quint64(bsd.pbi_start_tvsec) * 1000000 + bsd.pbi_start_tvusec;
            proc_taskinfo task = {};
            // Fails for other users' processes unless root: counted, with no CPU and memory.
            if (proc_pidinfo(pid, PROC_PIDTASKINFO, 0, &task, sizeof task) == int(sizeof task)) {
                // Mach absolute time units (nanoseconds on Intel, not on Apple silicon).
                e.cpuSeconds =
                    double(task.pti_total_user + task.pti_total_system) * m_nsPerTick / 1e9;
                e.rssBytes = task.pti_resident_size;
            }
            out.append(e);
        }
        return out;
    }

    QList<MountEntry> mounts() override
    {
        QList<MountEntry> out;
        // MNT_NOWAIT: the kernel's cached figures, no file system is asked (no hang here).
        const int count = getfsstat(nullptr, 0, MNT_NOWAIT);
        if (count <= 0)
            return out;
        std::vector<struct statfs> fs(size_t(count) + 8);
        const int got = getfsstat(fs.data(), int(fs.size() * sizeof(struct statfs)), MNT_NOWAIT);
        for (int i = 0; i < got; ++i) {
            MountEntry m;
            m.device = QFile::decodeName(fs[size_t(i)].f_mntfromname);
            m.mountPoint = QFile::decodeName(fs[size_t(i)].f_mntonname);
            m.type = QString::fromUtf8(fs[size_t(i)].f_fstypename);
            out.append(m);
        }
        return out;
    }

    std::optional<DiskSpace> diskSpace(const QString &mountPoint) override
    {
        struct statfs st = {};
        if (statfs(QFile::encodeName(mountPoint).constData(), &st) != 0)
            return std::nullopt;
        DiskSpace d;
        d.mountPoint = mountPoint;
        const quint64 unit = st.f_bsize;
        d.totalBytes = quint64(st.f_blocks) * unit;
        d.freeBytes = quint64(st.f_bavail) * unit;
        d.usedBytes = (quint64(st.f_blocks) - quint64(st.f_bfree)) * unit;
        return d;
    }

private:
    double m_nsPerTick = 1.0;
};

} // namespace

std::unique_ptr<SystemSource> createSystemSource()
{
    return std::make_unique<MacSource>();
}

} // namespace livedash::system
