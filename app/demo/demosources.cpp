#include "demosources.h"

#include "localhttpserver.h"
#include "secrets/variables.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

Q_LOGGING_CATEGORY(lcDemoSources, "livedash.demo")

namespace livedash {

namespace internal {

namespace {

constexpr int MatchTickMs = 250;  // stats cadence; the clock message goes once a second
constexpr double SimSpeed = 30.0; // simulated seconds per real second: a minute every 2 s
constexpr int HalfTimeBreakMs = 4000;
constexpr int FullTimeBreakMs = 8000;
constexpr int RecentMatchEvents = 12; // replayed to a new WebSocket client
constexpr int MetricsStepMs = 200;    // values (and the ETag) change at most this often
constexpr int OpsTickMs = 100;
constexpr int QueueEventMs = 500;
constexpr int KeepAliveMs = 10000;
constexpr int SseBacklog = 256;    // events kept for Last-Event-ID resumption
constexpr int SseFreshReplay = 10; // recent non-queue events a brand-new stream starts with
constexpr qint64 MaxQueuedBytes = 4 * 1024 * 1024; // a client this far behind is dropped

double round1(double x)
{
    return std::round(x * 10.0) / 10.0;
}

double round2(double x)
{
    return std::round(x * 100.0) / 100.0;
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// Random numbers for the simulations (one generator per model, so each is reproducible).
class Dice
{
public:
    explicit Dice(quint32 seed) : m_gen(seed) {}

    double uniform(double lo = 0.0, double hi = 1.0)
    {
        return std::uniform_real_distribution<double>(lo, hi)(m_gen);
    }
    /// A whole number in [lo, hi].
    int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(m_gen); }
    double normal() { return m_normal(m_gen); }
    bool chance(double p) { return uniform() < p; }
    template<typename T, std::size_t N>
    const T &pick(const T (&items)[N])
    {
        return items[between(0, int(N) - 1)];
    }

private:
    std::mt19937 m_gen;
    std::normal_distribution<double> m_normal{0.0, 1.0};
};

/// One step of a mean-reverting random walk (Ornstein-Uhlenbeck): smooth, never runs away.
double meanRevert(double x, double dtSec, double tauSec, double sigma, Dice &dice)
{
    return x - x * dtSec / tauSec + sigma * std::sqrt(dtSec) * dice.normal();
}

// ---------------------------------------------------------------------------------------------
// Football

struct Team
{
    const char *name;
    double strength;
};

constexpr Team Teams[] = {
    {"Arsenal", 1.25},          {"Aston Villa", 1.05},
    {"Bournemouth", 0.85},      {"Brentford", 0.95},
    {"Brighton", 1.05},         {"Chelsea", 1.10},
    {"Crystal Palace", 0.90},   {"Everton", 0.85},
    {"Fulham", 0.95},           {"Leeds United", 0.85},
    {"Leicester City", 0.90},   {"Liverpool", 1.25},
    {"Manchester City", 1.35},  {"Manchester United", 1.10},
    {"Newcastle United", 1.15}, {"Nottingham Forest", 0.85},
    {"Southampton", 0.80},      {"Tottenham Hotspur", 1.10},
    {"West Ham United", 0.95},  {"Wolves", 0.90},
};
constexpr int TeamCount = int(std::size(Teams));

// Squads are drawn from one pool of surnames: with a prime pool size, a team's eleven names are
// distinct and no two teams share a whole squad.
constexpr const char *Surnames[] = {
    "Walsh",    "Okafor",  "Silva",    "Moreno",   "Novak",     "Andersen", "Diallo",   "Costa",
    "Reyes",    "Fischer", "Mensah",   "Barker",   "Lindqvist", "Duarte",   "Hughes",   "Ferreira",
    "Doyle",    "Sato",    "Ivanov",   "Petit",    "Brennan",   "Osei",     "Larsen",   "Tavares",
    "Kovac",    "Murphy",  "Adeyemi",  "Romero",   "Becker",    "Nilsson",  "Keane",    "Santos",
    "Grant",    "Varga",   "Aydin",    "Cole",     "Marsh",     "Dumont",   "Halloran", "Quinn",
    "Bakker",   "Okoro",   "Laine",    "Ward",     "Jensen",    "Mbeki",    "Rossi",    "Fofana",
    "Carvalho", "Holt",    "Nakamura", "Sterling", "Vidal",     "Baptiste", "Kerr",     "Lozano",
    "Whitaker", "Ahmed",   "Dalton",   "Schultz",  "Pereira",
};
constexpr int SurnameCount = int(std::size(Surnames));
static_assert(SurnameCount == 61, "the pool size must stay prime");

QString player(int team, int shirt)
{
    return QString::fromLatin1(Surnames[(team * 13 + shirt * 7) % SurnameCount]);
}

QString teamName(int team)
{
    return QString::fromLatin1(Teams[team].name);
}

enum class Phase { FirstHalf, HalfTime, SecondHalf, FullTime };

struct Match
{
    QString id;
    int team[2] = {0, 1};
    int goals[2] = {0, 0};
    int shots[2] = {0, 0};
    int onTarget[2] = {0, 0};
    int corners[2] = {0, 0};
    int yellows[2] = {0, 0};
    int reds[2] = {0, 0};
    double xg[2] = {0.0, 0.0};
    double possession = 50.0; ///< home share, percent
    double clockSec = 0.0;    ///< match clock: from 0 in the first half, from 45:00 in the second
    Phase phase = Phase::FirstHalf;
    int stoppage = -1; ///< minutes added to the current half, -1 until announced
    qint64 breakUntilMs = 0;
    qint64 lastClockMs = 0;
    QString lastEvent;
};

int regularEnd(const Match &m)
{
    return m.phase == Phase::FirstHalf ? 45 : 90;
}

QString clockLabel(const Match &m)
{
    if (m.phase == Phase::HalfTime)
        return QStringLiteral("HT");
    if (m.phase == Phase::FullTime)
        return QStringLiteral("FT");
    const int minute = int(m.clockSec / 60.0) + 1; // the first minute of a match is 1'
    const int end = regularEnd(m);
    if (minute > end)
        return QStringLiteral("%1+%2'").arg(end).arg(minute - end);
    return QStringLiteral("%1'").arg(minute);
}

int minuteNumber(const Match &m)
{
    if (m.phase == Phase::HalfTime)
        return 45;
    if (m.phase == Phase::FullTime)
        return 90;
    return int(m.clockSec / 60.0) + 1;
}

QString periodName(Phase p)
{
    switch (p) {
    case Phase::FirstHalf:
        return QStringLiteral("1H");
    case Phase::HalfTime:
        return QStringLiteral("HT");
    case Phase::SecondHalf:
        return QStringLiteral("2H");
    case Phase::FullTime:
        return QStringLiteral("FT");
    }
    return {};
}

QString scoreLine(const Match &m)
{
    return QStringLiteral("%1 %2-%3 %4")
        .arg(teamName(m.team[0]))
        .arg(m.goals[0])
        .arg(m.goals[1])
        .arg(teamName(m.team[1]));
}

} // namespace

/// Three concurrent matches of a simulated football day. Produces the WebSocket messages
/// (JSON, without `seq`: that is per connection).
class MatchDay
{
public:
    explicit MatchDay(quint32 seed) : m_dice(seed) {}

