#include "promtext.h"

#include <QStringDecoder>

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace livedash::promtext {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

bool isNameStart(char c, bool colon)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
}

bool isNameChar(char c, bool colon)
{
    return isNameStart(c, colon) || (c >= '0' && c <= '9');
}

QByteArrayView trimmed(QByteArrayView s)
{
    while (!s.isEmpty() && isBlank(s.front()))
        s = s.sliced(1);
    while (!s.isEmpty() && isBlank(s.back()))
        s.chop(1);
    return s;
}

/// A cursor over one line.
struct Cursor
{
    QByteArrayView s;
    qsizetype pos = 0;

    bool atEnd() const { return pos >= s.size(); }
    char peek() const { return atEnd() ? '\0' : s[pos]; }
    /// Skips blanks and tabs; whether there were any.
    bool skipBlanks()
    {
        const qsizetype start = pos;
        while (!atEnd() && isBlank(s[pos]))
            ++pos;
        return pos > start;
    }
    QByteArrayView name(bool colon)
    {
        const qsizetype start = pos;
        if (!atEnd() && isNameStart(s[pos], colon)) {
            ++pos;
            while (!atEnd() && isNameChar(s[pos], colon))
                ++pos;
        }
        return s.sliced(start, pos - start);
    }
    QByteArrayView token()
    {
        const qsizetype start = pos;
        while (!atEnd() && !isBlank(s[pos]))
            ++pos;
        return s.sliced(start, pos - start);
    }
    QByteArrayView rest()
    {
        const QByteArrayView r = s.sliced(pos);
        pos = s.size();
        return r;
    }
};

bool validUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(bytes);
    Q_UNUSED(text);
    return !decoder.hasError();
}

/// `word` equals `lower` ignoring ASCII case.
bool equalsIgnoringCase(QByteArrayView word, const char *lower)
{
    return word.compare(QByteArrayView(lower), Qt::CaseInsensitive) == 0;
}

std::optional<qint64> parseTimestamp(QByteArrayView text)
{
    qsizetype i = 0;
    bool negative = false;
    if (!text.isEmpty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        ++i;
    }
    if (i >= text.size())
        return std::nullopt;
    quint64 magnitude = 0;
    const quint64 limit = negative ? quint64(std::numeric_limits<qint64>::max()) + 1
                                   : quint64(std::numeric_limits<qint64>::max());
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c < '0' || c > '9')
            return std::nullopt;
        const quint64 digit = quint64(c - '0');
        if (magnitude > (limit - digit) / 10)
            return std::nullopt;
        magnitude = magnitude * 10 + digit;
    }
    if (negative)
        return magnitude == quint64(std::numeric_limits<qint64>::max()) + 1
                   ? std::numeric_limits<qint64>::min()
                   : -qint64(magnitude);
    return qint64(magnitude);
}

QString quoted(QByteArrayView bytes)
{
    QString s = QString::fromUtf8(bytes.first(std::min<qsizetype>(bytes.size(), 60)));
    for (QChar &c : s)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = QLatin1Char('?');
    if (bytes.size() > 60)
        s += QStringLiteral("...");
    return QLatin1Char('"') + s + QLatin1Char('"');
}

} // namespace

std::optional<MetricType> metricTypeFromName(QByteArrayView name)
{
    if (name == "counter")
        return MetricType::Counter;
    if (name == "gauge")
        return MetricType::Gauge;
    if (name == "histogram")
        return MetricType::Histogram;
    if (name == "summary")
        return MetricType::Summary;
    if (name == "untyped")
        return MetricType::Untyped;
    return std::nullopt;
}

QString metricTypeName(MetricType type)
{
    switch (type) {
    case MetricType::Counter:
        return QStringLiteral("counter");
    case MetricType::Gauge:
        return QStringLiteral("gauge");
    case MetricType::Histogram:
        return QStringLiteral("histogram");
    case MetricType::Summary:
        return QStringLiteral("summary");
    case MetricType::Untyped:
        break;
    }
    return QStringLiteral("untyped");
}

std::optional<QString> Sample::label(const QString &labelName) const
{
    for (const Label &l : labels)
        if (l.name == labelName)
            return l.value;
    return std::nullopt;
}

bool Sample::isCumulative() const
{
    switch (type) {
    case MetricType::Counter:
        return true;
    case MetricType::Histogram:
        return name != family; // _bucket, _sum, _count
    case MetricType::Summary:
        return name == family + QLatin1String("_sum") || name == family + QLatin1String("_count");
    case MetricType::Gauge:
    case MetricType::Untyped:
        break;
    }
    return false;
}

