#include "tilepanel.h"
#include "decimator.h"

#include <QDateTime>
#include <QPainter>
#include <QPainterPath>
#include <QVBoxLayout>

#include <cmath>

namespace livedash {

/// Paints the tile: one paint per refresh, no child widgets to lay out.
class TileFace : public QWidget
{
public:
    explicit TileFace(QWidget *parent) : QWidget(parent)
    {
        setMinimumSize(160, 90);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    }

    QString value = QStringLiteral("–");
    QString unit;
    QString delta;
    int trend = 0; // -1 down, 0 flat, 1 up
    QString caption;
    QList<QPointF> spark;
    double sparkLo = 0, sparkHi = 1;
    qint64 sparkFrom = 0, sparkTo = 1;

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QRectF r = rect();
        const QColor fg = palette().color(QPalette::WindowText);
        // Sparkline behind the number.
        if (spark.size() > 1 && sparkTo > sparkFrom) {
            QPainterPath path;
            const double h = r.height() * 0.45;
            const double base = r.bottom() - 4;
            for (qsizetype i = 0; i < spark.size(); ++i) {
                const double x = r.left() + (spark[i].x() - double(sparkFrom)) /
                                                double(sparkTo - sparkFrom) * r.width();
                const double frac = sparkHi > sparkLo ? (spark[i].y() - sparkLo) / (sparkHi - sparkLo)
                                                      : 0.5;
                const QPointF pt(x, base - frac * h);
                i == 0 ? path.moveTo(pt) : path.lineTo(pt);
            }
            QColor c(0x4e, 0xa8, 0xff);
            c.setAlpha(150);
            p.setPen(QPen(c, 1.5));
            p.drawPath(path);
        }
        QFont big = font();
        big.setPixelSize(std::max(18, int(std::min(r.height() * 0.42, r.width() / 6.0))));
        big.setBold(true);
        p.setFont(big);
        p.setPen(fg);
        const QFontMetrics fm(big);
        const int valueWidth = fm.horizontalAdvance(value);
        QFont small = font();
        small.setPixelSize(std::max(11, big.pixelSize() / 3));
        const QFontMetrics sm(small);
        const int unitWidth = unit.isEmpty() ? 0 : sm.horizontalAdvance(unit) + 6;
        const double x0 = r.center().x() - (valueWidth + unitWidth) / 2.0;
        const double baseline = r.top() + r.height() * 0.5 + fm.ascent() / 2.5;
        p.drawText(QPointF(x0, baseline), value);
        p.setFont(small);
        if (!unit.isEmpty())
            p.drawText(QPointF(x0 + valueWidth + 6, baseline), unit);
        if (!delta.isEmpty()) {
            const QColor up(0x5c, 0xd6, 0x8a), down(0xff, 0x5c, 0x7a);
            p.setPen(trend > 0 ? up : (trend < 0 ? down : fg));
            const QString arrow = trend > 0 ? QStringLiteral("▲ ")
                                            : (trend < 0 ? QStringLiteral("▼ ") : QString());
            const QString text = arrow + delta;
            p.drawText(QPointF(r.center().x() - sm.horizontalAdvance(text) / 2.0,
                               baseline + sm.height() + 2),
                       text);
        }
        if (!caption.isEmpty()) {
            QColor dim = fg;
            dim.setAlpha(140);
            p.setPen(dim);
            p.drawText(QRectF(r.left() + 2, r.top(), r.width() - 4, sm.height() + 2),
                       Qt::AlignLeft | Qt::AlignTop, caption);
        }
    }
};

namespace {
QString formatNumber(double v, int decimals)
{
    if (!std::isfinite(v))
        return QStringLiteral("–");
    if (decimals >= 0)
        return QLocale().toString(v, 'f', decimals);
    const double a = std::abs(v);
    if (a != 0 && (a >= 1e7 || a < 1e-3))
        return QLocale().toString(v, 'g', 4);
    return QLocale().toString(v, 'f', a >= 100 ? 0 : (a >= 10 ? 1 : 2));
}
} // namespace

TilePanel::TilePanel(const PanelConfig &config, ChannelStore *store, QWidget *parent)
    : Panel(config, store, parent), m_face(new TileFace(this))
{
    m_face->unit = config.unit;
    m_face->setObjectName(QStringLiteral("tileFace"));
    bodyLayout()->addWidget(m_face);
}

QString TilePanel::valueText() const
{
    return m_face->value;
}

bool TilePanel::refresh(qint64 nowMs)
{
    if (isFrozen())
        return false;
    const auto &chs = channels();
    if (chs.isEmpty()) {
        setSubtitle(tr("waiting for data"));
        return false;
    }
    const ChannelPtr &c = chs.first();
    const quint64 version = c->version();
    // The sparkline scrolls once a second even without new values.
    if (version == m_seenVersion && nowMs - m_lastSparkMs < 1000)
        return false;
    m_seenVersion = version;
    m_lastSparkMs = nowMs;
    const int decimals = config().decimals;
    if (auto two = c->lastTwoNumbers()) {
        const double prev = two->first.v, cur = two->second.v;
        m_face->value = formatNumber(cur, decimals);
        const double d = cur - prev;
        m_face->trend = d > 0 ? 1 : (d < 0 ? -1 : 0);
        m_face->delta = (d > 0 ? QStringLiteral("+") : QString()) + formatNumber(d, decimals);
    } else if (auto one = c->lastNumber()) {
        m_face->value = formatNumber(one->v, decimals);
        m_face->delta.clear();
        m_face->trend = 0;
    } else if (auto text = c->lastText()) {
        m_face->value = text->text;
        m_face->delta.clear();
        setSubtitle(QString());
    }
    m_face->caption = chs.size() > 1 ? c->name() : QString();
    const qint64 from = nowMs - 60000;
    const DecimationResult r = decimateMinMax(*c, from, nowMs, 120, m_face->spark);
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
