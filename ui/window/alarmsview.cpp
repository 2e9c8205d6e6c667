#include "window/alarmsview.h"

#include "alarms/alarmengine.h"
#include "widgets/palette.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

namespace livedash {

QString alarmDuration(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s < 60)
        return AlarmsView::tr("%1 s").arg(s);
    if (s < 3600)
        return AlarmsView::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 86400)
        return AlarmsView::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return AlarmsView::tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString severityText(AlertSeverity severity)
{
    switch (severity) {
    case AlertSeverity::Critical:
        return AlarmsView::tr("Critical");
    case AlertSeverity::Warning:
        return AlarmsView::tr("Warning");
    case AlertSeverity::Info:
        return AlarmsView::tr("Info");
    }
    return {};
}

namespace {

QString stateText(const Alarm &alarm)
{
    switch (alarm.state) {
    case AlarmState::Firing:
        return alarm.returnedAt > 0 ? AlarmsView::tr("Firing (latched, back to normal)")
                                    : AlarmsView::tr("Firing");
    case AlarmState::Acknowledged:
        return AlarmsView::tr("Acknowledged");
    case AlarmState::Pending:
        return AlarmsView::tr("Pending");
    case AlarmState::Cleared:
        return AlarmsView::tr("Cleared");
    case AlarmState::Normal:
        return AlarmsView::tr("Normal");
    }
    return {};
}

QString eventText(AlarmEvent::Kind kind)
{
    switch (kind) {
    case AlarmEvent::Kind::Fired:
        return AlarmsView::tr("Fired");
    case AlarmEvent::Kind::Acknowledged:
        return AlarmsView::tr("Acknowledged");
    case AlarmEvent::Kind::Cleared:
        return AlarmsView::tr("Cleared");
    }
    return {};
}

QString valueText(double value, const QString &text)
{
    if (!text.isEmpty())
        return text;
    if (std::isfinite(value))
        return QLocale().toString(value, 'g', 6);
    return QStringLiteral("–");
}

QString timeText(qint64 ms)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms);
    const bool today = t.date() == QDate::currentDate();
    return QLocale().toString(t, today ? QStringLiteral("HH:mm:ss")
                                       : QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

constexpr int KeyRole = Qt::UserRole + 1;

} // namespace

