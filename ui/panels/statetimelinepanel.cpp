#include "panels/statetimelinepanel.h"
#include "alarms/alarmengine.h"
#include "widgets/palette.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QPainter>
#include <QSet>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace livedash {

namespace {

QColor roleColor(const QString &name)
{
    if (name == QLatin1String("ok"))
        return palette::live();
    if (name == QLatin1String("warning"))
        return palette::warning();
    if (name == QLatin1String("critical"))
        return palette::critical();
    if (name == QLatin1String("info"))
        return palette::info();
    if (name == QLatin1String("pending"))
        return palette::pending();
    if (name == QLatin1String("neutral"))
        return palette::textDim();
    return QColor::fromString(name); // "#rrggbb" (the reader checked it)
}

/// The role of a state named by a well-known word, if it is one.
QString wellKnownRole(const QString &state)
{
    static const QHash<QString, QString> words = [] {
        QHash<QString, QString> w;
        for (const char *s : {"ok", "up", "healthy", "online", "running", "live", "pass", "passing",
                              "green", "good"})
            w.insert(QLatin1String(s), QStringLiteral("ok"));
        for (const char *s : {"degraded", "warning", "warn", "slow", "amber", "yellow"})
            w.insert(QLatin1String(s), QStringLiteral("warning"));
        for (const char *s :
             {"down", "error", "failed", "failing", "fail", "critical", "offline", "red", "bad"})
            w.insert(QLatin1String(s), QStringLiteral("critical"));
        for (const char *s : {"pending", "unknown", "starting", "connecting"})
            w.insert(QLatin1String(s), QStringLiteral("pending"));
        return w;
    }();
    return words.value(state.trimmed().toLower());
}

/// FNV-1a over the UTF-16 text: stable across runs and machines, unlike qHash's seed.
quint32 stableHash(const QString &text)
{
    quint32 h = 2166136261u;
    for (const QChar c : text) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return h;
}

/// Axis steps in ms, smallest first.
constexpr qint64 TimeSteps[] = {1000,    2000,    5000,     10000,    15000,    30000,
                                60000,   120000,  300000,   600000,   900000,   1800000,
                                3600000, 7200000, 10800000, 21600000, 43200000, 86400000};

} // namespace

/// Paints the rows, the time axis and the legend: one paint per refresh.
class TimelineFace : public QWidget
{
public:
    explicit TimelineFace(const QMap<QString, QString> &states, QWidget *parent)
        : QWidget(parent), m_states(states)
    {
        setMinimumSize(200, 80);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    }

    QList<StateTimelinePanel::Row> rows;
    QStringList legend;
    qint64 from = 0, to = 1;

    static constexpr int MinRowHeight = 14;

