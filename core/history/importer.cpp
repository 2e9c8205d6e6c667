#include "history/importer.h"

#include "history/historian.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDevice>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <utility>

namespace livedash::history {

namespace {

/// A longer line is not a record (the recorder's longest are a text event's, well below this).
constexpr qint64 MaxLineBytes = 16 * 1024 * 1024;
/// Samples held for all channels together: past this every channel writes what it holds,
/// however short its chunk (a recording of very many channels stays within ~16 MB).
constexpr size_t HeldSamplesLimit = 1 << 20;
constexpr qsizetype ChannelTexts = 1024; ///< a channel's texts are written this many at a time
constexpr qsizetype HeldTextsLimit = 64 * 1024;
/// Samples and texts per transaction: a running Livedash's historian waits for at most one.
constexpr size_t TransactionWrites = 64 * 1024;
constexpr double MaxExactMs = 9007199254740992.0; ///< 2^53: a JSON number's exact integers
constexpr quint64 ProgressEveryLines = 4096;

/// What a sample is compared by when looking for it in the store: its time and value bits (any
/// NaN is one NaN: the recording writes null for every one).
using SampleKey = std::pair<qint64, quint64>;

SampleKey keyOf(const Sample &s)
{
    return {s.t, std::isnan(s.v) ? quint64(0x7ff8000000000000ULL) : std::bit_cast<quint64>(s.v)};
}

/// Lines of a device, read in large blocks; a line longer than MaxLineBytes is not kept (only
/// said to be too long), so memory stays bounded whatever the file holds.
class LineReader
{
public:
    explicit LineReader(QIODevice *in) : m_in(in) {}

