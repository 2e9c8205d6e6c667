#include "window/feedstatusview.h"
#include "panels/channeldrag.h"
#include "widgets/palette.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace livedash {

QString formatBytes(quint64 bytes)
{
    return QLocale().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

FeedStatusModel::FeedStatusModel(const FeedStatusBoard *board, QObject *parent)
    : QAbstractTableModel(parent), m_board(board)
{
}

int FeedStatusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FeedStatusModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FeedStatusModel::stateText(const FeedStatus &s, qint64 nowMs)
{
    switch (s.state) {
    case FeedState::Connecting:
        return s.detail.isEmpty() ? tr("connecting") : tr("connecting to %1").arg(s.detail);
    case FeedState::Retrying: {
        const qint64 left = std::max<qint64>(0, (s.retryAtMs - nowMs + 999) / 1000);
        return tr("retrying in %1 s (attempt %2)").arg(left).arg(s.attempt);
    }
    case FeedState::Live:
        // Connected and receiving, but not one message gave a value: not what green means.
        return nothingMapped(s) ? tr("live, nothing mapped") : tr("live");
    case FeedState::Stopped:
        return tr("stopped");
    case FeedState::Finished:
        return tr("finished");
    case FeedState::Error:
        return tr("error");
    }
    return {};
}

bool FeedStatusModel::nothingMapped(const FeedStatus &s)
{
    return s.state == FeedState::Live && s.messages > 0 && s.samples == 0 && s.rejected > 0;
}

QVariant FeedStatusModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const FeedStatus &s = m_rows[index.row()];
    const QString problem = !s.lastError.isEmpty() && s.state != FeedState::Live
                                ? s.lastError
                                : (s.lastProblem.isEmpty() ? s.note : s.lastProblem);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Feed:
            return s.name.isEmpty() ? s.id : QStringLiteral("%1 (%2)").arg(s.name, s.plugin);
        case State:
            return stateText(s, m_now);
        case Rate:
            return QLocale().toString(m_rates.value(s.id), 'f', 1);
        case LastMessage:
            if (s.lastMessageMs == 0)
                return QStringLiteral("–");
            return tr("%1 s").arg(QLocale().toString((m_now - s.lastMessageMs) / 1000.0, 'f', 1));
        case Messages:
            return QLocale().toString(s.messages);
        case Samples:
            return QLocale().toString(s.samples);
        case Rejected:
            return QLocale().toString(s.rejected);
        case Gaps:
            return QLocale().toString(s.gaps);
        case Bytes:
            return formatBytes(s.bytes);
        case Problem:
            return problem;
        }
    } else if (role == Qt::ToolTipRole) {
        QStringList tip{tr("Feed id: %1").arg(s.id), tr("State: %1").arg(stateText(s, m_now))};
        if (!s.lastError.isEmpty())
            tip.append(tr("Last error: %1").arg(s.lastError));
        if (!s.lastProblem.isEmpty())
            tip.append(tr("Last rejected message: %1").arg(s.lastProblem));
        if (!s.note.isEmpty())
            tip.append(tr("Note: %1").arg(s.note));
        tip.append(tr("Connections: %1").arg(s.connects));
        return tip.join(QLatin1Char('\n'));
    } else if (role == Qt::ForegroundRole && index.column() == Problem) {
        if (problem == s.lastError)
            return palette::critical();
        if (problem == s.lastProblem)
            return palette::rejected();
        return palette::textDim(); // a note ("304 Not Modified") is not a problem
    } else if (role == Qt::ForegroundRole && index.column() == State) {
        switch (s.state) {
        case FeedState::Live:
            return nothingMapped(s) ? palette::pending() : palette::live();
        case FeedState::Retrying:
        case FeedState::Connecting:
            return palette::pending();
        case FeedState::Error:
            return palette::critical();
        default:
            return {};
        }
    } else if (role == Qt::ForegroundRole && index.column() == Rejected && s.rejected > 0) {
        return palette::rejected();
    } else if (role == Qt::TextAlignmentRole && index.column() >= Rate && index.column() <= Bytes) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant FeedStatusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Feed:
        return tr("Feed");
    case State:
        return tr("State");
    case Rate:
        return tr("Msg/s");
    case LastMessage:
        return tr("Last msg");
    case Messages:
        return tr("Messages");
    case Samples:
        return tr("Samples");
    case Rejected:
        return tr("Rejected");
    case Gaps:
        return tr("Gaps");
    case Bytes:
        return tr("Received");
    case Problem:
        return tr("Last error / problem");
    }
    return {};
}

