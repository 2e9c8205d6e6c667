#pragma once

#include "panel.h"

#include <QHash>

class QListWidget;

namespace livedash {

/// Text events from the bound channels, newest first, bounded to maxEvents entries.
class EventLogPanel : public Panel
{
    Q_OBJECT
public:
    EventLogPanel(const PanelConfig &config, ChannelStore *store, QWidget *parent = nullptr);
    bool refresh(qint64 nowMs) override;
    QListWidget *list() const { return m_list; }

private:
    QListWidget *m_list;
    QHash<const Channel *, quint64> m_seen;
};

} // namespace livedash