    /// The next line without its line break; false at the end.
    bool next(QByteArray *line, bool *tooLong)
    {
        line->clear();
        *tooLong = false;
        bool any = false;
        for (;;) {
            if (m_pos == m_block.size()) {
                m_block = m_in->read(BlockBytes);
                m_pos = 0;
                if (m_block.isEmpty())
                    return any;
                m_read += m_block.size();
            }
            any = true;
            const qsizetype newline = m_block.indexOf('\n', m_pos);
            const qsizetype end = newline < 0 ? m_block.size() : newline;
            if (!*tooLong) {
                if (line->size() + (end - m_pos) > MaxLineBytes) {
                    *tooLong = true;
                    line->clear();
                } else {
                    line->append(m_block.constData() + m_pos, end - m_pos);
                }
            }
            m_pos = newline < 0 ? m_block.size() : newline + 1;
            if (newline >= 0)
                return true;
        }
    }
    qint64 bytesRead() const { return m_read - (m_block.size() - m_pos); }

private:
    static constexpr qint64 BlockBytes = 1024 * 1024;
    QIODevice *m_in;
    QByteArray m_block;
    qsizetype m_pos = 0;
    qint64 m_read = 0;
};

/// One line of a recording.
struct Record
{
    /// Journal: an event that is not a sample ({"alarm": "fired", "t": ...}, as the headless
    /// recorder writes alarms), kept in the store's journal under the key's name.
    enum class Kind { Blank, Number, Text, Journal, Bad };
    Kind kind = Kind::Blank;
    QString channel;
    qint64 t = 0;
    double value = 0;
    QString text;
    QString why;     ///< Bad: what is wrong
    QByteArray body; ///< Journal: the line
};

Record parseRecord(const QByteArray &line)
{
    Record r;
    const QByteArray trimmed = line.trimmed();
    if (trimmed.isEmpty())
        return r;
    r.kind = Record::Kind::Bad;
    QJsonParseError e{};
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &e);
    if (e.error != QJsonParseError::NoError) {
        r.why = QCoreApplication::translate("livedash::History", "not JSON (%1 at byte %2)")
                    .arg(e.errorString())
                    .arg(e.offset + 1);
        return r;
    }
    if (!doc.isObject()) {
        r.why = QCoreApplication::translate("livedash::History", "not a JSON object");
        return r;
    }
    const QJsonObject o = doc.object();
    if (o.contains(QLatin1String("alarm"))) {
        const QJsonValue t = o.value(QLatin1String("t"));
        if (!t.isDouble() || !o.value(QLatin1String("rule")).isString()) {
            r.why = QCoreApplication::translate(
                "livedash::History", "an alarm event needs \"t\" (a number) and \"rule\"");
            return r;
        }
        r.kind = Record::Kind::Journal;
        r.t = qint64(t.toDouble());
        r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
        return r;
    }
    const QJsonValue channel = o.value(QLatin1String("channel"));
    r.channel = channel.toString();
    if (!channel.isString() || r.channel.isEmpty()) {
        r.why = QCoreApplication::translate("livedash::History",
                                            "no \"channel\" (a string: \"feed/channel\")");
        return r;
    }
    const qsizetype slash = r.channel.indexOf(QLatin1Char('/'));
    if (slash <= 0 || slash == r.channel.size() - 1) {
        r.why = QCoreApplication::translate("livedash::History",
                                            "channel \"%1\" is not \"feed/channel\"")
                    .arg(r.channel);
        return r;
    }
    const QJsonValue t = o.value(QLatin1String("t"));
    if (!t.isDouble()) {
        r.why = QCoreApplication::translate("livedash::History",
                                            "no \"t\" (a number: milliseconds since the epoch)");
        return r;
    }
    const double ms = t.toDouble();
    if (ms != std::floor(ms) || std::fabs(ms) > MaxExactMs) {
        r.why = QCoreApplication::translate("livedash::History",
                                            "\"t\" is not a whole number of milliseconds");
        return r;
    }
    r.t = qint64(ms);
    const bool hasValue = o.contains(QLatin1String("value"));
    const bool hasText = o.contains(QLatin1String("text"));
    if (hasValue == hasText) {
        r.why = hasValue ? QCoreApplication::translate("livedash::History",
                                                       "both \"value\" and \"text\"")
                         : QCoreApplication::translate("livedash::History",
                                                       "neither \"value\" nor \"text\"");
        return r;
    }
    if (hasValue) {
        const QJsonValue v = o.value(QLatin1String("value"));
        if (v.isNull()) {
            r.value = std::numeric_limits<double>::quiet_NaN(); // the recorder's NaN and Inf
        } else if (v.isDouble()) {
            r.value = v.toDouble();
        } else {
            r.why = QCoreApplication::translate("livedash::History",
                                                "\"value\" is not a number or null");
            return r;
        }
        r.kind = Record::Kind::Number;
        return r;
    }
    const QJsonValue text = o.value(QLatin1String("text"));
    if (!text.isString()) {
        r.why = QCoreApplication::translate("livedash::History", "\"text\" is not a string");
        return r;
    }
    r.text = text.toString();
    r.kind = Record::Kind::Text;
    return r;
}

/// What a channel holds until it makes a chunk.
struct Held
{
    std::vector<Sample> samples;
    qint64 minT = std::numeric_limits<qint64>::max();
    qint64 maxT = std::numeric_limits<qint64>::min();
    QList<TextSample> texts;
};

/// Writes the records of one recording into the store, a chunk at a time.
///
/// Chunks that are ready wait in memory until they make a transaction's worth, which is then
/// written in one short burst: the write lock is never held while lines are read and parsed,
/// so a running Livedash's historian (which waits up to 5 s for it) gets it between bursts.
class Importer
{
public:
    Importer(HistoryStore &store, ImportReport *report) : m_store(store), m_report(report) {}

    bool add(const Record &r)
    {
        Held &held = m_held[r.channel];
        if (r.kind == Record::Kind::Number) {
            held.samples.push_back({r.t, r.value});
            held.minT = std::min(held.minT, r.t);
            held.maxT = std::max(held.maxT, r.t);
            ++m_heldSamples;
            // Only then can a chunk be full (Historian::chunkEnd()).
            if (qsizetype(held.samples.size()) >= Historian::SealSamples ||
                held.maxT - held.minT >= Historian::SealSpanMs) {
                takeChunks(r.channel, held, false);
            }
        } else {
            held.texts.append({r.t, r.text});
            ++m_heldTexts;
            if (held.texts.size() >= ChannelTexts)
                takeTexts(r.channel, held);
        }
        // Past either limit, short chunks are written rather than memory growing.
        if (m_heldSamples > HeldSamplesLimit || m_heldTexts > HeldTextsLimit)
            takeAll();
        return m_ready < TransactionWrites || writeReady();
    }

    /// Writes everything still held.
    bool finish()
    {
        takeAll();
        return writeReady();
    }

    QString error() const { return m_error; }

private:
    /// A chunk or a batch of texts of one channel, ready to be written.
    struct Ready
    {
        QString channel;
        std::vector<Sample> samples; ///< a chunk, in time order
        QList<TextSample> texts;     ///< in time order
    };