AlarmsView::AlarmsView(AlarmEngine *engine, QWidget *parent)
    : QWidget(parent), m_engine(engine), m_tabs(new QTabWidget(this)),
      m_active(new QTreeWidget(this)), m_history(new QTreeWidget(this)), m_empty(new QLabel(this)),
      m_ack(new QPushButton(tr("&Acknowledge…"), this)),
      m_ackAll(new QPushButton(tr("Acknowledge a&ll…"), this)), m_clock(new QTimer(this))
{
    setObjectName(QStringLiteral("alarmsView"));
    m_active->setObjectName(QStringLiteral("activeAlarms"));
    m_active->setHeaderLabels({tr("Severity"), tr("State"), tr("Rule"), tr("Channel"), tr("Value"),
                               tr("Started"), tr("Duration"), tr("Acknowledged")});
    m_active->setRootIsDecorated(false);
    m_active->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_active->setAlternatingRowColors(true);
    m_active->header()->setStretchLastSection(true);
    for (const auto &[column, width] : {std::pair{Severity, 70},
                                        {State, 110},
                                        {Rule, 170},
                                        {Channel, 210},
                                        {Value, 80},
                                        {Started, 75},
                                        {Duration, 85}})
        m_active->setColumnWidth(column, width);
    m_history->setObjectName(QStringLiteral("alarmHistory"));
    m_history->setHeaderLabels({tr("Time"), tr("Event"), tr("Severity"), tr("Rule"), tr("Channel"),
                                tr("Value"), tr("By"), tr("Note")});
    m_history->setRootIsDecorated(false);
    m_history->setAlternatingRowColors(true);
    m_history->header()->setStretchLastSection(true);
    for (const auto &[column, width] :
         {std::pair{0, 75}, {1, 95}, {2, 70}, {3, 170}, {4, 210}, {5, 80}, {6, 80}})
        m_history->setColumnWidth(column, width);
    m_empty->setObjectName(QStringLiteral("noAlarms"));
    m_empty->setText(tr("No active alarms."));
    m_empty->setStyleSheet(QStringLiteral("color: %1;").arg(palette::css(palette::textDim())));

    auto *activePage = new QWidget(this);
    auto *activeLayout = new QVBoxLayout(activePage);
    activeLayout->setContentsMargins(0, 0, 0, 0);
    auto *buttons = new QHBoxLayout;
    m_ack->setObjectName(QStringLiteral("acknowledge"));
    m_ackAll->setObjectName(QStringLiteral("acknowledgeAll"));
    m_ack->setToolTip(tr("Acknowledge the selected alarms, with an optional note"));
    buttons->addWidget(m_empty, 1);
    buttons->addWidget(m_ack);
    buttons->addWidget(m_ackAll);
    activeLayout->addLayout(buttons);
    activeLayout->addWidget(m_active, 1);
    m_tabs->addTab(activePage, tr("Active"));
    m_tabs->addTab(m_history, tr("History"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_tabs);

    connect(m_ack, &QPushButton::clicked, this, [this] { askAndAcknowledge(false); });
    connect(m_ackAll, &QPushButton::clicked, this, [this] { askAndAcknowledge(true); });
    connect(m_active, &QTreeWidget::itemSelectionChanged, this, [this] {
        bool any = false;
        for (const QTreeWidgetItem *item : m_active->selectedItems())
            any = any || item->data(Severity, Qt::UserRole).toBool();
        m_ack->setEnabled(any);
    });
    connect(m_active, &QTreeWidget::itemDoubleClicked, this, [this] { askAndAcknowledge(false); });
    connect(m_engine, &AlarmEngine::changed, this, &AlarmsView::refresh);
    connect(m_clock, &QTimer::timeout, this, &AlarmsView::refresh);
    m_clock->start(1000);
    refresh();
}

void AlarmsView::setEngine(AlarmEngine *engine)
{
    if (engine == m_engine)
        return;
    disconnect(m_engine, &AlarmEngine::changed, this, &AlarmsView::refresh);
    m_engine = engine;
    connect(m_engine, &AlarmEngine::changed, this, &AlarmsView::refresh);
    m_active->clear(); // rows are reused by position: none of them is this engine's
    refresh();
}

void AlarmsView::refresh()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QSet<QString> selected;
    for (const QTreeWidgetItem *item : m_active->selectedItems())
        selected.insert(item->data(Rule, KeyRole).toString());
    const QList<Alarm> alarms = m_engine->alarms();
    // Reuse the rows: a refresh every second must not reset scrolling or flicker.
    while (m_active->topLevelItemCount() > alarms.size())
        delete m_active->takeTopLevelItem(m_active->topLevelItemCount() - 1);
    int firing = 0;
    for (qsizetype i = 0; i < alarms.size(); ++i) {
        const Alarm &alarm = alarms[i];
        QTreeWidgetItem *item = m_active->topLevelItem(int(i));
        if (!item)
            item = new QTreeWidgetItem(m_active);
        const bool unacknowledged = alarm.state == AlarmState::Firing;
        firing += unacknowledged ? 1 : 0;
        const qint64 started =
            alarm.state == AlarmState::Pending ? alarm.conditionSince : alarm.firedAt;
        item->setText(Severity, severityText(alarm.severity));
        item->setText(State, stateText(alarm));
        item->setText(Rule, alarm.rule);
        item->setToolTip(Rule, alarm.condition);
        item->setText(Channel, alarm.channel);
        item->setText(Value, valueText(alarm.value, alarm.text));
        item->setText(Started, timeText(started));
        item->setText(Duration, alarmDuration(now - started));
        item->setText(Note, alarm.ackAt > 0 ? tr("%1 at %2%3")
                                                  .arg(alarm.ackUser, timeText(alarm.ackAt),
                                                       alarm.ackNote.isEmpty()
                                                           ? QString()
                                                           : QStringLiteral(": ") + alarm.ackNote)
                                            : QString());
        const QString key = alarm.rule + QChar(0x1f) + alarm.channel;
        item->setData(Rule, KeyRole, key);
        item->setData(Severity, Qt::UserRole, unacknowledged);
        const QColor color = palette::severity(alarm.severity);
        for (int c = 0; c < m_active->columnCount(); ++c) {
            item->setForeground(c, alarm.state == AlarmState::Pending ? palette::textDim()
                                                                      : palette::text());
            QFont f = item->font(c);
            f.setBold(unacknowledged);
            item->setFont(c, f);
        }
        item->setForeground(Severity, color);
        // A fill the row's text stays readable on: deep on the dark theme, pale on the light.
        QColor fill = color;
        if (palette::theme() == palette::Theme::Dark)
            fill = color.darker(250);
        else
            fill.setAlpha(70);
        item->setBackground(State, unacknowledged ? QBrush(fill) : QBrush());
        item->setSelected(selected.contains(key));
    }
    m_empty->setText(alarms.isEmpty() ? tr("No active alarms.")
                                      : tr("%n unacknowledged", nullptr, firing));
    m_ackAll->setEnabled(firing > 0);
    bool any = false;
    for (const QTreeWidgetItem *item : m_active->selectedItems())
        any = any || item->data(Severity, Qt::UserRole).toBool();
    m_ack->setEnabled(any);
    m_tabs->setTabText(0, alarms.isEmpty() ? tr("Active") : tr("Active (%1)").arg(alarms.size()));
}