    /// Sets up three fixtures at different stages, as if the day had been running a while.
    void begin(qint64 nowMs)
    {
        m_matches.clear();
        m_recent.clear();
        const int startMinutes[] = {m_dice.between(5, 12), m_dice.between(33, 40),
                                    m_dice.between(80, 86)};
        for (int i = 0; i < 3; ++i) {
            Match m;
            m.id = QStringLiteral("m%1").arg(i + 1);
            m_matches.append(m);
            QList<QJsonObject> out;
            // Play the fixture from kick-off on a virtual clock, then shift it to end now.
            qint64 t = 0;
            newFixture(m_matches[i], t, &out);
            while (m_matches[i].phase == Phase::HalfTime ||
                   minuteNumber(m_matches[i]) < startMinutes[i]) {
                t += MatchTickMs;
                step(m_matches[i], t, MatchTickMs / 1000.0, &out);
            }
            const qint64 shift = nowMs - t;
            m_matches[i].lastClockMs = nowMs;
            for (QJsonObject &o : out) {
                if (o.value(QStringLiteral("type")).toString() != QLatin1String("event"))
                    continue;
                o.insert(QStringLiteral("ts"),
                         qint64(o.value(QStringLiteral("ts")).toDouble()) + shift);
                m_recent.append(o);
            }
        }
        std::stable_sort(m_recent.begin(), m_recent.end(),
                         [](const QJsonObject &a, const QJsonObject &b) {
                             return a.value(QStringLiteral("ts")).toDouble() <
                                    b.value(QStringLiteral("ts")).toDouble();
                         });
        while (m_recent.size() > RecentMatchEvents)
            m_recent.removeFirst();
        m_lastMs = nowMs;
    }

    /// Advances every match by the real time since the last call; returns the messages.
    QList<QByteArray> advance(qint64 nowMs)
    {
        const double dt = std::clamp((nowMs - m_lastMs) / 1000.0, 0.0, 1.0);
        m_lastMs = nowMs;
        QList<QJsonObject> out;
        for (Match &m : m_matches) {
            step(m, nowMs, dt, &out);
            out.append(statsMessage(m, nowMs));
            if (nowMs - m.lastClockMs >= 1000) {
                m.lastClockMs = nowMs;
                out.append(clockMessage(m, nowMs));
            }
        }
        QList<QByteArray> bytes;
        bytes.reserve(out.size());
        for (const QJsonObject &o : std::as_const(out)) {
            if (o.value(QStringLiteral("type")).toString() == QLatin1String("event")) {
                m_recent.append(o);
                if (m_recent.size() > RecentMatchEvents)
                    m_recent.removeFirst();
            }
            bytes.append(compact(o));
        }
        return bytes;
    }

    /// What a new client gets at once: the recent events, then a score message per match.
    QList<QByteArray> snapshot(qint64 nowMs) const
    {
        QList<QByteArray> bytes;
        for (const QJsonObject &o : m_recent)
            bytes.append(compact(o));
        for (const Match &m : m_matches)
            bytes.append(compact(scoreMessage(m, nowMs)));
        return bytes;
    }

private:
    QJsonObject base(const Match &m, const char *type, qint64 nowMs) const
    {
        return QJsonObject{{QStringLiteral("type"), QLatin1String(type)},
                           {QStringLiteral("match"), m.id},
                           {QStringLiteral("minute"), minuteNumber(m)},
                           {QStringLiteral("ts"), nowMs}};
    }

    QJsonObject scoreMessage(const Match &m, qint64 nowMs) const
    {
        QJsonObject o = base(m, "score", nowMs);
        o.insert(QStringLiteral("home"), teamName(m.team[0]));
        o.insert(QStringLiteral("away"), teamName(m.team[1]));
        o.insert(QStringLiteral("homeGoals"), m.goals[0]);
        o.insert(QStringLiteral("awayGoals"), m.goals[1]);
        o.insert(QStringLiteral("clock"), clockLabel(m));
        o.insert(QStringLiteral("period"), periodName(m.phase));
        o.insert(QStringLiteral("lastEvent"), m.lastEvent);
        return o;
    }

    QJsonObject clockMessage(const Match &m, qint64 nowMs) const
    {
        QJsonObject o = base(m, "clock", nowMs);
        o.insert(QStringLiteral("clock"), clockLabel(m));
        o.insert(QStringLiteral("period"), periodName(m.phase));
        return o;
    }

    QJsonObject statsMessage(const Match &m, qint64 nowMs) const
    {
        QJsonObject o = base(m, "stats", nowMs);
        o.insert(QStringLiteral("possessionHome"), round1(m.possession));
        o.insert(QStringLiteral("possessionAway"), round1(100.0 - m.possession));
        o.insert(QStringLiteral("xgHome"), round2(m.xg[0]));
        o.insert(QStringLiteral("xgAway"), round2(m.xg[1]));
        o.insert(QStringLiteral("shotsHome"), m.shots[0]);
        o.insert(QStringLiteral("shotsAway"), m.shots[1]);
        o.insert(QStringLiteral("onTargetHome"), m.onTarget[0]);
        o.insert(QStringLiteral("onTargetAway"), m.onTarget[1]);
        o.insert(QStringLiteral("cornersHome"), m.corners[0]);
        o.insert(QStringLiteral("cornersAway"), m.corners[1]);
        o.insert(QStringLiteral("yellowsHome"), m.yellows[0]);
        o.insert(QStringLiteral("yellowsAway"), m.yellows[1]);
        o.insert(QStringLiteral("redsHome"), m.reds[0]);
        o.insert(QStringLiteral("redsAway"), m.reds[1]);
        return o;
    }

