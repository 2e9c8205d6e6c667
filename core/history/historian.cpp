#include "history/historian.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>

#include <algorithm>
#include <limits>

namespace livedash::history {

namespace {

constexpr qint64 RetentionIntervalMs = 60 * 1000;
constexpr qsizetype PrefillTexts = 200;
/// Unsealed pieces a channel may have before they are rewritten as one: a slow channel writes a
/// piece of a sample or two per flush for up to an hour, and each piece costs a row.
constexpr int MaxPieces = 16;

} // namespace

/// A channel as the writer follows it.
struct Historian::Tracked
{
    ChannelPtr channel;       ///< null until the channel exists (history read back at open)
    qint64 id = -1;           ///< its id in the file, once written
    quint64 seenNumbers = 0;  ///< Channel::totalNumbers() already taken
    quint64 seenTexts = 0;    ///< Channel::totalTexts() already taken
    std::vector<Sample> open; ///< the chunk being filled
    size_t written = 0;       ///< samples of `open` already in the file, unsealed
    int pieces = 0;           ///< unsealed rows holding them
    QList<TextSample> texts;  ///< texts not written yet
};

size_t Historian::chunkEnd(std::span<const Sample> samples, size_t pos, bool *full)
{
    // A chunk is full at SealSamples samples or SealSpanMs of time, whichever comes first.
    size_t end = pos;
    while (end < samples.size() && end - pos < size_t(SealSamples) &&
           samples[end].t - samples[pos].t < SealSpanMs) {
        ++end;
    }
    if (full)
        *full = end - pos == size_t(SealSamples) || end < samples.size();
    return end;
}

Historian::Historian(ChannelStore *channels, QObject *parent)
    : QObject(parent), m_channels(channels)
{
}

Historian::~Historian()
{
    close();
}

bool Historian::open(const QString &path, QString *error)
{
    close();
    std::lock_guard lock(m_mutex);
    Status status;
    QString why;
    if (!m_store.open(path, HistoryStore::Mode::ReadWrite, &why)) {
        if (!m_store.openFailedAsDamaged()) {
            if (error)
                *error = why;
            return false;
        }
        // Keep the damaged file for whoever wants to dig in it; history starts anew.
        const QString aside =
            path + QStringLiteral(".damaged-") +
            QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::rename(path + suffix, aside + suffix);
        status.movedAside = aside;
        status.message =
            tr("%1 could not be read (%2). It was renamed to %3, and history starts anew.")
                .arg(QDir::toNativeSeparators(path), why, QDir::toNativeSeparators(aside));
        if (!m_store.open(path, HistoryStore::Mode::ReadWrite, &why)) {
            if (error)
                *error = why;
            return false;
        }
    }
    m_path = path;
    m_tracked.clear();
    // What a crash left unsealed is the start of each channel's chunk.
    const QHash<QString, std::vector<Sample>> unsealed = m_store.unsealedSamples();
    for (auto it = unsealed.constBegin(); it != unsealed.constEnd(); ++it) {
        auto tracked = std::make_shared<Tracked>();
        tracked->open = it.value();
        tracked->written = tracked->open.size();
        tracked->pieces = MaxPieces; // however many there were: made one at the next write
        m_tracked.insert(it.key(), tracked);
    }
    // Channels that already hold samples (another dashboard's, or this one's before a switch)
    // are written from now on only.
    for (const QString &name : m_channels->names()) {
        const ChannelPtr channel = m_channels->find(name);
        if (!channel)
            continue;
        auto &tracked = m_tracked[name];
        if (!tracked)
            tracked = std::make_shared<Tracked>();
        tracked->channel = channel;
        tracked->seenNumbers = channel->totalNumbers();
        tracked->seenTexts = channel->totalTexts();
    }
    qint64 removed = 0;
    m_store.enforceRetention(m_retention, QDateTime::currentMSecsSinceEpoch(), &removed, nullptr);
    m_lastRetentionMs = QDateTime::currentMSecsSinceEpoch();
    status.state = State::Writing;
    status.damage = m_store.damage();
    {
        std::lock_guard statusLock(m_statusMutex);
        m_status = status;
    }
    m_stop = false;
    m_writer = std::thread([this] { writerLoop(); });
    QMetaObject::invokeMethod(this, &Historian::statusChanged, Qt::QueuedConnection);
    return true;
}

void Historian::close()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_writer.joinable())
            return;
        m_stop = true;
    }
    m_wake.notify_all();
    m_writer.join();
    std::lock_guard lock(m_mutex);
    m_store.close();
    m_tracked.clear();
    {
        std::lock_guard journalLock(m_journalMutex);
        m_journal.clear(); // not for the next file: what the disk refused until now is lost
    }
    std::lock_guard statusLock(m_statusMutex);
    m_status.state = State::Closed;
}

