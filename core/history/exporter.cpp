#include "history/exporter.h"

#include "store/channelstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDevice>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace livedash::history {

namespace {

constexpr qsizetype TextPage = 1024;         ///< texts read at a time, per channel
constexpr qsizetype WriteBlock = 256 * 1024; ///< bytes gathered before a write
constexpr qint64 DayMs = 24LL * 3600 * 1000;
constexpr quint64 ProgressEveryRows = 4096; ///< how often `progress` hears (and may cancel)

/// The shortest of 15, 16 or 17 significant digits that reads back as exactly `v`.
QByteArray numberText(double v)
{
    if (std::isnan(v))
        return QByteArrayLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QByteArrayLiteral("Inf") : QByteArrayLiteral("-Inf");
    if (v == 0 && std::signbit(v))
        return QByteArrayLiteral("-0"); // Qt writes "0", which reads back as +0
    for (const int precision : {15, 16}) {
        const QByteArray text = QByteArray::number(v, 'g', precision);
        bool ok = false;
        if (text.toDouble(&ok) == v && ok)
            return text;
    }
    return QByteArray::number(v, 'g', 17);
}

/// 2026-12-02T14:03:07.250Z: UTC, milliseconds (days from the epoch to a civil date after
/// Howard Hinnant's days_from_civil inverse, exact for any qint64 of milliseconds we store).
QByteArray isoTime(qint64 ms)
{
    qint64 days = ms / DayMs;
    qint64 rest = ms % DayMs;
    if (rest < 0) {
        rest += DayMs;
        --days;
    }
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 day = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    char text[64];
    const int n = std::snprintf(
        text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ",
        static_cast<long long>(year), static_cast<long long>(month), static_cast<long long>(day),
        static_cast<long long>(rest / 3600000), static_cast<long long>(rest / 60000 % 60),
        static_cast<long long>(rest / 1000 % 60), static_cast<long long>(rest % 1000));
    return QByteArray(text, n);
}

/// `text` as a quoted CSV field: "a ""b"", c".
QByteArray quoted(const QString &text)
{
    QByteArray field = text.toUtf8();
    field.replace('"', "\"\"");
    field.prepend('"');
    field.append('"');
    return field;
}

/// `text` as a CSV field, quoted when RFC 4180 needs it (a comma, a quote, a line break).
QByteArray field(const QString &text)
{
    for (const QChar c : text) {
        if (c == QLatin1Char(',') || c == QLatin1Char('"') || c == QLatin1Char('\r') ||
            c == QLatin1Char('\n')) {
            return quoted(text);
        }
    }
    return text.toUtf8();
}

/// Gathers rows and writes them in blocks; remembers the first failure.
class CsvOutput
{
public:
    CsvOutput(QIODevice *out, const CsvExport &what)
        : m_out(out), m_epoch(what.timeFormat == CsvExport::TimeFormat::EpochMillis)
    {
        m_buffer.reserve(WriteBlock + 4096);
    }

    void time(qint64 t) { m_buffer += m_epoch ? QByteArray::number(t) : isoTime(t); }
    void append(const QByteArray &bytes) { m_buffer += bytes; }
    void append(char c) { m_buffer += c; }
    /// Ends the row, and writes what was gathered once it is a block.
    bool endRow()
    {
        m_buffer += "\r\n";
        ++m_rows;
        return m_buffer.size() < WriteBlock || write();
    }
    quint64 rows() const { return m_rows; }

    /// Writes what is left and makes sure it reached the file.
    bool finish()
    {
        if (!write())
            return false;
        if (auto *file = qobject_cast<QFileDevice *>(m_out); file && !file->flush())
            return fail();
        return true;
    }
    QString error() const { return m_error; }

private:
    bool write()
    {
        if (!m_error.isEmpty())
            return false;
        qsizetype done = 0;
        while (done < m_buffer.size()) {
            const qint64 n = m_out->write(m_buffer.constData() + done, m_buffer.size() - done);
            if (n <= 0)
                return fail();
            done += qsizetype(n);
        }
        m_buffer.clear();
        return true;
    }

    bool fail()
    {
        const auto *file = qobject_cast<QFileDevice *>(m_out);
        const QString name = file && !file->fileName().isEmpty()
                                 ? QDir::toNativeSeparators(file->fileName())
                                 : QCoreApplication::translate("livedash::History", "the output");
        QString why = m_out->errorString();
        if (why.isEmpty() || why == QLatin1String("Unknown error"))
            why = QCoreApplication::translate("livedash::History", "nothing was written");
        m_error = QCoreApplication::translate("livedash::History", "writing to %1 failed: %2")
                      .arg(name, why);
        return false;
    }