    void event(Match &m, qint64 nowMs, const char *kind, int side, const QString &who,
               const QString &text, QList<QJsonObject> *out)
    {
        m.lastEvent = text;
        QJsonObject o = base(m, "event", nowMs);
        o.insert(QStringLiteral("kind"), QLatin1String(kind));
        if (side >= 0)
            o.insert(QStringLiteral("team"), teamName(m.team[side]));
        if (!who.isEmpty())
            o.insert(QStringLiteral("player"), who);
        o.insert(QStringLiteral("text"), text);
        out->append(o);
    }

    void newFixture(Match &m, qint64 nowMs, QList<QJsonObject> *out)
    {
        QList<int> free;
        for (int t = 0; t < TeamCount; ++t) {
            bool busy = t == m.team[0] || t == m.team[1];
            for (const Match &other : std::as_const(m_matches))
                if (other.id != m.id && (other.team[0] == t || other.team[1] == t))
                    busy = true;
            if (!busy)
                free.append(t);
        }
        const int home = free.takeAt(m_dice.between(0, int(free.size()) - 1));
        const int away = free.takeAt(m_dice.between(0, int(free.size()) - 1));
        const QString id = m.id;
        m = Match();
        m.id = id;
        m.team[0] = home;
        m.team[1] = away;
        m.possession = 50.0 + m_dice.normal() * 3.0;
        m.lastClockMs = nowMs;
        event(m, nowMs, "period", -1, {},
              QStringLiteral("1' Kick-off %1 v %2").arg(teamName(home), teamName(away)), out);
        out->append(scoreMessage(m, nowMs));
    }

    void endHalf(Match &m, qint64 nowMs, QList<QJsonObject> *out)
    {
        m.clockSec = (regularEnd(m) + m.stoppage) * 60.0 - 1.0;
        const QString at = clockLabel(m);
        const bool fullTime = m.phase == Phase::SecondHalf;
        m.phase = fullTime ? Phase::FullTime : Phase::HalfTime;
        m.breakUntilMs = nowMs + (fullTime ? FullTimeBreakMs : HalfTimeBreakMs);
        event(m, nowMs, "period", -1, {},
              QStringLiteral("%1 %2 %3")
                  .arg(at, fullTime ? QStringLiteral("Full-time") : QStringLiteral("Half-time"),
                       scoreLine(m)),
              out);
        out->append(scoreMessage(m, nowMs));
    }

    void shot(Match &m, int side, qint64 nowMs, QList<QJsonObject> *out)
    {
        const QString team = teamName(m.team[side]);
        // Forwards and attacking midfielders (shirts 6-10) take most of the shots.
        const int shirt = m_dice.chance(0.75) ? m_dice.between(6, 10) : m_dice.between(2, 5);
        const QString who = player(m.team[side], shirt);
        const double xg = std::clamp(0.03 - std::log(1.0 - m_dice.uniform()) * 0.09, 0.02, 0.78);
        ++m.shots[side];
        m.xg[side] += xg;
        const QString at = clockLabel(m);
        const double outcome = m_dice.uniform();
        if (outcome < xg) {
            ++m.goals[side];
            ++m.onTarget[side];
            event(m, nowMs, "goal", side, who,
                  QStringLiteral("%1 GOAL %2 %3 %4 (%5-%6)")
                      .arg(at, team, QChar(0x2014), who)
                      .arg(m.goals[0])
                      .arg(m.goals[1]),
                  out);
            out->append(scoreMessage(m, nowMs));
            return;
        }
        QString what;
        if (outcome < xg + (1.0 - xg) * 0.4) {
            ++m.onTarget[side];
            what = QStringLiteral("Shot saved");
        } else if (outcome < xg + (1.0 - xg) * 0.75) {
            what = QStringLiteral("Shot wide");
        } else {
            what = QStringLiteral("Shot blocked");
        }
        event(m, nowMs, "shot", side, who,
              QStringLiteral("%1 %2 %3 %4 %5 (xG %6)")
                  .arg(at, what, team, QChar(0x2014), who, QString::number(xg, 'f', 2)),
              out);
    }

    void step(Match &m, qint64 nowMs, double dtSec, QList<QJsonObject> *out)
    {
        if (m.phase == Phase::FullTime) {
            if (nowMs >= m.breakUntilMs)
                newFixture(m, nowMs, out);
            return;
        }
        if (m.phase == Phase::HalfTime) {
            if (nowMs >= m.breakUntilMs) {
                m.phase = Phase::SecondHalf;
                m.clockSec = 45 * 60.0;
                m.stoppage = -1;
                event(m, nowMs, "period", -1, {},
                      QStringLiteral("46' Second half under way, %1").arg(scoreLine(m)), out);
                out->append(scoreMessage(m, nowMs));
            }
            return;
        }
        const double simDt = dtSec * SimSpeed;
        m.clockSec += simDt;
        const int end = regularEnd(m);
        if (m.stoppage < 0 && m.clockSec >= (end - 1) * 60.0) {
            m.stoppage = m.phase == Phase::FirstHalf ? m_dice.between(1, 4) : m_dice.between(2, 6);
            event(m, nowMs, "info", -1, {},
                  QStringLiteral("%1 Added time: %2 minutes").arg(clockLabel(m)).arg(m.stoppage),
                  out);
        }
        if (m.stoppage >= 0 && m.clockSec >= (end + m.stoppage) * 60.0) {
            endHalf(m, nowMs, out);
            return;
        }

        // Possession drifts around a level set by the teams' strengths.
        const double sh = Teams[m.team[0]].strength, sa = Teams[m.team[1]].strength;
        const double target = 50.0 + 30.0 * (sh - sa) / (sh + sa);
        const double k = dtSec / (MatchTickMs / 1000.0);
        m.possession += (target - m.possession) * 0.05 * k + m_dice.normal() * 1.4 * std::sqrt(k);
        m.possession = std::clamp(m.possession, 25.0, 75.0);

        const double dtMin = simDt / 60.0;
        for (int side = 0; side < 2; ++side) {
            const double share = side == 0 ? m.possession / 100.0 : 1.0 - m.possession / 100.0;
            const double ratio = Teams[m.team[side]].strength / Teams[m.team[1 - side]].strength;
            double attack = std::pow(ratio, 0.7) * share / 0.5;
            if (m.reds[side] > m.reds[1 - side])
                attack *= 0.75;
            const QString team = teamName(m.team[side]);
            if (m_dice.chance(12.5 / 90.0 * attack * dtMin))
                shot(m, side, nowMs, out);
            if (m_dice.chance(5.0 / 90.0 * attack * dtMin)) {
                ++m.corners[side];
                event(m, nowMs, "corner", side, {},
                      QStringLiteral("%1 Corner %2").arg(clockLabel(m), team), out);
            }
            if (m_dice.chance(1.9 / 90.0 * dtMin)) {
                ++m.yellows[side];
                const QString who = player(m.team[side], m_dice.between(2, 9));
                event(m, nowMs, "yellow", side, who,
                      QStringLiteral("%1 Yellow card %2 %3 %4")
                          .arg(clockLabel(m), team, QChar(0x2014), who),
                      out);
            }
            if (m_dice.chance(0.08 / 90.0 * dtMin)) {
                ++m.reds[side];
                const QString who = player(m.team[side], m_dice.between(2, 9));
                event(m, nowMs, "red", side, who,
                      QStringLiteral("%1 RED CARD %2 %3 %4")
                          .arg(clockLabel(m), team, QChar(0x2014), who),
                      out);
            }
        }
    }

