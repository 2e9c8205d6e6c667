#include "panels/chartpanel.h"
#include "alarms/alarmengine.h"
#include "history/historystore.h"
#include "store/decimator.h"
#include "widgets/palette.h"

#include <QAbstractButton>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QElapsedTimer>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QWheelEvent>

#include <cmath>
#include <limits>

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
        viewport()->setMouseTracking(true); // the crosshair follows the mouse, no button held
    }
    std::function<void()> painted;

    /// The readout changed (values, place or visibility): lays it out and repaints where it
    /// was and where it is now.
    void readoutChanged()
    {
        const QRectF before = m_drawn;
        layoutReadout();
        QRectF dirty = before | m_drawn;
        if (!dirty.isEmpty())
            viewport()->update(mapFromScene(dirty.adjusted(-2, -2, 2, 2)).boundingRect());
    }
    /// The readout's lines as laid out (the panel's readoutText()).
    QStringList lines() const
    {
        QStringList out;
        if (m_rows.isEmpty() && m_time.isEmpty())
            return out;
        out.append(m_time);
        for (const Row &row : m_rows)
            out.append(row.name + QLatin1Char(' ') + row.value);
        return out;
    }

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
    bool viewportEvent(QEvent *event) override
    {
        if (event->type() == QEvent::Leave) {
            m_panel->hover(std::nullopt);
        } else if (event->type() == QEvent::ToolTip && m_panel->m_readout) {
            // Over the plot the readout is the help; the gestures' tooltip would cover it.
            event->accept();
            return true;
        }
        return QChartView::viewportEvent(event);
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
        m_panel->hover(chart()->mapFromScene(mapToScene(event->position().toPoint())));
        event->accept();
        if (!m_dragging)
            return;
        const double width = std::max(1.0, chart()->plotArea().width());
        const double dx = event->position().x() - m_dragX;
        const qint64 ms = qint64(dx / width * double(m_panel->spanMs()));
        if (ms != 0) {
            m_panel->pan(ms);
            m_dragX = event->position().x();
        }
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
        if (m_panel->m_series.isEmpty())
            return;
        const QRectF plot = chart()->mapRectToScene(chart()->plotArea());
        drawNoData(painter, plot);
        drawAlarmMarks(painter, plot);
        if (!m_drawn.isEmpty() && rect.intersects(m_drawn))
            drawReadout(painter, plot);
    }

