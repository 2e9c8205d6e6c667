#pragma once

#include "panels/panel.h"
#include "store/decimator.h"

#include <QList>
#include <QPointF>
#include <QSet>

#include <functional>
#include <optional>
#include <utility>

class QChart;
class QChartView;
class QMenu;

namespace livedash {
class ChartCanvas;
}
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace livedash {

/// A time-series chart over the panel's window. Each refresh hands Qt Charts one replace()
/// per series with at most two points per pixel column (Qt Charts costs O(points) per call).
///
/// Where a channel's data stopped (findLineBreaks' rule) its line breaks and the chart marks
/// "no data" over the hole. A QLineSeries cannot break (Qt 6.4 joins across a NaN and warns),
/// so a broken line is drawn as several series of one colour, only the first in the legend.
class ChartPanel : public Panel
{
    Q_OBJECT
public:
    ChartPanel(const PanelConfig &config, ChannelStore *store, QWidget *parent = nullptr);

    bool refresh(qint64 nowMs) override;
    bool isExpensive() const override { return true; }
    double costMs() const override { return m_refreshCostMs + m_paintCostMs; }

    int seriesCount() const { return int(m_series.size()); }
    /// Into how many unbroken runs the line of series `index` is drawn (0 when it has none).
    int lineRuns(int index) const;

    /// A stretch of the view without data from some of the shown series (an outage): times in
    /// ms since the epoch, the series' legend names, and whether that is every shown series.
    struct NoDataBand
    {
        qint64 from = 0;
        qint64 to = 0;
        QStringList series;
        bool all = false;
        bool operator==(const NoDataBand &) const = default;
    };
    /// The stretches marked "no data" at the last refresh, oldest first.
    const QList<NoDataBand> &noDataBands() const { return m_bands; }

    /// Hides or shows series `index` (a click on its legend marker): its marker dims and the
    /// automatic y range leaves it out. Kept while the panel lives, not saved.
    void setSeriesVisible(int index, bool visible);
    bool isSeriesVisible(int index) const;
    /// Whether series `index` is drawn against the right axis (PanelConfig::rightAxis).
    bool isOnRightAxis(int index) const;
    /// The y axes' ranges as shown; the right one is null when the chart has none.
    std::pair<double, double> leftRange() const;
    std::optional<std::pair<double, double>> rightRange() const;

    /// Shows the channels' samples from `fromMs` on only (the context menu's "Clear history",
    /// up to now). Only this chart forgets: the store's channels are shared with other panels
    /// and the history file, so they keep everything. 0 shows all again.
    void clearHistory(qint64 fromMs);
    qint64 shownFrom() const { return m_shownFrom; }
    /// Asks the operator, then clears this chart's history up to now.
    void confirmClearHistory();
    void addContextActions(QMenu *menu) override;
    /// Points currently handed to Qt Charts, over all series (for tests and the benchmark).
    qsizetype pointCount() const;
    quint64 refreshCount() const { return m_refreshes; }
    QChartView *view() const { return m_view; }
    /// Called right after every paint of the chart (the benchmark's message-to-pixel clock).
    void setPaintObserver(std::function<void()> observer);

    void setFrozen(bool frozen) override;
    /// The visible span in ms (the panel's window until the operator zooms).
    qint64 spanMs() const { return m_spanMs; }
    /// The legend names as shown ("⚠ payments" while its channel has an active alarm), and the
    /// alarm starts marked on the time axis (for tests).
    QStringList seriesNames() const;
    QList<qint64> alarmMarks() const;
    /// Zooms by `factor` (> 1 widens) keeping the time under `anchorFraction` (0 = left edge,
    /// 1 = right edge) in place.
    void zoom(double factor, double anchorFraction = 1.0);
    /// Moves the view `ms` back in time (negative: forward); leaves the live edge.
    void pan(qint64 ms);
    /// Back to the live edge and the configured window.
    void goLive();
    bool isLive() const { return !m_panned && !isFrozen(); }
    /// The end of the visible range (ms since the epoch) at the last refresh.
    qint64 viewEnd() const { return m_shownEnd; }

    /// What the crosshair reads at a time: each series' last sample at or before it.
    struct Readout
    {
        qint64 t = 0; ///< ms since the epoch
        /// Per shown series, in legend order: its short name and its value, none before its
        /// first sample (a source's NaN or infinity is kept as it came: the chart shows a gap
        /// there). Hidden series are left out.
        QList<std::pair<QString, std::optional<double>>> values;
        /// Which series each value is (its index in the legend).
        QList<int> series;
    };
    /// The readout at `tMs`, from what each channel holds and, for times older than that, from
    /// the history file; null while the chart has no series. The crosshair shows what this gives.
    std::optional<Readout> readoutAt(qint64 tMs) const;
    /// What the crosshair shows: null unless the mouse is over the plot.
    const std::optional<Readout> &currentReadout() const { return m_readout; }
    /// The readout's lines as drawn: the time, then "name value unit" per series (the right
    /// axis' unit for a series on it).
    QStringList readoutText() const;

    static constexpr int MaxSeries = 12;

    /// The QDateTimeAxis format for a view `spanMs` wide: milliseconds when ticks are under a
    /// second apart, hh:mm:ss up to 6 hours, then the day, then the date.
    static QString timeLabelFormat(qint64 spanMs, int tickCount);
    /// The crosshair's time format for a view `spanMs` wide.
    static QString readoutTimeFormat(qint64 spanMs);

private:
    friend class ChartCanvas;
    struct Series
    {
        ChannelPtr channel;
        QLineSeries *series = nullptr; ///< the line's first run, and its legend entry
        /// The line's further runs after gaps (made when first needed, then kept; empty ones
        /// unused), each without a legend entry.
        QList<QLineSeries *> more;
        int runs = 0;        ///< runs drawn at the last refresh
        bool right = false;  ///< on the right axis
        bool visible = true; ///< not hidden from the legend
        qint64 gapMs = 0;    ///< gapThresholdMs() of the channel, found at gapAt
        qint64 gapAt = 0;    ///< when (refresh time)
        quint64 gapVersion = ~quint64(0);
        /// The holes in view at the last refresh: [from, to], x relative to the view's end.
        QList<std::pair<double, double>> gaps;
        quint64 seenVersion = ~quint64(0);
        SlidingDecimator live; ///< incremental reduction while following the live edge
        // The part of the view older than the channel's memory, read from the history file:
        // points with absolute x (ms since the epoch), for [diskFrom, diskTo].
        QList<QPointF> disk;
        QString label;                      ///< the legend's name, without an alarm's mark
        std::optional<AlertSeverity> alarm; ///< the worst active alarm on the channel
        qint64 alarmAt = 0;                 ///< when it fired
        DecimationResult diskResult;
        qint64 diskFrom = 0, diskTo = -1, diskBucketMs = 0, diskReadAtMs = 0;
        /// The history file's answer to the readout's last question: the last sample at or
        /// before `readoutAskedT`, which holds for any time from that sample up to it.
        mutable const history::HistoryStore *readoutStore = nullptr;
        mutable qint64 readoutAskedT = 0;
        mutable std::optional<Sample> readoutStored;
    };
    static constexpr int MaxRuns = 32; ///< per line; older breaks beyond it are joined
    /// A y tick step: 1, 2 or 5 times 10^exponent.
    struct TickStep
    {
        int mantissa = 1;
        int exponent = 0;
        double value() const { return at(1); }
        /// k steps from zero, as the double nearest the decimal (0.6, not 0.6000000000000001).
        double at(double k) const;
    };
    /// Adds to m_scratch (x relative to `end`) the stored points of `s` in [from, end] that
    /// are older than what its channel holds; returns their reduction (empty when none).
    DecimationResult addStoredPart(Series &s, qint64 from, qint64 end, int columns, qint64 nowMs);
    void updateSubtitle();
    /// Marks the series whose channels have active alarms (legend and line) and where each
    /// alarm started; true when that changed.
    bool updateAlarms();
    void rebuildSeries();
    /// The legend's name of `s`: its label, its alarm's mark and its axis.
    QString legendName(const Series &s) const;
    /// Hands m_scratch to `s`'s runs, broken at m_breaks; finds its holes in view.
    void showRuns(Series &s, qint64 shownFrom, qint64 end, qint64 bucketMs, qint64 nowMs);
    /// m_bands from the series' holes.
    void updateBands(qint64 end);
    /// The legend markers: the first run's shown (dimmed when hidden), the others' never.
    void updateMarkers(const Series &s);
    struct YAxis;
    /// Sets the y range and ticks on a 1-2-5 step that fits the plot's height; `snap` widens
    /// the range to whole steps (an automatic range), else it is kept (a configured one).
    void applyYRange(YAxis &axis, double lo, double hi, bool snap);
    /// The automatic range over [lo, hi] (empty when lo > hi) within the configured ends.
    void fitYRange(YAxis &axis, double lo, double hi, std::optional<double> min,
                   std::optional<double> max);
    /// The smallest 1-2-5 step that puts at most `maxTicks` ticks on [lo, hi]; with `snap`,
    /// on [lo, hi] widened to whole steps.
    static TickStep tickStepFor(double lo, double hi, int maxTicks, bool snap);
    /// How many y ticks the plot has room for.
    int yTickBudget() const;
    /// The time under x (the chart's coordinates) at the last refresh.
    qint64 timeAtX(double x) const;
    /// The mouse moved to `at` (chart coordinates) or left the view (null).
    void hover(std::optional<QPointF> at);
    /// Reads the values under the crosshair again, after a move or a refresh.
    void updateReadout();
    QString formatReadoutValue(const std::optional<double> &value, bool right = false) const;
    void applyTimeLabels(qint64 from, qint64 end);

    QChart *m_chart;
    QChartView *m_view;
    ChartCanvas *m_canvas;
    QDateTimeAxis *m_x;    ///< wall-clock labels and grid; moved only when a label changes
    QValueAxis *m_xSeries; ///< hidden, fixed [-span, 0]: series x is ms before the view's end
    struct YAxis
    {
        QValueAxis *axis = nullptr;
        double lo = 0, hi = 0;
        int ticks = 0; ///< the tick budget it was laid out for
        TickStep step;
    };
    YAxis m_y;                ///< the left axis
    YAxis m_yRight;           ///< axis null unless the panel has a right axis
    QStringList m_timeLabels; ///< what m_x shows
    QList<Series> m_series;
    QList<QPointF> m_scratch;
    QList<qsizetype> m_breaks; ///< where m_scratch's line breaks
    QList<NoDataBand> m_bands;
    QSet<QString> m_hidden; ///< channels hidden from the legend, kept across rebuilds
    qint64 m_shownFrom = 0; ///< "Clear history": nothing older is shown
    qint64 m_lastRefreshMs = 0;
    qint64 m_spanMs = 0;
    bool m_panned = false;
    qint64 m_viewEnd = 0;  ///< when panned: the end of the view
    qint64 m_frozenAt = 0; ///< when paused: the moment it was paused
    qint64 m_shownEnd = 0;
    bool m_viewChanged = true;
    std::optional<QPointF> m_hover;   ///< the mouse over the chart (chart coordinates)
    std::optional<Readout> m_readout; ///< what the crosshair shows
    quint64 m_refreshes = 0;
    double m_refreshCostMs = 0; ///< moving averages, for the dashboard's frame pacing
    double m_paintCostMs = 0;
};

} // namespace livedash
