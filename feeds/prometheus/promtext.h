#pragma once

// The Prometheus text exposition format (version 0.0.4, what node-exporter and most services
// serve on /metrics), parsed as its specification says:
// https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
// Qt Core only, so that the fuzz target builds it on its own.

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace livedash::promtext {

enum class MetricType { Untyped, Counter, Gauge, Histogram, Summary };

/// "counter", "gauge", ...; nothing for any other word.
std::optional<MetricType> metricTypeFromName(QByteArrayView name);
QString metricTypeName(MetricType type);

struct Label
{
    QString name;
    QString value;
    bool operator==(const Label &) const = default;
};

/// One sample line.
struct Sample
{
    QString name;        ///< as written: "http_request_duration_seconds_bucket"
    QList<Label> labels; ///< in the order written
    double value = 0;
    std::optional<qint64> timestampMs;
    QString family; ///< the metric family: "http_request_duration_seconds"
    MetricType type = MetricType::Untyped;
    int line = 0; ///< 1-based line number

    /// The value of label `name`, or nothing.
    std::optional<QString> label(const QString &name) const;
    /// A counter or a cumulative part of a histogram or summary (_bucket, _sum, _count):
    /// values that only grow until the process restarts.
    bool isCumulative() const;
};

struct Family
{
    QString name;
    MetricType type = MetricType::Untyped;
    QString help; ///< unescaped
    bool hasHelp = false;
    bool hasType = false;
    bool hasSamples = false;
};

struct Error
{
    int line = 0; ///< 1-based
    QString message;
};

/// [a-zA-Z_:][a-zA-Z0-9_:]*
bool isValidMetricName(QStringView name);
/// [a-zA-Z_][a-zA-Z0-9_]*
bool isValidLabelName(QStringView name);

/// A sample value or `le`/`quantile` as Go's strconv.ParseFloat reads it (decimal or
/// hexadecimal, "NaN", "Inf", "+Inf", "-Inf", "Infinity" in any case); nothing for anything
/// else, including values out of the double range.
std::optional<double> parseFloat(QByteArrayView text);
/// The value as the format writes it: "NaN", "+Inf", "-Inf" or the shortest exact decimal.
QByteArray formatFloat(double value);

/// A label value with \\, \" and line feeds escaped, and HELP text with \\ and line feeds.
QByteArray escapeLabelValue(const QString &value);
QByteArray escapeHelp(const QString &help);

/// Reads an exposition text fed in pieces of any size. Lines end with '\n' (a '\r' before it
/// is dropped); the last line needs none once finish() is called. Blank lines and comments are
/// skipped; a line that breaks the format is reported with its number and skipped, and the
/// rest is read on.
class Parser
{
public:
    /// Lines longer than this are reported and skipped (whole bodies are bounded by the feed).
    static constexpr qsizetype DefaultMaxLineBytes = 1024 * 1024;
    explicit Parser(qsizetype maxLineBytes = DefaultMaxLineBytes) : m_maxLine(maxLineBytes) {}

    void feed(QByteArrayView chunk);
    /// The input has ended: reads an unterminated last line.
    void finish();

    const QList<Sample> &samples() const { return m_samples; }
    const QList<Error> &errors() const { return m_errors; }
    /// Families by name, in the order first seen.
    const QList<Family> &families() const { return m_families; }
    /// Lines seen so far.
    int lines() const { return m_line; }
    /// Samples and errors taken (the parser keeps the families and line count).
    QList<Sample> takeSamples() { return std::exchange(m_samples, {}); }

private:
    void parseLine(QByteArrayView line);
    void parseComment(QByteArrayView rest);
    void parseSample(QByteArrayView line);
    void error(const QString &message);
    Family &family(const QString &name);
    /// The family a sample named `name` belongs to, by the TYPE lines seen.
    Family &familyOf(const QString &name);

    qsizetype m_maxLine;
    QByteArray m_pending;
    bool m_skipping = false; ///< inside an over-long line
    int m_line = 0;
    QList<Sample> m_samples;
    QList<Error> m_errors;
    QList<Family> m_families;
    QHash<QString, qsizetype> m_familyIndex;
    qsizetype m_current = -1; ///< the family of the last TYPE/HELP line or sample
};

/// Parses a whole exposition text.
Parser parse(QByteArrayView text);

/// One sample as a line of the format (without the line feed): labels escaped, the value by
/// formatFloat, the timestamp if any. Parsing it gives the same name, labels, value and
/// timestamp back.
QByteArray formatSample(const Sample &sample);

} // namespace livedash::promtext
