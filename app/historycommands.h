#pragma once

#include <QString>

#include <optional>

class QCommandLineParser;

namespace livedash {

struct HistorySettings;

/// A point in time as the command line takes it: ISO 8601 ("2026-12-01T10:00" in local time,
/// "2026-12-01T10:00:00Z", "...+01:00", a date alone), milliseconds since the epoch, "now", or
/// a time before `nowMs` ("-30s", "-30m", "-2h", "-7d", "-1w"; "ms" too). Nullopt with `why`.
std::optional<qint64> parseTimeArgument(const QString &text, qint64 nowMs, QString *why);

/// `livedash --export`: writes the stored history of the dashboard `dashboardPath` (empty: the
/// built-in demo) as CSV to standard output or --output, as --from, --to, --channels,
/// --format, --layout and --time say. Returns the exit status: 0 when all was written, 2 for
/// a bad argument (the message names it), 1 when the history file cannot be read or the
/// output cannot be written (the message names the file).
int runExport(const QCommandLineParser &parser, const QString &dashboardPath);

/// `livedash --import RECORDING.jsonl`: imports a headless recording into the history file of
/// the dashboard `dashboardPath` (empty: the built-in demo) and prints a summary on stderr.
/// `settings` (the dashboard's history settings) are for warnings only: history switched off,
/// records older than the dashboard keeps. Returns 0 when the import completed (bad lines are
/// reported, not fatal), 2 when the recording cannot be read, 1 when the history file cannot
/// be opened or written.
int runImport(const QCommandLineParser &parser, const QString &dashboardPath,
              const HistorySettings &settings);

} // namespace livedash
