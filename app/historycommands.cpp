#include "historycommands.h"

#include "document/dashboard.h"
#include "history/exporter.h"
#include "history/historystore.h"
#include "history/importer.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTextStream>

#include <cstdio>
#include <limits>
#include <memory>

#ifdef Q_OS_WIN
#include <fcntl.h> // _O_BINARY
#include <io.h>    // _setmode
#endif

namespace livedash {

namespace {

constexpr qint64 SecondMs = 1000;
constexpr qsizetype ListedChannels = 10;

/// Exit status 2 with `message` on stderr, like every other command-line error.
int badArgument(const QString &message)
{
    QTextStream(stderr) << "livedash: " << message << Qt::endl;
    return 2;
}

/// Exit status 1: the history file or the output failed.
int failed(const QString &message)
{
    QTextStream(stderr) << "livedash: " << message << Qt::endl;
    return 1;
}

QString utcText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString storePathFor(const QString &dashboardPath)
{
    return history::HistoryStore::pathFor(
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation), dashboardPath);
}

/// "the dashboard ops.json" or "the built-in demo", for messages.
QString dashboardName(const QString &dashboardPath)
{
    return dashboardPath.isEmpty() ? QStringLiteral("the built-in demo")
                                   : QStringLiteral("the dashboard %1").arg(dashboardPath);
}

/// Up to ListedChannels names, then how many more.
QString listed(const QStringList &names)
{
    QString text = names.mid(0, ListedChannels).join(QStringLiteral(", "));
    if (names.size() > ListedChannels)
        text += QStringLiteral(" and %1 more").arg(names.size() - ListedChannels);
    return text;
}

/// Where the CSV goes: standard output, or --output FILE written whole or not at all (a
/// regular file is replaced only once everything is written).
class CsvTarget
{
public:
    bool open(const QString &path, QString *why)
    {
        if (path.isEmpty()) {
#ifdef Q_OS_WIN
            _setmode(_fileno(stdout), _O_BINARY); // CRLF as written, not CRCRLF
#endif
            auto file = std::make_unique<QFile>();
            if (!file->open(stdout, QIODevice::WriteOnly)) {
                *why = file->errorString();
                return false;
            }
            m_device = std::move(file);
            return true;
        }
        const QFileInfo info(path);
        if (!info.exists() || info.isFile()) {
            auto file = std::make_unique<QSaveFile>(path);
            if (!file->open(QIODevice::WriteOnly)) {
                *why = file->errorString();
                return false;
            }
            m_save = file.get();
            m_device = std::move(file);
            return true;
        }
        // A device or a pipe (/dev/stdout, a FIFO): written as it goes.
        auto file = std::make_unique<QFile>(path);
        if (!file->open(QIODevice::WriteOnly)) {
            *why = file->errorString();
            return false;
        }
        m_device = std::move(file);
        return true;
    }

    QFileDevice *device() const
    {
        return m_device.get();
    }

    /// Keeps what was written (replacing the file, for --output).
    bool commit(QString *why)
    {
        if (!m_save)
            return true;
        if (m_save->commit())
            return true;
        *why = QStringLiteral("writing to %1 failed: %2")
                   .arg(QDir::toNativeSeparators(m_save->fileName()), m_save->errorString());
        return false;
    }

private:
    std::unique_ptr<QFileDevice> m_device;
    QSaveFile *m_save = nullptr;
};

} // namespace

std::optional<qint64> parseTimeArgument(const QString &text, qint64 nowMs, QString *why)
{
    const QString t = text.trimmed();
    if (t.compare(QLatin1String("now"), Qt::CaseInsensitive) == 0)
        return nowMs;
    static const QRegularExpression relative(QStringLiteral("^-(\\d{1,12})(ms|s|m|h|d|w)$"));
    if (const QRegularExpressionMatch m = relative.match(t); m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        const QString unit = m.captured(2);
        const qint64 per = unit == QLatin1String("ms")  ? 1
                           : unit == QLatin1String("s") ? SecondMs
                           : unit == QLatin1String("m") ? 60 * SecondMs
                           : unit == QLatin1String("h") ? 3600 * SecondMs
                           : unit == QLatin1String("d") ? 24 * 3600 * SecondMs
                                                        : 7 * 24 * 3600 * SecondMs;
        return nowMs - n * per; // at most 10^12 weeks: far from overflowing
    }
    static const QRegularExpression epoch(QStringLiteral("^\\d{1,18}$"));
    if (epoch.match(t).hasMatch())
        return t.toLongLong();
    // ISO 8601; without Z or an offset it is local time, as ISO 8601 says.
    const QDateTime iso = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (iso.isValid() && t.size() >= 10 && t.at(4) == QLatin1Char('-'))
        return iso.toMSecsSinceEpoch();
    *why = QStringLiteral("\"%1\" is not a time: give ISO 8601 (2026-12-01T10:00 local time, "
                          "2026-12-01T10:00:00Z), milliseconds since the epoch, now, or a time "
                          "before now such as -30m, -2h, -7d")
               .arg(text);
    return std::nullopt;
}