private:
    struct Row
    {
        QColor color;
        QString name;
        QString value;
    };

    /// Where data stopped: a hatched band in the muted colour, edged and labelled "no data"
    /// (with the series' names when only some of them stopped, fainter).
    void drawNoData(QPainter *painter, const QRectF &plot)
    {
        const QList<ChartPanel::NoDataBand> &bands = m_panel->m_bands;
        if (bands.isEmpty())
            return;
        painter->save();
        const double span = double(std::max<qint64>(1, m_panel->m_spanMs));
        const qint64 start = m_panel->m_shownEnd - m_panel->m_spanMs;
        auto xOf = [&](qint64 t) {
            return std::clamp(plot.left() + double(t - start) / span * plot.width(), plot.left(),
                              plot.right());
        };
        const QFontMetricsF metrics(font());
        const QString noData = ChartPanel::tr("no data");
        for (const ChartPanel::NoDataBand &band : bands) {
            const QRectF r(QPointF(std::round(xOf(band.from)), plot.top()),
                           QPointF(std::round(xOf(band.to)), plot.bottom()));
            if (r.width() < 1)
                continue;
            QColor muted = palette::textDim();
            muted.setAlpha(band.all ? 30 : 16);
            painter->fillRect(r, muted);
            muted.setAlpha(band.all ? 90 : 50);
            painter->fillRect(r, QBrush(muted, Qt::BDiagPattern));
            QPen edge(muted, 1, Qt::DashLine);
            edge.setCosmetic(true);
            painter->setPen(edge);
            painter->drawLine(r.topLeft(), r.bottomLeft());
            painter->drawLine(r.topRight(), r.bottomRight());
            // The label at the band's top, on a backing so that the hatching does not cross it.
            const double room = r.width() - 8;
            if (room < metrics.horizontalAdvance(noData))
                continue;
            const QString text = metrics.elidedText(
                band.all
                    ? noData
                    : ChartPanel::tr("no data: %1").arg(band.series.join(QStringLiteral(", "))),
                Qt::ElideRight, room);
            const QRectF box(r.center().x() - metrics.horizontalAdvance(text) / 2 - 3, r.top() + 4,
                             metrics.horizontalAdvance(text) + 6, metrics.height() + 2);
            QColor backing = palette::base();
            backing.setAlpha(200);
            painter->fillRect(box, backing);
            painter->setPen(palette::textDim());
            painter->drawText(box, Qt::AlignCenter, text);
        }
        painter->restore();
    }

    /// Where each active alarm started: a dashed line across the plot, in the alarm's colour,
    /// with a mark on the time axis.
    void drawAlarmMarks(QPainter *painter, const QRectF &plot)
    {
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

    /// The crosshair: a line at the mouse, and beside it a box with the time and each series'
    /// value, inside the plot (on the line's left near the right edge). A plot too short for
    /// one column of rows gets more columns, as far as its width allows.
    void layoutReadout()
    {
        m_rows.clear();
        m_time.clear();
        m_drawn = QRectF();
        const std::optional<ChartPanel::Readout> &r = m_panel->m_readout;
        if (!r || !m_panel->m_hover)
            return;
        const QRectF plot = chart()->mapRectToScene(chart()->plotArea());
        m_lineX = chart()->mapToScene(*m_panel->m_hover).x();
        m_time = QLocale().toString(QDateTime::fromMSecsSinceEpoch(r->t),
                                    ChartPanel::readoutTimeFormat(m_panel->m_spanMs));
        const QList<QColor> &colors = palette::series();
        for (qsizetype i = 0; i < r->values.size(); ++i) {
            const int index = r->series.value(i, int(i));
            m_rows.append(Row{
                colors.at(index % colors.size()), r->values[i].first,
                m_panel->formatReadoutValue(r->values[i].second, m_panel->isOnRightAxis(index))});
        }

        const QFontMetricsF plain(font());
        const QFontMetricsF bold(boldFont());
        m_lineHeight = std::ceil(std::max(plain.height(), bold.height()));
        double nameWidth = 0, valueWidth = 0;
        for (const Row &row : std::as_const(m_rows)) {
            nameWidth = std::max(nameWidth, plain.horizontalAdvance(row.name));
            valueWidth = std::max(valueWidth, bold.horizontalAdvance(row.value));
        }
        m_swatch = std::round(m_lineHeight * 0.6);
        m_columnWidth = m_swatch + SwatchGap + nameWidth + ColumnGap + valueWidth;
        const qsizetype lines = std::max<qsizetype>(
            1, qsizetype((plot.height() - 2 * PaddingY - 4) / m_lineHeight) - 1);
        const qsizetype needed = (m_rows.size() + lines - 1) / lines;
        // Right of the line, or left of it near the right edge: the side with room for every
        // row, else the roomier one. The box never covers the line while one column fits.
        const double timeWidth = bold.horizontalAdvance(m_time);
        auto columnsIn = [&](double space) {
            const double inner = space - 2 * PaddingX;
            if (inner < timeWidth)
                return qsizetype(0);
            return qsizetype((inner + ColumnGap) / (m_columnWidth + ColumnGap));
        };
        const double rightSpace = plot.right() - 2 - (m_lineX + Offset);
        const double leftSpace = (m_lineX - Offset) - (plot.left() + 2);
        const qsizetype rightFit = columnsIn(rightSpace), leftFit = columnsIn(leftSpace);
        const bool right = rightFit >= needed || (leftFit < needed && rightFit >= leftFit);
        m_columns = std::max<qsizetype>(1, std::min(needed, right ? rightFit : leftFit));
        if (m_rows.size() > m_columns * lines) {
            // Still more than there is room for: the last place counts the rest.
            const qsizetype shown = m_columns * lines - 1;
            const int hidden = int(m_rows.size() - shown);
            m_rows.resize(shown);
            m_rows.append(Row{QColor(), ChartPanel::tr("+%n more", nullptr, hidden), {}});
        }
        m_perColumn = std::max<qsizetype>(1, (m_rows.size() + m_columns - 1) / m_columns);
        m_columns = std::max<qsizetype>(1, (m_rows.size() + m_perColumn - 1) / m_perColumn);

        const double width =
            2 * PaddingX +
            std::max(timeWidth, double(m_columns) * (m_columnWidth + ColumnGap) - ColumnGap);
        const double height = 2 * PaddingY + m_lineHeight * double(1 + m_perColumn);
        double left = right ? m_lineX + Offset : m_lineX - Offset - width;
        left =
            std::clamp(left, plot.left() + 2, std::max(plot.left() + 2, plot.right() - 2 - width));
        const double top =
            std::max(plot.top() + 2, std::min(plot.top() + Offset, plot.bottom() - height - 2));
        m_box = QRectF(std::round(left) + 0.5, std::round(top) + 0.5, std::ceil(width),
                       std::ceil(height));
        m_drawn = m_box | QRectF(m_lineX - 1, plot.top(), 2, plot.height());
    }

    void drawReadout(QPainter *painter, const QRectF &plot)
    {
        painter->save();
        QPen line(lineColor(), 1);
        line.setCosmetic(true);
        painter->setPen(line);
        painter->drawLine(QPointF(m_lineX, plot.top()), QPointF(m_lineX, plot.bottom()));

        painter->setRenderHint(QPainter::Antialiasing, true);
        QColor fill = palette::base();
        fill.setAlpha(235);
        painter->setBrush(fill);
        painter->setPen(QPen(palette::textDisabled(), 1));
        painter->drawRoundedRect(m_box, 3, 3);
        painter->setRenderHint(QPainter::Antialiasing, false);

        const QFont plain = font();
        const QFont bold = boldFont();
        const QFontMetricsF boldMetrics(bold);
        const double ascent = boldMetrics.ascent();
        const double top = m_box.top() + PaddingY;
        painter->setFont(bold);
        painter->setPen(palette::text());
        painter->drawText(QPointF(m_box.left() + PaddingX, top + ascent), m_time);
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            const Row &row = m_rows[i];
            const double left =
                m_box.left() + PaddingX + double(i / m_perColumn) * (m_columnWidth + ColumnGap);
            const double y = top + m_lineHeight * double(1 + i % m_perColumn);
            if (row.color.isValid()) {
                painter->fillRect(
                    QRectF(left, y + (m_lineHeight - m_swatch) / 2, m_swatch, m_swatch), row.color);
            }
            painter->setFont(plain);
            painter->setPen(palette::textDim());
            painter->drawText(QPointF(left + m_swatch + SwatchGap, y + ascent), row.name);
            painter->setFont(bold);
            painter->setPen(palette::text());
            const double valueRight = left + m_columnWidth;
            painter->drawText(
                QPointF(valueRight - boldMetrics.horizontalAdvance(row.value), y + ascent),
                row.value);
        }
        painter->restore();
    }

    QFont boldFont() const
    {
        QFont f = font();
        f.setBold(true);
        return f;
    }
    static QColor lineColor()
    {
        QColor c = palette::text();
        c.setAlpha(170);
        return c;
    }

    static constexpr double PaddingX = 6;
    static constexpr double PaddingY = 3;
    static constexpr double Offset = 10;    ///< from the line to the box
    static constexpr double SwatchGap = 6;  ///< from a swatch to its name
    static constexpr double ColumnGap = 14; ///< from the names to the values, and between columns

    ChartPanel *m_panel;
    double m_dragX = 0;
    bool m_dragging = false;
    // The readout as laid out (scene coordinates), kept for painting and for repainting
    // only where it was.
    QString m_time;
    QList<Row> m_rows;
    QRectF m_box;
    QRectF m_drawn; ///< the line and the box; empty when hidden
    double m_lineX = 0;
    double m_lineHeight = 0;
    double m_swatch = 0;
    double m_columnWidth = 0;  ///< a swatch, the widest name and the widest value
    qsizetype m_columns = 1;   ///< columns of rows, beside one another
    qsizetype m_perColumn = 1; ///< rows in a column
};

