#pragma once

// Readable tables of livedash-bench's JSON results.

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace livedash::bench {

/// One design's run.
QString runTable(const QJsonObject &run);
/// Livedash and the naive design side by side, with how many times better Livedash is.
QString comparisonTable(const QJsonObject &livedash, const QJsonObject &naive);
/// The ratios of comparisonTable() as JSON (figure name to "livedash advantage").
QJsonObject comparisonRatios(const QJsonObject &livedash, const QJsonObject &naive);
/// One row per sweep step.
QString sweepTable(const QJsonArray &steps);
QString historyTable(const QJsonObject &history);
QString idleTable(const QJsonObject &idle);
QString startupTable(const QJsonObject &startup);
/// Every table a BENCH_JSON object holds (one run, a comparison, a sweep, --all...).
QString renderTables(const QJsonObject &json);

} // namespace livedash::bench