namespace {

/// A metric name (`colons` true: [a-zA-Z_:][a-zA-Z0-9_:]*) or a label name (false: no ':').
bool isValidName(QStringView name, bool colons)
{
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name[i];
        if (c.unicode() > 0x7f)
            return false;
        const char a = char(c.unicode());
        if (i == 0 ? !isNameStart(a, colons) : !isNameChar(a, colons))
            return false;
    }
    return true;
}

} // namespace

bool isValidMetricName(QStringView name)
{
    return isValidName(name, true);
}

bool isValidLabelName(QStringView name)
{
    return isValidName(name, false);
}

std::optional<double> parseFloat(QByteArrayView text)
{
    if (text.isEmpty())
        return std::nullopt;
    QByteArrayView body = text;
    double sign = 1;
    if (body.front() == '+' || body.front() == '-') {
        sign = body.front() == '-' ? -1 : 1;
        body = body.sliced(1);
    } else if (equalsIgnoringCase(body, "nan")) { // Go takes NaN without a sign only
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (equalsIgnoringCase(body, "inf") || equalsIgnoringCase(body, "infinity"))
        return sign * std::numeric_limits<double>::infinity();
    if (body.isEmpty())
        return std::nullopt;
    std::chars_format format = std::chars_format::general;
    if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
        body = body.sliced(2);
        // Go's hexadecimal floats need the binary exponent.
        if (!body.contains('p') && !body.contains('P'))
            return std::nullopt;
        format = std::chars_format::hex;
    }
    // from_chars takes no sign of its own here, nor "inf"/"nan" (handled above).
    if (body.isEmpty() || body.front() == '+' || body.front() == '-' ||
        !(std::isxdigit(static_cast<unsigned char>(body.front())) || body.front() == '.'))
        return std::nullopt;
    for (const char c : body) // from_chars would read "infinity" inside; only digits here
        if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' ||
              c == 'p' || c == 'P' || c == '+' || c == '-'))
            return std::nullopt;
    double value = 0;
    const char *begin = body.data();
    const char *end = begin + body.size();
    const std::from_chars_result r = std::from_chars(begin, end, value, format);
    if (r.ec != std::errc() || r.ptr != end)
        return std::nullopt;
    return sign * value;
}

QByteArray formatFloat(double value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    char buffer[64];
    const std::to_chars_result r = std::to_chars(buffer, buffer + sizeof buffer, value);
    return QByteArray(buffer, qsizetype(r.ptr - buffer));
}

