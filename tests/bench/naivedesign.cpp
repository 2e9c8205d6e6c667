#include "naivedesign.h"

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLineSeries>
#include <QValueAxis>

#include <cmath>

namespace livedash::bench {

/// A plain QChartView that reports its paints.
class NaiveChartView : public QChartView
{
public:
    using QChartView::QChartView;
    std::function<void()> painted;

protected:
    void paintEvent(QPaintEvent *event) override
    {
        QChartView::paintEvent(event);
        if (painted)
            painted();
    }
};

NaiveWindow::NaiveWindow(const QList<QList<int>> &feedsPerChart, int feedCount, qint64 baseMs,
                         int windowPoints, int windowSeconds, QWidget *parent)
    : QWidget(parent), m_targets(size_t(feedCount)),
      m_shown(new std::atomic<quint64>[size_t(std::max(feedCount, 1))]), m_baseMs(baseMs),
      m_windowPoints(windowPoints), m_windowMs(windowSeconds * 1000)
{
    for (int i = 0; i < feedCount; ++i)
        m_shown[size_t(i)].store(0);
    auto *grid = new QGridLayout(this);
    const int columns = std::max(1, int(std::ceil(std::sqrt(double(feedsPerChart.size()) * 1.5))));
    for (qsizetype c = 0; c < feedsPerChart.size(); ++c) {
        Chart chart;
        chart.chart = new QChart;
        chart.x = new QValueAxis;
        chart.x->setRange(-m_windowMs, 0);
        auto *y = new QValueAxis;
        y->setRange(0, 100);
        chart.chart->addAxis(chart.x, Qt::AlignBottom);
        chart.chart->addAxis(y, Qt::AlignLeft);
        for (int feed : feedsPerChart[c]) {
            auto *series = new QLineSeries;
            series->setName(QStringLiteral("feed %1").arg(feed));
            chart.chart->addSeries(series);
            series->attachAxis(chart.x);
            series->attachAxis(y);
            m_targets[size_t(feed)] = {int(c), series};
        }
        chart.view = new NaiveChartView(chart.chart, this);
        const int index = int(c);
        chart.view->painted = [this, index] {
            if (m_observer)
                m_observer(index, m_charts[size_t(index)].newestMs);
        };
        grid->addWidget(chart.view, int(c) / columns, int(c) % columns);
        m_charts.push_back(chart);
    }
}

NaiveWindow::~NaiveWindow() = default;

void NaiveWindow::setPaintObserver(std::function<void(int, qint64)> observer)
{
    m_observer = std::move(observer);
}

void NaiveWindow::deliver(int feed, qint64 t, double v)
{
    m_inFlight.fetch_sub(1, std::memory_order_relaxed);
    if (m_discard.load(std::memory_order_relaxed) || feed < 0 || size_t(feed) >= m_targets.size())
        return;
    m_shown[size_t(feed)].fetch_add(1, std::memory_order_relaxed);
    const Target &target = m_targets[size_t(feed)];
    if (!target.series)
        return;
    const double x = double(t - m_baseMs);
    target.series->append(x, v);
    if (target.series->count() > m_windowPoints)
        target.series->remove(0);
    Chart &chart = m_charts[size_t(target.chart)];
    chart.newestMs = std::max(chart.newestMs, t);
    chart.x->setRange(x - m_windowMs, x);
}

NaiveSink::NaiveSink(NaiveWindow *window, QHash<QString, int> feedIndex)
    : m_window(window), m_feedIndex(std::move(feedIndex))
{
}

void NaiveSink::number(const QString &feedId, const QString &, qint64 t, double v)
{
    const int feed = m_feedIndex.value(feedId, -1);
    NaiveWindow *window = m_window;
    window->posted();
    QMetaObject::invokeMethod(
        window, [window, feed, t, v] { window->deliver(feed, t, v); }, Qt::QueuedConnection);
}

} // namespace livedash::bench
