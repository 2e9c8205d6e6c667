#include "panels/chartpanel.h"
#include "alarms/alarmengine.h"
#include "history/historystore.h"
#include "store/decimator.h"
#include "widgets/palette.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QElapsedTimer>
#include <QGraphicsLayout>
#include <QLineSeries>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QWheelEvent>

#include <cmath>

namespace livedash {

/// The chart view: a hook after each paint, and the operator's zoom (wheel), pan (drag) and
/// back-to-live (double-click) gestures.
namespace {

/// A cost estimate that follows changes within a few frames.
double movingAverage(double averageMs, qint64 sampleNs)
{
    return averageMs + 0.2 * (double(sampleNs) / 1e6 - averageMs);
}

} // namespace

class ChartCanvas : public QChartView
{
public:
    ChartCanvas(QChart *chart, ChartPanel *panel) : QChartView(chart, panel), m_panel(panel)
    {
        setToolTip(ChartPanel::tr("Wheel: zoom · Drag: pan through history · "
                                  "Double-click: back to live"));
    }
    std::function<void()> painted;

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        // A wide, short chart (a 1080p wall with four rows of panels) gives the legend's row to
        // the plot: the legend goes to the right, where such a chart has room.
        const bool wide = event->size().width() > 3 * event->size().height();
        const Qt::Alignment where = wide ? Qt::AlignRight : Qt::AlignBottom;
        if (chart()->legend()->alignment() != where)
            chart()->legend()->setAlignment(where);
        QChartView::resizeEvent(event);
    }
    void paintEvent(QPaintEvent *event) override
    {
        QElapsedTimer timer;
        timer.start();
        QChartView::paintEvent(event);
        m_panel->m_paintCostMs = movingAverage(m_panel->m_paintCostMs, timer.nsecsElapsed());
        if (painted)
            painted();
    }
    void wheelEvent(QWheelEvent *event) override
    {
        const QRectF plot = chart()->plotArea();
        const double anchor =
            plot.width() > 0
                ? std::clamp((event->position().x() - plot.left()) / plot.width(), 0.0, 1.0)
                : 1.0;
        m_panel->zoom(event->angleDelta().y() > 0 ? 0.5 : 2.0, anchor);
        event->accept();
    }
    void mousePressEvent(QMouseEvent *event) override
    {
        if (event->button() == Qt::LeftButton) {
            m_dragX = event->position().x();
            m_dragging = true;
            setCursor(Qt::ClosedHandCursor);
        }
        event->accept();
    }
    void mouseMoveEvent(QMouseEvent *event) override
    {
        if (!m_dragging)
            return;
        const double width = std::max(1.0, chart()->plotArea().width());
        const double dx = event->position().x() - m_dragX;
        const qint64 ms = qint64(dx / width * double(m_panel->spanMs()));
        if (ms != 0) {
            m_panel->pan(ms);
            m_dragX = event->position().x();
        }
        event->accept();
    }
    void mouseReleaseEvent(QMouseEvent *event) override
    {
        m_dragging = false;
        unsetCursor();
        event->accept();
    }
    void mouseDoubleClickEvent(QMouseEvent *event) override
    {
        m_panel->goLive();
        event->accept();
    }
    void drawForeground(QPainter *painter, const QRectF &rect) override
    {
        QChartView::drawForeground(painter, rect);
        // Where each active alarm started: a dashed line across the plot, in the alarm's colour,
        // with a mark on the time axis.
        if (m_panel->m_series.isEmpty())
            return;
        const QRectF plot = chart()->mapRectToScene(chart()->plotArea());
        for (const ChartPanel::Series &s : std::as_const(m_panel->m_series)) {
            if (!s.alarm)
                continue;
            const double xRel = double(s.alarmAt - m_panel->m_shownEnd);
            if (xRel < -double(m_panel->m_spanMs) || xRel > 0)
                continue;
            const QPointF at =
                chart()->mapToScene(chart()->mapToPosition(QPointF(xRel, 0), s.series));
            const QColor color = palette::severity(*s.alarm);
            QPen pen(color, 1.5, Qt::DashLine);
            pen.setCosmetic(true);
            painter->setPen(pen);
            painter->drawLine(QPointF(at.x(), plot.top()), QPointF(at.x(), plot.bottom()));
            painter->setPen(Qt::NoPen);
            painter->setBrush(color);
            const double b = plot.bottom();
            painter->drawPolygon(QPolygonF{QPointF(at.x() - 5, b + 7), QPointF(at.x() + 5, b + 7),
                                           QPointF(at.x(), b)});
        }
    }

private:
    ChartPanel *m_panel;
    double m_dragX = 0;
    bool m_dragging = false;
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

} // namespace

