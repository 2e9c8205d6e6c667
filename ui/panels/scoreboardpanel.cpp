#include "panels/scoreboardpanel.h"
#include "alarms/alarmengine.h"
#include "widgets/palette.h"

#include <QHeaderView>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace livedash {

QString prettyColumnName(const QString &key)
{
    QString out;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const QChar c = key[i];
        if (c == QLatin1Char('_') || c == QLatin1Char('-')) {
            out += QLatin1Char(' ');
        } else if (c.isUpper() && i > 0 && key[i - 1].isLower()) {
            out += QLatin1Char(' ');
            out += c.toLower();
        } else {
            out += c;
        }
    }
    if (!out.isEmpty())
        out[0] = out[0].toUpper();
    return out;
}

ScoreboardPanel::ScoreboardPanel(const PanelConfig &config, ChannelStore *store, QWidget *parent)
    : Panel(config, store, parent), m_table(new QTableWidget(this))
{
    m_table->setObjectName(QStringLiteral("scoreboardTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    QFont f = m_table->font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    m_table->setFont(f);
    bodyLayout()->addWidget(m_table);
}

bool ScoreboardPanel::showAlarms()
{
    bool changed = false;
    const int keyed = config().keyColumn.isEmpty() ? 0 : 1;
    for (int r = 0; r < m_rows.size(); ++r) {
        for (int col = 0; col < m_columns.size(); ++col) {
            Cell &cell = m_cells[m_rows[r] + QLatin1Char('\n') + m_columns[col]];
            const std::optional<AlertSeverity> alarm = alarms() && !cell.channel.isEmpty()
                                                           ? alarms()->activeSeverity(cell.channel)
                                                           : std::nullopt;
            if (alarm == cell.alarm)
                continue;
            cell.alarm = alarm;
            paintCell(r, col + keyed);
            changed = true;
        }
    }
    return changed;
}

void ScoreboardPanel::paintCell(int row, int column)
{
    const int keyed = config().keyColumn.isEmpty() ? 0 : 1;
    QTableWidgetItem *item = m_table->item(row, column);
    if (!item || row >= m_rows.size() || column - keyed >= m_columns.size())
        return;
    const Cell &cell = m_cells[m_rows[row] + QLatin1Char('\n') + m_columns[column - keyed]];
    // An alarm's colour holds; a change flashes over a cell without one.
    QBrush brush;
    if (cell.alarm) {
        QColor tone = palette::severity(*cell.alarm);
        tone.setAlpha(120);
        brush = QBrush(tone);
    } else if (cell.highlighted) {
        brush = QBrush(QColor(0xff, 0xd5, 0x4f, 110));
    }
    item->setBackground(brush);
}

bool ScoreboardPanel::refresh(qint64 nowMs)
{
    const bool alarmsChanged = showAlarms();
    if (isFrozen())
        return alarmsChanged;
    const auto &chs = channels();
    quint64 sum = 0;
    for (const ChannelPtr &c : chs)
        sum += c->version();
    bool anyHighlight = false;
    for (const Cell &cell : std::as_const(m_cells))
        anyHighlight |= cell.highlighted;
    if (sum == m_seen && !channelsChanged() && !anyHighlight)
        return alarmsChanged;
    m_seen = sum;

    // Collect rows and columns in first-seen order, honouring the configured column order.
    QStringList rows;
    QStringList columns = config().columns;
    QHash<QString, QString> values;
    QHash<QString, QString> channelOf;
    for (const ChannelPtr &c : chs) {
        const QStringList parts = c->name().split(QLatin1Char('/'));
        if (parts.size() < 3)
            continue;
        const QString row = parts[parts.size() - 2];
        const QString column = parts.last();
        if (!rows.contains(row))
            rows.append(row);
        if (!columns.contains(column) && config().columns.isEmpty())
            columns.append(column);
        if (!config().columns.isEmpty() && !config().columns.contains(column))
            continue;
        QString text;
        const auto t = c->lastText();
        const auto n = c->lastNumber();
        if (t && (!n || t->t >= n->t))
            text = t->text;
        else if (n)
            text = std::abs(n->v - std::round(n->v)) < 1e-9 ? QString::number(qint64(n->v))
                                                            : QLocale().toString(n->v, 'f', 2);
        values.insert(row + QLatin1Char('\n') + column, text);
        channelOf.insert(row + QLatin1Char('\n') + column, c->name());
    }
    std::sort(rows.begin(), rows.end());
    // The row keys first, when the panel names that column ("Room").
    const int keyed = config().keyColumn.isEmpty() ? 0 : 1;
    // Rows are sorted: a new key moves the rows below it, so every cell is written again.
    const bool relayout = rows != m_rows || columns != m_columns;
    if (relayout) {
        m_rows = rows;
        m_columns = columns;
        m_table->setRowCount(int(rows.size()));
        m_table->setColumnCount(int(columns.size()) + keyed);
        QStringList headers;
        if (keyed)
            headers.append(config().keyColumn);
        for (const QString &c : columns)
            headers.append(prettyColumnName(c));
        m_table->setHorizontalHeaderLabels(headers);
        for (int r = 0; keyed && r < rows.size(); ++r) {
            auto *key = new QTableWidgetItem(rows[r]);
            key->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
            QFont bold = key->font();
            bold.setBold(true);
            key->setFont(bold);
            m_table->setItem(r, 0, key);
        }
        // Ask the grid for room to show every row (up to 12) without scrolling.
        const int shown = int(std::min<qsizetype>(rows.size(), 12));
        m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height() +
                                  shown * m_table->verticalHeader()->defaultSectionSize() +
                                  2 * m_table->frameWidth());
    }
    for (int r = 0; r < m_rows.size(); ++r) {
        for (int col = 0; col < m_columns.size(); ++col) {
            const QString key = m_rows[r] + QLatin1Char('\n') + m_columns[col];
            const QString text = values.value(key);
            Cell &cell = m_cells[key];
            cell.channel = channelOf.value(key);
            QTableWidgetItem *item = m_table->item(r, col + keyed);
            if (!item) {
                item = new QTableWidgetItem;
                item->setTextAlignment(Qt::AlignCenter);
                m_table->setItem(r, col + keyed, item);
            }
            if (cell.text != text) {
                // The first value is not a change; a later one flashes after a calm spell.
                if (!cell.text.isEmpty()) {
                    if (cell.lastChangeMs == 0 || nowMs - cell.lastChangeMs >= CalmMs)
                        cell.changedMs = nowMs;
                    cell.lastChangeMs = nowMs;
                }
                cell.text = text;
            }
            if (item->text() != text) {
                item->setText(text);
                item->setToolTip(text);
            }
            const bool lit = cell.changedMs > 0 && nowMs - cell.changedMs < HighlightMs;
            if (lit != cell.highlighted || relayout) {
                cell.highlighted = lit;
                paintCell(r, col + keyed);
            }
        }
    }
    if (relayout)
        for (Cell &cell : m_cells)
            cell.alarm.reset(); // the cells moved: their colours are set again
    showAlarms();
    setSubtitle(m_rows.isEmpty() ? noChannelText(tr("waiting for data")) : QString());
    return true;
}

} // namespace livedash
