#include "systemplugin.h"
#include "systemfeed.h"

#include <QCoreApplication>

namespace livedash {

PluginInfo SystemPlugin::info() const
{
    PluginInfo info;
    info.id = QStringLiteral("system");
    info.displayName = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "This computer"));
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins",
        "CPU (total and per core), memory and swap, load, disk space and I/O, network rates "
        "and chosen processes of the computer Livedash runs on, read every interval."));

    using S = SystemSettings;
    info.options = {
        option(S::IntervalKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Interval"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "How often the values are read, in ms. Rates and CPU "
                                 "percentages are averages over one interval."))
            .withDefault(S::DefaultIntervalMs)
            .withRange(100, 3600000),
        option(S::CpuKey, OptionType::Bool, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "CPU"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "cpu/total: percent of all cores busy."))
            .withDefault(true),
        option(S::CpuPerCoreKey, OptionType::Bool,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "CPU per core"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "cpu/core0, cpu/core1, ...: percent busy of each logical "
                                 "CPU."))
            .withDefault(true),
        option(S::MemoryKey, OptionType::Bool,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Memory and swap"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "memory/... and swap/...: used_bytes, used_percent, "
                                 "total_bytes. Used memory is what is not available to "
                                 "programs (caches that can be dropped are not used)."))
            .withDefault(true),
        option(S::LoadKey, OptionType::Bool, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Load"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "load/1m, load/5m, load/15m: load averages (not on "
                                 "Windows)."))
            .withDefault(true),
        option(S::DiskKey, OptionType::Bool,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Disk space"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "disk/<mount>/used_percent and free_bytes per mounted file "
                                 "system; <mount> is \"root\" for /, otherwise the path with "
                                 "'/' as '_' (/home: home, C:\\: C)."))
            .withDefault(true),
        option(S::DiskIoKey, OptionType::Bool,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Disk I/O"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "diskio/<device>/read_bytes_per_s and write_bytes_per_s per "
                                 "block device."))
            .withDefault(true),
        option(S::NetworkKey, OptionType::Bool,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Network"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "net/<interface>/rx_bytes_per_s and tx_bytes_per_s per "
                                 "network interface."))
            .withDefault(true),
        option(S::ProcessesKey, OptionType::Text,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Processes"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Process names, one per line (the program's file name, "
                                 "e.g. postgres, firefox.exe): process/<name>/count, "
                                 "rss_bytes and cpu_percent (of one core), summed over all "
                                 "processes of that name.")),
        option(S::ExcludeFileSystemsKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Skipped file system types"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "File system types whose disk space is not reported, "
                                 "separated by spaces: pseudo and memory file systems."))
            .withDefault(S::defaultExcludedFileSystems()),
        option(S::NetworkFileSystemsKey, OptionType::Bool,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Network file systems"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Also report NFS, SMB, FUSE and other network file systems. "
                                 "Their disk space is read on a separate thread; a mount that "
                                 "does not answer within the disk timeout is skipped."))
            .withDefault(false),
        option(S::ExcludeMountsKey, OptionType::Text,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Skipped mount points"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Mount points not reported, one per line; * and ? are "
                                 "wildcards (/snap/*).")),
        option(S::ExcludeInterfacesKey, OptionType::Text,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Skipped network interfaces"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Interface names not reported, one per line; * and ? are "
                                 "wildcards. Empty: all, loopback included."))
            .withDefault(S::defaultExcludedInterfaces()),
        option(S::ExcludeDevicesKey, OptionType::Text,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Skipped block devices"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Block device names whose I/O is not reported, one per line; "
                                 "* and ? are wildcards."))
            .withDefault(S::defaultExcludedDevices()),
        option(S::PartitionsKey, OptionType::Bool,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Partitions"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Report the I/O of each partition too, not only of whole "
                                 "disks (Linux)."))
            .withDefault(false),
        option(S::SizeUnitKey, OptionType::Enum,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Size unit"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Unit of memory, swap, disk free and process memory; the "
                                 "channel names say it (used_bytes, used_mib, free_gib)."))
            .withDefault(QStringLiteral("bytes"))
            .withChoices(S::byteUnits()),
        option(S::RateUnitKey, OptionType::Enum,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Rate unit"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Unit of disk I/O and network rates, per second; the "
                                 "channel names say it (rx_bytes_per_s, rx_kib_per_s)."))
            .withDefault(QStringLiteral("bytes"))
            .withChoices(S::byteUnits()),
        option(S::DiskTimeoutKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Disk timeout"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "A file system whose disk space is not read within this "
                                 "(a hung network mount) is skipped from then on, in ms."))
            .withDefault(S::DefaultDiskTimeoutMs)
            .withRange(100, 600000),
    };
    return info;
}

QList<Problem> SystemPlugin::validate(const QVariantMap &options) const
{
    using S = SystemSettings;
    QList<Problem> errors;
    for (const QString &name : S::entries(options.value(S::ProcessesKey), false)) {
        if (name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\'))) {
            errors.append(
                {S::ProcessesKey,
                 QCoreApplication::translate("livedash::FeedErrors",
                                             "\"%1\" is a path: give the program's file name only")
                     .arg(name)});
            break;
        }
    }
    const QStringList sections = {S::CpuKey,  S::CpuPerCoreKey, S::MemoryKey, S::LoadKey,
                                  S::DiskKey, S::DiskIoKey,     S::NetworkKey};
    bool any = !S::entries(options.value(S::ProcessesKey), false).isEmpty();
    for (const QString &key : sections)
        any = any || options.value(key, true).toBool();
    if (!any)
        errors.append({S::CpuKey,
                       QCoreApplication::translate("livedash::FeedErrors",
                                                   "nothing to report: turn on a section or name a "
                                                   "process")});
    return errors;
}

std::unique_ptr<Feed> SystemPlugin::createFeed(const QVariantMap &options) const
{
    return std::make_unique<SystemFeed>(SystemSettings::fromOptions(options));
}

} // namespace livedash
