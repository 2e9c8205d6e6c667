#include "document/dashboard.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

#include <cmath>

namespace livedash {

bool FeedConfig::isValidId(const QString &id)
{
    static const QRegularExpression re(
        QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")));
    return re.match(id).hasMatch();
}

QString panelKindName(PanelKind kind)
{
    switch (kind) {
    case PanelKind::Chart:
        return QStringLiteral("chart");
    case PanelKind::Tile:
        return QStringLiteral("tile");
    case PanelKind::Scoreboard:
        return QStringLiteral("scoreboard");
    case PanelKind::EventLog:
        return QStringLiteral("log");
    }
    return {};
}

std::optional<PanelKind> panelKindFromName(const QString &name)
{
    for (auto k : {PanelKind::Chart, PanelKind::Tile, PanelKind::Scoreboard, PanelKind::EventLog})
        if (panelKindName(k) == name)
            return k;
    return std::nullopt;
}

PanelConfig::Alert PanelConfig::alert(double value) const
{
    if ((criticalAbove && value >= *criticalAbove) || (criticalBelow && value <= *criticalBelow))
        return Alert::Critical;
    if ((warningAbove && value >= *warningAbove) || (warningBelow && value <= *warningBelow))
        return Alert::Warning;
    return Alert::Normal;
}

int PanelConfig::goodDirection() const
{
    const bool above = warningAbove || criticalAbove;
    const bool below = warningBelow || criticalBelow;
    return above == below ? 0 : (above ? -1 : 1);
}

std::pair<QString, QString> PanelConfig::thresholdProblem() const
{
    if (warningAbove && criticalAbove && *criticalAbove < *warningAbove)
        return {QStringLiteral("criticalAbove"), QStringLiteral("must not be below warningAbove")};
    if (warningBelow && criticalBelow && *criticalBelow > *warningBelow)
        return {QStringLiteral("criticalBelow"), QStringLiteral("must not be above warningBelow")};
    // The band between the "below" and the "above" thresholds must not be empty.
    const std::optional<double> lowestAbove = warningAbove ? warningAbove : criticalAbove;
    const std::optional<double> highestBelow = warningBelow ? warningBelow : criticalBelow;
    if (lowestAbove && highestBelow && *highestBelow >= *lowestAbove)
        return {warningBelow ? QStringLiteral("warningBelow") : QStringLiteral("criticalBelow"),
                QStringLiteral("must be below the \"above\" thresholds (%1)")
                    .arg(QString::number(*lowestAbove))};
    return {};
}

namespace {

/// A feed's maxChannels at most (a channel costs a few KB before any history).
constexpr int MaxChannelsPerFeed = 1000000;

/// Reads typed keys out of one JSON object and records "<path>.<key>: <reason>" problems.
class Reader
{
public:
    Reader(const QJsonObject &o, QString path, QStringList *errors)
        : m_o(o), m_path(std::move(path)), m_errors(errors)
    {
    }

    QString at(const QString &key) const
    {
        return m_path.isEmpty() ? key : m_path + QLatin1Char('.') + key;
    }
    void error(const QString &key, const QString &why) const
    {
        m_errors->append(QStringLiteral("%1: %2").arg(at(key), why));
    }
    bool has(const QString &key) const { return m_o.contains(key); }

    QString string(const QString &key, bool required, const QString &fallback = {}) const
    {
        const QJsonValue v = m_o.value(key);
        if (v.isUndefined()) {
            if (required)
                error(key, QStringLiteral("required"));
            return fallback;
        }
        if (!v.isString()) {
            error(key, QStringLiteral("expected a string"));
            return fallback;
        }
        return v.toString();
    }
    int integer(const QString &key, int fallback, int min, int max) const
    {
        const QJsonValue v = m_o.value(key);
        if (v.isUndefined())
            return fallback;
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || d != std::floor(d)) {
            error(key, QStringLiteral("expected a whole number"));
            return fallback;
        }
        if (d < min || d > max) {
            error(key, QStringLiteral("%1 is out of range [%2, %3]")
                           .arg(d, 0, 'g', 15) // whole numbers, not "1e+06"
                           .arg(min)
                           .arg(max));
            return fallback;
        }
        return int(d);
    }
    std::optional<double> number(const QString &key) const
    {
        const QJsonValue v = m_o.value(key);
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (!v.isDouble()) {
            error(key, QStringLiteral("expected a number"));
            return std::nullopt;
        }
        return v.toDouble();
    }
    bool boolean(const QString &key, bool fallback) const
    {
        const QJsonValue v = m_o.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isBool()) {
            error(key, QStringLiteral("expected true or false"));
            return fallback;
        }
        return v.toBool();
    }
    QStringList strings(const QString &key) const
    {
        const QJsonValue v = m_o.value(key);
        QStringList out;
        if (v.isUndefined())
            return out;
        if (!v.isArray()) {
            error(key, QStringLiteral("expected an array of strings"));
            return out;
        }
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a[i].isString())
                error(QStringLiteral("%1[%2]").arg(key).arg(i),
                      QStringLiteral("expected a string"));
            else
                out.append(a[i].toString());
        }
        return out;
    }
    QJsonObject object(const QString &key) const
    {
        const QJsonValue v = m_o.value(key);
        if (!v.isUndefined() && !v.isObject())
            error(key, QStringLiteral("expected an object"));
        return v.toObject();
    }

