#include "document/dashboard.h"
#include "document/jsonwriter.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace livedash {

bool FeedConfig::isValidId(const QString &id)
{
    static const QRegularExpression re(
        QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")));
    return re.match(id).hasMatch();
}

QString FeedConfig::idProblem(const QString &id, bool translated)
{
    if (isValidId(id))
        return {};
    static const char *const message = QT_TRANSLATE_NOOP(
        "livedash::FeedConfig", "\"%1\" may only use letters, digits, '_', '-' and '.'");
    return (translated ? QCoreApplication::translate("livedash::FeedConfig", message)
                       : QString::fromLatin1(message))
        .arg(id);
}

bool channelPatternMatches(const QString &pattern, const QString &name)
{
    if (!pattern.contains(QLatin1Char('*')))
        return pattern == name;
    const QStringList want = pattern.split(QLatin1Char('/'));
    const QStringList have = name.split(QLatin1Char('/'));
    for (qsizetype i = 0; i < want.size(); ++i) {
        if (want[i] == QLatin1String("**"))
            return i == want.size() - 1 && have.size() > i;
        if (i >= have.size())
            return false;
        if (want[i] != QLatin1String("*") && want[i] != have[i])
            return false;
    }
    return want.size() == have.size();
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
    case PanelKind::Gauge:
        return QStringLiteral("gauge");
    case PanelKind::Bar:
        return QStringLiteral("bar");
    case PanelKind::StateTimeline:
        return QStringLiteral("stateTimeline");
    }
    return {};
}

