// Alert rules and alarms: the state machine for every rule kind as a table of sequences and the
// states they must lead to, the engine over real channels and feed states, and the rules as the
// dashboard file holds them.
#include "alarms/alarmengine.h"
#include "alarms/alarmlog.h"
#include "document/dashboard.h"
#include "history/historian.h"
#include "history/historystore.h"
#include "history/importer.h"
#include "ingest/feedstatus.h"
#include "store/channelstore.h"

#include <QBuffer>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace livedash;

Q_DECLARE_METATYPE(livedash::AlertRule)

namespace {

AlertRule rule(AlertCondition condition, const QString &channel = QStringLiteral("f/x"))
{
    AlertRule r;
    r.name = QStringLiteral("r");
    r.channel = channel;
    r.condition = condition;
    return r;
}

/// One step of a sequence: at `t` ms (from 0), `value` arrives (NaN: nothing arrives, time
/// passes), or `text`, or "ack".
struct Step
{
    qint64 t;
    double value;
    QString text;
    bool ack = false;
};

Step at(qint64 t, double v)
{
    return {t, v, {}};
}
Step quiet(qint64 t)
{
    return {t, std::nan(""), {}};
}
Step text(qint64 t, const QString &s)
{
    return {t, std::nan(""), s};
}
Step ack(qint64 t)
{
    return {t, std::nan(""), {}, true};
}

constexpr qint64 Base = 1'700'000'000'000;

} // namespace

Q_DECLARE_METATYPE(QList<Step>)

class TestAlarms : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stateMachine_data();
    void stateMachine();
    void spikeBetweenPassesFires();
    void staleAndPatternWithoutChannels();
    void feedDown();
    void acknowledgeRecordsWhoAndNote();
    void restoreBringsBackUnclearedAlarms();
    void changedRuleClearsItsAlarms();
    void rulesRoundTripThroughTheFile();
    void historyKeptInTheHistorian();
    void historyKeptInAFileWithoutHistorian();
    void recordedAlarmsAreImportedOnce();
    void webhookIsReadFromTheFile();
    void badRulesAreReportedWithTheirPath_data();
    void badRulesAreReportedWithTheirPath();
};

