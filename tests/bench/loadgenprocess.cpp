#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <string>
#include <windows.h> // OpenEventW, SetEvent
#endif

#include "loadgenprocess.h"
#include "stats.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#ifndef Q_OS_WIN
#include <csignal> // kill, SIGTERM
#endif

namespace livedash::bench {

LoadgenProcess::LoadgenProcess(QObject *parent) : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &LoadgenProcess::readLines);
}

LoadgenProcess::~LoadgenProcess()
{
    finish(2000);
}

QString LoadgenProcess::defaultProgram()
{
    return QCoreApplication::applicationDirPath() + QStringLiteral("/livedash-loadgen");
}

bool LoadgenProcess::start(const QString &program, const Options &o, QString *error, int timeoutMs)
{
    QStringList args;
    auto add = [&](const char *name, const QString &value) {
        args << QStringLiteral("--") + QLatin1String(name) << value;
    };
    add("ws", QString::number(o.ws));
    add("http", QString::number(o.http));
    add("sse", QString::number(o.sse));
    add("rate", QString::number(o.rate, 'f', 0));
    add("size", QString::number(o.size));
    add("http-ports", QString::number(o.httpPorts));
    add("wait-clients", QString::number(o.waitClients));
    add("linger", QString::number(o.linger));
    m_process.start(program, args);
    if (!m_process.waitForStarted(timeoutMs)) {
        *error = QStringLiteral("cannot start %1: %2").arg(program, m_process.errorString());
        return false;
    }
    m_pid = m_process.processId();
    const auto hello = waitFor(QStringLiteral("urls"), timeoutMs);
    if (!hello) {
        *error = QStringLiteral("%1 did not print its URLs").arg(program);
        return false;
    }
    m_hello = *hello;
    return true;
}

QStringList LoadgenProcess::urls() const
{
    QStringList out;
    for (const QJsonValue &v : m_hello.value(QStringLiteral("urls")).toArray())
        out.append(v.toString());
    return out;
}

void LoadgenProcess::readLines()
{
    while (m_process.canReadLine()) {
        const QByteArray line = m_process.readLine().trimmed();
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (doc.isObject())
            m_lines.append(doc.object());
    }
}

std::optional<QJsonObject> LoadgenProcess::waitFor(const QString &key, int timeoutMs)
{
    std::optional<QJsonObject> found;
    auto take = [&] {
        readLines();
        for (qsizetype i = 0; i < m_lines.size(); ++i) {
            if (m_lines[i].contains(key)) {
                found = m_lines.takeAt(i);
                return true;
            }
        }
        return m_process.state() == QProcess::NotRunning;
    };
    waitUntil(take, timeoutMs);
    return found;
}

std::optional<QJsonObject> LoadgenProcess::waitStarted(int timeoutMs)
{
    return waitFor(QStringLiteral("started"), timeoutMs);
}

void LoadgenProcess::requestStop() const
{
    if (m_pid <= 0)
        return;
#ifdef Q_OS_WIN
    // No SIGTERM on Windows: the loadgen waits on a named event (see loadgen.cpp). Setting it
    // is as thread-safe as kill().
    const std::wstring name = L"Local\\livedash-loadgen-stop-" + std::to_wstring(m_pid);
    if (const HANDLE stop = OpenEventW(EVENT_MODIFY_STATE, FALSE, name.c_str())) {
        SetEvent(stop);
        CloseHandle(stop);
    }
#else
    ::kill(pid_t(m_pid), SIGTERM);
#endif
}

std::optional<QJsonObject> LoadgenProcess::waitReport(int timeoutMs)
{
    auto report = waitFor(QStringLiteral("sent"), timeoutMs);
    m_reported |= report.has_value();
    return report;
}

void LoadgenProcess::finish(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    // Once stopped (its report printed), the end of its input makes it exit at once.
    if (!m_reported) {
        requestStop();
        waitReport(timeoutMs);
    }
    m_process.closeWriteChannel();
    if (!m_process.waitForFinished(timeoutMs)) {
        m_process.kill();
        m_process.waitForFinished(1000);
    }
    m_pid = 0;
}

double LoadgenProcess::cpuSeconds() const
{
    return processCpuSeconds(m_pid);
}

} // namespace livedash::bench
