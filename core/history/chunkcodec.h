#pragma once

#include "store/sample.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <span>
#include <vector>

namespace livedash::history {

/// How a chunk's samples are packed on disk. The value is the chunk's first byte, so a stored
/// chunk always says how to read it; new values may be added, existing ones never change.
enum class ChunkEncoding : quint8 {
    /// Facebook's Gorilla scheme (as Prometheus and InfluxDB store samples): delta-of-delta
    /// timestamps in variable-width bit fields, each value XORed with the one before it.
    Gorilla = 1,
    /// Delta-of-delta timestamps and values as zig-zag varints, then zstd. Values that are all
    /// decimals with at most 9 digits after the point (12.3, 0.25, 1500) are stored as scaled
    /// integer deltas; any other chunk stores the XOR of each value's bits with the previous one.
    DeltaZstd = 2,
};

/// The count, min, max, first and last of a chunk: kept next to it so a zoomed-out view reads
/// summaries, not samples. min/max are over finite values only (NaN is 0 of `finite`).
struct ChunkSummary
{
    qint64 firstT = 0; ///< time of the first sample (append order)
    qint64 lastT = 0;  ///< time of the last sample (append order)
    qint64 minT = 0;   ///< smallest time in the chunk (samples may arrive out of order)
    qint64 maxT = 0;   ///< largest time in the chunk
    quint32 count = 0;
    quint32 finite = 0; ///< how many values are finite (min/max are meaningless when 0)
    double min = 0.0;
    double max = 0.0;
    double first = 0.0;
    double last = 0.0;

    static ChunkSummary of(std::span<const Sample> samples);
};

/// The extremes of a run of SegmentSamples consecutive samples of a chunk (the last run may be
/// shorter): what lets a view whose columns are narrower than a chunk still read no samples.
struct SegmentSummary
{
    qint64 minT = 0;
    qint64 maxT = 0;
    quint32 finite = 0; ///< min/max are meaningless when 0
    double min = 0.0;
    double max = 0.0;
};

/// Samples per segment: at 10 Hz a segment spans 25.6 s, a chunk of 4,096 samples 16 of them.
inline constexpr qsizetype SegmentSamples = 256;

/// The summaries of `samples` in runs of SegmentSamples, packed (26 bytes each, little-endian:
/// times as offsets from the chunk's smallest time). Empty when the chunk spans more than the
/// offsets can hold (about 49 days), or has no samples.
QByteArray encodeSegments(std::span<const Sample> samples);

/// Unpacks encodeSegments() of a chunk whose smallest time is `chunkMinT`. False (and `out`
/// empty) when `data` is not a whole number of segments or says nonsense of its times.
bool decodeSegments(QByteArrayView data, qint64 chunkMinT, std::vector<SegmentSummary> *out);

/// Packs `samples` (append order, any times, any doubles: NaN payloads, -0.0 and ±Inf come back
/// bit for bit) into a chunk whose first byte is `encoding`. At most MaxChunkSamples samples:
/// more (or an unknown `encoding`) give an empty array, which is never a valid chunk.
QByteArray encodeChunk(ChunkEncoding encoding, std::span<const Sample> samples);

/// Unpacks a chunk written by encodeChunk(), appending its samples to `out`. Returns false, with
/// what was wrong in `error`, for a chunk that is damaged or of an unknown encoding; `out` then
/// holds nothing of it. Never reads past `chunk`, never allocates more than the sample count in
/// the chunk's header allows (at most MaxChunkSamples).
bool decodeChunk(QByteArrayView chunk, std::vector<Sample> *out, QString *error = nullptr);

/// The number of samples a chunk holds, read from its header without decoding (-1 if damaged).
qsizetype chunkSampleCount(QByteArrayView chunk);

/// The most samples one chunk may hold.
inline constexpr qsizetype MaxChunkSamples = 1 << 16;

} // namespace livedash::history