    QIODevice *m_out;
    bool m_epoch;
    QByteArray m_buffer;
    quint64 m_rows = 0;
    QString m_error;
};

/// A channel's samples in [from, to] in time order, read a chunk at a time. Chunks that overlap
/// (a source that sent out of order) are merged as readSamples() merges them: at equal times,
/// the chunk stored first comes first.
class SampleStream
{
public:
    SampleStream(HistoryStore &store, const QString &channel, qint64 from, qint64 to)
        : m_store(store), m_from(from), m_to(to)
    {
        store.readSummaries(channel, from, to, &m_chunks);
        fill();
    }

    bool atEnd() const { return m_pos == m_samples.size(); }
    const Sample &head() const { return m_samples[m_pos]; }
    void pop()
    {
        ++m_pos;
        fill();
    }
    size_t chunks() const { return m_chunks.size(); }
    size_t chunksRead() const { return m_next; }

private:
    /// Reads chunks until the head is the earliest sample left: no unread chunk starts before it.
    void fill()
    {
        while (m_next < m_chunks.size() && (atEnd() || m_chunks[m_next].summary.minT <= head().t)) {
            m_piece.clear();
            m_store.readChunk(m_chunks[m_next++].id, &m_piece); // a damaged one is in damage()
            std::erase_if(m_piece, [&](const Sample &s) { return s.t < m_from || s.t > m_to; });
            const auto earlier = [](const Sample &a, const Sample &b) { return a.t < b.t; };
            std::stable_sort(m_piece.begin(), m_piece.end(), earlier);
            m_samples.erase(m_samples.begin(), m_samples.begin() + qsizetype(m_pos));
            m_pos = 0;
            const qsizetype middle = qsizetype(m_samples.size());
            m_samples.insert(m_samples.end(), m_piece.begin(), m_piece.end());
            std::inplace_merge(m_samples.begin(), m_samples.begin() + middle, m_samples.end(),
                               earlier);
        }
    }

    HistoryStore &m_store;
    qint64 m_from;
    qint64 m_to;
    std::vector<StoredChunk> m_chunks;
    size_t m_next = 0; ///< the first chunk not read yet
    std::vector<Sample> m_samples;
    size_t m_pos = 0;
    std::vector<Sample> m_piece;
};

/// A channel's texts in [from, to], oldest first, read a page at a time.
class TextStream
{
public:
    TextStream(HistoryStore &store, const QString &channel, qint64 from, qint64 to)
        : m_store(store), m_channel(channel), m_from(from), m_to(to)
    {
        fill();
    }

    bool atEnd() const { return m_pos == m_page.size(); }
    const TextSample &head() const { return m_page[m_pos]; }
    void pop()
    {
        ++m_pos;
        fill();
    }

private:
    void fill()
    {
        if (!atEnd() || m_ended)
            return;
        m_page = m_store.readTextPage(m_channel, m_from, m_to, TextPage, &m_cursor);
        m_pos = 0;
        m_ended = m_page.size() < TextPage;
    }

