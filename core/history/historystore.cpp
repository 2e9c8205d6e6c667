#include "history/historystore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace livedash::history {

namespace {

constexpr int FormatVersion = 1;

/// A prepared statement, finalized when it goes out of scope.
class Statement
{
public:
    explicit Statement(sqlite3_stmt *s) : m_s(s) {}
    ~Statement() { sqlite3_finalize(m_s); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    explicit operator bool() const { return m_s != nullptr; }
    sqlite3_stmt *get() const { return m_s; }

    void bind(int i, qint64 v) { sqlite3_bind_int64(m_s, i, v); }
    /// SQLite stores NaN as NULL; columnDouble() gives NaN back for NULL.
    void bind(int i, double v) { sqlite3_bind_double(m_s, i, v); }
    void bind(int i, const QString &text)
    {
        const QByteArray utf8 = text.toUtf8();
        sqlite3_bind_text(m_s, i, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    }
    void bindBlob(int i, const QByteArray &data)
    {
        sqlite3_bind_blob(m_s, i, data.constData(), int(data.size()), SQLITE_TRANSIENT);
    }
    int step() { return sqlite3_step(m_s); }
    qint64 int64(int column) const { return sqlite3_column_int64(m_s, column); }
    double real(int column) const
    {
        if (sqlite3_column_type(m_s, column) == SQLITE_NULL)
            return std::numeric_limits<double>::quiet_NaN();
        return sqlite3_column_double(m_s, column);
    }
    QString text(int column) const
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_s, column));
        return QString::fromUtf8(p, sqlite3_column_bytes(m_s, column));
    }
    QByteArrayView blob(int column) const
    {
        const void *p = sqlite3_column_blob(m_s, column);
        return QByteArrayView(static_cast<const char *>(p), sqlite3_column_bytes(m_s, column));
    }

private:
    sqlite3_stmt *m_s;
};

std::array<quint32, 256> makeCrcTable()
{
    std::array<quint32, 256> table{};
    for (quint32 i = 0; i < 256; ++i) {
        quint32 c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    return table;
}

QString timeText(qint64 t)
{
    return QDateTime::fromMSecsSinceEpoch(t).toString(Qt::ISODate);
}

} // namespace

quint32 crc32(QByteArrayView data)
{
    static const std::array<quint32, 256> table = makeCrcTable();
    quint32 c = 0xFFFFFFFFu;
    for (const char ch : data)
        c = table[(c ^ quint8(ch)) & 0xFFu] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

HistoryStore::~HistoryStore()
{
    close();
}

sqlite3_stmt *HistoryStore::prepare(const char *sql, QString *error) const
{
    sqlite3_stmt *s = nullptr;
    if (sqlite3_prepare_v2(m_db, sql, -1, &s, nullptr) != SQLITE_OK) {
        if (error)
            *error = lastError();
        sqlite3_finalize(s);
        return nullptr;
    }
    return s;
}

bool HistoryStore::exec(const char *sql, QString *error) const
{
    char *message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(message ? message : sqlite3_errmsg(m_db));
        sqlite3_free(message);
        return false;
    }
    return true;
}

QString HistoryStore::lastError() const
{
    return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString();
}

bool HistoryStore::writeFailed(QString *error, WriteFailure *failure) const
{
    if (error)
        *error = lastError();
    if (failure)
        *failure = classify(sqlite3_extended_errcode(m_db));
    return false;
}

WriteFailure HistoryStore::classify(int rc) const
{
    const int primary = rc & 0xFF;
    if (primary == SQLITE_FULL)
        return WriteFailure::DiskFull;
    // A write that hits ENOSPC in the write-ahead log comes back as an I/O error.
    if (primary == SQLITE_IOERR && (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC ||
                                    rc == SQLITE_IOERR_SHMSIZE || rc == SQLITE_IOERR_TRUNCATE)) {
        return WriteFailure::DiskFull;
    }
    return rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW ? WriteFailure::None
                                                                    : WriteFailure::Other;
}

