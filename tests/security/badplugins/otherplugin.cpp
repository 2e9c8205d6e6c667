#include "otherplugin.h"

#include <QFile>

// Leaves a mark when the library is loaded, so the test can tell it was never loaded: the
// registry must reject it from its metadata alone.
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
            file.write("otherplugin\n");
    }
};
const LoadMarker marker;
} // namespace