void TestAlarms::stateMachine_data()
{
    QTest::addColumn<AlertRule>("rule");
    QTest::addColumn<QList<Step>>("steps");
    QTest::addColumn<QString>("states"); ///< the state after each step
    QTest::addColumn<QString>("events"); ///< every event, in order

    AlertRule above = rule(AlertCondition::Above);
    above.limit = 10;
    QTest::newRow("above fires and clears")
        << above << QList<Step>{at(0, 5), at(1000, 11), at(2000, 9)} << "normal firing cleared"
        << "fired cleared";
    QTest::newRow("above: equal is not above") << above << QList<Step>{at(0, 10)} << "normal"
                                               << "";

    AlertRule hyst = above;
    hyst.hysteresis = 2;
    QTest::newRow("hysteresis holds near the limit")
        << hyst << QList<Step>{at(0, 11), at(1000, 9), at(2000, 8.5), at(3000, 7.9)}
        << "firing firing firing cleared"
        << "fired cleared";
    QTest::newRow("hysteresis does not delay firing")
        << hyst << QList<Step>{at(0, 9), at(1000, 10.5)} << "normal firing"
        << "fired";

    AlertRule held = above;
    held.forSeconds = 30;
    QTest::newRow("for: pending until it has held 30 s")
        << held << QList<Step>{at(0, 11), at(10000, 12), quiet(29999), quiet(30000), at(31000, 5)}
        << "pending pending pending firing cleared"
        << "fired cleared";
    QTest::newRow("for: a dip restarts the wait")
        << held << QList<Step>{at(0, 11), at(20000, 9), at(25000, 11), quiet(50000), quiet(55000)}
        << "pending normal pending pending firing"
        << "fired";

    AlertRule heldHyst = held;
    heldHyst.hysteresis = 2;
    QTest::newRow("for with hysteresis: pending needs the limit itself")
        << heldHyst << QList<Step>{at(0, 11),    at(10000, 9), quiet(31000), at(32000, 11),
                                   quiet(62000), at(63000, 9), at(64000, 7)}
        << "pending normal normal pending firing firing cleared"
        << "fired cleared";

    AlertRule latch = above;
    latch.latching = true;
    QTest::newRow("latching stays firing until acknowledged")
        << latch << QList<Step>{at(0, 11), at(1000, 5), quiet(60000), ack(61000), at(62000, 5)}
        << "firing firing firing cleared cleared"
        << "fired acknowledged cleared";
    QTest::newRow("latching acknowledged while holding, cleared when it ends")
        << latch << QList<Step>{at(0, 11), ack(1000), at(2000, 12), at(3000, 5)}
        << "firing acknowledged acknowledged cleared"
        << "fired acknowledged cleared";
    QTest::newRow("latched, back above: the same episode")
        << latch << QList<Step>{at(0, 11), at(1000, 5), at(2000, 12)} << "firing firing firing"
        << "fired";
    QTest::newRow("ack of a non-firing alarm does nothing")
        << above << QList<Step>{at(0, 5), ack(1000)} << "normal normal"
        << "";
    QTest::newRow("fires again after clearing")
        << above << QList<Step>{at(0, 11), at(1000, 5), at(2000, 11)} << "firing cleared firing"
        << "fired cleared fired";

    AlertRule below = rule(AlertCondition::Below);
    below.limit = 0;
    QTest::newRow("below") << below << QList<Step>{at(0, 1), at(1000, -1), at(2000, 0)}
                           << "normal firing cleared"
                           << "fired cleared";

    AlertRule outside = rule(AlertCondition::Outside);
    outside.low = 10;
    outside.high = 20;
    outside.hysteresis = 1;
    QTest::newRow("outside, both sides, with hysteresis")
        << outside << QList<Step>{at(0, 15),   at(1000, 21),   at(2000, 19.5), at(3000, 18),
                                  at(4000, 9), at(5000, 10.5), at(6000, 12)}
        << "normal firing firing cleared firing firing cleared"
        << "fired cleared fired cleared";

    AlertRule rate = rule(AlertCondition::RateAbove);
    rate.limit = 5; // per second
    QTest::newRow("rate either way")
        << rate
        << QList<Step>{at(0, 0), at(1000, 4), at(2000, 14), at(3000, 16), at(4000, 0), at(5000, 0)}
        << "normal normal firing cleared firing cleared"
        << "fired cleared fired cleared";

    AlertRule equals = rule(AlertCondition::Equals);
    equals.text = QStringLiteral("down");
    QTest::newRow("equals") << equals
                            << QList<Step>{text(0, QStringLiteral("up")),
                                           text(1000, QStringLiteral("down")),
                                           text(2000, QStringLiteral("downstream")),
                                           text(3000, QStringLiteral("down"))}
                            << "normal firing cleared firing"
                            << "fired cleared fired";

    AlertRule matches = rule(AlertCondition::Matches);
    matches.text = QStringLiteral("^(fail|error)");
    QTest::newRow("matches") << matches
                             << QList<Step>{text(0, QStringLiteral("ok")),
                                            text(1000, QStringLiteral("error: disk")),
                                            text(2000, QStringLiteral("failover")),
                                            text(3000, QStringLiteral("ok"))}
                             << "normal firing firing cleared"
                             << "fired cleared";

    AlertRule stale = rule(AlertCondition::Stale);
    stale.seconds = 10;
    QTest::newRow("stale") << stale
                           << QList<Step>{at(0, 1), quiet(9999), quiet(10000), at(12000, 2),
                                          quiet(15000)}
                           << "normal normal firing cleared cleared"
                           << "fired cleared";
}