int runExport(const QCommandLineParser &parser, const QString &dashboardPath)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    history::CsvExport what;
    what.from = std::numeric_limits<qint64>::min(); // the oldest stored
    what.to = now;

    const QString format = parser.value(QStringLiteral("format"));
    if (parser.isSet(QStringLiteral("format")) &&
        format.compare(QLatin1String("csv"), Qt::CaseInsensitive) != 0) {
        return badArgument(QStringLiteral("--format: \"%1\" cannot be written here: only csv "
                                          "(PNG and SVG images are made in the window: File > "
                                          "Export image of the dashboard, or right-click a "
                                          "panel)")
                               .arg(format));
    }
    if (parser.isSet(QStringLiteral("layout"))) {
        const QString layout = parser.value(QStringLiteral("layout"));
        if (layout == QLatin1String("long"))
            what.layout = history::CsvExport::Layout::Long;
        else if (layout == QLatin1String("wide"))
            what.layout = history::CsvExport::Layout::Wide;
        else
            return badArgument(QStringLiteral("--layout: \"%1\" is not long or wide").arg(layout));
    }
    if (parser.isSet(QStringLiteral("time"))) {
        const QString time = parser.value(QStringLiteral("time"));
        if (time == QLatin1String("iso"))
            what.timeFormat = history::CsvExport::TimeFormat::Iso8601;
        else if (time == QLatin1String("epoch"))
            what.timeFormat = history::CsvExport::TimeFormat::EpochMillis;
        else
            return badArgument(QStringLiteral("--time: \"%1\" is not iso or epoch").arg(time));
    }
    for (const char *name : {"from", "to"}) {
        const QString option = QString::fromLatin1(name);
        if (!parser.isSet(option))
            continue;
        QString why;
        const std::optional<qint64> t = parseTimeArgument(parser.value(option), now, &why);
        if (!t)
            return badArgument(QStringLiteral("--%1: %2").arg(option, why));
        (option == QLatin1String("from") ? what.from : what.to) = *t;
    }
    if (what.from > what.to) {
        return badArgument(QStringLiteral("--from (%1) is after --to (%2)")
                               .arg(utcText(what.from), utcText(what.to)));
    }
    if (parser.isSet(QStringLiteral("channels"))) {
        // Several --channels add up; each is a comma-separated list.
        for (const QString &list : parser.values(QStringLiteral("channels"))) {
            for (const QString &pattern : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                if (!pattern.trimmed().isEmpty())
                    what.channels.append(pattern.trimmed());
            }
        }
        if (what.channels.isEmpty())
            return badArgument(QStringLiteral("--channels: no channel or pattern given (such as "
                                              "cpu/total or \"cpu/*\")"));
    }

    CsvTarget target;
    QString why;
    const QString output = parser.value(QStringLiteral("output"));
    if (!target.open(output, &why)) {
        return badArgument(QStringLiteral("--output: cannot write %1: %2")
                               .arg(QDir::toNativeSeparators(output), why));
    }

    const QString path = storePathFor(dashboardPath);
    history::HistoryStore store;
    if (!QFileInfo::exists(path)) {
        return failed(QStringLiteral("no history is stored for %1 (%2 does not exist)")
                          .arg(dashboardName(dashboardPath), QDir::toNativeSeparators(path)));
    }
    if (!store.open(path, history::HistoryStore::Mode::ReadOnly, &why))
        return failed(why);
    const QStringList stored = store.channels();
    for (const QString &pattern : std::as_const(what.channels)) {
        if (history::matchingChannels(store, {pattern}).isEmpty()) {
            return badArgument(
                QStringLiteral("--channels: no stored channel matches \"%1\" (%2 holds %3)")
                    .arg(pattern, QDir::toNativeSeparators(path),
                         stored.isEmpty() ? QStringLiteral("no channels") : listed(stored)));
        }
    }
    if (!history::writeCsv(store, what, target.device(), &why))
        return failed(why);
    if (!target.commit(&why))
        return failed(why);
    for (const QString &damage : store.damage())
        QTextStream(stderr) << "livedash: warning: " << QDir::toNativeSeparators(path)
                            << ": skipped what could not be read: " << damage << Qt::endl;
    return 0;
}