ChartPanel::ChartPanel(const PanelConfig &config, ChannelStore *store, QWidget *parent)
    : Panel(config, store, parent), m_chart(new QChart), m_x(new QDateTimeAxis),
      m_xSeries(new QValueAxis), m_y(new QValueAxis)
{
    m_spanMs = qint64(config.windowSeconds) * 1000;
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setTheme(QChart::ChartThemeDark);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 8, 4));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0); // the panel's frame is margin enough
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setShowToolTips(true);
    m_x->setTickCount(5);
    m_x->setFormat(timeLabelFormat(m_spanMs, m_x->tickCount()));
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
    // Moving a time axis every frame makes Qt Charts lay it out again and recompute every
    // series (a third of the UI thread at 30 Hz). The series sit on a hidden axis fixed at
    // [-span, 0] and receive x relative to the view's end, so the data scrolls by itself; the
    // time axis, attached to no series, moves only when one of its labels would change.
    m_xSeries->setVisible(false);
    m_xSeries->setRange(-double(m_spanMs), 0);
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_xSeries, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_canvas = new ChartCanvas(m_chart, this);
    m_view = m_canvas;
    m_view->setObjectName(QStringLiteral("chartView"));
    m_view->setRenderHint(QPainter::Antialiasing, false);
    m_view->setMinimumSize(200, 150);
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
        // A 1 px cosmetic pen: the raster engine draws it directly, without stroking a path.
        QPen pen(palette::series().at(i % palette::series().size()));
        pen.setWidth(1);
        pen.setCosmetic(true);
        series->setPen(pen);
        m_chart->addSeries(series);
        series->attachAxis(m_xSeries);
        series->attachAxis(m_y);
        Series entry;
        entry.channel = numeric[i];
        entry.series = series;
        entry.label = labels.value(i);
        m_series.append(std::move(entry));
    }
    m_chart->legend()->setVisible(!m_series.isEmpty()); // which channel, even when only one
    setSubtitle(numeric.size() > MaxSeries
                    ? tr("%1 of %2 channels").arg(MaxSeries).arg(numeric.size())
                    : (m_series.isEmpty() ? tr("waiting for data") : QString()));
}

bool ChartPanel::updateAlarms()
{
    bool changed = false;
    for (Series &s : m_series) {
        std::optional<AlertSeverity> severity;
        qint64 at = 0;
        if (alarms()) {
            const QList<Alarm> active = alarms()->activeOn(s.channel->name());
            if (!active.isEmpty()) {
                severity = active.first().severity;
                at = active.first().firedAt;
            }
        }
        if (severity == s.alarm && at == s.alarmAt)
            continue;
        changed = true;
        s.alarm = severity;
        s.alarmAt = at;
        // The line thickens and the legend says which series is in alarm; its colour stays, so
        // that it can still be told from the others.
        QPen pen = s.series->pen();
        pen.setWidthF(severity ? 2.5 : 1);
        s.series->setPen(pen);
        s.series->setName(severity ? QStringLiteral("⚠ ") + s.label : s.label);
    }
    if (changed)
        m_canvas->viewport()->update();
    return changed;
}

QStringList ChartPanel::seriesNames() const
{
    QStringList names;
    for (const Series &s : m_series)
        names.append(s.series->name());
    return names;
}

QList<qint64> ChartPanel::alarmMarks() const
{
    QList<qint64> marks;
    for (const Series &s : m_series)
        if (s.alarm)
            marks.append(s.alarmAt);
    return marks;
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

QString ChartPanel::timeLabelFormat(qint64 spanMs, int tickCount)
{
    // Fine enough that neighbouring ticks never read the same, no wider than it needs to be.
    const qint64 step = spanMs / std::max(1, tickCount - 1);
    if (step < 1000)
        return QStringLiteral("mm:ss.zzz");
    if (spanMs <= qint64(6) * 3600 * 1000)
        return QStringLiteral("hh:mm:ss");
    if (spanMs <= qint64(3) * 24 * 3600 * 1000)
        return QStringLiteral("ddd hh:mm");
    // Ticks a day or more apart fall on different dates: the date alone fits a narrow chart.
    if (step >= qint64(24) * 3600 * 1000)
        return QStringLiteral("d MMM");
    return QStringLiteral("d MMM hh:mm");
}

void ChartPanel::applyTimeLabels(qint64 from, qint64 end)
{
    // The labels QDateTimeAxis would draw for [from, end] (its ticks are evenly spaced).
    const int ticks = std::max(2, m_x->tickCount());
    const QString format = timeLabelFormat(end - from, ticks);
    if (format != m_x->format()) {
        m_x->setFormat(format); // after a zoom only
        m_timeLabels.clear();
    }
    QStringList labels;
    labels.reserve(ticks);
    for (int i = 0; i < ticks; ++i) {
        const double t = double(from) + double(i) * double(end - from) / double(ticks - 1);
        labels.append(QDateTime::fromMSecsSinceEpoch(qint64(t)).toString(format));
    }
    if (labels == m_timeLabels)
        return;
    m_timeLabels = labels;
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(from), QDateTime::fromMSecsSinceEpoch(end));
}

