// Fuzzes the historian's chunk codec (core/history/chunkcodec.cpp).
//
// Input, read two ways:
//  - as a chunk: decodeChunk() on the bytes;
//  - as samples: every 16 bytes one sample (8 bytes of time, 8 of value bits, little-endian),
//    encoded with both encodings; and the same with each value made a short decimal
//    (m / 10^k), for DeltaZstd's scaled integers.
//
// Invariants:
//  - decodeChunk() refuses with a reason, leaving what `out` held before untouched, or
//    appends exactly chunkSampleCount() samples after it with no reason;
//  - decoded samples, re-encoded with either encoding, decode to the same samples bit for bit;
//  - any samples encoded with either encoding decode to themselves bit for bit, chunkSampleCount()
//    is their number, and every strict prefix of the chunk is refused;
//  - ChunkSummary: finite <= count, min <= max over finite values, minT <= first/last <= maxT.

#include "fuzz_common.h"

#include "history/chunkcodec.h"

#include <bit>
#include <cmath>
#include <cstring>

using namespace livedash;
using namespace livedash::history;
using livedash::fuzz::show;

namespace {

constexpr Sample Sentinel{-7, 0.5};

QString describe(const Sample &s)
{
    return QStringLiteral("(t %1, v 0x%2)")
        .arg(s.t)
        .arg(std::bit_cast<quint64>(s.v), 16, 16, QLatin1Char('0'));
}

QString name(ChunkEncoding e)
{
    return e == ChunkEncoding::Gorilla ? QStringLiteral("gorilla") : QStringLiteral("deltazstd");
}

/// Encodes `samples` with `e` and checks that they come back bit for bit.
void roundTrip(const std::vector<Sample> &samples, ChunkEncoding e, QByteArrayView origin)
{
    const QByteArray chunk = encodeChunk(e, samples);
    FUZZ_CHECK(!chunk.isEmpty(), name(e) + QStringLiteral(" gave no chunk for ") + show(origin));
    FUZZ_CHECK(chunkSampleCount(chunk) == qsizetype(samples.size()),
               name(e) + QStringLiteral(": count of ") + show(origin));
    std::vector<Sample> back{Sentinel};
    QString error;
    const bool ok = decodeChunk(chunk, &back, &error);
    FUZZ_CHECK(ok, name(e) + QStringLiteral(" does not decode its own chunk: ") + error +
                       QStringLiteral(" (") + show(origin) + QLatin1Char(')'));
    FUZZ_CHECK(back.size() == samples.size() + 1 && back[0].t == Sentinel.t,
               name(e) + QStringLiteral(": %1 samples back, %2 written (%3)")
                             .arg(back.size() - 1)
                             .arg(samples.size())
                             .arg(show(origin)));
    for (size_t i = 0; i < samples.size(); ++i) {
        const Sample &want = samples[i];
        const Sample &got = back[i + 1];
        FUZZ_CHECK(want.t == got.t &&
                       std::bit_cast<quint64>(want.v) == std::bit_cast<quint64>(got.v),
                   name(e) + QStringLiteral(": sample %1 is %2, written %3 (%4)")
                                 .arg(i)
                                 .arg(describe(got), describe(want), show(origin)));
    }
}

void checkSummary(const std::vector<Sample> &samples, QByteArrayView origin)
{
    const ChunkSummary s = ChunkSummary::of(samples);
    FUZZ_CHECK(s.count == samples.size() && s.finite <= s.count, show(origin));
    if (samples.empty())
        return;
    FUZZ_CHECK(s.minT <= s.firstT && s.firstT <= s.maxT && s.minT <= s.lastT && s.lastT <= s.maxT,
               show(origin));
    if (s.finite > 0)
        FUZZ_CHECK(std::isfinite(s.min) && std::isfinite(s.max) && s.min <= s.max, show(origin));
}

void asChunk(QByteArrayView input)
{
    std::vector<Sample> out{Sentinel};
    QString error;
    const bool ok = decodeChunk(input, &out, &error);
    FUZZ_CHECK(!out.empty() && out[0].t == Sentinel.t, show(input));
    if (!ok) {
        FUZZ_CHECK(!error.isEmpty(), QStringLiteral("refused without a reason: ") + show(input));
        FUZZ_CHECK(
            out.size() == 1,
            QStringLiteral("refused but kept %1 samples: %2").arg(out.size() - 1).arg(show(input)));
        return;
    }
    FUZZ_CHECK(error.isEmpty(), error + QStringLiteral(" on success: ") + show(input));
    FUZZ_CHECK(qsizetype(out.size()) - 1 == chunkSampleCount(input),
               QStringLiteral("%1 samples, the header says %2: %3")
                   .arg(out.size() - 1)
                   .arg(chunkSampleCount(input))
                   .arg(show(input)));
    out.erase(out.begin());
    checkSummary(out, input);
    roundTrip(out, ChunkEncoding::Gorilla, input);
    roundTrip(out, ChunkEncoding::DeltaZstd, input);
}

void asSamples(QByteArrayView input)
{
    std::vector<Sample> samples;
    std::vector<Sample> decimals;
    for (qsizetype at = 0; at + 16 <= input.size(); at += 16) {
        quint64 t = 0;
        quint64 v = 0;
        for (int b = 7; b >= 0; --b) {
            t = (t << 8) | static_cast<unsigned char>(input[at + b]);
            v = (v << 8) | static_cast<unsigned char>(input[at + 8 + b]);
        }
        samples.push_back({static_cast<qint64>(t), std::bit_cast<double>(v)});
        // The same bits as a short decimal: m / 10^k, |m| < 2^52, k in 0..9.
        constexpr double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
        const double m = static_cast<double>(static_cast<qint64>(v) >> 12);
        decimals.push_back({static_cast<qint64>(t), m / pow10[(v & 0xff) % 10]});
    }
    checkSummary(samples, input);
    roundTrip(samples, ChunkEncoding::Gorilla, input);
    roundTrip(samples, ChunkEncoding::DeltaZstd, input);
    roundTrip(decimals, ChunkEncoding::DeltaZstd, input);
    // A chunk cut short is refused, whatever its samples.
    for (const ChunkEncoding e : {ChunkEncoding::Gorilla, ChunkEncoding::DeltaZstd}) {
        const QByteArray chunk = encodeChunk(e, samples);
        for (const qsizetype cut : {qsizetype(1), qsizetype(chunk.size() / 2), chunk.size() - 1}) {
            if (cut <= 0 || cut >= chunk.size())
                continue;
            std::vector<Sample> out;
            FUZZ_CHECK(!decodeChunk(QByteArrayView(chunk.constData(), cut), &out),
                       name(e) + QStringLiteral(": a prefix of %1 of %2 bytes decoded (%3)")
                                     .arg(cut)
                                     .arg(chunk.size())
                                     .arg(show(input)));
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = livedash::fuzz::bytes(data, size);
    asChunk(input);
    asSamples(input);
    return 0;
}
