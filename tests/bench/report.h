#pragma once

// Readable tables of livedash-bench's JSON results.

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace livedash::bench {

/// One design's run.
QString runTable(const QJsonObject &run);
/// Livedash and the naive design side by side, with how many times better Livedash is.
/// `labels`: the two columns' names and the third's (default livedash, naive, livedash
/// advantage); the first column is the one whose advantage is shown.
QString comparisonTable(const QJsonObject &livedash, const QJsonObject &naive,
                        const QStringList &labels = {});
/// The ratios of comparisonTable() as JSON (figure name to "livedash advantage").
QJsonObject comparisonRatios(const QJsonObject &livedash, const QJsonObject &naive);
/// One row per sweep step, then the highest rate that lost nothing and held the UI targets
/// (see sweepBest) and, when `totalSeconds` >= 0, how long the sweep took.
QString sweepTable(const QJsonArray &steps, double totalSeconds = -1);
/// The sweep's best steps: "best" (absent if none) and "byFeeds" (feed count to step), each
/// {"msgPerS": stored/s, "feeds": N, "rateAsked": N}: the highest rate asked whose step was ok,
/// lost 0 and held UI lateness p99 <= 8 ms, max <= 25 ms and message-to-pixel p99 <= 100 ms.
QJsonObject sweepBest(const QJsonArray &steps);
QString historyTable(const QJsonObject &history);
QString idleTable(const QJsonObject &idle);
QString startupTable(const QJsonObject &startup);
/// Every table a BENCH_JSON object holds (one run, a comparison, a sweep, --all...).
QString renderTables(const QJsonObject &json);

} // namespace livedash::bench
