// MessageMapper's fast path: simdjson's DOM parser (its buffers kept from one message to the
// next) and the compiled field paths walked over its tape. Nothing is allocated per message in
// steady state: channels are interned (a static channel name resolves once; a templated one is
// built in a reused QString and looked up without copying), samples wait in a reused vector,
// and numbers reach the store by batch per channel.
//
// The tree path (QJsonDocument, messagemapper.cpp) is the meaning this path keeps. Where
// simdjson and QJsonDocument read a document differently, the message goes to the tree path
// before anything is recorded (see MessageMapper::fastFallbacks):
//   - documents simdjson refuses: invalid JSON (the tree path says where and why), a leading
//     byte-order mark, unescaped control characters and lone surrogate escapes (which Qt
//     accepts), integers past 64 bits (Qt reads them as doubles);
//   - a top-level scalar (Qt refuses it);
//   - a number that may have underflowed to 0 (Qt refuses "1e-400"; simdjson reads 0): a
//     fraction read as 0 in a message with a negative exponent or a long run of zeros;
//   - deeper than the feed's limit, or than Qt's own parser nests;
//   - a text channel whose value is an array or object (the tree path writes Qt's JSON text).
// Qt's objects keep one value per key (the last) in key order, so `[*]` over an object visits
// the members sorted by key, and a key given twice reads its last value, as the tree does.
// tests/fuzz/fuzz_mapperdiff.cpp maps every input both ways and requires the same samples,
// rejections and reasons.
#include "ingest/mapperdetail.h"
#include "ingest/messagemapper.h"
#include "ingest/timestamp.h"
#include "store/channel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringDecoder>

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace livedash {

using namespace mapperdetail;
namespace dom = simdjson::dom;

namespace {

/// Qt's JSON parser nests at most 1024 levels; anything deeper goes to the tree path.
constexpr int MaxFastDepth = 1000;

/// A FieldPath with its keys in UTF-8, as simdjson gives them.
struct FastPath
{
    struct Segment
    {
        FieldPath::Segment::Kind kind = FieldPath::Segment::Key;
        std::string key;
        qsizetype index = 0;
    };
    std::vector<Segment> segments;
    bool valid = false;
    bool wildcard = false;

    static FastPath compile(const FieldPath &path)
    {
        FastPath out;
        out.valid = path.isValid();
        out.wildcard = path.hasWildcard();
        for (const FieldPath::Segment &s : path.segments())
            out.segments.push_back({s.kind, s.key.toStdString(), s.index});
        return out;
    }
};

bool isNumber(dom::element_type t)
{
    return t == dom::element_type::INT64 || t == dom::element_type::UINT64 ||
           t == dom::element_type::DOUBLE;
}

/// A number element as the tree reads it (QJsonValue::toDouble()); -0 is 0 there, since Qt keeps
/// an integral double as an integer.
double numberOf(dom::element e)
{
    switch (e.type()) {
    case dom::element_type::INT64:
        return double(int64_t(e.get_int64().value_unsafe()));
    case dom::element_type::UINT64:
        return double(uint64_t(e.get_uint64().value_unsafe()));
    default: {
        const double d = e.get_double().value_unsafe();
        return d == 0 ? 0.0 : d;
    }
    }
}

/// What the tree would hold for a scalar (for the cold paths: error wording, timestamps given
/// as text); an array or object becomes an empty one of its kind (only its type is read).
QJsonValue treeValue(dom::element e)
{
    switch (e.type()) {
    case dom::element_type::STRING: {
        const std::string_view s = e.get_string().value_unsafe();
        return QString::fromUtf8(s.data(), qsizetype(s.size()));
    }
    case dom::element_type::BOOL:
        return e.get_bool().value_unsafe();
    case dom::element_type::NULL_VALUE:
        return QJsonValue(QJsonValue::Null);
    case dom::element_type::ARRAY:
        return QJsonArray();
    case dom::element_type::OBJECT:
        return QJsonObject();
    default:
        return numberOf(e);
    }
}

/// Qt keeps an object's members sorted by key (code point order, which is UTF-8 byte order),
/// one per key: the last given.
bool keyLess(std::string_view a, std::string_view b)
{
    return a < b; // std::string_view compares as unsigned char
}

} // namespace

struct MessageMapper::Fast
{
    struct Channel
    {
        const Compiled *compiled = nullptr;
        FastPath path;
        std::vector<FastPath> placeholders; ///< per name part; invalid for a literal or topic
        // The interned channel of a static name, for the prefix it was resolved with.
        bool interned = false;
        QString internedPrefix;
        livedash::Channel *channel = nullptr;
        QString key; ///< the channel's name within the feed (what the sink is given)
    };
    struct Member
    {
        std::string_view key;
        dom::element value;
        size_t order = 0;
    };
    struct Pending
    {
        livedash::Channel *channel = nullptr;
        QString name;
        ValueKind kind = ValueKind::Number;
        qint64 t = 0;
        double v = 0;
        QString text;
    };

    dom::parser parser;
    FastPath timestamp;
    FastPath sequence;
    std::vector<Channel> channels;
    // Reused from message to message.
    std::vector<Member> members;
    std::vector<Pending> pending;
    std::vector<Sample> batch;
    QString name;
    QStringDecoder utf8{QStringDecoder::Utf8, QStringDecoder::Flag::Stateless};
    bool bail = false; ///< the message goes to the tree path

    /// Calls fn(value, element) for every value `path` reaches from segment `seg` of `node`;
    /// `element` is the innermost `[*]`'s element. fn returns false to stop; so does walk().
    template<typename Fn>
    bool walk(dom::element node, const FastPath &path, size_t seg, dom::element element,
              bool viaWildcard, Fn &fn)
    {
        if (seg == path.segments.size())
            return fn(node, element, viaWildcard);
        const FastPath::Segment &s = path.segments[seg];
        switch (s.kind) {
        case FieldPath::Segment::Key: {
            dom::element child;
            if (field(node, s.key, &child))
                return walk(child, path, seg + 1, element, viaWildcard, fn);
            return true;
        }
        case FieldPath::Segment::Index: {
            dom::array a;
            if (node.get_array().get(a) != simdjson::SUCCESS)
                return true;
            const qsizetype size = qsizetype(a.size());
            const qsizetype idx = s.index < 0 ? size + s.index : s.index;
            if (idx < 0 || idx >= size)
                return true;
            dom::element child;
            if (a.at(size_t(idx)).get(child) != simdjson::SUCCESS)
                return true;
            return walk(child, path, seg + 1, element, viaWildcard, fn);
        }
        case FieldPath::Segment::Wildcard:
            break;
        }
        if (node.type() == dom::element_type::ARRAY) {
            const dom::array a = node.get_array().value_unsafe();
            for (dom::element child : a)
                if (!walk(child, path, seg + 1, child, true, fn))
                    return false;
            return true;
        }
        if (node.type() != dom::element_type::OBJECT)
            return true;
        return forEachMember(node, [&](std::string_view, dom::element child) {
            return walk(child, path, seg + 1, child, true, fn);
        });
    }

    /// Calls fn(key, value) for every member of an object node as QJsonObject iterates them:
    /// sorted by key, a repeated key's last value only. fn returns false to stop; so does this.
    template<typename Fn>
    bool forEachMember(dom::element node, Fn &&fn)
    {
        const size_t first = members.size();
        size_t order = 0;
        const dom::object o = node.get_object().value_unsafe();
        for (dom::key_value_pair kv : o)
            members.push_back({kv.key, kv.value, order++});
        std::sort(members.begin() + qsizetype(first), members.end(),
                  [](const Member &a, const Member &b) {
                      if (a.key != b.key)
                          return keyLess(a.key, b.key);
                      return a.order < b.order;
                  });
        bool go = true;
        for (size_t i = first; go && i < members.size(); ++i) {
            if (i + 1 < members.size() && members[i + 1].key == members[i].key)
                continue;                // a later value for this key wins
            const Member m = members[i]; // members may grow below
            go = fn(m.key, m.value);
        }
        members.resize(first);
        return go;
    }

    /// Appends UTF-8 text to `name`.
    void appendUtf8(std::string_view s)
    {
        const qsizetype from = name.size();
        name.resize(from + qsizetype(s.size())); // UTF-16 is never longer than UTF-8
        QChar *end =
            utf8.appendToBuffer(name.data() + from, QByteArrayView(s.data(), qsizetype(s.size())));
        name.resize(end - name.constData());
    }

    /// Automatic mapping (MessageMapper::mapAuto): every number up to four levels down, named
    /// by its dotted path after `name`'s first `base` characters (the prefix), or "value".
    template<typename Record>
    void mapAuto(dom::element node, qsizetype base, int depth, Record &record)
    {
        if (depth > 4)
            return;
        if (isNumber(node.type())) {
            const qsizetype len = name.size();
            if (len == base)
                name += QLatin1StringView("value");
            record(numberOf(node));
            name.resize(len);
        } else if (node.type() == dom::element_type::OBJECT) {
            forEachMember(node, [&](std::string_view key, dom::element child) {
                const qsizetype len = name.size();
                if (len != base)
                    name += QLatin1Char('.');
                appendUtf8(key);
                mapAuto(child, base, depth + 1, record);
                name.resize(len);
                return true;
            });
        }
    }

    /// The value of `key` in an object node, the last if the key is given twice.
    static bool field(dom::element node, std::string_view key, dom::element *out)
    {
        dom::object o;
        if (node.get_object().get(o) != simdjson::SUCCESS)
            return false;
        bool found = false;
        for (dom::key_value_pair kv : o) {
            if (kv.key == key) {
                *out = kv.value;
                found = true;
            }
        }
        return found;
    }

    /// The first value `path` reaches in `root` (FieldPath::first()).
    bool first(const FastPath &path, dom::element root, dom::element *out)
    {
        if (!path.valid)
            return false;
        bool found = false;
        auto take = [&](dom::element v, dom::element, bool) {
            *out = v;
            found = true;
            return false;
        };
        walk(root, path, 0, root, false, take);
        return found;
    }

    /// Appends a scalar's text (the tree's jsonText()) to `name` with '/' as '_'; false for an
    /// array or object.
    bool appendText(dom::element v)
    {
        const qsizetype from = name.size();
        switch (v.type()) {
        case dom::element_type::STRING:
            appendUtf8(v.get_string().value_unsafe());
            break;
        case dom::element_type::BOOL:
            name += v.get_bool().value_unsafe() ? QLatin1StringView("true")
                                                : QLatin1StringView("false");
            break;
        case dom::element_type::NULL_VALUE:
            name += QLatin1StringView("null");
            break;
        case dom::element_type::ARRAY:
        case dom::element_type::OBJECT:
            return false;
        default: {
            // QString::number(v, 'g', 15) is printf's %.15g in the C locale: std::to_chars
            // writes it without allocating where the library has it for floating point
            // (libstdc++ 11, MSVC 2019; not older Apple libc++, which gets Qt's own).
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
            char buf[64];
            const auto r =
                std::to_chars(buf, buf + sizeof buf, numberOf(v), std::chars_format::general, 15);
            name += QLatin1StringView(buf, qsizetype(r.ptr - buf));
#else
            name += QString::number(numberOf(v), 'g', 15);
#endif
            break;
        }
        }
        for (QChar *c = name.data() + from, *end = name.data() + name.size(); c != end; ++c)
            if (*c == QLatin1Char('/'))
                *c = QLatin1Char('_');
        return true;
    }
};

void MessageMapper::FastDeleter::operator()(Fast *fast) const
{
    delete fast;
}

MessageMapper::FastPtr MessageMapper::makeFast() const
{
    if (m_maxDepth < 1)
        return nullptr;
    FastPtr fast(new Fast);
    if (fast->parser.allocate(4096, size_t(std::min(m_maxDepth, MaxFastDepth))) !=
        simdjson::SUCCESS)
        return nullptr;
    fast->timestamp = FastPath::compile(m_timestamp);
    fast->sequence = FastPath::compile(m_sequence);
    for (const Compiled &c : m_channels) {
        Fast::Channel fc;
        fc.compiled = &c;
        fc.path = FastPath::compile(c.path);
        for (const TemplatePart &part : c.nameParts)
            fc.placeholders.push_back(FastPath::compile(part.path));
        fast->channels.push_back(std::move(fc));
    }
    return fast;
}

namespace {

/// Whether `e` holds a fraction that reads as 0 ("0.0", or "1e-400", which underflowed).
bool hasZeroFraction(dom::element e)
{
    switch (e.type()) {
    case dom::element_type::DOUBLE:
        return e.get_double().value_unsafe() == 0;
    case dom::element_type::ARRAY: {
        const dom::array a = e.get_array().value_unsafe();
        for (dom::element child : a)
            if (hasZeroFraction(child))
                return true;
        return false;
    }
    case dom::element_type::OBJECT: {
        const dom::object o = e.get_object().value_unsafe();
        for (dom::key_value_pair kv : o)
            if (hasZeroFraction(kv.value))
                return true;
        return false;
    }
    default:
        return false;
    }
}

/// Whether some number in `json` may have underflowed to 0, which Qt refuses ("1e-400") and
/// simdjson reads as 0. An underflow needs a negative exponent, or at least 323 zeros after
/// the point: without either (anywhere in the text), every 0 was written as one.
bool mayUnderflow(QByteArrayView json)
{
    qsizetype zeros = 0;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '-' && i > 0 && (json[i - 1] == 'e' || json[i - 1] == 'E'))
            return true;
        zeros = c == '0' ? zeros + 1 : 0;
        if (zeros >= 300)
            return true;
    }
    return false;
}

} // namespace