std::optional<PanelKind> panelKindFromName(const QString &name)
{
    for (auto k : {PanelKind::Chart, PanelKind::Tile, PanelKind::Scoreboard, PanelKind::EventLog,
                   PanelKind::Gauge, PanelKind::Bar, PanelKind::StateTimeline})
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

std::optional<Problem> PanelConfig::thresholdProblem() const
{
    if (warningAbove && criticalAbove && *criticalAbove < *warningAbove)
        return Problem{QStringLiteral("criticalAbove"),
                       QStringLiteral("must not be below warningAbove")};
    if (warningBelow && criticalBelow && *criticalBelow > *warningBelow)
        return Problem{QStringLiteral("criticalBelow"),
                       QStringLiteral("must not be above warningBelow")};
    // The band between the "below" and the "above" thresholds must not be empty.
    const std::optional<double> lowestAbove = warningAbove ? warningAbove : criticalAbove;
    const std::optional<double> highestBelow = warningBelow ? warningBelow : criticalBelow;
    if (lowestAbove && highestBelow && *highestBelow >= *lowestAbove)
        return Problem{warningBelow ? QStringLiteral("warningBelow")
                                    : QStringLiteral("criticalBelow"),
                       QStringLiteral("must be below the \"above\" thresholds (%1)")
                           .arg(QString::number(*lowestAbove))};
    return std::nullopt;
}

bool PanelConfig::hasThresholds() const
{
    return kind == PanelKind::Tile || kind == PanelKind::Gauge || kind == PanelKind::Bar;
}

QStringList PanelConfig::sortNames()
{
    return {QStringLiteral("desc"), QStringLiteral("asc"), QStringLiteral("name")};
}

QStringList PanelConfig::stateColorNames()
{
    return {QStringLiteral("ok"),   QStringLiteral("warning"), QStringLiteral("critical"),
            QStringLiteral("info"), QStringLiteral("pending"), QStringLiteral("neutral")};
}

namespace {

/// Reads typed keys out of one JSON object and records problems at "<path>.<key>".
class Reader
{
public:
    Reader(const QJsonObject &o, QString path, QList<Problem> *problems)
        : m_o(o), m_path(std::move(path)), m_problems(problems)
    {
    }

    QString at(const QString &key) const { return joinPath(m_path, key); }
    void error(const QString &key, const QString &why) const { m_problems->append({at(key), why}); }
    const QJsonObject &json() const { return m_o; }
    QList<Problem> *problems() const { return m_problems; }

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
    int integer(const QString &key, int fallback, Range range) const
    {
        const QJsonValue v = m_o.value(key);
        if (v.isUndefined())
            return fallback;
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || d != std::floor(d)) {
            error(key, QStringLiteral("expected a whole number"));
            return fallback;
        }
        if (!range.contains(d)) {
            error(key, QStringLiteral("%1 is out of range [%2, %3]")
                           .arg(d, 0, 'g', 15) // whole numbers, not "1e+06"
                           .arg(range.min)
                           .arg(range.max));
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
    /// The objects of the array at `key`; an element that is not an object is reported and
    /// left out, each object comes with its path ("feeds[2]").
    QList<std::pair<QString, QJsonObject>> objects(const QString &key) const
    {
        const QJsonValue v = m_o.value(key);
        if (!v.isUndefined() && !v.isArray())
            error(key, QStringLiteral("expected an array"));
        const QJsonArray array = v.toArray();
        QList<std::pair<QString, QJsonObject>> out;
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString path = QStringLiteral("%1[%2]").arg(at(key)).arg(i);
            if (array[i].isObject())
                out.append({path, array[i].toObject()});
            else
                m_problems->append({path, QStringLiteral("expected an object")});
        }
        return out;
    }

private:
    QJsonObject m_o;
    QString m_path;
    QList<Problem> *m_problems;
};

/// Dashboard files written by older versions are brought up to CurrentVersion here.
QJsonObject migrate(QJsonObject root, int fromVersion)
{
    Q_UNUSED(fromVersion); // version 1 is the first released format: nothing to migrate yet
    root.insert(QStringLiteral("version"), Dashboard::CurrentVersion);
    return root;
}

/// The document's root object, or nullopt with the JSON syntax problem.
std::optional<QJsonObject> parseRoot(const QByteArray &json, QList<Problem> *problems)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Name the line and column, not just the byte offset: operators edit these by hand.
        const QByteArray head = json.left(parseError.offset);
        const int line = int(head.count('\n')) + 1;
        // Columns in characters, as an editor shows them, not UTF-8 bytes.
        const int column = int(QString::fromUtf8(head.mid(head.lastIndexOf('\n') + 1)).size()) + 1;
        problems->append({QString(), QStringLiteral("line %1, column %2: %3")
                                         .arg(line)
                                         .arg(column)
                                         .arg(parseError.errorString())});
        return std::nullopt;
    }
    if (!doc.isObject()) {
        problems->append({QString(), QStringLiteral("the document must be a JSON object")});
        return std::nullopt;
    }
    return doc.object();
}

/// Checks the version and migrates an older document; nullopt when it cannot be read.
std::optional<QJsonObject> upToDate(const QJsonObject &root, QList<Problem> *problems)
{
    const QString key = QStringLiteral("version");
    Reader r(root, QString(), problems);
    if (!root.contains(key)) {
        r.error(key, QStringLiteral("required"));
        return std::nullopt;
    }
    const qsizetype before = problems->size();
    const int version = r.integer(key, 0, {1, 1000000});
    if (problems->size() > before)
        return std::nullopt;
    if (version > Dashboard::CurrentVersion) {
        r.error(key, QStringLiteral("%1 is newer than this Livedash understands (%2)")
                         .arg(version)
                         .arg(Dashboard::CurrentVersion));
        return std::nullopt;
    }
    return version < Dashboard::CurrentVersion ? migrate(root, version) : root;
}

ReconnectSettings readReconnect(const Reader &feed)
{
    const QString key = QStringLiteral("reconnect");
    const Reader r(feed.object(key), feed.at(key), feed.problems());
    ReconnectSettings s;
    s.initialDelayMs =
        r.integer(QStringLiteral("initialDelayMs"), s.initialDelayMs, limits::InitialDelayMs);
    s.maxDelayMs = r.integer(QStringLiteral("maxDelayMs"), s.maxDelayMs, limits::MaxDelayMs);
    s.stablePeriodMs =
        r.integer(QStringLiteral("stablePeriodMs"), s.stablePeriodMs, limits::StablePeriodMs);
    return s;
}