    HistoryStore &m_store;
    QString m_channel;
    qint64 m_from;
    qint64 m_to;
    TextCursor m_cursor;
    QList<TextSample> m_page;
    qsizetype m_pos = 0;
    bool m_ended = false;
};

/// Asks `progress` how far along and whether to go on (false: cancelled).
bool goOn(const std::function<bool(double)> &progress, double done)
{
    return !progress || progress(std::clamp(done, 0.0, 1.0));
}

bool writeLong(HistoryStore &store, const CsvExport &what, const QStringList &channels,
               CsvOutput &out, const std::function<bool(double)> &progress, bool *cancelled)
{
    out.append(QByteArrayLiteral("time,channel,value,text"));
    if (!out.endRow())
        return false;
    for (qsizetype i = 0; i < channels.size(); ++i) {
        const QString &name = channels[i];
        const QByteArray channel = field(name);
        SampleStream samples(store, name, what.from, what.to);
        TextStream texts(store, name, what.from, what.to);
        while (!samples.atEnd() || !texts.atEnd()) {
            // At equal times the sample comes before the text.
            if (!samples.atEnd() && (texts.atEnd() || samples.head().t <= texts.head().t)) {
                out.time(samples.head().t);
                out.append(',');
                out.append(channel);
                out.append(',');
                out.append(numberText(samples.head().v));
                out.append(',');
                samples.pop();
            } else {
                out.time(texts.head().t);
                out.append(',');
                out.append(channel);
                out.append(",,");
                out.append(field(texts.head().text));
                texts.pop();
            }
            if (!out.endRow())
                return false;
            if (out.rows() % ProgressEveryRows == 0) {
                const double inChannel =
                    samples.chunks() ? double(samples.chunksRead()) / double(samples.chunks()) : 0;
                if (!goOn(progress, (double(i) + inChannel) / double(channels.size()))) {
                    *cancelled = true;
                    return false;
                }
            }
        }
        if (!goOn(progress, double(i + 1) / double(channels.size()))) {
            *cancelled = true;
            return false;
        }
    }
    return true;
}

bool writeWide(HistoryStore &store, const CsvExport &what, const QStringList &channels,
               CsvOutput &out, const std::function<bool(double)> &progress, bool *cancelled)
{
    out.append(QByteArrayLiteral("time"));
    for (const QString &name : channels) {
        out.append(',');
        out.append(field(name));
    }
    if (!out.endRow())
        return false;
    std::vector<std::unique_ptr<SampleStream>> samples;
    std::vector<std::unique_ptr<TextStream>> texts;
    size_t chunks = 0;
    for (const QString &name : channels) {
        samples.push_back(std::make_unique<SampleStream>(store, name, what.from, what.to));
        texts.push_back(std::make_unique<TextStream>(store, name, what.from, what.to));
        chunks += samples.back()->chunks();
    }
    const size_t count = channels.size();
    for (;;) {
        bool any = false;
        qint64 t = 0;
        for (size_t i = 0; i < count; ++i) {
            if (!samples[i]->atEnd() && (!any || samples[i]->head().t < t)) {
                t = samples[i]->head().t;
                any = true;
            }
            if (!texts[i]->atEnd() && (!any || texts[i]->head().t < t)) {
                t = texts[i]->head().t;
                any = true;
            }
        }
        if (!any)
            break;
        out.time(t);
        for (size_t i = 0; i < count; ++i) {
            out.append(',');
            // Several values at one time: the one stored last. A number wins over a text.
            std::optional<double> number;
            while (!samples[i]->atEnd() && samples[i]->head().t == t) {
                number = samples[i]->head().v;
                samples[i]->pop();
            }
            std::optional<QString> text;
            while (!texts[i]->atEnd() && texts[i]->head().t == t) {
                text = texts[i]->head().text;
                texts[i]->pop();
            }
            if (number)
                out.append(numberText(*number));
            else if (text)
                out.append(quoted(*text));
        }
        if (!out.endRow())
            return false;
        if (out.rows() % ProgressEveryRows == 0) {
            size_t read = 0;
            for (const auto &s : samples)
                read += s->chunksRead();
            if (!goOn(progress, chunks ? double(read) / double(chunks) : 0)) {
                *cancelled = true;
                return false;
            }
        }
    }
    return true;
}

} // namespace

QStringList matchingChannels(HistoryStore &store, const QStringList &patterns)
{
    QStringList all = store.channels();
    std::sort(all.begin(), all.end());
    if (patterns.isEmpty())
        return all;
    QStringList matched;
    for (const QString &name : std::as_const(all)) {
        if (std::any_of(patterns.cbegin(), patterns.cend(), [&](const QString &pattern) {
                return ChannelStore::patternMatches(pattern, name);
            })) {
            matched.append(name);
        }
    }
    return matched;
}

bool writeCsv(HistoryStore &store, const CsvExport &what, QIODevice *out, QString *error,
              const std::function<bool(double)> &progress)
{
    const auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (!store.isOpen())
        return fail(
            QCoreApplication::translate("livedash::History", "the history file is not open"));
    if (what.from > what.to)
        return fail(
            QCoreApplication::translate(
                "livedash::History", "the time range is empty: it starts at %1, after its end %2")
                .arg(QString::fromLatin1(isoTime(what.from)),
                     QString::fromLatin1(isoTime(what.to))));
    const QStringList all = store.channels();
    if (what.channels.isEmpty() && all.isEmpty())
        return fail(QCoreApplication::translate("livedash::History", "%1 holds no channels")
                        .arg(QDir::toNativeSeparators(store.path())));
    // A pattern that names nothing is a mistake worth hearing about, even when others match.
    for (const QString &pattern : what.channels) {
        if (std::none_of(all.cbegin(), all.cend(), [&](const QString &name) {
                return ChannelStore::patternMatches(pattern, name);
            })) {
            return fail(
                QCoreApplication::translate("livedash::History", "no stored channel matches \"%1\"")
                    .arg(pattern));
        }
    }
    const QStringList channels = matchingChannels(store, what.channels);
    CsvOutput csv(out, what);
    bool cancelled = false;
    const bool ok = what.layout == CsvExport::Layout::Wide
                        ? writeWide(store, what, channels, csv, progress, &cancelled)
                        : writeLong(store, what, channels, csv, progress, &cancelled);
    if (cancelled)
        return fail(QCoreApplication::translate("livedash::History", "cancelled"));
    if (!ok || !csv.finish())
        return fail(csv.error());
    return true;
}

} // namespace livedash::history
