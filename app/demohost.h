#pragma once

#include <QString>
#include <QThread>

namespace livedash {

struct Dashboard;
class DemoSources;
class Variables;

/// Runs the embedded demo sources on their own thread, started the first time a dashboard
/// refers to them (`${demo.ws}`, `${demo.http}`, `${demo.sse}`).
class DemoHost
{
public:
    DemoHost();
    ~DemoHost();

    static bool needed(const Dashboard &dashboard);
    /// Starts the sources if not running yet and exports their URLs into `variables`.
    bool ensureStarted(Variables &variables, QString *error);
    void stop();

private:
    QThread m_thread;
    DemoSources *m_sources = nullptr;
};

/// The built-in demo dashboard's own names (the dashboard's, its feeds', its panel titles) in
/// the UI's language; a name without a translation stays as demo-dashboard.json writes it.
void translateDemoDashboard(Dashboard &dashboard);

} // namespace livedash
