#include "sqlplugin.h"
#include "sqlfeed.h"

#include <QCoreApplication>
#include <QSqlDatabase>

namespace livedash {

namespace {

bool usesPlaceholder(const QString &sql, QLatin1StringView name)
{
    qsizetype at = 0;
    while ((at = sql.indexOf(name, at)) >= 0) {
        const qsizetype end = at + name.size();
        if ((at == 0 || sql.at(at - 1) != QLatin1Char(':')) &&
            (end >= sql.size() ||
             !(sql.at(end).isLetterOrNumber() || sql.at(end) == QLatin1Char('_'))))
            return true;
        at = end;
    }
    return false;
}

} // namespace

PluginInfo SqlPlugin::info() const
{
    PluginInfo info;
    info.id = QStringLiteral("sql");
    info.displayName = QStringLiteral(QT_TRANSLATE_NOOP("livedash::FeedPlugins", "SQL query"));
    info.version = QStringLiteral(LIVEDASH_VERSION);
    info.description = QStringLiteral(QT_TRANSLATE_NOOP(
        "livedash::FeedPlugins",
        "Polls a query on a database (SQLite, PostgreSQL, MySQL: the Qt SQL drivers installed "
        "here). Each row becomes a message {column: value}; with a cursor column, each poll "
        "fetches only the rows after the last one seen (:since)."));

    using S = SqlSettings;
    QStringList drivers = S::installedDrivers();
    if (drivers.isEmpty())
        drivers = S::knownDrivers(); // validate() says that none is installed
    info.options = {
        option(S::DriverKey, OptionType::Enum, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Driver"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "The Qt SQL driver: QSQLITE (a file), QPSQL (PostgreSQL), "
                                 "QMYSQL (MySQL, MariaDB). Only those installed are listed."))
            .withChoices(drivers)
            .withDefault(drivers.contains(S::Sqlite) ? S::Sqlite : drivers.first()),
        option(S::HostKey, OptionType::String, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Host"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "The server's name or address; empty: this computer (for "
                                 "PostgreSQL its local socket). Not used by SQLite.")),
        option(S::PortKey, OptionType::Int, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Port"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "The server's port; 0: the driver's default (5432, 3306)."))
            .withDefault(0)
            .withRange(0, 65535),
        option(S::DatabaseKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Database"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "The database's name on the server.")),
        option(S::FileKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "SQLite file"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "SQLite: the database file (it is not created when missing).")),
        option(S::UserKey, OptionType::String, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "User"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "The user to log in as.")),
        option(S::PasswordKey, OptionType::Secret,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Password"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "The user's password; use ${keychain:...} or ${env:...}.")),
        option(S::IntervalKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Interval"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "How often the query runs, in ms."))
            .withDefault(S::DefaultIntervalMs)
            .withRange(50, 24.0 * 3600 * 1000),
        option(S::QueryKey, OptionType::Text, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Query"),
               QT_TRANSLATE_NOOP(
                   "livedash::FeedPlugins",
                   "Run every interval. :since is the last value of the cursor column seen "
                   "(NULL before the first row), e.g. SELECT id, ts, value FROM readings "
                   "WHERE id > COALESCE(:since, 0) ORDER BY id. :from is the start of the "
                   "charts' time window (a UTC date/time), :fromMs the same in ms since 1970."))
            .asRequired(),
        option(S::InitialQueryKey, OptionType::Text,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Initial query"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "Run once when the feed starts, to fill the charts with "
                                 "history, e.g. ... WHERE ts >= :from ORDER BY id. Its rows "
                                 "set the cursor. Empty: the first poll of the query does it.")),
        option(S::CursorKey, OptionType::String,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Cursor column"),
               QT_TRANSLATE_NOOP(
                   "livedash::FeedPlugins",
                   "A column that strictly increases with every new row (an id, or a time "
                   "unique to the millisecond): its last value is :since. Rows at or before it "
                   "are not delivered again. Empty: every poll delivers all rows.")),
        option(S::QueryTimeoutKey, OptionType::Duration,
               QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Query timeout"),
               QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                 "A query running longer is cancelled and reported, in ms."))
            .withDefault(S::DefaultQueryTimeoutMs)
            .withRange(100, 3600.0 * 1000),
    };
    return info;
}

QList<Problem> SqlPlugin::validate(const QVariantMap &options) const
{
    using S = SqlSettings;
    QList<Problem> problems;
    const QString driver = options.value(S::DriverKey).toString();
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        const QStringList installed = S::installedDrivers();
        problems.append(
            {S::DriverKey,
             QCoreApplication::translate(
                 "livedash::FeedErrors",
                 "the Qt SQL driver %1 is not installed here (installed: %2)")
                 .arg(driver, installed.isEmpty() ? QStringLiteral("none")
                                                  : installed.join(QStringLiteral(", ")))});
    }
    if (driver == S::Sqlite && options.value(S::FileKey).toString().isEmpty() &&
        options.value(S::DatabaseKey).toString().isEmpty())
        problems.append(
            {S::FileKey, QCoreApplication::translate("livedash::FeedErrors",
                                                     "SQLite needs the database file")});
    const QString query = options.value(S::QueryKey).toString();
    const QString initial = options.value(S::InitialQueryKey).toString();
    const bool cursor = !options.value(S::CursorKey).toString().trimmed().isEmpty();
    const QLatin1StringView since(":since");
    if (!cursor && (usesPlaceholder(query, since) || usesPlaceholder(initial, since)))
        problems.append({S::CursorKey, QCoreApplication::translate(
                                           "livedash::FeedErrors",
                                           "the queries use :since, which needs a cursor column")});
    if (cursor && !query.trimmed().isEmpty() && !usesPlaceholder(query, since))
        problems.append({S::QueryKey,
                         QCoreApplication::translate(
                             "livedash::FeedErrors",
                             "the query does not use :since: every poll fetches its rows again "
                             "(those at or before the cursor are skipped)"),
                         Problem::Severity::Warning});
    return problems;
}

std::unique_ptr<Feed> SqlPlugin::createFeed(const QVariantMap &options) const
{
    return std::make_unique<SqlFeed>(SqlSettings::fromOptions(options));
}

} // namespace livedash
