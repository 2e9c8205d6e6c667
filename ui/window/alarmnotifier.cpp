#include "window/alarmnotifier.h"

#include <QApplication>
#include <QIcon>
#include <QLocale>
#include <QSystemTrayIcon>

#ifdef LIVEDASH_FREEDESKTOP_NOTIFICATIONS
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#endif

#include <cmath>

namespace livedash {

namespace {

#ifdef LIVEDASH_FREEDESKTOP_NOTIFICATIONS
const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");
const QString Interface = QStringLiteral("org.freedesktop.Notifications");
#endif

QString severityWord(AlertSeverity severity)
{
    switch (severity) {
    case AlertSeverity::Critical:
        return AlarmNotifier::tr("CRITICAL");
    case AlertSeverity::Warning:
        return AlarmNotifier::tr("Warning");
    case AlertSeverity::Info:
        return AlarmNotifier::tr("Info");
    }
    return {};
}

} // namespace

AlarmNotifier::AlarmNotifier(QObject *parent) : QObject(parent) {}

AlarmNotifier::~AlarmNotifier()
{
    delete m_tray;
}

QString AlarmNotifier::summary(const AlarmEvent &event)
{
    return tr("%1: %2").arg(severityWord(event.severity), event.rule);
}

QString AlarmNotifier::body(const AlarmEvent &event, const QString &dashboardName)
{
    QString value = event.text;
    if (value.isEmpty() && std::isfinite(event.value))
        value = QLocale().toString(event.value, 'g', 6);
    QString text = value.isEmpty() ? tr("%1 is %2").arg(event.channel, event.condition)
                                   : tr("%1 is %2 (%3)").arg(event.channel, value, event.condition);
    if (!dashboardName.isEmpty())
        text += QLatin1Char('\n') + tr("Dashboard: %1").arg(dashboardName);
    return text;
}

void AlarmNotifier::notify(const AlarmEvent &event, const QString &dashboardName,
                           const QString &dashboardKey)
{
    const Origin origin{dashboardKey, event.rule, event.channel};
    if (!m_enabled || event.kind != AlarmEvent::Kind::Fired)
        return;
    if (notifyFreedesktop(event, dashboardName, origin))
        return;
    notifyTray(event, dashboardName, origin);
}

bool AlarmNotifier::notifyFreedesktop(const AlarmEvent &event, const QString &dashboardName,
                                      const Origin &origin)
{
#ifdef LIVEDASH_FREEDESKTOP_NOTIFICATIONS
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        m_lastError = tr("no session bus: %1").arg(bus.lastError().message());
        return false;
    }
    if (!m_listening) {
        m_listening = bus.connect(Service, Path, Interface, QStringLiteral("ActionInvoked"), this,
                                  SLOT(actionInvoked(uint, QString)));
    }
    QDBusMessage call =
        QDBusMessage::createMethodCall(Service, Path, Interface, QStringLiteral("Notify"));
    // urgency: 0 low, 1 normal, 2 critical (stays until dismissed on most servers).
    const uchar urgency = event.severity == AlertSeverity::Critical  ? 2
                          : event.severity == AlertSeverity::Warning ? 1
                                                                     : 0;
    QVariantMap hints{{QStringLiteral("urgency"), QVariant::fromValue(urgency)},
                      {QStringLiteral("desktop-entry"), QStringLiteral("livedash")},
                      {QStringLiteral("category"), QStringLiteral("device.error")}};
    call << QStringLiteral("Livedash") << uint(0) << QStringLiteral("livedash") << summary(event)
         << body(event, dashboardName) << QStringList{QStringLiteral("default"), tr("Show")}
         << hints << int(event.severity == AlertSeverity::Critical ? 0 : -1);
    // Asynchronous: a server that hangs must not hold up the window. Where none answers, the
    // tray shows it instead.
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, 5000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, event, dashboardName, origin](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                const QDBusPendingReply<uint> reply = *w;
                if (reply.isError()) {
                    m_lastError = reply.error().message();
                    notifyTray(event, dashboardName, origin);
                    return;
                }
                m_shown.insert(reply.value(), origin);
                if (m_shown.size() > 1000)
                    m_shown.erase(m_shown.begin());
                ++m_sent;
                m_lastError.clear();
                Q_EMIT shown();
            });
    return true;
#else
    Q_UNUSED(event)
    Q_UNUSED(dashboardName)
    Q_UNUSED(origin)
    return false;
#endif
}

void AlarmNotifier::notifyTray(const AlarmEvent &event, const QString &dashboardName,
                               const Origin &origin)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        if (m_lastError.isEmpty())
            m_lastError = tr("no notification service and no system tray");
        return;
    }
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(qApp->windowIcon());
        m_tray->setToolTip(QStringLiteral("Livedash"));
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] { activate(m_lastTray); });
        connect(m_tray, &QSystemTrayIcon::activated, this, [this] { activate(m_lastTray); });
        m_tray->show();
    }
    const QSystemTrayIcon::MessageIcon icon =
        event.severity == AlertSeverity::Critical  ? QSystemTrayIcon::Critical
        : event.severity == AlertSeverity::Warning ? QSystemTrayIcon::Warning
                                                   : QSystemTrayIcon::Information;
    m_lastTray = origin;
    m_tray->showMessage(summary(event), body(event, dashboardName), icon, 15000);
    ++m_sent;
    m_lastError.clear();
    Q_EMIT shown();
}

void AlarmNotifier::actionInvoked(uint id, const QString &action)
{
    Q_UNUSED(action) // "default" (the notification itself) or "Show"
    const auto it = m_shown.constFind(id);
    if (it != m_shown.constEnd())
        activate(*it);
}

void AlarmNotifier::activate(const Origin &origin)
{
    Q_EMIT activated(origin.dashboardKey, origin.rule, origin.channel);
}

} // namespace livedash
