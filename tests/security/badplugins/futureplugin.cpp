#include "futureplugin.h"

#include <QFile>

namespace livedash::test {

PluginInfo FuturePlugin::info() const
{
    PluginInfo i;
    i.id = QStringLiteral("future");
    i.displayName = QStringLiteral("Future");
    return i;
}

std::unique_ptr<Feed> FuturePlugin::createFeed(const QVariantMap &) const
{
    return nullptr;
}

} // namespace livedash::test

// Leaves a mark when the library is loaded (see otherplugin.cpp).
namespace {
struct LoadMarker
{
    LoadMarker()
    {
        const QByteArray path = qgetenv("LIVEDASH_TEST_LOAD_MARKER");
        if (path.isEmpty())
            return;
        QFile file(QString::fromLocal8Bit(path));
        if (file.open(QIODevice::Append))
            file.write("futureplugin\n");
    }
};
const LoadMarker marker;
} // namespace
