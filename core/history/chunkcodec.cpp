#include "history/chunkcodec.h"

#include <zstd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

// Layout of every chunk: byte 0 the encoding, then the sample count as an unsigned LEB128
// varint, then the encoding's payload (nothing at all when the count is 0).
//
// Gorilla payload, one bit stream (most significant bit first, zero-padded to a byte):
//   sample 0: time as 64 bits, value's bits as 64 bits;
//   each further sample: the time's delta-of-delta (the delta before sample 1 counts as 0)
//     0                       dod == 0
//     10    + 7 bits          dod in [-64, 63]       (two's complement)
//     110   + 9 bits          dod in [-256, 255]
//     1110  + 12 bits         dod in [-2048, 2047]
//     11110 + 32 bits         dod in the 32-bit range
//     11111 + 64 bits         anything else (times and deltas wrap modulo 2^64)
//   then the value's bits XORed with the previous value's:
//     0                       the same bits
//     10 + meaningful bits    fits the previous window (as many leading and trailing zeros)
//     11 + 5 bits leading zeros + 6 bits meaningful length (0 means 64) + meaningful bits
//
// DeltaZstd payload: one zstd frame (with its content size) of
//   each sample's time delta-of-delta as a zig-zag varint (sample 0: its time, sample 1: its
//   delta), then one byte: k in 0..9 when every value is m / 10^k for integers |m| < 2^53,
//   then the zig-zag varint deltas of m (the first from 0); 255 otherwise, then the XOR of
//   each value's bits with the previous value's (the first with 0), transposed: the most
//   significant byte of every value, then the next byte of every value, and so on.

namespace livedash::history {

namespace {

// ---- Small helpers --------------------------------------------------------------------------

quint64 zigzag(qint64 v)
{
    return (static_cast<quint64>(v) << 1) ^ (v < 0 ? ~quint64(0) : quint64(0));
}

qint64 unzigzag(quint64 u)
{
    return static_cast<qint64>((u >> 1) ^ (quint64(0) - (u & 1)));
}

quint64 bitsOf(double v)
{
    return std::bit_cast<quint64>(v);
}

double doubleOf(quint64 bits)
{
    return std::bit_cast<double>(bits);
}

bool fail(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

QString bytes(qsizetype n)
{
    return n == 1 ? QStringLiteral("1 byte") : QStringLiteral("%1 bytes").arg(n);
}

QString sampleOf(qsizetype index, qsizetype count)
{
    return QStringLiteral("sample %1 of %2").arg(index + 1).arg(count);
}

/// Appends `v` as an unsigned LEB128 varint (at most 10 bytes).
template<typename Bytes>
void putVarint(Bytes &out, quint64 v)
{
    while (v >= 0x80) {
        out.push_back(static_cast<typename Bytes::value_type>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<typename Bytes::value_type>(v));
}

/// Reads bytes from a span, never past its end.
class ByteReader
{
public:
    ByteReader(const unsigned char *data, qsizetype size) : m_p(data), m_end(data + size) {}

    enum class Varint { Ok, Truncated, TooLong };

    /// An unsigned LEB128 varint of at most 64 bits.
    Varint varint(quint64 *out)
    {
        quint64 v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_p == m_end)
                return Varint::Truncated;
            const unsigned b = *m_p++;
            if (shift == 63 && b > 1)
                return Varint::TooLong;
            v |= quint64(b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                *out = v;
                return Varint::Ok;
            }
        }
        return Varint::TooLong; // unreachable: the 10th byte either ends or is rejected
    }

    bool byte(unsigned *out)
    {
        if (m_p == m_end)
            return false;
        *out = *m_p++;
        return true;
    }

    qsizetype left() const { return m_end - m_p; }
    const unsigned char *position() const { return m_p; }

private:
    const unsigned char *m_p;
    const unsigned char *m_end;
};

/// The chunk header: encoding byte and sample count.
struct Header
{
    unsigned encoding = 0;
    qsizetype count = 0;
    qsizetype size = 0; ///< bytes of the header
};

bool readHeader(QByteArrayView chunk, Header *header, QString *error)
{
    if (chunk.isEmpty())
        return fail(error, QStringLiteral("empty chunk"));
    ByteReader in(reinterpret_cast<const unsigned char *>(chunk.data()), chunk.size());
    in.byte(&header->encoding);
    if (header->encoding != unsigned(ChunkEncoding::Gorilla) &&
        header->encoding != unsigned(ChunkEncoding::DeltaZstd))
        return fail(error, QStringLiteral("unknown encoding %1").arg(header->encoding));
    quint64 count = 0;
    switch (in.varint(&count)) {
    case ByteReader::Varint::Ok:
        break;
    case ByteReader::Varint::Truncated:
        return fail(error, QStringLiteral("chunk ends inside its sample count"));
    case ByteReader::Varint::TooLong:
        return fail(error, QStringLiteral("the sample count is not a valid varint"));
    }
    if (count > quint64(MaxChunkSamples))
        return fail(error, QStringLiteral("chunk claims %1 samples, at most %2 are allowed")
                               .arg(count)
                               .arg(MaxChunkSamples));
    header->count = static_cast<qsizetype>(count);
    header->size = chunk.size() - in.left();
    return true;
}

// ---- Gorilla --------------------------------------------------------------------------------

/// Writes bit fields, most significant bit first.
class BitWriter
{
public:
    explicit BitWriter(QByteArray *out) : m_out(out) {}

