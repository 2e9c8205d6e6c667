// The settings dialog driven through its widgets, with the real feed plugins, a real ingest
// engine and a local HTTP server for the "Test" button.
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "localhttpserver.h"
#include "settings/settingsdialog.h"
#include "widgets/settingserrorlabel.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>

#include "widgetdriver.h"
#include <QTableWidget>
#include <QTest>
#include <QToolButton>
#include <QWheelEvent>

using namespace livedash;
using namespace livedash::test;

namespace {

/// Declares one option of every type, so the form is checked for all of them whichever real
/// plugins are installed. Registered next to the real plugins, never run.
class FormTestPlugin : public QObject, public FeedPlugin
{
    Q_OBJECT
    Q_INTERFACES(livedash::FeedPlugin)
public:
    PluginInfo info() const override
    {
        PluginInfo i;
        i.id = QStringLiteral("formtest");
        i.displayName = QStringLiteral("Form test");
        i.version = QStringLiteral("1");
        i.description = QStringLiteral("One option of every type");
        auto add = [&](const char *key, OptionType type, QVariant def, bool required = false,
                       QStringList choices = {}, double min = 0, double max = 0) {
            OptionSpec s;
            s.key = QString::fromLatin1(key);
            s.type = type;
            s.label = QStringLiteral("Label of ") + s.key;
            s.help = QStringLiteral("Help for ") + s.key;
            s.defaultValue = std::move(def);
            s.required = required;
            s.choices = std::move(choices);
            s.minimum = min;
            s.maximum = max;
            i.options.append(s);
        };
        add("url", OptionType::Url, {}, true, {QStringLiteral("http"), QStringLiteral("https")});
        add("name", OptionType::String, QStringLiteral("hello"));
        add("count", OptionType::Int, 5, false, {}, 1, 100);
        add("ratio", OptionType::Double, 0.5);
        add("flag", OptionType::Bool, true);
        add("mode", OptionType::Enum, QStringLiteral("fast"), false,
            {QStringLiteral("fast"), QStringLiteral("slow")});
        add("token", OptionType::Secret, {});
        add("period", OptionType::Duration, 1000, false, {}, 100, 600000);
        add("headers", OptionType::Headers, {});
        add("notes", OptionType::Text, {});
        add("big", OptionType::Int, 0);
        // A String with suggestions (as the serial plugin lists the ports present).
        add("port", OptionType::String, {}, false,
            {QStringLiteral("/dev/ttyACM0"), QStringLiteral("/dev/ttyUSB0")});
        return i;
    }
    QList<Problem> validate(const QVariantMap &options) const override
    {
        if (options.value(QStringLiteral("count")).toInt() == 13)
            return {{QStringLiteral("count"), QStringLiteral("13 is unlucky")}};
        return {};
    }
    std::unique_ptr<Feed> createFeed(const QVariantMap &) const override { return nullptr; }
};

QString errorText(const QObject *root, const QString &name)
{
    auto *label = root->findChild<QLabel *>(name);
    return label && label->isVisible() ? label->text() : QString();
}

bool okEnabled(const SettingsDialog &dialog)
{
    return find<QDialogButtonBox>(&dialog, QStringLiteral("buttons"))
        ->button(QDialogButtonBox::Ok)
        ->isEnabled();
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private:
    FormTestPlugin m_formPlugin;
    PluginRegistry m_registry;
    IngestEngine *m_engine = nullptr;
    LocalHttpServer m_server;

    /// Adds a feed through the Add menu and returns its index in the list.
    static int addFeed(SettingsDialog &dialog, const QString &pluginId)
    {
        auto *menu = find<QMenu>(&dialog, QStringLiteral("addFeedMenu"));
        auto *list = find<QListWidget>(&dialog, QStringLiteral("feedList"));
        if (!menu || !list)
            return -1;
        for (QAction *a : menu->actions())
            if (a->data().toString() == pluginId) {
                a->trigger();
                return list->currentRow();
            }
        return -1;
    }

    std::unique_ptr<SettingsDialog> openDialog(const Dashboard &dashboard = {})
    {
        auto dialog = std::make_unique<SettingsDialog>(dashboard, &m_registry, m_engine);
        dialog->show();
        if (!QTest::qWaitForWindowExposed(dialog.get()))
            qWarning("dialog not exposed");
        return dialog;
    }

    /// Saves a picture of `dialog` when LIVEDASH_SCREENSHOT_DIR is set (for reviews by eye).
    static void screenshot(SettingsDialog &dialog, const QString &name)
    {
        const QString dir = qEnvironmentVariable("LIVEDASH_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QTest::qWait(50); // let pending layout requests run, as the event loop would
        dialog.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

    bool requirePlugin(const QString &id) { return m_registry.plugin(id) != nullptr; }

private Q_SLOTS:
    void initTestCase()
    {
        m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
        m_registry.add(&m_formPlugin, QStringLiteral("test"));
        QVERIFY(m_registry.plugin(QStringLiteral("formtest")));
        for (const auto &f : m_registry.failures())
            qWarning("plugin not loaded: %s: %s", qPrintable(f.file), qPrintable(f.reason));
        m_engine = new IngestEngine(&m_registry, 1, this);
        m_server.route("/data", [](HttpExchange *ex) { ex->respond(200, R"({"temp": 21.5})"); });
        m_server.route("/missing", [](HttpExchange *ex) { ex->respond(404, "no"); });
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
    }

    void cleanupTestCase()
    {
        m_engine->shutdown();
        delete m_engine;
        m_engine = nullptr;
    }

    void hasTheFourTabs()
    {
        auto dialog = openDialog();
        auto *tabs = find<QTabWidget>(dialog.get(), QStringLiteral("settingsTabs"));
        QVERIFY(tabs);
        QCOMPARE(tabs->count(), 4);
        QCOMPARE(tabs->tabText(0), QStringLiteral("Feeds"));
        QCOMPARE(tabs->tabText(1), QStringLiteral("Panels"));
        QCOMPARE(tabs->tabText(2), QStringLiteral("Alerts"));
        QCOMPARE(tabs->tabText(3), QStringLiteral("General"));
    }

    void newFeedsIdFollowsItsName()
    {
        Dashboard d;
        FeedConfig existing;
        existing.id = QStringLiteral("plant-sensors");
        existing.plugin = QStringLiteral("formtest");
        existing.name = QStringLiteral("Plant sensors");
        existing.options = {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1/")}};
        d.feeds = {existing};
        auto dialog = openDialog(d);
        auto *name = find<QLineEdit>(dialog.get(), QStringLiteral("feedName"));
        auto *id = find<QLineEdit>(dialog.get(), QStringLiteral("feedId"));
        // An existing feed keeps its id (its channels are named after it).
        typeInto(name, QStringLiteral("Renamed"));
        QCOMPARE(id->text(), QStringLiteral("plant-sensors"));
        // A new one follows its name as typed, unique among the others.
        QCOMPARE(addFeed(*dialog, QStringLiteral("formtest")), 1);
        typeInto(name, QStringLiteral("Plant Sensors (Hall B)"));
        QCOMPARE(id->text(), QStringLiteral("plant-sensors-hall-b"));
        typeInto(name, QStringLiteral("Plant sensors"));
        QCOMPARE(id->text(), QStringLiteral("plant-sensors-2")); // the first one has that id
        // (Typed keys are ASCII only in QTest: what an input method gives, as one edit.)
        name->setText(QStringLiteral("Zürich Wetter"));
        Q_EMIT name->textEdited(name->text());
        QCOMPARE(id->text(), QStringLiteral("zurich-wetter"));
        QCOMPARE(dialog->dashboard().feeds.value(1).id, QStringLiteral("zurich-wetter"));
        // Once the id is typed by hand, it stays.
        typeInto(id, QStringLiteral("zh"));
        typeInto(name, QStringLiteral("Zurich weather"));
        QCOMPARE(id->text(), QStringLiteral("zh"));
        QCOMPARE(dialog->dashboard().feeds.value(1).id, QStringLiteral("zh"));
        QCOMPARE(dialog->dashboard().feeds.value(0).id, QStringLiteral("plant-sensors"));
    }

    void chartTheseChannelsAddsAChartInOneStep()
    {
        Dashboard d;
        FeedConfig feed;
        feed.id = QStringLiteral("plant");
        feed.plugin = QStringLiteral("formtest");
        feed.name = QStringLiteral("Plant sensors");
        feed.options = {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1/")}};
        ChannelMapping temp;
        temp.path = QStringLiteral("temp");
        temp.channel = QStringLiteral("hall/temp");
        ChannelMapping hum;
        hum.path = QStringLiteral("hum");
        feed.fields.channels = {temp, hum};
        FeedConfig named = feed;
        named.id = QStringLiteral("fleet");
        named.name.clear();
        ChannelMapping each;
        each.path = QStringLiteral("hosts[*].cpu");
        each.channel = QStringLiteral("{hosts[*].name}/cpu");
        named.fields.channels = {each};
        d.feeds = {feed, named};
        auto dialog = openDialog(d);
        auto *chart = find<QPushButton>(dialog.get(), QStringLiteral("chartFeedChannels"));
        QVERIFY(chart);
        QTest::mouseClick(chart, Qt::LeftButton);
        // The Panels tab shows a new chart of the feed's two mapped channels, titled after it.
        auto *tabs = find<QTabWidget>(dialog.get(), QStringLiteral("settingsTabs"));
        QCOMPARE(tabs->currentIndex(), 1);
        QCOMPARE(dialog->dashboard().panels.size(), 1);
        const PanelConfig made = dialog->dashboard().panels.first();
        QCOMPARE(made.kind, PanelKind::Chart);
        QCOMPARE(made.title, QStringLiteral("Plant sensors"));
        QCOMPARE(made.channels,
                 (QStringList{QStringLiteral("plant/hall/temp"), QStringLiteral("plant/hum")}));
        QCOMPARE(find<QLineEdit>(dialog.get(), QStringLiteral("panelTitle"))->text(),
                 QStringLiteral("Plant sensors"));
        // A mapping with placeholders: everything below the feed, below the first chart.
        tabs->setCurrentIndex(0);
        find<QListWidget>(dialog.get(), QStringLiteral("feedList"))->setCurrentRow(1);
        QTest::mouseClick(chart, Qt::LeftButton);
        QCOMPARE(dialog->dashboard().panels.size(), 2);
        QCOMPARE(dialog->dashboard().panels[1].channels, QStringList{QStringLiteral("fleet/**")});
        QCOMPARE(dialog->dashboard().panels[1].title, QStringLiteral("fleet"));
        QVERIFY(dialog->dashboard().panels[1].row > dialog->dashboard().panels[0].row);
    }

    void cancelAsksBeforeDiscardingEdits()
    {
        auto dialog = openDialog();
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
        // Nothing edited: Cancel closes at once.
        QVERIFY(!dialog->hasUnappliedChanges());
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("dashboardName")),
                 QStringLiteral("Edited"));
        QVERIFY(dialog->hasUnappliedChanges());
        auto *buttons = find<QDialogButtonBox>(dialog.get(), QStringLiteral("buttons"));
        // Cancel asks; "Cancel" in the question goes back to editing, the edit kept.
        QTest::mouseClick(buttons->button(QDialogButtonBox::Cancel), Qt::LeftButton);
        QPointer<QMessageBox> ask =
            dialog->findChild<QMessageBox *>(QStringLiteral("discardChanges"));
        QVERIFY(ask);
        QTRY_VERIFY(ask->isVisible());
        QTest::mouseClick(ask->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!ask);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->dashboard().name, QStringLiteral("Edited"));
        // Escape asks too; Discard closes without applying.
        QSignalSpy applied(dialog.get(), &SettingsDialog::applied);
        QTest::keyClick(dialog.get(), Qt::Key_Escape);
        ask = dialog->findChild<QMessageBox *>(QStringLiteral("discardChanges"));
        QVERIFY(ask);
        QTRY_VERIFY(ask->isVisible());
        QTest::mouseClick(ask->button(QMessageBox::Discard), Qt::LeftButton);
        QTRY_VERIFY(!dialog->isVisible());
        QCOMPARE(applied.count(), 0);
    }

    void alertIsDefinedInTheAlertsTab()
    {
        auto dialog = openDialog();
        find<QTabWidget>(dialog.get(), QStringLiteral("settingsTabs"))->setCurrentIndex(2);
        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("addAlert")),
                          Qt::LeftButton);
        QCOMPARE(dialog->dashboard().alerts.size(), 1);
        // A new rule has no channel yet: said where it is wrong, and OK waits for it.
        QVERIFY(!okEnabled(*dialog));
        auto *error = find<QLabel>(dialog.get(), QStringLiteral("alertError"));
        QCOMPARE(error->text(), QStringLiteral("channel: required"));
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("alertName")),
                 QStringLiteral("Queue backing up"));
        auto *channel = find<QComboBox>(dialog.get(), QStringLiteral("alertChannel"));
        channel->setEditText(QStringLiteral("ops/queue/depth"));
        auto *condition = find<QComboBox>(dialog.get(), QStringLiteral("alertCondition"));
        // The form shows the fields of the condition chosen.
        condition->setCurrentIndex(condition->findData(int(AlertCondition::Outside)));
        auto *low = find<QDoubleSpinBox>(dialog.get(), QStringLiteral("alertLow"));
        auto *high = find<QDoubleSpinBox>(dialog.get(), QStringLiteral("alertHigh"));
        auto *limit = find<QDoubleSpinBox>(dialog.get(), QStringLiteral("alertLimit"));
        QVERIFY(low->isVisibleTo(dialog.get()) && high->isVisibleTo(dialog.get()));
        QVERIFY(!limit->isVisibleTo(dialog.get()));
        low->setValue(10);
        high->setValue(5);
        QCOMPARE(error->text(), QStringLiteral("high: must be greater than low (10)"));
        QVERIFY(!okEnabled(*dialog));
        condition->setCurrentIndex(condition->findData(int(AlertCondition::Above)));
        QVERIFY(limit->isVisibleTo(dialog.get()) && !low->isVisibleTo(dialog.get()));
        limit->setValue(600);
        find<QSpinBox>(dialog.get(), QStringLiteral("alertFor"))->setValue(10);
        find<QDoubleSpinBox>(dialog.get(), QStringLiteral("alertHysteresis"))->setValue(50);
        auto *severity = find<QComboBox>(dialog.get(), QStringLiteral("alertSeverity"));
        severity->setCurrentIndex(severity->findData(int(AlertSeverity::Critical)));
        find<QCheckBox>(dialog.get(), QStringLiteral("alertLatch"))->setChecked(true);
        QVERIFY(error->text().isEmpty());
        QVERIFY(okEnabled(*dialog));

        const AlertRule rule = dialog->dashboard().alerts.value(0);
        QCOMPARE(rule.name, QStringLiteral("Queue backing up"));
        QCOMPARE(rule.channel, QStringLiteral("ops/queue/depth"));
        QCOMPARE(rule.condition, AlertCondition::Above);
        QCOMPARE(rule.limit, 600.0);
        QCOMPARE(rule.low, 0.0); // what the condition does not use is not kept
        QCOMPARE(rule.high, 0.0);
        QCOMPARE(rule.forSeconds, 10);
        QCOMPARE(rule.hysteresis, 50.0);
        QCOMPARE(rule.severity, AlertSeverity::Critical);
        QVERIFY(rule.latching);
        QCOMPARE(find<QLabel>(dialog.get(), QStringLiteral("alertSummary"))->text(),
                 QStringLiteral("Fires when ops/queue/depth is above 600 for 10 s; stays firing "
                                "until acknowledged."));
        // The file written from the dialog reads back to the same rule.
        QStringList errors;
        const auto again = Dashboard::fromJson(dialog->dashboard().toJson(), &errors);
        QVERIFY2(again, qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(again->alerts, QList<AlertRule>{rule});
        // A second rule of the same name is refused.
        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("addAlert")),
                          Qt::LeftButton);
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("alertName")),
                 QStringLiteral("Queue backing up"));
        QVERIFY(!okEnabled(*dialog));
        QVERIFY(find<QLabel>(dialog.get(), QStringLiteral("validationSummary"))
                    ->text()
                    .contains(QStringLiteral("another alert is called \"Queue backing up\"")));
    }

    void optionsFormHasOneFieldPerOptionOfEveryPlugin()
    {
        const QList<PluginInfo> plugins = m_registry.plugins();
        for (const QString &id :
             {QStringLiteral("http"), QStringLiteral("sse"), QStringLiteral("websocket")})
            if (!m_registry.plugin(id))
                qWarning("plugin %s is not built yet: its form is not checked", qPrintable(id));
        for (const PluginInfo &info : plugins) {
            auto dialog = openDialog();
            QVERIFY2(addFeed(*dialog, info.id) == 0, qPrintable(info.id));
            auto *form = find<QWidget>(dialog.get(), QStringLiteral("optionsForm"));
            QVERIFY(form);
            const auto editors =
                form->findChildren<QWidget *>(QRegularExpression(QStringLiteral("^option_")));
            QCOMPARE(editors.size(), info.options.size());
            for (const OptionSpec &spec : info.options) {
                const QString what = info.id + QLatin1Char('.') + spec.key;
                auto *editor = form->findChild<QWidget *>(QStringLiteral("option_") + spec.key);
                QVERIFY2(editor, qPrintable(what));
                QVERIFY2(editor->isVisible(), qPrintable(what));
                QCOMPARE(editor->toolTip(), spec.help);
                auto *label = form->findChild<QLabel *>(QStringLiteral("optionLabel_") + spec.key);
                QVERIFY2(label, qPrintable(what));
                QVERIFY2(label->text().contains(
                             (spec.label.isEmpty() ? spec.key : spec.label).toHtmlEscaped()),
                         qPrintable(what));
                QCOMPARE(label->text().contains(QLatin1Char('*')), spec.required);
                switch (spec.type) {
                case OptionType::String:
                    if (spec.choices.isEmpty()) {
                        QVERIFY2(qobject_cast<QLineEdit *>(editor), qPrintable(what));
                    } else {
                        auto *combo = qobject_cast<QComboBox *>(editor);
                        QVERIFY2(combo && combo->isEditable(), qPrintable(what));
                        for (const QString &choice : spec.choices)
                            QVERIFY2(combo->findText(choice) >= 0, qPrintable(what));
                    }
                    break;
                case OptionType::Url:
                    QVERIFY2(qobject_cast<QLineEdit *>(editor), qPrintable(what));
                    for (const QString &scheme : spec.choices)
                        QVERIFY2(qobject_cast<QLineEdit *>(editor)->placeholderText().contains(
                                     scheme + QStringLiteral("://")),
                                 qPrintable(what));
                    break;
                case OptionType::Secret:
                    QVERIFY2(qobject_cast<QLineEdit *>(editor), qPrintable(what));
                    QCOMPARE(qobject_cast<QLineEdit *>(editor)->echoMode(), QLineEdit::Password);
                    break;
                case OptionType::Int:
                case OptionType::Duration: {
                    auto *spin = qobject_cast<QSpinBox *>(editor);
                    QVERIFY2(spin, qPrintable(what));
                    if (spec.type == OptionType::Duration)
                        QCOMPARE(spin->suffix(), QStringLiteral(" ms"));
                    if (spec.minimum < spec.maximum) {
                        QCOMPARE(spin->minimum(), int(spec.minimum));
                        QCOMPARE(spin->maximum(), int(std::min(spec.maximum, 2147483647.0)));
                    } else {
                        QVERIFY2(spin->maximum() >= 1000000000, qPrintable(what));
                    }
                    if (spec.defaultValue.isValid())
                        QCOMPARE(spin->value(), spec.defaultValue.toInt());
                    break;
                }
                case OptionType::Double:
                    QVERIFY2(qobject_cast<QDoubleSpinBox *>(editor), qPrintable(what));
                    break;
                case OptionType::Bool:
                    QVERIFY2(qobject_cast<QCheckBox *>(editor), qPrintable(what));
                    break;
                case OptionType::Enum: {
                    auto *combo = qobject_cast<QComboBox *>(editor);
                    QVERIFY2(combo, qPrintable(what));
                    for (const QString &choice : spec.choices)
                        QVERIFY2(combo->findData(choice) >= 0, qPrintable(what));
                    if (spec.defaultValue.isValid())
                        QCOMPARE(combo->currentData().toString(), spec.defaultValue.toString());
                    break;
                }
                case OptionType::Headers:
                case OptionType::Text:
                    QVERIFY2(qobject_cast<QPlainTextEdit *>(editor), qPrintable(what));
                    break;
                }
            }
            // The new feed starts with the plugin's defaults and a unique id.
            const FeedConfig feed = dialog->dashboard().feeds.value(0);
            QCOMPARE(feed.plugin, info.id);
            QVERIFY(FeedConfig::isValidId(feed.id));
            QCOMPARE(feed.options, withDefaults(info.options, {}));
        }
    }

    void optionsFormEditsEveryType()
    {
        auto dialog = openDialog();
        QCOMPARE(addFeed(*dialog, QStringLiteral("formtest")), 0);
        auto *form = find<QWidget>(dialog.get(), QStringLiteral("optionsForm"));
        auto editor = [&](const char *key) {
            return form->findChild<QWidget *>(QStringLiteral("option_") + QLatin1String(key));
        };
        // A new feed lacks its required URL: shown inline, and OK is off.
        QCOMPARE(errorText(form, QStringLiteral("optionError_url")),
                 QStringLiteral("Label of url is required"));
        QVERIFY(!okEnabled(*dialog));

        typeInto(qobject_cast<QLineEdit *>(editor("url")), QStringLiteral("https://example.org/x"));
        typeInto(qobject_cast<QLineEdit *>(editor("name")), QStringLiteral("${env:WHO}"));
        qobject_cast<QSpinBox *>(editor("count"))->setValue(42);
        qobject_cast<QDoubleSpinBox *>(editor("ratio"))->setValue(0.25);
        QTest::mouseClick(qobject_cast<QCheckBox *>(editor("flag")), Qt::LeftButton);
        QVERIFY(choose(qobject_cast<QComboBox *>(editor("mode")), QStringLiteral("slow")));
        typeInto(qobject_cast<QLineEdit *>(editor("token")), QStringLiteral("s3cret"));
        qobject_cast<QSpinBox *>(editor("period"))->setValue(2500);
        qobject_cast<QPlainTextEdit *>(editor("headers"))
            ->setPlainText(QStringLiteral("X-Api: 1\nAccept: application/json"));
        qobject_cast<QPlainTextEdit *>(editor("notes"))->setPlainText(QStringLiteral("two\nlines"));
        qobject_cast<QSpinBox *>(editor("big"))->setValue(2000000000);
        QVERIFY2(okEnabled(*dialog),
                 qPrintable(errorText(dialog.get(), QStringLiteral("validationSummary"))));

        const QVariantMap o = dialog->dashboard().feeds.value(0).options;
        QCOMPARE(o.value(QStringLiteral("url")).toString(),
                 QStringLiteral("https://example.org/x"));
        QCOMPARE(o.value(QStringLiteral("name")).toString(), QStringLiteral("${env:WHO}"));
        QCOMPARE(o.value(QStringLiteral("count")).toInt(), 42);
        QCOMPARE(o.value(QStringLiteral("ratio")).toDouble(), 0.25);
        QCOMPARE(o.value(QStringLiteral("flag")).toBool(), false);
        QCOMPARE(o.value(QStringLiteral("mode")).toString(), QStringLiteral("slow"));
        QCOMPARE(o.value(QStringLiteral("token")).toString(), QStringLiteral("s3cret"));
        QCOMPARE(o.value(QStringLiteral("period")).toInt(), 2500);
        QCOMPARE(parseHeaders(o.value(QStringLiteral("headers"))).size(), 2);
        QCOMPARE(o.value(QStringLiteral("notes")).toString(), QStringLiteral("two\nlines"));
        QCOMPARE(o.value(QStringLiteral("big")).toInt(), 2000000000);

        // The secret's show toggle.
        auto *token = qobject_cast<QLineEdit *>(editor("token"));
        auto *show = form->findChild<QToolButton *>(QStringLiteral("optionShow_token"));
        QVERIFY(show);
        QTest::mouseClick(show, Qt::LeftButton);
        QCOMPARE(token->echoMode(), QLineEdit::Normal);
        QTest::mouseClick(show, Qt::LeftButton);
        QCOMPARE(token->echoMode(), QLineEdit::Password);

        // The integer range comes from the schema.
        auto *count = qobject_cast<QSpinBox *>(editor("count"));
        QCOMPARE(count->minimum(), 1);
        QCOMPARE(count->maximum(), 100);

        // The plugin's own check shows under its field, live.
        count->setValue(13);
        QCOMPARE(errorText(form, QStringLiteral("optionError_count")),
                 QStringLiteral("13 is unlucky"));
        QVERIFY(!okEnabled(*dialog));
        QVERIFY(errorText(dialog.get(), QStringLiteral("validationSummary"))
                    .contains(QStringLiteral("13 is unlucky")));
        count->setValue(14);
        QVERIFY(errorText(form, QStringLiteral("optionError_count")).isEmpty());
        QVERIFY(okEnabled(*dialog));

        // Malformed headers.
        qobject_cast<QPlainTextEdit *>(editor("headers"))
            ->setPlainText(QStringLiteral("X-Api: 1\nno colon here"));
        QVERIFY(errorText(form, QStringLiteral("optionError_headers"))
                    .contains(QStringLiteral("line 2")));
        QVERIFY(!okEnabled(*dialog));
    }

    /// A String option with choices is an editable list: the choices are suggestions, and any
    /// text (a saved port that is unplugged now) is a value, kept as it is.
    void stringChoicesAreSuggestions()
    {
        auto dialog = openDialog();
        QCOMPARE(addFeed(*dialog, QStringLiteral("formtest")), 0);
        auto *form = find<QWidget>(dialog.get(), QStringLiteral("optionsForm"));
        typeInto(find<QLineEdit>(form, QStringLiteral("option_url")),
                 QStringLiteral("https://example.org/x"));
        auto *port = find<QComboBox>(form, QStringLiteral("option_port"));
        QVERIFY(port);
        QVERIFY(port->isEditable());
        QCOMPARE(port->count(), 2);
        QCOMPARE(port->itemText(0), QStringLiteral("/dev/ttyACM0"));
        QCOMPARE(port->itemText(1), QStringLiteral("/dev/ttyUSB0"));
        QCOMPARE(port->currentText(), QString()); // no default: nothing picked for the user
        auto options = [&] { return dialog->dashboard().feeds.value(0).options; };

        // Picking a suggestion.
        port->setCurrentIndex(1);
        QCOMPARE(options().value(QStringLiteral("port")).toString(),
                 QStringLiteral("/dev/ttyUSB0"));
        // Typing one that is not listed: accepted, no error, OK stays on, the list unchanged.
        typeInto(port->lineEdit(), QStringLiteral("/dev/serial/by-id/usb-Arduino-if00"));
        QTest::keyClick(port->lineEdit(), Qt::Key_Return);
        QCOMPARE(options().value(QStringLiteral("port")).toString(),
                 QStringLiteral("/dev/serial/by-id/usb-Arduino-if00"));
        QVERIFY(errorText(form, QStringLiteral("optionError_port")).isEmpty());
        QVERIFY2(okEnabled(*dialog),
                 qPrintable(errorText(dialog.get(), QStringLiteral("validationSummary"))));
        QCOMPARE(port->count(), 2);

        // A saved value that is not among the suggestions (unplugged now) is shown and kept.
        Dashboard d;
        FeedConfig feed;
        feed.id = QStringLiteral("p");
        feed.plugin = QStringLiteral("formtest");
        feed.name = QStringLiteral("Port");
        feed.options = withDefaults(m_formPlugin.info().options,
                                    {{QStringLiteral("url"), QStringLiteral("http://h/")},
                                     {QStringLiteral("port"), QStringLiteral("/dev/ttyUSB7")}});
        d.feeds.append(feed);
        auto saved = openDialog(d);
        find<QListWidget>(saved.get(), QStringLiteral("feedList"))->setCurrentRow(0);
        auto *savedPort = find<QComboBox>(saved.get(), QStringLiteral("option_port"));
        QVERIFY(savedPort);
        QCOMPARE(savedPort->currentText(), QStringLiteral("/dev/ttyUSB7"));
        QVERIFY(okEnabled(*saved));
        QCOMPARE(saved->dashboard().feeds.value(0).options.value(QStringLiteral("port")),
                 QVariant(QStringLiteral("/dev/ttyUSB7")));
        QVERIFY(validateOptions(m_formPlugin.info().options, feed.options).isEmpty());
    }

    void wheelScrollsThePageNotTheValue()
    {
        auto dialog = openDialog();
        QCOMPARE(addFeed(*dialog, QStringLiteral("formtest")), 0);
        auto *count = find<QSpinBox>(dialog.get(), QStringLiteral("option_count"));
        auto *name = find<QLineEdit>(dialog.get(), QStringLiteral("feedName"));
        auto wheel = [count] {
            const QPointF at(count->width() / 2.0, count->height() / 2.0);
            QWheelEvent event(at, count->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                              Qt::NoModifier, Qt::NoScrollPhase, false);
            QCoreApplication::sendEvent(count, &event);
        };
        dialog->activateWindow(); // focus needs an active window (a real X server has one)
        QVERIFY(QTest::qWaitForWindowActive(dialog.get()));
        name->setFocus();
        QTRY_VERIFY(name->hasFocus());
        wheel();
        QCOMPARE(count->value(), 5);
        count->setFocus();
        QTRY_VERIFY(count->hasFocus());
        wheel();
        QCOMPARE(count->value(), 6);
    }

    void invalidUrlShowsInlineErrorAndDisablesOk()
    {
        if (!requirePlugin(QStringLiteral("http")))
            QSKIP("the http plugin is not built");
        auto dialog = openDialog();
        QCOMPARE(addFeed(*dialog, QStringLiteral("http")), 0);
        auto *url = find<QLineEdit>(dialog.get(), QStringLiteral("option_url"));
        QVERIFY(url);
        const QString error = QStringLiteral("optionError_url");

        typeInto(url, QStringLiteral("not a url"));
        QVERIFY2(errorText(dialog.get(), error).contains(QStringLiteral("not a valid URL")),
                 qPrintable(errorText(dialog.get(), error)));
        QVERIFY(!okEnabled(*dialog));
        const QString summary = errorText(dialog.get(), QStringLiteral("validationSummary"));
        QVERIFY2(summary.contains(QStringLiteral("HTTP polling")) &&
                     summary.contains(QStringLiteral("URL")),
                 qPrintable(summary));
        auto *list = find<QListWidget>(dialog.get(), QStringLiteral("feedList"));
        QVERIFY(!list->item(0)->icon().isNull()); // the list marks the invalid feed
        screenshot(*dialog, QStringLiteral("settings-invalid"));

        typeInto(url, QStringLiteral("ftp://127.0.0.1/data"));
        QVERIFY2(errorText(dialog.get(), error).contains(QStringLiteral("scheme")),
                 qPrintable(errorText(dialog.get(), error)));
        QVERIFY(!okEnabled(*dialog));

        typeInto(url, m_server.url(QStringLiteral("/data")).toString());
        QVERIFY(errorText(dialog.get(), error).isEmpty());
        QVERIFY(errorText(dialog.get(), QStringLiteral("validationSummary")).isEmpty());
        QVERIFY(okEnabled(*dialog));
        QVERIFY(list->item(0)->icon().isNull());
    }

    void idRuleShowsTheLoadersMessage()
    {
        // One rule, one message: the dialog, the plugin registry and the file reader agree.
        const QString id = QStringLiteral("has space");
        auto dialog = openDialog();
        QCOMPARE(addFeed(*dialog, QStringLiteral("formtest")), 0);
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("feedId")), id);
        const QString shown = errorText(dialog.get(), QStringLiteral("feedIdError"));

        const QJsonObject feed{{QStringLiteral("id"), id},
                               {QStringLiteral("plugin"), QStringLiteral("formtest")}};
        const QJsonObject root{{QStringLiteral("version"), 1},
                               {QStringLiteral("feeds"), QJsonArray{feed}}};
        QList<Problem> loaded;
        QVERIFY(!Dashboard::fromJson(QJsonDocument(root).toJson(), &loaded));
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(shown, loaded.first().message);

        FeedConfig config;
        config.id = id;
        config.plugin = QStringLiteral("formtest");
        const QList<Problem> registry = m_registry.problems(config);
        QVERIFY(!registry.isEmpty());
        QCOMPARE(registry.first(), (Problem{QStringLiteral("id"), shown}));
    }

    void optionProblemsNameTheirFeedAndOption()
    {
        // A plugin reports "count"; the registry lifts it to the feed, the caller to the document.
        FeedConfig config;
        config.id = QStringLiteral("c");
        config.plugin = QStringLiteral("formtest");
        config.options = {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1/")},
                          {QStringLiteral("count"), 13}};
        const QList<Problem> problems =
            prefixed(m_registry.problems(config), QStringLiteral("feeds[2]"));
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.first().path, QStringLiteral("feeds[2].options.count"));
        QCOMPARE(problems.first().message, QStringLiteral("13 is unlucky"));
    }

    void editorRangesAreTheDocumentLimits()
    {
        Dashboard d;
        d.panels.append(PanelConfig{});
        auto dialog = openDialog(d);
        const std::pair<const char *, Range> spins[] = {
            {"historyLength", limits::HistoryLength}, {"panelWindow", limits::WindowSeconds},
            {"panelDecimals", limits::Decimals},      {"panelMaxEvents", limits::MaxEvents},
            {"panelRow", limits::GridCell},           {"panelColumnSpan", limits::Span},
        };
        for (const auto &[name, range] : spins) {
            auto *spin = find<QSpinBox>(dialog.get(), QLatin1String(name));
            QVERIFY2(spin, name);
            QCOMPARE(spin->minimum(), range.min);
            QCOMPARE(spin->maximum(), range.max);
        }
        QCOMPARE(addFeed(*dialog, QStringLiteral("formtest")), 0);
        const std::pair<const char *, Range> delays[] = {
            {"reconnectInitialDelay", limits::InitialDelayMs},
            {"reconnectMaxDelay", limits::MaxDelayMs},
            {"reconnectStablePeriod", limits::StablePeriodMs},
        };
        for (const auto &[name, range] : delays) {
            auto *spin = find<QSpinBox>(dialog.get(), QLatin1String(name));
            QVERIFY2(spin, name);
            QCOMPARE(spin->minimum(), range.min);
            QCOMPARE(spin->maximum(), range.max);
        }
    }

    void idIsValidatedAsTyped()
    {
        Dashboard d;
        FeedConfig other;
        other.id = QStringLiteral("taken");
        other.plugin = QStringLiteral("formtest");
        other.name = QStringLiteral("Other");
        other.options = {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1/")}};
        d.feeds.append(other);
        auto dialog = openDialog(d);
        QCOMPARE(addFeed(*dialog, QStringLiteral("formtest")), 1);
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("option_url")),
                 QStringLiteral("http://127.0.0.1/x"));
        QVERIFY(okEnabled(*dialog));
        auto *id = find<QLineEdit>(dialog.get(), QStringLiteral("feedId"));

        typeInto(id, QStringLiteral("has space"));
        QVERIFY(errorText(dialog.get(), QStringLiteral("feedIdError"))
                    .contains(QStringLiteral("may only use")));
        QVERIFY(!okEnabled(*dialog));

        typeInto(id, QStringLiteral("taken"));
        QVERIFY(errorText(dialog.get(), QStringLiteral("feedIdError"))
                    .contains(QStringLiteral("also used")));
        QVERIFY(!okEnabled(*dialog));

        typeInto(id, QString());
        QVERIFY(errorText(dialog.get(), QStringLiteral("feedIdError"))
                    .contains(QStringLiteral("required")));

        typeInto(id, QStringLiteral("fresh.id"));
        QVERIFY(errorText(dialog.get(), QStringLiteral("feedIdError")).isEmpty());
        QVERIFY(okEnabled(*dialog));
        QCOMPARE(dialog->dashboard().feeds.value(1).id, QStringLiteral("fresh.id"));
    }

    void editingAMappingPathKeepsItsChannel()
    {
        // Panels are bound to the channel: a path edited (the message's field renamed) must
        // not rename the channel under them, even when the channel was named after the path.
        Dashboard d;
        FeedConfig f;
        f.id = QStringLiteral("api");
        f.plugin = QStringLiteral("formtest");
        f.options = {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1/")}};
        ChannelMapping m;
        m.path = QStringLiteral("b");
        m.channel = QStringLiteral("b");
        f.fields.channels.append(m);
        d.feeds.append(f);
        auto dialog = openDialog(d);
        auto *table = find<QTableWidget>(dialog.get(), QStringLiteral("mappingTable"));
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("b")); // shown, not blank
        table->item(0, 0)->setText(QStringLiteral("stats.b"));
        const ChannelMapping edited = dialog->dashboard().feeds.value(0).fields.channels.value(0);
        QCOMPARE(edited.path, QStringLiteral("stats.b"));
        QCOMPARE(edited.channel, QStringLiteral("b"));
    }

    void renamingAFeedRenamesItsPanelChannels()
    {
        Dashboard d;
        for (const char *id : {"ws", "other"}) {
            FeedConfig f;
            f.id = QString::fromLatin1(id);
            f.plugin = QStringLiteral("formtest");
            f.name = f.id;
            f.options = {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1/")}};
            d.feeds.append(f);
        }
        PanelConfig chart;
        chart.title = QStringLiteral("Both");
        chart.channels = {QStringLiteral("ws/price"), QStringLiteral("other/price"),
                          QStringLiteral("wsx/price")};
        d.panels.append(chart);
        auto dialog = openDialog(d);
        auto *id = find<QLineEdit>(dialog.get(), QStringLiteral("feedId"));
        QCOMPARE(id->text(), QStringLiteral("ws"));

        // Typed key by key: an empty id is no rename; "o" to "othe" are (valid and free), and
        // "other" is taken: the other feed's channels stay its own.
        typeInto(id, QString());
        QCOMPARE(dialog->dashboard().panels.value(0).channels,
                 (QStringList{"ws/price", "other/price", "wsx/price"}));
        typeInto(id, QStringLiteral("other"));
        QCOMPARE(dialog->dashboard().panels.value(0).channels,
                 (QStringList{"othe/price", "other/price", "wsx/price"}));
        typeInto(id, QStringLiteral("ticks"));
        QCOMPARE(dialog->dashboard().panels.value(0).channels,
                 (QStringList{"ticks/price", "other/price", "wsx/price"}));

        // The panel editor shows it, and the file written from the dialog has it.
        find<QTabWidget>(dialog.get(), QStringLiteral("settingsTabs"))->setCurrentIndex(1);
        QCOMPARE(find<QPlainTextEdit>(dialog.get(), QStringLiteral("panelChannels"))->toPlainText(),
                 QStringLiteral("ticks/price\nother/price\nwsx/price"));
        QVERIFY(okEnabled(*dialog));
        QCOMPARE(dialog->dashboard().feeds.value(0).id, QStringLiteral("ticks"));
    }

    void testButtonShowsTheFirstSqlRow()
    {
        if (!requirePlugin(QStringLiteral("sql")))
            QSKIP("the sql plugin is not built");
        if (!QFile::exists(QStringLiteral("/usr/bin/sqlite3")))
            QSKIP("sqlite3 is not installed");
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("rooms.db"));
        QProcess cli;
        cli.start(QStringLiteral("/usr/bin/sqlite3"),
                  {file, QStringLiteral("CREATE TABLE rooms (id INTEGER PRIMARY KEY, name TEXT, "
                                        "temp REAL, note TEXT); INSERT INTO rooms VALUES (1, "
                                        "'kitchen', 21.5, NULL), (2, 'hall', 19, 'x');")});
        QVERIFY(cli.waitForFinished(10000) && cli.exitCode() == 0);

        auto dialog = openDialog();
        QCOMPARE(addFeed(*dialog, QStringLiteral("sql")), 0);
        // The generated form: the installed drivers to choose from, the password hidden.
        auto *driver = find<QComboBox>(dialog.get(), QStringLiteral("option_driver"));
        QVERIFY(driver);
        QVERIFY(choose(driver, QStringLiteral("QSQLITE")));
        QCOMPARE(find<QLineEdit>(dialog.get(), QStringLiteral("option_password"))->echoMode(),
                 QLineEdit::Password);
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("option_file")), file);
        find<QPlainTextEdit>(dialog.get(), QStringLiteral("option_query"))
            ->setPlainText(QStringLiteral("SELECT id, name, temp, note FROM rooms ORDER BY id"));

        auto *test = find<QPushButton>(dialog.get(), QStringLiteral("testFeed"));
        auto *preview = find<QTableWidget>(dialog.get(), QStringLiteral("testPreview"));
        auto *message = find<QPlainTextEdit>(dialog.get(), QStringLiteral("testMessage"));
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 15000);
        // The first row as JSON: numbers, text, null.
        const QString json = message->toPlainText();
        QVERIFY2(json.contains(QStringLiteral("\"name\": \"kitchen\"")), qPrintable(json));
        QVERIFY2(json.contains(QStringLiteral("\"temp\": 21.5")), qPrintable(json));
        QVERIFY2(json.contains(QStringLiteral("\"note\": null")), qPrintable(json));
        QVERIFY2(!json.contains(QStringLiteral("hall")), qPrintable(json));
        // Without a mapping every numeric column is a channel.
        QCOMPARE(preview->rowCount(), 2);
    }

    void testButtonPreviewsTheMappedValue()
    {
        if (!requirePlugin(QStringLiteral("http")))
            QSKIP("the http plugin is not built");
        auto dialog = openDialog();
        QCOMPARE(addFeed(*dialog, QStringLiteral("http")), 0);
        const QString feedId = dialog->dashboard().feeds.value(0).id;
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("option_url")),
                 m_server.url(QStringLiteral("/data")).toString());

        auto *table = find<QTableWidget>(dialog.get(), QStringLiteral("mappingTable"));
        QVERIFY(find<QLabel>(dialog.get(), QStringLiteral("mappingHint"))
                    ->text()
                    .contains(QStringLiteral("every numeric field")));
        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("addMapping")),
                          Qt::LeftButton);
        QCOMPARE(table->rowCount(), 1);
        table->item(0, 0)->setText(QStringLiteral("temp"));
        table->item(0, 1)->setText(QStringLiteral("room/temp"));
        table->item(0, 3)->setText(QStringLiteral("°C"));

        auto *test = find<QPushButton>(dialog.get(), QStringLiteral("testFeed"));
        auto *status = find<QLabel>(dialog.get(), QStringLiteral("testStatus"));
        auto *preview = find<QTableWidget>(dialog.get(), QStringLiteral("testPreview"));
        auto *message = find<QPlainTextEdit>(dialog.get(), QStringLiteral("testMessage"));
        QSignalSpy probes(m_engine, &IngestEngine::probeFinished);
        QTest::mouseClick(test, Qt::LeftButton);
        QCOMPARE(status->text(), QStringLiteral("Connecting…"));
        QVERIFY(!test->isEnabled());
        QVERIFY(find<QWidget>(dialog.get(), QStringLiteral("testBusy"))->isVisible());

        QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 15000);
        QCOMPARE(probes.size(), 1);
        QVERIFY2(probes.first().at(2).toString().isEmpty(),
                 qPrintable(probes.first().at(2).toString()));
        QCOMPARE(preview->rowCount(), 1);
        QCOMPARE(preview->item(0, 0)->text(), feedId + QStringLiteral("/room/temp"));
        QCOMPARE(preview->item(0, 1)->text(), QStringLiteral("21.5"));
        // Pretty-printed JSON.
        QVERIFY2(message->toPlainText().contains(QStringLiteral("\"temp\": 21.5")),
                 qPrintable(message->toPlainText()));
        QVERIFY(message->toPlainText().contains(QLatin1Char('\n')));
        QVERIFY(!find<QWidget>(dialog.get(), QStringLiteral("testBusy"))->isVisible());
        screenshot(*dialog, QStringLiteral("settings"));
        find<QScrollArea>(dialog.get(), QStringLiteral("feedEditorScroll"))
            ->ensureWidgetVisible(table);
        screenshot(*dialog, QStringLiteral("settings-mapping"));

        // Editing the mapping re-runs the preview on the message already received.
        table->item(0, 0)->setText(QStringLiteral("humidity"));
        QCOMPARE(preview->rowCount(), 0);
        QVERIFY2(status->text().contains(QStringLiteral("humidity")), qPrintable(status->text()));
        QCOMPARE(status->palette().color(QPalette::WindowText),
                 internal::ErrorLabel::errorColor(status->palette()));
        table->item(0, 0)->setText(QStringLiteral("temp"));
        QCOMPARE(preview->rowCount(), 1);

        // A failing source: the error in red, nothing previewed.
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("option_url")),
                 m_server.url(QStringLiteral("/missing")).toString());
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 15000);
        QVERIFY2(status->text().contains(QStringLiteral("404")), qPrintable(status->text()));
        QCOMPARE(status->palette().color(QPalette::WindowText),
                 internal::ErrorLabel::errorColor(status->palette()));
        QCOMPARE(preview->rowCount(), 0);
    }

    void testButtonShowsThisComputersValues()
    {
        // The system feed's form is generated from its options; Test shows one reading.
        if (!requirePlugin(QStringLiteral("system")))
            QSKIP("the system plugin is not built");
        auto dialog = openDialog();
        QCOMPARE(addFeed(*dialog, QStringLiteral("system")), 0);
        const QString feedId = dialog->dashboard().feeds.value(0).id;
        QVERIFY(find<QWidget>(dialog.get(), QStringLiteral("option_intervalMs")));
        QVERIFY(find<QWidget>(dialog.get(), QStringLiteral("option_processes")));
        auto *test = find<QPushButton>(dialog.get(), QStringLiteral("testFeed"));
        auto *preview = find<QTableWidget>(dialog.get(), QStringLiteral("testPreview"));
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 15000);
        QStringList channels;
        for (int r = 0; r < preview->rowCount(); ++r)
            channels.append(preview->item(r, 0)->text());
        for (const QString &c :
             {QStringLiteral("/cpu/total"), QStringLiteral("/memory/used_percent"),
              QStringLiteral("/load/1m")})
            QVERIFY2(channels.contains(feedId + c), qPrintable(channels.join(QLatin1Char(' '))));
        screenshot(*dialog, QStringLiteral("settings-system"));
    }

    void testPreviewNamesSseChannelsAsALiveRun()
    {
        if (!requirePlugin(QStringLiteral("sse")))
            QSKIP("the sse plugin is not built");
        // Like the demo's "Ops events": named events, and the event name as channel prefix.
        m_server.route("/ops", [](HttpExchange *ex) {
            ex->beginStream(200);
            ex->write(": ops\n\nevent: alert\ndata: {\"payments\": 3}\n\n");
        });
        Dashboard d;
        FeedConfig ops;
        ops.id = QStringLiteral("ops");
        ops.plugin = QStringLiteral("sse");
        ops.name = QStringLiteral("Ops events");
        ops.options = {{QStringLiteral("url"), m_server.url(QStringLiteral("/ops")).toString()},
                       {QStringLiteral("eventAsPrefix"), true}};
        d.feeds.append(ops);
        auto dialog = openDialog(d);
        auto *test = find<QPushButton>(dialog.get(), QStringLiteral("testFeed"));
        auto *preview = find<QTableWidget>(dialog.get(), QStringLiteral("testPreview"));
        auto *status = find<QLabel>(dialog.get(), QStringLiteral("testStatus"));
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 15000);
        QVERIFY2(status->text().contains(QStringLiteral("1 value extracted")),
                 qPrintable(status->text()));
        QCOMPARE(preview->rowCount(), 1);
        QCOMPARE(preview->item(0, 0)->text(), QStringLiteral("ops/alert/payments"));
        QCOMPARE(preview->item(0, 1)->text(), QStringLiteral("3"));

        // A live run of the same feed has exactly the channel the preview named.
        m_engine->apply(dialog->dashboard());
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->store().find(QStringLiteral("ops/alert/payments")),
                                 10000);
        QVERIFY(!m_engine->store().find(QStringLiteral("ops/payments")));
        m_engine->apply(Dashboard{});
        QTRY_COMPARE(m_engine->activeFeeds(), 0);

        // Editing the mapping re-runs the preview with the same prefix.
        auto *table = find<QTableWidget>(dialog.get(), QStringLiteral("mappingTable"));
        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("addMapping")),
                          Qt::LeftButton);
        table->item(0, 0)->setText(QStringLiteral("payments"));
        table->item(0, 1)->setText(QStringLiteral("queue/payments"));
        QCOMPARE(preview->rowCount(), 1);
        QCOMPARE(preview->item(0, 0)->text(), QStringLiteral("ops/alert/queue/payments"));
    }

    void applyEmitsTheEditedDashboard()
    {
        if (!requirePlugin(QStringLiteral("http")))
            QSKIP("the http plugin is not built");
        Dashboard d;
        d.name = QStringLiteral("Before");
        FeedConfig existing;
        existing.id = QStringLiteral("existing");
        existing.plugin = QStringLiteral("formtest");
        existing.name = QStringLiteral("Existing");
        existing.options = {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1/")}};
        d.feeds.append(existing);
        auto dialog = openDialog(d);
        auto *buttons = find<QDialogButtonBox>(dialog.get(), QStringLiteral("buttons"));
        QPushButton *apply = buttons->button(QDialogButtonBox::Apply);
        QVERIFY(!apply->isEnabled()); // nothing changed yet
        QCOMPARE(dialog->dashboard(), d);

        QCOMPARE(addFeed(*dialog, QStringLiteral("http")), 1);
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("feedName")),
                 QStringLiteral("Weather"));
        const QString url = m_server.url(QStringLiteral("/data")).toString();
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("option_url")), url);
        auto *table = find<QTableWidget>(dialog.get(), QStringLiteral("mappingTable"));
        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("addMapping")),
                          Qt::LeftButton);
        table->item(0, 0)->setText(QStringLiteral("temp"));
        table->item(0, 4)->setCheckState(Qt::Checked);
        QVERIFY(choose(find<QComboBox>(table, QStringLiteral("mappingType_0")),
                       int(ValueKind::Number)));
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("timestampPath")),
                 QStringLiteral("ts"));
        QVERIFY(choose(find<QComboBox>(dialog.get(), QStringLiteral("timestampFormat")),
                       int(TimestampFormat::EpochMillis)));
        find<QSpinBox>(dialog.get(), QStringLiteral("reconnectMaxDelay"))->setValue(5000);
        find<QTabWidget>(dialog.get(), QStringLiteral("settingsTabs"))->setCurrentIndex(3);
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("dashboardName")),
                 QStringLiteral("After"));
        find<QSpinBox>(dialog.get(), QStringLiteral("historyLength"))->setValue(5000);
        QCOMPARE(find<QSpinBox>(dialog.get(), QStringLiteral("historyLength"))->maximum(),
                 100000000);
        QVERIFY(apply->isEnabled());
        screenshot(*dialog, QStringLiteral("settings-general"));

        QSignalSpy spy(dialog.get(), &SettingsDialog::applied);
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(spy.size(), 1);
        QVERIFY(dialog->isVisible()); // Apply keeps the dialog open
        QVERIFY(!apply->isEnabled());
        const Dashboard applied = spy.first().first().value<Dashboard>();
        QCOMPARE(applied, dialog->dashboard());
        QCOMPARE(applied.name, QStringLiteral("After"));
        QCOMPARE(applied.historyLength, 5000);
        QCOMPARE(applied.feeds.size(), 2);
        QCOMPARE(applied.feeds[0], existing);
        const FeedConfig &feed = applied.feeds[1];
        QCOMPARE(feed.plugin, QStringLiteral("http"));
        QCOMPARE(feed.name, QStringLiteral("Weather"));
        QCOMPARE(feed.id, QStringLiteral("weather")); // a new feed's id follows its name
        QCOMPARE(feed.options.value(QStringLiteral("url")).toString(), url);
        QCOMPARE(feed.options.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
        QCOMPARE(feed.fields.channels.size(), 1);
        QCOMPARE(feed.fields.channels[0].path, QStringLiteral("temp"));
        QCOMPARE(feed.fields.channels[0].channel, QStringLiteral("temp"));
        QVERIFY(feed.fields.channels[0].optional);
        QCOMPARE(feed.fields.timestamp, QStringLiteral("ts"));
        QCOMPARE(feed.fields.timestampFormat, TimestampFormat::EpochMillis);
        QCOMPARE(feed.reconnect.maxDelayMs, 5000);
        QVERIFY(m_registry.validate(feed).isEmpty());
        // What was applied survives the file format.
        QStringList errors;
        const auto reloaded = Dashboard::fromJson(applied.toJson(), &errors);
        QVERIFY2(reloaded, qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(reloaded->feeds[1].fields, feed.fields);

        // OK applies and closes.
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(spy.size(), 2);
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
        QVERIFY(!dialog->isVisible());
    }

    void mappingPathErrorsShowUnderTheTable()
    {
        auto dialog = openDialog();
        QCOMPARE(addFeed(*dialog, QStringLiteral("formtest")), 0);
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("option_url")),
                 QStringLiteral("http://127.0.0.1/"));
        auto *table = find<QTableWidget>(dialog.get(), QStringLiteral("mappingTable"));
        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("addMapping")),
                          Qt::LeftButton);
        table->item(0, 0)->setText(QStringLiteral("items[oops"));
        QVERIFY(errorText(dialog.get(), QStringLiteral("mappingErrors"))
                    .startsWith(QStringLiteral("Row 1, field path")));
        QVERIFY(!okEnabled(*dialog));
        table->item(0, 0)->setText(QStringLiteral("items[*].price"));
        table->item(0, 1)->setText(QStringLiteral("price/{symbol"));
        QVERIFY(errorText(dialog.get(), QStringLiteral("mappingErrors"))
                    .startsWith(QStringLiteral("Row 1, channel")));
        QVERIFY(!okEnabled(*dialog));
        table->item(0, 1)->setText(QStringLiteral("price/{symbol}"));
        QVERIFY(errorText(dialog.get(), QStringLiteral("mappingErrors")).isEmpty());
        QVERIFY(okEnabled(*dialog));
        // A channel without a path is incomplete.
        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("addMapping")),
                          Qt::LeftButton);
        table->item(1, 1)->setText(QStringLiteral("orphan"));
        QVERIFY(errorText(dialog.get(), QStringLiteral("mappingErrors"))
                    .contains(QStringLiteral("required")));
        table->selectRow(1);
        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("removeMapping")),
                          Qt::LeftButton);
        QCOMPARE(table->rowCount(), 1);
        QVERIFY(okEnabled(*dialog));
        QCOMPARE(dialog->dashboard().feeds.value(0).fields.channels.size(), 1);
    }

    void duplicateAndRemove()
    {
        Dashboard d;
        FeedConfig feed;
        feed.id = QStringLiteral("a");
        feed.plugin = QStringLiteral("formtest");
        feed.name = QStringLiteral("Alpha");
        feed.options = withDefaults(m_formPlugin.info().options,
                                    {{QStringLiteral("url"), QStringLiteral("http://h/")}});
        feed.fields.channels.append(
            {QStringLiteral("x"), QStringLiteral("x"), ValueKind::Number, QString(), false});
        d.feeds.append(feed);
        auto dialog = openDialog(d);
        auto *list = find<QListWidget>(dialog.get(), QStringLiteral("feedList"));
        QCOMPARE(list->count(), 1);

        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("duplicateFeed")),
                          Qt::LeftButton);
        QCOMPARE(list->count(), 2);
        QCOMPARE(list->currentRow(), 1);
        FeedConfig copy = dialog->dashboard().feeds.value(1);
        QCOMPARE(copy.id, QStringLiteral("a-2"));
        QCOMPARE(copy.name, QStringLiteral("Alpha (copy)"));
        QCOMPARE(copy.options, feed.options);
        QCOMPARE(copy.fields, feed.fields);
        QVERIFY(okEnabled(*dialog));

        // Remove asks first; Cancel keeps the feed.
        auto *remove = find<QPushButton>(dialog.get(), QStringLiteral("removeFeed"));
        QTest::mouseClick(remove, Qt::LeftButton);
        QPointer<QMessageBox> box =
            dialog->findChild<QMessageBox *>(QStringLiteral("confirmRemoveFeed"));
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!box);
        QCOMPARE(list->count(), 2);

        QTest::mouseClick(remove, Qt::LeftButton);
        box = dialog->findChild<QMessageBox *>(QStringLiteral("confirmRemoveFeed"));
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_VERIFY(!box);
        QCOMPARE(list->count(), 1);
        QCOMPARE(dialog->dashboard().feeds.size(), 1);
        QCOMPARE(dialog->dashboard().feeds[0], feed); // the copy went, the original stayed
    }

    void changingThePluginKeepsSharedValues()
    {
        if (!requirePlugin(QStringLiteral("http")))
            QSKIP("the http plugin is not built");
        auto dialog = openDialog();
        QCOMPARE(addFeed(*dialog, QStringLiteral("formtest")), 0);
        const QString url = m_server.url(QStringLiteral("/data")).toString();
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("option_url")), url);
        QVERIFY(choose(find<QComboBox>(dialog.get(), QStringLiteral("feedPlugin")),
                       QStringLiteral("http")));
        // The http form replaced the formtest one at once.
        QVERIFY(!dialog->findChild<QWidget *>(QStringLiteral("option_ratio")));
        QVERIFY(dialog->findChild<QWidget *>(QStringLiteral("option_method")));
        QCOMPARE(find<QLineEdit>(dialog.get(), QStringLiteral("option_url"))->text(), url);
        const FeedConfig feed = dialog->dashboard().feeds.value(0);
        QCOMPARE(feed.plugin, QStringLiteral("http"));
        QCOMPARE(feed.options.value(QStringLiteral("url")).toString(), url);
        QVERIFY(!feed.options.contains(QStringLiteral("ratio")));
        QCOMPARE(feed.options.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
        QVERIFY(okEnabled(*dialog));
    }

    void unknownPluginKeepsItsOptions()
    {
        Dashboard d;
        FeedConfig feed;
        feed.id = QStringLiteral("mqtt1");
        feed.plugin = QStringLiteral("mqtt-not-installed");
        feed.name = QStringLiteral("Broker");
        feed.options = {{QStringLiteral("topic"), QStringLiteral("a/b")}};
        d.feeds.append(feed);
        auto dialog = openDialog(d);
        QVERIFY(errorText(dialog.get(), QStringLiteral("pluginError"))
                    .contains(QStringLiteral("mqtt-not-installed")));
        QVERIFY(!okEnabled(*dialog));
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("feedName")),
                 QStringLiteral("Renamed"));
        QCOMPARE(dialog->dashboard().feeds[0].options, feed.options);
        QCOMPARE(dialog->dashboard().feeds[0].plugin, feed.plugin);
    }

    void chartPanelBoundToTheNewChannel()
    {
        Dashboard d;
        FeedConfig feed;
        feed.id = QStringLiteral("weather");
        feed.plugin = QStringLiteral("formtest");
        feed.name = QStringLiteral("Weather");
        feed.options = {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1/")}};
        d.feeds.append(feed);
        PanelConfig first;
        first.title = QStringLiteral("First");
        first.kind = PanelKind::Tile;
        d.panels.append(first);
        auto dialog = openDialog(d);

        // The mapping is added in this session: its channel is offered before it exists.
        auto *table = find<QTableWidget>(dialog.get(), QStringLiteral("mappingTable"));
        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("addMapping")),
                          Qt::LeftButton);
        table->item(0, 0)->setText(QStringLiteral("temp"));
        table->item(0, 1)->setText(QStringLiteral("room/temp"));

        find<QTabWidget>(dialog.get(), QStringLiteral("settingsTabs"))->setCurrentIndex(1);
        auto *panels = find<QListWidget>(dialog.get(), QStringLiteral("panelList"));
        QCOMPARE(panels->count(), 1);
        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("addPanel")),
                          Qt::LeftButton);
        QCOMPARE(panels->count(), 2);
        QCOMPARE(panels->currentRow(), 1);
        QVERIFY(choose(find<QComboBox>(dialog.get(), QStringLiteral("panelKind")),
                       QStringLiteral("chart")));
        typeInto(find<QLineEdit>(dialog.get(), QStringLiteral("panelTitle")),
                 QStringLiteral("Temperature"));

        auto *known = find<QListWidget>(dialog.get(), QStringLiteral("knownChannels"));
        const auto items = known->findItems(QStringLiteral("weather/room/temp"), Qt::MatchExactly);
        QCOMPARE(items.size(), 1);
        known->scrollToItem(items.first());
        const QPoint at = known->visualItemRect(items.first()).center();
        QTest::mouseClick(known->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(known->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(find<QPlainTextEdit>(dialog.get(), QStringLiteral("panelChannels"))->toPlainText(),
                 QStringLiteral("weather/room/temp"));

        // Chart-only fields are shown for a chart, and hidden for a log.
        auto *window = find<QSpinBox>(dialog.get(), QStringLiteral("panelWindow"));
        QVERIFY(window->isVisible());
        QVERIFY(!find<QWidget>(dialog.get(), QStringLiteral("panelMaxEvents"))->isVisible());
        window->setValue(300);

        // A fixed y range must be ordered.
        QTest::mouseClick(find<QCheckBox>(dialog.get(), QStringLiteral("panelFixedY")),
                          Qt::LeftButton);
        find<QDoubleSpinBox>(dialog.get(), QStringLiteral("panelYMin"))->setValue(30);
        find<QDoubleSpinBox>(dialog.get(), QStringLiteral("panelYMax"))->setValue(10);
        QVERIFY(!errorText(dialog.get(), QStringLiteral("panelYError")).isEmpty());
        QVERIFY(!okEnabled(*dialog));
        QVERIFY(errorText(dialog.get(), QStringLiteral("validationSummary"))
                    .contains(QStringLiteral("Temperature")));
        find<QDoubleSpinBox>(dialog.get(), QStringLiteral("panelYMax"))->setValue(40);
        QVERIFY(errorText(dialog.get(), QStringLiteral("panelYError")).isEmpty());
        QVERIFY(okEnabled(*dialog));
        find<QSpinBox>(dialog.get(), QStringLiteral("panelColumnSpan"))->setValue(2);

        // A right axis: its channels, unit and a fixed maximum, ordered like the y range.
        auto *rightChannels = find<QLineEdit>(dialog.get(), QStringLiteral("panelRightChannels"));
        QVERIFY(rightChannels->isVisible());
        QTest::keyClicks(rightChannels, QStringLiteral("weather/room/humidity, weather/*/rh"));
        QTest::keyClicks(find<QLineEdit>(dialog.get(), QStringLiteral("panelRightUnit")),
                         QStringLiteral("%"));
        QTest::mouseClick(find<QCheckBox>(dialog.get(), QStringLiteral("panelRightMaxOn")),
                          Qt::LeftButton);
        find<QDoubleSpinBox>(dialog.get(), QStringLiteral("panelRightMax"))->setValue(-5);
        QTest::mouseClick(find<QCheckBox>(dialog.get(), QStringLiteral("panelRightMinOn")),
                          Qt::LeftButton);
        QVERIFY(!errorText(dialog.get(), QStringLiteral("panelRightError")).isEmpty());
        QVERIFY(!okEnabled(*dialog));
        find<QDoubleSpinBox>(dialog.get(), QStringLiteral("panelRightMax"))->setValue(100);
        QVERIFY(errorText(dialog.get(), QStringLiteral("panelRightError")).isEmpty());
        QVERIFY(okEnabled(*dialog));
        QTest::mouseClick(find<QCheckBox>(dialog.get(), QStringLiteral("panelRightMinOn")),
                          Qt::LeftButton); // the minimum follows the data again
        screenshot(*dialog, QStringLiteral("settings-panels"));

        // Move it to the top.
        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("movePanelUp")),
                          Qt::LeftButton);
        QCOMPARE(panels->currentRow(), 0);

        const QList<PanelConfig> result = dialog->dashboard().panels;
        QCOMPARE(result.size(), 2);
        const PanelConfig &chart = result[0];
        QCOMPARE(chart.kind, PanelKind::Chart);
        QCOMPARE(chart.title, QStringLiteral("Temperature"));
        QCOMPARE(chart.channels, QStringList{QStringLiteral("weather/room/temp")});
        QCOMPARE(chart.windowSeconds, 300);
        QCOMPARE(chart.yMin, std::optional<double>(30));
        QCOMPARE(chart.yMax, std::optional<double>(40));
        QCOMPARE(chart.columnSpan, 2);
        const ChartRightAxis right{
            {QStringLiteral("weather/room/humidity"), QStringLiteral("weather/*/rh")},
            QStringLiteral("%"),
            std::nullopt,
            100.0};
        QCOMPARE(chart.rightAxis, std::optional<ChartRightAxis>(right));
        QCOMPARE(chart.row, 1); // placed below the existing panel
        QCOMPARE(result[1], first);

        // Switching the kind swaps the kind-specific fields.
        QVERIFY(choose(find<QComboBox>(dialog.get(), QStringLiteral("panelKind")),
                       QStringLiteral("log")));
        QVERIFY(!window->isVisible());
        QVERIFY(find<QWidget>(dialog.get(), QStringLiteral("panelMaxEvents"))->isVisible());
        QCOMPARE(dialog->dashboard().panels[0].kind, PanelKind::EventLog);
        QVERIFY(!rightChannels->isVisible());
        QVERIFY(!dialog->dashboard().panels[0].rightAxis); // only a chart keeps one

        // Remove it again.
        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("removePanel")),
                          Qt::LeftButton);
        QCOMPARE(dialog->dashboard().panels, QList<PanelConfig>{first});
    }

    void tileAlertThresholdsAreEditedAndChecked()
    {
        Dashboard d;
        PanelConfig tile;
        tile.title = QStringLiteral("Error rate");
        tile.kind = PanelKind::Tile;
        tile.criticalAbove = 5;
        d.panels.append(tile);
        auto dialog = openDialog(d);
        find<QTabWidget>(dialog.get(), QStringLiteral("settingsTabs"))->setCurrentIndex(1);
        auto *criticalOn = find<QCheckBox>(dialog.get(), QStringLiteral("panelCriticalAboveOn"));
        auto *critical = find<QDoubleSpinBox>(dialog.get(), QStringLiteral("panelCriticalAbove"));
        auto *warningOn = find<QCheckBox>(dialog.get(), QStringLiteral("panelWarningAboveOn"));
        auto *warning = find<QDoubleSpinBox>(dialog.get(), QStringLiteral("panelWarningAbove"));
        // What the file holds is shown; an unset threshold is off and cannot be typed into.
        QVERIFY(criticalOn->isVisible() && criticalOn->isChecked());
        QCOMPARE(critical->value(), 5.0);
        QVERIFY(!warningOn->isChecked());
        QVERIFY(!warning->isEnabled());
        QTest::mouseClick(warningOn, Qt::LeftButton);
        QVERIFY(warning->isEnabled());
        warning->setValue(8); // a warning above the critical level
        QVERIFY(!errorText(dialog.get(), QStringLiteral("panelThresholdError")).isEmpty());
        QVERIFY(!okEnabled(*dialog));
        warning->setValue(2);
        QVERIFY(errorText(dialog.get(), QStringLiteral("panelThresholdError")).isEmpty());
        QVERIFY(okEnabled(*dialog));
        const PanelConfig result = dialog->dashboard().panels.first();
        QCOMPARE(result.warningAbove, std::optional<double>(2));
        QCOMPARE(result.criticalAbove, std::optional<double>(5));
        QCOMPARE(result.warningBelow, std::nullopt);
        // Alerts are a tile's: a chart does not show them.
        QVERIFY(choose(find<QComboBox>(dialog.get(), QStringLiteral("panelKind")),
                       QStringLiteral("chart")));
        QVERIFY(!criticalOn->isVisible());
        QVERIFY(okEnabled(*dialog));
        QCOMPARE(dialog->dashboard().panels.first().criticalAbove, std::nullopt);
    }

    void knownChannelsIncludeTheStore()
    {
        m_engine->store().channel(QStringLiteral("live/cpu"));
        auto dialog = openDialog();
        find<QTabWidget>(dialog.get(), QStringLiteral("settingsTabs"))->setCurrentIndex(1);
        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("addPanel")),
                          Qt::LeftButton);
        auto *known = find<QListWidget>(dialog.get(), QStringLiteral("knownChannels"));
        QCOMPARE(known->findItems(QStringLiteral("live/cpu"), Qt::MatchExactly).size(), 1);
        m_engine->store().channel(QStringLiteral("live/mem"));
        QTest::mouseClick(find<QPushButton>(dialog.get(), QStringLiteral("refreshChannels")),
                          Qt::LeftButton);
        QCOMPARE(known->findItems(QStringLiteral("live/mem"), Qt::MatchExactly).size(), 1);
        m_engine->store().removeFeed(QStringLiteral("live"));
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
