#include "dashboardview.h"
#include "panel.h"

#include <QDateTime>
#include <QGridLayout>
#include <QLabel>

namespace livedash {

DashboardView::DashboardView(ChannelStore *store, QWidget *parent)
    : QWidget(parent), m_store(store), m_grid(new QGridLayout(this))
{
    m_grid->setContentsMargins(6, 6, 6, 6);
    m_grid->setSpacing(6);
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(33); // ~30 Hz
    connect(&m_timer, &QTimer::timeout, this, &DashboardView::tick);
    m_timer.start();
}

void DashboardView::setPanels(const QList<PanelConfig> &panels)
{
    if (panels == m_configs && !m_panels.isEmpty())
        return;
    m_configs = panels;
    qDeleteAll(m_panels);
    m_panels.clear();
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (int r = 0; r < m_grid->rowCount(); ++r)
        m_grid->setRowStretch(r, 0);
    for (int c = 0; c < m_grid->columnCount(); ++c)
        m_grid->setColumnStretch(c, 0);
    if (panels.isEmpty()) {
        auto *hint = new QLabel(tr("This dashboard has no panels yet.\n"
                                   "Open Settings (Ctrl+,) to add feeds and panels."),
                                this);
        hint->setAlignment(Qt::AlignCenter);
        m_grid->addWidget(hint, 0, 0);
        return;
    }
    for (const PanelConfig &config : panels) {
        Panel *panel = createPanel(config, m_store, this);
        panel->setFrozen(m_paused);
        m_grid->addWidget(panel, config.row, config.column, config.rowSpan, config.columnSpan);
        m_panels.append(panel);
    }
    for (int r = 0; r < m_grid->rowCount(); ++r)
        m_grid->setRowStretch(r, 1);
    for (int c = 0; c < m_grid->columnCount(); ++c)
        m_grid->setColumnStretch(c, 1);
    m_nextChart = 0;
}

void DashboardView::setPaused(bool paused)
{
    m_paused = paused;
    for (Panel *p : std::as_const(m_panels))
        p->setFrozen(paused);
}

void DashboardView::tick()
{
    ++m_frames;
    if (!isVisible())
        return; // minimised or hidden: the store keeps filling, nothing to paint
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<Panel *> charts;
    for (Panel *p : std::as_const(m_panels)) {
        if (p->isExpensive())
            charts.append(p);
        else
            p->refresh(now);
    }
    if (charts.isEmpty())
        return;
    // Round-robin over charts within the budget; the next tick resumes where this one stopped.
    QElapsedTimer budget;
    budget.start();
    const qsizetype n = charts.size();
    for (qsizetype i = 0; i < n; ++i) {
        Panel *chart = charts[(m_nextChart + i) % n];
        chart->refresh(now);
        if (budget.elapsed() >= m_budgetMs) {
            m_nextChart = (m_nextChart + i + 1) % n;
            return;
        }
    }
}

} // namespace livedash