    Dice m_dice;
    QList<Match> m_matches;
    QList<QJsonObject> m_recent;
    qint64 m_lastMs = 0;
};

// ---------------------------------------------------------------------------------------------
// Service metrics

namespace {

struct ServiceSpec
{
    const char *name;
    double latencyMs;
    double sloMs;
    double rps;
    double errorPct;
    int replicas;
};

constexpr ServiceSpec Services[] = {
    {"api-gateway", 38.0, 150.0, 1450.0, 0.25, 12},   {"auth", 19.0, 80.0, 820.0, 0.10, 6},
    {"payments", 118.0, 400.0, 210.0, 0.40, 8},       {"search", 64.0, 250.0, 640.0, 0.20, 10},
    {"recommendations", 86.0, 300.0, 390.0, 0.30, 6},
};
constexpr int ServiceCount = int(std::size(Services));

QString serviceName(int i)
{
    return QString::fromLatin1(Services[i].name);
}

} // namespace

/// Something an operator would be paged about (becomes an SSE "alert").
struct Notice
{
    QString service;
    QString level;
    QString message;
};

/// Metrics of a few services: smooth random walks with an occasional incident.
class ServiceMetrics
{
public:
    ServiceMetrics(quint32 seed, qint64 nowMs) : m_dice(seed), m_lastMs(nowMs)
    {
        for (int i = 0; i < ServiceCount; ++i)
            m_state[i].phase = m_dice.uniform(0.0, 2.0 * std::numbers::pi);
        m_etagBase = QByteArray::number(nowMs % 1000000, 36);
        // The first incident comes soon, so a fresh demo shows one.
        m_nextIncidentMs = nowMs + m_dice.between(5000, 9000);
        step(nowMs);
    }

    /// Moves every value on by the time since the last step; returns the alerts it raised.
    QList<Notice> step(qint64 nowMs)
    {
        QList<Notice> notices;
        const double dt = std::clamp((nowMs - m_lastMs) / 1000.0, 0.0, 2.0);
        m_lastMs = nowMs;
        if (m_incident.service < 0 && nowMs >= m_nextIncidentMs)
            notices.append(startIncident(nowMs));
        const double e = envelope(nowMs);
        QJsonArray array;
        for (int i = 0; i < ServiceCount; ++i) {
            State &s = m_state[i];
            const ServiceSpec &spec = Services[i];
            s.latency = meanRevert(s.latency, dt, 8.0, 0.12, m_dice);
            s.load = meanRevert(s.load, dt, 20.0, 0.05, m_dice);
            s.errors = meanRevert(s.errors, dt, 5.0, 0.30, m_dice);
            const bool hit = m_incident.service == i;
            const double eLat = hit && m_incident.kind != Kind::Errors ? e : 0.0;
            const double eErr = hit && m_incident.kind != Kind::Saturation ? e : 0.0;
            const double eSat = hit && m_incident.kind == Kind::Saturation ? e : 0.0;
            const double wave =
                1.0 + 0.12 * std::sin(2.0 * std::numbers::pi * nowMs / 75000.0 + s.phase);
            s.rpsValue =
                spec.rps * wave * std::exp(s.load) * (1.0 - 0.25 * eErr) * (1.0 + 0.45 * eSat);
            s.latencyValue = spec.latencyMs * std::exp(s.latency) *
                             (1.0 + (m_incident.severity - 1.0) * eLat + 1.5 * eSat);
            s.errorValue = spec.errorPct * std::exp(s.errors) + m_incident.errorPeak * eErr;
            s.cpuValue = std::clamp(12.0 + 58.0 * s.rpsValue / (spec.rps * 1.25) + 25.0 * eSat +
                                        3.0 * m_dice.normal(),
                                    2.0, 99.0);
            array.append(
                QJsonObject{{QStringLiteral("service"), serviceName(i)},
                            {QStringLiteral("latencyMs"), round1(s.latencyValue)},
                            {QStringLiteral("rps"), std::round(s.rpsValue)},
                            {QStringLiteral("errorRate"), round2(s.errorValue)},
                            {QStringLiteral("cpu"), round1(s.cpuValue)},
                            {QStringLiteral("replicas"), spec.replicas},
                            {QStringLiteral("status"),
                             hit && e > 0.3 ? QStringLiteral("degraded") : QStringLiteral("ok")},
                            {QStringLiteral("ts"), nowMs}});
        }
        if (m_incident.service >= 0 && nowMs > m_incident.endMs + RampDownMs)
            notices.append(endIncident(nowMs));
        m_json = QJsonDocument(array).toJson(QJsonDocument::Compact);
        ++m_generation;
        return notices;
    }

    const QByteArray &json() const { return m_json; }
    QByteArray etag() const
    {
        return '"' + m_etagBase + '-' + QByteArray::number(m_generation) + '"';
    }
    /// 0..1: how hard the current incident hits (queues back up while it lasts).
    double pressure(qint64 nowMs) const { return envelope(nowMs); }

private:
    enum class Kind { Latency, Errors, Saturation };
    static constexpr qint64 RampUpMs = 2000;
    static constexpr qint64 RampDownMs = 3000;

