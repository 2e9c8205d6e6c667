#include "execplugin.h"
#include "execfeed.h"

namespace livedash {

PluginInfo ExecPlugin::info() const
{
    PluginInfo info;
    info.id = QStringLiteral("exec");
    info.displayName = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Local command"));
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins", "Runs a program on this computer (no shell) and reads its "
                                 "standard output line by line: JSON lines, CSV rows or "
                                 "numbers. Restarted when it exits."));

    using S = ExecSettings;
    OptionSpec program =
        option(S::ProgramKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Program"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "The program to run: a path, or a name looked up in PATH. "
                                 "It is not run through a shell."))
            .asRequired();
    program.runsCommand = true;
    OptionSpec arguments = option(
        S::ArgumentsKey, OptionType::Text, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Arguments"),
        QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                          "One argument per line, passed as it is (no quoting, no "
                          "wildcards); empty lines are skipped."));
    arguments.runsCommand = true;
    info.options = {
        program,
        arguments,
        option(S::WorkingDirectoryKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Working directory"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Where the program runs; empty: Livedash's own.")),
        option(S::EnvironmentKey, OptionType::Text,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Environment"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "NAME=value per line, added to the environment Livedash "
                                 "runs in. Values may use ${env:...} and ${keychain:...}.")),
    };
    info.options.append(LineDecoder::options());
    return info;
}

QList<Problem> ExecPlugin::validate(const QVariantMap &options) const
{
    // The schema checks the rest (`program` is required, `format` one of its choices).
    QList<Problem> errors;
    const QString envError =
        ExecSettings::environmentError(options.value(ExecSettings::EnvironmentKey));
    if (!envError.isEmpty())
        errors.append({ExecSettings::EnvironmentKey, envError});
    return errors;
}

std::unique_ptr<Feed> ExecPlugin::createFeed(const QVariantMap &options) const
{
    return std::make_unique<ExecFeed>(ExecSettings::fromOptions(options));
}

} // namespace livedash
