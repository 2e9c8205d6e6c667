#include "demohost.h"
#include "demosources.h"
#include "document/dashboard.h"
#include "secrets/variables.h"

#include <QCoreApplication>

namespace livedash {

namespace {

// The names resources/demo-dashboard.json uses, listed for lupdate.
[[maybe_unused]] constexpr const char *DemoNames[] = {
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Livedash demo"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Match centre"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Service metrics"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Ops events"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Live matches"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Match events & ops"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Possession (home %)"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Expected goals (xG)"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Service latency"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Requests/s"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Error rate"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Gateway error rate"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Payments latency"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Orders queue depth"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "This computer"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "CPU (this computer)"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "CPU per core"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Network (this computer)"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Memory (this computer)"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Match periods"),
    QT_TRANSLATE_NOOP("livedash::DemoDashboard", "Service CPU"),
};

QString demoText(const QString &english)
{
    return english.isEmpty() ? english
                             : QCoreApplication::translate("livedash::DemoDashboard",
                                                           english.toUtf8().constData());
}

} // namespace

void translateDemoDashboard(Dashboard &dashboard)
{
    dashboard.name = demoText(dashboard.name);
    for (FeedConfig &feed : dashboard.feeds)
        feed.name = demoText(feed.name);
    for (PanelConfig &panel : dashboard.panels)
        panel.title = demoText(panel.title);
}

DemoHost::DemoHost()
{
    m_thread.setObjectName(QStringLiteral("livedash-demo"));
}

DemoHost::~DemoHost()
{
    stop();
}

bool DemoHost::needed(const Dashboard &dashboard)
{
    for (const FeedConfig &f : dashboard.feeds)
        for (const QVariant &v : f.options)
            if (v.toString().contains(QLatin1String("${demo.")))
                return true;
    return false;
}

bool DemoHost::ensureStarted(Variables &variables, QString *error)
{
    if (m_sources) {
        m_sources->exportTo(variables);
        return true;
    }
    m_thread.start();
    m_sources = new DemoSources;
    m_sources->moveToThread(&m_thread);
    bool ok = false;
    QString why;
    DemoSources *sources = m_sources;
    QMetaObject::invokeMethod(
        sources, [sources, &ok, &why] { ok = sources->start(&why); }, Qt::BlockingQueuedConnection);
    if (!ok) {
        *error = why;
        stop();
        return false;
    }
    m_sources->exportTo(variables);
    return true;
}

void DemoHost::stop()
{
    if (m_sources) {
        DemoSources *sources = m_sources;
        QMetaObject::invokeMethod(
            sources, [sources] { delete sources; }, Qt::BlockingQueuedConnection);
        m_sources = nullptr;
    }
    if (m_thread.isRunning()) {
        m_thread.quit();
        m_thread.wait();
    }
}

} // namespace livedash
