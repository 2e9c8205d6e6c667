#pragma once

#include <QString>

namespace livedash {

class Dashboard;
class DemoHost;
class PluginRegistry;

/// `livedash --headless --record OUT.jsonl`: runs the dashboard's feeds without a window and
/// appends every sample and text event to OUT as JSON lines. Stops after `durationSeconds`
/// (when > 0) or on SIGINT/SIGTERM, flushing everything. Returns the process exit code.
int runHeadless(const PluginRegistry &registry, const Dashboard &dashboard, DemoHost &demo,
                const QString &recordPath, double durationSeconds, int ingestThreads);

} // namespace livedash
