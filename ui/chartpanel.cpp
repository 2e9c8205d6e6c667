#include "chartpanel.h"
#include "decimator.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace livedash {

/// The chart view, with a hook after each paint.
class ChartCanvas : public QChartView
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

namespace {

/// A "nice" axis bound: 1, 2, 2.5 or 5 times a power of ten.
double niceStep(double range)
{
    if (range <= 0 || !std::isfinite(range))
        return 1;
    const double raw = range / 5;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (raw <= m * mag)
            return m * mag;
    return 10 * mag;
}

const QList<QColor> &seriesColors()
{
    static const QList<QColor> colors{QColor(0x4e, 0xa8, 0xff), QColor(0xff, 0xa6, 0x3d),
                                      QColor(0x5c, 0xd6, 0x8a), QColor(0xff, 0x5c, 0x7a),
                                      QColor(0xb3, 0x8c, 0xff), QColor(0x3d, 0xd9, 0xd6),
                                      QColor(0xff, 0xe0, 0x5c), QColor(0xd6, 0x8c, 0x5c)};
    return colors;
}

} // namespace

ChartPanel::ChartPanel(const PanelConfig &config, ChannelStore *store, QWidget *parent)
    : Panel(config, store, parent), m_chart(new QChart), m_x(new QDateTimeAxis),
      m_y(new QValueAxis)
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setTheme(QChart::ChartThemeDark);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 8, 4));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setShowToolTips(true);
    m_x->setFormat(config.windowSeconds > 3 * 3600 ? QStringLiteral("dd hh:mm")
                                                   : QStringLiteral("hh:mm:ss"));
    m_x->setTickCount(5);
    // Qt Charts elides labels computed while the chart was still small; never truncate.
    m_x->setTruncateLabels(false);
    m_y->setTruncateLabels(false);
    m_y->setLabelFormat(QStringLiteral("%.4g"));
    if (!config.unit.isEmpty())
        m_y->setTitleText(config.unit);
    // Qt Charts 6.4 never lays out labels for a QDateTimeAxis left at its default range.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(now - qint64(config.windowSeconds) * 1000),
                  QDateTime::fromMSecsSinceEpoch(now));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_canvas = new ChartCanvas(m_chart, this);
    m_view = m_canvas;
    m_view->setObjectName(QStringLiteral("chartView"));
    m_view->setRenderHint(QPainter::Antialiasing, false);
    m_view->setMinimumSize(240, 160);
    bodyLayout()->addWidget(m_view);
    applyYRange(config.yMin.value_or(0), config.yMax.value_or(1));
}

void ChartPanel::setPaintObserver(std::function<void()> observer)
{
    m_canvas->painted = std::move(observer);
}

qsizetype ChartPanel::pointCount() const
{
    qsizetype n = 0;
    for (const Series &s : m_series)
        n += s.series->count();
    return n;
}

void ChartPanel::rebuildSeries()
{
    for (Series &s : m_series) {
        m_chart->removeSeries(s.series);
        delete s.series;
    }
    m_series.clear();
    QList<ChannelPtr> numeric;
    for (const ChannelPtr &c : channels())
        if (c->hasNumbers())
            numeric.append(c);
    QStringList names;
    for (const ChannelPtr &c : std::as_const(numeric))
        names.append(c->name());
    const QStringList labels = shortNames(names);
    for (qsizetype i = 0; i < numeric.size() && i < MaxSeries; ++i) {
        auto *series = new QLineSeries;
        series->setName(labels.value(i));
        QPen pen(seriesColors().at(i % seriesColors().size()));
        pen.setWidthF(1.5);
        series->setPen(pen);
        m_chart->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(m_y);
        m_series.append({numeric[i], series, ~quint64(0)});
    }
    m_chart->legend()->setVisible(m_series.size() > 1);
    setSubtitle(numeric.size() > MaxSeries
                    ? tr("%1 of %2 channels").arg(MaxSeries).arg(numeric.size())
                    : (m_series.isEmpty() ? tr("waiting for data") : QString()));
}

void ChartPanel::applyYRange(double lo, double hi)
{
    if (lo == m_yLo && hi == m_yHi)
        return;
    m_yLo = lo;
    m_yHi = hi;
    m_y->setRange(lo, hi);
    // Ticks on round numbers: 0, 25, 50 rather than 0, 37.5, 75.
    const double step = niceStep(hi - lo);
    const int ticks = int(std::lround((hi - lo) / step)) + 1;
    if (ticks >= 2 && ticks <= 11 && std::abs((hi - lo) / step - (ticks - 1)) < 1e-6)
        m_y->setTickCount(ticks);
}

bool ChartPanel::refresh(qint64 nowMs)
{
    if (isFrozen())
        return false;
    // Series come and go with channels; a channel gets numbers some time after it appears.
    bool rebuild = channelsChanged();
    if (!rebuild) {
        qsizetype numeric = 0;
        for (const ChannelPtr &c : channels())
            numeric += c->hasNumbers() ? 1 : 0;
        rebuild = std::min<qsizetype>(numeric, MaxSeries) != m_series.size();
    }
    if (rebuild)
        rebuildSeries();

    const qint64 windowMs = qint64(config().windowSeconds) * 1000;
    const int columns = std::max(50, int(m_chart->plotArea().width()));
    const qint64 msPerPixel = std::max<qint64>(1, windowMs / columns);
    bool dataChanged = rebuild;
    for (const Series &s : std::as_const(m_series))
        dataChanged |= s.channel->version() != s.seenVersion;
    // With no new data the chart still scrolls, but only when that moves it by a pixel.
    if (!dataChanged && nowMs - m_lastRefreshMs < msPerPixel)
        return false;
    m_lastRefreshMs = nowMs;
    ++m_refreshes;

    const qint64 from = nowMs - windowMs;
    double lo = std::numeric_limits<double>::max();
    double hi = std::numeric_limits<double>::lowest();
    for (Series &s : m_series) {
        s.seenVersion = s.channel->version();
        const DecimationResult r = decimateMinMax(*s.channel, from, nowMs, columns, m_scratch);
        s.series->replace(m_scratch);
        if (!r.empty) {
            lo = std::min(lo, r.minY);
            hi = std::max(hi, r.maxY);
        }
    }
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(from), QDateTime::fromMSecsSinceEpoch(nowMs));
    if (config().yMin && config().yMax) {
        applyYRange(*config().yMin, *config().yMax);
    } else if (lo <= hi) {
        if (config().yMin)
            lo = std::min(lo, *config().yMin);
        if (config().yMax)
            hi = std::max(hi, *config().yMax);
        if (hi - lo < 1e-9) {
            const double pad = std::max(std::abs(hi) * 0.05, 0.5);
            lo -= pad;
            hi += pad;
        }
        // Snap to nice steps so the axis does not twitch with every new extreme.
        const double step = niceStep(hi - lo);
        applyYRange(std::floor(lo / step) * step, std::ceil(hi / step) * step);
    }
    return true;
}

} // namespace livedash