Qt::ItemFlags FeedStatusModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    return index.isValid() ? flags | Qt::ItemIsDragEnabled : flags;
}

QStringList FeedStatusModel::mimeTypes() const
{
    return {ChannelMimeType, QStringLiteral("text/plain")};
}

QMimeData *FeedStatusModel::mimeData(const QModelIndexList &indexes) const
{
    QStringList patterns;
    for (const QModelIndex &index : indexes) {
        if (index.isValid() && index.row() < m_rows.size()) {
            const QString pattern = m_rows[index.row()].id + QStringLiteral("/*");
            if (!patterns.contains(pattern))
                patterns.append(pattern);
        }
    }
    return patterns.isEmpty() ? nullptr : channelMimeData(patterns);
}

namespace {

int problemRank(const FeedStatus &s)
{
    switch (s.state) {
    case FeedState::Error:
        return 0;
    case FeedState::Retrying:
        return 1;
    case FeedState::Connecting:
        return s.lastError.isEmpty() ? 3 : 1; // connecting again after a failure
    default:
        return FeedStatusModel::nothingMapped(s) ? 2 : 3;
    }
}

} // namespace

void FeedStatusModel::setShownFeeds(const std::optional<QSet<QString>> &ids)
{
    if (ids == m_shown)
        return;
    m_shown = ids;
    refresh();
}

void FeedStatusModel::refresh()
{
    m_now = QDateTime::currentMSecsSinceEpoch();
    QList<FeedStatus> rows = m_board->snapshot();
    if (m_shown)
        rows.removeIf([this](const FeedStatus &s) { return !m_shown->contains(s.id); });
    std::stable_sort(rows.begin(), rows.end(), [](const FeedStatus &a, const FeedStatus &b) {
        return problemRank(a) < problemRank(b);
    });
    QHash<QString, QList<std::pair<qint64, quint64>>> history;
    for (const FeedStatus &s : rows) {
        auto readings = m_history.value(s.id);
        if (!readings.isEmpty() && s.messages < readings.last().second)
            readings.clear(); // the feed was restarted: counters began again
        readings.append({m_now, s.messages});
        while (readings.size() > 2 && m_now - readings[1].first >= RateWindowMs)
            readings.removeFirst();
        const qint64 dt = readings.last().first - readings.first().first;
        m_rates.insert(s.id, dt > 0 ? double(readings.last().second - readings.first().second) *
                                          1000.0 / double(dt)
                                    : 0.0);
        history.insert(s.id, readings);
    }
    m_history = history; // forget removed feeds
    for (auto it = m_rates.begin(); it != m_rates.end();)
        it = m_history.contains(it.key()) ? std::next(it) : m_rates.erase(it);
    bool sameOrder = rows.size() == m_rows.size();
    for (qsizetype i = 0; sameOrder && i < rows.size(); ++i)
        sameOrder = rows[i].id == m_rows[i].id;
    if (!sameOrder) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
    } else {
        m_rows = rows;
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    }
}

double FeedStatusModel::totalRate() const
{
    double sum = 0;
    for (double r : m_rates)
        sum += r;
    return sum;
}

FeedStatusView::FeedStatusView(const FeedStatusBoard *board, QWidget *parent)
    : QWidget(parent), m_model(new FeedStatusModel(board, this)), m_table(new QTableView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_table->setObjectName(QStringLiteral("feedStatusTable"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setWordWrap(false);
    // A feed's row dragged onto the dashboard while editing its layout adds its channels.
    m_table->setDragDropMode(QAbstractItemView::DragOnly);
    layout->addWidget(m_table);
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_model->refresh();
        Q_EMIT refreshed();
    });
    m_timer.start();
    m_model->refresh();
    m_table->resizeColumnsToContents();
    m_table->setColumnWidth(FeedStatusModel::State, 200);
    fitFeedColumn();
    // The feed set changed: names may be longer or shorter now, unless the operator sized the
    // column by hand.
    connect(m_model, &QAbstractItemModel::modelReset, this, &FeedStatusView::fitFeedColumn);
    connect(m_table->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int section) {
        if (section == FeedStatusModel::Feed && !m_fitting)
            m_feedColumnSizedByHand = true;
    });
}

void FeedStatusView::fitFeedColumn()
{
    if (m_feedColumnSizedByHand)
        return;
    m_fitting = true;
    m_table->resizeColumnToContents(FeedStatusModel::Feed);
    m_table->setColumnWidth(FeedStatusModel::Feed,
                            std::clamp(m_table->columnWidth(FeedStatusModel::Feed) + 8, 160, 420));
    m_fitting = false;
}

} // namespace livedash