/// The feed's field mapping; FieldMapping reports "<path>: <reason>" text.
FieldMapping readFields(const Reader &feed)
{
    const QString key = QStringLiteral("fields");
    if (!feed.json().contains(key))
        return {};
    const QJsonObject fields = feed.object(key);
    QStringList errors;
    const std::optional<FieldMapping> m = FieldMapping::fromJson(fields, feed.at(key), &errors);
    for (const QString &e : std::as_const(errors))
        feed.problems()->append(Problem::fromString(e));
    return m ? *m : FieldMapping();
}

/// The feed's id, checked against the feed-id rule and the ids `seen` before it.
QString readFeedId(const Reader &f, QSet<QString> *seen)
{
    const QString key = QStringLiteral("id");
    const QString id = f.string(key, true);
    if (f.json().value(key).isString()) {
        if (id.isEmpty())
            f.error(key, QStringLiteral("must not be empty"));
        else if (const QString why = FeedConfig::idProblem(id); !why.isEmpty())
            f.error(key, why);
        else if (seen->contains(id))
            f.error(key, QStringLiteral("\"%1\" is used twice").arg(id));
    }
    if (!id.isEmpty())
        seen->insert(id);
    return id;
}

FeedConfig readFeed(const Reader &f, QSet<QString> *seen)
{
    FeedConfig feed;
    feed.id = readFeedId(f, seen);
    feed.plugin = f.string(QStringLiteral("plugin"), true);
    feed.name = f.string(QStringLiteral("name"), false, feed.id);
    feed.enabled = f.boolean(QStringLiteral("enabled"), true);
    feed.options = f.object(QStringLiteral("options")).toVariantMap();
    feed.reconnect = readReconnect(f);
    feed.maxChannels =
        f.integer(QStringLiteral("maxChannels"), feed.maxChannels, limits::MaxChannels);
    feed.fields = readFields(f);
    feed.keepHistory = f.boolean(QStringLiteral("history"), true);
    return feed;
}

void readThresholds(const Reader &p, PanelConfig *panel)
{
    panel->warningAbove = p.number(QStringLiteral("warningAbove"));
    panel->criticalAbove = p.number(QStringLiteral("criticalAbove"));
    panel->warningBelow = p.number(QStringLiteral("warningBelow"));
    panel->criticalBelow = p.number(QStringLiteral("criticalBelow"));
    if (const std::optional<Problem> problem = panel->thresholdProblem())
        p.error(problem->path, problem->message);
}

void readRightAxis(const Reader &p, PanelConfig *panel)
{
    const QString key = QStringLiteral("rightAxis");
    if (!p.json().contains(key))
        return;
    if (!p.json().value(key).isObject()) {
        p.error(key, QStringLiteral("expected an object"));
        return;
    }
    if (panel->kind != PanelKind::Chart)
        p.error(key, QStringLiteral("only a chart has a right axis"));
    const Reader a(p.object(key), p.at(key), p.problems());
    ChartRightAxis axis;
    if (!a.json().contains(QStringLiteral("channels")))
        a.error(QStringLiteral("channels"), QStringLiteral("required"));
    axis.channels = a.strings(QStringLiteral("channels"));
    if (a.json().value(QStringLiteral("channels")).isArray() && axis.channels.isEmpty())
        a.error(QStringLiteral("channels"), QStringLiteral("must name at least one channel"));
    axis.unit = a.string(QStringLiteral("unit"), false);
    axis.min = a.number(QStringLiteral("min"));
    axis.max = a.number(QStringLiteral("max"));
    if (axis.min && axis.max && *axis.min >= *axis.max)
        a.error(QStringLiteral("max"), QStringLiteral("must be greater than min"));
    panel->rightAxis = axis;
}