    QColor colorOf(const QString &state) const
    {
        auto it = m_colors.constFind(state);
        if (it != m_colors.cend())
            return *it;
        if (m_colors.size() > 4096) // numbers of many values: keep the cache bounded
            m_colors.clear();
        return *m_colors.insert(state, StateTimelinePanel::stateColor(state, m_states));
    }
    /// The width of the bands' area, for the panel's refresh pacing.
    int plotWidth() const { return std::max(1, int(width() * 0.6)); }
    /// How many rows fit.
    qsizetype fitting() const
    {
        const QFontMetrics fm(font());
        return std::max<qsizetype>(1, (height() - 2 * (fm.height() + 6)) / MinRowHeight);
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        const QRectF area = rect().adjusted(2, 2, -2, -2);
        const QColor text = palette().color(QPalette::WindowText);
        QColor dim = text;
        dim.setAlpha(140);
        QFont small = font();
        const QFontMetrics sm(small);
        const double axisH = sm.height() + 6, legendH = sm.height() + 6;
        const double rowsH = std::max(10.0, area.height() - axisH - legendH);
        const qsizetype shown = std::min(rows.size(), fitting());
        if (shown == 0)
            return;
        const double rowH = std::min(44.0, rowsH / double(shown));
        QFont rowFont = font();
        rowFont.setPixelSize(std::clamp(int(rowH * 0.5), 11, 20));
        const QFontMetrics rm(rowFont);
        QFont bold = rowFont;
        bold.setBold(true);
        const QFontMetrics bm(bold);
        int labelW = 0, currentW = 0;
        for (qsizetype i = 0; i < shown; ++i) {
            const auto &r = rows[i];
            labelW = std::max(
                labelW, rm.horizontalAdvance(r.alarm.severity ? r.alarm.text + r.label : r.label));
            currentW = std::max(currentW, bm.horizontalAdvance(r.current));
        }
        // Two pixels to spare: a name must not be elided by the metrics' rounding.
        labelW = std::min(labelW + 2, int(area.width() * 0.3));
        currentW = std::min(currentW + 2, int(area.width() * 0.25));
        const double gap = 8;
        const double x0 = area.left() + labelW + gap;
        const double x1 = area.right() - currentW - gap;
        const double w = std::max(10.0, x1 - x0);
        const double span = double(std::max<qint64>(1, to - from));
        auto xOf = [&](qint64 t) { return x0 + double(t - from) / span * w; };

        for (qsizetype i = 0; i < shown; ++i) {
            const StateTimelinePanel::Row &r = rows[i];
            const double y = area.top() + i * rowH;
            const double bandH = std::max(8.0, rowH - 4);
            const double by = y + (rowH - bandH) / 2;
            // A faint track: the empty stretches read as "no data".
            QColor track = palette::panelBorder();
            track.setAlpha(90);
            p.fillRect(QRectF(x0, by, w, bandH), track);
            // At most one band per pixel column: a fast channel's thousand bands cost what its
            // width does.
            double drawnTo = -1e9;
            for (const StateTimelinePanel::Band &b : r.bands) {
                const double bx0 = std::max(xOf(b.from), drawnTo), bx1 = xOf(b.to);
                if (bx1 - drawnTo < 1.0 && bx1 <= drawnTo + 1.0 && drawnTo > -1e9)
                    continue;
                p.fillRect(QRectF(bx0, by, std::max(1.0, bx1 - bx0), bandH), colorOf(b.state));
                drawnTo = std::max(bx1, bx0 + 1.0);
            }
            p.setFont(rowFont);
            QString label = r.label;
            if (r.alarm.severity) {
                label = r.alarm.text.left(1) + QLatin1Char(' ') + r.label;
                p.setPen(palette::severity(*r.alarm.severity).lighter(120));
            } else {
                p.setPen(text);
            }
            p.drawText(QRectF(area.left(), y, labelW, rowH), Qt::AlignRight | Qt::AlignVCenter,
                       rm.elidedText(label, Qt::ElideMiddle, labelW));
            if (r.alarm.severity) {
                p.setRenderHint(QPainter::Antialiasing);
                p.setPen(
                    QPen(palette::severity(*r.alarm.severity), r.alarm.unacknowledged ? 2.5 : 1.5));
                p.setBrush(Qt::NoBrush);
                p.drawRect(QRectF(x0, by, w, bandH).adjusted(-1, -1, 1, 1));
                p.setRenderHint(QPainter::Antialiasing, false);
            }
            p.setFont(bold);
            QColor current = r.current.isEmpty() ? text : colorOf(r.current).lighter(115);
            if (r.currentOld)
                current.setAlpha(110);
            p.setPen(current);
            p.drawText(QRectF(x1 + gap, y, currentW, rowH), Qt::AlignLeft | Qt::AlignVCenter,
                       bm.elidedText(r.current, Qt::ElideRight, currentW));
        }

        // The time axis under the rows: ticks on a round step, wall-clock labels.
        p.setFont(small);
        const double axisY = area.top() + shown * rowH + 2;
        p.setPen(dim);
        p.drawLine(QPointF(x0, axisY), QPointF(x0 + w, axisY));
        const int labelWidth = sm.horizontalAdvance(QStringLiteral("00:00:00")) + 16;
        qint64 step = TimeSteps[std::size(TimeSteps) - 1];
        for (const qint64 s : TimeSteps)
            if (double(s) / span * w >= labelWidth) {
                step = s;
                break;
            }
        const QString format = step >= 86400000 ? QStringLiteral("d MMM")
                               : step >= 60000  ? QStringLiteral("hh:mm")
                                                : QStringLiteral("hh:mm:ss");
        const qint64 offset = QDateTime::currentDateTime().offsetFromUtc() * 1000LL;
        for (qint64 t = ((from + offset) / step + 1) * step - offset; t <= to; t += step) {
            const double x = xOf(t);
            p.drawLine(QPointF(x, axisY), QPointF(x, axisY + 4));
            const QString label = QDateTime::fromMSecsSinceEpoch(t).toString(format);
            const double lw = sm.horizontalAdvance(label);
            if (x - lw / 2 >= x0 - 4 && x + lw / 2 <= x0 + w + 4)
                p.drawText(QPointF(x - lw / 2, axisY + 4 + sm.ascent()), label);
        }

        // The legend: a swatch and a name per state, as many as fit on one line.
        double lx = x0;
        const double ly = axisY + axisH;
        for (qsizetype i = 0; i < legend.size(); ++i) {
            const QString &s = legend[i];
            const double need = sm.height() * 0.8 + 4 + sm.horizontalAdvance(s) + 14;
            const QString more = QCoreApplication::translate("livedash::TimelineFace", "+%1 more")
                                     .arg(legend.size() - i);
            if (lx + need >
                area.right() - (i + 1 < legend.size() ? sm.horizontalAdvance(more) : 0)) {
                p.setPen(dim);
                p.drawText(QPointF(lx, ly + sm.ascent()), more);
                break;
            }
            const double sw = sm.height() * 0.8;
            p.fillRect(QRectF(lx, ly + (sm.height() - sw) / 2, sw, sw), colorOf(s));
            p.setPen(text);
            p.drawText(QPointF(lx + sw + 4, ly + sm.ascent()), s);
            lx += need;
        }
    }

private:
    static QString tr(const char *text) { return StateTimelinePanel::tr(text); }

