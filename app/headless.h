#pragma once

#include <QString>

namespace livedash {

struct Dashboard;
class DemoHost;
class PluginRegistry;

/// `livedash --headless --record OUT.jsonl`: runs the dashboard's feeds without a window and
/// appends every sample and text event to OUT as JSON lines. Stops after `durationSeconds`
/// (when > 0) or on SIGINT/SIGTERM, flushing everything. Returns the process exit code: 0 when
/// every record was written, 2 when OUT cannot be opened (before any feed starts), 1 when the
/// demo sources cannot start, 3 when records were received but could not all be written.
///
/// `dashboardPath` is the file `dashboard` was loaded from (empty: the built-in demo). A file
/// the operator has not trusted (TrustStore) is refused with exit code 2 and a message naming
/// what it would do, before anything starts, unless `trustOnce` (--trust): then it runs, and the
/// trust is not recorded (a one-off; the window's "Trust and start" records it).
int runHeadless(const PluginRegistry &registry, const Dashboard &dashboard,
                const QString &dashboardPath, bool trustOnce, DemoHost &demo,
                const QString &recordPath, double durationSeconds, int ingestThreads);

} // namespace livedash