private:
    QJsonObject m_o;
    QString m_path;
    QStringList *m_errors;
};

/// Dashboard files written by older versions are brought up to CurrentVersion here.
QJsonObject migrate(QJsonObject root, int fromVersion)
{
    Q_UNUSED(fromVersion); // version 1 is the first released format: nothing to migrate yet
    root.insert(QStringLiteral("version"), Dashboard::CurrentVersion);
    return root;
}

} // namespace

std::optional<Dashboard> Dashboard::fromJson(const QByteArray &json, QStringList *errors)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Name the line and column, not just the byte offset: operators edit these by hand.
        const QByteArray head = json.left(parseError.offset);
        const int line = int(head.count('\n')) + 1;
        // Columns in characters, as an editor shows them, not UTF-8 bytes.
        const int column = int(QString::fromUtf8(head.mid(head.lastIndexOf('\n') + 1)).size()) + 1;
        errors->append(QStringLiteral("line %1, column %2: %3")
                           .arg(line)
                           .arg(column)
                           .arg(parseError.errorString()));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        errors->append(QStringLiteral("the document must be a JSON object"));
        return std::nullopt;
    }
    const qsizetype errorsBefore = errors->size();
    QJsonObject root = doc.object();
    Dashboard d;
    {
        Reader r(root, QString(), errors);
        if (!root.contains(QStringLiteral("version"))) {
            r.error(QStringLiteral("version"), QStringLiteral("required"));
            return std::nullopt;
        }
        const int version = r.integer(QStringLiteral("version"), 0, 1, 1000000);
        if (errors->size() > errorsBefore)
            return std::nullopt;
        if (version > CurrentVersion) {
            r.error(QStringLiteral("version"),
                    QStringLiteral("%1 is newer than this Livedash understands (%2)")
                        .arg(version)
                        .arg(CurrentVersion));
            return std::nullopt;
        }
        if (version < CurrentVersion)
            root = migrate(root, version);
    }
    Reader r(root, QString(), errors);
    d.name = r.string(QStringLiteral("name"), false);
    d.historyLength = r.integer(QStringLiteral("historyLength"), d.historyLength, 100, 100000000);

    const QJsonValue feeds = root.value(QStringLiteral("feeds"));
    if (!feeds.isUndefined() && !feeds.isArray())
        r.error(QStringLiteral("feeds"), QStringLiteral("expected an array"));
    const QJsonArray feedArray = feeds.toArray();
    QSet<QString> ids;
    for (qsizetype i = 0; i < feedArray.size(); ++i) {
        const QString at = QStringLiteral("feeds[%1]").arg(i);
        if (!feedArray[i].isObject()) {
            errors->append(at + QStringLiteral(": expected an object"));
            continue;
        }
        const QJsonObject fo = feedArray[i].toObject();
        Reader f(fo, at, errors);
        FeedConfig feed;
        feed.id = f.string(QStringLiteral("id"), true);
        const bool hasId = fo.value(QStringLiteral("id")).isString();
        if (hasId && feed.id.isEmpty())
            f.error(QStringLiteral("id"), QStringLiteral("must not be empty"));
        else if (hasId && !FeedConfig::isValidId(feed.id))
            f.error(QStringLiteral("id"),
                    QStringLiteral("\"%1\" may only use letters, digits, '_', '-' and '.'")
                        .arg(feed.id));
        else if (hasId && ids.contains(feed.id))
            f.error(QStringLiteral("id"), QStringLiteral("\"%1\" is used twice").arg(feed.id));
        if (!feed.id.isEmpty())
            ids.insert(feed.id);
        feed.plugin = f.string(QStringLiteral("plugin"), true);
        feed.name = f.string(QStringLiteral("name"), false, feed.id);
        feed.enabled = f.boolean(QStringLiteral("enabled"), true);
        feed.options = f.object(QStringLiteral("options")).toVariantMap();
        const QJsonObject reconnect = f.object(QStringLiteral("reconnect"));
        Reader rc(reconnect, f.at(QStringLiteral("reconnect")), errors);
        feed.reconnect.initialDelayMs =
            rc.integer(QStringLiteral("initialDelayMs"), feed.reconnect.initialDelayMs, 1, 3600000);
        feed.reconnect.maxDelayMs =
            rc.integer(QStringLiteral("maxDelayMs"), feed.reconnect.maxDelayMs, 1, 86400000);
        feed.reconnect.stablePeriodMs = rc.integer(QStringLiteral("stablePeriodMs"),
                                                   feed.reconnect.stablePeriodMs, 0, 86400000);
        feed.maxChannels =
            f.integer(QStringLiteral("maxChannels"), feed.maxChannels, 1, MaxChannelsPerFeed);
        if (fo.contains(QStringLiteral("fields"))) {
            const QJsonObject fields = f.object(QStringLiteral("fields"));
            if (auto m = FieldMapping::fromJson(fields, f.at(QStringLiteral("fields")), errors))
                feed.fields = *m;
        }
        d.feeds.append(feed);
    }

    const QJsonValue panels = root.value(QStringLiteral("panels"));
    if (!panels.isUndefined() && !panels.isArray())
        r.error(QStringLiteral("panels"), QStringLiteral("expected an array"));
    const QJsonArray panelArray = panels.toArray();
    for (qsizetype i = 0; i < panelArray.size(); ++i) {
        const QString at = QStringLiteral("panels[%1]").arg(i);
        if (!panelArray[i].isObject()) {
            errors->append(at + QStringLiteral(": expected an object"));
            continue;
        }
        Reader p(panelArray[i].toObject(), at, errors);
        PanelConfig panel;
        const QString kind = p.string(QStringLiteral("kind"), true);
        if (auto k = panelKindFromName(kind))
            panel.kind = *k;
        else if (!kind.isEmpty())
            p.error(QStringLiteral("kind"),
                    QStringLiteral("unknown kind \"%1\" (expected chart, tile, scoreboard or log)")
                        .arg(kind));
        panel.title = p.string(QStringLiteral("title"), false);
        panel.channels = p.strings(QStringLiteral("channels"));
        panel.windowSeconds = p.integer(QStringLiteral("window"), 60, 1, 31 * 24 * 3600);
        panel.yMin = p.number(QStringLiteral("yMin"));
        panel.yMax = p.number(QStringLiteral("yMax"));
        if (panel.yMin && panel.yMax && *panel.yMin >= *panel.yMax)
            p.error(QStringLiteral("yMax"), QStringLiteral("must be greater than yMin"));
        panel.unit = p.string(QStringLiteral("unit"), false);
        panel.decimals = p.integer(QStringLiteral("decimals"), -1, -1, 12);
        panel.warningAbove = p.number(QStringLiteral("warningAbove"));
        panel.criticalAbove = p.number(QStringLiteral("criticalAbove"));
        panel.warningBelow = p.number(QStringLiteral("warningBelow"));
        panel.criticalBelow = p.number(QStringLiteral("criticalBelow"));
        if (const auto [key, why] = panel.thresholdProblem(); !key.isEmpty())
            p.error(key, why);
        panel.columns = p.strings(QStringLiteral("columns"));
        panel.maxEvents = p.integer(QStringLiteral("maxEvents"), 500, 1, 100000);
        panel.row = p.integer(QStringLiteral("row"), 0, 0, 99);
        panel.column = p.integer(QStringLiteral("column"), 0, 0, 99);
        panel.rowSpan = p.integer(QStringLiteral("rowSpan"), 1, 1, 100);
        panel.columnSpan = p.integer(QStringLiteral("columnSpan"), 1, 1, 100);
        d.panels.append(panel);
    }
    if (errors->size() > errorsBefore)
        return std::nullopt;
    return d;
}

