#pragma once

// The historian's chunk encodings compared on real and synthetic series: bytes per sample and
// encode/decode time, per chunk size (livedash-bench --codec).

#include "store/sample.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <vector>

class QTextStream;

namespace livedash::bench {

struct CodecComparisonOptions
{
    /// The demo's samples as `livedash --record` writes them (JSON lines). Read when the file
    /// exists; otherwise recorded there (or in a temporary file when empty) by running the app.
    QString recording;
    double recordSeconds = 60; ///< how long the demo runs when it is recorded
    QString app;               ///< the livedash executable; empty: the one next to this one
};

/// One channel's samples of a recording, in the order they were recorded.
struct RecordedSeries
{
    QString channel;
    std::vector<Sample> samples;
};

/// The demo's numeric samples as runCodecComparison() gets them (`options.recording` read, or
/// the demo recorded), one series per channel; `origin` says where they came from.
bool demoSeries(const CodecComparisonOptions &options, QList<RecordedSeries> *series,
                QString *origin, QString *error);

/// Encodes every data set with both encodings in chunks of 512, 4096 and 16384 samples, checks
/// that every chunk decodes to its samples bit for bit, and prints a table per data set to
/// `out` (and the figures into `json` when given). Returns 0, or 1 when a chunk did not come
/// back as written or the demo's samples could not be had.
int runCodecComparison(QTextStream &out, const CodecComparisonOptions &options = {},
                       QJsonObject *json = nullptr);

} // namespace livedash::bench
