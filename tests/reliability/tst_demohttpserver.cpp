// Found by the soak: LocalHttpServer (app/demo) serves the demo dashboard's HTTP source, which
// the app polls for as long as the demo runs (every second, over one keep-alive connection).
// Pass criterion: answering requests keeps no object per request: after 1000 keep-alive
// requests the live QObjects are what they were after the first 100.
#include "localhttpserver.h"
#include "support.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

using namespace livedash;
using namespace livedash::reliability;

class TestDemoHttpServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QObjectCounter::install(); }
    void keepAliveRequestsLeaveNothingBehind();
};

void TestDemoHttpServer::keepAliveRequestsLeaveNothingBehind()
{
    ServerThread servers;
    auto *http = servers.make<LocalHttpServer>();
    http->route("/metrics", [](HttpExchange *ex) { ex->respond(200, R"({"cpu":1})"); });
    bool ok = false;
    servers.run([&] { ok = http->listen(); });
    QVERIFY(ok);

    QNetworkAccessManager network;
    const QNetworkRequest request(http->url(QStringLiteral("/metrics")));
    auto get = [&](int count) {
        for (int i = 0; i < count; ++i) {
            std::unique_ptr<QNetworkReply> reply(network.get(request));
            QEventLoop loop;
            QTimer timeout; // not QTimer::singleShot: its timer object would outlive the loop
            timeout.setSingleShot(true);
            QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
            QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
            timeout.start(5000);
            loop.exec();
            if (!reply->isFinished() || reply->readAll() != R"({"cpu":1})")
                return false;
        }
        return true;
    };
    QVERIFY(get(100));
    QTest::qWait(100);
    const qint64 before = QObjectCounter::live();
    const qint64 rssBefore = rssKb();
    QVERIFY(get(1000));
    QTest::qWait(100);
    const qint64 after = QObjectCounter::live();
    int connections = 0;
    servers.run([&] { connections = http->openConnections(); });
    qInfo().noquote() << QStringLiteral("1000 keep-alive requests over %1 connection(s): live "
                                        "QObjects %2 -> %3, RSS %4 -> %5 KB")
                             .arg(connections)
                             .arg(before)
                             .arg(after)
                             .arg(rssBefore)
                             .arg(rssKb());
    QVERIFY2(after - before <= 10,
             qPrintable(QStringLiteral("%1 objects more after 1000 requests").arg(after - before)));
}

QTEST_GUILESS_MAIN(TestDemoHttpServer)
#include "tst_demohttpserver.moc"
