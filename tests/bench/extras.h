#pragma once

// The benchmark's single-figure tests: long histories, memory per idle feed, start-up time.

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace livedash {
class PluginRegistry;
}

namespace livedash::bench {

struct HistoryConfig
{
    qint64 points = 1000000; ///< per series
    int series = 12;         ///< channels preloaded, one chart each
    int ws = 60;             ///< idle feeds connected meanwhile (60/20/20: the target's 100)
    int http = 20;
    int sse = 20;
    double spacingMs = 10; ///< time between two preloaded points
    int ingestThreads = 1;
    int width = 1400;
    int height = 900;
    QString loadgen;
};

/// Preloads `series` channels of `points` points, shows them in the main window with charts
/// over the full history while idle feeds are connected, and times chart frames over it.
QJsonObject runHistory(const PluginRegistry &registry, const HistoryConfig &config);

/// Heap and RSS per idle feed of `kind` ("ws", "http", "sse"): RSS and heap (stats.h) before and
/// after adding `feeds` connected feeds to an idle loadgen.
QJsonObject runIdleFeeds(const PluginRegistry &registry, const QString &kind, int feeds,
                         const QString &loadgen);

/// The start-up child: the app's demo start-up path (plugins, demo sources, engine, main
/// window); prints "BENCH_STARTUP {json}" with the wall-clock times of main's start, of the
/// window shown and of the first chart paint that shows data, then exits.
int runStartupChild(const PluginRegistry &registry, double mainEpochMs);

} // namespace livedash::bench