    struct State
    {
        double latency = 0.0, load = 0.0, errors = 0.0; // log-deviations from the baseline
        double phase = 0.0;
        double latencyValue = 0.0, rpsValue = 0.0, errorValue = 0.0, cpuValue = 0.0;
    };
    struct Incident
    {
        int service = -1;
        Kind kind = Kind::Latency;
        qint64 startMs = 0;
        qint64 endMs = 0;
        double severity = 1.0;  ///< latency multiplier at the peak
        double errorPeak = 0.0; ///< error-rate points added at the peak
    };

    double envelope(qint64 nowMs) const
    {
        if (m_incident.service < 0 || nowMs < m_incident.startMs)
            return 0.0;
        const double up = std::min(1.0, double(nowMs - m_incident.startMs) / RampUpMs);
        const double down =
            nowMs <= m_incident.endMs
                ? 1.0
                : std::max(0.0, 1.0 - double(nowMs - m_incident.endMs) / RampDownMs);
        return std::min(up, down);
    }

    Notice startIncident(qint64 nowMs)
    {
        Incident &in = m_incident;
        in.service = m_dice.between(0, ServiceCount - 1);
        in.startMs = nowMs;
        in.endMs = nowMs + m_dice.between(6000, 18000);
        const ServiceSpec &spec = Services[in.service];
        const double roll = m_dice.uniform();
        Notice n{serviceName(in.service), {}, {}};
        if (roll < 0.45) {
            in.kind = Kind::Latency;
            // The peak always breaches the SLO: an alert that fires below it would be noise.
            in.severity = spec.sloMs / spec.latencyMs * m_dice.uniform(1.2, 2.2);
            in.errorPeak = m_dice.uniform(0.3, 1.5);
            const double peak = spec.latencyMs * in.severity;
            n.level =
                peak > 1.5 * spec.sloMs ? QStringLiteral("critical") : QStringLiteral("warning");
            n.message = QStringLiteral("[%1] p95 latency %2 ms, SLO %3 ms")
                            .arg(n.level)
                            .arg(std::round(peak))
                            .arg(spec.sloMs);
        } else if (roll < 0.8) {
            in.kind = Kind::Errors;
            in.severity = 1.3;
            in.errorPeak = m_dice.uniform(3.0, 12.0);
            n.level = in.errorPeak > 6.0 ? QStringLiteral("critical") : QStringLiteral("warning");
            n.message = QStringLiteral("[%1] error rate %2% (threshold 2%)")
                            .arg(n.level, QString::number(in.errorPeak, 'f', 1));
        } else {
            in.kind = Kind::Saturation;
            in.severity = 1.0;
            in.errorPeak = 0.0;
            n.level = QStringLiteral("warning");
            n.message = QStringLiteral("[warning] traffic surge +45%, CPU above 90%");
        }
        return n;
    }

    Notice endIncident(qint64 nowMs)
    {
        const int i = m_incident.service;
        const double seconds = (nowMs - m_incident.startMs) / 1000.0;
        Notice n{serviceName(i), QStringLiteral("ok"), {}};
        const State &s = m_state[i];
        switch (m_incident.kind) {
        case Kind::Latency:
            n.message = QStringLiteral("[resolved] latency back to %1 ms after %2 s")
                            .arg(std::round(s.latencyValue))
                            .arg(std::round(seconds));
            break;
        case Kind::Errors:
            n.message = QStringLiteral("[resolved] error rate back to %1% after %2 s")
                            .arg(QString::number(s.errorValue, 'f', 2))
                            .arg(std::round(seconds));
            break;
        case Kind::Saturation:
            n.message = QStringLiteral("[resolved] traffic normal, CPU %1% after %2 s")
                            .arg(std::round(s.cpuValue))
                            .arg(std::round(seconds));
            break;
        }
        m_incident = Incident();
        m_nextIncidentMs = nowMs + m_dice.between(15000, 40000);
        return n;
    }

    Dice m_dice;
    State m_state[ServiceCount];
    Incident m_incident;
    qint64 m_lastMs;
    qint64 m_nextIncidentMs = 0;
    QByteArray m_json;
    QByteArray m_etagBase;
    quint64 m_generation = 0;
};

// ---------------------------------------------------------------------------------------------
// Operational events

namespace {

struct OpsEvent
{
    QByteArray name;
    QJsonObject data;
};

OpsEvent makeOpsEvent(const char *name, const QString &service, const QString &level,
                      const QString &message, qint64 ts)
{
    return {QByteArray(name), QJsonObject{{QStringLiteral("service"), service},
                                          {QStringLiteral("level"), level},
                                          {QStringLiteral("message"), message},
                                          {QStringLiteral("ts"), ts}}};
}

} // namespace

/// Deploys, alerts and notices of an operations team, and the depth of an orders queue.
class OpsEvents
{
public:
    OpsEvents(quint32 seed, qint64 nowMs) : m_dice(seed), m_lastMs(nowMs)
    {
        for (int i = 0; i < ServiceCount; ++i) {
            m_version[i][0] = m_dice.between(1, 4);
            m_version[i][1] = m_dice.between(0, 19);
            m_version[i][2] = m_dice.between(0, 9);
            m_replicas[i] = Services[i].replicas;
        }
        m_nextQueueMs = nowMs;
        m_nextEventMs = nowMs + m_dice.between(300, 1200);
    }

    /// What happened in the minutes before the demo started (a new stream starts with it).
    QList<OpsEvent> history(qint64 nowMs)
    {
        QList<OpsEvent> out;
        out.append(deploy(nowMs - 170000));
        out.append(info(nowMs - 120000));
        const int s = m_dice.between(0, ServiceCount - 1);
        out.append(makeOpsEvent("alert", serviceName(s), QStringLiteral("warning"),
                                QStringLiteral("[warning] pod %1-%2 restarted (OOMKilled)")
                                    .arg(serviceName(s), podSuffix()),
                                nowMs - 95000));
        out.append(makeOpsEvent("alert", serviceName(s), QStringLiteral("ok"),
                                QStringLiteral("[resolved] all %1 pods ready").arg(m_replicas[s]),
                                nowMs - 61000));
        out.append(deploy(nowMs - 30000));
        out.append(info(nowMs - 8000));
        return out;
    }