/// The bar's `sort` and the state timeline's `states` colours.
void readBarAndStates(const Reader &p, PanelConfig *panel)
{
    panel->sort = p.string(QStringLiteral("sort"), false, panel->sort);
    if (!PanelConfig::sortNames().contains(panel->sort)) {
        p.error(
            QStringLiteral("sort"),
            QStringLiteral("unknown order \"%1\" (expected desc, asc or name)").arg(panel->sort));
        panel->sort = PanelConfig().sort;
    }
    const QJsonObject states = p.object(QStringLiteral("states"));
    static const QRegularExpression rgb(QStringLiteral("^#[0-9A-Fa-f]{6}$"));
    for (auto it = states.begin(); it != states.end(); ++it) {
        const QString key = QStringLiteral("states.") + it.key();
        const QString colour = it.value().toString();
        if (!it.value().isString())
            p.error(key, QStringLiteral("expected a string"));
        else if (!PanelConfig::stateColorNames().contains(colour) && !rgb.match(colour).hasMatch())
            p.error(key, QStringLiteral("unknown colour \"%1\" (expected ok, warning, critical, "
                                        "info, pending, neutral or #rrggbb)")
                             .arg(colour));
        else
            panel->states.insert(it.key(), colour);
    }
}

PanelConfig readPanel(const Reader &p)
{
    PanelConfig panel;
    const QString kind = p.string(QStringLiteral("kind"), true);
    if (auto k = panelKindFromName(kind))
        panel.kind = *k;
    else if (!kind.isEmpty())
        p.error(QStringLiteral("kind"),
                QStringLiteral("unknown kind \"%1\" (expected chart, tile, scoreboard, log, "
                               "gauge, bar or stateTimeline)")
                    .arg(kind));
    panel.title = p.string(QStringLiteral("title"), false);
    panel.channels = p.strings(QStringLiteral("channels"));
    panel.windowSeconds =
        p.integer(QStringLiteral("window"), panel.windowSeconds, limits::WindowSeconds);
    panel.yMin = p.number(QStringLiteral("yMin"));
    panel.yMax = p.number(QStringLiteral("yMax"));
    if (panel.yMin && panel.yMax && *panel.yMin >= *panel.yMax)
        p.error(QStringLiteral("yMax"), QStringLiteral("must be greater than yMin"));
    panel.unit = p.string(QStringLiteral("unit"), false);
    readRightAxis(p, &panel);
    panel.decimals = p.integer(QStringLiteral("decimals"), panel.decimals, limits::Decimals);
    readThresholds(p, &panel);
    panel.columns = p.strings(QStringLiteral("columns"));
    panel.keyColumn = p.string(QStringLiteral("keyColumn"), false);
    panel.maxEvents = p.integer(QStringLiteral("maxEvents"), panel.maxEvents, limits::MaxEvents);
    readBarAndStates(p, &panel);
    panel.row = p.integer(QStringLiteral("row"), panel.row, limits::GridCell);
    panel.column = p.integer(QStringLiteral("column"), panel.column, limits::GridCell);
    panel.rowSpan = p.integer(QStringLiteral("rowSpan"), panel.rowSpan, limits::Span);
    panel.columnSpan = p.integer(QStringLiteral("columnSpan"), panel.columnSpan, limits::Span);
    return panel;
}