bool Historian::isOpen() const
{
    std::lock_guard lock(m_mutex);
    return m_writer.joinable();
}

QString Historian::path() const
{
    std::lock_guard lock(m_mutex);
    return m_path;
}

qint64 Historian::prefill(const QStringList &feedIds, qint64 windowMs, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    if (!m_store.isOpen())
        return 0;
    const QSet<QString> feeds(feedIds.cbegin(), feedIds.cend());
    qint64 loaded = 0;
    std::vector<Sample> samples;
    for (const QString &name : m_store.channels()) {
        if (!feeds.contains(ChannelStore::feedIdOf(name)))
            continue;
        const ChannelPtr channel = m_channels->channel(name);
        if (!channel || channel->totalNumbers() > 0 || channel->totalTexts() > 0)
            continue;
        samples.clear();
        // Up to the newest stored sample, even if the clock went back since.
        m_store.readSamples(name, nowMs - windowMs, std::numeric_limits<qint64>::max(), &samples);
        const size_t keep = std::min(samples.size(), size_t(channel->numberCapacity()));
        for (size_t i = samples.size() - keep; i < samples.size(); ++i)
            channel->appendNumber(samples[i].t, samples[i].v);
        loaded += qint64(keep);
        const QList<TextSample> texts =
            m_store.readTexts(name, std::numeric_limits<qint64>::min(),
                              std::numeric_limits<qint64>::max(), PrefillTexts);
        for (const TextSample &text : texts)
            channel->appendText(text.t, text.text);
        auto &tracked = m_tracked[name];
        if (!tracked)
            tracked = std::make_shared<Tracked>();
        tracked->channel = channel;
        tracked->seenNumbers = channel->totalNumbers();
        tracked->seenTexts = channel->totalTexts();
    }
    const QStringList damage = m_store.damage();
    std::lock_guard statusLock(m_statusMutex);
    if (damage != m_status.damage) {
        m_status.damage = damage;
        QMetaObject::invokeMethod(this, &Historian::statusChanged, Qt::QueuedConnection);
    }
    return loaded;
}

void Historian::setExcludedFeeds(const QSet<QString> &feedIds)
{
    std::lock_guard lock(m_mutex);
    m_excluded = feedIds;
}

void Historian::setRetention(const Retention &retention)
{
    std::lock_guard lock(m_mutex);
    m_retention = retention;
    m_lastRetentionMs = 0; // applied at the next flush
}

Retention Historian::retention() const
{
    std::lock_guard lock(m_mutex);
    return m_retention;
}

void Historian::setFlushInterval(int ms)
{
    {
        std::lock_guard lock(m_mutex);
        m_flushIntervalMs = std::max(10, ms);
    }
    m_wake.notify_all();
}

void Historian::setEncoding(ChunkEncoding encoding)
{
    std::lock_guard lock(m_mutex);
    m_encoding = encoding;
}

void Historian::flush()
{
    std::unique_lock lock(m_mutex);
    if (!m_writer.joinable())
        return;
    const quint64 target = m_flushesDone + 1;
    m_flushWanted = true;
    m_wake.notify_all();
    m_wake.wait(lock, [&] { return m_flushesDone >= target || m_stop; });
}

Historian::Status Historian::status() const
{
    std::lock_guard lock(m_statusMutex);
    return m_status;
}