void TestAlarms::stateMachine()
{
    QFETCH(AlertRule, rule);
    QFETCH(QList<Step>, steps);
    QFETCH(QString, states);
    QFETCH(QString, events);

    ChannelStore store;
    AlarmEngine engine(&store, nullptr);
    engine.setRules({rule});
    QStringList seenEvents;
    connect(&engine, &AlarmEngine::alarmEvent, this,
            [&](const AlarmEvent &e) { seenEvents.append(AlarmEvent::kindName(e.kind)); });
    const ChannelPtr channel = store.channel(rule.channel);
    QStringList seenStates;
    for (const Step &step : steps) {
        const qint64 now = Base + step.t;
        if (step.ack)
            engine.acknowledge(rule.name, rule.channel, {}, now);
        else if (!step.text.isEmpty())
            channel->appendText(now, step.text);
        else if (!std::isnan(step.value))
            channel->appendNumber(now, step.value);
        engine.evaluate(now);
        const std::optional<Alarm> alarm = engine.alarm(rule.name, rule.channel);
        seenStates.append(alarm ? alarmStateName(alarm->state) : QStringLiteral("none"));
    }
    QCOMPARE(seenStates.join(QLatin1Char(' ')), states);
    QCOMPARE(seenEvents.join(QLatin1Char(' ')), events);
}

void TestAlarms::spikeBetweenPassesFires()
{
    // Three samples between two passes: the middle one crosses the limit.
    ChannelStore store;
    AlarmEngine engine(&store, nullptr);
    AlertRule r = rule(AlertCondition::Above);
    r.limit = 100;
    r.severity = AlertSeverity::Critical;
    engine.setRules({r});
    const ChannelPtr channel = store.channel(r.channel);
    channel->appendNumber(Base, 1);
    engine.evaluate(Base);
    QList<AlarmEvent> events;
    connect(&engine, &AlarmEngine::alarmEvent, this,
            [&](const AlarmEvent &e) { events.append(e); });
    channel->appendNumber(Base + 10, 5);
    channel->appendNumber(Base + 20, 150);
    channel->appendNumber(Base + 30, 5);
    engine.evaluate(Base + 250);
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].kind, AlarmEvent::Kind::Fired);
    QCOMPARE(events[0].value, 150.0);
    QCOMPARE(events[0].severity, AlertSeverity::Critical);
    QCOMPARE(events[0].channel, QStringLiteral("f/x"));
    QCOMPARE(events[0].condition, QStringLiteral("above 100"));
    QCOMPARE(events[1].kind, AlarmEvent::Kind::Cleared);
}

void TestAlarms::staleAndPatternWithoutChannels()
{
    ChannelStore store;
    AlarmEngine engine(&store, nullptr);
    AlertRule r = rule(AlertCondition::Stale, QStringLiteral("scores/*/home"));
    r.seconds = 5;
    engine.setRules({r});
    const qint64 t0 = QDateTime::currentMSecsSinceEpoch();
    engine.evaluate(t0 + 1000);
    QVERIFY(engine.alarms().isEmpty());
    // Nothing ever matched the pattern: the source never sent anything.
    engine.evaluate(t0 + 6000);
    QCOMPARE(engine.alarms().size(), 1);
    QCOMPARE(engine.alarms().first().channel, r.channel);
    QCOMPARE(engine.alarms().first().state, AlarmState::Firing);
    // A channel appears: the pattern's own alarm clears, the channel's is watched.
    store.channel(QStringLiteral("scores/m1/home"))->appendNumber(t0, 1);
    engine.evaluate(t0 + 7000);
    QVERIFY(engine.alarms().isEmpty());
    QCOMPARE(engine.alarm(r.name, r.channel)->state, AlarmState::Cleared);
    engine.evaluate(t0 + 12500);
    QCOMPARE(engine.alarms().size(), 1);
    QCOMPARE(engine.alarms().first().channel, QStringLiteral("scores/m1/home"));
    QCOMPARE(engine.unacknowledged(), 1);
    QCOMPARE(engine.worstUnacknowledged(), AlertSeverity::Warning);
    QCOMPARE(engine.activeSeverity(QStringLiteral("scores/m1/home")), AlertSeverity::Warning);
    QVERIFY(!engine.activeSeverity(QStringLiteral("scores/m2/home")));
}