AlertRule readAlert(const Reader &a, QSet<QString> *names)
{
    AlertRule rule;
    rule.name = a.string(QStringLiteral("name"), true);
    if (!rule.name.isEmpty() && names->contains(rule.name))
        a.error(QStringLiteral("name"),
                QStringLiteral("\"%1\" is the name of an earlier alert").arg(rule.name));
    names->insert(rule.name);
    rule.channel = a.string(QStringLiteral("channel"), true);
    const QString when = a.string(QStringLiteral("when"), true);
    if (auto c = alertConditionFromName(when))
        rule.condition = *c;
    else if (!when.isEmpty())
        a.error(QStringLiteral("when"),
                QStringLiteral("unknown condition \"%1\" (expected above, below, outside, "
                               "equals, matches, stale, feedDown or rate)")
                    .arg(when));
    const auto required = [&](const char *key) {
        const QString k = QLatin1String(key);
        if (!a.json().contains(k))
            a.error(k, QStringLiteral("required when \"when\" is \"%1\"").arg(when));
        return a.number(k).value_or(0);
    };
    switch (rule.condition) {
    case AlertCondition::Above:
    case AlertCondition::Below:
    case AlertCondition::RateAbove:
        rule.limit = required("limit");
        break;
    case AlertCondition::Outside:
        rule.low = required("low");
        rule.high = required("high");
        break;
    case AlertCondition::Equals:
    case AlertCondition::Matches:
        rule.text = a.string(QStringLiteral("text"), true);
        break;
    case AlertCondition::Stale:
    case AlertCondition::FeedDown:
        if (!a.json().contains(QStringLiteral("seconds")))
            a.error(QStringLiteral("seconds"),
                    QStringLiteral("required when \"when\" is \"%1\"").arg(when));
        rule.seconds = a.integer(QStringLiteral("seconds"), 60, limits::AlertSeconds);
        break;
    }
    rule.forSeconds = a.integer(QStringLiteral("for"), 0, limits::AlertForSeconds);
    rule.hysteresis = a.number(QStringLiteral("hysteresis")).value_or(0);
    const QString severity = a.string(QStringLiteral("severity"), false);
    if (auto s = alertSeverityFromName(severity))
        rule.severity = *s;
    else if (!severity.isEmpty())
        a.error(QStringLiteral("severity"),
                QStringLiteral("unknown severity \"%1\" (expected info, warning or critical)")
                    .arg(severity));
    rule.latching = a.boolean(QStringLiteral("latch"), false);
    rule.enabled = a.boolean(QStringLiteral("enabled"), true);
    // Values the reader already reported are not reported twice.
    if (const std::optional<Problem> problem = rule.problem();
        problem && !rule.name.isEmpty() && !rule.channel.isEmpty())
        a.error(problem->path, problem->message);
    return rule;
}

QJsonObject alertToJson(const AlertRule &rule)
{
    QJsonObject o{{QStringLiteral("name"), rule.name},
                  {QStringLiteral("channel"), rule.channel},
                  {QStringLiteral("when"), alertConditionName(rule.condition)}};
    switch (rule.condition) {
    case AlertCondition::Above:
    case AlertCondition::Below:
    case AlertCondition::RateAbove:
        o.insert(QStringLiteral("limit"), rule.limit);
        break;
    case AlertCondition::Outside:
        o.insert(QStringLiteral("low"), rule.low);
        o.insert(QStringLiteral("high"), rule.high);
        break;
    case AlertCondition::Equals:
    case AlertCondition::Matches:
        o.insert(QStringLiteral("text"), rule.text);
        break;
    case AlertCondition::Stale:
    case AlertCondition::FeedDown:
        o.insert(QStringLiteral("seconds"), rule.seconds);
        break;
    }
    if (rule.forSeconds != 0)
        o.insert(QStringLiteral("for"), rule.forSeconds);
    if (rule.hysteresis != 0)
        o.insert(QStringLiteral("hysteresis"), rule.hysteresis);
    if (rule.severity != AlertSeverity::Warning)
        o.insert(QStringLiteral("severity"), alertSeverityName(rule.severity));
    if (rule.latching)
        o.insert(QStringLiteral("latch"), true);
    if (!rule.enabled)
        o.insert(QStringLiteral("enabled"), false);
    return o;
}

