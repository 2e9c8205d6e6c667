// The one problem type of the SDK: paths, lifting into a larger document, severities.
#include <livedash/problem.h>

#include <QTest>

using namespace livedash;

class TestProblem : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void toStringJoinsPathAndMessage()
    {
        QCOMPARE((Problem{QStringLiteral("url"), QStringLiteral("required")}).toString(),
                 QStringLiteral("url: required"));
        QCOMPARE((Problem{QString(), QStringLiteral("not JSON")}).toString(),
                 QStringLiteral("not JSON"));
    }

    void prefixedLiftsIntoALargerDocument()
    {
        const Problem option{QStringLiteral("url"), QStringLiteral("required")};
        const Problem lifted =
            option.prefixed(QStringLiteral("options")).prefixed(QStringLiteral("feeds[2]"));
        QCOMPARE(lifted.path, QStringLiteral("feeds[2].options.url"));
        QCOMPARE(lifted.message, option.message);
        QCOMPARE(
            (Problem{QStringLiteral("[1].type"), {}}).prefixed(QStringLiteral("channels")).path,
            QStringLiteral("channels[1].type"));
        QCOMPARE((Problem{QString(), {}}).prefixed(QStringLiteral("feeds[0]")).path,
                 QStringLiteral("feeds[0]"));
        const QList<Problem> list = prefixed({{QStringLiteral("a"), {}}, {QStringLiteral("b"), {}}},
                                             QStringLiteral("panels[1]"));
        QCOMPARE(toStrings(list),
                 (QStringList{QStringLiteral("panels[1].a: "), QStringLiteral("panels[1].b: ")}));
    }

    void isUnderMatchesWholeKeys()
    {
        const Problem p{QStringLiteral("options.url"), {}};
        QVERIFY(p.isUnder(QStringLiteral("options")));
        QVERIFY(p.isUnder(QStringLiteral("options.url")));
        QVERIFY(!p.isUnder(QStringLiteral("option")));
        QVERIFY(!p.isUnder(QStringLiteral("options.u")));
        QVERIFY((Problem{QStringLiteral("feeds[1].id"), {}}).isUnder(QStringLiteral("feeds")));
        QCOMPARE(p.pathBelow(QStringLiteral("options")), QStringLiteral("url"));
        QCOMPARE(p.pathBelow(QStringLiteral("fields")), QStringLiteral("options.url"));
        const QList<Problem> below = problemsUnder(
            {p, {QStringLiteral("id"), QStringLiteral("bad")}}, QStringLiteral("options"));
        QCOMPARE(below.size(), 1);
        QCOMPARE(below.first().path, QStringLiteral("url"));
    }

    void warningsAreNotErrors()
    {
        QVERIFY(!hasErrors({}));
        const Problem warning{QStringLiteral("a"), QStringLiteral("odd"),
                              Problem::Severity::Warning};
        QVERIFY(!hasErrors({warning}));
        QVERIFY(hasErrors({warning, {QStringLiteral("b"), QStringLiteral("wrong")}}));
    }

    void fromStringReadsTextBack()
    {
        const Problem p = Problem::fromString(QStringLiteral("channels[0].path: x: y"));
        QCOMPARE(p.path, QStringLiteral("channels[0].path"));
        QCOMPARE(p.message, QStringLiteral("x: y"));
        QCOMPARE(Problem::fromString(QStringLiteral("no path")).path, QString());
    }
};

QTEST_GUILESS_MAIN(TestProblem)
#include "tst_problem.moc"
