#pragma once

#include "history/historystore.h"

#include <QIODevice>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace livedash::history {

/// What importing a recording did.
struct ImportReport
{
    /// A line that is not a record, and why (the first MaxBadLines of them are kept).
    struct BadLine
    {
        quint64 line = 0; ///< from 1
        QString why;
    };
    static constexpr qsizetype MaxBadLines = 10;

    quint64 lines = 0;   ///< lines read, blank ones included
    quint64 records = 0; ///< lines that were a sample or a text
    quint64 samples = 0; ///< samples written to the store
    quint64 texts = 0;   ///< texts written to the store
    quint64 journal = 0; ///< journal entries (alarm events) written; ones already held are skipped
    quint64 storedSamples = 0;    ///< samples skipped: the store already held them
    quint64 storedTexts = 0;      ///< texts skipped: the store already held them
    quint64 badLines = 0;         ///< lines that are not records (blank ones are not counted)
    QList<BadLine> firstBadLines; ///< line numbers and reasons, the first MaxBadLines
    QStringList channels;         ///< channels that records named, sorted
    std::optional<qint64> firstT; ///< the earliest record's time
    std::optional<qint64> lastT;  ///< the latest record's time
};

/// Imports a headless recording (`livedash --headless --record`: one JSON object per line,
/// {"feed", "channel": "<feed>/<channel>", "t": ms, "value": n or null} or {..., "text": s},
/// see ingest/recorder.h) into `store` (open ReadWrite).
///
/// The recording is read a line at a time and each channel's samples are kept until they make
/// a chunk as the historian seals them (Historian::chunkEnd()), sorted by time, so memory stays
/// bounded however long the recording. Writes go in transactions of bounded size, so a running
/// Livedash writing the same file waits at most a moment (SQLite WAL, busy timeout).
///
/// A sample is skipped when its channel already holds one of the same time and value, and a
/// text when its channel holds the same text at the same time (each stored one excuses one
/// imported): importing a recording twice, or one that overlaps an earlier import, adds only
/// what is new, and an import stopped half way can be run again.
///
/// Lines that are not records are counted, the first ImportReport::MaxBadLines with their line
/// numbers, and never stop the import. Returns false with `error` when reading the recording or
/// writing the store fails; what was committed before stays (and importing again completes it).
/// `progress` (optional) gets the bytes read so far and may return false to stop.
bool importRecording(HistoryStore &store, QIODevice *recording, ImportReport *report,
                     QString *error, const std::function<bool(qint64)> &progress = {});

} // namespace livedash::history