Dashboard readDashboard(const Reader &r)
{
    Dashboard d;
    d.name = r.string(QStringLiteral("name"), false);
    d.historyLength =
        r.integer(QStringLiteral("historyLength"), d.historyLength, limits::HistoryLength);
    if (r.json().contains(QStringLiteral("history"))) {
        const QString key = QStringLiteral("history");
        const Reader h(r.object(key), r.at(key), r.problems());
        d.history.enabled = h.boolean(QStringLiteral("enabled"), true);
        d.history.maxAgeDays =
            h.integer(QStringLiteral("maxAgeDays"), d.history.maxAgeDays, limits::HistoryDays);
        d.history.maxSizeMb =
            h.integer(QStringLiteral("maxSizeMB"), d.history.maxSizeMb, limits::HistorySizeMb);
    }
    QSet<QString> ids;
    for (const auto &[at, o] : r.objects(QStringLiteral("feeds")))
        d.feeds.append(readFeed(Reader(o, at, r.problems()), &ids));
    for (const auto &[at, o] : r.objects(QStringLiteral("panels")))
        d.panels.append(readPanel(Reader(o, at, r.problems())));
    QSet<QString> alertNames;
    for (const auto &[at, o] : r.objects(QStringLiteral("alerts")))
        d.alerts.append(readAlert(Reader(o, at, r.problems()), &alertNames));
    if (r.json().contains(QStringLiteral("alertWebhook"))) {
        const QString key = QStringLiteral("alertWebhook");
        const Reader w(r.object(key), r.at(key), r.problems());
        d.alertWebhook.url = w.string(QStringLiteral("url"), true).trimmed();
        const QUrl url(d.alertWebhook.url, QUrl::StrictMode);
        if (!d.alertWebhook.url.isEmpty() &&
            (!url.isValid() || url.host().isEmpty() ||
             (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))))
            w.error(
                QStringLiteral("url"),
                QStringLiteral("\"%1\" is not an http:// or https:// URL").arg(d.alertWebhook.url));
        const QJsonObject headers = w.object(QStringLiteral("headers"));
        for (auto it = headers.begin(); it != headers.end(); ++it) {
            if (!it.value().isString())
                w.error(QStringLiteral("headers.") + it.key(), QStringLiteral("expected a string"));
            else
                d.alertWebhook.headers.insert(it.key(), it.value().toString());
        }
    }
    return d;
}

} // namespace

std::optional<Dashboard> Dashboard::fromJson(const QByteArray &json, QList<Problem> *problems)
{
    QList<Problem> found;
    std::optional<QJsonObject> root = parseRoot(json, &found);
    if (root)
        root = upToDate(*root, &found);
    std::optional<Dashboard> d;
    if (root)
        d = readDashboard(Reader(*root, QString(), &found));
    problems->append(found);
    if (hasErrors(found))
        return std::nullopt;
    return d;
}

std::optional<Dashboard> Dashboard::fromJson(const QByteArray &json, QStringList *errors)
{
    QList<Problem> problems;
    std::optional<Dashboard> d = fromJson(json, &problems);
    errors->append(toStrings(problems));
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
    QList<Problem> problems;
    auto d = fromJson(file.readAll(), &problems);
    if (!d) {
        *error = QStringLiteral("%1: %2").arg(QFileInfo(path).filePath(),
                                              toStrings(problems).join(QStringLiteral("\n  ")));
    }
    return d;
}

