#include "panels/barpanel.h"
#include "alarms/alarmengine.h"
#include "widgets/palette.h"

#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace livedash {

/// Paints the bars: one paint per refresh, no child widgets to lay out.
class BarFace : public QWidget
{
public:
    explicit BarFace(QWidget *parent) : QWidget(parent)
    {
        setMinimumSize(160, 60);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    }

    QList<BarPanel::Bar> bars;
    double lo = 0, hi = 1;
    static constexpr int MinRowHeight = 16;
    /// How many bars fit in the face's height.
    qsizetype fitting() const
    {
        return std::max<qsizetype>(1, qsizetype(height() - 4) / MinRowHeight);
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QRectF area = rect().adjusted(2, 2, -2, -2);
        const QColor text = palette().color(QPalette::WindowText);
        if (bars.isEmpty())
            return;
        const qsizetype shown = std::min(bars.size(), fitting());
        const double rowH = std::min(44.0, area.height() / double(shown));
        QFont f = font();
        f.setPixelSize(std::clamp(int(rowH * 0.55), 11, 22));
        p.setFont(f);
        const QFontMetricsF fm = QFontMetricsF(p.font(), this);
        // Whole labels while they take at most 45% of the width; values always fit after the
        // longest bar.
        double labelW = 0, valueW = 0;
        for (qsizetype i = 0; i < shown; ++i) {
            labelW = std::max(labelW, fm.horizontalAdvance(bars[i].label));
            valueW = std::max(valueW, fm.horizontalAdvance(bars[i].valueText));
        }
        // Whole pixels, rounded up: a label must not be elided by its own rounding.
        labelW = std::ceil(std::min(labelW, area.width() * 0.45)) + 1;
        valueW = std::ceil(valueW) + 1;
        const double gap = 8;
        const double x0 = area.left() + labelW + gap;
        const double x1 = area.right() - valueW - gap;
        const double width = std::max(10.0, x1 - x0);
        auto xOf = [&](double v) {
            const double f = hi > lo ? std::clamp((v - lo) / (hi - lo), 0.0, 1.0) : 0.0;
            return x0 + f * width;
        };
        const double zero = xOf(std::clamp(0.0, lo, hi));
        // A faint track per row shows where full scale is.
        for (qsizetype i = 0; i < shown; ++i) {
            const BarPanel::Bar &b = bars[i];
            const double y = area.top() + i * rowH;
            const double barH = std::max(6.0, rowH * 0.62);
            const double by = y + (rowH - barH) / 2;
            QColor track = palette::panelBorder();
            track.setAlpha(110);
            p.setPen(Qt::NoPen);
            p.setBrush(track);
            p.drawRoundedRect(QRectF(x0, by, width, barH), 2, 2);
            QColor fill = b.color;
            QColor labelColor = text;
            if (b.stale) {
                fill.setAlpha(70);
                labelColor.setAlpha(110);
            }
            double end = zero;
            if (std::isfinite(b.value) || std::isinf(b.value))
                end = xOf(std::isinf(b.value) ? (b.value > 0 ? hi : lo) : b.value);
            p.setBrush(fill);
            p.drawRoundedRect(
                QRectF(std::min(zero, end), by, std::max(1.5, std::abs(end - zero)), barH), 2, 2);
            p.setPen(b.alarm ? palette::severity(*b.alarm).lighter(130) : labelColor);
            p.drawText(QRectF(area.left(), y, labelW, rowH), Qt::AlignRight | Qt::AlignVCenter,
                       fm.elidedText(b.label, Qt::ElideMiddle, labelW));
            p.setPen(labelColor);
            p.drawText(QRectF(std::max(zero, end) + gap / 2, y, valueW + gap, rowH),
                       Qt::AlignLeft | Qt::AlignVCenter, b.valueText);
        }
    }
};

namespace {

/// Names in the order a person sorts them: digits as numbers ("host2" before "host10"), then
/// case-insensitively. (QCollator's numeric mode is not there on every platform's backend.)
bool naturalLess(const QString &a, const QString &b)
{
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype ie = i, je = j;
            while (ie < a.size() && a[ie].isDigit())
                ++ie;
            while (je < b.size() && b[je].isDigit())
                ++je;
            // Compare the numbers without their leading zeros: by length, then digit by digit.
            QStringView x = QStringView(a).mid(i, ie - i), y = QStringView(b).mid(j, je - j);
            while (x.size() > 1 && x.front() == QLatin1Char('0'))
                x = x.mid(1);
            while (y.size() > 1 && y.front() == QLatin1Char('0'))
                y = y.mid(1);
            if (x.size() != y.size())
                return x.size() < y.size();
            if (const int c = x.compare(y); c != 0)
                return c < 0;
            i = ie;
            j = je;
            continue;
        }
        const QChar ca = a[i].toCaseFolded(), cb = b[j].toCaseFolded();
        if (ca != cb)
            return ca < cb;
        ++i;
        ++j;
    }
    if ((a.size() - i) != (b.size() - j))
        return a.size() - i < b.size() - j;
    return a < b;
}

} // namespace