namespace {

/// 10^exponent, exact up to 10^22 (a product of whole numbers, each exact in a double).
double powerOfTen(int exponent)
{
    if (exponent < 0 || exponent > 22)
        return std::pow(10.0, double(exponent));
    double p = 1;
    for (int i = 0; i < exponent; ++i)
        p *= 10;
    return p;
}

/// The channel's kept sample with the greatest time at or before `t` (the later one of equal
/// times); null when it keeps none that old.
std::optional<Sample> lastKeptAtOrBefore(const Channel &channel, qint64 t)
{
    return channel.readNumbers([t](const NumberView &view) -> std::optional<Sample> {
        // From `sorted` on the samples are in time order: a binary search. Before it, a source
        // sent some out of order (rare): those are scanned.
        quint64 lo = view.begin(), hi = view.end();
        while (lo < hi) {
            const quint64 mid = lo + (hi - lo) / 2;
            if (view.sortedFrom(mid))
                hi = mid;
            else
                lo = mid + 1;
        }
        const quint64 sorted = lo;
        std::optional<Sample> best;
        for (quint64 i = view.begin(); i < sorted; ++i) {
            const Sample &s = view.at(i);
            if (s.t <= t && (!best || s.t >= best->t))
                best = s;
        }
        hi = view.end();
        while (lo < hi) {
            const quint64 mid = lo + (hi - lo) / 2;
            if (view.at(mid).t <= t)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo > sorted && (!best || view.at(lo - 1).t >= best->t))
            best = view.at(lo - 1);
        return best;
    });
}

} // namespace

double ChartPanel::TickStep::at(double k) const
{
    // Whole numbers over an exact power of ten round once: 3 * 2 / 10 is the double of 0.6.
    const double whole = k * mantissa;
    return exponent >= 0 ? whole * powerOfTen(exponent) : whole / powerOfTen(-exponent);
}

