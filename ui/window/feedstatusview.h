#pragma once

#include "ingest/feedstatus.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <QWidget>

#include <optional>

class QTableView;

namespace livedash {

/// Every feed's state, rates and counters, pulled from the status board twice a second.
class FeedStatusModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Feed,
        State,
        Rate,
        LastMessage,
        Messages,
        Samples,
        Rejected,
        Gaps,
        Bytes,
        Problem,
        ColumnCount
    };

    explicit FeedStatusModel(const FeedStatusBoard *board, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    /// A feed's row drags its channels, "<feed id>/*", onto the dashboard (layout editing).
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;

    /// Takes a new snapshot (and computes message rates from the previous one). Feeds with a
    /// problem come first (failed, then retrying, then live with nothing mapped), so that the
    /// one that needs the operator is never the row scrolled out of a small dock; the others
    /// keep the dashboard's order.
    void refresh();
    const QList<FeedStatus> &statuses() const { return m_rows; }
    /// Shows only the feeds in `ids` (the dashboard in view, when several are open); nullopt:
    /// every feed. Takes effect at once.
    void setShownFeeds(const std::optional<QSet<QString>> &ids);
    double rate(const QString &id) const { return m_rates.value(id); }
    static constexpr qint64 RateWindowMs = 5000;
    double totalRate() const;

    /// "live", "retrying in 3 s (attempt 2)", ...
    static QString stateText(const FeedStatus &s, qint64 nowMs);
    /// Live, and every message so far was rejected: the mapping matches nothing.
    static bool nothingMapped(const FeedStatus &s);

private:
    const FeedStatusBoard *m_board;
    std::optional<QSet<QString>> m_shown;
    QList<FeedStatus> m_rows;
    QHash<QString, double> m_rates;
    /// Recent (ms, messages) readings per feed: rates are averaged over the last few seconds
    /// so a feed polled every 500 ms does not alternate between 0 and 4 msg/s.
    QHash<QString, QList<std::pair<qint64, quint64>>> m_history;
    qint64 m_now = 0;
};

/// The status dock's contents.
class FeedStatusView : public QWidget
{
    Q_OBJECT
public:
    explicit FeedStatusView(const FeedStatusBoard *board, QWidget *parent = nullptr);
    FeedStatusModel *model() const { return m_model; }

Q_SIGNALS:
    void refreshed();

private:
    /// Widens the Feed column to its longest name (160 to 420 px).
    void fitFeedColumn();

    FeedStatusModel *m_model;
    QTableView *m_table;
    QTimer m_timer;
    bool m_fitting = false;
    bool m_feedColumnSizedByHand = false;
};

QString formatBytes(quint64 bytes);

} // namespace livedash