    /// The queue reading and random events that are due by `nowMs`.
    QList<OpsEvent> due(qint64 nowMs, double pressure)
    {
        QList<OpsEvent> out;
        const double dt = std::clamp((nowMs - m_lastMs) / 1000.0, 0.0, 2.0);
        m_lastMs = nowMs;
        m_depthDev = meanRevert(m_depthDev, dt, 10.0, 0.15, m_dice);
        m_burst *= std::exp(-dt / 6.0);
        if (m_dice.chance(0.006 * dt / 0.1))
            m_burst += m_dice.uniform(150.0, 600.0);
        if (nowMs >= m_nextQueueMs) {
            m_nextQueueMs = std::max(m_nextQueueMs + QueueEventMs, nowMs);
            const double depth =
                60.0 * std::exp(m_depthDev) + m_burst + 400.0 * pressure + 4.0 * m_dice.normal();
            const int consumers = depth > 300 ? 8 : 4;
            out.append({QByteArray("queue"),
                        QJsonObject{{QStringLiteral("queue"), QStringLiteral("orders")},
                                    {QStringLiteral("depth"), std::max(0.0, std::round(depth))},
                                    {QStringLiteral("consumers"), consumers},
                                    {QStringLiteral("ts"), nowMs}}});
        }
        if (nowMs >= m_nextEventMs) {
            m_nextEventMs = nowMs + m_dice.between(500, 2000);
            const double roll = m_dice.uniform();
            out.append(roll < 0.25 ? deploy(nowMs) : roll < 0.8 ? info(nowMs) : alert(nowMs));
        }
        return out;
    }

private:
    QString podSuffix() { return QString::number(m_dice.between(0x10000, 0xfffff), 16); }
    QString version(int s) const
    {
        return QStringLiteral("v%1.%2.%3")
            .arg(m_version[s][0])
            .arg(m_version[s][1])
            .arg(m_version[s][2]);
    }

    OpsEvent deploy(qint64 ts)
    {
        const int s = m_dice.between(0, ServiceCount - 1);
        const QString svc = serviceName(s);
        const double roll = m_dice.uniform();
        if (roll < 0.55) {
            ++m_version[s][2];
            return makeOpsEvent(
                "deploy", svc, QStringLiteral("info"),
                QStringLiteral("%1 rolled out to %2/%2 pods").arg(version(s)).arg(m_replicas[s]),
                ts);
        }
        if (roll < 0.9) {
            const int percent[] = {5, 10, 25, 50};
            return makeOpsEvent("deploy", svc, QStringLiteral("info"),
                                QStringLiteral("v%1.%2.%3 canary at %4% of traffic")
                                    .arg(m_version[s][0])
                                    .arg(m_version[s][1])
                                    .arg(m_version[s][2] + 1)
                                    .arg(m_dice.pick(percent)),
                                ts);
        }
        return makeOpsEvent(
            "deploy", svc, QStringLiteral("warning"),
            QStringLiteral("canary rolled back, staying on %1 (error budget)").arg(version(s)), ts);
    }

    OpsEvent info(qint64 ts)
    {
        const int s = m_dice.between(0, ServiceCount - 1);
        const QString svc = serviceName(s);
        switch (m_dice.between(0, 5)) {
        case 0: {
            const int from = m_replicas[s];
            m_replicas[s] = std::clamp(from + (m_dice.chance(0.5) ? 2 : -2),
                                       Services[s].replicas - 2, Services[s].replicas + 6);
            return makeOpsEvent("info", svc, QStringLiteral("info"),
                                QStringLiteral("autoscaler: %1 %2 %3 replicas")
                                    .arg(from)
                                    .arg(QChar(0x2192))
                                    .arg(m_replicas[s]),
                                ts);
        }
        case 1:
            return makeOpsEvent(
                "info", svc, QStringLiteral("info"),
                QStringLiteral("cache warm-up finished in %1 s").arg(m_dice.between(3, 40)), ts);
        case 2:
            return makeOpsEvent("info", QStringLiteral("payments"), QStringLiteral("info"),
                                QStringLiteral("reconcile checked %1 ledger entries, "
                                               "0 mismatches")
                                    .arg(m_dice.between(2000, 90000)),
                                ts);
        case 3:
            return makeOpsEvent("info", svc, QStringLiteral("info"),
                                QStringLiteral("TLS certificate renewed, valid 90 days"), ts);
        case 4:
            return makeOpsEvent(
                "info", QStringLiteral("search"), QStringLiteral("info"),
                QStringLiteral("index rebuild %1% complete").arg(m_dice.between(1, 99)), ts);
        default:
            return makeOpsEvent(
                "info", svc, QStringLiteral("info"),
                QStringLiteral("feature flag %1 turned %2")
                    .arg(m_dice.chance(0.5) ? QStringLiteral("new-checkout")
                                            : QStringLiteral("fast-path"),
                         m_dice.chance(0.5) ? QStringLiteral("on") : QStringLiteral("off")),
                ts);
        }
    }

    OpsEvent alert(qint64 ts)
    {
        const int s = m_dice.between(0, ServiceCount - 1);
        const QString svc = serviceName(s);
        QString message;
        switch (m_dice.between(0, 2)) {
        case 0:
            message =
                QStringLiteral("[warning] pod %1-%2 restarted (OOMKilled)").arg(svc, podSuffix());
            break;
        case 1:
            message = QStringLiteral("[warning] disk usage %2% on %1-data-%3")
                          .arg(svc)
                          .arg(m_dice.between(81, 93))
                          .arg(m_dice.between(0, 3));
            break;
        default:
            message = QStringLiteral("[warning] %1 HTTP 5xx in the last 30 s")
                          .arg(m_dice.between(20, 180));
            break;
        }
        return makeOpsEvent("alert", svc, QStringLiteral("warning"), message, ts);
    }

