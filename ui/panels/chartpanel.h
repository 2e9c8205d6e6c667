#pragma once

#include "panels/panel.h"
#include "store/decimator.h"

#include <QList>
#include <QPointF>

#include <functional>
#include <optional>
#include <utility>

class QChart;
class QChartView;

namespace livedash {
class ChartCanvas;
}
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace livedash {

/// A time-series chart over the panel's window. Each refresh hands Qt Charts one replace()
/// per series with at most two points per pixel column (Qt Charts costs O(points) per call).
class ChartPanel : public Panel
{
    Q_OBJECT
public:
    ChartPanel(const PanelConfig &config, ChannelStore *store, QWidget *parent = nullptr);

    bool refresh(qint64 nowMs) override;
    bool isExpensive() const override { return true; }
    double costMs() const override { return m_refreshCostMs + m_paintCostMs; }

    int seriesCount() const { return int(m_series.size()); }
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
        /// Per series, in legend order: its short name and its value, none before its first
        /// sample (a source's NaN or infinity is kept as it came: the chart shows a gap there).
        QList<std::pair<QString, std::optional<double>>> values;
    };
    /// The readout at `tMs`, from what each channel holds and, for times older than that, from
    /// the history file; null while the chart has no series. The crosshair shows what this gives.
    std::optional<Readout> readoutAt(qint64 tMs) const;
    /// What the crosshair shows: null unless the mouse is over the plot.
    const std::optional<Readout> &currentReadout() const { return m_readout; }
    /// The readout's lines as drawn: the time, then "name value unit" per series.
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
        QLineSeries *series = nullptr;
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
    /// Sets the y range and ticks on a 1-2-5 step that fits the plot's height; `snap` widens
    /// the range to whole steps (an automatic range), else it is kept (a configured one).
    void applyYRange(double lo, double hi, bool snap);
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
    QString formatReadoutValue(const std::optional<double> &value) const;
    void applyTimeLabels(qint64 from, qint64 end);

    QChart *m_chart;
    QChartView *m_view;
    ChartCanvas *m_canvas;
    QDateTimeAxis *m_x;    ///< wall-clock labels and grid; moved only when a label changes
    QValueAxis *m_xSeries; ///< hidden, fixed [-span, 0]: series x is ms before the view's end
    QValueAxis *m_y;
    QStringList m_timeLabels; ///< what m_x shows
    QList<Series> m_series;
    QList<QPointF> m_scratch;
    qint64 m_lastRefreshMs = 0;
    qint64 m_spanMs = 0;
    bool m_panned = false;
    qint64 m_viewEnd = 0;  ///< when panned: the end of the view
    qint64 m_frozenAt = 0; ///< when paused: the moment it was paused
    qint64 m_shownEnd = 0;
    bool m_viewChanged = true;
    double m_yLo = 0, m_yHi = 0;
    int m_yTicks = 0; ///< the tick budget the y axis was laid out for
    TickStep m_yStep;
    std::optional<QPointF> m_hover;   ///< the mouse over the chart (chart coordinates)
    std::optional<Readout> m_readout; ///< what the crosshair shows
    quint64 m_refreshes = 0;
    double m_refreshCostMs = 0; ///< moving averages, for the dashboard's frame pacing
    double m_paintCostMs = 0;
};

} // namespace livedash
