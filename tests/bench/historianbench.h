#pragma once

// livedash-bench --historian: the historian's figures (issue 12, TARGETS.md "Raised targets").
//   (a) the default load run with a Historian writing every sample, beside the same run without;
//   (b) bytes per sample on disk, all included, for the demo's data and random walks;
//   (c) HistoryStore::decimate() over 1 h, 24 h and 7 d of one channel of a 7-day store of
//       100 channels at 10 Hz, and pan frames over 24 h;
//   (d) Historian::open + prefill for 100 channels on that store, and launch to the first chart
//       update of the main window with it.

#include "historiancodec.h"
#include "loadrun.h"
#include "makestore.h"

#include <QJsonObject>
#include <QString>

#include <functional>

class QTextStream;

namespace livedash {
class PluginRegistry;
}

namespace livedash::bench {

struct HistorianBenchOptions
{
    /// Small everything (a short load at 2k msg/s, a store of ~1 h x 10 channels in a
    /// temporary folder, one cold and one warm launch): for CI, well under 30 s.
    bool quick = false;
    StoreSpec spec;              ///< the store of (c) and (d)
    QString storePath;           ///< empty: defaultStorePath(spec); quick: a temporary file
    LoadConfig load;             ///< (a)'s run (the default 60/20/20 feeds at 100k msg/s)
    CodecComparisonOptions demo; ///< (b): where the demo's recording is, or is recorded
    int launches = 5;            ///< (d): the first cold (file out of the OS cache), then warm
    QString parts = QStringLiteral("abcd"); ///< which of (a) to (d) to run
    double bytesHours = 1;                  ///< (b): hours of data in the looped demo and the walks
};

/// Runs (a) to (d), printing each table to `out` as it is measured and the figures into `json`.
/// `runLoadChild` runs one load configuration in a child process and returns its BENCH_JSON.
/// Returns 0, or 1 when a part did not run or the historian lost samples (never on timing).
int runHistorianBench(QTextStream &out, const HistorianBenchOptions &options,
                      const std::function<QJsonObject(const LoadConfig &)> &runLoadChild,
                      QJsonObject *json);

/// livedash-bench --make-store PATH: makes the store and prints what it took.
int runMakeStore(QTextStream &out, const QString &path, const StoreSpec &spec, QJsonObject *json);

/// For timing the app itself: writes (d)'s dashboard into `dir`, trusts it in the app's
/// settings under dir/config and places the store at its pathFor() under dir/data, then prints
/// the command line (XDG_CONFIG_HOME, XDG_DATA_HOME) that launches livedash with it.
int setUpAppLaunch(QTextStream &out, const QString &dir, const QString &storePath,
                   const StoreSpec &spec);

/// The launch child of (d): what app/main.cpp's runWindow() does (a Historian over the engine's
/// channels, the main window given it and the data folder, the dashboard at `dashboardPath`
/// set), timed to the first chart paint showing data. Prints "BENCH_HSTARTUP {json}".
int runHistorianStartupChild(const PluginRegistry &registry, double mainEpochMs,
                             const QString &dashboardPath, const QString &dataDir);

} // namespace livedash::bench
