// The historian's chunk codec: every sample comes back bit for bit through both encodings
// (any times, any doubles), damaged chunks are refused with a reason and leave nothing behind,
// the encodings are as compact as their schemes promise, and chunk summaries skip what is not
// finite.
#include "history/chunkcodec.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

#include <zstd.h>

#include <bit>
#include <cmath>
#include <limits>

using namespace livedash;
using namespace livedash::history;

using Samples = std::vector<Sample>;
Q_DECLARE_METATYPE(Samples)
Q_DECLARE_METATYPE(livedash::history::ChunkEncoding)

namespace {

constexpr qint64 Epoch = 1700000000000; // 2023-11-14, ms
constexpr qint64 Int64Min = std::numeric_limits<qint64>::min();
constexpr qint64 Int64Max = std::numeric_limits<qint64>::max();
const double Inf = std::numeric_limits<double>::infinity();

quint64 bitsOf(double v)
{
    return std::bit_cast<quint64>(v);
}

double fromBits(quint64 bits)
{
    return std::bit_cast<double>(bits);
}

QString describe(const Sample &s)
{
    return QStringLiteral("(t %1, v %2 = 0x%3)")
        .arg(s.t)
        .arg(s.v, 0, 'g', 17)
        .arg(bitsOf(s.v), 16, 16, QLatin1Char('0'));
}

/// Empty if `got` is `want` bit for bit, else where they differ.
QString difference(const Samples &want, const Samples &got)
{
    if (want.size() != got.size())
        return QStringLiteral("%1 samples, expected %2").arg(got.size()).arg(want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        if (want[i].t != got[i].t || bitsOf(want[i].v) != bitsOf(got[i].v))
            return QStringLiteral("sample %1: %2, expected %3")
                .arg(i)
                .arg(describe(got[i]), describe(want[i]));
    }
    return {};
}

Samples regular(qsizetype n, qint64 t0, qint64 step, double (*value)(qsizetype))
{
    Samples s;
    for (qsizetype i = 0; i < n; ++i)
        s.push_back({t0 + i * step, value(i)});
    return s;
}

/// A sensor: a random walk rounded to two decimals, at 10 Hz with ±5 ms jitter.
Samples jittered(qsizetype n)
{
    QRandomGenerator rng(7);
    Samples s;
    double v = 21.5;
    for (qsizetype i = 0; i < n; ++i) {
        v = std::round((v + (rng.generateDouble() - 0.5)) * 100) / 100;
        s.push_back({Epoch + i * 100 + rng.bounded(-5, 6), v});
    }
    return s;
}

/// Times in any order with jumps of any size, values of any bits.
Samples chaos(qsizetype n)
{
    QRandomGenerator rng(11);
    Samples s;
    for (qsizetype i = 0; i < n; ++i) {
        const quint64 r = rng.generate64();
        qint64 t = 0;
        switch (i % 4) {
        case 0:
            t = static_cast<qint64>(r); // anywhere in 64 bits
            break;
        case 1:
            t = Epoch - static_cast<qint64>(r % 1000000); // backwards
            break;
        case 2:
            t = s.back().t; // the same time again
            break;
        default:
            t = static_cast<qint64>(r >> 40) - (1 << 23); // small, both signs
        }
        s.push_back({t, fromBits(rng.generate64())});
    }
    return s;
}

Samples withValues(const QList<double> &values, qint64 step = 100)
{
    Samples s;
    for (qsizetype i = 0; i < values.size(); ++i)
        s.push_back({Epoch + i * step, values[i]});
    return s;
}

/// The value-mode byte of a DeltaZstd chunk: k (0..9) for scaled decimals, 255 for XORed bits.
int deltaZstdValueMode(const QByteArray &chunk)
{
    qsizetype pos = 1;
    quint64 count = 0;
    for (int shift = 0; pos < chunk.size(); shift += 7) {
        const auto b = static_cast<unsigned char>(chunk[pos++]);
        count |= quint64(b & 0x7f) << shift;
        if (!(b & 0x80))
            break;
    }
    const char *frame = chunk.constData() + pos;
    const size_t frameSize = size_t(chunk.size() - pos);
    const unsigned long long size = ZSTD_getFrameContentSize(frame, frameSize);
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
        return -1;
    std::vector<unsigned char> payload(static_cast<size_t>(size));
    if (ZSTD_isError(ZSTD_decompress(payload.data(), payload.size(), frame, frameSize)))
        return -1;
    size_t at = 0;
    for (quint64 i = 0; i < count; ++i) {
        while (at < payload.size() && (payload[at] & 0x80))
            ++at;
        ++at;
    }
    return at < payload.size() ? payload[at] : -1;
}

const Sample Sentinel{42, -42.5};

} // namespace

