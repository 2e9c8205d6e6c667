#include <livedash/lines.h>
#include <livedash/redact.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>
#include <utility>

namespace livedash {

namespace {

/// The start of a refused line as the error quotes it, without secrets.
QString quoted(QByteArrayView line)
{
    return redactText(QString::fromUtf8(line.first(std::min<qsizetype>(line.size(), 40))));
}

bool isSeparator(char c)
{
    return c == ' ' || c == '\t' || c == ',' || c == ';';
}

/// `line` cut at runs of spaces, tabs, ',' and ';'.
QList<QByteArrayView> splitWords(QByteArrayView line)
{
    QList<QByteArrayView> words;
    qsizetype i = 0;
    while (i < line.size()) {
        while (i < line.size() && isSeparator(line[i]))
            ++i;
        const qsizetype start = i;
        while (i < line.size() && !isSeparator(line[i]))
            ++i;
        if (i > start)
            words.append(line.sliced(start, i - start));
    }
    return words;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonValue valueOf(QByteArrayView field)
{
    if (const std::optional<double> v = parseNumber(field))
        return *v;
    return QString::fromUtf8(field);
}

QStringList headerFrom(QByteArrayView line)
{
    QStringList names;
    for (const QByteArray &name : splitCsv(line))
        names.append(QString::fromUtf8(name).trimmed());
    return names;
}

} // namespace

QList<QByteArray> splitCsv(QByteArrayView line)
{
    QList<QByteArray> fields;
    QByteArray field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field.append('"');
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field.append(c);
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.append(std::exchange(field, {}));
        } else {
            field.append(c);
        }
    }
    fields.append(field);
    return fields;
}

std::optional<double> parseNumber(QByteArrayView text)
{
    const QByteArrayView t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    // QByteArray::toDouble also takes "inf", "nan" and hexadecimal forms: JSON's only.
    for (const char c : t)
        if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'))
            return std::nullopt;
    bool ok = false;
    const double v = t.toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return std::nullopt;
    return v;
}

QList<OptionSpec> LineDecoder::options(const QString &defaultFormat)
{
    return {
        option(FormatKey, OptionType::Enum,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Line format"),
               QT_TRANSLATE_NOOP(
                   "livedash::FeedPlugins",
                   "jsonl: each line is one JSON message for the field mapping. csv: "
                   "comma-separated rows, the first line (or CSV header) names the columns; each "
                   "row is a message {name: value}. keyValue: name=value pairs separated by "
                   "spaces, commas or semicolons. number: a number per line, as the message "
                   "{\"value\": x} (channel \"<feed>/value\" without a mapping); several on a "
                   "line as value1, value2, ..."))
            .withDefault(defaultFormat)
            .withChoices({FormatJsonLines, FormatCsv, FormatKeyValue, FormatNumber}),
        option(CsvHeaderKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "CSV header"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Column names, comma-separated, for CSV without a header line; "
                                 "empty: the first line is the header.")),
        option(MaxLineKey, OptionType::Int,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Maximum line size"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Longer lines are discarded and counted as rejected, in bytes."))
            .withDefault(DefaultMaxLineBytes)
            .withRange(16, 256.0 * 1024 * 1024),
    };
}

LineDecoder LineDecoder::fromOptions(const QVariantMap &options)
{
    const QString format = options.value(FormatKey, FormatJsonLines).toString();
    const Format f = format == FormatCsv        ? Format::Csv
                     : format == FormatKeyValue ? Format::KeyValue
                     : format == FormatNumber   ? Format::Number
                                                : Format::JsonLines;
    const QString header = options.value(CsvHeaderKey).toString();
    return LineDecoder(f, header.trimmed().isEmpty() ? QStringList() : headerFrom(header.toUtf8()));
}

qint64 LineDecoder::maxLineBytes(const QVariantMap &options)
{
    return std::max<qint64>(16, options.value(MaxLineKey, DefaultMaxLineBytes).toLongLong());
}

LineDecoder::LineDecoder(Format format, QStringList csvHeader)
    : m_format(format), m_configuredHeader(std::move(csvHeader)), m_header(m_configuredHeader)
{
}

void LineDecoder::restart()
{
    m_header = m_configuredHeader;
}

LineDecoder::Result LineDecoder::decode(QByteArrayView line)
{
    if (line.trimmed().isEmpty())
        return {};
    switch (m_format) {
    case Format::JsonLines:
        return {Result::Message, line.toByteArray(), {}};
    case Format::Csv:
        return decodeCsv(line);
    case Format::KeyValue:
        return decodeKeyValue(line);
    case Format::Number:
        return decodeNumbers(line);
    }
    return {};
}

LineDecoder::Result LineDecoder::decodeCsv(QByteArrayView line)
{
    if (m_header.isEmpty()) {
        m_header = headerFrom(line);
        return {};
    }
    const QList<QByteArray> fields = splitCsv(line);
    if (fields.size() > m_header.size())
        return {Result::Rejected,
                {},
                QCoreApplication::translate("livedash::FeedErrors",
                                            "CSV row with %1 fields, the header names %2")
                    .arg(fields.size())
                    .arg(m_header.size())};
    QJsonObject row;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (fields[i].trimmed().isEmpty() || m_header[i].isEmpty())
            continue; // no value: the field is missing from this row's message
        row.insert(m_header[i], valueOf(fields[i]));
    }
    return {Result::Message, compact(row), {}};
}

LineDecoder::Result LineDecoder::decodeKeyValue(QByteArrayView line) const
{
    const QList<QByteArrayView> words = splitWords(line);
    if (words.isEmpty())
        return {}; // separators only: as empty as an empty line
    QJsonObject pairs;
    for (const QByteArrayView word : words) {
        const qsizetype eq = word.indexOf('=');
        if (eq <= 0)
            return {
                Result::Rejected,
                {},
                QCoreApplication::translate("livedash::FeedErrors", "not name=value pairs: \"%1\"")
                    .arg(quoted(line))};
        pairs.insert(QString::fromUtf8(word.first(eq)), valueOf(word.sliced(eq + 1)));
    }
    return {Result::Message, compact(pairs), {}};
}

LineDecoder::Result LineDecoder::decodeNumbers(QByteArrayView line) const
{
    const QList<QByteArrayView> words = splitWords(line);
    if (words.isEmpty())
        return {}; // separators only: as empty as an empty line
    QJsonObject values;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const std::optional<double> v = parseNumber(words[i]);
        if (!v)
            return {Result::Rejected,
                    {},
                    QCoreApplication::translate("livedash::FeedErrors", "not a number: \"%1\"")
                        .arg(quoted(line))};
        values.insert(
            words.size() == 1 ? QStringLiteral("value") : QStringLiteral("value%1").arg(i + 1), *v);
    }
    return {Result::Message, compact(values), {}};
}

} // namespace livedash