ChartPanel::ChartPanel(const PanelConfig &config, ChannelStore *store, QWidget *parent)
    : Panel(config, store, parent), m_chart(new QChart), m_x(new QDateTimeAxis),
      m_xSeries(new QValueAxis)
{
    m_y.axis = new QValueAxis;
    m_spanMs = qint64(config.windowSeconds) * 1000;
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setTheme(palette::theme() == palette::Theme::Dark ? QChart::ChartThemeDark
                                                               : QChart::ChartThemeLight);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 8, 4));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0); // the panel's frame is margin enough
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setShowToolTips(true);
    m_x->setTickCount(5);
    m_x->setFormat(timeLabelFormat(m_spanMs, m_x->tickCount()));
    // Qt Charts elides labels computed while the chart was still small; never truncate.
    m_x->setTruncateLabels(false);
    m_y.axis->setTruncateLabels(false);
    if (!config.unit.isEmpty())
        m_y.axis->setTitleText(config.unit);
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
    m_chart->addAxis(m_y.axis, Qt::AlignLeft);
    if (config.rightAxis) {
        m_yRight.axis = new QValueAxis;
        m_yRight.axis->setTruncateLabels(false);
        if (!config.rightAxis->unit.isEmpty())
            m_yRight.axis->setTitleText(config.rightAxis->unit);
        m_chart->addAxis(m_yRight.axis, Qt::AlignRight);
    }
    m_canvas = new ChartCanvas(m_chart, this);
    m_view = m_canvas;
    m_view->setObjectName(QStringLiteral("chartView"));
    m_view->setRenderHint(QPainter::Antialiasing, false);
    m_view->setMinimumSize(200, 150);
    bodyLayout()->addWidget(m_view);
    applyYRange(m_y, config.yMin.value_or(0), config.yMax.value_or(1), false);
    if (m_yRight.axis)
        applyYRange(m_yRight, config.rightAxis->min.value_or(0), config.rightAxis->max.value_or(1),
                    false);
    // A shorter or taller plot has room for fewer or more ticks: lay the y axis out again.
    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        if (yTickBudget() != m_y.ticks)
            m_viewChanged = true;
        // As many time labels as the plot's width has room for (2 to 5): a narrow chart (a
        // third of a wall, a legend beside it) must not print them over each other.
        const double label =
            QFontMetricsF(m_x->labelsFont()).horizontalAdvance(QStringLiteral("00:00:00")) * 1.5;
        const int xTicks = std::clamp(int(m_chart->plotArea().width() / label) + 1, 2, 5);
        if (xTicks != m_x->tickCount()) {
            m_x->setTickCount(xTicks);
            m_timeLabels.clear();
            m_viewChanged = true;
        }
        if (m_hover)
            updateReadout(); // the plot moved under the mouse
    });
}

void ChartPanel::setPaintObserver(std::function<void()> observer)
{
    m_canvas->painted = std::move(observer);
}

qsizetype ChartPanel::pointCount() const
{
    qsizetype n = 0;
    for (const Series &s : m_series) {
        n += s.series->count();
        for (const QLineSeries *run : s.more)
            n += run->count();
    }
    return n;
}

int ChartPanel::lineRuns(int index) const
{
    return index >= 0 && index < m_series.size() ? m_series[index].runs : 0;
}

void ChartPanel::rebuildSeries()
{
    for (Series &s : m_series) {
        for (QLineSeries *run : std::as_const(s.more)) {
            m_chart->removeSeries(run);
            delete run;
        }
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
        Series entry;
        entry.channel = numeric[i];
        entry.series = series;
        entry.label = labels.value(i);
        if (const std::optional<ChartRightAxis> &axis = config().rightAxis)
            entry.right = std::any_of(axis->channels.begin(), axis->channels.end(),
                                      [&](const QString &pattern) {
                                          return channelPatternMatches(pattern, numeric[i]->name());
                                      });
        entry.visible = !m_hidden.contains(numeric[i]->name());
        series->setName(legendName(entry));
        series->setVisible(entry.visible);
        m_chart->addSeries(series);
        series->attachAxis(m_xSeries);
        series->attachAxis(entry.right ? m_yRight.axis : m_y.axis);
        for (QLegendMarker *marker : m_chart->legend()->markers(series))
            connect(marker, &QLegendMarker::clicked, this, [this, series] {
                for (qsizetype k = 0; k < m_series.size(); ++k)
                    if (m_series[k].series == series)
                        setSeriesVisible(int(k), !m_series[k].visible);
            });
        updateMarkers(entry);
        m_series.append(std::move(entry));
    }
    m_chart->legend()->setVisible(!m_series.isEmpty()); // which channel, even when only one
    setSubtitle(numeric.size() > MaxSeries
                    ? tr("%1 of %2 channels").arg(MaxSeries).arg(numeric.size())
                    : (m_series.isEmpty() ? noChannelText(tr("waiting for data")) : QString()));
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
        for (QLineSeries *run : std::as_const(s.more))
            run->setPen(pen);
        s.series->setName(legendName(s));
    }
    if (changed)
        m_canvas->viewport()->update();
    return changed;
}

QString ChartPanel::legendName(const Series &s) const
{
    QString name = s.alarm ? QStringLiteral("⚠ ") + s.label : s.label;
    if (s.right)
        name = tr("%1 (right)", "a chart series drawn against the right axis").arg(name);
    return name;
}

