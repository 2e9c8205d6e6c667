#include "panels/panel.h"
#include "panels/barpanel.h"
#include "panels/chartpanel.h"
#include "panels/eventlogpanel.h"
#include "panels/gaugepanel.h"
#include "panels/scoreboardpanel.h"
#include "panels/statetimelinepanel.h"
#include "panels/tilepanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSet>
#include <QVBoxLayout>

namespace livedash {

Panel::Panel(const PanelConfig &config, ChannelStore *store, QWidget *parent)
    : QFrame(parent), m_config(config), m_store(store)
{
    setObjectName(QStringLiteral("panel"));
    setFrameShape(QFrame::StyledPanel);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(8, 6, 8, 8);
    outer->setSpacing(4);
    auto *header = new QHBoxLayout;
    m_title = new QLabel(
        config.title.isEmpty() ? config.channels.join(QStringLiteral(", ")) : config.title, this);
    m_title->setObjectName(QStringLiteral("panelTitle"));
    QFont f = m_title->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.1);
    m_title->setFont(f);
    m_subtitle = new QLabel(this);
    m_subtitle->setObjectName(QStringLiteral("panelSubtitle"));
    m_subtitle->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    header->addWidget(m_title, 1);
    header->addWidget(m_subtitle);
    outer->addLayout(header);
    m_body = new QVBoxLayout;
    m_body->setContentsMargins(0, 0, 0, 0);
    outer->addLayout(m_body, 1);
}

void Panel::setSubtitle(const QString &text)
{
    if (m_subtitle->text() != text)
        m_subtitle->setText(text);
}

const QList<ChannelPtr> &Panel::channels()
{
    const quint64 layout = m_store->layoutVersion();
    if (layout != m_layoutVersion) {
        m_layoutVersion = layout;
        // Patterns may overlap (`f/**` and `f/x`): keep each channel once, where first matched.
        // A set, not found.contains(): a `feed/**` panel of thousands of channels re-resolves
        // on the UI thread whenever a channel is made.
        QList<ChannelPtr> found;
        QSet<const Channel *> seen;
        m_unmatched.clear();
        for (const QString &pattern : std::as_const(m_config.channels)) {
            const QList<ChannelPtr> matched = m_store->match(pattern);
            for (const ChannelPtr &c : matched)
                if (!seen.contains(c.get())) {
                    seen.insert(c.get());
                    found.append(c);
                }
            // Nothing matches although the feed has channels: a mistyped pattern, most likely.
            const QString feed = ChannelStore::feedIdOf(pattern);
            if (matched.isEmpty() && !feed.contains(QLatin1Char('*')) &&
                !m_store->match(feed + QStringLiteral("/**")).isEmpty())
                m_unmatched.append(pattern);
        }
        if (found != m_channels) {
            m_channels = found;
            m_changed = true;
        }
    }
    return m_channels;
}

QString Panel::noChannelText(const QString &waiting)
{
    channels();
    if (m_unmatched.isEmpty())
        return waiting;
    return tr("no channel matches %1").arg(m_unmatched.join(QStringLiteral(", ")));
}

bool Panel::channelsChanged()
{
    channels();
    const bool changed = m_changed;
    m_changed = false;
    return changed;
}

QStringList shortNames(const QStringList &names)
{
    if (names.size() < 2) {
        QStringList out;
        for (const QString &n : names)
            out.append(n.section(QLatin1Char('/'), 1)); // drop the feed id
        return out;
    }
    QList<QStringList> parts;
    for (const QString &n : names)
        parts.append(n.split(QLatin1Char('/')));
    qsizetype common = 0;
    for (;; ++common) {
        bool same = true;
        for (const QStringList &p : parts)
            if (p.size() <= common + 1 || p[common] != parts.first()[common])
                same = false;
        if (!same)
            break;
    }
    QStringList out;
    for (const QStringList &p : parts)
        out.append(p.mid(common).join(QLatin1Char('/')));
    return out;
}

Panel *createPanel(const PanelConfig &config, ChannelStore *store, QWidget *parent)
{
    switch (config.kind) {
    case PanelKind::Chart:
        return new ChartPanel(config, store, parent);
    case PanelKind::Tile:
        return new TilePanel(config, store, parent);
    case PanelKind::Scoreboard:
        return new ScoreboardPanel(config, store, parent);
    case PanelKind::EventLog:
        return new EventLogPanel(config, store, parent);
    case PanelKind::Gauge:
        return new GaugePanel(config, store, parent);
    case PanelKind::Bar:
        return new BarPanel(config, store, parent);
    case PanelKind::StateTimeline:
        return new StateTimelinePanel(config, store, parent);
    }
    return nullptr;
}

} // namespace livedash
