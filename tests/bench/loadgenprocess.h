#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QStringList>

#include <optional>

namespace livedash::bench {

/// livedash-loadgen as a child process: start it, read its JSON lines, stop it.
class LoadgenProcess : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int ws = 60;
        int http = 20;
        int sse = 20;
        double rate = 100000;
        int size = 140;
        int httpPorts = 0;      ///< 0: one port per HTTP/SSE feed
        double waitClients = 0; ///< seconds to wait for WebSocket/SSE clients before sending
        double linger = 60;     ///< seconds to keep serving after stop (stdin EOF ends it)
    };

    explicit LoadgenProcess(QObject *parent = nullptr);
    ~LoadgenProcess() override;

    /// The loadgen next to this executable.
    static QString defaultProgram();

    /// Starts it and waits for its first line (the URLs).
    bool start(const QString &program, const Options &options, QString *error,
               int timeoutMs = 10000);
    const QJsonObject &hello() const { return m_hello; }
    /// One URL per feed: WebSocket feeds, then HTTP, then SSE.
    QStringList urls() const;
    qint64 pid() const { return m_pid; }

    /// Waits for the {"started":...} line (with waitClients); nullopt on timeout.
    std::optional<QJsonObject> waitStarted(int timeoutMs);
    /// Sends SIGTERM: it stops generating and prints its report. Safe from any thread.
    void requestStop() const;
    /// Waits for the {"sent":...} report.
    std::optional<QJsonObject> waitReport(int timeoutMs);
    /// Closes its stdin (it exits at once once stopped) and waits; kills it if needed.
    void finish(int timeoutMs = 5000);
    /// CPU seconds it used so far (0 once it has exited).
    double cpuSeconds() const;

private:
    void readLines();
    std::optional<QJsonObject> waitFor(const QString &key, int timeoutMs);

    QProcess m_process;
    qint64 m_pid = 0;
    bool m_reported = false;
    QJsonObject m_hello;
    QList<QJsonObject> m_lines;
};

} // namespace livedash::bench
