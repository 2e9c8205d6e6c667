#pragma once

// livedash-bench --mapper: parse + map of one message on one core, the message mapper's tree
// path (QJsonDocument) beside its fast path (simdjson), with the allocations per message a
// counting allocator sees (allocationcounter.h). Each shape's messages go through both paths
// into two stores first, which must agree: the smoke check fails on a difference or a crash,
// never on a timing.

#include <QJsonObject>

class QTextStream;

namespace livedash::bench {

struct MapperBenchOptions
{
    double secondsPerRun = 1.0; ///< CPU time measured per shape and path
};

/// Prints the table to `out` and the figures into `json`; returns 0, or 1 when the paths
/// disagreed on a message.
int runMapperBench(QTextStream &out, const MapperBenchOptions &options, QJsonObject *json);

} // namespace livedash::bench