    /// The low `n` bits of `bits`, 1 <= n <= 64.
    void write(quint64 bits, int n)
    {
        if (n > 32) {
            write(bits >> 32, n - 32);
            n = 32;
        }
        m_acc = (m_acc << n) | (bits & ((quint64(1) << n) - 1));
        m_bits += n;
        while (m_bits >= 8) {
            m_bits -= 8;
            m_out->append(static_cast<char>(static_cast<unsigned char>(m_acc >> m_bits)));
        }
    }

    /// Pads the last byte with zero bits.
    void finish()
    {
        if (m_bits > 0)
            m_out->append(static_cast<char>(static_cast<unsigned char>(m_acc << (8 - m_bits))));
        m_bits = 0;
    }

private:
    QByteArray *m_out;
    quint64 m_acc = 0; ///< the low m_bits bits are not written yet
    int m_bits = 0;
};

/// Reads bit fields, most significant bit first, never past the end.
class BitReader
{
public:
    BitReader(const unsigned char *data, qsizetype size) : m_p(data), m_end(data + size) {}

    /// `n` bits, 1 <= n <= 64; false at the end of the data.
    bool read(int n, quint64 *out)
    {
        if (n > 32) {
            quint64 high = 0;
            if (!read(n - 32, &high) || !read(32, out))
                return false;
            *out |= high << 32;
            return true;
        }
        while (m_bits < n) {
            if (m_p == m_end)
                return false;
            m_acc = (m_acc << 8) | *m_p++;
            m_bits += 8;
        }
        m_bits -= n;
        *out = (m_acc >> m_bits) & ((quint64(1) << n) - 1);
        return true;
    }

    /// How many 1 bits before a 0, up to `max` (then no 0 is read); -1 at the end of the data.
    int ones(int max)
    {
        int n = 0;
        while (n < max) {
            quint64 bit = 0;
            if (!read(1, &bit))
                return -1;
            if (bit == 0)
                break;
            ++n;
        }
        return n;
    }