bool HistoryStore::open(const QString &path, Mode mode, QString *error)
{
    close();
    m_path = path;
    m_mode = mode;
    const QString where = QDir::toNativeSeparators(path);
    m_openDamaged = false;
    const auto fail = [&](const QString &why) {
        const int primary = m_db ? sqlite3_errcode(m_db) & 0xFF : SQLITE_OK;
        m_openDamaged = primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT;
        if (error)
            *error = QCoreApplication::translate("livedash::History", "History file %1: %2")
                         .arg(where, why);
        close();
        return false;
    };
    if (mode == Mode::ReadWrite && !QDir().mkpath(QFileInfo(path).absolutePath()))
        return fail(QCoreApplication::translate("livedash::History", "cannot make its folder"));
    if (mode == Mode::ReadOnly && !QFileInfo::exists(path))
        return fail(QCoreApplication::translate("livedash::History", "does not exist"));

    const int flags =
        mode == Mode::ReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    const QByteArray file = QFile::encodeName(path);
    if (sqlite3_open_v2(file.constData(), &m_db, flags | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
        return fail(lastError());
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, 5000);

    QString why;
    // A file that is not a database (or whose first page is damaged) fails here.
    bool fresh = false;
    {
        Statement check(prepare("SELECT count(*) FROM sqlite_master", &why));
        if (!check || check.step() != SQLITE_ROW)
            return fail(why.isEmpty() ? lastError() : why);
        fresh = check.int64(0) == 0;
    } // finalized: no read transaction stays open

    if (mode == Mode::ReadWrite) {
        // auto_vacuum only takes effect before the first table is made.
        if (fresh && !exec("PRAGMA auto_vacuum=INCREMENTAL", &why))
            return fail(why);
        // WAL: readers never wait for the writer. synchronous=NORMAL: a committed flush survives
        // the process being killed (it is in the OS's hands); a power cut may lose the last ones.
        // journal_size_limit: a write-ahead log that grew while a reader held an old snapshot
        // is cut back to 4 MB after its next checkpoint, not kept at its largest.
        if (!exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                  " PRAGMA journal_size_limit=4194304",
                  &why))
            return fail(why);
        if (fresh) {
            const char *schema =
                "BEGIN;"
                "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
                "CREATE TABLE channels(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
                "CREATE TABLE chunks(id INTEGER PRIMARY KEY, channel INTEGER NOT NULL,"
                " t0 INTEGER NOT NULL, t1 INTEGER NOT NULL, first_t INTEGER NOT NULL,"
                " last_t INTEGER NOT NULL, count INTEGER NOT NULL, finite INTEGER NOT NULL,"
                " vmin REAL, vmax REAL, vfirst REAL, vlast REAL, sealed INTEGER NOT NULL,"
                " crc INTEGER NOT NULL, data BLOB NOT NULL);"
                "CREATE INDEX chunks_by_channel ON chunks(channel, t1);"
                "CREATE INDEX chunks_by_end ON chunks(t1);"
                "CREATE TABLE texts(id INTEGER PRIMARY KEY, channel INTEGER NOT NULL,"
                " t INTEGER NOT NULL, text TEXT NOT NULL);"
                "CREATE INDEX texts_by_channel ON texts(channel, t);"
                "CREATE INDEX texts_by_time ON texts(t);"
                "COMMIT;";
            if (!exec(schema, &why))
                return fail(why);
            Statement meta(prepare("INSERT INTO meta(key, value) VALUES('format', ?1),"
                                   " ('created', ?2)",
                                   &why));
            if (!meta)
                return fail(why);
            meta.bind(1, QString::number(FormatVersion));
            meta.bind(2, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
            if (meta.step() != SQLITE_DONE)
                return fail(lastError());
        }
    }
    // The unfinished pieces are read at every open: an index of them alone, so that opening a
    // store of millions of chunks does not scan them all (added to files made before it too).
    if (mode == Mode::ReadWrite &&
        !exec("CREATE INDEX IF NOT EXISTS chunks_unsealed ON chunks(channel, id) WHERE sealed = 0",
              &why)) {
        return fail(why);
    }
    // What a zoomed-out view reads: each chunk's extremes and its segments' (SegmentSamples at a
    // time), clustered by channel and time so that a week of one channel is one short range of
    // pages rather than a page per chunk. A trigger keeps it in step with the chunks. Files made
    // before it get the table empty and are read from their chunks ("summaries" not in meta).
    if (mode == Mode::ReadWrite) {
        const char *summaries =
            "CREATE TABLE IF NOT EXISTS summaries(channel INTEGER NOT NULL, t1 INTEGER NOT NULL,"
            " chunk INTEGER NOT NULL, t0 INTEGER NOT NULL, finite INTEGER NOT NULL, vmin REAL,"
            " vmax REAL, segs BLOB, PRIMARY KEY(channel, t1, chunk)) WITHOUT ROWID;"
            "CREATE TRIGGER IF NOT EXISTS chunks_drop_summary AFTER DELETE ON chunks BEGIN"
            " DELETE FROM summaries WHERE channel = old.channel AND t1 = old.t1"
            " AND chunk = old.id; END;";
        if (!exec(summaries, &why))
            return fail(why);
        if (fresh && !exec("INSERT INTO meta(key, value) VALUES('summaries', '1')", &why))
            return fail(why);
        // Events that are not samples (alarms), by kind and time; added to older files too.
        if (!exec("CREATE TABLE IF NOT EXISTS journal(id INTEGER PRIMARY KEY, t INTEGER NOT NULL,"
                  " kind TEXT NOT NULL, body TEXT NOT NULL);"
                  "CREATE INDEX IF NOT EXISTS journal_kind_t ON journal(kind, t);",
                  &why))
            return fail(why);
    }
    m_summaries = single("SELECT count(*) FROM meta WHERE key = 'summaries'").value_or(0) > 0;
    Statement format(prepare("SELECT value FROM meta WHERE key = 'format'", &why));
    if (!format)
        return fail(
            QCoreApplication::translate("livedash::History", "not a Livedash history file (%1)")
                .arg(why));
    if (format.step() != SQLITE_ROW)
        return fail(QCoreApplication::translate(
            "livedash::History", "not a Livedash history file (it has no format version)"));
    const int version = format.text(0).toInt();
    if (version > FormatVersion) {
        return fail(QCoreApplication::translate(
                        "livedash::History",
                        "written by a newer Livedash (format %1; this one reads up to %2)")
                        .arg(version)
                        .arg(FormatVersion));
    }
    return true;
}

void HistoryStore::close()
{
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
    m_channelIds.clear();
}

bool HistoryStore::begin(QString *error)
{
    return exec("BEGIN IMMEDIATE", error);
}

bool HistoryStore::commit(QString *error, WriteFailure *failure)
{
    const int rc = sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) {
        if (failure)
            *failure = WriteFailure::None;
        return true;
    }
    if (error)
        *error = lastError();
    if (failure)
        *failure = classify(sqlite3_extended_errcode(m_db));
    rollback();
    return false;
}

