#include "execfeed.h"

#include <livedash/redact.h>
#include <livedash/wait.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <coroutine>
#include <memory>
#include <optional>
#include <utility>

#ifdef Q_OS_UNIX
#include <signal.h> // kill
#include <unistd.h> // setpgid
#endif

Q_LOGGING_CATEGORY(lcExecFeed, "livedash.feed.exec", QtInfoMsg)

namespace livedash {

namespace {

using std::chrono::milliseconds;

/// Bytes taken from the process per read() call (a stack buffer: nothing kept per feed).
constexpr qint64 ReadChunk = 16 * 1024;
/// Output QProcess may hold unread when a turn ends: past it the turn goes on reading, so the
/// pipe fills and the program blocks in write() (backpressure) instead of memory growing.
constexpr qint64 MaxUnreadBytes = 1024 * 1024;
/// The program must be running (or have failed to start) within this.
constexpr qint64 StartTimeoutMs = 10000;
/// After asking the program to end (SIGTERM; WM_CLOSE on Windows), before killing it.
constexpr qint64 TerminateGraceMs = 1000;
/// After killing it, for the exit to be reaped.
constexpr qint64 KillWaitMs = 1000;
/// Standard error lines are shown as the feed's note at most this often (the latest wins).
constexpr qint64 NoteIntervalMs = 250;
constexpr qsizetype MaxNoteChars = 300;
constexpr qint64 MaxStderrLineBytes = 4096;

/// The lines of a text option (a JSON array of strings is taken as the lines); a trailing '\r'
/// is dropped, empty lines are skipped, nothing else is trimmed.
QStringList linesOf(const QVariant &value)
{
    QStringList lines =
        value.typeId() == QMetaType::QVariantList || value.typeId() == QMetaType::QStringList
            ? value.toStringList()
            : value.toString().split(QLatin1Char('\n'));
    QStringList out;
    for (QString &line : lines) {
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (!line.isEmpty())
            out.append(line);
    }
    return out;
}

/// `environment`: KEY=VALUE lines; '#' starts a comment line. A bad line gives an error.
QList<std::pair<QString, QString>> parseEnvironment(const QVariant &value, QString *error)
{
    QList<std::pair<QString, QString>> out;
    for (const QString &line : linesOf(value)) {
        if (line.trimmed().isEmpty() || line.trimmed().startsWith(QLatin1Char('#')))
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        const QString name = line.left(eq).trimmed();
        if (eq <= 0 || name.isEmpty()) {
            if (error && error->isEmpty())
                *error =
                    QCoreApplication::translate("livedash::FeedErrors", "not NAME=value: \"%1\"")
                        .arg(line.left(60));
            continue;
        }
        out.append({name, line.mid(eq + 1)});
    }
    return out;
}

/// Asks the program to end (`kill` false) or kills it. On Unix the program leads its own
/// process group, and the signal goes to the whole group: children it started end too.
void signalProcess(QProcess *process, bool kill)
{
#ifdef Q_OS_UNIX
    const qint64 pid = process->processId();
    if (pid > 0 && ::kill(-pid_t(pid), kill ? SIGKILL : SIGTERM) == 0)
        return;
        // Not (yet) a group of its own: it is still starting.
#endif
    if (kill)
        process->kill();
    else
        process->terminate();
}

} // namespace

/// One run's state, shared by the process's handlers and the run() coroutine.
struct ExecRun
{
    FeedContext *ctx = nullptr;
    QString pendingNote;
    QElapsedTimer sinceNote;
    QTimer noteTimer;
    /// Alive as long as the run: a turn queued after the run ended finds it expired.
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);
    bool turnQueued = false;
};

ExecSettings ExecSettings::fromOptions(const QVariantMap &options)
{
    ExecSettings s;
    s.program = options.value(ProgramKey).toString().trimmed();
    s.arguments = linesOf(options.value(ArgumentsKey));
    s.workingDirectory = options.value(WorkingDirectoryKey).toString().trimmed();
    s.environment = parseEnvironment(options.value(EnvironmentKey), nullptr);
    s.decoder = LineDecoder::fromOptions(options);
    s.maxLineBytes = LineDecoder::maxLineBytes(options);
    return s;
}

