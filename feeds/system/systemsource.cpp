#include "systemsource.h"

namespace livedash::system {

bool isNetworkFileSystem(const QString &type)
{
    static const QStringList network = {
        QStringLiteral("nfs"),       QStringLiteral("nfs4"),    QStringLiteral("cifs"),
        QStringLiteral("smb3"),      QStringLiteral("smbfs"),   QStringLiteral("ncpfs"),
        QStringLiteral("afs"),       QStringLiteral("9p"),      QStringLiteral("ceph"),
        QStringLiteral("glusterfs"), QStringLiteral("lustre"),  QStringLiteral("gfs2"),
        QStringLiteral("ocfs2"),     QStringLiteral("davfs"),   QStringLiteral("sshfs"),
        QStringLiteral("fuse"),      QStringLiteral("fuseblk"), QStringLiteral("webdav"),
        QStringLiteral("afpfs"),     QStringLiteral("autofs"),  QStringLiteral("virtiofs"),
        QStringLiteral("network"), // Windows: a remote drive
    };
    return network.contains(type) || type.startsWith(QLatin1String("fuse.")) ||
           type.startsWith(QLatin1String("nfs"));
}

QStringList defaultExcludedFileSystems()
{
    return {
        QStringLiteral("tmpfs"),   QStringLiteral("devtmpfs"),    QStringLiteral("devfs"),
        QStringLiteral("overlay"), QStringLiteral("squashfs"),    QStringLiteral("proc"),
        QStringLiteral("sysfs"),   QStringLiteral("cgroup"),      QStringLiteral("cgroup2"),
        QStringLiteral("devpts"),  QStringLiteral("mqueue"),      QStringLiteral("hugetlbfs"),
        QStringLiteral("debugfs"), QStringLiteral("tracefs"),     QStringLiteral("securityfs"),
        QStringLiteral("pstore"),  QStringLiteral("bpf"),         QStringLiteral("configfs"),
        QStringLiteral("fusectl"), QStringLiteral("binfmt_misc"), QStringLiteral("efivarfs"),
        QStringLiteral("ramfs"),   QStringLiteral("rpc_pipefs"),  QStringLiteral("nsfs"),
        QStringLiteral("autofs"),  QStringLiteral("iso9660"),     QStringLiteral("udf"),
        QStringLiteral("nullfs"),  QStringLiteral("selinuxfs"),   QStringLiteral("cdrom"),
    };
}

QString mountChannelName(const QString &mountPoint)
{
    QString name = mountPoint;
    while (name.size() > 1 && (name.endsWith(QLatin1Char('/')) || name.endsWith(QLatin1Char('\\'))))
        name.chop(1);
    if (name == QLatin1String("/") || name.isEmpty())
        return QStringLiteral("root");
    if (name.startsWith(QLatin1Char('/')))
        name.remove(0, 1);
    if (name.endsWith(QLatin1Char(':')))
        name.chop(1); // "C:" (Windows drive)
    name.replace(QLatin1Char('/'), QLatin1Char('_'));
    name.replace(QLatin1Char('\\'), QLatin1Char('_'));
    name.replace(QLatin1Char(':'), QLatin1Char('_'));
    return name;
}

} // namespace livedash::system
