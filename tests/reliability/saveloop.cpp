// livedash-save-loop FILE: loads the dashboard FILE, which must be generation k (see
// saveversions.h) byte for byte, prints "ready <k>", then saves generations k+1, k+2, ... to
// FILE with Dashboard::save in a tight loop until it is killed, printing "saved <k>" after each
// save returns. tst_killsave kills it with SIGKILL at random moments. Exit codes: 3 the file does
// not load, 4 it is not an exact generation, 5 a save failed.
#include "saveversions.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

using namespace livedash;
using namespace livedash::reliability;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: livedash-save-loop FILE\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    QString error;
    const std::optional<Dashboard> loaded = Dashboard::load(path, &error);
    if (!loaded) {
        std::fprintf(stderr, "livedash-save-loop: %s\n", qPrintable(error));
        return 3;
    }
    int k = generationOf(*loaded);
    QFile file(path);
    if (k < 0 || !file.open(QIODevice::ReadOnly) ||
        file.readAll() != dashboardGeneration(k).toJson()) {
        std::fprintf(stderr, "livedash-save-loop: %s is not an exact generation\n",
                     qPrintable(path));
        return 4;
    }
    file.close();
    std::printf("ready %d\n", k);
    std::fflush(stdout);
    for (;;) {
        if (!dashboardGeneration(++k).save(path, &error)) {
            std::fprintf(stderr, "livedash-save-loop: %s\n", qPrintable(error));
            return 5;
        }
        std::printf("saved %d\n", k);
        std::fflush(stdout);
    }
}