void TestAlarms::feedDown()
{
    ChannelStore store;
    FeedStatusBoard board;
    const auto stats =
        board.add(QStringLiteral("metrics"), QStringLiteral("Metrics"), QStringLiteral("http"));
    AlarmEngine engine(&store, &board);
    AlertRule r = rule(AlertCondition::FeedDown, QStringLiteral("metrics/**"));
    r.seconds = 10;
    r.severity = AlertSeverity::Critical;
    engine.setRules({r});
    stats->setState(FeedState::Live);
    engine.evaluate(Base);
    QCOMPARE(engine.alarm(r.name, QStringLiteral("metrics"))->state, AlarmState::Normal);
    stats->setRetrying(Base + 5000, 1, QStringLiteral("connection refused"));
    engine.evaluate(Base + 1000);
    engine.evaluate(Base + 10999);
    QCOMPARE(engine.alarm(r.name, QStringLiteral("metrics"))->state, AlarmState::Normal);
    engine.evaluate(Base + 11000);
    const Alarm firing = *engine.alarm(r.name, QStringLiteral("metrics"));
    QCOMPARE(firing.state, AlarmState::Firing);
    QCOMPARE(firing.text, QStringLiteral("connection refused"));
    QCOMPARE(firing.value, 10.0); // down for 10 s
    stats->setState(FeedState::Live);
    engine.evaluate(Base + 12000);
    QCOMPARE(engine.alarm(r.name, QStringLiteral("metrics"))->state, AlarmState::Cleared);
    // Switched off on purpose: not down.
    stats->setState(FeedState::Stopped);
    engine.evaluate(Base + 13000);
    engine.evaluate(Base + 60000);
    QCOMPARE(engine.alarm(r.name, QStringLiteral("metrics"))->state, AlarmState::Cleared);
}

void TestAlarms::acknowledgeRecordsWhoAndNote()
{
    ChannelStore store;
    AlarmEngine engine(&store, nullptr);
    engine.setUserName(QStringLiteral("operator7"));
    AlertRule a = rule(AlertCondition::Above, QStringLiteral("f/*"));
    a.limit = 1;
    a.latching = true;
    engine.setRules({a});
    store.channel(QStringLiteral("f/a"))->appendNumber(Base, 5);
    store.channel(QStringLiteral("f/b"))->appendNumber(Base, 6);
    engine.evaluate(Base);
    QCOMPARE(engine.unacknowledged(), 2);
    QList<AlarmEvent> events;
    connect(&engine, &AlarmEngine::alarmEvent, this,
            [&](const AlarmEvent &e) { events.append(e); });
    QVERIFY(engine.acknowledge(a.name, QStringLiteral("f/a"), QStringLiteral("on it"), Base + 5));
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].kind, AlarmEvent::Kind::Acknowledged);
    QCOMPARE(events[0].user, QStringLiteral("operator7"));
    QCOMPARE(events[0].note, QStringLiteral("on it"));
    QCOMPARE(events[0].t, Base + 5);
    const Alarm acked = *engine.alarm(a.name, QStringLiteral("f/a"));
    QCOMPARE(acked.state, AlarmState::Acknowledged);
    QCOMPARE(acked.ackUser, QStringLiteral("operator7"));
    QCOMPARE(engine.unacknowledged(), 1);
    // The unacknowledged one comes first.
    QCOMPARE(engine.alarms().first().channel, QStringLiteral("f/b"));
    QCOMPARE(engine.acknowledgeAll(QStringLiteral("shift change"), Base + 6), 1);
    QCOMPARE(engine.unacknowledged(), 0);
    QVERIFY(!engine.worstUnacknowledged());
    QVERIFY(!engine.acknowledge(a.name, QStringLiteral("f/b"), {}, Base + 7)); // already done
    QVERIFY(!AlarmEngine::userName().isEmpty());
}