    Dice m_dice;
    qint64 m_lastMs;
    qint64 m_nextQueueMs = 0;
    qint64 m_nextEventMs = 0;
    double m_depthDev = 0.0;
    double m_burst = 0.0;
    int m_version[ServiceCount][3] = {};
    int m_replicas[ServiceCount] = {};
};

} // namespace internal

// ---------------------------------------------------------------------------------------------

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

/// Whether an If-None-Match header names `etag` (a list, weak tags and "*" included).
bool etagMatches(const QByteArray &ifNoneMatch, const QByteArray &etag)
{
    if (ifNoneMatch.isEmpty())
        return false;
    const QList<QByteArray> tags = ifNoneMatch.split(',');
    for (QByteArray tag : tags) {
        tag = tag.trimmed();
        if (tag.startsWith("W/"))
            tag = tag.mid(2);
        if (tag == "*" || tag == etag)
            return true;
    }
    return false;
}

QByteArray sseFrame(quint64 id, const QByteArray &event, const QJsonObject &data)
{
    return "id: " + QByteArray::number(id) + "\nevent: " + event +
           "\ndata: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n";
}

} // namespace

DemoSources::DemoSources(QObject *parent) : QObject(parent) {}

DemoSources::~DemoSources()
{
    stop();
}

bool DemoSources::start(QString *error)
{
    if (isRunning())
        return true;
    auto fail = [&](const QString &why) {
        stop();
        qCWarning(lcDemoSources) << why;
        {
            QMutexLocker lock(&m_mutex);
            m_error = why;
        }
        if (error)
            *error = why;
        return false;
    };

    m_wsServer = new QWebSocketServer(QStringLiteral("Livedash demo"),
                                      QWebSocketServer::NonSecureMode, this);
    if (!m_wsServer->listen(QHostAddress::LocalHost, 0))
        return fail(QStringLiteral("demo WebSocket server cannot listen on 127.0.0.1: %1")
                        .arg(m_wsServer->errorString()));
    connect(m_wsServer, &QWebSocketServer::newConnection, this,
            &DemoSources::onWebSocketConnection);

    m_httpServer = new LocalHttpServer(this);
    m_httpServer->route("/metrics", [this](HttpExchange *e) { serveMetrics(e); });
    if (!m_httpServer->listen(QHostAddress::LocalHost, 0))
        return fail(QStringLiteral("demo HTTP server cannot listen on 127.0.0.1"));

    m_sseServer = new LocalHttpServer(this);
    m_sseServer->route("/events", [this](HttpExchange *e) { serveEvents(e); });
    if (!m_sseServer->listen(QHostAddress::LocalHost, 0))
        return fail(QStringLiteral("demo SSE server cannot listen on 127.0.0.1"));

    const qint64 now = nowMs();
    const quint32 seed = QRandomGenerator::global()->generate();
    m_matches = std::make_unique<internal::MatchDay>(seed);
    m_matches->begin(now);
    m_metrics = std::make_unique<internal::ServiceMetrics>(seed ^ 0x5bd1e995u, now);
    m_ops = std::make_unique<internal::OpsEvents>(seed + 0x9e3779b9u, now);
    for (const auto &e : m_ops->history(now))
        recordSse(e.name, e.data);

    auto timer = [this](int ms, void (DemoSources::*slot)()) {
        auto *t = new QTimer(this);
        t->setTimerType(Qt::PreciseTimer);
        connect(t, &QTimer::timeout, this, slot);
        t->start(ms);
        return t;
    };
    m_matchTimer = timer(internal::MatchTickMs, &DemoSources::matchTick);
    m_metricsTimer = timer(internal::MetricsStepMs, &DemoSources::metricsTick);
    m_opsTimer = timer(internal::OpsTickMs, &DemoSources::opsTick);
    m_keepAliveTimer = timer(internal::KeepAliveMs, &DemoSources::keepAlive);

    QUrl ws;
    ws.setScheme(QStringLiteral("ws"));
    ws.setHost(QStringLiteral("127.0.0.1"));
    ws.setPort(m_wsServer->serverPort());
    ws.setPath(QStringLiteral("/match"));
    {
        QMutexLocker lock(&m_mutex);
        m_wsUrl = ws;
        m_httpUrl = m_httpServer->url(QStringLiteral("/metrics"));
        m_sseUrl = m_sseServer->url(QStringLiteral("/events"));
        m_error.clear();
        m_running = true;
    }
    qCInfo(lcDemoSources) << "demo sources on" << ws
                          << m_httpServer->url(QStringLiteral("/metrics"))
                          << m_sseServer->url(QStringLiteral("/events"));
    return true;
}

void DemoSources::stop()
{
    for (QTimer *t : {m_matchTimer, m_metricsTimer, m_opsTimer, m_keepAliveTimer})
        delete t;
    m_matchTimer = m_metricsTimer = m_opsTimer = m_keepAliveTimer = nullptr;

    // Detach first: closing sockets below must not call back into a half-stopped object.
    for (const WsClient &c : std::as_const(m_wsClients)) {
        if (c.socket) {
            c.socket->disconnect(this);
            c.socket->abort();
            delete c.socket.data();
        }
    }
    m_wsClients.clear();
    for (const auto &e : std::as_const(m_sseClients))
        if (e)
            e->disconnect(this);
    m_sseClients.clear();
    delete m_wsServer;
    m_wsServer = nullptr;
    delete m_httpServer;
    m_httpServer = nullptr;
    delete m_sseServer;
    m_sseServer = nullptr;

    m_matches.reset();
    m_metrics.reset();
    m_ops.reset();
    m_sseBacklog.clear();

    QMutexLocker lock(&m_mutex);
    m_running = false;
    m_wsUrl.clear();
    m_httpUrl.clear();
    m_sseUrl.clear();
    m_wsCount = 0;
    m_sseCount = 0;
}

bool DemoSources::isRunning() const
{
    QMutexLocker lock(&m_mutex);
    return m_running;
}

QString DemoSources::errorString() const
{
    QMutexLocker lock(&m_mutex);
    return m_error;
}

QUrl DemoSources::wsUrl() const
{
    QMutexLocker lock(&m_mutex);
    return m_wsUrl;
}

QUrl DemoSources::httpUrl() const
{
    QMutexLocker lock(&m_mutex);
    return m_httpUrl;
}

QUrl DemoSources::sseUrl() const
{
    QMutexLocker lock(&m_mutex);
    return m_sseUrl;
}

void DemoSources::exportTo(Variables &vars) const
{
    QMutexLocker lock(&m_mutex);
    vars.set(QStringLiteral("demo.ws"), m_wsUrl.toString());
    vars.set(QStringLiteral("demo.http"), m_httpUrl.toString());
    vars.set(QStringLiteral("demo.sse"), m_sseUrl.toString());
}