QString ExecSettings::environmentError(const QVariant &environment)
{
    QString error;
    parseEnvironment(environment, &error);
    return error;
}

ExecFeed::ExecFeed(ExecSettings settings)
    : m_settings(std::move(settings)), m_decoder(m_settings.decoder),
      m_lines(m_settings.maxLineBytes), m_errors(MaxStderrLineBytes)
{
}

ExecFeed::~ExecFeed()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        signalProcess(m_process.get(), true);
        m_process->waitForFinished(int(KillWaitMs));
    }
}

QString ExecFeed::commandLine() const
{
    QStringList parts{m_settings.program};
    for (const QString &a : m_settings.arguments)
        parts.append(a.contains(QLatin1Char(' ')) || a.isEmpty()
                         ? QLatin1Char('"') + a + QLatin1Char('"')
                         : a);
    return parts.join(QLatin1Char(' '));
}

void ExecFeed::readOutput(ExecRun *run, bool drainAll)
{
    char buffer[ReadChunk];
    QElapsedTimer turn;
    turn.start();
    while (!run->ctx->isCancelled()) {
        if (!drainAll && turn.elapsed() >= IngestTurnMs &&
            m_process->bytesAvailable() <= MaxUnreadBytes) {
            if (!run->turnQueued) {
                run->turnQueued = true;
                QTimer::singleShot(0, m_process.get(),
                                   [this, run, alive = std::weak_ptr<bool>(run->alive)] {
                                       if (alive.expired())
                                           return; // the run ended meanwhile
                                       run->turnQueued = false;
                                       readOutput(run, false);
                                   });
            }
            return;
        }
        const qint64 got = m_process->read(buffer, ReadChunk);
        if (got <= 0)
            break;
        run->ctx->bytesReceived(got);
        m_lines.feed(
            QByteArrayView(buffer, got), [this, run](QByteArrayView line) { onLine(run, line); },
            [this, run] {
                run->ctx->rejected(
                    QCoreApplication::translate("livedash::FeedErrors",
                                                "line longer than %1 bytes discarded")
                        .arg(m_settings.maxLineBytes));
            });
    }
}

void ExecFeed::readErrors(ExecRun *run)
{
    const QByteArray data = m_process->readAllStandardError();
    m_errors.feed(
        data, [this, run](QByteArrayView line) { showError(run, line); }, [] {});
}

void ExecFeed::onLine(ExecRun *run, QByteArrayView line)
{
    LineDecoder::Result r = m_decoder.decode(line);
    if (r.kind == LineDecoder::Result::Message)
        run->ctx->message(r.message);
    else if (r.kind == LineDecoder::Result::Rejected)
        run->ctx->rejected(r.problem);
}

void ExecFeed::showError(ExecRun *run, QByteArrayView line)
{
    const QString text = QString::fromUtf8(line.toByteArray()).trimmed();
    if (text.isEmpty())
        return;
    run->pendingNote = text.left(MaxNoteChars);
    if (!run->sinceNote.isValid() || run->sinceNote.elapsed() >= NoteIntervalMs)
        flushNote(run);
    else if (!run->noteTimer.isActive())
        run->noteTimer.start(int(NoteIntervalMs - run->sinceNote.elapsed()));
}

void ExecFeed::flushNote(ExecRun *run)
{
    if (run->pendingNote.isEmpty())
        return;
    // The runner redacts notes (the feed's secrets, credentials in URLs and headers).
    run->ctx->note(QCoreApplication::translate("livedash::FeedErrors", "stderr: %1")
                       .arg(std::exchange(run->pendingNote, {})));
    run->sinceNote.start();
}

QCoro::Task<> ExecFeed::stopProcess()
{
    QProcess *p = m_process.get();
    for (const bool kill : {false, true}) {
        if (p->state() == QProcess::NotRunning)
            co_return;
        signalProcess(p, kill);
        QElapsedTimer waited;
        waited.start();
        const qint64 limit = kill ? KillWaitMs : TerminateGraceMs;
        while (p->state() != QProcess::NotRunning && waited.elapsed() < limit)
            co_await waitFor(nullptr, milliseconds(limit - waited.elapsed()), p,
                             &QProcess::stateChanged);
    }
    if (p->state() != QProcess::NotRunning)
        qCWarning(lcExecFeed).noquote() << m_settings.program << "did not exit when killed";
}

