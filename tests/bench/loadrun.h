#pragma once

#include "document/dashboard.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace livedash {
class PluginRegistry;
}

namespace livedash::bench {

/// One load run: a loadgen child, a dashboard of its feeds, one design showing them.
struct LoadConfig
{
    QString design = QStringLiteral("livedash"); ///< "livedash" or "naive"
    int ws = 60;
    int http = 20;
    int sse = 20;
    double rate = 100000; ///< aggregate messages/s asked of the loadgen
    int size = 140;       ///< bytes per message
    int charts = 12;
    int seriesPerChart = 8;
    int history = 100000; ///< points kept per channel
    int ingestThreads = 1;
    double warmupS = 2;
    double durationS = 10;
    double drainS = 10; ///< how long stored counts may take to reach what was sent
    bool sharedHttpPort = false;
    /// Keep everything the channels receive on disk: a Historian over the engine's channels,
    /// writing to a file in a temporary folder (its figures go under "historian").
    bool historian = false;
    int width = 1400;
    int height = 900;
    /// The message mapper's path for every feed: "fast" (simdjson) or "tree" (QJsonDocument,
    /// the feeds' "mapperPath" option).
    QString mapperPath = QStringLiteral("fast");
    QString loadgen; ///< the loadgen executable

    int feeds() const { return ws + http + sse; }
    /// Command-line arguments that reproduce this configuration.
    QStringList toArgs() const;
};

/// One feed of a run, named "ws3" in the dashboard and "ws/3" by the loadgen.
struct FeedSpec
{
    QString id;
    QString loadgenName;
    QString plugin;
    QString url;
};

/// The run's feeds in loadgen order (WebSocket, HTTP, SSE) with the loadgen's `urls`.
QList<FeedSpec> feedSpecs(int ws, int http, int sse, const QStringList &urls);
/// Feeds spread over charts round-robin, at most `perChart` each; with fewer feeds than
/// charts every chart still shows one.
QList<QList<int>> spreadFeeds(int feeds, int charts, int perChart);
/// Feeds mapping "seq", "ts" (epoch ms) and "v" (channel "<feed>/v"); one chart panel per
/// entry of `feedsPerChart` over `windowSeconds`; HTTP feeds poll every `pollMs`.
Dashboard buildDashboard(const QList<FeedSpec> &feeds, const QList<QList<int>> &feedsPerChart,
                         int historyLength, int windowSeconds = 60, int pollMs = 100);

/// Runs `config` in this process and returns its figures (see README "Performance").
QJsonObject runLoad(const PluginRegistry &registry, const LoadConfig &config);

} // namespace livedash::bench