int DemoSources::webSocketClients() const
{
    QMutexLocker lock(&m_mutex);
    return m_wsCount;
}

int DemoSources::eventStreams() const
{
    QMutexLocker lock(&m_mutex);
    return m_sseCount;
}

void DemoSources::updateCounts()
{
    // Entries are nulled when their peer leaves and pruned here, never during a broadcast.
    m_wsClients.removeIf([](const WsClient &c) { return c.socket.isNull(); });
    m_sseClients.removeIf([](const QPointer<HttpExchange> &e) { return e.isNull(); });
    QMutexLocker lock(&m_mutex);
    m_wsCount = int(m_wsClients.size());
    m_sseCount = int(m_sseClients.size());
}

void DemoSources::onWebSocketConnection()
{
    while (QWebSocket *socket = m_wsServer->nextPendingConnection()) {
        if (socket->requestUrl().path() != QLatin1String("/match")) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                          QStringLiteral("unknown path, use /match"));
            socket->deleteLater();
            continue;
        }
        connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            for (WsClient &c : m_wsClients)
                if (c.socket == socket)
                    c.socket = nullptr;
            socket->deleteLater();
            updateCounts();
        });
        m_wsClients.append(WsClient{socket, 0});
        updateCounts();
        // A scoreboard fills at once: the recent events and every match's score.
        const QList<QByteArray> state = m_matches->snapshot(nowMs());
        for (const QByteArray &body : state)
            if (!sendTo(m_wsClients.last(), body))
                break;
    }
}

bool DemoSources::sendTo(WsClient &client, const QByteArray &body)
{
    QWebSocket *socket = client.socket;
    if (!socket)
        return false;
    if (socket->bytesToWrite() > internal::MaxQueuedBytes) {
        qCWarning(lcDemoSources) << "dropping a WebSocket client that stopped reading";
        socket->abort();
        return false;
    }
    // `seq` goes last: the body is a compact JSON object, so it ends with '}'.
    QByteArray message = body;
    message.chop(1);
    message += ",\"seq\":" + QByteArray::number(++client.seq) + '}';
    socket->sendTextMessage(QString::fromUtf8(message)); // may re-enter: `client` is not used after
    return true;
}

void DemoSources::matchTick()
{
    const QList<QByteArray> bodies = m_matches->advance(nowMs());
    updateCounts();
    for (qsizetype i = 0; i < m_wsClients.size(); ++i)
        for (const QByteArray &body : bodies)
            if (!sendTo(m_wsClients[i], body))
                break;
}

void DemoSources::metricsTick()
{
    const qint64 now = nowMs();
    const QList<internal::Notice> notices = m_metrics->step(now);
    for (const internal::Notice &n : notices)
        broadcastSse("alert", QJsonObject{{QStringLiteral("service"), n.service},
                                          {QStringLiteral("level"), n.level},
                                          {QStringLiteral("message"), n.message},
                                          {QStringLiteral("ts"), now}});
}

void DemoSources::opsTick()
{
    const qint64 now = nowMs();
    const auto events = m_ops->due(now, m_metrics->pressure(now));
    for (const auto &e : events)
        broadcastSse(e.name, e.data);
}

void DemoSources::keepAlive()
{
    updateCounts();
    for (const auto &e : std::as_const(m_sseClients))
        if (e)
            e->write(": keep-alive\n\n");
}

void DemoSources::serveMetrics(HttpExchange *exchange)
{
    if (exchange->method != "GET") {
        exchange->respond(405, "{\"error\":\"use GET\"}", {{"Allow", "GET"}});
        return;
    }
    const QByteArray etag = m_metrics->etag();
    const HttpExchange::Headers headers{{"ETag", etag}, {"Cache-Control", "no-cache"}};
    if (etagMatches(exchange->header("if-none-match"), etag))
        exchange->respond(304, {}, headers);
    else
        exchange->respond(200, m_metrics->json(), headers);
}

void DemoSources::serveEvents(HttpExchange *exchange)
{
    if (exchange->method != "GET") {
        exchange->respond(405, "{\"error\":\"use GET\"}", {{"Allow", "GET"}});
        return;
    }
    exchange->beginStream(200, {{"X-Accel-Buffering", "no"}});
    QByteArray out = "retry: 2000\n\n";
    bool resumed = false;
    const QByteArray lastId = exchange->header("last-event-id").trimmed();
    if (!lastId.isEmpty()) {
        bool ok = false;
        const quint64 last = lastId.toULongLong(&ok);
        if (ok) {
            resumed = true;
            // Numbering continues after what the client saw, even across a demo restart.
            if (last >= m_nextSseId)
                m_nextSseId = last + 1;
            for (const SseRecord &r : std::as_const(m_sseBacklog))
                if (r.id > last)
                    out += r.frame;
        }
    }
    if (!resumed) {
        // A new operator console starts with the recent history, not an empty log.
        QList<const SseRecord *> recent;
        for (auto it = m_sseBacklog.crbegin();
             it != m_sseBacklog.crend() && recent.size() < internal::SseFreshReplay; ++it)
            if (!it->queue)
                recent.prepend(&*it);
        for (const SseRecord *r : std::as_const(recent))
            out += r->frame;
    }
    exchange->write(out);
    connect(exchange, &HttpExchange::closed, this, [this, exchange] {
        for (auto &e : m_sseClients)
            if (e == exchange)
                e = nullptr;
        updateCounts();
    });
    m_sseClients.append(exchange);
    updateCounts();
}

QByteArray DemoSources::recordSse(const QByteArray &event, const QJsonObject &data)
{
    const quint64 id = m_nextSseId++;
    SseRecord r{id, event == "queue", sseFrame(id, event, data)};
    m_sseBacklog.append(r);
    while (m_sseBacklog.size() > internal::SseBacklog)
        m_sseBacklog.removeFirst();
    return r.frame;
}

void DemoSources::broadcastSse(const QByteArray &event, const QJsonObject &data)
{
    const QByteArray frame = recordSse(event, data);
    updateCounts();
    for (const auto &e : std::as_const(m_sseClients)) {
        if (!e)
            continue;
        if (e->bytesToWrite() > internal::MaxQueuedBytes) {
            qCWarning(lcDemoSources) << "dropping an event stream that stopped reading";
            e->close();
            continue;
        }
        e->write(frame);
    }
}

} // namespace livedash