void ChartPanel::setFrozen(bool frozen)
{
    if (frozen == isFrozen())
        return;
    Panel::setFrozen(frozen);
    m_frozenAt = m_shownEnd > 0 ? m_shownEnd : QDateTime::currentMSecsSinceEpoch();
    m_viewChanged = true;
    updateSubtitle();
}

void ChartPanel::zoom(double factor, double anchorFraction)
{
    const qint64 minSpan = 1000;
    const qint64 maxSpan = qint64(366) * 24 * 3600 * 1000;
    const qint64 newSpan = std::clamp(qint64(double(m_spanMs) * factor), minSpan, maxSpan);
    if (newSpan == m_spanMs)
        return;
    if (!isLive() || anchorFraction < 1.0) {
        // Keep the time under the cursor where it is.
        const qint64 end = m_shownEnd > 0 ? m_shownEnd : QDateTime::currentMSecsSinceEpoch();
        const double anchorT = double(end - m_spanMs) + anchorFraction * double(m_spanMs);
        const qint64 newEnd = qint64(anchorT + (1.0 - anchorFraction) * double(newSpan));
        if (!isFrozen()) {
            m_panned = newEnd < QDateTime::currentMSecsSinceEpoch();
            m_viewEnd = newEnd;
        } else {
            m_frozenAt = newEnd;
        }
    }
    m_spanMs = newSpan;
    m_viewChanged = true;
    updateSubtitle();
}

void ChartPanel::pan(qint64 ms)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (isFrozen()) {
        m_frozenAt = std::min(m_frozenAt - ms, now);
    } else {
        const qint64 end = (m_panned ? m_viewEnd : now) - ms;
        m_panned = end < now;
        m_viewEnd = std::min(end, now);
    }
    m_viewChanged = true;
    updateSubtitle();
}

void ChartPanel::goLive()
{
    m_panned = false;
    m_spanMs = qint64(config().windowSeconds) * 1000;
    m_viewChanged = true;
    updateSubtitle();
}

void ChartPanel::updateSubtitle()
{
    if (m_series.isEmpty())
        return;
    QString text;
    if (isFrozen())
        text = tr("paused");
    else if (m_panned)
        text = tr("history · double-click for live");
    if (m_spanMs != qint64(config().windowSeconds) * 1000) {
        const double s = double(m_spanMs) / 1000;
        const QString span = s >= 2 * 86400 ? tr("%1 d").arg(s / 86400, 0, 'g', 3)
                             : s >= 3600    ? tr("%1 h").arg(s / 3600, 0, 'g', 3)
                             : s >= 60      ? tr("%1 min").arg(s / 60, 0, 'g', 3)
                                            : tr("%1 s").arg(s, 0, 'g', 3);
        text = text.isEmpty() ? span : text + QStringLiteral(" · ") + span;
    }
    setSubtitle(text);
}

DecimationResult ChartPanel::addStoredPart(Series &s, qint64 from, qint64 end, int columns,
                                           qint64 nowMs)
{
    // What the channel still holds starts at its oldest kept sample; the file has the rest.
    const qint64 kept = s.channel->readNumbers([](const NumberView &view) {
        return view.begin() < view.end() ? view.at(view.begin()).t
                                         : std::numeric_limits<qint64>::max();
    });
    const qint64 to = std::min(end, kept - 1);
    if (to < from)
        return {};
    const qint64 bucketMs = std::max<qint64>(1, m_spanMs / std::max(1, columns));
    // Following the live edge, the stored part moves by a column at most every few frames:
    // read it again once a second, or at once when the view or the zoom changed.
    const bool stale = s.diskBucketMs != bucketMs || from < s.diskFrom - bucketMs ||
                       to > s.diskTo + bucketMs || std::abs(from - s.diskFrom) > bucketMs ||
                       (isLive() && nowMs - s.diskReadAtMs >= 1000);
    if (stale) {
        const int storedColumns = std::max(
            1, int(double(columns) * double(to - from) / double(std::max<qint64>(1, m_spanMs))));
        s.disk.clear();
        s.diskResult = history()->decimate(s.channel->name(), from, to, storedColumns, s.disk, 0);
        s.diskFrom = from;
        s.diskTo = to;
        s.diskBucketMs = bucketMs;
        s.diskReadAtMs = nowMs;
    }
    if (s.disk.isEmpty())
        return {};
    // Older points go first; x relative to the view's end, as the ring's points.
    QList<QPointF> merged;
    merged.reserve(s.disk.size() + m_scratch.size());
    for (const QPointF &p : std::as_const(s.disk)) {
        if (p.x() >= double(from) && p.x() <= double(to))
            merged.append(QPointF(p.x() - double(end), p.y()));
    }
    merged.append(m_scratch);
    m_scratch.swap(merged);
    return s.diskResult;
}