void ChartPanel::updateMarkers(const Series &s)
{
    // Qt Charts shows or hides a marker with its series: the first run's stays, dimmed while
    // hidden, so that a click can bring it back; the further runs' never show.
    QLegend *legend = m_chart->legend();
    for (QLegendMarker *marker : legend->markers(s.series)) {
        marker->setVisible(true);
        QColor label = m_chart->legend()->labelColor();
        label.setAlphaF(s.visible ? 1.0 : 0.4);
        marker->setLabelBrush(label);
        QColor swatch = s.series->pen().color();
        swatch.setAlphaF(s.visible ? 1.0 : 0.25);
        marker->setBrush(swatch);
        marker->setPen(QPen(swatch));
    }
    for (QLineSeries *run : s.more)
        for (QLegendMarker *marker : legend->markers(run))
            marker->setVisible(false);
}

void ChartPanel::setSeriesVisible(int index, bool visible)
{
    if (index < 0 || index >= m_series.size() || m_series[index].visible == visible)
        return;
    Series &s = m_series[index];
    s.visible = visible;
    if (visible)
        m_hidden.remove(s.channel->name());
    else
        m_hidden.insert(s.channel->name());
    s.series->setVisible(visible);
    for (QLineSeries *run : std::as_const(s.more))
        run->setVisible(visible);
    // A hidden series is not reduced; shown again, it starts from the channel's pyramid.
    s.live.reset();
    s.gaps.clear();
    updateMarkers(s);
    m_viewChanged = true;
    if (m_hover)
        updateReadout();
}

bool ChartPanel::isSeriesVisible(int index) const
{
    return index >= 0 && index < m_series.size() && m_series[index].visible;
}

bool ChartPanel::isOnRightAxis(int index) const
{
    return index >= 0 && index < m_series.size() && m_series[index].right;
}

std::pair<double, double> ChartPanel::leftRange() const
{
    return {m_y.axis->min(), m_y.axis->max()};
}

std::optional<std::pair<double, double>> ChartPanel::rightRange() const
{
    if (!m_yRight.axis)
        return std::nullopt;
    return std::make_pair(m_yRight.axis->min(), m_yRight.axis->max());
}

void ChartPanel::clearHistory(qint64 fromMs)
{
    m_shownFrom = std::max<qint64>(0, fromMs);
    for (Series &s : m_series) {
        s.live.reset();
        s.disk.clear();
        s.diskTo = -1; // read the file again, from the new start
    }
    m_viewChanged = true;
    updateSubtitle();
    if (m_hover)
        updateReadout();
}

void ChartPanel::confirmClearHistory()
{
    const QString title = config().title.isEmpty() ? tr("this chart") : config().title;
    QMessageBox box(
        QMessageBox::Question, tr("Clear chart history"),
        tr("Clear what \"%1\" shows up to now? The chart starts again from now.").arg(title),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setInformativeText(tr("Only this chart forgets: its channels keep their data, which "
                              "other panels and the history file still show."));
    box.button(QMessageBox::Yes)->setText(tr("Clear history"));
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() == QMessageBox::Yes)
        clearHistory(QDateTime::currentMSecsSinceEpoch());
}

