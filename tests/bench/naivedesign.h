#pragma once

// The straightforward design the benchmark compares Livedash with: feeds still ingest on the
// engine's thread, but every sample is posted to the UI thread on its own (one queued call per
// sample) and appended to a QLineSeries per channel (QXYSeries::append, a 5,000-point window
// kept by removing the oldest point, the x axis scrolled per sample), in plain QChartViews,
// with no frame timer and no decimation.

#include "ingest/messagemapper.h"

#include <QHash>
#include <QList>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QChart;
class QLineSeries;
class QValueAxis;

namespace livedash::bench {

class NaiveChartView;

/// C charts, each showing the channels of some feeds (one series per feed's "v" channel).
class NaiveWindow : public QWidget
{
    Q_OBJECT
public:
    /// `feedsPerChart[c]` lists the feed indices chart c shows; `feedCount` feeds in all.
    NaiveWindow(const QList<QList<int>> &feedsPerChart, int feedCount, qint64 baseMs,
                int windowPoints = 5000, int windowSeconds = 60, QWidget *parent = nullptr);
    ~NaiveWindow() override;

    /// One sample of feed `feed`, on the UI thread.
    void deliver(int feed, qint64 t, double v);

    /// Called after each chart paint with the chart index and the newest sample time it shows.
    void setPaintObserver(std::function<void(int chart, qint64 newestMs)> observer);

    /// Samples appended to a chart, per feed (any thread may read).
    quint64 shown(int feed) const { return m_shown[size_t(feed)].load(std::memory_order_relaxed); }
    /// Samples posted to the UI thread and not handled yet.
    qint64 backlog() const { return m_inFlight.load(std::memory_order_relaxed); }
    void posted() { m_inFlight.fetch_add(1, std::memory_order_relaxed); }
    /// From now on, queued samples are dropped unseen (lets the event loop catch up when a run
    /// ends; any thread).
    void discard() { m_discard.store(true); }
    int chartCount() const { return int(m_charts.size()); }

private:
    struct Chart
    {
        NaiveChartView *view = nullptr;
        QChart *chart = nullptr;
        QValueAxis *x = nullptr;
        qint64 newestMs = 0;
    };
    struct Target
    {
        int chart = -1;
        QLineSeries *series = nullptr;
    };

    std::vector<Chart> m_charts;
    std::vector<Target> m_targets; ///< per feed
    std::unique_ptr<std::atomic<quint64>[]> m_shown;
    std::atomic<qint64> m_inFlight{0};
    std::atomic<bool> m_discard{false};
    std::function<void(int, qint64)> m_observer;
    qint64 m_baseMs;
    int m_windowPoints;
    int m_windowMs;
};

/// Posts every sample to a NaiveWindow, one queued call each. Called on the ingest thread.
class NaiveSink final : public SampleSink
{
public:
    /// `feedIndex` maps feed ids to the window's feed indices.
    NaiveSink(NaiveWindow *window, QHash<QString, int> feedIndex);
    void number(const QString &feedId, const QString &channel, qint64 t, double v) override;
    void text(const QString &, const QString &, qint64, const QString &) override {}

private:
    NaiveWindow *m_window;
    const QHash<QString, int> m_feedIndex;
};

} // namespace livedash::bench