bool ChartPanel::refresh(qint64 nowMs)
{
    // Series come and go with channels; a channel gets numbers some time after it appears.
    bool rebuild = channelsChanged();
    if (!rebuild) {
        qsizetype numeric = 0;
        for (const ChannelPtr &c : channels())
            numeric += c->hasNumbers() ? 1 : 0;
        rebuild = std::min<qsizetype>(numeric, MaxSeries) != m_series.size();
    }
    if (rebuild) {
        rebuildSeries();
        updateSubtitle();
    }
    // Alarms are shown as they stand, also on a frozen or panned chart.
    const bool alarmsChanged = updateAlarms();

    const bool live = isLive();
    const qint64 end = isFrozen() ? m_frozenAt : (m_panned ? m_viewEnd : nowMs);
    const int columns = std::max(50, int(m_chart->plotArea().width()));
    const qint64 msPerPixel = std::max<qint64>(1, m_spanMs / columns);
    bool dataChanged = rebuild || m_viewChanged;
    for (const Series &s : std::as_const(m_series))
        dataChanged |= s.channel->version() != s.seenVersion;
    if (!live && !m_viewChanged && !rebuild)
        return alarmsChanged; // a still view over history: nothing moves
    // Live with no new data, the chart still scrolls, but only when that moves it by a pixel.
    if (!dataChanged && nowMs - m_lastRefreshMs < msPerPixel)
        return alarmsChanged;
    QElapsedTimer cost;
    cost.start();
    m_lastRefreshMs = nowMs;
    m_viewChanged = false;
    m_shownEnd = end;
    ++m_refreshes;

    const qint64 from = end - m_spanMs;
    double lo = std::numeric_limits<double>::max();
    double hi = std::numeric_limits<double>::lowest();
    for (Series &s : m_series) {
        s.seenVersion = s.channel->version();
        // Live: fold in only what arrived since the last frame. History: reduce the range.
        DecimationResult r = live ? s.live.update(*s.channel, from, end, msPerPixel, m_scratch, end)
                                  : decimateMinMax(*s.channel, from, end, columns, m_scratch, end);
        if (history()) {
            const DecimationResult stored = addStoredPart(s, from, end, columns, nowMs);
            if (!stored.empty) {
                r.minY = r.empty ? stored.minY : std::min(r.minY, stored.minY);
                r.maxY = r.empty ? stored.maxY : std::max(r.maxY, stored.maxY);
                r.inputPoints += stored.inputPoints;
                r.empty = false;
            }
        }
        s.series->replace(m_scratch);
        // A line needs two points in time: a lone sample is drawn as a dot.
        const bool lone = !m_scratch.isEmpty() && m_scratch.front().x() == m_scratch.back().x();
        if (s.series->pointsVisible() != lone)
            s.series->setPointsVisible(lone);
        if (!r.empty) {
            lo = std::min(lo, r.minY);
            hi = std::max(hi, r.maxY);
        }
    }
    if (m_xSeries->min() != -double(m_spanMs))
        m_xSeries->setRange(-double(m_spanMs), 0);
    applyTimeLabels(from, end);
    if (config().yMin && config().yMax) {
        applyYRange(*config().yMin, *config().yMax);
    } else if (lo <= hi) {
        if (config().yMin)
            lo = std::min(lo, *config().yMin);
        if (config().yMax)
            hi = std::max(hi, *config().yMax);
        if (hi - lo < 1e-9) {
            // A flat line gets room around it, but a quantity that never goes below zero
            // (a rate, a count) is not shown on an axis with negative values.
            const double pad = std::max(std::abs(hi) * 0.05, 0.5);
            const double floor = config().yMin ? *config().yMin : (lo >= 0 ? 0.0 : lo - pad);
            lo = std::max(lo - pad, floor);
            hi += pad;
        }
        // Snap to nice steps so the axis does not twitch with every new extreme.
        const double step = niceStep(hi - lo);
        applyYRange(std::floor(lo / step) * step, std::ceil(hi / step) * step);
    }
    m_refreshCostMs = movingAverage(m_refreshCostMs, cost.nsecsElapsed());
    return true;
}

} // namespace livedash