    qsizetype bytesLeft() const { return m_end - m_p; }
    /// The bits of the current byte not read yet (fewer than 8 after any read).
    quint64 pendingBits() const { return m_acc & ((quint64(1) << m_bits) - 1); }

private:
    const unsigned char *m_p;
    const unsigned char *m_end;
    quint64 m_acc = 0;
    int m_bits = 0;
};

qint64 signExtend(quint64 bits, int n)
{
    return static_cast<qint64>(bits << (64 - n)) >> (64 - n);
}

struct DodBucket
{
    int prefixOnes; ///< the bucket's prefix: this many 1 bits, then a 0 (none for the last)
    int bits;
    qint64 min;
    qint64 max;
};

constexpr DodBucket DodBuckets[] = {
    {1, 7, -64, 63},
    {2, 9, -256, 255},
    {3, 12, -2048, 2047},
    {4, 32, std::numeric_limits<qint32>::min(), std::numeric_limits<qint32>::max()},
    {5, 64, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()},
};

void writeDod(BitWriter &out, qint64 dod)
{
    if (dod == 0) {
        out.write(0, 1);
        return;
    }
    for (const DodBucket &b : DodBuckets) {
        if (dod < b.min || dod > b.max)
            continue;
        // prefixOnes 1 bits, then a 0 unless it is the last bucket (five 1 bits)
        if (b.prefixOnes < 5)
            out.write((quint64(1) << (b.prefixOnes + 1)) - 2, b.prefixOnes + 1);
        else
            out.write(0x1f, 5);
        out.write(static_cast<quint64>(dod), b.bits);
        return;
    }
}

bool readDod(BitReader &in, qint64 *dod)
{
    const int ones = in.ones(5);
    if (ones < 0)
        return false;
    if (ones == 0) {
        *dod = 0;
        return true;
    }
    const int bits = DodBuckets[ones - 1].bits;
    quint64 raw = 0;
    if (!in.read(bits, &raw))
        return false;
    *dod = bits == 64 ? static_cast<qint64>(raw) : signExtend(raw, bits);
    return true;
}

QByteArray encodeGorilla(std::span<const Sample> samples)
{
    QByteArray out;
    out.reserve(static_cast<qsizetype>(32 + samples.size() * 3));
    out.append(static_cast<char>(ChunkEncoding::Gorilla));
    std::string header;
    putVarint(header, samples.size());
    out.append(header.data(), static_cast<qsizetype>(header.size()));
    if (samples.empty())
        return out;

    BitWriter bits(&out);
    quint64 prevT = static_cast<quint64>(samples[0].t);
    quint64 prevDelta = 0;
    quint64 prevV = bitsOf(samples[0].v);
    bits.write(prevT, 64);
    bits.write(prevV, 64);
    bool window = false;
    int leading = 0;
    int trailing = 0;
    for (size_t i = 1; i < samples.size(); ++i) {
        // Unsigned arithmetic: any times, wrapping instead of overflowing.
        const quint64 t = static_cast<quint64>(samples[i].t);
        const quint64 delta = t - prevT;
        writeDod(bits, static_cast<qint64>(delta - prevDelta));
        prevT = t;
        prevDelta = delta;

        const quint64 v = bitsOf(samples[i].v);
        const quint64 x = v ^ prevV;
        prevV = v;
        if (x == 0) {
            bits.write(0, 1);
            continue;
        }
        const int lz = std::min(std::countl_zero(x), 31); // 5 bits
        const int tz = std::countr_zero(x);
        if (window && lz >= leading && tz >= trailing) {
            bits.write(0b10, 2);
            bits.write(x >> trailing, 64 - leading - trailing);
            continue;
        }
        window = true;
        leading = lz;
        trailing = tz;
        const int meaningful = 64 - lz - tz;
        bits.write(0b11, 2);
        bits.write(static_cast<quint64>(lz), 5);
        bits.write(static_cast<quint64>(meaningful & 63), 6); // 64 as 0
        bits.write(x >> tz, meaningful);
    }
    bits.finish();
    out.squeeze();
    return out;
}

bool decodeGorilla(const Header &header, QByteArrayView payload, std::vector<Sample> *out,
                   QString *error)
{
    const qsizetype n = header.count;
    // Sample 0 takes 128 bits, every further one at least 2.
    const qint64 bitsAvailable = qint64(payload.size()) * 8;
    if (bitsAvailable < 128 + 2 * qint64(n - 1)) {
        return fail(error, QStringLiteral("chunk of %1 bytes is too short for %2 samples")
                               .arg(header.size + payload.size())
                               .arg(n));
    }
    BitReader in(reinterpret_cast<const unsigned char *>(payload.data()), payload.size());
    auto truncated = [&](qsizetype i) {
        return fail(error, QStringLiteral("chunk ends inside %1").arg(sampleOf(i, n)));
    };
    quint64 t = 0;
    quint64 v = 0;
    if (!in.read(64, &t) || !in.read(64, &v))
        return truncated(0);
    out->reserve(out->size() + size_t(n));
    out->push_back({static_cast<qint64>(t), doubleOf(v)});
    quint64 delta = 0;
    bool window = false;
    int leading = 0;
    int trailing = 0;
    for (qsizetype i = 1; i < n; ++i) {
        qint64 dod = 0;
        if (!readDod(in, &dod))
            return truncated(i);
        delta += static_cast<quint64>(dod);
        t += delta;

        const int control = in.ones(2);
        if (control < 0)
            return truncated(i);
        if (control > 0) {
            if (control == 2) {
                quint64 lz = 0;
                quint64 length = 0;
                if (!in.read(5, &lz) || !in.read(6, &length))
                    return truncated(i);
                const int meaningful = length == 0 ? 64 : int(length);
                if (int(lz) + meaningful > 64) {
                    return fail(error, QStringLiteral("%1: a value window of %2 leading zeros and "
                                                      "%3 meaningful bits is wider than 64 bits")
                                           .arg(sampleOf(i, n))
                                           .arg(lz)
                                           .arg(meaningful));
                }
                window = true;
                leading = int(lz);
                trailing = 64 - leading - meaningful;
            } else if (!window) {
                return fail(error, QStringLiteral("%1 reuses a value window before one was set")
                                       .arg(sampleOf(i, n)));
            }
            quint64 x = 0;
            if (!in.read(64 - leading - trailing, &x))
                return truncated(i);
            v ^= x << trailing;
        }
        out->push_back({static_cast<qint64>(t), doubleOf(v)});
    }
    if (in.bytesLeft() > 0)
        return fail(error, QStringLiteral("%1 after the last sample").arg(bytes(in.bytesLeft())));
    if (in.pendingBits() != 0)
        return fail(error, QStringLiteral("the padding after the last sample is not zero"));
    return true;
}

// ---- DeltaZstd ------------------------------------------------------------------------------

/// zstd level of DeltaZstd chunks (see tests/bench/historiancodec.cpp for the measurements).
constexpr int ZstdLevel = 3;
/// The value-mode byte of a chunk whose values are XORed bits, not scaled decimals.
constexpr unsigned XorValues = 255;
constexpr int MaxDecimals = 9;
constexpr double Pow10[MaxDecimals + 1] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
constexpr qint64 MantissaLimit = qint64(1) << 53; ///< |m| below it is exact as a double
/// Most payload bytes one sample can take: a 10-byte time varint and a 10-byte value varint.
constexpr unsigned long long MaxBytesPerSample = 20;

/// The value a decimal-mode chunk stores as `m` with `k` decimals: exactly what decoding gives.
double decimalValue(qint64 m, int k)
{
    return static_cast<double>(m) / Pow10[k];
}

/// Sets `m` so that decimalValue(m, k) is bit for bit `v`, if there is such an |m| < 2^53.
bool decimalAt(double v, int k, qint64 *m)
{
    const double scaled = v * Pow10[k];
    if (!(std::fabs(scaled) < double(MantissaLimit))) // also NaN, ±Inf
        return false;
    // The product may be off by an ulp: try the integers around it.
    const qint64 nearest = static_cast<qint64>(std::round(scaled));
    const quint64 want = bitsOf(v);
    for (const qint64 candidate : {nearest, nearest - 1, nearest + 1}) {
        if (candidate <= -MantissaLimit || candidate >= MantissaLimit)
            continue;
        if (bitsOf(decimalValue(candidate, k)) == want) {
            *m = candidate;
            return true;
        }
    }
    return false;
}

/// The fewest decimals k (0..9) that write every value as m / 10^k; -1 if there are none.
int chunkDecimals(std::span<const Sample> samples)
{
    int k = 0;
    qint64 m = 0;
    for (const Sample &s : samples) {
        while (k <= MaxDecimals && !decimalAt(s.v, k, &m))
            ++k;
        if (k > MaxDecimals)
            return -1;
    }
    return k;
}

struct ZstdContexts
{
    struct Free
    {
        void operator()(ZSTD_CCtx *c) const { ZSTD_freeCCtx(c); }
        void operator()(ZSTD_DCtx *d) const { ZSTD_freeDCtx(d); }
    };
    std::unique_ptr<ZSTD_CCtx, Free> compress{ZSTD_createCCtx()};
    std::unique_ptr<ZSTD_DCtx, Free> decompress{ZSTD_createDCtx()};
};

/// One pair of contexts per thread: creating them costs more than compressing a small chunk.
ZstdContexts &zstd()
{
    thread_local ZstdContexts contexts;
    return contexts;
}

QByteArray encodeDeltaZstd(std::span<const Sample> samples)
{
    QByteArray out;
    out.append(static_cast<char>(ChunkEncoding::DeltaZstd));
    std::string header;
    putVarint(header, samples.size());
    out.append(header.data(), static_cast<qsizetype>(header.size()));
    if (samples.empty())
        return out;

    std::vector<unsigned char> payload;
    payload.reserve(samples.size() * 12 + 1);
    quint64 prevT = 0;
    quint64 prevDelta = 0;
    for (size_t i = 0; i < samples.size(); ++i) {
        const quint64 t = static_cast<quint64>(samples[i].t);
        const quint64 delta = t - prevT;
        putVarint(payload, zigzag(static_cast<qint64>(delta - prevDelta)));
        prevT = t;
        prevDelta = i == 0 ? 0 : delta; // sample 0's "delta" is its time
    }

    const int k = chunkDecimals(samples);
    std::vector<qint64> mantissas;
    if (k >= 0) {
        mantissas.reserve(samples.size());
        for (const Sample &s : samples) {
            qint64 m = 0;
            if (!decimalAt(s.v, k, &m))
                break; // the k of an earlier value could not be found at this k: XOR it is
            mantissas.push_back(m);
        }
    }
    if (k >= 0 && mantissas.size() == samples.size()) {
        payload.push_back(static_cast<unsigned char>(k));
        quint64 prev = 0;
        for (const qint64 m : mantissas) {
            putVarint(payload, zigzag(static_cast<qint64>(static_cast<quint64>(m) - prev)));
            prev = static_cast<quint64>(m);
        }
    } else {
        payload.push_back(static_cast<unsigned char>(XorValues));
        const size_t n = samples.size();
        const size_t base = payload.size();
        payload.resize(base + 8 * n);
        quint64 prev = 0;
        for (size_t i = 0; i < n; ++i) {
            const quint64 bits = bitsOf(samples[i].v);
            const quint64 x = bits ^ prev;
            prev = bits;
            for (size_t b = 0; b < 8; ++b)
                payload[base + b * n + i] = static_cast<unsigned char>(x >> (56 - 8 * b));
        }
    }

    ZSTD_CCtx *cctx = zstd().compress.get();
    if (!cctx)
        return {};
    const qsizetype headerSize = out.size();
    const size_t bound = ZSTD_compressBound(payload.size());
    out.resize(headerSize + static_cast<qsizetype>(bound));
    const size_t written = ZSTD_compressCCtx(cctx, out.data() + headerSize, bound, payload.data(),
                                             payload.size(), ZstdLevel);
    if (ZSTD_isError(written))
        return {};
    out.resize(headerSize + static_cast<qsizetype>(written));
    out.squeeze();
    return out;
}

bool decodeDeltaZstd(const Header &header, QByteArrayView frame, std::vector<Sample> *out,
                     QString *error)
{
    const qsizetype n = header.count;
    const size_t frameSize = ZSTD_findFrameCompressedSize(frame.data(), size_t(frame.size()));
    if (ZSTD_isError(frameSize))
        return fail(error, QStringLiteral("the payload is not a complete zstd frame (%1)")
                               .arg(QLatin1String(ZSTD_getErrorName(frameSize))));
    if (frameSize != size_t(frame.size()))
        return fail(error, QStringLiteral("%1 after the zstd frame")
                               .arg(bytes(frame.size() - qsizetype(frameSize))));
    const unsigned long long contentSize =
        ZSTD_getFrameContentSize(frame.data(), size_t(frame.size()));
    if (contentSize == ZSTD_CONTENTSIZE_ERROR || contentSize == ZSTD_CONTENTSIZE_UNKNOWN)
        return fail(error, QStringLiteral("the zstd frame does not say its size"));
    // The bounds `n` allows, checked before anything is allocated: every time takes at least
    // one byte, the mode one, every value at least one.
    const unsigned long long least = 1 + 2 * static_cast<unsigned long long>(n);
    const unsigned long long most = 1 + static_cast<unsigned long long>(n) * MaxBytesPerSample;
    if (contentSize < least || contentSize > most) {
        return fail(error, QStringLiteral("the zstd frame holds %1 bytes, %2 samples take %3 to %4")
                               .arg(contentSize)
                               .arg(n)
                               .arg(least)
                               .arg(most));
    }
    ZSTD_DCtx *dctx = zstd().decompress.get();
    if (!dctx)
        return fail(error, QStringLiteral("zstd could not start (out of memory)"));
    std::vector<unsigned char> payload(static_cast<size_t>(contentSize));
    const size_t got =
        ZSTD_decompressDCtx(dctx, payload.data(), payload.size(), frame.data(), frameSize);
    if (ZSTD_isError(got))
        return fail(error, QStringLiteral("the zstd frame is damaged (%1)")
                               .arg(QLatin1String(ZSTD_getErrorName(got))));
    if (got != payload.size())
        return fail(error, QStringLiteral("the zstd frame holds %1 bytes, not the %2 it says")
                               .arg(got)
                               .arg(payload.size()));

    ByteReader in(payload.data(), qsizetype(payload.size()));
    const size_t first = out->size();
    out->resize(first + size_t(n));
    Sample *samples = out->data() + first;
    auto varint = [&](qsizetype i, const char *what, quint64 *value) {
        switch (in.varint(value)) {
        case ByteReader::Varint::Ok:
            return true;
        case ByteReader::Varint::Truncated:
            return fail(error, QStringLiteral("the payload ends inside the %1 of %2")
                                   .arg(QLatin1String(what), sampleOf(i, n)));
        case ByteReader::Varint::TooLong:
            break;
        }
        return fail(error, QStringLiteral("the %1 of %2 is not a valid varint")
                               .arg(QLatin1String(what), sampleOf(i, n)));
    };
    quint64 t = 0;
    quint64 delta = 0;
    for (qsizetype i = 0; i < n; ++i) {
        quint64 raw = 0;
        if (!varint(i, "time", &raw))
            return false;
        const quint64 dod = static_cast<quint64>(unzigzag(raw));
        if (i == 0) {
            t = dod;
        } else {
            delta += dod;
            t += delta;
        }
        samples[i].t = static_cast<qint64>(t);
    }
    unsigned mode = 0;
    if (!in.byte(&mode))
        return fail(error, QStringLiteral("the payload ends before its values"));
    if (mode == XorValues) {
        if (in.left() != 8 * n)
            return fail(error, QStringLiteral("%1 bytes of values for %2 samples, not %3")
                                   .arg(in.left())
                                   .arg(n)
                                   .arg(8 * n));
        const unsigned char *planes = in.position();
        quint64 prev = 0;
        for (qsizetype i = 0; i < n; ++i) {
            quint64 x = 0;
            for (qsizetype b = 0; b < 8; ++b)
                x = (x << 8) | planes[b * n + i];
            prev ^= x;
            samples[i].v = doubleOf(prev);
        }
        return true;
    }
    if (mode > unsigned(MaxDecimals))
        return fail(error, QStringLiteral("unknown value mode %1").arg(mode));
    const int k = int(mode);
    quint64 m = 0;
    for (qsizetype i = 0; i < n; ++i) {
        quint64 raw = 0;
        if (!varint(i, "value", &raw))
            return false;
        m += static_cast<quint64>(unzigzag(raw));
        const qint64 signedM = static_cast<qint64>(m);
        if (signedM <= -MantissaLimit || signedM >= MantissaLimit)
            return fail(error,
                        QStringLiteral("the value of %1 is out of range").arg(sampleOf(i, n)));
        samples[i].v = decimalValue(signedM, k);
    }
    if (in.left() > 0)
        return fail(error, QStringLiteral("%1 after the last value").arg(bytes(in.left())));
    return true;
}

} // namespace

// ---- Public interface -----------------------------------------------------------------------

ChunkSummary ChunkSummary::of(std::span<const Sample> samples)
{
    ChunkSummary s;
    if (samples.empty())
        return s;
    s.count = static_cast<quint32>(samples.size());
    s.firstT = samples.front().t;
    s.lastT = samples.back().t;
    s.first = samples.front().v;
    s.last = samples.back().v;
    s.minT = s.firstT;
    s.maxT = s.firstT;
    for (const Sample &sample : samples) {
        s.minT = std::min(s.minT, sample.t);
        s.maxT = std::max(s.maxT, sample.t);
        if (!std::isfinite(sample.v))
            continue;
        if (s.finite == 0) {
            s.min = sample.v;
            s.max = sample.v;
        } else {
            s.min = std::min(s.min, sample.v);
            s.max = std::max(s.max, sample.v);
        }
        ++s.finite;
    }
    return s;
}

namespace {

constexpr qsizetype SegmentBytes = 4 + 4 + 2 + 8 + 8;

template<typename T>
void putLittle(char *p, T v)
{
    for (size_t i = 0; i < sizeof(T); ++i)
        p[i] = char((v >> (8 * i)) & 0xFF);
}

template<typename T>
T getLittle(const char *p)
{
    T v = 0;
    for (size_t i = 0; i < sizeof(T); ++i)
        v |= T(quint8(p[i])) << (8 * i);
    return v;
}

} // namespace

QByteArray encodeSegments(std::span<const Sample> samples)
{
    if (samples.empty())
        return {};
    const ChunkSummary chunk = ChunkSummary::of(samples);
    if (chunk.maxT - chunk.minT > qint64(std::numeric_limits<quint32>::max()))
        return {};
    const size_t count = (samples.size() + size_t(SegmentSamples) - 1) / size_t(SegmentSamples);
    QByteArray data(qsizetype(count) * SegmentBytes, Qt::Uninitialized);
    char *p = data.data();
    for (size_t pos = 0; pos < samples.size(); pos += size_t(SegmentSamples)) {
        const ChunkSummary s = ChunkSummary::of(
            samples.subspan(pos, std::min(size_t(SegmentSamples), samples.size() - pos)));
        putLittle(p, quint32(s.minT - chunk.minT));
        putLittle(p + 4, quint32(s.maxT - chunk.minT));
        putLittle(p + 8, quint16(s.finite));
        putLittle(p + 10, std::bit_cast<quint64>(s.min));
        putLittle(p + 18, std::bit_cast<quint64>(s.max));
        p += SegmentBytes;
    }
    return data;
}

bool decodeSegments(QByteArrayView data, qint64 chunkMinT, std::vector<SegmentSummary> *out)
{
    out->clear();
    if (data.isEmpty() || data.size() % SegmentBytes != 0)
        return false;
    out->reserve(size_t(data.size() / SegmentBytes));
    for (const char *p = data.data(); p < data.data() + data.size(); p += SegmentBytes) {
        SegmentSummary s;
        s.minT = chunkMinT + getLittle<quint32>(p);
        s.maxT = chunkMinT + getLittle<quint32>(p + 4);
        s.finite = getLittle<quint16>(p + 8);
        s.min = std::bit_cast<double>(getLittle<quint64>(p + 10));
        s.max = std::bit_cast<double>(getLittle<quint64>(p + 18));
        if (s.maxT < s.minT || s.finite > SegmentSamples) {
            out->clear();
            return false;
        }
        out->push_back(s);
    }
    return true;
}

QByteArray encodeChunk(ChunkEncoding encoding, std::span<const Sample> samples)
{
    if (samples.size() > size_t(MaxChunkSamples))
        return {};
    switch (encoding) {
    case ChunkEncoding::Gorilla:
        return encodeGorilla(samples);
    case ChunkEncoding::DeltaZstd:
        return encodeDeltaZstd(samples);
    }
    return {};
}

bool decodeChunk(QByteArrayView chunk, std::vector<Sample> *out, QString *error)
{
    Header header;
    if (!readHeader(chunk, &header, error))
        return false;
    const QByteArrayView payload = chunk.sliced(header.size);
    if (header.count == 0) {
        if (!payload.isEmpty())
            return fail(error,
                        QStringLiteral("%1 after the last sample").arg(bytes(payload.size())));
        return true;
    }
    const size_t before = out->size();
    const bool ok = header.encoding == unsigned(ChunkEncoding::Gorilla)
                        ? decodeGorilla(header, payload, out, error)
                        : decodeDeltaZstd(header, payload, out, error);
    if (!ok)
        out->resize(before);
    return ok;
}

qsizetype chunkSampleCount(QByteArrayView chunk)
{
    Header header;
    return readHeader(chunk, &header, nullptr) ? header.count : -1;
}

} // namespace livedash::history