class TestChunkCodec : public QObject
{
    Q_OBJECT

private:
    static void addBoth(const char *name, const Samples &samples)
    {
        QTest::addRow("%s gorilla", name) << ChunkEncoding::Gorilla << samples;
        QTest::addRow("%s deltazstd", name) << ChunkEncoding::DeltaZstd << samples;
    }

    static void datasets()
    {
        QTest::addColumn<ChunkEncoding>("encoding");
        QTest::addColumn<Samples>("samples");
        addBoth("empty", {});
        addBoth("one sample", {{Epoch, 3.25}});
        addBoth("one sample at 0", {{0, 0.0}});
        addBoth("regular 10 Hz sine", regular(600, Epoch, 100, [](qsizetype i) {
                    return std::sin(double(i) * 0.05) * 12;
                }));
        addBoth("constant", regular(1000, Epoch, 100, [](qsizetype) { return 20.0; }));
        addBoth("jittered decimals", jittered(1000));
        addBoth("backwards", regular(500, Epoch, -37, [](qsizetype i) { return double(i); }));
        addBoth("any order any bits", chaos(2000));
        addBoth("int64 extremes", {{Int64Min, 1.0},
                                   {Int64Max, 2.0},
                                   {Int64Min, 3.0},
                                   {0, 4.0},
                                   {Int64Max, 5.0},
                                   {Int64Max, 6.0},
                                   {-1, 7.0},
                                   {Int64Min, 8.0},
                                   {Int64Min + 1, 9.0},
                                   {Int64Max - 1, 10.0}});
        addBoth("int64 max first", {{Int64Max, 0.5}, {Int64Min, 0.5}});
        addBoth("one time repeated", withValues({0, 1, 2, 3, 4, 5, 6, 7}, 0));
        Samples edges;
        qint64 t = Epoch;
        qint64 delta = 0;
        for (const qint64 dod : {0LL, 63LL, -64LL, 64LL, -65LL, 255LL, -256LL, 256LL, -257LL,
                                 2047LL, -2048LL, 2048LL, -2049LL, 2147483647LL, -2147483648LL,
                                 2147483648LL, -2147483649LL, 1LL << 40, -(1LL << 40)}) {
            delta += dod;
            t += delta;
            edges.push_back({t, double(dod)});
        }
        addBoth("dod bucket edges", edges);
        addBoth("nan payloads",
                withValues({std::numeric_limits<double>::quiet_NaN(),
                            fromBits(0x7ff0000000000001), // signalling
                            fromBits(0xfff8000000000123), // negative, payload
                            fromBits(0x7ff8deadbeef0000), 1.0, fromBits(0x7fffffffffffffff),
                            fromBits(0xffffffffffffffff)}));
        addBoth("signed zeros and infinities",
                withValues({0.0, -0.0, 0.0, -0.0, -0.0, Inf, -Inf, Inf, 0.0, -Inf}));
        addBoth("signed zeros", withValues({0.0, -0.0, 1.5, -0.0, 0.0}));
        addBoth("denormals",
                withValues({std::numeric_limits<double>::denorm_min(),
                            -std::numeric_limits<double>::denorm_min(),
                            fromBits(0x000fffffffffffff), // largest denormal
                            std::numeric_limits<double>::min(), -std::numeric_limits<double>::min(),
                            1e-310, -1e-320, std::numeric_limits<double>::max(),
                            std::numeric_limits<double>::lowest()}));
        addBoth("short decimals",
                withValues({12.3, 0.25, 1500, -7.125, 0.1, 99.99, -0.001, 123456.789, 1e-9, 0.0}));
        addBoth("0.1 + 0.2 is not a short decimal", withValues({12.3, 0.1 + 0.2, 0.3, 12.3}));
        addBoth("large integers",
                withValues({9007199254740991.0, -9007199254740991.0, 9007199254740992.0,
                            9223372036854775808.0, -9223372036854775808.0, 1e300, 123456789012345.0,
                            18446744073709551616.0}));
        addBoth("sawtooth 1 kHz, 65536 samples",
                regular(MaxChunkSamples, Epoch, 1,
                        [](qsizetype i) { return double(i % 1000) / 10.0; }));
        addBoth("full-precision walk, 65536 samples", [] {
            QRandomGenerator rng(3);
            Samples s;
            double v = 0;
            for (qsizetype i = 0; i < MaxChunkSamples; ++i) {
                v += rng.generateDouble() - 0.5;
                s.push_back({Epoch + i * 100 + rng.bounded(-5, 6), v});
            }
            return s;
        }());
    }

private Q_SLOTS:
    void roundTrip_data() { datasets(); }
    void roundTrip()
    {
        QFETCH(ChunkEncoding, encoding);
        QFETCH(Samples, samples);
        const QByteArray chunk = encodeChunk(encoding, samples);
        QVERIFY(!chunk.isEmpty());
        QCOMPARE(static_cast<quint8>(chunk[0]), static_cast<quint8>(encoding));
        QCOMPARE(chunkSampleCount(chunk), qsizetype(samples.size()));

        // Appended after what `out` held already.
        Samples out{Sentinel};
        QString error;
        QVERIFY2(decodeChunk(chunk, &out, &error), qPrintable(error));
        QVERIFY(error.isEmpty());
        QCOMPARE(out.size(), samples.size() + 1);
        QCOMPARE(out[0].t, Sentinel.t);
        QCOMPARE(out[0].v, Sentinel.v);
        out.erase(out.begin());
        const QString diff = difference(samples, out);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));

        // Deterministic: the same samples give the same bytes.
        QCOMPARE(encodeChunk(encoding, out), chunk);
    }

    void everyPrefixIsRefused_data() { datasets(); }
    void everyPrefixIsRefused()
    {
        QFETCH(ChunkEncoding, encoding);
        QFETCH(Samples, samples);
        const QByteArray chunk = encodeChunk(encoding, samples);
        // Every prefix of the small chunks; of the large ones, the first and last 300 and a
        // spread in between (each decode of those reads up to 65536 samples).
        const qsizetype step = chunk.size() > 30000 ? 997 : 1;
        for (qsizetype n = 0; n < chunk.size();
             n += (n < 300 || n > chunk.size() - 300 ? 1 : step)) {
            Samples out{Sentinel};
            QString error;
            const QByteArrayView prefix(chunk.constData(), n);
            QVERIFY2(
                !decodeChunk(prefix, &out, &error),
                qPrintable(
                    QStringLiteral("a prefix of %1 of %2 bytes decoded").arg(n).arg(chunk.size())));
            QVERIFY2(!error.isEmpty(), qPrintable(QStringLiteral("prefix %1: no reason").arg(n)));
            QCOMPARE(out.size(), size_t(1));
            QCOMPARE(out[0].t, Sentinel.t);
        }
    }

    void truncationSaysWhere()
    {
        // A Gorilla chunk cut short names the sample it ends in, later for longer prefixes.
        const Samples samples =
            regular(120, Epoch, 100, [](qsizetype i) { return std::sqrt(double(i) + 0.5); });
        const QByteArray chunk = encodeChunk(ChunkEncoding::Gorilla, samples);
        static const QRegularExpression re(
            QStringLiteral("^chunk ends inside sample (\\d+) of 120$"));
        int last = 0;
        int seen = 0;
        for (qsizetype n = 3; n < chunk.size(); ++n) {
            Samples out;
            QString error;
            QVERIFY(!decodeChunk(QByteArrayView(chunk.constData(), n), &out, &error));
            const QRegularExpressionMatch m = re.match(error);
            if (!m.hasMatch()) {
                QVERIFY2(error.contains(QLatin1String("too short for 120 samples")),
                         qPrintable(error));
                continue;
            }
            const int sample = m.captured(1).toInt();
            QVERIFY2(sample >= last && sample <= 120, qPrintable(error));
            last = sample;
            ++seen;
        }
        QVERIFY(seen > chunk.size() / 2);
        QCOMPARE(last, 120);
    }

    void damagedHeadersAreRefused_data()
    {
        QTest::addColumn<QByteArray>("chunk");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty chunk");
        QTest::newRow("encoding 0")
            << QByteArray("\x00\x01", 2) << QStringLiteral("unknown encoding 0");
        QTest::newRow("encoding 9")
            << QByteArray("\x09\x00", 2) << QStringLiteral("unknown encoding 9");
        QTest::newRow("no count") << QByteArray("\x01")
                                  << QStringLiteral("chunk ends inside its sample count");
        QTest::newRow("count cut")
            << QByteArray("\x02\x80\x80") << QStringLiteral("chunk ends inside its sample count");
        QTest::newRow("count too long")
            << QByteArray("\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f")
            << QStringLiteral("the sample count is not a valid varint");
        QTest::newRow("count too large")
            << QByteArray("\x01\x81\x80\x04") // 65537
            << QStringLiteral("chunk claims 65537 samples, at most 65536 are allowed");
        QTest::newRow("empty chunk with a tail")
            << QByteArray("\x01\x00\x00", 3) << QStringLiteral("1 byte after the last sample");
        QTest::newRow("gorilla claims too many")
            << (QByteArray("\x01\x80\x04") + QByteArray(20, '\0')) // 512 samples in 23 bytes
            << QStringLiteral("chunk of 23 bytes is too short for 512 samples");
        QTest::newRow("deltazstd not zstd")
            << QByteArray("\x02\x01garbage-not-zstd")
            << QStringLiteral("the payload is not a complete zstd frame (Unknown frame "
                              "descriptor)");
    }
    void damagedHeadersAreRefused()
    {
        QFETCH(QByteArray, chunk);
        QFETCH(QString, reason);
        Samples out{Sentinel};
        QString error;
        QVERIFY(!decodeChunk(chunk, &out, &error));
        QCOMPARE(error, reason);
        QCOMPARE(out.size(), size_t(1));
        QCOMPARE(chunkSampleCount(chunk) < 0, !reason.startsWith(QLatin1String("the payload")) &&
                                                  !reason.contains(QLatin1String("after")) &&
                                                  !reason.contains(QLatin1String("too short")));
    }

    void damagedPayloadsAreRefused()
    {
        const Samples samples = withValues({1.5, 2.5, 2.5, 3.0, -1.0});
        // Gorilla: a byte after the padding, and padding bits that are not zero.
        QByteArray g = encodeChunk(ChunkEncoding::Gorilla, samples);
        QString error;
        Samples out;
        QVERIFY(decodeChunk(g, &out, &error));
        QVERIFY(!decodeChunk(QByteArray(g + '\0'), &out, &error));
        QCOMPARE(error, QStringLiteral("1 byte after the last sample"));
        g[g.size() - 1] = static_cast<char>(g[g.size() - 1] | 0x01);
        QVERIFY(!decodeChunk(g, &out, &error));
        QCOMPARE(error, QStringLiteral("the padding after the last sample is not zero"));

        // DeltaZstd: bytes after the frame; a second frame; a frame of the wrong size.
        const QByteArray z = encodeChunk(ChunkEncoding::DeltaZstd, samples);
        QVERIFY(!decodeChunk(QByteArray(z + 'x'), &out, &error));
        QCOMPARE(error, QStringLiteral("1 byte after the zstd frame"));
        QVERIFY(!decodeChunk(QByteArray(z + z.mid(2)), &out, &error));
        QVERIFY(error.endsWith(QLatin1String("bytes after the zstd frame")));
        QByteArray fewer = z;
        fewer[1] = 4; // claims 4 samples: the payload is too long for them
        QVERIFY(!decodeChunk(fewer, &out, &error));
        QVERIFY2(error.contains(QLatin1String("after the last value")) ||
                     error.contains(QLatin1String("4 samples take")),
                 qPrintable(error));
        QByteArray more = z;
        more[1] = 100;
        QVERIFY(!decodeChunk(more, &out, &error));
        QVERIFY2(error.contains(QLatin1String("100 samples take 201 to 2001")), qPrintable(error));
        // The decompressed size is bounded by the count before anything is allocated.
        QByteArray big = encodeChunk(ChunkEncoding::DeltaZstd, chaos(100));
        QCOMPARE(big[1], char(100));
        big[1] = 2;
        QVERIFY(!decodeChunk(big, &out, &error));
        QVERIFY2(error.contains(QLatin1String("2 samples take 5 to 41")), qPrintable(error));
        QCOMPARE(out.size(), samples.size()); // the first decode only
    }

    void randomDamageNeverCrashes_data()
    {
        QTest::addColumn<ChunkEncoding>("encoding");
        QTest::newRow("gorilla") << ChunkEncoding::Gorilla;
        QTest::newRow("deltazstd") << ChunkEncoding::DeltaZstd;
    }
    void randomDamageNeverCrashes()
    {
        QFETCH(ChunkEncoding, encoding);
        const QList<Samples> sources{jittered(300), chaos(300),
                                     withValues({12.3, 0.25, 1500, -7.125, 0.1, 99.99})};
        QRandomGenerator rng(5);
        int refused = 0;
        int decoded = 0;
        for (const Samples &samples : sources) {
            const QByteArray chunk = encodeChunk(encoding, samples);
            for (int round = 0; round < 3000; ++round) {
                QByteArray damaged = chunk;
                const int flips = 1 + round % 4;
                for (int f = 0; f < flips; ++f) {
                    const qsizetype at = rng.bounded(damaged.size());
                    if (round % 3 == 0)
                        damaged[at] = static_cast<char>(rng.bounded(256));
                    else
                        damaged[at] = static_cast<char>(damaged[at] ^ (1 << rng.bounded(8)));
                }
                if (round % 7 == 0)
                    damaged.truncate(rng.bounded(damaged.size()));
                Samples out{Sentinel};
                QString error;
                if (decodeChunk(damaged, &out, &error)) {
                    QVERIFY(error.isEmpty());
                    QCOMPARE(qsizetype(out.size()), chunkSampleCount(damaged) + 1);
                    ++decoded;
                } else {
                    QVERIFY(!error.isEmpty());
                    QCOMPARE(out.size(), size_t(1));
                    ++refused;
                }
                QCOMPARE(out[0].t, Sentinel.t);
            }
        }
        qInfo("%d damaged chunks refused, %d decoded (to other samples)", refused, decoded);
        QVERIFY(refused > 0);
    }

    void tooManySamplesGiveNoChunk()
    {
        const Samples samples(size_t(MaxChunkSamples) + 1);
        QVERIFY(encodeChunk(ChunkEncoding::Gorilla, samples).isEmpty());
        QVERIFY(encodeChunk(ChunkEncoding::DeltaZstd, samples).isEmpty());
        QVERIFY(encodeChunk(static_cast<ChunkEncoding>(7), {}).isEmpty());
    }

    void decimalsAreScaledIntegers_data()
    {
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<int>("mode");
        QTest::newRow("integers") << QList<double>{1500, -3, 0, 42} << 0;
        QTest::newRow("12.3") << QList<double>{12.3, 12.4, 12.3} << 1;
        QTest::newRow("quarters") << QList<double>{0.25, 0.5, 12.3} << 2;
        QTest::newRow("1.005") << QList<double>{1.005} << 3;
        QTest::newRow("sub-ms") << QList<double>{123456.789, 0.000001} << 6;
        QTest::newRow("nine decimals") << QList<double>{1e-9, 12.3} << 9;
        QTest::newRow("2^53 - 1") << QList<double>{9007199254740991.0} << 0;
        QTest::newRow("ten decimals") << QList<double>{1e-10} << 255;
        QTest::newRow("0.1 + 0.2") << QList<double>{12.3, 0.1 + 0.2} << 255;
        QTest::newRow("2^53") << QList<double>{9007199254740992.0} << 255;
        QTest::newRow("-0.0") << QList<double>{1.0, -0.0} << 255;
        QTest::newRow("NaN") << QList<double>{1.0, std::nan("")} << 255;
        QTest::newRow("Inf") << QList<double>{Inf} << 255;
        QTest::newRow("pi") << QList<double>{3.141592653589793} << 255;
        // 12.3 needs k = 1, 1e-9 needs k = 9: then 1e7 needs |m| = 1e16 >= 2^53
        QTest::newRow("k too large for one") << QList<double>{1e-9, 1e7} << 255;
    }
    void decimalsAreScaledIntegers()
    {
        QFETCH(QList<double>, values);
        QFETCH(int, mode);
        const Samples samples = withValues(values);
        const QByteArray chunk = encodeChunk(ChunkEncoding::DeltaZstd, samples);
        QCOMPARE(deltaZstdValueMode(chunk), mode);
        Samples out;
        QVERIFY(decodeChunk(chunk, &out));
        const QString diff = difference(samples, out);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void encodingsAreCompact()
    {
        // What the schemes promise: a steady 10 Hz series of one value costs Gorilla 2 bits a
        // sample (dod 0, XOR 0); scaled decimals with zstd are far below XORed bits; Gorilla
        // reuses a value window.
        // Header: the encoding and 1000 as a 2-byte varint. Sample 0: 128 bits; sample 1: its
        // delta 100 in the 9-bit bucket (3 + 9 bits) and XOR 0 (1 bit).
        const int header = 3;
        const Samples steady = regular(1000, Epoch, 100, [](qsizetype) { return 21.5; });
        QCOMPARE(encodeChunk(ChunkEncoding::Gorilla, steady).size(),
                 header + (128 + 13 + 998 * 2 + 7) / 8);
        QVERIFY(encodeChunk(ChunkEncoding::DeltaZstd, steady).size() < 100);

        const Samples sensor = jittered(1000);
        const qsizetype decimal = encodeChunk(ChunkEncoding::DeltaZstd, sensor).size();
        QVERIFY2(decimal < 2 * 1000, qPrintable(QString::number(decimal)));

        // Two values whose XOR is 20 bits with 24 leading zeros: sample 1 sets the window
        // (2 + 5 + 6 + 20 bits), every later one reuses it (2 + 20 bits).
        const Samples alternating = regular(1000, Epoch, 100, [](qsizetype i) {
            return i % 2 ? 1.0 : fromBits(bitsOf(1.0) ^ (quint64(0xfffff) << 20));
        });
        QCOMPARE(encodeChunk(ChunkEncoding::Gorilla, alternating).size(),
                 header + (128 + 12 + 33 + 998 * 23 + 7) / 8);

        // ±5 ms of jitter: every delta-of-delta after sample 1 fits the 7-bit bucket (2 + 7 bits).
        Samples irregular = jittered(1000);
        for (Sample &s : irregular)
            s.v = 1.0;
        const qsizetype timesOnly = encodeChunk(ChunkEncoding::Gorilla, irregular).size();
        QVERIFY2(timesOnly <= header + (128 + 13 + 998 * 10 + 7) / 8,
                 qPrintable(QString::number(timesOnly)));
    }

    void summaries()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const Samples samples{{500, nan}, {200, 3.0}, {900, -Inf}, {100, -2.5},
                              {700, 8.0}, {300, Inf}, {400, nan}};
        const ChunkSummary s = ChunkSummary::of(samples);
        QCOMPARE(s.count, quint32(7));
        QCOMPARE(s.finite, quint32(3));
        QCOMPARE(s.firstT, qint64(500));
        QCOMPARE(s.lastT, qint64(400));
        QCOMPARE(s.minT, qint64(100));
        QCOMPARE(s.maxT, qint64(900));
        QCOMPARE(s.min, -2.5);
        QCOMPARE(s.max, 8.0);
        QVERIFY(std::isnan(s.first));
        QVERIFY(std::isnan(s.last));

        const ChunkSummary one = ChunkSummary::of(Samples{{Int64Min, -0.0}});
        QCOMPARE(one.count, quint32(1));
        QCOMPARE(one.finite, quint32(1));
        QCOMPARE(one.minT, Int64Min);
        QCOMPARE(one.maxT, Int64Min);
        QCOMPARE(bitsOf(one.min), bitsOf(-0.0));
        QCOMPARE(bitsOf(one.first), bitsOf(-0.0));

        const ChunkSummary none = ChunkSummary::of(Samples{{5, nan}, {Int64Max, Inf}, {-5, nan}});
        QCOMPARE(none.count, quint32(3));
        QCOMPARE(none.finite, quint32(0));
        QCOMPARE(none.min, 0.0);
        QCOMPARE(none.max, 0.0);
        QCOMPARE(none.minT, qint64(-5));
        QCOMPARE(none.maxT, Int64Max);
        QCOMPARE(none.firstT, qint64(5));
        QCOMPARE(none.lastT, qint64(-5));
        QVERIFY(std::isinf(none.first) || std::isnan(none.first));

        const ChunkSummary empty = ChunkSummary::of({});
        QCOMPARE(empty.count, quint32(0));
        QCOMPARE(empty.finite, quint32(0));
        QCOMPARE(empty.minT, qint64(0));
        QCOMPARE(empty.maxT, qint64(0));

        // The summary of a decoded chunk is the summary of what was encoded.
        const Samples walk = chaos(500);
        for (const ChunkEncoding e : {ChunkEncoding::Gorilla, ChunkEncoding::DeltaZstd}) {
            Samples out;
            QVERIFY(decodeChunk(encodeChunk(e, walk), &out));
            const ChunkSummary a = ChunkSummary::of(walk);
            const ChunkSummary b = ChunkSummary::of(out);
            QCOMPARE(b.minT, a.minT);
            QCOMPARE(b.maxT, a.maxT);
            QCOMPARE(b.finite, a.finite);
            QCOMPARE(bitsOf(b.min), bitsOf(a.min));
            QCOMPARE(bitsOf(b.max), bitsOf(a.max));
        }
    }
};

QTEST_GUILESS_MAIN(TestChunkCodec)
#include "tst_chunkcodec.moc"