namespace {

/// The order Livedash writes keys in where a file gives none: the order of the reference.
const JsonKeyOrder &naturalKeyOrder()
{
    static const JsonKeyOrder order{
        {QString(),
         {QStringLiteral("version"), QStringLiteral("name"), QStringLiteral("historyLength"),
          QStringLiteral("history"), QStringLiteral("feeds"), QStringLiteral("panels"),
          QStringLiteral("alerts"), QStringLiteral("alertWebhook")}},
        {QStringLiteral("feeds[]"),
         {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("plugin"),
          QStringLiteral("enabled"), QStringLiteral("history"), QStringLiteral("maxChannels"),
          QStringLiteral("options"), QStringLiteral("fields"), QStringLiteral("reconnect")}},
        {QStringLiteral("feeds[].fields"),
         {QStringLiteral("timestamp"), QStringLiteral("timestampFormat"),
          QStringLiteral("sequence"), QStringLiteral("channels")}},
        {QStringLiteral("feeds[].fields.channels[]"),
         {QStringLiteral("path"), QStringLiteral("channel"), QStringLiteral("type"),
          QStringLiteral("unit"), QStringLiteral("optional")}},
        {QStringLiteral("panels[]"),
         {QStringLiteral("kind"), QStringLiteral("title"), QStringLiteral("channels"),
          QStringLiteral("row"), QStringLiteral("column"), QStringLiteral("rowSpan"),
          QStringLiteral("columnSpan"), QStringLiteral("window"), QStringLiteral("yMin"),
          QStringLiteral("yMax"), QStringLiteral("unit"), QStringLiteral("rightAxis"),
          QStringLiteral("decimals")}},
        {QStringLiteral("alerts[]"),
         {QStringLiteral("name"), QStringLiteral("channel"), QStringLiteral("condition"),
          QStringLiteral("severity")}},
    };
    return order;
}

/// What differs from the defaults, so that a file written by hand stays as short as it was.
QJsonObject toJsonObject(const Dashboard &d)
{
    const int version = d.version;
    const QString &name = d.name;
    const int historyLength = d.historyLength;
    const HistorySettings &history = d.history;
    const QList<FeedConfig> &feeds = d.feeds;
    const QList<PanelConfig> &panels = d.panels;
    const QList<AlertRule> &alerts = d.alerts;
    const AlertWebhook &alertWebhook = d.alertWebhook;
    QJsonObject root;
    root.insert(QStringLiteral("version"), version);
    if (!name.isEmpty())
        root.insert(QStringLiteral("name"), name);
    if (historyLength != Dashboard{}.historyLength)
        root.insert(QStringLiteral("historyLength"), historyLength);
    if (history != HistorySettings{}) {
        root.insert(QStringLiteral("history"),
                    QJsonObject{{QStringLiteral("enabled"), history.enabled},
                                {QStringLiteral("maxAgeDays"), history.maxAgeDays},
                                {QStringLiteral("maxSizeMB"), history.maxSizeMb}});
    }
    QJsonArray feedArray;
    for (const FeedConfig &f : feeds) {
        QJsonObject o{{QStringLiteral("id"), f.id},
                      {QStringLiteral("plugin"), f.plugin},
                      {QStringLiteral("options"), QJsonObject::fromVariantMap(f.options)},
                      {QStringLiteral("fields"), f.fields.toJson()}};
        if (!f.name.isEmpty())
            o.insert(QStringLiteral("name"), f.name);
        if (!f.enabled)
            o.insert(QStringLiteral("enabled"), false);
        if (!f.keepHistory)
            o.insert(QStringLiteral("history"), false);
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
        QJsonObject o{
            {QStringLiteral("kind"), panelKindName(p.kind)},
            {QStringLiteral("title"), p.title},
            {QStringLiteral("channels"), QJsonArray::fromStringList(p.channels)},
        };
        if (p.row != 0)
            o.insert(QStringLiteral("row"), p.row);
        if (p.column != 0)
            o.insert(QStringLiteral("column"), p.column);
        if (p.rowSpan != 1)
            o.insert(QStringLiteral("rowSpan"), p.rowSpan);
        if (p.columnSpan != 1)
            o.insert(QStringLiteral("columnSpan"), p.columnSpan);
        if ((p.kind == PanelKind::Chart || p.kind == PanelKind::StateTimeline) &&
            p.windowSeconds != PanelConfig{}.windowSeconds)
            o.insert(QStringLiteral("window"), p.windowSeconds);
        if (p.yMin)
            o.insert(QStringLiteral("yMin"), *p.yMin);
        if (p.yMax)
            o.insert(QStringLiteral("yMax"), *p.yMax);
        if (!p.unit.isEmpty())
            o.insert(QStringLiteral("unit"), p.unit);
        if (const std::optional<ChartRightAxis> &axis = p.rightAxis) {
            QJsonObject a{{QStringLiteral("channels"), QJsonArray::fromStringList(axis->channels)}};
            if (!axis->unit.isEmpty())
                a.insert(QStringLiteral("unit"), axis->unit);
            if (axis->min)
                a.insert(QStringLiteral("min"), *axis->min);
            if (axis->max)
                a.insert(QStringLiteral("max"), *axis->max);
            o.insert(QStringLiteral("rightAxis"), a);
        }
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
        if (!p.keyColumn.isEmpty())
            o.insert(QStringLiteral("keyColumn"), p.keyColumn);
        if (p.kind == PanelKind::EventLog && p.maxEvents != PanelConfig{}.maxEvents)
            o.insert(QStringLiteral("maxEvents"), p.maxEvents);
        if (p.sort != PanelConfig().sort)
            o.insert(QStringLiteral("sort"), p.sort);
        if (!p.states.isEmpty()) {
            QJsonObject states;
            for (auto it = p.states.cbegin(); it != p.states.cend(); ++it)
                states.insert(it.key(), it.value());
            o.insert(QStringLiteral("states"), states);
        }
        panelArray.append(o);
    }
    root.insert(QStringLiteral("panels"), panelArray);
    if (!alerts.isEmpty()) {
        QJsonArray alertArray;
        for (const AlertRule &rule : alerts)
            alertArray.append(alertToJson(rule));
        root.insert(QStringLiteral("alerts"), alertArray);
    }
    if (!alertWebhook.url.isEmpty()) {
        QJsonObject hook{{QStringLiteral("url"), alertWebhook.url}};
        if (!alertWebhook.headers.isEmpty())
            hook.insert(QStringLiteral("headers"),
                        QJsonObject::fromVariantMap(alertWebhook.headers));
        root.insert(QStringLiteral("alertWebhook"), hook);
    }
    return root;
}

} // namespace