bool MessageMapper::mapFast(QByteArrayView payload, qint64 receivedMs, const QString &prefix,
                            const MessageTopic *topic, MapResult &result)
{
    Fast &f = *m_fast;
    // Nothing is no JSON (the tree path says so); simdjson would memcpy from a null pointer.
    if (payload.isEmpty())
        return false;
    dom::element root;
    // parse() copies the message into the parser's own padded buffer, grown only for a
    // message longer than any before.
    if (f.parser.parse(payload.data(), size_t(payload.size()), true).get(root) != simdjson::SUCCESS)
        return false;
    const auto rootType = root.type();
    if (rootType != dom::element_type::ARRAY && rootType != dom::element_type::OBJECT)
        return false;
    // (Deeper than the feed's limit, or MaxFastDepth, parse() refused it.)
    if (hasZeroFraction(root) && mayUnderflow(payload))
        return false;

    QStringList levels;
    const Naming naming = namingFor(prefix, topic, &levels);
    f.bail = false;
    f.pending.clear();

    // A value of channel mapping `fc` (static name) or of the channel `*dynamicName`.
    auto record = [&](Fast::Channel *fc, const QString *dynamicName, ValueKind kind, qint64 t,
                      double v, QString text) {
        livedash::Channel *channel = nullptr;
        QString key;
        QString refused;
        QString *why = result.problem.isEmpty() ? &refused : nullptr;
        if (!dynamicName) {
            if (!fc->interned || fc->internedPrefix != naming.prefix) {
                const QString full = naming.prefix.isEmpty() ? fc->compiled->staticName
                                                             : naming.prefix + QLatin1Char('/') +
                                                                   fc->compiled->staticName;
                const ChannelPtr c = channelFor(full, why);
                if (c) {
                    fc->interned = true;
                    fc->internedPrefix = naming.prefix;
                    fc->channel = c.get();
                    fc->key = full;
                }
                channel = c.get();
            } else {
                channel = fc->channel;
            }
            key = fc->key;
        } else {
            const auto it = m_cache.constFind(*dynamicName);
            if (it != m_cache.constEnd()) {
                channel = it->get();
                key = it.key();
            } else {
                key = QString(*dynamicName);
                channel = channelFor(key, why).get();
            }
        }
        if (!channel) { // the feed has its limit of channels: count, name, drop
            reject(result, refused);
            return;
        }
        ++(kind == ValueKind::Number ? result.numbers : result.texts);
        f.pending.push_back({channel, std::move(key), kind, t, v, std::move(text)});
    };

    auto mapMessage = [&](dom::element message) {
        // The message's time (MessageMapper::messageTime).
        qint64 t = receivedMs;
        QString timestampProblem;
        auto timeOf = [&](bool found, dom::element v, QString *why) -> std::optional<qint64> {
            if (found && isNumber(v.type()))
                return parseTimestampNumber(numberOf(v), m_timestampFormat, why);
            return parseTimestamp(found ? treeValue(v) : QJsonValue(QJsonValue::Undefined),
                                  m_timestampFormat, why);
        };
        if (f.timestamp.valid) {
            dom::element v;
            const bool found = f.first(f.timestamp, message, &v);
            QString why;
            if (const auto ts = timeOf(found, v, &why))
                t = *ts;
            else
                timestampProblem = badTimestamp(m_timestamp, why);
        }
        if (f.sequence.valid) {
            dom::element s;
            if (f.first(f.sequence, message, &s)) {
                std::optional<qint64> seq;
                if (isNumber(s.type())) {
                    seq = sequenceFromNumber(numberOf(s));
                } else if (s.type() == dom::element_type::STRING) {
                    f.name.resize(0);
                    f.appendText(s); // no '/' in a number, so the text is the string's
                    seq = sequenceFromText(f.name);
                }
                if (seq)
                    countSequence(result, *seq);
            }
        }
        if (f.channels.empty()) {
            // Automatic mapping: channels named after the numbers' paths, below the prefix.
            f.name.resize(0);
            if (!naming.prefix.isEmpty()) {
                f.name += naming.prefix;
                f.name += QLatin1Char('/');
            }
            auto number = [&](double v) {
                record(nullptr, &f.name, ValueKind::Number, t, v, QString());
            };
            f.mapAuto(message, f.name.size(), 0, number);
            return;
        }
        for (Fast::Channel &fc : f.channels) {
            const Compiled &c = *fc.compiled;
            bool matched = false;
            auto onValue = [&](dom::element value, dom::element element, bool viaWildcard) {
                matched = true;
                // The channel's name (MessageMapper::resolveName).
                const QString *dynamicName = nullptr;
                if (c.staticName.isEmpty()) {
                    QString problem;
                    f.name.resize(0);
                    if (!naming.prefix.isEmpty()) {
                        f.name += naming.prefix;
                        f.name += QLatin1Char('/');
                    }
                    for (qsizetype i = 0; i < c.nameParts.size() && problem.isEmpty(); ++i) {
                        const TemplatePart &part = c.nameParts.at(i);
                        if (part.topic) {
                            if (!naming.topic) {
                                problem = topicNeeded();
                                break;
                            }
                            const QString text = topicText(*part.topic, *naming.topic, &problem);
                            if (text.isEmpty() && problem.isEmpty())
                                problem = topicEmpty();
                            f.name += text;
                            continue;
                        }
                        if (!part.path.isValid()) {
                            f.name += part.literal;
                            continue;
                        }
                        const FastPath &path = fc.placeholders[size_t(i)];
                        dom::element v;
                        bool found = f.first(path, element, &v);
                        if (!found && viaWildcard)
                            found = f.first(path, message, &v);
                        const qsizetype before = f.name.size();
                        if (!found || !f.appendText(v))
                            problem = placeholderNotFound(part.path);
                        else if (f.name.size() == before)
                            problem = placeholderEmpty(part.path);
                    }
                    if (!problem.isEmpty()) {
                        reject(result, problem);
                        return true;
                    }
                    dynamicName = &f.name;
                }
                // The value's time (MessageMapper::sampleTime).
                qint64 sampleT = t;
                bool local = false;
                if (f.timestamp.valid && fc.path.wildcard) {
                    dom::element lv;
                    if (f.first(f.timestamp, element, &lv)) {
                        QString why;
                        if (const auto ts = timeOf(true, lv, &why)) {
                            sampleT = *ts;
                            local = true;
                        } else {
                            note(result, badTimestamp(m_timestamp, why));
                        }
                    }
                }
                if (!local && !timestampProblem.isEmpty())
                    note(result, timestampProblem);
                const auto type = value.type();
                if (c.kind == ValueKind::Text) {
                    if (type == dom::element_type::ARRAY || type == dom::element_type::OBJECT) {
                        f.bail = true; // Qt's JSON text of it: the tree path writes that
                        return false;
                    }
                    QString text;
                    if (type == dom::element_type::STRING) {
                        const std::string_view s = value.get_string().value_unsafe();
                        text = QString::fromUtf8(s.data(), qsizetype(s.size()));
                    } else if (isNumber(type)) {
                        text = QString::number(numberOf(value), 'g', 15);
                    } else if (type == dom::element_type::BOOL) {
                        text = value.get_bool().value_unsafe() ? QStringLiteral("true")
                                                               : QStringLiteral("false");
                    } else {
                        text = QStringLiteral("null");
                    }
                    record(&fc, dynamicName, ValueKind::Text, sampleT, 0.0, std::move(text));
                    return true;
                }
                std::optional<double> number;
                if (isNumber(type)) {
                    number = numberOf(value);
                } else if (type == dom::element_type::BOOL) {
                    number = value.get_bool().value_unsafe() ? 1.0 : 0.0;
                } else if (type == dom::element_type::STRING) {
                    // The name is built already: parse the string after it, then drop it.
                    const qsizetype keep = f.name.size();
                    f.appendUtf8(value.get_string().value_unsafe());
                    number = numberFromText(QStringView(f.name).mid(keep));
                    f.name.resize(keep);
                }
                if (number)
                    record(&fc, dynamicName, ValueKind::Number, sampleT, *number, QString());
                else if (!(c.optional && type == dom::element_type::NULL_VALUE))
                    reject(result, notANumber(c.path, jsonTypeName(treeValue(value))));
                return true;
            };
            if (!fc.path.valid)
                continue;
            f.walk(message, fc.path, 0, message, false, onValue);
            if (f.bail)
                return;
            if (!matched && !c.optional)
                reject(result, missingField(c.path));
        }
    };

    // A top-level array is one message per element, unless the paths address it.
    if (rootType == dom::element_type::ARRAY && !m_rootPathsAddressArrays) {
        const dom::array messages = root.get_array().value_unsafe();
        for (dom::element message : messages) {
            mapMessage(message);
            if (f.bail)
                break;
        }
    } else {
        mapMessage(root);
    }
    if (f.bail) {
        f.pending.clear();
        result = MapResult();
        return false;
    }

    // Recorded in order; a channel's run of numbers goes in under one hold of its lock.
    for (size_t i = 0; i < f.pending.size();) {
        const Fast::Pending &p = f.pending[i];
        if (p.kind == ValueKind::Text) {
            p.channel->appendText(p.t, p.text);
            if (m_sink)
                m_sink->text(m_feedId, p.name, p.t, p.text);
            ++i;
            continue;
        }
        size_t j = i;
        f.batch.clear();
        while (j < f.pending.size() && f.pending[j].channel == p.channel &&
               f.pending[j].kind == ValueKind::Number) {
            f.batch.push_back({f.pending[j].t, f.pending[j].v});
            ++j;
        }
        p.channel->appendNumbers(f.batch.data(), qsizetype(f.batch.size()));
        if (m_sink)
            for (size_t k = i; k < j; ++k)
                m_sink->number(m_feedId, f.pending[k].name, f.pending[k].t, f.pending[k].v);
        i = j;
    }
    f.pending.clear();
    return true;
}

} // namespace livedash
