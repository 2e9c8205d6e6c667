#pragma once

#include "history/historystore.h"

#include <QIODevice>
#include <QString>
#include <QStringList>

#include <functional>

namespace livedash::history {

/// What goes into a CSV export of stored history.
struct CsvExport
{
    enum class Layout {
        Long, ///< one row per sample or text: time,channel,value,text
        Wide, ///< one row per distinct time, one column per channel (numbers; texts quoted)
    };
    enum class TimeFormat {
        Iso8601,     ///< 2026-12-02T14:03:07.250Z (UTC, milliseconds)
        EpochMillis, ///< 1796220187250
    };

    /// Channel names or patterns (ChannelStore::patternMatches: '*' one segment, trailing "/**"
    /// everything below). Empty: every stored channel.
    QStringList channels;
    qint64 from = 0; ///< ms since the epoch, inclusive
    qint64 to = 0;   ///< inclusive
    Layout layout = Layout::Long;
    TimeFormat timeFormat = TimeFormat::Iso8601;
};

/// The channels of `store` that `patterns` name (all of them when `patterns` is empty), sorted.
QStringList matchingChannels(HistoryStore &store, const QStringList &patterns);

/// Writes `what` from `store` to `out` as CSV (RFC 4180: comma separated, fields with a comma,
/// quote or line break quoted, CRLF line ends; NaN and infinities as NaN, Inf and -Inf).
/// Streams a channel's chunks at a time, so memory stays bounded for a long range in the long
/// layout. `progress` (optional) gets the fraction done and may return false to cancel.
/// Returns false with the reason in `error` (nothing matched, a write failed, cancelled).
bool writeCsv(HistoryStore &store, const CsvExport &what, QIODevice *out, QString *error,
              const std::function<bool(double)> &progress = {});

} // namespace livedash::history
