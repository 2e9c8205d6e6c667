#include "document/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace livedash {

namespace {

struct Frame
{
    bool object = false;
    QString path;
    QString lastKey;
    int index = 0;
    bool expectKey = false;
};

QString childPath(const Frame &parent)
{
    if (parent.object)
        return parent.path.isEmpty() ? parent.lastKey
                                     : parent.path + QLatin1Char('.') + parent.lastKey;
    return parent.path + QStringLiteral("[%1]").arg(parent.index);
}

/// A JSON string starting at `json[i]` (the opening quote); `i` ends after the closing one.
QString readString(const QByteArray &json, qsizetype &i)
{
    const qsizetype start = i;
    for (++i; i < json.size(); ++i) {
        if (json[i] == '\\')
            ++i;
        else if (json[i] == '"')
            break;
    }
    ++i;
    // The key as JSON decodes it (escapes included).
    const QJsonDocument doc = QJsonDocument::fromJson('[' + json.mid(start, i - start) + ']');
    return doc.array().at(0).toString();
}

QByteArray scalar(const QJsonValue &v)
{
    QByteArray text = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return text.mid(1, text.size() - 2);
}

/// "feeds[3].options" -> "feeds[].options": the pattern preferred orders are given for.
QString pattern(const QString &path)
{
    static const QRegularExpression index(QStringLiteral("\\[\\d+\\]"));
    QString p = path;
    return p.replace(index, QStringLiteral("[]"));
}

void write(QByteArray &out, const QJsonValue &value, const QString &path, int depth,
           const JsonKeyOrder &order, const JsonKeyOrder &preferred)
{
    const QByteArray pad(4 * (depth + 1), ' ');
    const QByteArray closePad(4 * depth, ' ');
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        if (o.isEmpty()) {
            out += "{}";
            return;
        }
        QStringList keys;
        for (const QStringList &source :
             {order.value(path), preferred.value(pattern(path)), o.keys()}) {
            for (const QString &k : source)
                if (o.contains(k) && !keys.contains(k))
                    keys.append(k);
        }
        out += "{\n";
        for (qsizetype i = 0; i < keys.size(); ++i) {
            out += pad + scalar(keys[i]) + ": ";
            write(out, o.value(keys[i]),
                  path.isEmpty() ? keys[i] : path + QLatin1Char('.') + keys[i], depth + 1, order,
                  preferred);
            out += i + 1 < keys.size() ? ",\n" : "\n";
        }
        out += closePad + '}';
        return;
    }
    if (value.isArray()) {
        const QJsonArray a = value.toArray();
        if (a.isEmpty()) {
            out += "[]";
            return;
        }
        // A short list of numbers or strings reads best on one line, as people write it.
        bool flat = true;
        QByteArray line = "[";
        for (qsizetype i = 0; flat && i < a.size(); ++i) {
            flat = !a.at(i).isObject() && !a.at(i).isArray();
            line += (i ? ", " : "") + scalar(a.at(i));
        }
        line += ']';
        if (flat && pad.size() + line.size() <= 100) {
            out += line;
            return;
        }
        out += "[\n";
        for (qsizetype i = 0; i < a.size(); ++i) {
            out += pad;
            write(out, a.at(i), path + QStringLiteral("[%1]").arg(i), depth + 1, order, preferred);
            out += i + 1 < a.size() ? ",\n" : "\n";
        }
        out += closePad + ']';
        return;
    }
    out += scalar(value);
}

} // namespace

JsonKeyOrder jsonKeyOrder(const QByteArray &json)
{
    JsonKeyOrder order;
    QList<Frame> stack;
    for (qsizetype i = 0; i < json.size();) {
        const char c = json[i];
        if (c == '"') {
            const QString s = readString(json, i);
            if (!stack.isEmpty() && stack.last().object && stack.last().expectKey) {
                order[stack.last().path].append(s);
                stack.last().lastKey = s;
                stack.last().expectKey = false;
            }
            continue;
        }
        if (c == '{' || c == '[') {
            Frame f;
            f.object = c == '{';
            f.path = stack.isEmpty() ? QString() : childPath(stack.last());
            f.expectKey = f.object;
            stack.append(f);
        } else if ((c == '}' || c == ']') && !stack.isEmpty()) {
            stack.removeLast();
        } else if (c == ',' && !stack.isEmpty()) {
            if (stack.last().object)
                stack.last().expectKey = true;
            else
                ++stack.last().index;
        }
        ++i;
    }
    return order;
}

QByteArray writeJson(const QJsonValue &value, const JsonKeyOrder &order,
                     const JsonKeyOrder &preferred)
{
    QByteArray out;
    write(out, value, QString(), 0, order, preferred);
    out += '\n';
    return out;
}

} // namespace livedash
