#pragma once

#include "panels/panel.h"

#include <QHash>

class QTableWidget;

namespace livedash {

/// A table of keyed rows built from channels named "<...>/<row key>/<column>": one row per
/// key (e.g. per match), one column per leaf name. A cell that changes is highlighted briefly.
class ScoreboardPanel : public Panel
{
    Q_OBJECT
public:
    ScoreboardPanel(const PanelConfig &config, ChannelStore *store, QWidget *parent = nullptr);
    bool refresh(qint64 nowMs) override;
    QTableWidget *table() const { return m_table; }

    static constexpr qint64 HighlightMs = 1500;
    /// A cell flashes on a change only after this long without one: a match clock that ticks
    /// all the time would otherwise always be lit, and a goal would not stand out.
    static constexpr qint64 CalmMs = 10000;

private:
    struct Cell
    {
        QString text;
        qint64 changedMs = 0;    ///< when the current flash began
        qint64 lastChangeMs = 0; ///< the last change, flashed or not
        bool highlighted = false;
        QString channel;                    ///< the channel the cell shows
        std::optional<AlertSeverity> alarm; ///< its worst active alarm
    };
    /// Colours the cells whose channels have active alarms (also while frozen); true when any
    /// cell changed.
    bool showAlarms();
    void paintCell(int row, int column);
    QTableWidget *m_table;
    QStringList m_rows;
    QStringList m_columns;
    QHash<QString, Cell> m_cells; // key: row + '\n' + column
    quint64 m_seen = ~quint64(0);
};

/// "homeGoals" -> "Home goals", "last_event" -> "Last event".
QString prettyColumnName(const QString &key);

} // namespace livedash
