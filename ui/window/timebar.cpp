#include "window/timebar.h"
#include "panels/chartpanel.h"
#include "panels/dashboardview.h"
#include "window/historyplayback.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProxyStyle>
#include <QSlider>
#include <QToolButton>

namespace livedash {

namespace {

constexpr qint64 Minute = 60 * 1000;
constexpr int ScrubberSteps = 1000;

/// The live choices: label and span (0: each chart its own window).
struct LiveChoice
{
    const char *label;
    qint64 spanMs;
};
constexpr LiveChoice LiveChoices[] = {
    {QT_TRANSLATE_NOOP("livedash::TimeBar", "Live"), 0},
    {QT_TRANSLATE_NOOP("livedash::TimeBar", "Last 5 min"), 5 * Minute},
    {QT_TRANSLATE_NOOP("livedash::TimeBar", "Last hour"), 60 * Minute},
    {QT_TRANSLATE_NOOP("livedash::TimeBar", "Last 24 hours"), 24 * 60 * Minute},
    {QT_TRANSLATE_NOOP("livedash::TimeBar", "Last 7 days"), 7 * 24 * 60 * Minute},
};
constexpr double Speeds[] = {0.5, 1, 2, 5, 10, 30, 100};

/// The application's style, except that a left click on a slider's groove moves the handle
/// there (and starts a drag), as a media player's scrubber does, instead of a page step.
class ScrubberStyle : public QProxyStyle
{
public:
    int styleHint(StyleHint hint, const QStyleOption *option, const QWidget *widget,
                  QStyleHintReturn *returnData) const override
    {
        if (hint == QStyle::SH_Slider_AbsoluteSetButtons)
            return Qt::LeftButton;
        return QProxyStyle::styleHint(hint, option, widget, returnData);
    }
};

} // namespace

TimeBar::TimeBar(DashboardView *view, QWidget *parent)
    : QToolBar(tr("Time"), parent), m_view(view), m_playback(new HistoryPlayback(this))
{
    setObjectName(QStringLiteral("timeBar"));
    setMovable(false);
    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("timeRange"));
    for (const LiveChoice &choice : LiveChoices)
        m_range->addItem(tr(choice.label));
    m_range->addItem(tr("Custom range…"));
    m_range->setToolTip(tr("What the charts show: the live edge over each chart's own window or "
                           "a common one, or a past range from the dashboard's history"));
    addWidget(m_range);
    connect(m_range, &QComboBox::activated, this, &TimeBar::rangeChosen);

    m_replay = new QToolButton(this);
    m_replay->setText(tr("Replay…"));
    m_replay->setToolTip(tr("Play a past range through every panel, 0.5× to 100×"));
    addWidget(m_replay);
    connect(m_replay, &QToolButton::clicked, this, [this] { chooseCustomRange(true); });