QCoro::Task<FeedEnd> ExecFeed::run(FeedContext &ctx)
{
    const QString command = commandLine();
    ctx.connecting(command);
    if (ctx.isCancelled())
        co_return FeedEnd::cancelled();

    m_process = std::make_unique<QProcess>();
    QProcess *p = m_process.get();
    p->setProgram(m_settings.program);
    p->setArguments(m_settings.arguments);
    if (!m_settings.workingDirectory.isEmpty())
        p->setWorkingDirectory(m_settings.workingDirectory);
    if (!m_settings.environment.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const auto &[name, value] : m_settings.environment)
            env.insert(name, value);
        p->setProcessEnvironment(env);
    }
    p->setStandardInputFile(QProcess::nullDevice());
#ifdef Q_OS_UNIX
    // Its own process group, so that stopping it reaches the children it started as well.
    p->setChildProcessModifier([] { ::setpgid(0, 0); });
#endif

    ExecRun run;
    run.ctx = &ctx;
    m_decoder.restart();
    run.noteTimer.setSingleShot(true);
    QObject::connect(&run.noteTimer, &QTimer::timeout, &run.noteTimer,
                     [this, r = &run] { flushNote(r); });
    m_lines.reset();
    m_errors.reset();
    QObject::connect(p, &QProcess::readyReadStandardOutput, p,
                     [this, r = &run] { readOutput(r, false); });
    QObject::connect(p, &QProcess::readyReadStandardError, p, [this, r = &run] { readErrors(r); });
    qCDebug(lcExecFeed).noquote() << ctx.feedId() << "starting" << command;
    p->start(QIODevice::ReadOnly);

    WaitResult woke = WaitResult::Signal;
    while (p->state() == QProcess::Starting && woke == WaitResult::Signal)
        woke = co_await waitFor(ctx.cancelToken(), milliseconds(StartTimeoutMs), p,
                                &QProcess::stateChanged);
    if (woke == WaitResult::Signal && p->state() == QProcess::Running) {
        ctx.connected();
        // Output arrives through the handlers; this waits for the exit. The timeout only
        // re-checks the state now and then.
        while (p->state() != QProcess::NotRunning && woke != WaitResult::Cancelled)
            woke = co_await waitFor(ctx.cancelToken(), milliseconds(60000), p,
                                    &QProcess::stateChanged);
    }

    FeedEnd end;
    if (woke == WaitResult::Cancelled || ctx.isCancelled()) {
        co_await stopProcess();
        end = FeedEnd::cancelled();
    } else if (p->state() != QProcess::NotRunning) {
        co_await stopProcess();
        end = FeedEnd::failed(
            QCoreApplication::translate("livedash::FeedErrors", "%1 did not start within %2 s")
                .arg(m_settings.program)
                .arg(StartTimeoutMs / 1000));
    } else if (p->error() == QProcess::FailedToStart) {
        end = FeedEnd::failed(
            QCoreApplication::translate("livedash::FeedErrors", "could not start %1: %2")
                .arg(m_settings.program, p->errorString()));
    } else {
        // Whatever the program wrote before it exited, and a last line without a newline.
        readOutput(&run, true);
        m_lines.finish([this, r = &run](QByteArrayView line) { onLine(r, line); });
        readErrors(&run);
        m_errors.finish([this, r = &run](QByteArrayView line) { showError(r, line); });
        end =
            p->exitStatus() == QProcess::CrashExit
                ? FeedEnd::failed(QCoreApplication::translate("livedash::FeedErrors", "%1 crashed")
                                      .arg(m_settings.program))
                : FeedEnd::closed(
                      QCoreApplication::translate("livedash::FeedErrors", "%1 exited with code %2")
                          .arg(m_settings.program)
                          .arg(p->exitCode()));
    }
    flushNote(&run);
    // No handler may outlive `run`, which they point to.
    QObject::disconnect(p, nullptr, nullptr, nullptr);
    if (p->state() == QProcess::NotRunning)
        m_process.reset();
    qCDebug(lcExecFeed).noquote() << ctx.feedId() << "ended:" << end.reason;
    co_return end;
}

} // namespace livedash