void HistoryStore::rollback()
{
    if (m_db && !sqlite3_get_autocommit(m_db))
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    // Ids made in the rolled-back transaction are gone with it.
    m_channelIds.clear();
}

std::optional<qint64> HistoryStore::lookupChannel(const QString &name) const
{
    if (const auto it = m_channelIds.constFind(name); it != m_channelIds.constEnd())
        return *it;
    Statement s(prepare("SELECT id FROM channels WHERE name = ?1", nullptr));
    if (!s)
        return std::nullopt;
    s.bind(1, name);
    if (s.step() != SQLITE_ROW)
        return std::nullopt;
    return s.int64(0);
}

qint64 HistoryStore::channelId(const QString &name, QString *error, WriteFailure *failure)
{
    if (const auto id = lookupChannel(name)) {
        m_channelIds.insert(name, *id);
        return *id;
    }
    Statement s(prepare("INSERT INTO channels(name) VALUES(?1)", error));
    if (!s)
        return -1;
    s.bind(1, name);
    if (s.step() != SQLITE_DONE) {
        writeFailed(error, failure);
        return -1;
    }
    const qint64 id = sqlite3_last_insert_rowid(m_db);
    m_channelIds.insert(name, id);
    return id;
}

qint64 HistoryStore::writeChunk(qint64 channel, std::span<const Sample> samples, bool sealed,
                                ChunkEncoding encoding, QString *error, WriteFailure *failure)
{
    if (samples.empty())
        return 0;
    const QByteArray data = encodeChunk(encoding, samples);
    const ChunkSummary sum = ChunkSummary::of(samples);
    Statement s(prepare("INSERT INTO chunks(channel, t0, t1, first_t, last_t, count, finite,"
                        " vmin, vmax, vfirst, vlast, sealed, crc, data)"
                        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                        error));
    if (!s)
        return -1;
    s.bind(1, channel);
    s.bind(2, sum.minT);
    s.bind(3, sum.maxT);
    s.bind(4, sum.firstT);
    s.bind(5, sum.lastT);
    s.bind(6, qint64(sum.count));
    s.bind(7, qint64(sum.finite));
    s.bind(8, sum.min);
    s.bind(9, sum.max);
    s.bind(10, sum.first);
    s.bind(11, sum.last);
    s.bind(12, qint64(sealed ? 1 : 0));
    s.bind(13, qint64(crc32(data)));
    s.bindBlob(14, data);
    if (s.step() != SQLITE_DONE) {
        writeFailed(error, failure);
        return -1;
    }
    const qint64 id = sqlite3_last_insert_rowid(m_db);
    if (!m_summaries)
        return id;
    Statement summary(prepare("INSERT INTO summaries(channel, t1, chunk, t0, finite, vmin, vmax,"
                              " segs) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                              error));
    if (!summary)
        return -1;
    summary.bind(1, channel);
    summary.bind(2, sum.maxT);
    summary.bind(3, id);
    summary.bind(4, sum.minT);
    summary.bind(5, qint64(sum.finite));
    summary.bind(6, sum.min);
    summary.bind(7, sum.max);
    const QByteArray segments = encodeSegments(samples);
    if (segments.isEmpty())
        sqlite3_bind_null(summary.get(), 8);
    else
        summary.bindBlob(8, segments);
    if (summary.step() != SQLITE_DONE) {
        writeFailed(error, failure);
        return -1;
    }
    return id;
}

bool HistoryStore::deleteUnsealed(qint64 channel, QString *error, WriteFailure *failure)
{
    Statement s(prepare("DELETE FROM chunks WHERE channel = ?1 AND sealed = 0", error));
    if (!s)
        return false;
    s.bind(1, channel);
    if (s.step() != SQLITE_DONE)
        return writeFailed(error, failure);
    return true;
}

bool HistoryStore::writeText(qint64 channel, qint64 t, const QString &text, QString *error,
                             WriteFailure *failure)
{
    Statement s(prepare("INSERT INTO texts(channel, t, text) VALUES(?1, ?2, ?3)", error));
    if (!s)
        return false;
    s.bind(1, channel);
    s.bind(2, t);
    s.bind(3, text);
    if (s.step() != SQLITE_DONE)
        return writeFailed(error, failure);
    return true;
}

bool HistoryStore::writeJournal(qint64 t, const QString &kind, const QByteArray &body,
                                QString *error, WriteFailure *failure)
{
    Statement s(prepare("INSERT INTO journal(t, kind, body) VALUES(?1, ?2, ?3)", error));
    if (!s)
        return false;
    s.bind(1, t);
    s.bind(2, kind);
    s.bind(3, QString::fromUtf8(body));
    if (s.step() != SQLITE_DONE)
        return writeFailed(error, failure);
    return true;
}

bool HistoryStore::hasJournal(qint64 t, const QString &kind, const QByteArray &body) const
{
    Statement s(prepare("SELECT 1 FROM journal WHERE kind = ?1 AND t = ?2 AND body = ?3", nullptr));
    if (!s)
        return false;
    s.bind(1, kind);
    s.bind(2, t);
    s.bind(3, QString::fromUtf8(body));
    return s.step() == SQLITE_ROW;
}

QList<std::pair<qint64, QByteArray>> HistoryStore::readJournal(const QString &kind, qint64 from,
                                                               qsizetype limit) const
{
    QList<std::pair<qint64, QByteArray>> out;
    if (single("SELECT count(*) FROM sqlite_master WHERE name = 'journal'").value_or(0) == 0)
        return out;
    Statement s(prepare("SELECT t, body FROM (SELECT id, t, body FROM journal"
                        " WHERE kind = ?1 AND t >= ?2 ORDER BY t DESC, id DESC LIMIT ?3)"
                        " ORDER BY t, id",
                        nullptr));
    if (!s)
        return out;
    s.bind(1, kind);
    s.bind(2, from);
    s.bind(3, qint64(limit));
    while (s.step() == SQLITE_ROW)
        out.append({s.int64(0), s.text(1).toUtf8()});
    return out;
}

void HistoryStore::releaseFreePages()
{
    if (m_db && m_mode == Mode::ReadWrite && single("PRAGMA freelist_count").value_or(0) > 0)
        exec("PRAGMA incremental_vacuum", nullptr);
}

bool HistoryStore::enforceRetention(const Retention &retention, qint64 nowMs, qint64 *removedChunks,
                                    QString *error)
{
    qint64 removed = 0;
    const auto run = [&](const char *sql, qint64 arg) {
        Statement s(prepare(sql, error));
        if (!s)
            return false;
        s.bind(1, arg);
        if (s.step() != SQLITE_DONE) {
            if (error)
                *error = lastError();
            return false;
        }
        removed += sqlite3_changes(m_db);
        return true;
    };
    if (retention.maxAgeMs > 0) {
        const qint64 cutoff = nowMs - retention.maxAgeMs;
        // Unsealed chunks are the newest samples of their channel: the writer replaces them.
        if (!run("DELETE FROM chunks WHERE t1 < ?1 AND sealed = 1", cutoff))
            return false;
        const qint64 chunks = removed;
        if (!run("DELETE FROM texts WHERE t < ?1", cutoff) ||
            !run("DELETE FROM journal WHERE t < ?1", cutoff))
            return false;
        removed = chunks;
    }
    if (retention.maxBytes > 0) {
        // Oldest first, a slice at a time, until the pages in use fit.
        for (int round = 0; round < 1000 && usedBytes() > retention.maxBytes; ++round) {
            Statement count(prepare("SELECT count(*) FROM chunks WHERE sealed = 1", error));
            if (!count || count.step() != SQLITE_ROW)
                return false;
            const qint64 slice = std::max<qint64>(1, count.int64(0) / 50);
            if (count.int64(0) == 0)
                break;
            Statement oldest(prepare("SELECT t1 FROM chunks WHERE sealed = 1 ORDER BY t1"
                                     " LIMIT 1 OFFSET ?1",
                                     error));
            if (!oldest)
                return false;
            oldest.bind(1, slice - 1);
            if (oldest.step() != SQLITE_ROW)
                break;
            const qint64 upTo = oldest.int64(0);
            const qint64 before = removed;
            if (!run("DELETE FROM chunks WHERE t1 <= ?1 AND sealed = 1", upTo))
                return false;
            const qint64 chunks = removed;
            if (!run("DELETE FROM texts WHERE t <= ?1", upTo))
                return false;
            removed = chunks;
            if (removed == before)
                break;
            exec("PRAGMA incremental_vacuum", nullptr);
        }
    }
    // Sealed chunks replace their unsealed pieces: free pages come from that too, not only from
    // what went here.
    releaseFreePages();
    if (removedChunks)
        *removedChunks = removed;
    return true;
}

QStringList HistoryStore::channels() const
{
    QStringList names;
    Statement s(prepare("SELECT name FROM channels ORDER BY name", nullptr));
    while (s && s.step() == SQLITE_ROW)
        names.append(s.text(0));
    return names;
}

void HistoryStore::noteDamage(const QString &what)
{
    if (!m_damage.contains(what))
        m_damage.append(what);
}

QHash<QString, std::vector<Sample>> HistoryStore::unsealedSamples()
{
    QHash<QString, std::vector<Sample>> result;
    Statement s(prepare("SELECT c.name, k.id, k.crc, k.data FROM chunks k"
                        " JOIN channels c ON c.id = k.channel WHERE k.sealed = 0"
                        " ORDER BY k.channel, k.id",
                        nullptr));
    int rc = SQLITE_ROW;
    while (s && (rc = s.step()) == SQLITE_ROW) {
        const QString name = s.text(0);
        const QByteArrayView data = s.blob(3);
        std::vector<Sample> &samples = result[name];
        QString why;
        if (quint32(s.int64(2)) != crc32(data)) {
            noteDamage(QCoreApplication::translate("livedash::History",
                                                   "chunk %1 of %2: checksum mismatch")
                           .arg(s.int64(1))
                           .arg(name));
            continue;
        }
        if (!decodeChunk(data, &samples, &why))
            noteDamage(QCoreApplication::translate("livedash::History", "chunk %1 of %2: %3")
                           .arg(s.int64(1))
                           .arg(name, why));
    }
    if (s && rc != SQLITE_DONE)
        noteDamage(
            QCoreApplication::translate("livedash::History", "the newest, unfinished chunks: %1")
                .arg(lastError()));
    return result;
}

bool HistoryStore::readSummaries(const QString &channel, qint64 from, qint64 to,
                                 std::vector<StoredChunk> *out, QString *error)
{
    const auto id = lookupChannel(channel);
    if (!id)
        return true; // nothing stored yet
    Statement s(prepare("SELECT id, t0, t1, first_t, last_t, count, finite, vmin, vmax,"
                        " vfirst, vlast, sealed FROM chunks"
                        " WHERE channel = ?1 AND t1 >= ?2 AND t0 <= ?3 ORDER BY t0, id",
                        error));
    if (!s)
        return false;
    s.bind(1, *id);
    s.bind(2, from);
    s.bind(3, to);
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
        StoredChunk c;
        c.id = s.int64(0);
        c.summary.minT = s.int64(1);
        c.summary.maxT = s.int64(2);
        c.summary.firstT = s.int64(3);
        c.summary.lastT = s.int64(4);
        c.summary.count = quint32(s.int64(5));
        c.summary.finite = quint32(s.int64(6));
        c.summary.min = s.real(7);
        c.summary.max = s.real(8);
        c.summary.first = s.real(9);
        c.summary.last = s.real(10);
        c.sealed = s.int64(11) != 0;
        out->push_back(c);
    }
    if (rc != SQLITE_DONE) {
        noteDamage(QCoreApplication::translate("livedash::History", "%1 from %2 to %3: %4")
                       .arg(channel, timeText(from), timeText(to), lastError()));
        if (error)
            *error = lastError();
    }
    return true;
}

bool HistoryStore::readChunk(qint64 id, std::vector<Sample> *out, QString *error)
{
    Statement s(prepare("SELECT k.crc, k.data, c.name, k.t0, k.t1 FROM chunks k"
                        " JOIN channels c ON c.id = k.channel WHERE k.id = ?1",
                        error));
    if (!s)
        return false;
    s.bind(1, id);
    const int rc = s.step();
    if (rc != SQLITE_ROW) {
        if (rc != SQLITE_DONE) {
            noteDamage(QCoreApplication::translate("livedash::History", "chunk %1: %2")
                           .arg(id)
                           .arg(lastError()));
            if (error)
                *error = lastError();
        }
        return false;
    }
    ++m_chunksDecoded;
    const QByteArrayView data = s.blob(1);
    const QString where =
        QCoreApplication::translate("livedash::History", "chunk %1 of %2 (%3 to %4)")
            .arg(id)
            .arg(s.text(2), timeText(s.int64(3)), timeText(s.int64(4)));
    if (quint32(s.int64(0)) != crc32(data)) {
        noteDamage(
            QCoreApplication::translate("livedash::History", "%1: checksum mismatch").arg(where));
        if (error)
            *error = QCoreApplication::translate("livedash::History", "checksum mismatch");
        return false;
    }
    QString why;
    if (!decodeChunk(data, out, &why)) {
        noteDamage(QStringLiteral("%1: %2").arg(where, why));
        if (error)
            *error = why;
        return false;
    }
    return true;
}

bool HistoryStore::readSamples(const QString &channel, qint64 from, qint64 to,
                               std::vector<Sample> *out, QString *error)
{
    std::vector<StoredChunk> chunks;
    if (!readSummaries(channel, from, to, &chunks, error))
        return false;
    const size_t start = out->size();
    std::vector<Sample> samples;
    bool ordered = true;
    qint64 last = std::numeric_limits<qint64>::min();
    for (const StoredChunk &c : chunks) {
        samples.clear();
        if (!readChunk(c.id, &samples, nullptr))
            continue; // listed in damage()
        for (const Sample &sample : samples) {
            if (sample.t < from || sample.t > to)
                continue;
            ordered = ordered && sample.t >= last;
            last = sample.t;
            out->push_back(sample);
        }
    }
    if (!ordered) {
        std::stable_sort(out->begin() + qsizetype(start), out->end(),
                         [](const Sample &a, const Sample &b) { return a.t < b.t; });
    }
    return true;
}

DecimationResult HistoryStore::decimate(const QString &channel, qint64 from, qint64 to, int columns,
                                        QList<QPointF> &out, qint64 xOrigin)
{
    out.clear();
    DecimationResult r;
    const auto id = lookupChannel(channel);
    if (!id)
        return r;
    // Files made before the summaries table keep theirs in the chunks table, without segments.
    Statement s(prepare(m_summaries
                            ? "SELECT chunk, t0, t1, finite, vmin, vmax, segs FROM summaries"
                              " WHERE channel = ?1 AND t1 >= ?2 AND t0 <= ?3"
                            : "SELECT id, t0, t1, finite, vmin, vmax, NULL FROM chunks"
                              " WHERE channel = ?1 AND t1 >= ?2 AND t0 <= ?3",
                        nullptr));
    if (!s)
        return r;
    s.bind(1, *id);
    s.bind(2, from);
    s.bind(3, to);
    columns = std::max(columns, 1);
    const double perColumn = double(std::max<qint64>(to - from, 1)) / columns;
    // The same column expression as decimateMinMax(), so both give the same columns.
    const auto columnOf = [&](qint64 t) {
        return size_t(std::min<qint64>(qint64(double(t - from) / perColumn), columns - 1));
    };
    std::vector<MinMax> buckets(static_cast<size_t>(columns));
    // A piece (a chunk or a segment of one) no wider than a column is folded from its summary
    // alone, at its midpoint: its extremes are drawn less than half a column (a pixel) from
    // where they were. Wider ones, and those reaching past the range, need their samples.
    const auto summaryWillDo = [&](qint64 minT, qint64 maxT) {
        return minT >= from && maxT <= to && double(maxT - minT) <= perColumn;
    };
    const auto foldSummary = [&](qint64 minT, qint64 maxT, quint32 finite, double lo, double hi) {
        if (finite == 0)
            return;
        MinMax m;
        m.lo = {minT + (maxT - minT) / 2, lo};
        m.hi = {m.lo.t, hi};
        m.finite = finite;
        buckets[columnOf(m.lo.t)].merge(m);
    };
    const auto foldSamples = [&](std::span<const Sample> samples) {
        for (const Sample &sample : samples) {
            if (sample.t >= from && sample.t <= to)
                buckets[columnOf(sample.t)].fold(sample);
        }
    };
    std::vector<Sample> samples;
    std::vector<SegmentSummary> segments;
    std::vector<bool> fromSummary;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
        const qint64 chunk = s.int64(0);
        const qint64 t0 = s.int64(1);
        const qint64 t1 = s.int64(2);
        if (summaryWillDo(t0, t1)) {
            foldSummary(t0, t1, quint32(s.int64(3)), s.real(4), s.real(5));
            continue;
        }
        const bool segmented = sqlite3_column_type(s.get(), 6) != SQLITE_NULL &&
                               decodeSegments(s.blob(6), t0, &segments);
        bool needSamples = !segmented;
        if (segmented) {
            fromSummary.assign(segments.size(), false);
            for (size_t k = 0; k < segments.size(); ++k) {
                const SegmentSummary &g = segments[k];
                const bool outside = g.maxT < from || g.minT > to || g.finite == 0;
                fromSummary[k] = outside || summaryWillDo(g.minT, g.maxT);
                needSamples = needSamples || !fromSummary[k];
            }
        }
        samples.clear();
        if (needSamples && !readChunk(chunk, &samples))
            continue; // listed in damage()
        const size_t expected = samples.size() / size_t(SegmentSamples) +
                                (samples.size() % size_t(SegmentSamples) != 0 ? 1 : 0);
        if (!segmented || (needSamples && expected != segments.size())) {
            foldSamples(samples);
            continue;
        }
        for (size_t k = 0; k < segments.size(); ++k) {
            const SegmentSummary &g = segments[k];
            if (fromSummary[k]) {
                if (g.maxT >= from && g.minT <= to)
                    foldSummary(g.minT, g.maxT, g.finite, g.min, g.max);
                continue;
            }
            const size_t begin = k * size_t(SegmentSamples);
            foldSamples(std::span<const Sample>(samples).subspan(
                begin, std::min(size_t(SegmentSamples), samples.size() - begin)));
        }
    }
    if (rc != SQLITE_DONE)
        noteDamage(QCoreApplication::translate("livedash::History", "%1 from %2 to %3: %4")
                       .arg(channel, timeText(from), timeText(to), lastError()));
    r.minY = std::numeric_limits<double>::max();
    r.maxY = std::numeric_limits<double>::lowest();
    for (const MinMax &m : buckets) {
        if (m.finite == 0)
            continue;
        r.inputPoints += qsizetype(m.finite);
        r.minY = std::min(r.minY, m.lo.v);
        r.maxY = std::max(r.maxY, m.hi.v);
        appendColumn(m.lo, m.hi, out, xOrigin);
    }
    r.empty = r.inputPoints == 0;
    if (r.empty)
        r.minY = r.maxY = 0;
    return r;
}

