#pragma once

#include <livedash/feedplugin.h>
#include <livedash/lines.h>

#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>
#include <utility>

namespace livedash {

/// An exec feed's options, read once from the resolved option map.
struct ExecSettings
{
    static inline const QString ProgramKey = QStringLiteral("program");
    static inline const QString ArgumentsKey = QStringLiteral("arguments");
    static inline const QString WorkingDirectoryKey = QStringLiteral("workingDirectory");
    static inline const QString EnvironmentKey = QStringLiteral("environment");
    QString program;
    QStringList arguments;
    QString workingDirectory;
    QList<std::pair<QString, QString>> environment;
    /// The output's line format (`format`, `csvHeader`: LineDecoder::options()).
    LineDecoder decoder;
    qint64 maxLineBytes = LineDecoder::DefaultMaxLineBytes;

    static ExecSettings fromOptions(const QVariantMap &options);
    /// What is wrong with an `environment` option (NAME=value lines), or nothing.
    static QString environmentError(const QVariant &environment);
};

struct ExecRun;

/// One local program: runs it, maps its standard output line by line, shows its standard
/// error as the note, and says why it ended. Stopping ends the program and its children.
class ExecFeed final : public Feed
{
public:
    explicit ExecFeed(ExecSettings settings);
    ~ExecFeed() override;

    QCoro::Task<FeedEnd> run(FeedContext &ctx) override;

private:
    QString commandLine() const;
    /// Reads standard output for at most IngestTurnMs (unless `drainAll` or too much is
    /// waiting), then lets the thread's other feeds have a turn.
    void readOutput(ExecRun *run, bool drainAll);
    void readErrors(ExecRun *run);
    void onLine(ExecRun *run, QByteArrayView line);
    void showError(ExecRun *run, QByteArrayView line);
    void flushNote(ExecRun *run);
    /// Ends the program: asks, waits TerminateGraceMs, kills, waits KillWaitMs.
    QCoro::Task<> stopProcess();

    const ExecSettings m_settings;
    LineDecoder m_decoder;
    LineSplitter m_lines;
    LineSplitter m_errors;
    /// The running program. Owned by the feed (not the coroutine frame) so that the feed's
    /// destructor kills a program that is still running, however run() ended.
    std::unique_ptr<QProcess> m_process;
};

} // namespace livedash