void TestAlarms::restoreBringsBackUnclearedAlarms()
{
    AlertRule latch = rule(AlertCondition::Above, QStringLiteral("f/*"));
    latch.name = QStringLiteral("hot");
    latch.limit = 10;
    latch.latching = true;
    AlertRule plain = latch;
    plain.name = QStringLiteral("warm");
    plain.latching = false;
    // What the last run recorded: hot fired on f/a and f/b (f/b acknowledged), warm fired on f/a,
    // and an older episode of warm on f/c is over.
    const auto event = [](AlarmEvent::Kind kind, qint64 t, const QString &r, const QString &c) {
        AlarmEvent e;
        e.kind = kind;
        e.t = t;
        e.rule = r;
        e.channel = c;
        e.value = 42;
        return e;
    };
    using K = AlarmEvent::Kind;
    const QList<AlarmEvent> history{
        event(K::Fired, Base, QStringLiteral("warm"), QStringLiteral("f/c")),
        event(K::Cleared, Base + 1, QStringLiteral("warm"), QStringLiteral("f/c")),
        event(K::Fired, Base + 2, QStringLiteral("hot"), QStringLiteral("f/a")),
        event(K::Fired, Base + 3, QStringLiteral("hot"), QStringLiteral("f/b")),
        event(K::Acknowledged, Base + 4, QStringLiteral("hot"), QStringLiteral("f/b")),
        event(K::Fired, Base + 5, QStringLiteral("warm"), QStringLiteral("f/a")),
        event(K::Fired, Base + 6, QStringLiteral("gone"), QStringLiteral("f/a")),
    };
    ChannelStore store;
    AlarmEngine engine(&store, nullptr);
    engine.setRules({latch, plain});
    engine.restore(history);
    QCOMPARE(engine.alarms().size(), 3);
    QCOMPARE(engine.alarm(QStringLiteral("hot"), QStringLiteral("f/a"))->state, AlarmState::Firing);
    QCOMPARE(engine.alarm(QStringLiteral("hot"), QStringLiteral("f/a"))->firedAt, Base + 2);
    QCOMPARE(engine.alarm(QStringLiteral("hot"), QStringLiteral("f/b"))->state,
             AlarmState::Acknowledged);
    QVERIFY(!engine.alarm(QStringLiteral("warm"), QStringLiteral("f/c")));
    // The values are fine now: the plain alarm clears, the latched one waits for a person.
    store.channel(QStringLiteral("f/a"))->appendNumber(Base + 100, 1);
    store.channel(QStringLiteral("f/b"))->appendNumber(Base + 100, 1);
    engine.evaluate(Base + 200);
    QCOMPARE(engine.alarm(QStringLiteral("warm"), QStringLiteral("f/a"))->state,
             AlarmState::Cleared);
    QCOMPARE(engine.alarm(QStringLiteral("hot"), QStringLiteral("f/a"))->state, AlarmState::Firing);
    QCOMPARE(engine.alarm(QStringLiteral("hot"), QStringLiteral("f/b"))->state,
             AlarmState::Cleared);
}

void TestAlarms::changedRuleClearsItsAlarms()
{
    ChannelStore store;
    AlarmEngine engine(&store, nullptr);
    AlertRule a = rule(AlertCondition::Above);
    a.limit = 1;
    AlertRule other = rule(AlertCondition::Below);
    other.name = QStringLiteral("other");
    other.limit = 10;
    engine.setRules({a, other});
    store.channel(a.channel)->appendNumber(Base, 5);
    engine.evaluate(Base);
    QCOMPARE(engine.unacknowledged(), 2);
    QList<AlarmEvent> events;
    connect(&engine, &AlarmEngine::alarmEvent, this,
            [&](const AlarmEvent &e) { events.append(e); });
    AlertRule changed = a;
    changed.limit = 2;
    engine.setRules({changed, other});
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].kind, AlarmEvent::Kind::Cleared);
    QCOMPARE(events[0].rule, a.name);
    QVERIFY(events[0].note.contains(QStringLiteral("changed")));
    // The unchanged rule kept its alarm.
    QCOMPARE(engine.alarm(other.name, other.channel)->state, AlarmState::Firing);
    QVERIFY(!engine.alarm(a.name, a.channel));
}