QList<TextSample> HistoryStore::readTexts(const QString &channel, qint64 from, qint64 to,
                                          qsizetype limit)
{
    QList<TextSample> texts;
    const auto id = lookupChannel(channel);
    if (!id)
        return texts;
    Statement s(prepare("SELECT t, text FROM (SELECT t, text, id FROM texts"
                        " WHERE channel = ?1 AND t >= ?2 AND t <= ?3"
                        " ORDER BY t DESC, id DESC LIMIT ?4) ORDER BY t, id",
                        nullptr));
    if (!s)
        return texts;
    s.bind(1, *id);
    s.bind(2, from);
    s.bind(3, to);
    s.bind(4, qint64(limit));
    int rc;
    while ((rc = s.step()) == SQLITE_ROW)
        texts.append({s.int64(0), s.text(1)});
    if (rc != SQLITE_DONE)
        noteDamage(QCoreApplication::translate("livedash::History", "texts of %1: %2")
                       .arg(channel, lastError()));
    return texts;
}

QList<TextSample> HistoryStore::readTextPage(const QString &channel, qint64 from, qint64 to,
                                             qsizetype limit, TextCursor *cursor)
{
    QList<TextSample> texts;
    const auto id = lookupChannel(channel);
    if (!id)
        return texts;
    // (t, id) orders texts of one time as they were written; the index on (channel, t) serves.
    Statement s(prepare("SELECT t, text, id FROM texts WHERE channel = ?1 AND t >= ?2"
                        " AND t <= ?3 AND (t > ?4 OR (t = ?4 AND id > ?5))"
                        " ORDER BY t, id LIMIT ?6",
                        nullptr));
    if (!s)
        return texts;
    s.bind(1, *id);
    s.bind(2, std::max(from, cursor->t)); // the index range starts at the cursor: no rescan
    s.bind(3, to);
    s.bind(4, cursor->t);
    s.bind(5, cursor->id);
    s.bind(6, qint64(limit));
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
        texts.append({s.int64(0), s.text(1)});
        cursor->t = s.int64(0);
        cursor->id = s.int64(2);
    }
    if (rc != SQLITE_DONE)
        noteDamage(QCoreApplication::translate("livedash::History", "texts of %1: %2")
                       .arg(channel, lastError()));
    return texts;
}

