#pragma once

#include "document/alertrule.h"
#include "document/limits.h"
#include "document/mapping.h"

#include <livedash/problem.h>

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace livedash {

/// The values a whole-number field of the document accepts. The file reader checks them and the
/// settings editors take their ranges from them: a limit is changed here, once.
struct Range
{
    int min;
    int max;
    constexpr bool contains(double value) const { return value >= min && value <= max; }
};

namespace limits {
inline constexpr Range HistoryLength{100, 100000000}; ///< points kept per channel
inline constexpr Range InitialDelayMs{1, 3600000};
inline constexpr Range MaxDelayMs{1, 86400000};
inline constexpr Range StablePeriodMs{0, 86400000};
/// A feed's maxChannels (a channel costs a few KB before any history).
inline constexpr Range MaxChannels{1, 1000000};
inline constexpr Range WindowSeconds{1, 31 * 24 * 3600}; ///< chart window
inline constexpr Range Decimals{-1, 12};                 ///< -1: automatic
inline constexpr Range MaxEvents{1, 100000};
inline constexpr Range GridCell{0, 99};                   ///< panel row and column
inline constexpr Range Span{1, 100};                      ///< panel rowSpan and columnSpan
inline constexpr Range HistoryDays{0, 36500};             ///< history.maxAgeDays (0: no limit)
inline constexpr Range HistorySizeMb{0, 16777216};        ///< history.maxSizeMB (0: no limit)
inline constexpr Range AlertForSeconds{0, 7 * 24 * 3600}; ///< an alert's "for"
inline constexpr Range AlertSeconds{1, 7 * 24 * 3600};    ///< stale and feedDown "seconds"
} // namespace limits

/// Reconnect timing of one feed (the runner's backoff).
struct ReconnectSettings
{
    int initialDelayMs = 500;
    int maxDelayMs = 30000;
    int stablePeriodMs = 10000;
    bool operator==(const ReconnectSettings &) const = default;
};

/// One source of a dashboard.
struct FeedConfig
{
    QString id;     ///< channel names start with "<id>/"
    QString plugin; ///< FeedPlugin id: websocket, http, sse, ...
    QString name;   ///< shown to the operator
    bool enabled = true;
    QVariantMap options;
    FieldMapping fields;
    ReconnectSettings reconnect;
    /// Most channels the feed may make; values for further new names are counted as rejected.
    int maxChannels = DefaultChannelLimit;
    /// Not in the file: the longest window of the charts showing this feed's channels
    /// (Dashboard::chartWindowOf), set when the dashboard is applied (FeedContext::historyWindow).
    int historySeconds = 0;
    /// Whether the historian keeps this feed's samples on disk ("history": false turns it off).
    bool keepHistory = true;
    bool operator==(const FeedConfig &) const = default;

    /// The feed-id rule: letters, digits, '_', '-' and '.', up to 64, not starting with '-'
    /// or '.' (channel names are "<id>/<channel>").
    static bool isValidId(const QString &id);
    /// Why `id` breaks the feed-id rule, or an empty string: the one message the file reader,
    /// the plugin registry and the settings dialog show. `translated` gives the operator's
    /// language (the settings dialog); the reader and logs keep English.
    static QString idProblem(const QString &id, bool translated = false);
};

/// Whether channel `name` matches `pattern`, segment by segment: '*' is one segment, a
/// trailing "**" everything below (panels, alert rules, the store's lookups).
bool channelPatternMatches(const QString &pattern, const QString &name);

enum class PanelKind { Chart, Tile, Scoreboard, EventLog, Gauge, Bar, StateTimeline };
QString panelKindName(PanelKind kind);
std::optional<PanelKind> panelKindFromName(const QString &name);

/// A chart's second y axis, on the right: the panel's channels that match `channels` are
/// drawn against it, with its own unit and range ("rightAxis" in the file).
struct ChartRightAxis
{
    QStringList channels;      ///< patterns, as the panel's own; at least one
    QString unit;              ///< the axis title and the crosshair's unit for those series
    std::optional<double> min; ///< fixed ends; either one missing: that end follows the data
    std::optional<double> max;
    bool operator==(const ChartRightAxis &) const = default;
};

/// One panel in the dashboard grid.
struct PanelConfig
{
    PanelKind kind = PanelKind::Chart;
    QString title;
    /// Channel names or patterns ('*' is one path segment, a trailing "/**" everything below).
    QStringList channels;
    int windowSeconds = 60;     ///< chart time window
    std::optional<double> yMin; ///< chart: fixed y range when both are set, else auto
    std::optional<double> yMax;
    QString unit;                            ///< tile and chart axis label
    std::optional<ChartRightAxis> rightAxis; ///< chart: some series on a right axis
    int decimals = -1;                       ///< tile: digits after the point, -1 for automatic
    /// Tile alert thresholds: the value turns amber at a warning and red at a critical
    /// threshold; "above" thresholds apply at or above the value, "below" ones at or below.
    std::optional<double> warningAbove;
    std::optional<double> criticalAbove;
    std::optional<double> warningBelow;
    std::optional<double> criticalBelow;
    QStringList columns; ///< scoreboard: column order (channel leaf names)
    /// Scoreboard: when set, the row keys (the channel level before the column) are shown as a
    /// first column with this heading ("Room", "Match").
    QString keyColumn;
    int maxEvents = 500; ///< event log: entries kept
    /// Bar: the bars' order, "desc" (largest first), "asc" or "name".
    QString sort = QStringLiteral("desc");
    /// State timeline: a state's colour by its value ("down": "critical"); a colour is a role
    /// (stateColorNames()) or "#rrggbb". States not listed take a colour from their name.
    QMap<QString, QString> states;
    int row = 0;
    int column = 0;
    int rowSpan = 1;
    int columnSpan = 1;
    bool operator==(const PanelConfig &) const = default;

    enum class Alert { Normal, Warning, Critical };
    /// Where `value` stands against the thresholds.
    Alert alert(double value) const;
    /// Which way is good for the value: -1 when only "above" thresholds are set (lower is
    /// better), 1 when only "below" ones are, 0 when that is not known.
    int goodDirection() const;
    /// What is wrong with the thresholds (its path is the threshold's key), if anything.
    std::optional<Problem> thresholdProblem() const;
    /// Whether the kind uses the alert thresholds (tile, gauge, bar).
    bool hasThresholds() const;

    static QStringList sortNames(); ///< "desc", "asc", "name"
    /// The colour roles a `states` entry may name besides "#rrggbb": ok, warning, critical,
    /// info, pending, neutral.
    static QStringList stateColorNames();
};

/// The dashboard's history on disk (the historian): on by default, with desktop-sized limits.
struct HistorySettings
{
    bool enabled = true;
    int maxAgeDays = 30;  ///< 0: kept however old
    int maxSizeMb = 5120; ///< 0: no size limit
    bool operator==(const HistorySettings &) const = default;
};

/// Where alarm events are posted (JSON, one HTTP POST per event) for chat and paging tools:
///     "alertWebhook": {"url": "https://hooks.example/x", "headers": {"Authorization":
///                      "Bearer ${env:PAGER_TOKEN}"}}
/// Header values may use ${env:NAME} references, so that secrets stay out of the file.
struct AlertWebhook
{
    QString url; ///< empty: no webhook
    QVariantMap headers;
    bool operator==(const AlertWebhook &) const = default;
};

/// A dashboard document: what runs and what is shown. One JSON file per dashboard.
struct Dashboard
{
    static constexpr int CurrentVersion = 1;

    int version = CurrentVersion;
    QString name;
    int historyLength = 100000; ///< points kept per channel
    HistorySettings history;
    QList<FeedConfig> feeds;
    QList<PanelConfig> panels;
    QList<AlertRule> alerts;
    AlertWebhook alertWebhook;
    bool operator==(const Dashboard &) const = default;

    /// Parses a dashboard document. Every problem is reported with its key path (e.g.
    /// "feeds[1].options": "expected an object"); returns nullopt if any is an error.
    static std::optional<Dashboard> fromJson(const QByteArray &json, QList<Problem> *problems);
    /// The same, with the problems as "<key path>: <reason>" lines (Problem::toString()).
    static std::optional<Dashboard> fromJson(const QByteArray &json, QStringList *errors);
    /// Reads and parses `path`; `error` names the file and lists the problems.
    static std::optional<Dashboard> load(const QString &path, QString *error);

    QByteArray toJson() const;
    /// Writes atomically (QSaveFile): a crash mid-save leaves the old file intact.
    bool save(const QString &path, QString *error) const;

    const FeedConfig *feed(const QString &id) const;
    /// An id not used by any feed yet, derived from `base`.
    QString uniqueFeedId(const QString &base) const;
    /// The longest window, in seconds, of the charts whose channels may come from feed
    /// `feedId` (a pattern whose first segment is the id, '*' or "**"); 0 when none.
    int chartWindowOf(const QString &feedId) const;
    /// The unit the field mappings give the channels `patterns` name, when they all give the
    /// same one ("ms"); empty when none does or they differ. A panel with no unit of its own
    /// shows this one on its axis and values.
    QString mappedUnitOf(const QStringList &patterns) const;
    /// The panels as shown: each without a unit takes mappedUnitOf() its channels.
    QList<PanelConfig> panelsWithMappedUnits() const;
};

} // namespace livedash