void AlarmsView::setHistory(const QList<AlarmEvent> &events)
{
    m_history->clear();
    for (const AlarmEvent &e : events)
        addEvent(e);
}

void AlarmsView::addEvent(const AlarmEvent &e)
{
    auto *item = new QTreeWidgetItem;
    item->setText(0, timeText(e.t));
    item->setToolTip(0,
                     QLocale().toString(QDateTime::fromMSecsSinceEpoch(e.t), QLocale::LongFormat));
    item->setText(1, eventText(e.kind));
    item->setText(2, severityText(e.severity));
    item->setForeground(2, palette::severity(e.severity));
    item->setText(3, e.rule);
    item->setToolTip(3, e.condition);
    item->setText(4, e.channel);
    item->setText(5, valueText(e.value, e.text));
    item->setText(6, e.user);
    item->setText(7, e.note);
    m_history->insertTopLevelItem(0, item);
    while (m_history->topLevelItemCount() > MaxHistoryRows)
        delete m_history->takeTopLevelItem(m_history->topLevelItemCount() - 1);
}

void AlarmsView::showAlarm(const QString &rule, const QString &channel)
{
    m_tabs->setCurrentIndex(0);
    refresh();
    const QString key = rule + QChar(0x1f) + channel;
    for (int i = 0; i < m_active->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_active->topLevelItem(i);
        item->setSelected(item->data(Rule, KeyRole).toString() == key);
        if (item->isSelected())
            m_active->scrollToItem(item);
    }
}

int AlarmsView::acknowledge(bool all, const QString &note)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (all)
        return m_engine->acknowledgeAll(note, now);
    QList<std::pair<QString, QString>> keys;
    for (const QTreeWidgetItem *item : m_active->selectedItems())
        keys.append({item->text(Rule), item->text(Channel)});
    int n = 0;
    for (const auto &[rule, channel] : keys)
        n += m_engine->acknowledge(rule, channel, note, now) ? 1 : 0;
    return n;
}

void AlarmsView::askAndAcknowledge(bool all)
{
    int count = all ? m_engine->unacknowledged() : 0;
    if (!all)
        for (const QTreeWidgetItem *item : m_active->selectedItems())
            count += item->data(Severity, Qt::UserRole).toBool() ? 1 : 0;
    if (count == 0)
        return;
    bool ok = false;
    const QString note =
        QInputDialog::getText(this, tr("Acknowledge"),
                              tr("Acknowledge %n alarm(s) as %1. Note (optional):", nullptr, count)
                                  .arg(AlarmEngine::userName()),
                              QLineEdit::Normal, QString(), &ok);
    if (ok)
        acknowledge(all, note.trimmed());
}

} // namespace livedash