    QMap<QString, QString> m_states;
    mutable QHash<QString, QColor> m_colors;
};

StateTimelinePanel::StateTimelinePanel(const PanelConfig &config, ChannelStore *store,
                                       QWidget *parent)
    : Panel(config, store, parent), m_face(new TimelineFace(config.states, this))
{
    m_face->setObjectName(QStringLiteral("timelineFace"));
    bodyLayout()->addWidget(m_face);
}

const QList<StateTimelinePanel::Row> &StateTimelinePanel::rows() const
{
    return m_face->rows;
}

QStringList StateTimelinePanel::legend() const
{
    return m_face->legend;
}

std::pair<qint64, qint64> StateTimelinePanel::timeRange() const
{
    return {m_face->from, m_face->to};
}

QColor StateTimelinePanel::colorOf(const QString &state) const
{
    return m_face->colorOf(state);
}

QColor StateTimelinePanel::stateColor(const QString &state,
                                      const QMap<QString, QString> &configured)
{
    if (const auto it = configured.constFind(state); it != configured.cend())
        return roleColor(*it);
    if (const QString role = wellKnownRole(state); !role.isEmpty())
        return roleColor(role);
    // The series colours but green and red, which would read as "ok" and "down".
    static const QList<QColor> hues = [] {
        QList<QColor> out;
        for (const QColor &c : palette::series())
            if (c != palette::live() && c != palette::critical())
                out.append(c);
        return out;
    }();
    return hues[qsizetype(stableHash(state) % quint32(hues.size()))];
}