void ChartPanel::addContextActions(QMenu *menu)
{
    menu->addSeparator();
    menu->addAction(tr("Clear history of this chart…"), this, &ChartPanel::confirmClearHistory);
    if (m_shownFrom > 0)
        menu->addAction(tr("Show cleared history again"), this, [this] { clearHistory(0); });
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

ChartPanel::TickStep ChartPanel::tickStepFor(double lo, double hi, int maxTicks, bool snap)
{
    TickStep step;
    const double range = hi - lo;
    if (!(range > 0) || !std::isfinite(range))
        return step;
    // A hair of tolerance: 0.6 / 0.2 is 2.9999999999999996 in doubles.
    constexpr double hair = 1e-9;
    step.exponent = int(std::floor(std::log10(range / std::max(1, maxTicks)))) - 1;
    TickStep finer = step;
    for (int tries = 0; tries < 12; ++tries, ++step.exponent) {
        for (const int m : {1, 2, 5}) {
            step.mantissa = m;
            const double v = step.value();
            const double first = snap ? std::floor(lo / v + hair) : std::ceil(lo / v - hair);
            const double last = snap ? std::ceil(hi / v - hair) : std::floor(hi / v + hair);
            const double ticks = last - first + 1;
            // A lone tick says nothing of the scale: then the finer step, a tick over budget.
            if (ticks <= maxTicks)
                return ticks >= 2 ? step : finer;
            finer = step;
        }
    }
    return step;
}

int ChartPanel::yTickBudget() const
{
    // Up to 7 ticks, fewer on a short plot: a label and a half from one tick to the next.
    const double height = m_chart->plotArea().height();
    if (height <= 0)
        return 7;
    const double label = QFontMetricsF(m_y.axis->labelsFont()).height();
    return std::clamp(int(height / (1.5 * label)) + 1, 3, 7);
}

void ChartPanel::applyYRange(YAxis &a, double lo, double hi, bool snap)
{
    const int budget = yTickBudget();
    const TickStep step = tickStepFor(lo, hi, budget, snap);
    const double v = step.value();
    if (snap) {
        // Whole steps: the axis does not twitch with every new extreme, and ends on a tick.
        lo = step.at(std::floor(lo / v + 1e-9));
        hi = step.at(std::ceil(hi / v - 1e-9));
    }
    if (lo == a.lo && hi == a.hi && budget == a.ticks)
        return;
    a.lo = lo;
    a.hi = hi;
    a.ticks = budget;
    a.step = step;
    QValueAxis *const axis = a.axis;
    // Qt Charts finds each tick by adding the interval to the one before: a step lost in the
    // values' rounding (a few units on 1e17, or an overflowing range) would never reach the
    // top. Such an axis gets evenly spaced ticks instead.
    const double magnitude = std::max(std::abs(lo), std::abs(hi));
    if (!(hi > lo) || !std::isfinite(hi - lo) || !(v > magnitude * 1e-12)) {
        axis->setTickType(QValueAxis::TicksFixed);
        axis->setTickCount(5);
        axis->setLabelFormat(QStringLiteral("%.4g"));
        axis->setRange(lo, hi);
        return;
    }
    // Ticks on round numbers (0, 0.2, 0.4 rather than 0, 0.2667, 0.5333), labelled with the
    // step's decimals. Adding the interval again and again drifts: the ticks sit a hair above
    // the round numbers, so that zero is never labelled "-0.0", and the range reaches a hair
    // past its top, so that the top tick is never dropped.
    const double hair = v * 1e-6;
    // Each change lays the axis out: never a wide range with a fine step in between (0.2 over
    // 1000..5000 would be 20000 labels).
    if (axis->tickType() != QValueAxis::TicksDynamic || v >= axis->tickInterval()) {
        axis->setTickInterval(v);
        axis->setRange(lo, hi + 2 * hair);
    } else {
        axis->setRange(lo, hi + 2 * hair);
        axis->setTickInterval(v);
    }
    axis->setTickAnchor(step.at(std::ceil(lo / v - 1e-9)) + hair);
    axis->setLabelFormat(QStringLiteral("%.") + QString::number(std::max(0, -step.exponent)) +
                         QLatin1Char('f'));
    axis->setTickType(QValueAxis::TicksDynamic);
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

QString ChartPanel::readoutTimeFormat(qint64 spanMs)
{
    if (spanMs <= qint64(5) * 60 * 1000)
        return QStringLiteral("hh:mm:ss.zzz");
    if (spanMs <= qint64(6) * 3600 * 1000)
        return QStringLiteral("hh:mm:ss");
    if (spanMs <= qint64(3) * 24 * 3600 * 1000)
        return QStringLiteral("ddd hh:mm:ss");
    return QStringLiteral("d MMM yyyy hh:mm");
}

std::optional<ChartPanel::Readout> ChartPanel::readoutAt(qint64 tMs) const
{
    if (m_series.isEmpty())
        return std::nullopt;
    Readout r;
    r.t = tMs;
    r.values.reserve(m_series.size());
    for (qsizetype i = 0; i < m_series.size(); ++i) {
        const Series &s = m_series[i];
        if (!s.visible)
            continue;
        std::optional<Sample> sample =
            tMs >= m_shownFrom ? lastKeptAtOrBefore(*s.channel, tMs) : std::nullopt;
        if (!sample && history() && tMs >= m_shownFrom) {
            // Older than what the channel holds: the history file, asked once per stretch
            // between two of its samples (a mouse moving over a gap reads the file once).
            const bool known = s.readoutStore == history() && tMs <= s.readoutAskedT &&
                               (!s.readoutStored || s.readoutStored->t <= tMs);
            if (!known) {
                s.readoutStore = history();
                s.readoutAskedT = tMs;
                s.readoutStored = history()->lastSampleAtOrBefore(s.channel->name(), tMs);
            }
            sample = s.readoutStored;
        }
        if (sample && sample->t < m_shownFrom) // cleared
            sample.reset();
        r.values.append({s.label, sample ? std::optional<double>(sample->v) : std::nullopt});
        r.series.append(int(i));
    }
    return r;
}

QStringList ChartPanel::readoutText() const
{
    return m_canvas->lines();
}

QString ChartPanel::formatReadoutValue(const std::optional<double> &value, bool right) const
{
    // No sample yet, or the source's NaN or infinity (a gap in the line): a dash.
    if (!value || !std::isfinite(*value))
        return QStringLiteral("\u2013");
    // The panel's decimals, else one digit finer than the y axis' step (0.43 on 0, 0.2, 0.4).
    const YAxis &axis = right && m_yRight.axis ? m_yRight : m_y;
    const int decimals =
        config().decimals >= 0 ? config().decimals : std::clamp(1 - axis.step.exponent, 0, 9);
    QString text = QLocale().toString(*value, 'f', decimals);
    const QString unit = right && config().rightAxis ? config().rightAxis->unit : config().unit;
    if (!unit.isEmpty())
        text += QLatin1Char(' ') + unit;
    return text;
}

qint64 ChartPanel::timeAtX(double x) const
{
    const QRectF plot = m_chart->plotArea();
    const double fraction = plot.width() > 0 ? (x - plot.left()) / plot.width() : 1.0;
    return m_shownEnd - m_spanMs + qint64(std::llround(fraction * double(m_spanMs)));
}

void ChartPanel::hover(std::optional<QPointF> at)
{
    if (at == m_hover)
        return;
    m_hover = at;
    updateReadout();
}

void ChartPanel::updateReadout()
{
    std::optional<Readout> readout;
    if (m_hover && m_shownEnd > 0) {
        const QRectF plot = m_chart->plotArea();
        // Inclusive edges: the mouse on the last pixel column reads the view's end.
        if (m_hover->x() >= plot.left() && m_hover->x() <= plot.right() &&
            m_hover->y() >= plot.top() && m_hover->y() <= plot.bottom())
            readout = readoutAt(timeAtX(m_hover->x()));
    }
    if (!readout && !m_readout)
        return;
    m_readout = std::move(readout);
    m_canvas->readoutChanged();
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
    if (m_shownFrom > 0) {
        const QString since =
            tr("cleared at %1")
                .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_shownFrom).time(),
                                        QLocale::ShortFormat));
        text = text.isEmpty() ? since : text + QStringLiteral(" · ") + since;
    }
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

