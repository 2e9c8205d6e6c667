#include "panels/tilepanel.h"
#include "alarms/alarmengine.h"
#include "panels/valuebands.h"
#include "store/decimator.h"
#include "widgets/palette.h"

#include <QDateTime>
#include <QPainter>
#include <QPainterPath>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace livedash {

/// Paints the tile: one paint per refresh, no child widgets to lay out.
class TileFace : public QWidget
{
public:
    explicit TileFace(QWidget *parent) : QWidget(parent)
    {
        setMinimumSize(140, 70);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    }

    QString value = QStringLiteral("–");
    QString unit;
    QString delta;
    int trend = 0;         // -1 down, 0 flat, 1 up
    int goodDirection = 0; // which trend is good: -1 down, 1 up, 0 not known
    PanelConfig::Alert alert = PanelConfig::Alert::Normal;
    QString alertText;                  // "critical ≥ 2"
    std::optional<AlertSeverity> alarm; ///< an alert rule's active alarm on the channel
    QString alarmText;
    bool alarmUnacknowledged = false;
    /// What the tile's colour says: the worse of the threshold and the alarm.
    PanelConfig::Alert shownAlert() const
    {
        PanelConfig::Alert fromAlarm = PanelConfig::Alert::Normal;
        if (alarm == AlertSeverity::Critical)
            fromAlarm = PanelConfig::Alert::Critical;
        else if (alarm == AlertSeverity::Warning)
            fromAlarm = PanelConfig::Alert::Warning;
        return std::max(alert, fromAlarm);
    }
    QString caption;
    QList<QPointF> spark;
    /// 1 when the change is good news, -1 when bad, 0 when flat or not known.
    int deltaTone() const
    {
        return trend == 0 || goodDirection == 0 ? 0 : (trend == goodDirection ? 1 : -1);
    }
    double sparkLo = 0, sparkHi = 1;
    qint64 sparkFrom = 0, sparkTo = 1;
    QList<qsizetype> sparkBreaks; ///< where the sparkline breaks (data stopped), ascending

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QRectF r = rect();
        QColor fg = palette().color(QPalette::WindowText);
        const PanelConfig::Alert alert = shownAlert();
        if (alert != PanelConfig::Alert::Normal) {
            // Seen from across the room: the whole tile takes the alert's colour.
            const QColor tone = alert == PanelConfig::Alert::Critical ? palette::criticalTile()
                                                                      : palette::warning();
            QColor fill = tone;
            fill.setAlpha(alert == PanelConfig::Alert::Critical ? 70 : 45);
            p.setPen(Qt::NoPen);
            p.setBrush(fill);
            p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 4, 4);
            fg = tone.lighter(alert == PanelConfig::Alert::Critical ? 130 : 115);
        }
        p.setBrush(Qt::NoBrush);
        // The sparkline has a band of its own below the number when the tile is tall enough;
        // in a short tile it is drawn faintly behind it.
        const double sparkBand = r.height() >= 110 ? std::clamp(r.height() * 0.24, 22.0, 48.0) : 0;
        const QRectF numberArea = r.adjusted(0, 0, 0, -sparkBand);
        QFont big = font();
        big.setPixelSize(
            std::max(18, int(std::min(numberArea.height() * 0.45, numberArea.width() / 6.0))));
        big.setBold(true);
        const QFontMetrics fm(big);
        QFont small = font();
        small.setPixelSize(std::max(11, big.pixelSize() / 3));
        const QFontMetrics sm(small);
        // The number and the change below it, centred together in the number area.
        const double block = fm.ascent() + (delta.isEmpty() ? 0 : sm.height() + 2);
        const double baseline = numberArea.top() + (numberArea.height() - block) / 2.0 +
                                fm.ascent() + sm.height() / 2.0;
        if (spark.size() > 1 && sparkTo > sparkFrom) {
            const QRectF band = sparkBand > 0 ? QRectF(r.left() + 6, r.bottom() - sparkBand + 4,
                                                       r.width() - 12, sparkBand - 8)
                                              : QRectF(r.left(), r.bottom() - r.height() * 0.45 - 4,
                                                       r.width(), r.height() * 0.45);
            QPainterPath path;
            qsizetype nextBreak = 0;
            for (qsizetype i = 0; i < spark.size(); ++i) {
                const double x = band.left() + (spark[i].x() - double(sparkFrom)) /
                                                   double(sparkTo - sparkFrom) * band.width();
                const double frac =
                    sparkHi > sparkLo ? (spark[i].y() - sparkLo) / (sparkHi - sparkLo) : 0.5;
                const QPointF pt(x, band.bottom() - frac * band.height());
                const bool broken = nextBreak < sparkBreaks.size() && sparkBreaks[nextBreak] == i;
                nextBreak += broken ? 1 : 0;
                i == 0 || broken ? path.moveTo(pt) : path.lineTo(pt);
            }
            QColor c(0x4e, 0xa8, 0xff);
            c.setAlpha(sparkBand > 0 ? 190 : 70);
            p.setPen(QPen(c, 1.5));
            p.drawPath(path);
        }
        p.setFont(big);
        QColor valueColor = fg;
        if (value == QStringLiteral("–"))
            valueColor.setAlpha(
                70); // no value yet: a faint dash, not a white bar across a big tile
        p.setPen(valueColor);
        const int valueWidth = fm.horizontalAdvance(value);
        const int unitWidth = unit.isEmpty() ? 0 : sm.horizontalAdvance(unit) + 6;
        const double x0 = r.center().x() - (valueWidth + unitWidth) / 2.0;
        p.drawText(QPointF(x0, baseline), value);
        p.setFont(small);
        if (!unit.isEmpty())
            p.drawText(QPointF(x0 + valueWidth + 6, baseline), unit);
        if (!delta.isEmpty()) {
            // Green and red only where the thresholds say which way is good; a rising error
            // rate is not good news. On an alert's colour, the alert's own text colour reads.
            const QColor good(0x5c, 0xd6, 0x8a), bad(0xff, 0x5c, 0x7a);
            QColor neutral = palette().color(QPalette::WindowText);
            neutral.setAlpha(170);
            p.setPen(alert != PanelConfig::Alert::Normal
                         ? fg
                         : (deltaTone() == 0 ? neutral : (deltaTone() > 0 ? good : bad)));
            const QString arrow =
                trend > 0 ? QStringLiteral("▲ ") : (trend < 0 ? QStringLiteral("▼ ") : QString());
            const QString text = arrow + delta;
            p.drawText(QPointF(r.center().x() - sm.horizontalAdvance(text) / 2.0,
                               baseline + sm.height() + 2),
                       text);
        }
        const QRectF top(r.left() + 4, r.top() + 2, r.width() - 8, sm.height() + 2);
        if (!caption.isEmpty()) {
            QColor dim = fg;
            dim.setAlpha(140);
            p.setPen(dim);
            p.drawText(top, Qt::AlignLeft | Qt::AlignTop, caption);
        }
        // An alarm nobody acknowledged says so before the threshold does.
        const QString flag =
            alarm && (alarmUnacknowledged || alertText.isEmpty()) ? alarmText : alertText;
        if (!flag.isEmpty()) {
            QFont bold = small;
            bold.setBold(true);
            p.setFont(bold);
            p.setPen(fg);
            p.drawText(top, Qt::AlignRight | Qt::AlignTop, flag);
        }
        if (alarm) {
            // The edge in the alarm's colour: an info alarm's only sign, and a latched alarm's
            // when the value itself is back to normal.
            QPen edge(palette::severity(*alarm), alarmUnacknowledged ? 3 : 1.5);
            p.setPen(edge);
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(r.adjusted(1.5, 1.5, -1.5, -1.5), 4, 4);
        }
    }
};

