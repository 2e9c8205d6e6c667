#pragma once

#include "document/dashboard.h"
#include "ingest/messagemapper.h"

#include <QByteArray>
#include <QList>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace livedash {

class IngestEngine;
class MappingEditor;
class OptionsForm;
class PluginRegistry;

/// The "Feeds" tab of the settings dialog: the feed list, an editor for the selected feed whose
/// options form is generated from the plugin's declared options, and a "Test" pane that probes
/// the feed and previews what its field mapping extracts.
class SettingsFeedsPage : public QWidget
{
    Q_OBJECT
public:
    SettingsFeedsPage(const PluginRegistry *registry, IngestEngine *engine,
                      QWidget *parent = nullptr);

    void setFeeds(const QList<FeedConfig> &feeds);
    const QList<FeedConfig> &feeds() const { return m_feeds; }
    void selectFeed(const QString &id);
    /// While `why` is not empty the Test button stays off and says why: a test connects and
    /// resolves `${env:...}` and `${keychain:...}`, which an untrusted dashboard must not do.
    void setTestBlocked(const QString &why);

    /// One line per invalid feed: which feed, and its first problem.
    QStringList problems() const;
    /// "<feed id>/<channel>" of every mapping with a fixed channel name (for the panel editor).
    QStringList mappedChannels() const;

Q_SIGNALS:
    /// "Chart these channels": a chart of `channels` (the feed's mapped names, or all of it)
    /// titled `title` is wanted on the Panels tab.
    void chartRequested(const QString &title, const QStringList &channels);
    /// The feed list or a feed changed.
    void changed();
    /// A feed's id changed from one valid, unique id to another: channels "<from>/..." are now
    /// "<to>/...". Ids typed on the way that were invalid or taken are skipped.
    void feedRenamed(const QString &from, const QString &to);

private:
    QWidget *createListPane();
    QWidget *createEditorPane();
    QWidget *createFeedBox();
    QWidget *createReconnectBox();
    void connectEditors();
    QWidget *createTestPane();

    void addFeed(const QString &pluginId);
    void duplicateFeed();
    void confirmRemoveFeed();
    void removeFeed(const QString &id);

    void showFeed(int index);
    void storeEditor();
    void pluginChosen();
    void refreshItem(int index);
    void refreshValidation();
    /// The hint under each secret field: kept in the keychain, read from the environment, ...
    void refreshSecretHints();
    /// The problems of feed `index`, with paths relative to the feed ("options.url").
    QList<Problem> feedProblems(int index) const;
    QString describe(const FeedConfig &feed, const Problem &problem) const;

    void startTest();
    void probeFinished(const QString &requestId, const QByteArray &payload, const QString &error,
                       const livedash::MessageOrigin &origin);
    void setTestBusy(bool busy);
    void clearTest();
    void updatePreview();
    void setTestStatus(const QString &text, bool error);

    const PluginRegistry *m_registry;
    IngestEngine *m_engine;
    void requestChart();

    QPushButton *m_chart = nullptr;
    QList<FeedConfig> m_feeds;
    /// Per feed (same index as m_feeds): the last id it had that was valid and its own, which
    /// panels' channels refer to.
    QStringList m_channelIds;
    /// Per feed: its id follows its name as it is typed (a feed added in this dialog, until the
    /// operator edits the id itself).
    QList<bool> m_idFollowsName;
    /// An id made from `name`: lower case, '-' between words, unique among the other feeds.
    QString idFromName(const QString &name) const;
    int m_current = -1;
    bool m_loading = false;

    QListWidget *m_list = nullptr;
    QMenu *m_addMenu = nullptr;
    QPushButton *m_duplicate = nullptr;
    QPushButton *m_remove = nullptr;

    QWidget *m_editor = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_id = nullptr;
    QLabel *m_idError = nullptr;
    QComboBox *m_plugin = nullptr;
    QLabel *m_pluginDescription = nullptr;
    QLabel *m_pluginError = nullptr;
    QCheckBox *m_enabled = nullptr;
    QCheckBox *m_keepHistory = nullptr;
    OptionsForm *m_options = nullptr;
    QLabel *m_optionsError = nullptr;
    QSpinBox *m_initialDelay = nullptr;
    QSpinBox *m_maxDelay = nullptr;
    QSpinBox *m_stablePeriod = nullptr;
    QLabel *m_reconnectError = nullptr;
    MappingEditor *m_mapping = nullptr;

    QPushButton *m_test = nullptr;
    QString m_testBlocked; ///< why Test is off (see setTestBlocked)
    QProgressBar *m_testBusy = nullptr;
    QLabel *m_testStatus = nullptr;
    QPlainTextEdit *m_testMessage = nullptr;
    QTableWidget *m_testPreview = nullptr;
    QString m_probeId;
    int m_probeCount = 0;
    QByteArray m_testPayload;   ///< the last probed message, re-previewed as the mapping changes
    MessageOrigin m_testOrigin; ///< where the feed said it came from (SSE event, topic)
};

} // namespace livedash
