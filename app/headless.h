#pragma once

#include <QString>

namespace livedash {

struct Dashboard;
class DemoHost;
class PluginRegistry;

/// What a headless run does (the command line's --record, --publish, --duration, ...).
struct HeadlessRun
{
    QString recordPath;         ///< --record FILE: JSON lines appended; empty for none
    QString publishUrl;         ///< --publish URL: a broker gateway; empty for none
    double durationSeconds = 0; ///< stop after this long; 0: until SIGINT/SIGTERM
    int ingestThreads = 1;
    bool trustOnce = false; ///< --trust
};

/// `livedash --headless --record OUT.jsonl --publish URL`: runs the dashboard's feeds without a
/// window. --record appends every sample and text event to OUT as JSON lines; --publish sends
/// each to a broker through the plugin that publishes to the URL's scheme (Gateway). Either or
/// both. Stops after `durationSeconds` (when > 0) or on SIGINT/SIGTERM, flushing everything.
///
/// Returns the process exit code: 0 when every record was written and published; 2 when OUT
/// cannot be opened or the URL cannot be published to (before any feed starts); 1 when the demo
/// sources cannot start; 3 when records were received but could not all be written or
/// published; 4 when no feed could start or connect.
///
/// `dashboardPath` is the file `dashboard` was loaded from (empty: the built-in demo). A file
/// the operator has not trusted (TrustStore) is refused with exit code 2 and a message naming
/// what it would do, before anything starts, unless `run.trustOnce` (--trust): then it runs,
/// and the trust is not recorded (the window's "Trust and start" records it).
int runHeadless(const PluginRegistry &registry, const Dashboard &dashboard,
                const QString &dashboardPath, DemoHost &demo, const HeadlessRun &run);

} // namespace livedash