QByteArray Dashboard::toJson() const
{
    return writeJson(toJsonObject(*this), {}, naturalKeyOrder());
}

bool Dashboard::save(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    // Keys keep the order the file there has them in (hand-written, or an older save).
    QByteArray before;
    if (QFile existing(path); existing.open(QIODevice::ReadOnly))
        before = existing.readAll();
    file.write(writeJson(toJsonObject(*this), jsonKeyOrder(before), naturalKeyOrder()));
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

QString Dashboard::mappedUnitOf(const QStringList &patterns) const
{
    // '*' in a pattern also covers a "{placeholder}" segment of a mapping's channel template.
    QString unit;
    for (const FeedConfig &feed : feeds) {
        for (const ChannelMapping &m : feed.fields.channels) {
            const QString name = feed.id + QLatin1Char('/') + m.channel;
            if (!std::any_of(patterns.cbegin(), patterns.cend(),
                             [&](const QString &p) { return channelPatternMatches(p, name); }))
                continue;
            if (m.unit.isEmpty() || (!unit.isEmpty() && unit != m.unit))
                return {};
            unit = m.unit;
        }
    }
    return unit;
}

QList<PanelConfig> Dashboard::panelsWithMappedUnits() const
{
    QList<PanelConfig> out = panels;
    for (PanelConfig &p : out)
        if (p.unit.isEmpty())
            p.unit = mappedUnitOf(p.channels);
    return out;
}

int Dashboard::chartWindowOf(const QString &feedId) const
{
    int longest = 0;
    for (const PanelConfig &p : panels) {
        if (p.kind != PanelKind::Chart && p.kind != PanelKind::StateTimeline)
            continue;
        for (const QString &pattern : p.channels) {
            const QStringView first = QStringView(pattern).left(pattern.indexOf(QLatin1Char('/')));
            if (first == feedId || first == u"*" || first == u"**") {
                longest = std::max(longest, p.windowSeconds);
                break;
            }
        }
    }
    return longest;
}

} // namespace livedash