namespace {

AlarmEvent sampleEvent(AlarmEvent::Kind kind, qint64 t, const QString &channel)
{
    AlarmEvent e;
    e.kind = kind;
    e.t = t;
    e.rule = QStringLiteral("CPU hot");
    e.channel = channel;
    e.severity = AlertSeverity::Critical;
    e.condition = QStringLiteral("above 90");
    e.value = 97.5;
    if (kind == AlarmEvent::Kind::Acknowledged) {
        e.user = QStringLiteral("ops");
        e.note = QStringLiteral("restarting the job");
    }
    return e;
}

} // namespace

void TestAlarms::historyKeptInTheHistorian()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.db"));
    // Recent: the store keeps its journal as long as its samples (30 days by default).
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QList<AlarmEvent> events{
        sampleEvent(AlarmEvent::Kind::Fired, now - 30, QStringLiteral("m/cpu")),
        sampleEvent(AlarmEvent::Kind::Acknowledged, now - 20, QStringLiteral("m/cpu")),
        sampleEvent(AlarmEvent::Kind::Fired, now - 10, QStringLiteral("m/cpu2")),
    };
    {
        ChannelStore channels;
        history::Historian historian(&channels);
        QString error;
        QVERIFY2(historian.open(path, &error), qPrintable(error));
        AlarmLog log;
        log.useHistorian(&historian, path);
        for (const AlarmEvent &e : events)
            QVERIFY(log.append(e));
        historian.close(); // the last flush writes the queued entries
    }

    // A new run: what was recorded comes back, in order, and brings the alarms back.
    ChannelStore channels;
    history::Historian historian(&channels);
    QString error;
    QVERIFY(historian.open(path, &error));
    AlarmLog log;
    log.useHistorian(&historian, path);
    QCOMPARE(log.recent(100), events);
    QCOMPARE(log.recent(2), events.mid(1));
    AlarmEngine engine(&channels, nullptr);
    AlertRule r = rule(AlertCondition::Above, QStringLiteral("m/*"));
    r.name = QStringLiteral("CPU hot");
    r.limit = 90;
    engine.setRules({r});
    engine.restore(log.recent(100));
    QCOMPARE(engine.unacknowledged(), 1);
    QCOMPARE(engine.alarm(r.name, QStringLiteral("m/cpu"))->state, AlarmState::Acknowledged);
    QCOMPARE(engine.alarm(r.name, QStringLiteral("m/cpu"))->ackNote,
             QStringLiteral("restarting the job"));
}

void TestAlarms::historyKeptInAFileWithoutHistorian()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("alarms.jsonl"));
    AlarmLog log;
    log.useFile(path);
    QList<AlarmEvent> events;
    for (int i = 0; i < 5; ++i) {
        events.append(
            sampleEvent(AlarmEvent::Kind::Fired, Base + i, QStringLiteral("m/%1").arg(i)));
        QVERIFY(log.append(events.last()));
    }
    // A line cut short by a crash is skipped; the rest is read.
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        file.write("{\"alarm\": \"fired\", \"t\": 17");
    }
    AlarmLog again;
    again.useFile(path);
    QCOMPARE(again.recent(100), events);
    QCOMPARE(again.recent(3), events.mid(2));
    // An unwritable place is reported, with the file named.
    AlarmLog broken;
    broken.useFile(dir.filePath(QStringLiteral("missing/dir/alarms.jsonl")));
    QString error;
    QVERIFY(!broken.append(events.first(), &error));
    QVERIFY2(error.contains(QStringLiteral("missing/dir/alarms.jsonl")), qPrintable(error));
}

