#pragma once

#include "document/dashboard.h"

#include <QList>
#include <QStringList>
#include <QWidget>

#include <array>
#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace livedash {

/// The "Panels" tab of the settings dialog: the panel list and an editor for the selected panel.
class SettingsPanelsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SettingsPanelsPage(QWidget *parent = nullptr);

    void setPanels(const QList<PanelConfig> &panels);
    const QList<PanelConfig> &panels() const { return m_panels; }
    void selectPanel(int index);
    /// Adds a chart of `channels` titled `title` below the other panels and shows it.
    void addChart(const QString &title, const QStringList &channels);

    /// Where the list of known channel names comes from; called by refreshChannels().
    void setChannelSource(std::function<QStringList()> source);
    void refreshChannels();

    /// One line per invalid panel.
    QStringList problems() const;

    /// Channels "<from>/..." of every panel become "<to>/..." (a feed was renamed).
    void renameFeed(const QString &from, const QString &to);

Q_SIGNALS:
    void changed();

private:
    QWidget *createListPane();
    QWidget *createEditorPane();
    QWidget *createPanelBox();
    QWidget *createChannelsBox();
    QWidget *createDisplayBox();
    QWidget *createYRangeRow();
    QWidget *createThresholdRow();
    QWidget *createRightAxisRow();
    QWidget *createStatesRow();
    QWidget *createPositionBox();
    void connectEditors();
    void addPanel();
    void removePanel();
    void movePanel(int delta);
    void showPanel(int index);
    void storeEditor();
    void updateKindRows();
    void refreshItem(int index);
    void refreshValidation();
    void addKnownChannel(const QString &name);
    void filterKnownChannels();
    QString panelProblem(const PanelConfig &panel) const;

    QList<PanelConfig> m_panels;
    int m_current = -1;
    bool m_loading = false;
    std::function<QStringList()> m_channelSource;

    QListWidget *m_list = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_up = nullptr;
    QPushButton *m_down = nullptr;

    QWidget *m_editor = nullptr;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_title = nullptr;
    QPlainTextEdit *m_channels = nullptr;
    QLineEdit *m_knownFilter = nullptr;
    QListWidget *m_known = nullptr;
    QFormLayout *m_displayForm = nullptr;
    QSpinBox *m_window = nullptr;
    QWidget *m_yRangeRow = nullptr;
    QCheckBox *m_fixedY = nullptr;
    QDoubleSpinBox *m_yMin = nullptr;
    QDoubleSpinBox *m_yMax = nullptr;
    QLabel *m_yError = nullptr;
    /// Chart: the right axis' channel patterns, unit and optional ends.
    QWidget *m_rightAxisRow = nullptr;
    QLineEdit *m_rightChannels = nullptr;
    QLineEdit *m_rightUnit = nullptr;
    std::array<QCheckBox *, 2> m_rightEndOn{};    ///< min, max
    std::array<QDoubleSpinBox *, 2> m_rightEnd{}; ///< min, max
    QLabel *m_rightError = nullptr;
    /// Warning above, warning below, critical above, critical below.
    struct Threshold
    {
        QCheckBox *on = nullptr;
        QDoubleSpinBox *value = nullptr;
    };
    std::array<Threshold, 4> m_thresholds;
    QWidget *m_thresholdRow = nullptr;
    QLabel *m_thresholdError = nullptr;
    QLineEdit *m_unit = nullptr;
    QSpinBox *m_decimals = nullptr;
    QLineEdit *m_columns = nullptr;
    QSpinBox *m_maxEvents = nullptr;
    QFormLayout *m_kindForm = nullptr; ///< the rows of the bar and the state timeline
    QComboBox *m_sort = nullptr;       ///< bar: the bars' order
    QWidget *m_statesRow = nullptr;    ///< state timeline: state colours, and their error
    QLineEdit *m_states = nullptr;
    QLabel *m_statesError = nullptr;
    QSpinBox *m_row = nullptr;
    QSpinBox *m_column = nullptr;
    QSpinBox *m_rowSpan = nullptr;
    QSpinBox *m_columnSpan = nullptr;
};

} // namespace livedash
