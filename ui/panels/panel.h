#pragma once

#include "document/dashboard.h"
#include "store/channelstore.h"

#include <QFrame>

class QLabel;
class QMenu;
class QVBoxLayout;

namespace livedash {

class AlarmEngine;
namespace history {
class HistoryStore;
}

/// One tile of the dashboard grid. Panels pull from the store when the frame timer asks;
/// nothing pushes into them per message.
class Panel : public QFrame
{
    Q_OBJECT
public:
    Panel(const PanelConfig &config, ChannelStore *store, QWidget *parent = nullptr);

    const PanelConfig &config() const { return m_config; }
    /// The panel was moved or resized in the grid (a layout edit).
    void setPlace(int row, int column, int rowSpan, int columnSpan)
    {
        m_config.row = row;
        m_config.column = column;
        m_config.rowSpan = rowSpan;
        m_config.columnSpan = columnSpan;
    }
    /// Brings the panel up to date with the store. Returns true if it changed what is shown.
    virtual bool refresh(qint64 nowMs) = 0;
    /// Expensive panels (charts) are spread over event-loop iterations by the dashboard view.
    virtual bool isExpensive() const { return false; }
    /// Recent cost of one refresh that changed something plus the paint it caused, in ms
    /// (expensive panels; the dashboard view paces its frames by it).
    virtual double costMs() const { return 0; }
    /// Frozen panels keep their view while the store keeps filling (pause).
    virtual void setFrozen(bool frozen) { m_frozen = frozen; }
    bool isFrozen() const { return m_frozen; }
    /// Adds the panel's own actions to its context menu (after the image ones).
    virtual void addContextActions(QMenu *menu) { Q_UNUSED(menu); }

    /// The dashboard's stored history (a read connection), for views reaching past what the
    /// channels hold in memory; null when the dashboard keeps none.
    void setHistory(history::HistoryStore *history) { m_history = history; }
    history::HistoryStore *history() const { return m_history; }

    /// The dashboard's alarms: panels show their channels' active alarms, also while frozen.
    void setAlarms(const AlarmEngine *alarms) { m_alarms = alarms; }
    const AlarmEngine *alarms() const { return m_alarms; }

    /// Channels matching the panel's patterns, re-resolved when channels come or go.
    const QList<ChannelPtr> &channels();
    /// What an empty panel says: `waiting` ("waiting for data"), or, when a pattern matches
    /// nothing although its feed has channels, "no channel matches x/*".
    QString noChannelText(const QString &waiting);
    /// True once after the matched channel set changed.
    bool channelsChanged();

protected:
    QVBoxLayout *bodyLayout() const { return m_body; }
    void setSubtitle(const QString &text);
    ChannelStore *store() const { return m_store; }

private:
    PanelConfig m_config;
    ChannelStore *m_store;
    history::HistoryStore *m_history = nullptr;
    const AlarmEngine *m_alarms = nullptr;
    QLabel *m_title;
    QLabel *m_subtitle;
    QVBoxLayout *m_body;
    QList<ChannelPtr> m_channels;
    QStringList m_unmatched; ///< patterns that match nothing while their feed has channels
    quint64 m_layoutVersion = ~quint64(0);
    bool m_changed = false;
    bool m_frozen = false;
};

/// Creates the panel for `config.kind`.
Panel *createPanel(const PanelConfig &config, ChannelStore *store, QWidget *parent);

/// Channel name without the part every name in `names` shares, for compact labels.
QStringList shortNames(const QStringList &names);

} // namespace livedash
