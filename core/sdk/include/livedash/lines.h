#pragma once

#include <livedash/export.h>
#include <livedash/options.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace livedash {

/// Splits a byte stream into lines ('\n', an optional '\r' before it dropped). A line longer
/// than the limit is reported once and skipped up to its newline: at most `max` bytes are kept.
/// For feeds that read lines from a pipe, a serial port or a socket.
class LineSplitter
{
public:
    explicit LineSplitter(qint64 max) : m_max(max) {}

    void reset()
    {
        m_partial.clear();
        m_discarding = false;
    }
    qint64 maxLineBytes() const { return m_max; }
    /// Bytes of an unfinished line held back.
    qsizetype pending() const { return m_partial.size(); }

    template<typename OnLine, typename OnOversized>
    void feed(QByteArrayView data, OnLine &&onLine, OnOversized &&onOversized)
    {
        qsizetype pos = 0;
        while (pos < data.size()) {
            const qsizetype nl = data.indexOf('\n', pos);
            const QByteArrayView piece = data.sliced(pos, (nl < 0 ? data.size() : nl) - pos);
            pos = nl < 0 ? data.size() : nl + 1;
            if (m_discarding) {
                m_discarding = nl < 0; // the oversized line ends at this newline
                continue;
            }
            if (m_partial.size() + piece.size() > m_max) {
                m_partial.clear();
                m_discarding = nl < 0;
                onOversized();
                continue;
            }
            if (nl < 0) {
                m_partial.append(piece);
                continue;
            }
            if (m_partial.isEmpty()) {
                onLine(chopCr(piece));
            } else {
                m_partial.append(piece);
                onLine(chopCr(m_partial));
                m_partial.clear();
            }
        }
    }

    /// The last line when the stream ended without a newline.
    template<typename OnLine>
    void finish(OnLine &&onLine)
    {
        if (!m_discarding && !m_partial.isEmpty())
            onLine(chopCr(m_partial));
        reset();
    }

private:
    static QByteArrayView chopCr(QByteArrayView line)
    {
        return line.endsWith('\r') ? line.chopped(1) : line;
    }

    QByteArray m_partial;
    bool m_discarding = false;
    qint64 m_max;
};

/// One CSV row (RFC 4180 within a line: "quoted, fields" with "" for a quote), its fields
/// unquoted and otherwise as they are.
LIVEDASH_SDK_EXPORT QList<QByteArray> splitCsv(QByteArrayView line);

/// A number as text (JSON's forms, surrounding spaces allowed); nothing for anything else and
/// for what is no finite number.
LIVEDASH_SDK_EXPORT std::optional<double> parseNumber(QByteArrayView text);

/// Turns lines of text in one of the usual line formats into JSON messages for the field
/// mapping (FeedContext::message). Used by every feed that reads lines (exec, serial, udp,
/// tcp): the formats, their option keys and their error texts are the same in all of them.
///
/// - `jsonl`: each line is a JSON message, given as it is.
/// - `csv`: comma-separated rows; the column names come from the `csvHeader` option or, when
///   it is empty, from the stream's first line. Each row is the message {name: value}: numbers
///   as numbers, other fields as text, empty fields left out.
/// - `keyValue`: `name=value` pairs separated by spaces, tabs, ',' or ';' (`temp=21.5 rh=40`),
///   as the message {name: value}.
/// - `number`: a number per line as {"value": x}; several numbers on a line (separated by
///   spaces, tabs, ',' or ';', as Arduino's serial plotter takes them) as {"value1": x,
///   "value2": y, ...}.
class LIVEDASH_SDK_EXPORT LineDecoder
{
public:
    enum class Format { JsonLines, Csv, KeyValue, Number };

    static inline const QString FormatKey = QStringLiteral("format");
    static inline const QString CsvHeaderKey = QStringLiteral("csvHeader");
    static inline const QString MaxLineKey = QStringLiteral("maxLineBytes");
    static inline const QString FormatJsonLines = QStringLiteral("jsonl");
    static inline const QString FormatCsv = QStringLiteral("csv");
    static inline const QString FormatKeyValue = QStringLiteral("keyValue");
    static inline const QString FormatNumber = QStringLiteral("number");
    static constexpr qint64 DefaultMaxLineBytes = 1024 * 1024;

    /// The options a line-reading feed declares for this: `format`, `csvHeader` and
    /// `maxLineBytes`, with `defaultFormat` preselected.
    static QList<OptionSpec> options(const QString &defaultFormat = FormatJsonLines);
    /// The decoder the options declared by options() describe.
    static LineDecoder fromOptions(const QVariantMap &options);
    /// The `maxLineBytes` option's value (a LineSplitter's limit).
    static qint64 maxLineBytes(const QVariantMap &options);

    explicit LineDecoder(Format format = Format::JsonLines, QStringList csvHeader = {});

    struct Result
    {
        enum Kind {
            Message, ///< `message` is a JSON message for the mapping
            Skipped, ///< an empty line, or the CSV header line
            Rejected ///< `problem` says why, quoting at most the line's start (redacted)
        };
        Kind kind = Skipped;
        QByteArray message;
        QString problem;
    };
    Result decode(QByteArrayView line);
    /// A new stream starts (a reconnect): a CSV header read from the last one is forgotten.
    void restart();

    Format format() const { return m_format; }

private:
    Result decodeCsv(QByteArrayView line);
    Result decodeKeyValue(QByteArrayView line) const;
    Result decodeNumbers(QByteArrayView line) const;

    Format m_format;
    QStringList m_configuredHeader;
    QStringList m_header;
};

} // namespace livedash