QByteArray escapeLabelValue(const QString &value)
{
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (const char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray escapeHelp(const QString &help)
{
    QByteArray out;
    const QByteArray utf8 = help.toUtf8();
    for (const char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

void Parser::feed(QByteArrayView chunk)
{
    while (!chunk.isEmpty()) {
        const qsizetype nl = chunk.indexOf('\n');
        const QByteArrayView part = nl < 0 ? chunk : chunk.first(nl);
        if (!m_skipping) {
            if (m_pending.size() + part.size() > m_maxLine) {
                m_skipping = true;
                m_pending.clear();
                m_errors.append(
                    {m_line + 1,
                     QStringLiteral("line longer than %1 bytes: skipped").arg(m_maxLine)});
            } else {
                m_pending += part;
            }
        }
        if (nl < 0)
            return;
        ++m_line;
        if (!m_skipping)
            parseLine(m_pending);
        m_pending.clear();
        m_skipping = false;
        chunk = chunk.sliced(nl + 1);
    }
}

void Parser::finish()
{
    if (m_pending.isEmpty() && !m_skipping)
        return;
    ++m_line;
    if (!m_skipping)
        parseLine(m_pending);
    m_pending.clear();
    m_skipping = false;
}

void Parser::error(const QString &message)
{
    m_errors.append({m_line, message});
}

Family &Parser::family(const QString &name)
{
    auto it = m_familyIndex.constFind(name);
    if (it == m_familyIndex.constEnd()) {
        Family f;
        f.name = name;
        m_families.append(f);
        it = m_familyIndex.insert(name, m_families.size() - 1);
    }
    m_current = *it;
    return m_families[*it];
}

Family &Parser::familyOf(const QString &name)
{
    // The family of the lines just before (the format keeps a family's lines together), then
    // any family whose TYPE makes this one of its series.
    auto belongs = [&name](const Family &f) {
        if (f.type == MetricType::Histogram)
            return name == f.name + QLatin1String("_bucket") ||
                   name == f.name + QLatin1String("_sum") ||
                   name == f.name + QLatin1String("_count");
        if (f.type == MetricType::Summary)
            return name == f.name || name == f.name + QLatin1String("_sum") ||
                   name == f.name + QLatin1String("_count");
        return name == f.name;
    };
    if (m_current >= 0 && belongs(m_families[m_current]))
        return m_families[m_current];
    if (m_familyIndex.contains(name))
        return family(name);
    for (const char *suffix : {"_bucket", "_sum", "_count"}) {
        const QLatin1String s(suffix);
        if (!name.endsWith(s))
            continue;
        const auto it = m_familyIndex.constFind(name.chopped(s.size()));
        if (it != m_familyIndex.constEnd() && belongs(m_families[*it])) {
            m_current = *it;
            return m_families[*it];
        }
    }
    return family(name);
}

void Parser::parseLine(QByteArrayView line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    line = trimmed(line);
    if (line.isEmpty())
        return;
    if (line.front() == '#')
        parseComment(line.sliced(1));
    else
        parseSample(line);
}

void Parser::parseComment(QByteArrayView rest)
{
    Cursor c{rest};
    c.skipBlanks();
    const QByteArrayView keyword = c.token();
    const bool help = keyword == "HELP";
    if (!help && keyword != "TYPE")
        return; // a comment
    c.skipBlanks();
    if (c.atEnd())
        return; // "# HELP" alone: not an error (as Prometheus's own parser)
    const QByteArrayView nameToken = c.token();
    const QString name = QString::fromUtf8(nameToken);
    if (!isValidMetricName(name)) {
        error(QStringLiteral("invalid metric name %1 in %2 line")
                  .arg(quoted(nameToken), QString::fromLatin1(keyword)));
        return;
    }
    c.skipBlanks();
    if (help) {
        const QByteArrayView text = c.rest();
        QByteArray out;
        out.reserve(text.size());
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text[i] != '\\') {
                out += text[i];
                continue;
            }
            const char next = i + 1 < text.size() ? text[i + 1] : '\0';
            if (next == '\\') {
                out += '\\';
            } else if (next == 'n') {
                out += '\n';
            } else {
                error(QStringLiteral("invalid escape sequence in HELP of %1 at column %2 (only "
                                     "\\\\ and \\n are allowed)")
                          .arg(name)
                          .arg(i + 1));
                return;
            }
            ++i;
        }
        Family &f = family(name);
        if (f.hasHelp) {
            error(QStringLiteral("second HELP line for %1").arg(name));
            return;
        }
        f.hasHelp = true;
        f.help = QString::fromUtf8(out);
        return;
    }
    if (c.atEnd())
        return; // "# TYPE name" without a type: not an error
    const QByteArrayView typeToken = c.token();
    c.skipBlanks();
    const std::optional<MetricType> type = metricTypeFromName(typeToken);
    if (!type || !c.atEnd()) {
        error(QStringLiteral("unknown metric type %1 for %2 (counter, gauge, histogram, summary "
                             "or untyped)")
                  .arg(quoted(typeToken.isEmpty() ? rest : typeToken), name));
        return;
    }
    const bool known = m_familyIndex.contains(name);
    Family &f = family(name);
    if (known && f.hasType) {
        error(QStringLiteral("second TYPE line for %1").arg(name));
        return;
    }
    if (f.hasSamples) {
        error(QStringLiteral("TYPE line for %1 after its samples").arg(name));
        return;
    }
    f.hasType = true;
    f.type = *type;
}

void Parser::parseSample(QByteArrayView line)
{
    Cursor c{line};
    const QByteArrayView nameBytes = c.name(true);
    if (nameBytes.isEmpty()) {
        error(QStringLiteral("expected a metric name at the start of %1").arg(quoted(line)));
        return;
    }
    Sample s;
    s.name = QString::fromLatin1(nameBytes);
    s.line = m_line;
    const bool blank = c.skipBlanks();
    if (c.peek() == '{') {
        ++c.pos;
        for (;;) {
            c.skipBlanks();
            if (c.peek() == '}') {
                ++c.pos;
                break;
            }
            const qsizetype at = c.pos;
            const QByteArrayView labelName = c.name(false);
            if (labelName.isEmpty()) {
                error(QStringLiteral("%1: expected a label name at column %2")
                          .arg(s.name)
                          .arg(at + 1));
                return;
            }
            c.skipBlanks();
            if (c.peek() != '=') {
                error(QStringLiteral("%1: expected '=' after label %2")
                          .arg(s.name, QString::fromLatin1(labelName)));
                return;
            }
            ++c.pos;
            c.skipBlanks();
            if (c.peek() != '"') {
                error(QStringLiteral("%1: expected '\"' to start the value of label %2")
                          .arg(s.name, QString::fromLatin1(labelName)));
                return;
            }
            ++c.pos;
            QByteArray value;
            bool closed = false;
            while (!c.atEnd()) {
                const char ch = c.s[c.pos++];
                if (ch == '"') {
                    closed = true;
                    break;
                }
                if (ch != '\\') {
                    value += ch;
                    continue;
                }
                const char next = c.peek();
                if (next == '\\' || next == '"')
                    value += next;
                else if (next == 'n')
                    value += '\n';
                else {
                    error(QStringLiteral("%1: invalid escape sequence in the value of label %2 "
                                         "at column %3 (only \\\\, \\\" and \\n are allowed)")
                              .arg(s.name, QString::fromLatin1(labelName))
                              .arg(c.pos));
                    return;
                }
                ++c.pos;
            }
            if (!closed) {
                error(QStringLiteral("%1: the value of label %2 is not closed by '\"'")
                          .arg(s.name, QString::fromLatin1(labelName)));
                return;
            }
            if (!validUtf8(value)) {
                error(QStringLiteral("%1: the value of label %2 is not valid UTF-8")
                          .arg(s.name, QString::fromLatin1(labelName)));
                return;
            }
            Label label{QString::fromLatin1(labelName), QString::fromUtf8(value)};
            if (label.name == QLatin1String("__name__")) {
                error(QStringLiteral("%1: label name __name__ is reserved").arg(s.name));
                return;
            }
            if (s.label(label.name)) {
                error(QStringLiteral("%1: label %2 given twice").arg(s.name, label.name));
                return;
            }
            s.labels.append(std::move(label));
            c.skipBlanks();
            if (c.peek() == ',') {
                ++c.pos;
                continue;
            }
            if (c.peek() == '}') {
                ++c.pos;
                break;
            }
            error(QStringLiteral("%1: expected ',' or '}' after the value of label %2")
                      .arg(s.name, s.labels.last().name));
            return;
        }
        c.skipBlanks();
    } else if (!blank && !c.atEnd()) {
        error(QStringLiteral("%1: expected a blank or '{' after the metric name at column %2")
                  .arg(quoted(line))
                  .arg(c.pos + 1));
        return;
    }
    if (c.atEnd()) {
        error(QStringLiteral("%1: no value").arg(s.name));
        return;
    }
    const QByteArrayView valueToken = c.token();
    const std::optional<double> value = parseFloat(valueToken);
    if (!value) {
        error(QStringLiteral("%1: invalid value %2").arg(s.name, quoted(valueToken)));
        return;
    }
    s.value = *value;
    c.skipBlanks();
    if (!c.atEnd()) {
        const QByteArrayView tsToken = c.token();
        s.timestampMs = parseTimestamp(tsToken);
        if (!s.timestampMs) {
            error(QStringLiteral("%1: invalid timestamp %2 (milliseconds since 1970, an integer)")
                      .arg(s.name, quoted(tsToken)));
            return;
        }
        c.skipBlanks();
        if (!c.atEnd()) {
            error(QStringLiteral("%1: unexpected text after the timestamp: %2")
                      .arg(s.name, quoted(c.rest())));
            return;
        }
    }

    Family &f = familyOf(s.name);
    if (f.type == MetricType::Histogram) {
        if (s.name == f.name) {
            error(QStringLiteral("%1: a histogram's samples end in _bucket, _sum or _count")
                      .arg(s.name));
            return;
        }
        if (s.name == f.name + QLatin1String("_bucket")) {
            const std::optional<QString> le = s.label(QStringLiteral("le"));
            if (!le || !parseFloat(le->toUtf8())) {
                error(
                    QStringLiteral("%1: a histogram bucket needs a numeric label le").arg(s.name));
                return;
            }
        }
    } else if (f.type == MetricType::Summary && s.name == f.name) {
        const std::optional<QString> q = s.label(QStringLiteral("quantile"));
        if (!q || !parseFloat(q->toUtf8())) {
            error(QStringLiteral("%1: a summary's quantile sample needs a numeric label quantile")
                      .arg(s.name));
            return;
        }
    }
    f.hasSamples = true;
    s.family = f.name;
    s.type = f.type;
    m_samples.append(std::move(s));
}

Parser parse(QByteArrayView text)
{
    Parser p;
    p.feed(text);
    p.finish();
    return p;
}

QByteArray formatSample(const Sample &sample)
{
    QByteArray out = sample.name.toUtf8();
    if (!sample.labels.isEmpty()) {
        out += '{';
        for (qsizetype i = 0; i < sample.labels.size(); ++i) {
            if (i > 0)
                out += ',';
            out += sample.labels[i].name.toUtf8();
            out += "=\"";
            out += escapeLabelValue(sample.labels[i].value);
            out += '"';
        }
        out += '}';
    }
    out += ' ';
    out += formatFloat(sample.value);
    if (sample.timestampMs) {
        out += ' ';
        out += QByteArray::number(*sample.timestampMs);
    }
    return out;
}

} // namespace livedash::promtext