void ChartPanel::fitYRange(YAxis &axis, double lo, double hi, std::optional<double> min,
                           std::optional<double> max)
{
    if (min && max) {
        applyYRange(axis, *min, *max, false);
        return;
    }
    if (lo > hi)
        return; // nothing shown: the range stays
    if (min)
        lo = std::min(lo, *min);
    if (max)
        hi = std::max(hi, *max);
    if (hi - lo < 1e-9) {
        // A flat line gets room around it, but a quantity that never goes below zero
        // (a rate, a count) is not shown on an axis with negative values.
        const double pad = std::max(std::abs(hi) * 0.05, 0.5);
        const double floor = min ? *min : (lo >= 0 ? 0.0 : lo - pad);
        lo = std::max(lo - pad, floor);
        hi += pad;
    }
    applyYRange(axis, lo, hi, true);
}

void ChartPanel::showRuns(Series &s, qint64 shownFrom, qint64 end, qint64 bucketMs, qint64 nowMs)
{
    // The channel's usual interval changes slowly: found again at most once a second.
    const quint64 version = s.channel->version();
    if (version != s.gapVersion &&
        (s.gapVersion == ~quint64(0) || std::abs(nowMs - s.gapAt) >= 1000)) {
        s.gapMs = gapThresholdMs(*s.channel);
        s.gapAt = nowMs;
        s.gapVersion = version;
    }
    m_breaks.clear();
    findLineBreaks(m_scratch, s.gapMs, bucketMs, m_breaks);

    // The holes: between runs, and at either end of the view. Before the first point only when
    // the channel has older samples (not a channel that began in view, nor a cleared chart).
    s.gaps.clear();
    const double step = double(s.gapMs) + 2.0 * double(bucketMs);
    const double start = double(shownFrom - end);
    auto dataBefore = [&] {
        return shownFrom > m_shownFrom && s.channel->readNumbers([&](const NumberView &view) {
            return view.begin() < view.end() && view.at(view.begin()).t < shownFrom;
        });
    };
    if (m_scratch.isEmpty()) {
        if (-start > step && dataBefore())
            s.gaps.append({start, 0.0});
    } else {
        if (m_scratch.front().x() - start > step && dataBefore())
            s.gaps.append({start, m_scratch.front().x()});
        for (const qsizetype b : std::as_const(m_breaks))
            s.gaps.append({m_scratch[b - 1].x(), m_scratch[b].x()});
        if (-m_scratch.back().x() > step)
            s.gaps.append({m_scratch.back().x(), 0.0});
    }

    auto show = [](QLineSeries *series, const QList<QPointF> &points) {
        series->replace(points);
        // A line needs two points in time: a lone sample is drawn as a dot.
        const bool lone = !points.isEmpty() && points.front().x() == points.back().x();
        if (series->pointsVisible() != lone)
            series->setPointsVisible(lone);
    };
    // Past MaxRuns the oldest breaks are joined: the newest runs, at the live edge, stay right.
    const qsizetype skip = std::max<qsizetype>(0, m_breaks.size() - (MaxRuns - 1));
    const int runs = m_scratch.isEmpty() ? 0 : int(m_breaks.size() - skip) + 1;
    if (runs <= 1) {
        show(s.series, m_scratch); // the usual case: one replace(), as without gaps
    } else {
        while (s.more.size() < runs - 1) {
            auto *run = new QLineSeries;
            run->setPen(s.series->pen()); // before addSeries(): the theme keeps a set pen
            m_chart->addSeries(run);
            run->attachAxis(m_xSeries);
            run->attachAxis(s.right ? m_yRight.axis : m_y.axis);
            run->setVisible(s.visible);
            s.more.append(run);
            updateMarkers(s);
        }
        qsizetype begin = 0;
        for (int k = 0; k < runs; ++k) {
            const qsizetype stop = k + 1 < runs ? m_breaks[skip + k] : m_scratch.size();
            show(k == 0 ? s.series : s.more[k - 1], m_scratch.mid(begin, stop - begin));
            begin = stop;
        }
    }
    for (qsizetype k = std::max(runs - 1, 0); k < s.more.size(); ++k)
        if (s.more[k]->count() > 0)
            s.more[k]->clear();
    s.runs = runs;
}