BarPanel::BarPanel(const PanelConfig &config, ChannelStore *store, QWidget *parent)
    : Panel(config, store, parent), m_face(new BarFace(this))
{
    m_face->setObjectName(QStringLiteral("barFace"));
    bodyLayout()->addWidget(m_face);
}

const QList<BarPanel::Bar> &BarPanel::bars() const
{
    return m_face->bars;
}

std::pair<double, double> BarPanel::range() const
{
    return {m_face->lo, m_face->hi};
}

void BarPanel::colour(Bar &bar) const
{
    bar.color = severityColor(worseSeverity(bar.band, bar.alarm), palette::series().first());
}

bool BarPanel::updateAlarms()
{
    bool changed = false;
    for (Bar &b : m_face->bars) {
        const std::optional<AlertSeverity> alarm =
            alarms() ? alarms()->activeSeverity(b.channel) : std::nullopt;
        if (alarm == b.alarm)
            continue;
        b.alarm = alarm;
        colour(b);
        changed = true;
    }
    if (changed)
        m_face->update();
    return changed;
}

bool BarPanel::refresh(qint64 nowMs)
{
    // Ten times a second, as gauges: bars are read, not watched for motion.
    if (nowMs > m_lastRefreshMs && nowMs - m_lastRefreshMs < RefreshIntervalMs)
        return false;
    m_lastRefreshMs = nowMs;
    // Alarms are shown as they stand, also while the panel is frozen.
    const bool alarmsChanged = updateAlarms();
    if (isFrozen())
        return alarmsChanged;
    const QList<ChannelPtr> &chs = channels();
    quint64 sum = 0;
    for (const ChannelPtr &c : chs)
        sum += c->version();
    const QList<AlertRule> &rules = alarms() ? alarms()->rules() : QList<AlertRule>();
    const bool layout = channelsChanged();
    // Staleness moves with the clock: looked at once a second without new values.
    if (sum == m_seenSum && !layout && rules == m_rules && nowMs - m_lastStaleCheckMs < 1000)
        return alarmsChanged;
    m_seenSum = sum;
    m_rules = rules;
    m_lastStaleCheckMs = nowMs;

    QStringList names;
    for (const ChannelPtr &c : chs)
        names.append(c->name());
    const QStringList labels = shortNames(names);
    const PanelConfig &cfg = config();
    const QString unit = cfg.unit.isEmpty() ? QString() : QStringLiteral(" ") + cfg.unit;
    QList<Bar> bars;
    double lo = 0, hi = 0;
    for (qsizetype i = 0; i < chs.size(); ++i) {
        const auto two = chs[i]->lastTwoNumbers();
        const std::optional<Sample> last = two ? two->second : chs[i]->lastNumber();
        if (!last)
            continue; // a text channel has no bar
        Bar b;
        b.channel = names[i];
        b.label = labels[i];
        b.value = last->v;
        b.valueText = formatPanelValue(last->v, cfg.decimals) + unit;
        b.band = severityAt(valueBands(cfg, rules, b.channel), last->v);
        b.alarm = alarms() ? alarms()->activeSeverity(b.channel) : std::nullopt;
        const qint64 interval = two ? std::max<qint64>(0, two->second.t - two->first.t) : 0;
        b.stale = nowMs - last->t > std::max(StaleFloorMs, StaleIntervals * interval);
        colour(b);
        if (std::isfinite(last->v)) {
            lo = std::min(lo, last->v);
            hi = std::max(hi, last->v);
        }
        bars.append(b);
    }
    // Ties and NaN (last) by name, so that the order holds still.
    const QString &sort = cfg.sort;
    std::stable_sort(bars.begin(), bars.end(), [&](const Bar &a, const Bar &b) {
        if (sort != QLatin1String("name")) {
            const bool an = std::isnan(a.value), bn = std::isnan(b.value);
            if (an != bn)
                return bn;
            if (!an && a.value != b.value)
                return sort == QLatin1String("asc") ? a.value < b.value : a.value > b.value;
        }
        return naturalLess(a.label, b.label);
    });
    if (hi > lo) {
        const double step = niceStep((hi - lo) / 4.0);
        hi = std::ceil(hi / step - 1e-9) * step;
        lo = std::floor(lo / step + 1e-9) * step;
    } else {
        hi = lo + 1;
    }
    m_face->lo = cfg.yMin.value_or(lo);
    m_face->hi = cfg.yMax.value_or(hi);
    if (m_face->hi <= m_face->lo)
        m_face->hi = m_face->lo + 1;
    m_face->bars = bars;
    const qsizetype hidden = bars.size() - std::min(bars.size(), m_face->fitting());
    setSubtitle(bars.isEmpty()
                    ? noChannelText(tr("waiting for data"))
                    : (hidden > 0 ? tr("%n more not shown", nullptr, int(hidden)) : QString()));
    m_face->update();
    return true;
}

} // namespace livedash
