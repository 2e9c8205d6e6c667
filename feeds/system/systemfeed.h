#pragma once

#include "systemsource.h"

#include <livedash/feedplugin.h>

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace livedash {

/// A system feed's options, read once from the resolved option map.
struct SystemSettings
{
    static inline const QString IntervalKey = QStringLiteral("intervalMs");
    static inline const QString CpuKey = QStringLiteral("cpu");
    static inline const QString CpuPerCoreKey = QStringLiteral("cpuPerCore");
    static inline const QString MemoryKey = QStringLiteral("memory");
    static inline const QString LoadKey = QStringLiteral("load");
    static inline const QString DiskKey = QStringLiteral("disk");
    static inline const QString DiskIoKey = QStringLiteral("diskIo");
    static inline const QString NetworkKey = QStringLiteral("network");
    static inline const QString ProcessesKey = QStringLiteral("processes");
    static inline const QString ExcludeFileSystemsKey = QStringLiteral("excludeFileSystems");
    static inline const QString NetworkFileSystemsKey = QStringLiteral("networkFileSystems");
    static inline const QString ExcludeMountsKey = QStringLiteral("excludeMounts");
    static inline const QString ExcludeInterfacesKey = QStringLiteral("excludeInterfaces");
    static inline const QString ExcludeDevicesKey = QStringLiteral("excludeDevices");
    static inline const QString PartitionsKey = QStringLiteral("diskPartitions");
    static inline const QString DiskTimeoutKey = QStringLiteral("diskTimeoutMs");
    static inline const QString SizeUnitKey = QStringLiteral("sizeUnit");
    static inline const QString RateUnitKey = QStringLiteral("rateUnit");
    /// The units byte values can be given in (SizeUnitKey, RateUnitKey): the channel names
    /// say which ("used_bytes", "used_mib", "rx_kib_per_s").
    static QStringList byteUnits();

    static constexpr int DefaultIntervalMs = 1000;
    static constexpr int DefaultDiskTimeoutMs = 5000;
    static QString defaultExcludedFileSystems();
    static QString defaultExcludedInterfaces();
    static QString defaultExcludedDevices();

    int intervalMs = DefaultIntervalMs;
    bool cpu = true;
    bool cpuPerCore = true;
    bool memory = true;
    bool load = true;
    bool disk = true;
    bool diskIo = true;
    bool network = true;
    QStringList processes;
    QStringList excludeFileSystems;
    bool networkFileSystems = false;
    QList<QRegularExpression> excludeMounts;
    QList<QRegularExpression> excludeInterfaces;
    QList<QRegularExpression> excludeDevices;
    bool diskPartitions = false;
    int diskTimeoutMs = DefaultDiskTimeoutMs;
    /// Sizes (memory, swap, disk free, process memory) and rates (disk I/O, network): the
    /// channel name suffix ("bytes", "kib", "mib", "gib") and the divisor.
    QString sizeSuffix = QStringLiteral("bytes");
    double sizeDivisor = 1;
    QString rateSuffix = QStringLiteral("bytes");
    double rateDivisor = 1;

    static SystemSettings fromOptions(const QVariantMap &options);
    /// Names of processes or patterns: one per line (a list is taken as the lines); a line may
    /// also hold several, separated by commas. Empty entries are skipped.
    static QStringList entries(const QVariant &value, bool commaSeparates);
};

/// A channel name part made of what a mount, device, interface or process name holds: letters,
/// digits, '.', '-' and '_' are kept, anything else becomes '_'.
QString channelPart(const QString &name);

struct DiskJob;

/// Reads this computer's counters every interval and records them with FeedContext::sample().
class SystemFeed final : public Feed
{
public:
    explicit SystemFeed(SystemSettings settings);
    ~SystemFeed() override;

    QCoro::Task<FeedEnd> run(FeedContext &ctx) override;

private:
    struct ProcessKey
    {
        qint64 pid;
        quint64 startTime;
        friend bool operator==(const ProcessKey &, const ProcessKey &) = default;
        friend size_t qHash(const ProcessKey &k, size_t seed = 0)
        {
            return qHashMulti(seed, k.pid, k.startTime);
        }
    };

    void tick(FeedContext &ctx);
    /// ctx.sample(), except during the silent first reading.
    void put(FeedContext &ctx, QStringView channel, qint64 timeMs, double value);
    void readCpu(FeedContext &ctx, qint64 now, double seconds);
    void readProcesses(FeedContext &ctx, qint64 now, double seconds);
    void readDiskSpace(FeedContext &ctx);
    bool excludedMount(const system::MountEntry &m) const;

    const SystemSettings m_settings;
    std::shared_ptr<system::SystemSource> m_source;

    QElapsedTimer m_clock;
    bool m_silent = false;
    std::optional<qint64> m_lastTick; ///< m_clock's ms at the previous reading
    std::optional<system::CpuTimes> m_cpu;
    QList<system::CpuTimes> m_cores;
    QHash<QString, system::DeviceCounters> m_devices;
    QHash<QString, system::InterfaceCounters> m_interfaces;
    QHash<ProcessKey, double> m_processCpu; ///< CPU seconds at the previous reading

    std::shared_ptr<DiskJob> m_diskJob; ///< the disk space reading under way or done
    qint64 m_diskStarted = -1;          ///< m_clock's ms when it started
    QSet<QString> m_hungMounts;         ///< mounts that did not answer: skipped from now on
    int m_abandonedJobs = 0;
};

} // namespace livedash