void Historian::setState(State state, const QString &message)
{
    std::lock_guard lock(m_statusMutex);
    if (m_status.state == state && m_status.message == message)
        return;
    m_status.state = state;
    m_status.message = message;
    QMetaObject::invokeMethod(this, &Historian::statusChanged, Qt::QueuedConnection);
}

void Historian::writerLoop()
{
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        m_wake.wait_for(lock, std::chrono::milliseconds(m_flushIntervalMs),
                        [this] { return m_stop || m_flushWanted; });
        if (m_stop)
            break;
        m_flushWanted = false;
        writeOnce(false);
        ++m_flushesDone;
        m_wake.notify_all();
    }
    writeOnce(true);
    // Sealing freed the unsealed pieces' pages: give them back, so the file closes at its size.
    m_store.releaseFreePages();
    ++m_flushesDone;
    m_wake.notify_all();
}

void Historian::appendJournal(qint64 t, const QString &kind, const QByteArray &body)
{
    // Bounded while the disk is full: the oldest entries give way.
    constexpr qsizetype MaxQueued = 10000;
    std::lock_guard journalLock(m_journalMutex);
    if (m_journal.size() >= MaxQueued)
        m_journal.removeFirst();
    m_journal.append({t, kind, body});
}

void Historian::writeOnce(bool sealAll)
{
    const State state = status().state;
    const bool paused = state == State::Paused || state == State::Failed;
    // Follow channels made since the last look; seal those that went (their feed was removed).
    const QStringList names = m_channels->names();
    QSet<QString> present;
    for (const QString &name : names) {
        present.insert(name);
        auto &tracked = m_tracked[name];
        if (!tracked)
            tracked = std::make_shared<Tracked>();
        if (!tracked->channel)
            tracked->channel = m_channels->find(name);
    }
    quint64 lost = 0;
    if (!paused) {
        // While the disk is full nothing more is taken: the channels keep the newest samples,
        // and what they dropped meanwhile is counted when writing resumes.
        for (auto it = m_tracked.begin(); it != m_tracked.end(); ++it) {
            Tracked &t = *it.value();
            if (!t.channel || !present.contains(it.key()))
                continue;
            if (m_excluded.contains(ChannelStore::feedIdOf(it.key()))) {
                t.seenNumbers = t.channel->totalNumbers();
                t.seenTexts = t.channel->totalTexts();
                continue;
            }
            quint64 taken = 0;
            bool overrun = false;
            const quint64 total = t.channel->forEachNumberSince(
                t.seenNumbers,
                [&](const Sample &s) {
                    t.open.push_back(s);
                    ++taken;
                },
                &overrun);
            if (total >= t.seenNumbers + taken)
                lost += total - t.seenNumbers - taken;
            t.seenNumbers = total;
            quint64 textTotal = t.seenTexts;
            const QList<TextSample> texts = t.channel->textsSince(t.seenTexts, &textTotal);
            t.texts += texts;
            t.seenTexts = textTotal;
        }
    }

    struct Done
    {
        Tracked *tracked;
        qint64 id;
        size_t drop;    ///< samples sealed off the front of `open`
        size_t written; ///< samples of what is left that are in the file
        qsizetype texts;
        int pieces; ///< unsealed rows holding them
    };
    std::vector<Done> done;
    QStringList gone;
    quint64 stored = 0;
    QString why;
    WriteFailure failure = WriteFailure::None;
    QList<JournalEntry> journal;
    if (!paused) {
        std::lock_guard journalLock(m_journalMutex);
        journal.swap(m_journal);
    }
    bool ok = m_store.begin(&why);
    for (const JournalEntry &entry : std::as_const(journal)) {
        if (!ok)
            break;
        ok = m_store.writeJournal(entry.t, entry.kind, entry.body, &why, &failure);
    }
    for (auto it = m_tracked.begin(); ok && it != m_tracked.end(); ++it) {
        Tracked &t = *it.value();
        const bool leaving = t.channel && !present.contains(it.key());
        if (leaving)
            gone.append(it.key());
        const bool seal = sealAll || leaving;
        if (t.open.size() == t.written && t.texts.isEmpty() && !(seal && !t.open.empty()))
            continue;
        qint64 id = t.id;
        if (id < 0 && (id = m_store.channelId(it.key(), &why, &failure)) < 0) {
            ok = false;
            break;
        }
        Done d{&t, id, 0, t.written, 0, t.pieces};
        const std::span<const Sample> all(t.open);
        bool full = false;
        const size_t firstEnd = chunkEnd(all, 0, &full);
        if (!all.empty() && (full || seal)) {
            ok = m_store.deleteUnsealed(id, &why, &failure);
            size_t pos = 0;
            for (size_t end = firstEnd; ok && pos < all.size() && (full || seal);
                 end = chunkEnd(all, pos, &full)) {
                ok = m_store.writeChunk(id, all.subspan(pos, end - pos), true, m_encoding, &why,
                                        &failure) >= 0;
                pos = end;
            }
            if (ok && pos < all.size()) {
                ok = m_store.writeChunk(id, all.subspan(pos), false, m_encoding, &why, &failure) >=
                     0;
            }
            d.drop = pos;
            d.written = all.size() - pos;
            stored += all.size() - t.written;
            d.pieces = pos < all.size() ? 1 : 0;
        } else if (t.open.size() > t.written && t.pieces + 1 >= MaxPieces) {
            // The pieces so far and the new samples, as one row.
            ok = m_store.deleteUnsealed(id, &why, &failure) &&
                 m_store.writeChunk(id, all, false, m_encoding, &why, &failure) >= 0;
            d.written = t.open.size();
            d.pieces = 1;
            stored += t.open.size() - t.written;
        } else if (t.open.size() > t.written) {
            ok = m_store.writeChunk(id, all.subspan(t.written), false, m_encoding, &why,
                                    &failure) >= 0;
            d.written = t.open.size();
            d.pieces = t.pieces + 1;
            stored += t.open.size() - t.written;
        }
        for (const TextSample &text : std::as_const(t.texts)) {
            if (!ok)
                break;
            ok = m_store.writeText(id, text.t, text.text, &why, &failure);
        }
        d.texts = t.texts.size();
        stored += quint64(d.texts);
        done.push_back(d);
    }
    if (ok)
        ok = m_store.commit(&why, &failure);
    else
        m_store.rollback();

    {
        std::lock_guard statusLock(m_statusMutex);
        m_status.lost += lost;
        if (ok)
            m_status.stored += stored;
    }
    if (!ok && !journal.isEmpty()) {
        std::lock_guard journalLock(m_journalMutex);
        m_journal = journal + m_journal;
    }
    if (!ok) {
        // Nothing advanced: the same samples are tried again at the next flush.
        for (auto &entry : m_tracked)
            entry->id = -1; // ids made in the rolled-back transaction are gone
        if (failure == WriteFailure::DiskFull) {
            const QStorageInfo volume(QFileInfo(m_path).absolutePath());
            setState(State::Paused,
                     tr("History paused: the disk holding %1 is full (%2 MB free). Live data "
                        "is unaffected; writing resumes when there is space.")
                         .arg(QDir::toNativeSeparators(m_path))
                         .arg(volume.bytesAvailable() / (1024 * 1024)));
        } else {
            setState(State::Failed, tr("History not written: %1 (%2). Trying again.")
                                        .arg(why, QDir::toNativeSeparators(m_path)));
        }
        return;
    }
    for (const Done &d : done) {
        d.tracked->id = d.id;
        d.tracked->open.erase(d.tracked->open.begin(), d.tracked->open.begin() + qsizetype(d.drop));
        d.tracked->written = d.written;
        d.tracked->pieces = d.pieces;
        d.tracked->texts.remove(0, d.texts);
    }
    for (const QString &name : std::as_const(gone))
        m_tracked.remove(name);
    setState(State::Writing, QString());

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastRetentionMs >= RetentionIntervalMs) {
        m_lastRetentionMs = now;
        qint64 removed = 0;
        m_store.enforceRetention(m_retention, now, &removed, nullptr);
    }
}

} // namespace livedash::history