int runImport(const QCommandLineParser &parser, const QString &dashboardPath,
              const HistorySettings &settings)
{
    QTextStream err(stderr);
    const QString recordingPath = parser.value(QStringLiteral("import"));
    QFile recording(recordingPath);
    if (QFileInfo(recordingPath).isDir() || !recording.open(QIODevice::ReadOnly)) {
        return badArgument(
            QStringLiteral("--import: cannot read %1: %2")
                .arg(QDir::toNativeSeparators(recordingPath), QFileInfo(recordingPath).isDir()
                                                                  ? QStringLiteral("it is a folder")
                                                                  : recording.errorString()));
    }
    const QString path = storePathFor(dashboardPath);
    history::HistoryStore store;
    QString why;
    if (!store.open(path, history::HistoryStore::Mode::ReadWrite, &why))
        return failed(why);
    history::ImportReport report;
    const bool ok = history::importRecording(store, &recording, &report, &why);

    err << "livedash: " << QDir::toNativeSeparators(recordingPath) << ": " << report.lines
        << " lines: " << report.records << " records, " << report.badLines << " bad" << Qt::endl;
    for (const history::ImportReport::BadLine &bad : std::as_const(report.firstBadLines))
        err << "livedash: " << QDir::toNativeSeparators(recordingPath) << ":" << bad.line << ": "
            << bad.why << Qt::endl;
    if (report.badLines > quint64(report.firstBadLines.size()))
        err << "livedash: ... and " << (report.badLines - quint64(report.firstBadLines.size()))
            << " more bad lines" << Qt::endl;
    err << "livedash: imported " << report.samples << " samples and " << report.texts
        << " texts into " << QDir::toNativeSeparators(path) << " (" << dashboardName(dashboardPath)
        << ")";
    if (report.storedSamples + report.storedTexts > 0)
        err << "; " << report.storedSamples << " samples and " << report.storedTexts
            << " texts were stored already and were skipped";
    err << Qt::endl;
    if (report.journal > 0)
        err << "livedash: " << report.journal << " alarm events added to the alarm history"
            << Qt::endl;
    if (!report.channels.isEmpty())
        err << "livedash: " << report.channels.size() << " channels: " << listed(report.channels)
            << Qt::endl;
    if (report.firstT && report.lastT)
        err << "livedash: from " << utcText(*report.firstT) << " to " << utcText(*report.lastT)
            << " (" << QString::number(double(*report.lastT - *report.firstT) / 1000.0, 'f', 1)
            << " s)" << Qt::endl;
    if (!ok)
        return failed(why + QStringLiteral(" (what was imported before stays; importing again "
                                           "adds the rest and skips what is stored)"));

    if (!settings.enabled)
        err << "livedash: warning: history is off for " << dashboardName(dashboardPath)
            << " (\"history\": {\"enabled\": false}): the window shows none of it until it is "
               "switched on; --export reads it"
            << Qt::endl;
    constexpr qint64 DayMs = 24LL * 3600 * SecondMs;
    const qint64 keptFrom = QDateTime::currentMSecsSinceEpoch() - settings.maxAgeDays * DayMs;
    if (settings.enabled && settings.maxAgeDays > 0 && report.firstT && *report.firstT < keptFrom)
        err << "livedash: warning: records before " << utcText(keptFrom) << " are older than "
            << dashboardName(dashboardPath) << " keeps (" << settings.maxAgeDays
            << " days): Livedash removes them when it next opens it" << Qt::endl;
    return 0;
}

} // namespace livedash