void TestAlarms::recordedAlarmsAreImportedOnce()
{
    // A headless recording: samples, and an alarm event among them.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const AlarmEvent fired = sampleEvent(AlarmEvent::Kind::Fired, now, QStringLiteral("m/cpu"));
    QByteArray recording = QStringLiteral("{\"feed\":\"m\",\"channel\":\"m/cpu\",\"t\":%1,"
                                          "\"value\":97.5}\n")
                               .arg(now)
                               .toUtf8();
    recording += QJsonDocument(fired.toJson()).toJson(QJsonDocument::Compact) + '\n';
    recording += "{\"alarm\": \"fired\"}\n"; // no time, no rule: reported, not imported
    QTemporaryDir dir;
    history::HistoryStore store;
    QString error;
    QVERIFY2(store.open(dir.filePath(QStringLiteral("h.db")),
                        history::HistoryStore::Mode::ReadWrite, &error),
             qPrintable(error));
    for (int round = 0; round < 2; ++round) {
        QBuffer buffer(&recording);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        history::ImportReport report;
        QVERIFY2(history::importRecording(store, &buffer, &report, &error), qPrintable(error));
        QCOMPARE(report.samples, round == 0 ? quint64(1) : quint64(0));
        QCOMPARE(report.journal, round == 0 ? quint64(1) : quint64(0)); // the second time: held
        QCOMPARE(report.badLines, quint64(1));
        QCOMPARE(report.firstBadLines.value(0).line, quint64(3));
    }
    const auto journal = store.readJournal(QLatin1String(AlarmLog::JournalKind), 0, 10);
    QCOMPARE(journal.size(), 1);
    QCOMPARE(AlarmEvent::fromJson(QJsonDocument::fromJson(journal[0].second).object()), fired);
}

void TestAlarms::webhookIsReadFromTheFile()
{
    QStringList errors;
    const auto d = Dashboard::fromJson(
        R"({"version": 1, "feeds": [], "panels": [], "alertWebhook": {"url":
            "https://hooks.example.org/x", "headers": {"Authorization": "Bearer ${env:T}"}}})",
        &errors);
    QVERIFY2(d, qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(d->alertWebhook.url, QStringLiteral("https://hooks.example.org/x"));
    QCOMPARE(d->alertWebhook.headers.value(QStringLiteral("Authorization")).toString(),
             QStringLiteral("Bearer ${env:T}"));
    QCOMPARE(Dashboard::fromJson(d->toJson(), &errors)->alertWebhook, d->alertWebhook);
    QVERIFY(!Dashboard::fromJson(
        R"({"version": 1, "feeds": [], "panels": [], "alertWebhook": {"url": "ftp://x/y"}})",
        &errors));
    QVERIFY2(errors.contains(QStringLiteral(
                 "alertWebhook.url: \"ftp://x/y\" is not an http:// or https:// URL")),
             qPrintable(errors.join(QLatin1Char('\n'))));
}

void TestAlarms::rulesRoundTripThroughTheFile()
{
    const QByteArray json = R"({"version": 1, "feeds": [], "panels": [], "alerts": [
        {"name": "CPU hot", "channel": "metrics/cpu", "when": "above", "limit": 90, "for": 30,
         "hysteresis": 2, "severity": "critical", "latch": true},
        {"name": "Quiet", "channel": "scores/**", "when": "stale", "seconds": 30},
        {"name": "Down", "channel": "metrics", "when": "feedDown", "seconds": 10, "severity": "info"},
        {"name": "Band", "channel": "s/t", "when": "outside", "low": -5, "high": 5.5, "enabled": false},
        {"name": "Bad state", "channel": "svc/health", "when": "matches", "text": "fail|down"},
        {"name": "Jump", "channel": "m/p", "when": "rate", "limit": 3}
    ]})";
    QStringList errors;
    const std::optional<Dashboard> d = Dashboard::fromJson(json, &errors);
    QVERIFY2(d, qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(d->alerts.size(), 6);
    const AlertRule &cpu = d->alerts[0];
    QCOMPARE(cpu.condition, AlertCondition::Above);
    QCOMPARE(cpu.limit, 90.0);
    QCOMPARE(cpu.forSeconds, 30);
    QCOMPARE(cpu.hysteresis, 2.0);
    QCOMPARE(cpu.severity, AlertSeverity::Critical);
    QVERIFY(cpu.latching);
    QCOMPARE(d->alerts[1].condition, AlertCondition::Stale);
    QCOMPARE(d->alerts[1].seconds, 30);
    QCOMPARE(d->alerts[2].severity, AlertSeverity::Info);
    QCOMPARE(d->alerts[3].high, 5.5);
    QVERIFY(!d->alerts[3].enabled);
    QCOMPARE(d->alerts[4].text, QStringLiteral("fail|down"));
    QCOMPARE(d->alerts[5].condition, AlertCondition::RateAbove);
    const std::optional<Dashboard> again = Dashboard::fromJson(d->toJson(), &errors);
    QVERIFY(again);
    QCOMPARE(again->alerts, d->alerts);
    // Defaults are not written.
    QVERIFY(!d->toJson().contains("\"for\": 0"));
    QVERIFY(!Dashboard{}.toJson().contains("alerts"));
}

