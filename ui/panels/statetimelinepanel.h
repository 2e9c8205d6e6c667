#pragma once

#include "panels/panel.h"
#include "panels/valuebands.h"

#include <QColor>
#include <QHash>

#include <utility>
#include <vector>

namespace livedash {

class TimelineFace;

/// A text or enumerated channel over the panel's window as coloured bands, one row per matched
/// channel (a match's period, a service's health), with the current state as text at the row's
/// end, a time axis and a legend of the states shown. A number is a state too: its value as
/// formatted with the panel's decimals.
///
/// A state holds from its sample until the next one. Across a silence longer than gapLimit()
/// (GapIntervals times the channel's usual interval, the median of its recent intervals, and at
/// least MinGapMs) it is not carried: the band ends one usual interval after its last sample and
/// the stretch up to the next sample, or up to now, has no band ("no data"); so has the time
/// before the first sample. Changes closer together than 1/MaxRunsPerWindow of the window are
/// drawn as one band of the latest state, so a row holds at most about that many bands however
/// fast the channel changes.
///
/// State colours: the panel's `states` map ({"down": "critical", "up": "ok"}) first; then
/// well-known words (ok, up, healthy, ... green; degraded, warning, ... amber; down, error,
/// failed, ... red; pending, unknown, ... pending); any other state takes a series colour chosen
/// by a hash of its text, the same in every run and on every machine.
///
/// Samples are taken incrementally (only those since the last refresh); the panel redraws when
/// new samples came (at most every MinRefreshMs) or when the time axis has moved by a pixel.
class StateTimelinePanel : public Panel
{
    Q_OBJECT
public:
    StateTimelinePanel(const PanelConfig &config, ChannelStore *store, QWidget *parent = nullptr);
    bool refresh(qint64 nowMs) override;

    static constexpr qint64 MinGapMs = 10000;
    static constexpr int GapIntervals = 3;
    static constexpr qint64 MinRefreshMs = 100;
    static constexpr int MaxRunsPerWindow = 1000;

    /// One band as drawn: [from, to) in ms since the epoch.
    struct Band
    {
        qint64 from = 0;
        qint64 to = 0;
        QString state;
        bool operator==(const Band &) const = default;
    };
    struct Row
    {
        QString channel;
        QString label; ///< the short name
        QList<Band> bands;
        QString current;         ///< the latest state
        bool currentOld = false; ///< its sample is older than the gap limit
        qint64 usualIntervalMs = 0;
        ChannelAlarm alarm;
    };
    const QList<Row> &rows() const;
    /// The states the legend lists, in order of first appearance.
    QStringList legend() const;
    /// The span shown, ms since the epoch.
    std::pair<qint64, qint64> timeRange() const;
    QColor colorOf(const QString &state) const;

    /// A state's colour by the rules above (`configured`: the panel's `states`).
    static QColor stateColor(const QString &state, const QMap<QString, QString> &configured);
    /// The longest silence a state is carried across, for a channel's usual interval (0 when
    /// not known yet).
    static qint64 gapLimit(qint64 usualIntervalMs);

private:
    struct Run
    {
        qint64 from = 0;
        qint64 last = 0; ///< its last sample
        QString state;
    };
    struct Track
    {
        ChannelPtr channel;
        bool started = false;
        quint64 seenNumbers = 0;
        quint64 seenTexts = 0;
        qint64 lastT = 0;
        bool any = false;
        double lastValue = 0; ///< numbers: the last value and its state text, reused when equal
        QString lastState;
        QList<Run> runs;
        std::vector<qint64> intervals; ///< the recent intervals, a ring
        size_t nextInterval = 0;
    };
    static constexpr size_t IntervalsKept = 31;

    void ingest(Track &track, qint64 windowFrom);
    void add(Track &track, qint64 t, const QString &state, qint64 gap, qint64 resolution);
    static qint64 usualInterval(const Track &track);
    void rebuildRows(qint64 nowMs);
    bool updateAlarms();

    TimelineFace *m_face;
    std::vector<Track> m_tracks;
    quint64 m_seenSum = ~quint64(0);
    qint64 m_lastRefreshMs = 0;
};

} // namespace livedash