qint64 StateTimelinePanel::gapLimit(qint64 usualIntervalMs)
{
    return std::max(MinGapMs, GapIntervals * usualIntervalMs);
}

qint64 StateTimelinePanel::usualInterval(const Track &track)
{
    if (track.intervals.empty())
        return 0;
    std::vector<qint64> sorted = track.intervals;
    auto mid = sorted.begin() + qsizetype(sorted.size() / 2);
    std::nth_element(sorted.begin(), mid, sorted.end());
    return *mid;
}

void StateTimelinePanel::add(Track &track, qint64 t, const QString &state, qint64 gap,
                             qint64 resolution)
{
    if (track.any && t < track.lastT)
        return; // older than what is drawn already: a source out of order
    if (track.any) {
        const qint64 interval = t - track.lastT;
        if (track.intervals.size() < IntervalsKept)
            track.intervals.push_back(interval);
        else
            track.intervals[track.nextInterval] = interval;
        track.nextInterval = (track.nextInterval + 1) % IntervalsKept;
    }
    track.lastT = t;
    track.any = true;
    if (!track.runs.isEmpty()) {
        Run &current = track.runs.last();
        const bool near = t - current.last <= gap;
        if (near && current.state == state) {
            current.last = t;
            return;
        }
        if (near && t - current.from < resolution) {
            // A change too quick to draw apart: the latest state takes the stretch.
            current.state = state;
            current.last = t;
            return;
        }
    }
    track.runs.append({t, t, state});
}

void StateTimelinePanel::ingest(Track &track, qint64 windowFrom)
{
    const ChannelPtr &c = track.channel;
    const qint64 gap = gapLimit(usualInterval(track));
    const qint64 resolution =
        std::max<qint64>(1, config().windowSeconds * 1000LL / MaxRunsPerWindow);
    if (c->hasTexts()) {
        quint64 total = 0;
        const QList<TextSample> fresh = c->textsSince(track.seenTexts, &total);
        track.seenTexts = total;
        for (const TextSample &s : fresh)
            add(track, s.t, s.text, gap, resolution);
    } else {
        // Copied under the channel's lock, turned into states outside it.
        std::vector<Sample> fresh;
        if (!track.started) {
            // The first look: only what the window (and the state at its start) needs.
            const qint64 since = windowFrom - MinGapMs;
            track.seenNumbers = c->readNumbers([&](const NumberView &view) {
                for (quint64 i = view.lowerBound(since); i < view.end(); ++i)
                    fresh.push_back(view.at(i));
                return view.end();
            });
        } else {
            bool overrun = false; // what the ring dropped is a stretch without data
            track.seenNumbers = c->forEachNumberSince(
                track.seenNumbers, [&](const Sample &s) { fresh.push_back(s); }, &overrun);
        }
        const int decimals = config().decimals;
        // Formatting is what a fast numeric channel costs: a value that rounds to the same
        // digits as the last one is the same state, without being formatted again.
        const double scale = decimals >= 0 ? std::pow(10.0, decimals) : 0;
        for (const Sample &s : fresh) {
            const bool same = !track.lastState.isEmpty() &&
                              (s.v == track.lastValue ||
                               (scale > 0 && std::isfinite(s.v) &&
                                std::round(s.v * scale) == std::round(track.lastValue * scale)));
            if (!same) {
                track.lastValue = s.v;
                track.lastState = formatPanelValue(s.v, decimals);
            }
            add(track, s.t, track.lastState, gap, resolution);
        }
    }
    track.started = true;
    // Runs that ended before the window are of no more use; the last one says the state.
    const qint64 keepAfter = windowFrom - gapLimit(usualInterval(track));
    qsizetype drop = 0;
    while (drop + 1 < track.runs.size() && track.runs[drop].last < keepAfter &&
           track.runs[drop + 1].from <= windowFrom)
        ++drop;
    if (drop > 0)
        track.runs.remove(0, drop);
}