void TestAlarms::badRulesAreReportedWithTheirPath_data()
{
    QTest::addColumn<QByteArray>("alert");
    QTest::addColumn<QString>("error");
    QTest::newRow("no name") << QByteArray(R"({"channel": "a/b", "when": "above", "limit": 1})")
                             << "alerts[0].name: required";
    QTest::newRow("unknown condition")
        << QByteArray(R"({"name": "n", "channel": "a/b", "when": "over", "limit": 1})")
        << "alerts[0].when: unknown condition \"over\" (expected above, below, outside, equals, "
           "matches, stale, feedDown or rate)";
    QTest::newRow("limit missing")
        << QByteArray(R"({"name": "n", "channel": "a/b", "when": "above"})")
        << "alerts[0].limit: required when \"when\" is \"above\"";
    QTest::newRow("empty range")
        << QByteArray(R"({"name": "n", "channel": "a/b", "when": "outside", "low": 5, "high": 5})")
        << "alerts[0].high: must be greater than low (5)";
    QTest::newRow("bad regex")
        << QByteArray(R"({"name": "n", "channel": "a/b", "when": "matches", "text": "(x"})")
        << "alerts[0].text: not a regular expression: missing closing parenthesis at offset 2";
    QTest::newRow("stale without seconds")
        << QByteArray(R"({"name": "n", "channel": "a/b", "when": "stale"})")
        << "alerts[0].seconds: required when \"when\" is \"stale\"";
    QTest::newRow("negative for")
        << QByteArray(R"({"name": "n", "channel": "a/b", "when": "above", "limit": 1, "for": -1})")
        << "alerts[0].for: -1 is out of range [0, 604800]";
    QTest::newRow("bad severity")
        << QByteArray(
               R"({"name": "n", "channel": "a/b", "when": "above", "limit": 1, "severity": "high"})")
        << "alerts[0].severity: unknown severity \"high\" (expected info, warning or critical)";
    QTest::newRow("negative hysteresis")
        << QByteArray(
               R"({"name": "n", "channel": "a/b", "when": "above", "limit": 1, "hysteresis": -1})")
        << "alerts[0].hysteresis: must not be negative";
}

void TestAlarms::badRulesAreReportedWithTheirPath()
{
    QFETCH(QByteArray, alert);
    QFETCH(QString, error);
    QStringList errors;
    const QByteArray json =
        R"({"version": 1, "feeds": [], "panels": [], "alerts": [)" + alert + "]}";
    QVERIFY(!Dashboard::fromJson(json, &errors));
    QVERIFY2(errors.contains(error), qPrintable(errors.join(QLatin1Char('\n'))));
    // Two rules may not share a name: alarms and their history are keyed by it.
    errors.clear();
    const QByteArray twice =
        R"({"version": 1, "feeds": [], "panels": [], "alerts": [
            {"name": "n", "channel": "a/b", "when": "above", "limit": 1},
            {"name": "n", "channel": "a/c", "when": "above", "limit": 1}]})";
    QVERIFY(!Dashboard::fromJson(twice, &errors));
    QVERIFY(
        errors.contains(QStringLiteral("alerts[1].name: \"n\" is the name of an earlier alert")));
}

QTEST_GUILESS_MAIN(TestAlarms)
#include "tst_alarms.moc"
