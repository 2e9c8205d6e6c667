#pragma once

#include "panels/panel.h"

#include <QHash>

class QListWidget;

namespace livedash {

/// Text events from the bound channels, newest first, bounded to maxEvents entries; warnings
/// and errors coloured.
class EventLogPanel : public Panel
{
    Q_OBJECT
public:
    EventLogPanel(const PanelConfig &config, ChannelStore *store, QWidget *parent = nullptr);
    bool refresh(qint64 nowMs) override;
    QListWidget *list() const { return m_list; }
    /// 2 for a critical or error event, 1 for a warning, 0 otherwise (from level words in the
    /// text: "[warning]", "CRITICAL", "level=error"); shown red, amber or plain.
    static int severity(const QString &text);

private:
    QListWidget *m_list;
    QHash<const Channel *, quint64> m_seen;
};

} // namespace livedash
