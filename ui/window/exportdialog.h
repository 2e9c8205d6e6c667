#pragma once

#include <QDialog>
#include <QSet>

class QButtonGroup;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QListWidget;
class QRadioButton;

namespace livedash {

class DashboardView;

/// Saves an image of a panel or of the whole dashboard: PNG (as on screen) or SVG (vector).
/// Returns false with the reason in `error`.
bool saveWidgetImage(QWidget *widget, const QString &path, QString *error);
/// Copies an image of `widget` to the clipboard.
void copyWidgetImage(QWidget *widget);

/// File > Export data: chosen channels of the dashboard's history over the visible or a chosen
/// range, as CSV (long or wide; ISO 8601 or epoch times).
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    /// `historyPath`: the dashboard's history file; `feeds`: the feeds whose channels are
    /// offered; [visibleFrom, visibleTo]: what the charts show now.
    ExportDialog(const QString &historyPath, const QSet<QString> &feeds, qint64 visibleFrom,
                 qint64 visibleTo, QWidget *parent = nullptr);

    /// Writes the CSV to `path` with the dialog's choices (the Save button asks for the path).
    bool exportTo(const QString &path, QString *error);
    QListWidget *channelList() const { return m_channels; }
    QComboBox *rangeChoice() const { return m_range; }
    QComboBox *layoutChoice() const { return m_layout; }
    QComboBox *timeChoice() const { return m_time; }

private:
    void rangeChanged();
    void save();

    QString m_historyPath;
    qint64 m_visibleFrom, m_visibleTo;
    QListWidget *m_channels;
    QComboBox *m_range;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QComboBox *m_layout;
    QComboBox *m_time;
    QLabel *m_status;
};

} // namespace livedash
