#pragma once

// A real server the test starts on 127.0.0.1 (Prometheus, node-exporter, PostgreSQL, nginx,
// a broker): started, waited for until its port accepts connections, stopped with SIGTERM and
// then killed. Include from tests/*/tst_*.cpp; the feed tests of issue 11 on use it.

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

namespace livedash::feedtest {

/// A port on 127.0.0.1 nothing listens on right now.
inline quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
inline bool accepts(quint16 port, int timeoutMs = 200)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(timeoutMs);
}

class ServerProcess
{
public:
    ServerProcess() = default;
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;
    ~ServerProcess() { stop(); }

    /// Starts `program` and waits up to `timeoutMs` until 127.0.0.1:`port` accepts a
    /// connection. False, with the reason and the program's output in error(), when it could
    /// not start, exited, or did not listen in time.
    bool start(const QString &program, const QStringList &arguments, quint16 port,
               int timeoutMs = 20000,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        stop();
        m_port = port;
        m_error.clear();
        m_output.clear();
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->setProcessEnvironment(env);
        QObject::connect(m_process.get(), &QProcess::readyRead, m_process.get(),
                         [this] { m_output += m_process->readAll(); });
        m_process->start(program, arguments);
        if (!m_process->waitForStarted(5000)) {
            m_error = QStringLiteral("%1 did not start: %2").arg(program, m_process->errorString());
            return false;
        }
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < timeoutMs) {
            if (accepts(port))
                return true;
            if (m_process->state() == QProcess::NotRunning)
                break;
            QTest::qWait(50);
        }
        m_output += m_process->readAll();
        m_error = QStringLiteral("%1 %2 did not listen on port %3 within %4 ms (%5): %6")
                      .arg(program, arguments.join(QLatin1Char(' ')))
                      .arg(port)
                      .arg(timeoutMs)
                      .arg(m_process->state() == QProcess::NotRunning
                               ? QStringLiteral("exited with %1").arg(m_process->exitCode())
                               : QStringLiteral("still running"))
                      .arg(QString::fromLocal8Bit(m_output.right(2000)));
        return false;
    }

    /// SIGTERM (the server saves and closes), then a kill after `graceMs`.
    void stop(int graceMs = 5000)
    {
        if (!m_process)
            return;
        if (m_process->state() != QProcess::NotRunning) {
            m_process->terminate();
            if (!m_process->waitForFinished(graceMs)) {
                m_process->kill();
                m_process->waitForFinished(2000);
            }
        }
        m_process.reset();
    }

    bool isRunning() const { return m_process && m_process->state() == QProcess::Running; }
    qint64 pid() const { return m_process ? m_process->processId() : 0; }
    quint16 port() const { return m_port; }
    QString error() const { return m_error; }
    /// Everything the program printed so far (standard output and error).
    QByteArray output()
    {
        if (m_process)
            m_output += m_process->readAll();
        return m_output;
    }

private:
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_error;
    QByteArray m_output;
};

} // namespace livedash::feedtest