void ChartPanel::updateBands(qint64 end)
{
    // Where at least one shown series has a hole, and which: the holes' edges cut the view
    // into pieces, each piece takes the series missing there, equal neighbours are merged.
    QList<double> edges;
    int shown = 0;
    for (const Series &s : std::as_const(m_series)) {
        if (!s.visible)
            continue;
        ++shown;
        for (const auto &[a, b] : s.gaps) {
            edges.append(a);
            edges.append(b);
        }
    }
    QList<NoDataBand> bands;
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    for (qsizetype k = 0; k + 1 < edges.size(); ++k) {
        const double mid = (edges[k] + edges[k + 1]) / 2;
        QStringList missing;
        for (const Series &s : std::as_const(m_series))
            if (s.visible && std::any_of(s.gaps.begin(), s.gaps.end(), [mid](const auto &g) {
                    return g.first <= mid && mid <= g.second;
                }))
                missing.append(s.label);
        if (missing.isEmpty())
            continue;
        const qint64 a = end + qint64(std::llround(edges[k]));
        const qint64 b = end + qint64(std::llround(edges[k + 1]));
        if (!bands.isEmpty() && bands.last().to == a && bands.last().series == missing)
            bands.last().to = b;
        else
            bands.append(NoDataBand{a, b, missing, missing.size() == shown});
    }
    // The bands move with the view: the plot is painted again while there are any.
    if (!bands.isEmpty() || !m_bands.isEmpty())
        m_canvas->viewport()->update();
    m_bands = std::move(bands);
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
    if (m_series.isEmpty()) // waiting, or a pattern that matches nothing (cheap: cached)
        setSubtitle(noChannelText(tr("waiting for data")));
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
    // After "Clear history" nothing older than m_shownFrom is shown.
    const qint64 shownFrom = std::clamp(m_shownFrom, from, end);
    const qint64 bucketMs = live ? msPerPixel : std::max<qint64>(1, m_spanMs / columns);
    // Per axis (left, right): the range of the shown series' points.
    double lo[2] = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
    double hi[2] = {std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
    for (Series &s : m_series) {
        s.seenVersion = s.channel->version();
        if (!s.visible)
            continue; // hidden from the legend: not reduced, not in the range
        // Live: fold in only what arrived since the last frame. History: reduce the range.
        DecimationResult r =
            live ? s.live.update(*s.channel, shownFrom, end, msPerPixel, m_scratch, end)
                 : decimateMinMax(*s.channel, shownFrom, end,
                                  std::max(1, int(qint64(columns) * (end - shownFrom) /
                                                  std::max<qint64>(1, m_spanMs))),
                                  m_scratch, end);
        if (shownFrom > from && !m_scratch.isEmpty() &&
            m_scratch.front().x() < double(shownFrom - end)) {
            // The first column may reach before the cleared time: those points go.
            const double start = double(shownFrom - end);
            m_scratch.removeIf([start](const QPointF &p) { return p.x() < start; });
            r = DecimationResult{};
            for (const QPointF &p : std::as_const(m_scratch)) {
                r.minY = r.empty ? p.y() : std::min(r.minY, p.y());
                r.maxY = r.empty ? p.y() : std::max(r.maxY, p.y());
                r.empty = false;
            }
        }
        if (history()) {
            const DecimationResult stored = addStoredPart(s, shownFrom, end, columns, nowMs);
            if (!stored.empty) {
                r.minY = r.empty ? stored.minY : std::min(r.minY, stored.minY);
                r.maxY = r.empty ? stored.maxY : std::max(r.maxY, stored.maxY);
                r.inputPoints += stored.inputPoints;
                r.empty = false;
            }
        }
        showRuns(s, shownFrom, end, bucketMs, nowMs);
        if (!r.empty) {
            lo[s.right] = std::min(lo[s.right], r.minY);
            hi[s.right] = std::max(hi[s.right], r.maxY);
        }
    }
    updateBands(end);
    if (m_xSeries->min() != -double(m_spanMs))
        m_xSeries->setRange(-double(m_spanMs), 0);
    applyTimeLabels(from, end);
    fitYRange(m_y, lo[0], hi[0], config().yMin, config().yMax);
    if (m_yRight.axis)
        fitYRange(m_yRight, lo[1], hi[1], config().rightAxis->min, config().rightAxis->max);
    // The crosshair stays where the mouse is: it reads the time now under it.
    if (m_hover)
        updateReadout();
    m_refreshCostMs = movingAverage(m_refreshCostMs, cost.nsecsElapsed());
    return true;
}

} // namespace livedash
