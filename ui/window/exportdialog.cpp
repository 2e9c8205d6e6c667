#include "window/exportdialog.h"
#include "history/exporter.h"
#include "history/historystore.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QProgressDialog>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QSvgGenerator>
#include <QVBoxLayout>

#include <limits>

namespace livedash {

bool saveWidgetImage(QWidget *widget, const QString &path, QString *error)
{
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(widget->size());
        svg.setViewBox(widget->rect());
        svg.setTitle(widget->windowTitle());
        svg.setDescription(QStringLiteral("Livedash"));
        QPainter painter;
        if (!painter.begin(&svg)) {
            *error = QCoreApplication::translate("livedash::ExportDialog", "cannot write %1")
                         .arg(QDir::toNativeSeparators(path));
            return false;
        }
        widget->render(&painter);
        painter.end();
        if (!QFileInfo(path).exists() || QFileInfo(path).size() == 0) {
            *error = QCoreApplication::translate("livedash::ExportDialog", "cannot write %1")
                         .arg(QDir::toNativeSeparators(path));
            return false;
        }
        return true;
    }
    const QPixmap pixmap = widget->grab();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !pixmap.save(&file, "PNG") || !file.commit()) {
        *error = QCoreApplication::translate("livedash::ExportDialog", "cannot write %1: %2")
                     .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

void copyWidgetImage(QWidget *widget)
{
    QApplication::clipboard()->setPixmap(widget->grab());
}

namespace {

enum Range { Visible, LastHour, LastDay, LastWeek, Everything, Custom };

} // namespace

ExportDialog::ExportDialog(const QString &historyPath, const QSet<QString> &feeds,
                           qint64 visibleFrom, qint64 visibleTo, QWidget *parent)
    : QDialog(parent), m_historyPath(historyPath), m_visibleFrom(visibleFrom),
      m_visibleTo(visibleTo), m_channels(new QListWidget(this)), m_range(new QComboBox(this)),
      m_from(new QDateTimeEdit(this)), m_to(new QDateTimeEdit(this)), m_layout(new QComboBox(this)),
      m_time(new QComboBox(this)), m_status(new QLabel(this))
{
    setWindowTitle(tr("Export data"));
    auto *form = new QFormLayout(this);
    m_channels->setObjectName(QStringLiteral("exportChannels"));
    m_channels->setMinimumHeight(180);
    history::HistoryStore store;
    QString error;
    if (store.open(historyPath, history::HistoryStore::Mode::ReadOnly, &error)) {
        for (const QString &name : store.channels()) {
            if (!feeds.contains(name.section(QLatin1Char('/'), 0, 0)))
                continue;
            auto *item = new QListWidgetItem(name, m_channels);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Checked);
        }
    } else {
        m_status->setText(error);
    }
    form->addRow(tr("Channels:"), m_channels);
    m_range->setObjectName(QStringLiteral("exportRange"));
    m_range->addItem(tr("What the charts show"), Visible);
    m_range->addItem(tr("Last hour"), LastHour);
    m_range->addItem(tr("Last 24 hours"), LastDay);
    m_range->addItem(tr("Last 7 days"), LastWeek);
    m_range->addItem(tr("Everything stored"), Everything);
    m_range->addItem(tr("Custom"), Custom);
    form->addRow(tr("Range:"), m_range);
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        edit->setCalendarPopup(true);
    }
    form->addRow(tr("From:"), m_from);
    form->addRow(tr("To:"), m_to);
    m_layout->setObjectName(QStringLiteral("exportLayout"));
    m_layout->addItem(tr("Long: time, channel, value, text (a row per value)"),
                      int(history::CsvExport::Layout::Long));
    m_layout->addItem(tr("Wide: time and a column per channel"),
                      int(history::CsvExport::Layout::Wide));
    form->addRow(tr("Layout:"), m_layout);
    m_time->setObjectName(QStringLiteral("exportTime"));
    m_time->addItem(tr("ISO 8601 (UTC)"), int(history::CsvExport::TimeFormat::Iso8601));
    m_time->addItem(tr("Milliseconds since 1970 (epoch)"),
                    int(history::CsvExport::TimeFormat::EpochMillis));
    form->addRow(tr("Times:"), m_time);
    m_status->setWordWrap(true);
    form->addRow(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Close, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::Save), &QPushButton::clicked, this,
            &ExportDialog::save);
    connect(m_range, &QComboBox::currentIndexChanged, this, &ExportDialog::rangeChanged);
    rangeChanged();
}

void ExportDialog::rangeChanged()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 from = m_visibleFrom, to = m_visibleTo;
    switch (m_range->currentData().toInt()) {
    case LastHour:
        from = now - 3600 * 1000LL;
        to = now;
        break;
    case LastDay:
        from = now - 24 * 3600 * 1000LL;
        to = now;
        break;
    case LastWeek:
        from = now - 7 * 24 * 3600 * 1000LL;
        to = now;
        break;
    case Everything: {
        history::HistoryStore store;
        if (store.open(m_historyPath, history::HistoryStore::Mode::ReadOnly, nullptr)) {
            if (const auto span = store.span()) {
                from = span->first;
                to = std::max(now, span->second);
            }
        }
        break;
    }
    case Custom:
        m_from->setEnabled(true);
        m_to->setEnabled(true);
        return;
    default:
        break;
    }
    m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(from));
    m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(to));
    m_from->setEnabled(false);
    m_to->setEnabled(false);
}

bool ExportDialog::exportTo(const QString &path, QString *error)
{
    history::CsvExport what;
    for (int i = 0; i < m_channels->count(); ++i) {
        if (m_channels->item(i)->checkState() == Qt::Checked)
            what.channels.append(m_channels->item(i)->text());
    }
    if (what.channels.isEmpty()) {
        *error = tr("Choose at least one channel.");
        return false;
    }
    what.from = m_from->dateTime().toMSecsSinceEpoch();
    // The edits show whole seconds: the end second is included whole.
    what.to = m_to->dateTime().toMSecsSinceEpoch() + 999;
    what.layout = history::CsvExport::Layout(m_layout->currentData().toInt());
    what.timeFormat = history::CsvExport::TimeFormat(m_time->currentData().toInt());
    history::HistoryStore store;
    if (!store.open(m_historyPath, history::HistoryStore::Mode::ReadOnly, error))
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    QProgressDialog progress(tr("Exporting…"), tr("Cancel"), 0, 1000, this);
    progress.setMinimumDuration(500);
    progress.setWindowModality(Qt::WindowModal);
    const bool ok = history::writeCsv(store, what, &file, error, [&progress](double done) {
        progress.setValue(int(done * 1000));
        return !progress.wasCanceled();
    });
    if (!ok) {
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        *error = tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

void ExportDialog::save()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested =
        dir + QStringLiteral("/livedash-%1.csv")
                  .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export data"), suggested, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportTo(path, &error))
        m_status->setText(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
    else
        m_status->setText(error);
}

} // namespace livedash