    bool fail(const QString &why)
    {
        m_error = QCoreApplication::translate("livedash::History", "writing to %1 failed: %2")
                      .arg(QDir::toNativeSeparators(m_store.path()), why);
        return false;
    }

    /// Moves `channel`'s chunks that are full (`all`: every sample it holds) to the ready ones.
    void takeChunks(const QString &channel, Held &held, bool all)
    {
        if (held.samples.empty())
            return;
        std::stable_sort(held.samples.begin(), held.samples.end(),
                         [](const Sample &a, const Sample &b) { return a.t < b.t; });
        const std::span<const Sample> samples(held.samples);
        size_t pos = 0;
        while (pos < samples.size()) {
            bool full = false;
            const size_t end = Historian::chunkEnd(samples, pos, &full);
            if (!full && !all)
                break;
            m_pending.push_back(
                {channel,
                 {samples.begin() + qsizetype(pos), samples.begin() + qsizetype(end)},
                 {}});
            m_ready += end - pos;
            pos = end;
        }
        held.samples.erase(held.samples.begin(), held.samples.begin() + qsizetype(pos));
        m_heldSamples -= pos;
        held.minT = std::numeric_limits<qint64>::max();
        held.maxT = std::numeric_limits<qint64>::min();
        for (const Sample &s : held.samples) {
            held.minT = std::min(held.minT, s.t);
            held.maxT = std::max(held.maxT, s.t);
        }
    }

    void takeTexts(const QString &channel, Held &held)
    {
        if (held.texts.isEmpty())
            return;
        std::stable_sort(held.texts.begin(), held.texts.end(),
                         [](const TextSample &a, const TextSample &b) { return a.t < b.t; });
        m_ready += size_t(held.texts.size());
        m_heldTexts -= held.texts.size();
        m_pending.push_back({channel, {}, std::move(held.texts)});
        held.texts.clear();
    }

    /// Moves everything every channel holds to the ready ones, however short its chunks.
    void takeAll()
    {
        for (auto it = m_held.begin(); it != m_held.end(); ++it) {
            takeChunks(it.key(), it.value(), true);
            takeTexts(it.key(), it.value());
        }
        m_held.clear();
    }

    /// Writes what is ready in one transaction.
    bool writeReady()
    {
        if (m_pending.empty())
            return true;
        QString why;
        if (!m_store.begin(&why))
            return fail(why);
        quint64 samples = 0;
        quint64 texts = 0;
        for (const Ready &ready : m_pending) {
            const qint64 id = m_store.channelId(ready.channel, &why);
            const bool ok =
                id >= 0 &&
                (ready.samples.empty() ? writeTexts(id, ready.channel, ready.texts, &texts)
                                       : writeChunk(id, ready.channel, ready.samples, &samples));
            if (!ok) {
                m_store.rollback();
                return m_error.isEmpty() ? fail(why) : false;
            }
        }
        if (!m_store.commit(&why))
            return fail(why);
        m_report->samples += samples;
        m_report->texts += texts;
        m_pending.clear();
        m_ready = 0;
        return true;
    }

    /// Writes `piece` (in time order) as a sealed chunk, less the samples already stored.
    bool writeChunk(qint64 id, const QString &channel, std::span<const Sample> piece,
                    quint64 *written)
    {
        std::vector<StoredChunk> chunks;
        QString why;
        if (!m_store.readSummaries(channel, piece.front().t, piece.back().t, &chunks, &why))
            return fail(why);
        std::vector<Sample> fresh;
        if (!chunks.empty()) {
            std::vector<SampleKey> stored;
            std::vector<Sample> samples;
            for (const StoredChunk &c : chunks) {
                samples.clear();
                m_store.readChunk(c.id, &samples); // a damaged chunk holds nothing to match
                for (const Sample &s : samples) {
                    if (s.t >= piece.front().t && s.t <= piece.back().t)
                        stored.push_back(keyOf(s));
                }
            }
            std::sort(stored.begin(), stored.end());
            std::vector<bool> matched(stored.size(), false);
            for (const Sample &s : piece) {
                const SampleKey key = keyOf(s);
                auto it = std::lower_bound(stored.begin(), stored.end(), key);
                for (; it != stored.end() && *it == key; ++it) {
                    if (!matched[size_t(it - stored.begin())])
                        break;
                }
                if (it != stored.end() && *it == key) {
                    matched[size_t(it - stored.begin())] = true;
                    ++m_report->storedSamples;
                } else {
                    fresh.push_back(s);
                }
            }
            piece = fresh;
        }
        if (piece.empty())
            return true;
        if (m_store.writeChunk(id, piece, true, ChunkEncoding::DeltaZstd, &why) < 0)
            return fail(why);
        *written += piece.size();
        return true;
    }

