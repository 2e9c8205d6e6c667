#include "panels/eventlogpanel.h"
#include "widgets/palette.h"

#include <QDateTime>
#include <QListWidget>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace livedash {

EventLogPanel::EventLogPanel(const PanelConfig &config, ChannelStore *store, QWidget *parent)
    : Panel(config, store, parent), m_list(new QListWidget(this))
{
    m_list->setObjectName(QStringLiteral("eventList"));
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setUniformItemSizes(true);
    m_list->setWordWrap(false);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    bodyLayout()->addWidget(m_list);
}

int EventLogPanel::severity(const QString &text)
{
    // Levels as logs and alerting tools write them: "[warning] ...", "CRITICAL: ...",
    // "level=error". "error rate back to normal" is not an error.
    static const QRegularExpression critical(
        QStringLiteral(R"(\b(critical|fatal|emergency)\b|\[(error|err)\]|^\s*(error|err)\s*:|)"
                       R"(level=(error|err)\b)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression shouted(QStringLiteral(R"(^\s*(ERROR|ERR)\b)"));
    static const QRegularExpression warning(QStringLiteral(R"(\b(warning|warn)\b)"),
                                            QRegularExpression::CaseInsensitiveOption);
    if (critical.match(text).hasMatch() || shouted.match(text).hasMatch())
        return 2;
    return warning.match(text).hasMatch() ? 1 : 0;
}

bool EventLogPanel::refresh(qint64 nowMs)
{
    Q_UNUSED(nowMs);
    if (isFrozen())
        return false;
    struct Entry
    {
        qint64 t;
        QString channel;
        QString text;
    };
    QList<Entry> fresh;
    const auto &chs = channels();
    QStringList names;
    for (const ChannelPtr &c : chs)
        names.append(c->name());
    const QStringList labels = shortNames(names);
    for (qsizetype i = 0; i < chs.size(); ++i) {
        const ChannelPtr &c = chs[i];
        quint64 &seen = m_seen[c.get()];
        quint64 total = 0;
        const auto texts = c->textsSince(seen, &total);
        seen = total;
        for (const TextSample &t : texts)
            fresh.append({t.t, labels.value(i), t.text});
    }
    if (fresh.isEmpty()) {
        if (m_list->count() == 0)
            setSubtitle(noChannelText(tr("waiting for events")));
        return false;
    }
    std::stable_sort(fresh.begin(), fresh.end(),
                     [](const Entry &a, const Entry &b) { return a.t < b.t; });
    m_list->setUpdatesEnabled(false);
    for (const Entry &e : std::as_const(fresh)) {
        const QString time =
            QDateTime::fromMSecsSinceEpoch(e.t).toString(QStringLiteral("HH:mm:ss"));
        auto *item = new QListWidgetItem(QStringLiteral("%1  %2  %3").arg(time, e.channel, e.text));
        item->setToolTip(e.text);
        if (const int level = severity(e.text); level > 0)
            item->setForeground(level == 2 ? palette::critical() : palette::warning());
        m_list->insertItem(0, item);
    }
    while (m_list->count() > config().maxEvents)
        delete m_list->takeItem(m_list->count() - 1);
    m_list->setUpdatesEnabled(true);
    setSubtitle(tr("%1 events").arg(m_list->count()));
    return true;
}

} // namespace livedash