void StateTimelinePanel::rebuildRows(qint64 nowMs)
{
    const qint64 windowMs = config().windowSeconds * 1000LL;
    const qint64 from = nowMs - windowMs;
    QStringList names;
    for (const Track &t : m_tracks)
        names.append(t.channel->name());
    const QStringList labels = shortNames(names);
    QList<Row> rows;
    QStringList legend;
    QSet<QString> inLegend;
    for (size_t i = 0; i < m_tracks.size(); ++i) {
        const Track &track = m_tracks[i];
        Row row;
        row.channel = names[qsizetype(i)];
        row.label = labels[qsizetype(i)];
        row.usualIntervalMs = usualInterval(track);
        row.alarm = channelAlarm(alarms(), row.channel);
        const qint64 gap = gapLimit(row.usualIntervalMs);
        for (qsizetype k = 0; k < track.runs.size(); ++k) {
            const Run &r = track.runs[k];
            const qint64 next = k + 1 < track.runs.size() ? track.runs[k + 1].from : nowMs;
            const qint64 end = next - r.last <= gap ? next : r.last + row.usualIntervalMs;
            const qint64 a = std::max(r.from, from), b = std::min(end, nowMs);
            if (b <= a)
                continue;
            row.bands.append({a, b, r.state});
            if (legend.size() < 256 && !inLegend.contains(r.state)) {
                inLegend.insert(r.state);
                legend.append(r.state);
            }
        }
        if (!track.runs.isEmpty()) {
            row.current = track.runs.last().state;
            row.currentOld = nowMs - track.runs.last().last > gap;
        }
        rows.append(row);
    }
    m_face->rows = rows;
    m_face->legend = legend;
    m_face->from = from;
    m_face->to = nowMs;
}

bool StateTimelinePanel::updateAlarms()
{
    bool changed = false;
    for (Row &r : m_face->rows) {
        ChannelAlarm now = channelAlarm(alarms(), r.channel);
        if (now == r.alarm)
            continue;
        r.alarm = std::move(now);
        changed = true;
    }
    if (changed)
        m_face->update();
    return changed;
}

bool StateTimelinePanel::refresh(qint64 nowMs)
{
    // Alarms are shown as they stand, also while the panel is frozen.
    const bool alarmsChanged = updateAlarms();
    if (isFrozen())
        return alarmsChanged;
    const QList<ChannelPtr> &chs = channels();
    const bool layout = channelsChanged();
    quint64 sum = 0;
    for (const ChannelPtr &c : chs)
        sum += c->version();
    const qint64 windowMs = config().windowSeconds * 1000LL;
    const qint64 since = nowMs - m_lastRefreshMs;
    const qint64 pixelMs = std::max(MinRefreshMs, windowMs / m_face->plotWidth());
    if (!layout && !(sum != m_seenSum && since >= MinRefreshMs) && since < pixelMs)
        return alarmsChanged;
    m_seenSum = sum;
    m_lastRefreshMs = nowMs;
    if (layout || m_tracks.size() != size_t(chs.size())) {
        std::vector<Track> tracks;
        for (const ChannelPtr &c : chs) {
            auto same = std::find_if(m_tracks.begin(), m_tracks.end(),
                                     [&](const Track &t) { return t.channel == c; });
            if (same != m_tracks.end()) {
                tracks.push_back(std::move(*same));
            } else {
                Track track;
                track.channel = c;
                tracks.push_back(std::move(track));
            }
        }
        m_tracks = std::move(tracks);
    }
    for (Track &t : m_tracks)
        ingest(t, nowMs - windowMs);
    rebuildRows(nowMs);
    const qsizetype hidden = m_face->rows.size() - std::min(m_face->rows.size(), m_face->fitting());
    setSubtitle(m_tracks.empty()
                    ? noChannelText(tr("waiting for data"))
                    : (hidden > 0 ? tr("%n more not shown", nullptr, int(hidden)) : QString()));
    m_face->update();
    return true;
}

} // namespace livedash
