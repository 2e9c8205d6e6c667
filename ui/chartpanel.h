#pragma once

#include "panel.h"

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

    int seriesCount() const { return int(m_series.size()); }
    /// Points currently handed to Qt Charts, over all series (for tests and the benchmark).
    qsizetype pointCount() const;
    quint64 refreshCount() const { return m_refreshes; }
    QChartView *view() const { return m_view; }
    /// Called right after every paint of the chart (the benchmark's message-to-pixel clock).
    void setPaintObserver(std::function<void()> observer);

    static constexpr int MaxSeries = 12;

private:
    struct Series
    {
        ChannelPtr channel;
        QLineSeries *series = nullptr;
        quint64 seenVersion = ~quint64(0);
    };
    void rebuildSeries();
    void applyYRange(double lo, double hi);

    QChart *m_chart;
    QChartView *m_view;
    ChartCanvas *m_canvas;
    QDateTimeAxis *m_x;
    QValueAxis *m_y;
    QList<Series> m_series;
    QList<QPointF> m_scratch;
    qint64 m_lastRefreshMs = 0;
    double m_yLo = 0, m_yHi = 0;
    quint64 m_refreshes = 0;
};

} // namespace livedash
