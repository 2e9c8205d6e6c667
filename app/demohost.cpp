#include "demohost.h"
#include "dashboard.h"
#include "demosources.h"
#include "variables.h"

namespace livedash {

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
        sources, [sources, &ok, &why] { ok = sources->start(&why); },
        Qt::BlockingQueuedConnection);
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
