#pragma once

#include "panels/panel.h"
#include "store/decimator.h"

#include <QList>
#include <QPointF>

#include <functional>

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

    static constexpr int MaxSeries = 12;

    /// The QDateTimeAxis format for a view `spanMs` wide: milliseconds when ticks are under a
    /// second apart, hh:mm:ss up to 6 hours, then the day, then the date.
    static QString timeLabelFormat(qint64 spanMs, int tickCount);

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
    };
    /// Adds to m_scratch (x relative to `end`) the stored points of `s` in [from, end] that
    /// are older than what its channel holds; returns their reduction (empty when none).
    DecimationResult addStoredPart(Series &s, qint64 from, qint64 end, int columns, qint64 nowMs);
    void updateSubtitle();
    /// Marks the series whose channels have active alarms (legend and line) and where each
    /// alarm started; true when that changed.
    bool updateAlarms();
    void rebuildSeries();
    void applyYRange(double lo, double hi);
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
    quint64 m_refreshes = 0;
    double m_refreshCostMs = 0; ///< moving averages, for the dashboard's frame pacing
    double m_paintCostMs = 0;
};

} // namespace livedash