std::optional<Sample> HistoryStore::lastSampleAtOrBefore(const QString &channel, qint64 t)
{
    const auto id = lookupChannel(channel);
    if (!id)
        return std::nullopt;
    // Chunks may overlap when a source sent out of order: look at the few that start last.
    Statement s(prepare("SELECT id FROM chunks WHERE channel = ?1 AND t0 <= ?2"
                        " ORDER BY t0 DESC LIMIT 3",
                        nullptr));
    if (!s)
        return std::nullopt;
    s.bind(1, *id);
    s.bind(2, t);
    std::optional<Sample> best;
    std::vector<Sample> samples;
    while (s.step() == SQLITE_ROW) {
        samples.clear();
        if (!readChunk(s.int64(0), &samples, nullptr))
            continue;
        for (const Sample &sample : samples) {
            if (sample.t <= t && (!best || sample.t >= best->t))
                best = sample;
        }
    }
    return best;
}

std::optional<TextSample> HistoryStore::lastTextAtOrBefore(const QString &channel, qint64 t)
{
    const QList<TextSample> texts = readTexts(channel, std::numeric_limits<qint64>::min(), t, 1);
    if (texts.isEmpty())
        return std::nullopt;
    return texts.constLast();
}

std::optional<qint64> HistoryStore::single(const char *sql) const
{
    Statement s(prepare(sql, nullptr));
    if (!s || s.step() != SQLITE_ROW || sqlite3_column_type(s.get(), 0) == SQLITE_NULL)
        return std::nullopt;
    return s.int64(0);
}