std::optional<Dashboard> Dashboard::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot open: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > 64 * 1024 * 1024) {
        *error = QStringLiteral("%1: file is larger than 64 MB, not a dashboard").arg(path);
        return std::nullopt;
    }
    QStringList errors;
    auto d = fromJson(file.readAll(), &errors);
    if (!d) {
        *error = QStringLiteral("%1: %2").arg(QFileInfo(path).filePath(),
                                              errors.join(QStringLiteral("\n  ")));
    }
    return d;
}

QByteArray Dashboard::toJson() const
{
    QJsonObject root;
    root.insert(QStringLiteral("version"), version);
    if (!name.isEmpty())
        root.insert(QStringLiteral("name"), name);
    root.insert(QStringLiteral("historyLength"), historyLength);
    QJsonArray feedArray;
    for (const FeedConfig &f : feeds) {
        QJsonObject o{{QStringLiteral("id"), f.id},
                      {QStringLiteral("plugin"), f.plugin},
                      {QStringLiteral("name"), f.name},
                      {QStringLiteral("options"), QJsonObject::fromVariantMap(f.options)},
                      {QStringLiteral("fields"), f.fields.toJson()}};
        if (!f.enabled)
            o.insert(QStringLiteral("enabled"), false);
        if (f.maxChannels != FeedConfig{}.maxChannels)
            o.insert(QStringLiteral("maxChannels"), f.maxChannels);
        if (f.reconnect != ReconnectSettings{})
            o.insert(QStringLiteral("reconnect"),
                     QJsonObject{{QStringLiteral("initialDelayMs"), f.reconnect.initialDelayMs},
                                 {QStringLiteral("maxDelayMs"), f.reconnect.maxDelayMs},
                                 {QStringLiteral("stablePeriodMs"), f.reconnect.stablePeriodMs}});
        feedArray.append(o);
    }
    root.insert(QStringLiteral("feeds"), feedArray);
    QJsonArray panelArray;
    for (const PanelConfig &p : panels) {
        QJsonObject o{{QStringLiteral("kind"), panelKindName(p.kind)},
                      {QStringLiteral("title"), p.title},
                      {QStringLiteral("channels"), QJsonArray::fromStringList(p.channels)},
                      {QStringLiteral("row"), p.row},
                      {QStringLiteral("column"), p.column}};
        if (p.rowSpan != 1)
            o.insert(QStringLiteral("rowSpan"), p.rowSpan);
        if (p.columnSpan != 1)
            o.insert(QStringLiteral("columnSpan"), p.columnSpan);
        if (p.kind == PanelKind::Chart)
            o.insert(QStringLiteral("window"), p.windowSeconds);
        if (p.yMin)
            o.insert(QStringLiteral("yMin"), *p.yMin);
        if (p.yMax)
            o.insert(QStringLiteral("yMax"), *p.yMax);
        if (!p.unit.isEmpty())
            o.insert(QStringLiteral("unit"), p.unit);
        if (p.decimals >= 0)
            o.insert(QStringLiteral("decimals"), p.decimals);
        const std::pair<const char *, std::optional<double>> thresholds[] = {
            {"warningAbove", p.warningAbove},
            {"criticalAbove", p.criticalAbove},
            {"warningBelow", p.warningBelow},
            {"criticalBelow", p.criticalBelow}};
        for (const auto &[key, value] : thresholds)
            if (value)
                o.insert(QLatin1String(key), *value);
        if (!p.columns.isEmpty())
            o.insert(QStringLiteral("columns"), QJsonArray::fromStringList(p.columns));
        if (p.kind == PanelKind::EventLog)
            o.insert(QStringLiteral("maxEvents"), p.maxEvents);
        panelArray.append(o);
    }
    root.insert(QStringLiteral("panels"), panelArray);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool Dashboard::save(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    file.write(toJson());
    if (!file.commit()) {
        *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

const FeedConfig *Dashboard::feed(const QString &id) const
{
    for (const FeedConfig &f : feeds)
        if (f.id == id)
            return &f;
    return nullptr;
}

QString Dashboard::uniqueFeedId(const QString &base) const
{
    // A lone surrogate makes the text invalid UTF-16, in which QRegularExpression matches
    // nothing: the base would come back unchanged. Through UTF-8 it becomes U+FFFD first.
    QString stem = QString::fromUtf8(base.toUtf8());
    stem.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("-"));
    if (stem.isEmpty() || stem.startsWith(QLatin1Char('-')) || stem.startsWith(QLatin1Char('.')))
        stem.prepend(QStringLiteral("feed"));
    stem = stem.left(56);
    if (!feed(stem))
        return stem;
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1-%2").arg(stem).arg(n);
        if (!feed(candidate))
            return candidate;
    }
}

} // namespace livedash