    /// Writes `texts` (in time order), less those already stored.
    bool writeTexts(qint64 id, const QString &channel, const QList<TextSample> &texts,
                    quint64 *written)
    {
        const qint64 from = texts.constFirst().t;
        const qint64 to = texts.constLast().t;
        std::vector<std::pair<qint64, QString>> stored;
        TextCursor cursor;
        for (;;) {
            const QList<TextSample> page =
                m_store.readTextPage(channel, from, to, ChannelTexts, &cursor);
            for (const TextSample &text : page)
                stored.emplace_back(text.t, text.text);
            if (page.size() < ChannelTexts)
                break;
        }
        std::sort(stored.begin(), stored.end());
        std::vector<bool> matched(stored.size(), false);
        QString why;
        for (const TextSample &text : texts) {
            const std::pair<qint64, QString> key(text.t, text.text);
            auto it = std::lower_bound(stored.begin(), stored.end(), key);
            for (; it != stored.end() && *it == key; ++it) {
                if (!matched[size_t(it - stored.begin())])
                    break;
            }
            if (it != stored.end() && *it == key) {
                matched[size_t(it - stored.begin())] = true;
                ++m_report->storedTexts;
                continue;
            }
            if (!m_store.writeText(id, text.t, text.text, &why))
                return fail(why);
            ++*written;
        }
        return true;
    }

    HistoryStore &m_store;
    ImportReport *m_report;
    QHash<QString, Held> m_held;
    size_t m_heldSamples = 0;
    qsizetype m_heldTexts = 0;
    std::vector<Ready> m_pending; ///< ready to be written, in the order they were made
    size_t m_ready = 0;           ///< samples and texts in m_pending
    QString m_error;
};

} // namespace

bool importRecording(HistoryStore &store, QIODevice *recording, ImportReport *report,
                     QString *error, const std::function<bool(qint64)> &progress)
{
    ImportReport local;
    if (!report)
        report = &local;
    *report = ImportReport();
    const auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (!store.isOpen())
        return fail(
            QCoreApplication::translate("livedash::History", "the history file is not open"));
    const auto *file = qobject_cast<const QFileDevice *>(recording);
    const QString name = file && !file->fileName().isEmpty()
                             ? QDir::toNativeSeparators(file->fileName())
                             : QCoreApplication::translate("livedash::History", "the recording");
    Importer importer(store, report);
    QSet<QString> channels;
    const auto bad = [&](const QString &why) {
        ++report->badLines;
        if (report->firstBadLines.size() < ImportReport::MaxBadLines)
            report->firstBadLines.append({report->lines, why});
    };
    LineReader lines(recording);
    QByteArray line;
    bool tooLong = false;
    while (lines.next(&line, &tooLong)) {
        ++report->lines;
        if (tooLong) {
            bad(QCoreApplication::translate("livedash::History", "longer than 16 MB"));
            continue;
        }
        const Record r = parseRecord(line);
        if (r.kind == Record::Kind::Blank)
            continue;
        if (r.kind == Record::Kind::Bad) {
            bad(r.why);
            continue;
        }
        if (r.kind == Record::Kind::Journal) {
            QString why;
            if (!store.hasJournal(r.t, QStringLiteral("alarm"), r.body)) {
                if (!store.writeJournal(r.t, QStringLiteral("alarm"), r.body, &why))
                    return fail(why);
                ++report->journal;
            }
            continue;
        }
        ++report->records;
        channels.insert(r.channel);
        report->firstT = std::min(report->firstT.value_or(r.t), r.t);
        report->lastT = std::max(report->lastT.value_or(r.t), r.t);
        if (!importer.add(r))
            return fail(importer.error());
        if (progress && report->lines % ProgressEveryLines == 0 && !progress(lines.bytesRead()))
            return fail(QCoreApplication::translate("livedash::History", "cancelled"));
    }
    if (file && file->error() != QFileDevice::NoError)
        return fail(QCoreApplication::translate("livedash::History", "reading %1 failed: %2")
                        .arg(name, recording->errorString()));
    if (!importer.finish())
        return fail(importer.error());
    report->channels = QStringList(channels.cbegin(), channels.cend());
    report->channels.sort();
    return true;
}

} // namespace livedash::history