std::optional<std::pair<qint64, qint64>> HistoryStore::span() const
{
    // Both ends from indexes (chunks by their end time, texts by time): no scan. The oldest
    // chunk's start may lie a chunk earlier than its end: close enough for a range to offer.
    const auto oldestChunk = single("SELECT min(t1) FROM chunks");
    const auto oldestText = single("SELECT min(t) FROM texts");
    const auto newestChunk = single("SELECT max(t1) FROM chunks");
    const auto newestText = single("SELECT max(t) FROM texts");
    if (!oldestChunk && !oldestText)
        return std::nullopt;
    constexpr qint64 Max = std::numeric_limits<qint64>::max();
    constexpr qint64 Min = std::numeric_limits<qint64>::min();
    return std::make_pair(std::min(oldestChunk.value_or(Max), oldestText.value_or(Max)),
                          std::max(newestChunk.value_or(Min), newestText.value_or(Min)));
}

qint64 HistoryStore::usedBytes() const
{
    // From the page counts alone: no scan of the chunks (stats() counts them too).
    return (single("PRAGMA page_count").value_or(0) - single("PRAGMA freelist_count").value_or(0)) *
           single("PRAGMA page_size").value_or(4096);
}

StoreStats HistoryStore::stats() const
{
    StoreStats st;
    if (!m_db)
        return st;
    const qint64 pageSize = single("PRAGMA page_size").value_or(4096);
    const qint64 pages = single("PRAGMA page_count").value_or(0);
    const qint64 freePages = single("PRAGMA freelist_count").value_or(0);
    st.usedBytes = (pages - freePages) * pageSize;
    st.fileBytes = QFileInfo(m_path).size() + QFileInfo(m_path + QStringLiteral("-wal")).size();
    st.channels = single("SELECT count(*) FROM channels").value_or(0);
    st.chunks = single("SELECT count(*) FROM chunks").value_or(0);
    st.samples = single("SELECT total(count) FROM chunks").value_or(0);
    st.texts = single("SELECT count(*) FROM texts").value_or(0);
    const auto oldestChunk = single("SELECT min(t0) FROM chunks");
    const auto oldestText = single("SELECT min(t) FROM texts");
    const auto newestChunk = single("SELECT max(t1) FROM chunks");
    const auto newestText = single("SELECT max(t) FROM texts");
    if (oldestChunk || oldestText) {
        st.oldestT = std::min(oldestChunk.value_or(std::numeric_limits<qint64>::max()),
                              oldestText.value_or(std::numeric_limits<qint64>::max()));
    }
    if (newestChunk || newestText) {
        st.newestT = std::max(newestChunk.value_or(std::numeric_limits<qint64>::min()),
                              newestText.value_or(std::numeric_limits<qint64>::min()));
    }
    return st;
}

QString HistoryStore::pathFor(const QString &dataDir, const QString &dashboardPath)
{
    const QString dir = dataDir + QStringLiteral("/history/");
    if (dashboardPath.isEmpty())
        return dir + QStringLiteral("demo.sqlite");
    const QFileInfo info(dashboardPath);
    const QString canonical =
        info.canonicalFilePath().isEmpty() ? info.absoluteFilePath() : info.canonicalFilePath();
    const QByteArray hash =
        QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex().left(12);
    QString base = info.fileName();
    for (const char *suffix : {".livedash.json", ".json"}) {
        if (base.endsWith(QLatin1String(suffix))) {
            base.chop(qsizetype(qstrlen(suffix)));
            break;
        }
    }
    return dir + base + QLatin1Char('-') + QString::fromLatin1(hash) + QStringLiteral(".sqlite");
}

} // namespace livedash::history