TilePanel::TilePanel(const PanelConfig &config, ChannelStore *store, QWidget *parent)
    : Panel(config, store, parent), m_face(new TileFace(this))
{
    m_face->unit = config.unit;
    m_face->goodDirection = config.goodDirection();
    m_face->setObjectName(QStringLiteral("tileFace"));
    bodyLayout()->addWidget(m_face);
}

int TilePanel::sparkRuns() const
{
    return m_face->spark.isEmpty() ? 0 : int(m_face->sparkBreaks.size()) + 1;
}

QString TilePanel::valueText() const
{
    return m_face->value;
}

PanelConfig::Alert TilePanel::alert() const
{
    return m_face->alert;
}

QString TilePanel::alertText() const
{
    return m_face->alertText;
}

QString TilePanel::deltaText() const
{
    return m_face->delta;
}

int TilePanel::trend() const
{
    return m_face->trend;
}

int TilePanel::deltaTone() const
{
    return m_face->deltaTone();
}

std::optional<AlertSeverity> TilePanel::alarmSeverity() const
{
    return m_face->alarm;
}

QString TilePanel::alarmText() const
{
    return m_face->alarmText;
}

bool TilePanel::showAlarm(const ChannelPtr &channel)
{
    std::optional<AlertSeverity> severity;
    QString text;
    bool unacknowledged = false;
    if (alarms() && channel) {
        const QList<Alarm> active = alarms()->activeOn(channel->name());
        if (!active.isEmpty()) {
            severity = active.first().severity;
            text = QStringLiteral("⚠ ") + active.first().rule;
            for (const Alarm &a : active)
                unacknowledged = unacknowledged || a.state == AlarmState::Firing;
        }
    }
    if (severity == m_face->alarm && text == m_face->alarmText &&
        unacknowledged == m_face->alarmUnacknowledged)
        return false;
    m_face->alarm = severity;
    m_face->alarmText = text;
    m_face->alarmUnacknowledged = unacknowledged;
    m_face->update();
    return true;
}