    // Text symbols: the style's media icons are dark glyphs, unreadable on the dark theme.
    const auto button = [this](const QString &symbol, const QString &tip) {
        auto *b = new QToolButton(this);
        b->setText(symbol);
        b->setToolTip(tip);
        m_playbackActions.append(addWidget(b));
        return b;
    };
    m_stepBack = button(QStringLiteral("◀◀"), tr("Step back 1 s (10 s with Shift)"));
    m_playPause = button(QStringLiteral("▶"), tr("Play or pause"));
    m_stepForward = button(QStringLiteral("▶▶"), tr("Step forward 1 s (10 s with Shift)"));
    const auto stepBy = [this](int direction) {
        const qint64 ms = (QApplication::keyboardModifiers() & Qt::ShiftModifier) ? 10000 : 1000;
        m_playback->step(direction * ms);
        updateControls();
    };
    connect(m_stepBack, &QToolButton::clicked, this, [stepBy] { stepBy(-1); });
    connect(m_stepForward, &QToolButton::clicked, this, [stepBy] { stepBy(1); });
    connect(m_playPause, &QToolButton::clicked, this, [this] {
        if (m_playback->isPlaying())
            m_playback->pause();
        else
            m_playback->play(m_playback->speed());
        updateControls();
    });
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("replaySpeed"));
    for (double s : Speeds)
        m_speed->addItem(QStringLiteral("%1×").arg(s), s);
    m_speed->setCurrentIndex(1);
    m_speed->setToolTip(tr("Replay speed"));
    m_playbackActions.append(addWidget(m_speed));
    connect(m_speed, &QComboBox::activated, this,
            [this] { m_playback->setSpeed(m_speed->currentData().toDouble()); });
    m_scrubber = new QSlider(Qt::Horizontal, this);
    m_scrubber->setObjectName(QStringLiteral("replayScrubber"));
    m_scrubber->setRange(0, ScrubberSteps);
    m_scrubber->setMinimumWidth(240);
    auto *scrubberStyle = new ScrubberStyle; // follows the application's style
    scrubberStyle->setParent(m_scrubber);
    m_scrubber->setStyle(scrubberStyle);
    m_playbackActions.append(addWidget(m_scrubber));
    connect(m_scrubber, &QSlider::sliderPressed, this, [this] { m_scrubbing = true; });
    connect(m_scrubber, &QSlider::sliderReleased, this, [this] {
        m_scrubbing = false;
        const double f = double(m_scrubber->value()) / ScrubberSteps;
        const qint64 from = m_playback->rangeFrom(), to = m_playback->rangeTo();
        const bool playing = m_playback->isPlaying();
        m_playback->seek(from + qint64(f * double(to - from)));
        if (playing)
            m_playback->play(m_playback->speed());
    });
    m_position = new QLabel(this);
    m_position->setObjectName(QStringLiteral("replayPosition"));
    m_position->setMinimumWidth(150);
    m_playbackActions.append(addWidget(m_position));
    m_live = new QToolButton(this);
    m_live->setText(tr("Live"));
    m_live->setObjectName(QStringLiteral("goLive"));
    m_live->setToolTip(tr("Back to the live edge"));
    m_playbackActions.append(addWidget(m_live));
    connect(m_live, &QToolButton::clicked, this, [this] { showLive(0); });
    connect(m_playback, &HistoryPlayback::positionChanged, this, &TimeBar::positionChanged);
    connect(m_playback, &HistoryPlayback::finished, this, &TimeBar::updateControls);
    // First in the bar, in a colour no theme uses for anything else: an operator glancing at
    // the wall must not take stored data for live.
    m_mode = new QLabel(this);
    m_mode->setObjectName(QStringLiteral("timeMode"));
    m_mode->setStyleSheet(QStringLiteral("QLabel { background: #c77700; color: white;"
                                         " font-weight: bold; padding: 2px 8px;"
                                         " border-radius: 3px; }"));
    m_mode->setToolTip(tr("The panels show stored data, not live data. Click Live to return."));
    m_playbackActions.append(insertWidget(actions().value(0), m_mode));
    updateControls();
}

TimeBar::~TimeBar()
{
    // The view must not keep showing a store that goes with the playback.
    if (m_view && !m_view->isShowingLive())
        m_view->showStore(nullptr, {});
}

void TimeBar::setHistory(const QString &path, const QSet<QString> &feeds, qint64 windowMs)
{
    if (path != m_path && !isLive())
        showLive(0);
    m_path = path;
    m_feeds = feeds;
    m_windowMs = windowMs;
    m_replay->setEnabled(!path.isEmpty());
    m_range->setItemData(m_range->count() - 1, path.isEmpty() ? 0 : QVariant(),
                         Qt::UserRole - 1); // "Custom range…" disabled without history
}

bool TimeBar::isLive() const
{
    return m_view->isShowingLive();
}

void TimeBar::showLive(qint64 spanMs)
{
    m_playback->pause();
    if (!isLive())
        m_view->showStore(nullptr, {});
    int index = 0;
    for (int i = 0; i < int(std::size(LiveChoices)); ++i) {
        if (LiveChoices[i].spanMs == spanMs)
            index = i;
    }
    m_range->setCurrentIndex(index);
    setChartSpans(spanMs, 0);
    updateControls();
}