void TilePanel::showAlert(std::optional<double> value)
{
    const PanelConfig &c = config();
    m_face->alert = value ? c.alert(*value) : PanelConfig::Alert::Normal;
    m_face->alertText.clear();
    if (m_face->alert == PanelConfig::Alert::Normal)
        return;
    const bool critical = m_face->alert == PanelConfig::Alert::Critical;
    const auto above = critical ? c.criticalAbove : c.warningAbove;
    const auto below = critical ? c.criticalBelow : c.warningBelow;
    const QString what = critical ? tr("CRITICAL") : tr("WARNING");
    const int decimals = c.decimals;
    m_face->alertText =
        above && *value >= *above
            ? QStringLiteral("%1 ≥ %2").arg(what, formatPanelValue(*above, decimals))
            : QStringLiteral("%1 ≤ %2").arg(what, formatPanelValue(*below, decimals));
}

bool TilePanel::refresh(qint64 nowMs)
{
    const auto &chs = channels();
    // Alarms are shown as they stand, also while the panel is frozen.
    const bool alarmChanged = showAlarm(chs.isEmpty() ? ChannelPtr() : chs.first());
    if (isFrozen())
        return alarmChanged;
    if (chs.isEmpty()) {
        setSubtitle(noChannelText(tr("waiting for data")));
        return alarmChanged;
    }
    const ChannelPtr &c = chs.first();
    const quint64 version = c->version();
    // The sparkline scrolls once a second even without new values.
    if (version == m_seenVersion && nowMs - m_lastSparkMs < 1000)
        return alarmChanged;
    m_seenVersion = version;
    m_lastSparkMs = nowMs;
    const int decimals = config().decimals;
    if (auto two = c->lastTwoNumbers()) {
        const double prev = two->first.v, cur = two->second.v;
        m_face->value = formatPanelValue(cur, decimals);
        double d = cur - prev;
        // A change too small for the digits shown is no change ("0", not "▼ -0").
        if (QLocale().toDouble(formatPanelValue(d, decimals)) == 0)
            d = 0;
        m_face->trend = d > 0 ? 1 : (d < 0 ? -1 : 0);
        m_face->delta = (d > 0 ? QStringLiteral("+") : QString()) + formatPanelValue(d, decimals);
        if (!std::isfinite(cur) || !std::isfinite(prev)) {
            // No change can be told from or to NaN or infinity.
            m_face->trend = 0;
            m_face->delta.clear();
        }
        showAlert(cur);
    } else if (auto one = c->lastNumber()) {
        m_face->value = formatPanelValue(one->v, decimals);
        m_face->delta.clear();
        m_face->trend = 0;
        showAlert(one->v);
    } else if (auto text = c->lastText()) {
        m_face->value = text->text;
        m_face->delta.clear();
        showAlert(std::nullopt);
        setSubtitle(QString());
    }
    m_face->caption = chs.size() > 1 ? c->name() : QString();
    const qint64 from = nowMs - 60000;
    constexpr int SparkColumns = 120;
    const DecimationResult r = decimateMinMax(*c, from, nowMs, SparkColumns, m_face->spark);
    m_face->sparkBreaks.clear();
    findLineBreaks(m_face->spark, gapThresholdMs(*c), (nowMs - from) / SparkColumns,
                   m_face->sparkBreaks);
    m_face->sparkLo = r.minY;
    m_face->sparkHi = r.maxY;
    m_face->sparkFrom = from;
    m_face->sparkTo = nowMs;
    if (auto last = c->lastNumber()) {
        const qint64 age = (nowMs - last->t) / 1000;
        setSubtitle(age >= 5 ? tr("%1 s ago").arg(age) : QString());
    }
    m_face->update();
    return true;
}

} // namespace livedash