bool TimeBar::showRange(qint64 from, qint64 to, double speed)
{
    if (m_path.isEmpty()) {
        m_error = tr("This dashboard keeps no history.");
        return false;
    }
    if (!m_playback->isOpen() || m_playback->reader()->path() != m_path) {
        if (!m_playback->open(m_path, &m_error))
            return false;
    }
    m_playback->setFeeds(m_feeds);
    m_playback->setWindow(std::min(m_windowMs, to - from));
    m_playback->setRange(from, to);
    m_playback->seek(speed > 0 ? from : to);
    HistoryPlayback *playback = m_playback;
    if (isLive())
        m_view->showStore(playback->store(), [playback] { return playback->position(); });
    m_range->setCurrentIndex(m_range->count() - 1);
    setChartSpans(to - from, to);
    if (speed > 0) {
        m_speed->setCurrentIndex(int(std::distance(
            std::begin(Speeds), std::find(std::begin(Speeds), std::end(Speeds), speed))));
        m_playback->play(speed);
    }
    updateControls();
    return true;
}

void TimeBar::rangeChosen(int index)
{
    if (index < int(std::size(LiveChoices))) {
        showLive(LiveChoices[index].spanMs);
        return;
    }
    chooseCustomRange(false);
}

void TimeBar::chooseCustomRange(bool replay)
{
    QDialog dialog(this);
    dialog.setWindowTitle(replay ? tr("Replay") : tr("Show a past range"));
    auto *form = new QFormLayout(&dialog);
    const QDateTime now = QDateTime::currentDateTime();
    QDateTime defaultFrom = now.addSecs(-3600);
    if (m_playback->isOpen() || m_playback->open(m_path, nullptr)) {
        if (const auto span = m_playback->storedSpan())
            defaultFrom = std::max(defaultFrom, QDateTime::fromMSecsSinceEpoch(span->first));
    }
    auto *fromEdit = new QDateTimeEdit(defaultFrom, &dialog);
    auto *toEdit = new QDateTimeEdit(now, &dialog);
    for (QDateTimeEdit *edit : {fromEdit, toEdit}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        edit->setCalendarPopup(true);
    }
    form->addRow(tr("From"), fromEdit);
    form->addRow(tr("To"), toEdit);
    QComboBox *speed = nullptr;
    if (replay) {
        speed = new QComboBox(&dialog);
        for (double s : Speeds)
            speed->addItem(QStringLiteral("%1×").arg(s), s);
        speed->setCurrentIndex(4); // 10x
        form->addRow(tr("Speed"), speed);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) {
        updateControls();
        return;
    }
    const qint64 from = fromEdit->dateTime().toMSecsSinceEpoch();
    const qint64 to = toEdit->dateTime().toMSecsSinceEpoch();
    if (to <= from) {
        QMessageBox::warning(this, dialog.windowTitle(), tr("The end must come after the start."));
        updateControls();
        return;
    }
    if (!showRange(from, to, speed ? speed->currentData().toDouble() : 0))
        QMessageBox::warning(this, dialog.windowTitle(), m_error);
}

void TimeBar::setChartSpans(qint64 spanMs, qint64 endMs)
{
    Q_UNUSED(endMs) // past views end at the playback's position: the view's clock
    for (Panel *panel : m_view->panels()) {
        auto *chart = qobject_cast<ChartPanel *>(panel);
        if (!chart)
            continue;
        chart->goLive();
        if (spanMs > 0)
            chart->zoom(double(spanMs) / double(chart->spanMs()));
    }
}

void TimeBar::positionChanged(qint64 t)
{
    const qint64 from = m_playback->rangeFrom(), to = m_playback->rangeTo();
    if (!m_scrubbing && to > from)
        m_scrubber->setValue(int(double(t - from) / double(to - from) * ScrubberSteps));
    m_position->setText(
        QDateTime::fromMSecsSinceEpoch(t).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
}

void TimeBar::updateControls()
{
    const bool past = !isLive();
    for (QAction *action : std::as_const(m_playbackActions))
        action->setVisible(past);
    m_playPause->setText(m_playback->isPlaying() ? QStringLiteral("❚❚") : QStringLiteral("▶"));
    m_mode->setText(m_playback->isPlaying() ? tr("REPLAY") : tr("HISTORY"));
    if (past)
        positionChanged(m_playback->position());
}

} // namespace livedash
