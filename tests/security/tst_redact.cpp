// The redaction helper every log line and status text goes through, the `${keychain:...}`
// references, and moving typed secrets out of a dashboard. Data-driven.
#include "secrets/secrets.h"
#include "secrets/secretstore.h"
#include "secrets/variables.h"
#include <livedash/redact.h>

#include <QRegularExpression>
#include <QTest>

using namespace livedash;

namespace {

OptionSpec spec(const QString &key, OptionType type)
{
    OptionSpec s;
    s.key = key;
    s.type = type;
    return s;
}

const QList<OptionSpec> Schema{spec(QStringLiteral("url"), OptionType::Url),
                               spec(QStringLiteral("token"), OptionType::Secret),
                               spec(QStringLiteral("headers"), OptionType::Headers),
                               spec(QStringLiteral("note"), OptionType::String)};

} // namespace

class TestRedact : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sensitiveHeaders_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("sensitive");
        for (const char *n :
             {"Authorization", "authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
              "X-Api-Key", "Api-Key", "X-API_KEY", "apikey", "X-Auth-Token", "X-Access-Token",
              "X-Secret", "X-Session-Id", "X-Signature", "X-Password", "X-Credentials"})
            QTest::newRow(n) << QString::fromLatin1(n) << true;
        for (const char *n : {"Accept", "Content-Type", "X-Feed-Tag", "User-Agent", "X-Request-Id",
                              "Cache-Control", "Last-Event-ID"})
            QTest::newRow(n) << QString::fromLatin1(n) << false;
    }
    void sensitiveHeaders()
    {
        QFETCH(QString, name);
        QFETCH(bool, sensitive);
        QCOMPARE(isSensitiveHeader(QStringView(name)), sensitive);
        QCOMPARE(isSensitiveHeader(QByteArrayView(name.toLatin1())), sensitive);
    }

    void urls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << "wss://feed.example.com:8443/v1/stream"
                               << "wss://feed.example.com:8443/v1/stream";
        QTest::newRow("loopback") << "http://127.0.0.1:4242/data"
                                  << "http://127.0.0.1:4242/data";
        QTest::newRow("user and password") << "https://alice:s3cr3t-pw@api.example.com/x"
                                           << "https://api.example.com/x";
        QTest::newRow("token as user") << "https://ghp_abcdef123456@example.com/"
                                       << "https://example.com/";
        QTest::newRow("query values") << "wss://h/s?token=s3cr3t-q&symbol=AAPL"
                                      << "wss://h/s?token=<redacted>&symbol=<redacted>";
        QTest::newRow("bare query") << "https://h/p?abcdef0123456789"
                                    << "https://h/p?<redacted>";
        QTest::newRow("fragment") << "https://h/p#access_token=xyz987"
                                  << "https://h/p";
        QTest::newRow("implicit-flow fragment")
            << "https://host/cb#access_token=abc123&token_type=bearer"
            << "https://host/cb";
        QTest::newRow("any fragment") << "https://h/docs#section-2"
                                      << "https://h/docs";
        QTest::newRow("query and fragment") << "https://h/p?a=1#id_token=eyJhbGci"
                                            << "https://h/p?a=<redacted>";
        QTest::newRow("percent-encoded") << "https://h/p?key=a%20b%26c"
                                         << "https://h/p?key=<redacted>";
        QTest::newRow("not a URL") << "not a url?token=s3cr3t"
                                   << "not a url?token=s3cr3t";
    }
    void urls()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        QCOMPARE(redactUrl(url), expected);
    }

    void text_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("secrets");
        QTest::addColumn<QString>("expected");
        const QStringList none;
        QTest::newRow("nothing secret") << "connection refused" << none << "connection refused";
        QTest::newRow("bearer") << "Authorization: Bearer abc.def.ghi" << none
                                << "Authorization: Bearer <redacted>";
        QTest::newRow("basic, lower case")
            << "authorization: basic dXNlcjpwYXNz" << none << "authorization: basic <redacted>";
        QTest::newRow("no scheme")
            << "Authorization: 0123456789" << none << "Authorization: <redacted>";
        QTest::newRow("proxy") << "Proxy-Authorization: Basic Zm9vOmJhcg==" << none
                               << "Proxy-Authorization: Basic <redacted>";
        QTest::newRow("cookie") << "Cookie: session=abc; theme=dark" << none
                                << "Cookie: <redacted>";
        QTest::newRow("set-cookie")
            << "Set-Cookie: id=a3fWa; Secure" << none << "Set-Cookie: <redacted>";
        QTest::newRow("api key") << "X-Api-Key: k-123456" << none << "X-Api-Key: <redacted>";
        QTest::newRow("json") << R"({"Authorization":"Bearer xyz123","v":1})" << none
                              << R"({"Authorization":"Bearer <redacted>","v":1})";
        QTest::newRow("multi-line")
            << "GET / HTTP/1.1\r\nAuthorization: Bearer t0k3n\r\nAccept: */*" << none
            << "GET / HTTP/1.1\r\nAuthorization: Bearer <redacted>\r\nAccept: */*";
        QTest::newRow("url in Qt's error string")
            << "Error transferring https://u:pw@h/data?token=s3cr3t - server replied: Not Found"
            << none
            << "Error transferring https://h/data?token=<redacted> - server replied: Not Found";
        QTest::newRow("two urls") << "from ws://a/x?k=1 to ws://b/y" << none
                                  << "from ws://a/x?k=<redacted> to ws://b/y";
        // A fragment is dropped whole, whatever its keys: an OAuth implicit-flow callback
        // carries the token there, and a fragment is never needed to read a log line.
        QTest::newRow("credential in a fragment")
            << "callback https://host/cb#access_token=abc123&token_type=bearer failed" << none
            << "callback https://host/cb failed";
        QTest::newRow("fragment only key")
            << "see https://host/docs#section-2 now" << none << "see https://host/docs now";
        QTest::newRow("query and fragment") << "GET wss://h/s?sym=X#code=c0de-99 closed" << none
                                            << "GET wss://h/s?sym=<redacted> closed";
        QTest::newRow("known secret in a path")
            << "HTTP 404 from https://h/api/tok-777888999/stream"
            << QStringList{QStringLiteral("tok-777888999")}
            << "HTTP 404 from https://h/api/<redacted>/stream";
        QTest::newRow("known secret, longest first")
            << "abcd1234 and abcd1234efgh"
            << QStringList{QStringLiteral("abcd1234"), QStringLiteral("abcd1234efgh")}
            << "<redacted> and <redacted>";
        QTest::newRow("too short to redact")
            << "a key of abc" << QStringList{QStringLiteral("abc")} << "a key of abc";
        QTest::newRow("already redacted")
            << "Authorization: <redacted>" << none << "Authorization: <redacted>";
    }
    void text()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, secrets);
        QFETCH(QString, expected);
        QCOMPARE(redactText(text, secrets), expected);
    }

    void fragmentCredentialIsRedacted()
    {
        // A URL whose only secret is in its fragment: in free text (log lines, Qt's error
        // strings) as well as where a URL is shown on its own.
        const QString url = QStringLiteral("https://host/cb#access_token=abc123&token_type=bearer");
        const QString line = QStringLiteral("Error transferring %1 - server replied: Not Found");
        const QString text = redactText(line.arg(url));
        QVERIFY2(!text.contains(QLatin1String("abc123")), qPrintable(text));
        QCOMPARE(text, line.arg(QStringLiteral("https://host/cb")));
        QCOMPARE(redactUrl(url), QStringLiteral("https://host/cb"));
        QCOMPARE(redactUrl(QUrl(url)), QStringLiteral("https://host/cb"));
        // Redacting twice changes nothing more.
        QCOMPARE(redactText(text), text);
    }

    void registeredSecretsAreAlwaysRedacted()
    {
        const QString value = QStringLiteral("registered-9f8e7d6c");
        QVERIFY(redactText(value).contains(value));
        registerSecret(value);
        QCOMPARE(redactText(QStringLiteral("got ") + value), QStringLiteral("got <redacted>"));
    }

    void headers_data()
    {
        QTest::addColumn<QVariant>("headers");
        QTest::addColumn<QString>("expected");
        QTest::newRow("text") << QVariant(QStringLiteral(
                                     "Authorization: Bearer abc\nX-Feed-Tag: demo\n# comment\n"
                                     "X-Api-Key: 12345"))
                              << "Authorization: Bearer <redacted>\nX-Feed-Tag: demo\n# "
                                 "comment\nX-Api-Key: <redacted>";
        QTest::newRow("references stay")
            << QVariant(QStringLiteral("Authorization: Bearer ${env:TOKEN}\n"
                                       "Cookie: ${keychain:f/Cookie/0a1b2c}"))
            << "Authorization: Bearer ${env:TOKEN}\n"
               "Cookie: ${keychain:f/Cookie/0a1b2c}";
        QTest::newRow("object")
            << QVariant(QVariantMap{{QStringLiteral("Authorization"), QStringLiteral("Basic Zm9v")},
                                    {QStringLiteral("Accept"), QStringLiteral("application/json")}})
            << "Accept: application/json\nAuthorization: Basic <redacted>";
    }
    void headers()
    {
        QFETCH(QVariant, headers);
        QFETCH(QString, expected);
        QCOMPARE(redactHeaders(headers), expected);
    }

    void options()
    {
        const QVariantMap options{
            {QStringLiteral("url"), QStringLiteral("wss://u:pw12345@h/s?token=t-55556666")},
            {QStringLiteral("token"), QStringLiteral("typed-secret-1")},
            {QStringLiteral("headers"), QStringLiteral("Authorization: Bearer hdr-secret-2")},
            {QStringLiteral("note"), QStringLiteral("uses typed-secret-1 and t-55556666")},
            {QStringLiteral("count"), 3}};
        const QStringList secrets = secretValues(Schema, options);
        for (const char *s :
             {"pw12345", "t-55556666", "typed-secret-1", "Bearer hdr-secret-2", "hdr-secret-2"})
            QVERIFY2(secrets.contains(QString::fromLatin1(s)), s);
        QVERIFY(!secrets.contains(QStringLiteral("u")));

        const QVariantMap shown = redactOptions(Schema, options);
        QCOMPARE(shown.value(QStringLiteral("url")).toString(),
                 QStringLiteral("wss://h/s?token=<redacted>"));
        QCOMPARE(shown.value(QStringLiteral("token")).toString(), QStringLiteral("<redacted>"));
        QCOMPARE(shown.value(QStringLiteral("headers")).toString(),
                 QStringLiteral("Authorization: Bearer <redacted>"));
        QCOMPARE(shown.value(QStringLiteral("note")).toString(),
                 QStringLiteral("uses <redacted> and <redacted>"));
        QCOMPARE(shown.value(QStringLiteral("count")).toInt(), 3);
        // A reference holds no secret and is shown as it is.
        const QVariantMap refs{{QStringLiteral("token"), QStringLiteral("${env:TOKEN}")}};
        QCOMPARE(redactOptions(Schema, refs), refs);
    }

    void referencesOnly_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("onlyReferences");
        QTest::newRow("keychain") << "${keychain:ticks/token/0a1b2c}" << true;
        QTest::newRow("env") << "${env:TOKEN}" << true;
        QTest::newRow("bearer env") << "Bearer ${env:TOKEN}" << true;
        QTest::newRow("plain") << "abc" << false;
        QTest::newRow("text around") << "abc${env:X}" << false;
        QTest::newRow("empty") << "" << false;
    }
    void referencesOnly()
    {
        QFETCH(QString, value);
        QFETCH(bool, onlyReferences);
        QCOMPARE(holdsOnlyReferences(value), onlyReferences);
    }

    void keychainReferencesResolve()
    {
        Variables vars;
        const QVariantMap options{
            {QStringLiteral("token"), QStringLiteral("${keychain:f/token/000001}")},
            {QStringLiteral("headers"),
             QStringLiteral("Authorization: ${keychain:f/Authorization/000002}")}};
        QCOMPARE(Variables::keychainNames(options),
                 (QStringList{QStringLiteral("f/Authorization/000002"),
                              QStringLiteral("f/token/000001")}));
        QStringList errors;
        vars.resolve(options, &errors);
        QCOMPARE(errors.size(), 2);
        QVERIFY2(errors.first().contains(QLatin1String("no keychain was consulted")),
                 qPrintable(errors.first()));

        vars.setSecretPending(QStringLiteral("f/token/000001"));
        QVERIFY(vars.waitsForSecrets(options));
        vars.setSecret(QStringLiteral("f/token/000001"), QStringLiteral("tok"));
        vars.setSecretError(QStringLiteral("f/Authorization/000002"),
                            QStringLiteral("not found in the keychain"));
        QVERIFY(!vars.waitsForSecrets(options));
        errors.clear();
        const QVariantMap resolved = vars.resolve(options, &errors);
        QCOMPARE(resolved.value(QStringLiteral("token")).toString(), QStringLiteral("tok"));
        QCOMPARE(errors,
                 QStringList{QStringLiteral("headers: keychain entry f/Authorization/000002: "
                                            "not found in the keychain")});
        vars.setSecret(QStringLiteral("f/Authorization/000002"), QStringLiteral("Bearer b"));
        errors.clear();
        QCOMPARE(vars.resolve(options, &errors).value(QStringLiteral("headers")).toString(),
                 QStringLiteral("Authorization: Bearer b"));
        QVERIFY(errors.isEmpty());
    }

    void typedSecretsMoveOutOfTheDashboard()
    {
        FeedConfig feed;
        feed.id = QStringLiteral("ticks");
        feed.plugin = QStringLiteral("p");
        feed.options = {{QStringLiteral("url"), QStringLiteral("wss://h/s")},
                        {QStringLiteral("token"), QStringLiteral("typed-token-123")},
                        {QStringLiteral("headers"), QStringLiteral("Authorization: Bearer hdr-456\n"
                                                                   "X-Feed-Tag: demo\n"
                                                                   "X-Api-Key: ${env:KEY}")}};
        FeedConfig plain;
        plain.id = QStringLiteral("plain");
        plain.plugin = QStringLiteral("p");
        plain.options = {{QStringLiteral("headers"), QStringLiteral("Accept: text/plain")}};
        Dashboard d;
        d.feeds = {feed, plain};
        const auto schemaOf = [](const QString &) { return Schema; };

        const QList<PlaintextSecret> found = plaintextSecrets(Schema, feed.options);
        QCOMPARE(found.size(), 2);
        QCOMPARE(found[0].optionKey, QStringLiteral("token"));
        QCOMPARE(found[1].headerName, QStringLiteral("Authorization"));

        const SecretExtraction x = extractSecrets(d, schemaOf);
        QCOMPARE(x.secrets.size(), 2);
        const QByteArray json = x.dashboard.toJson();
        QVERIFY2(!json.contains("typed-token-123") && !json.contains("hdr-456"), json.constData());
        const FeedConfig &moved = x.dashboard.feeds[0];
        const QString tokenRef = moved.options.value(QStringLiteral("token")).toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^\\$\\{keychain:ticks/token/[0-9a-f]{6}\\}$"))
                     .match(tokenRef)
                     .hasMatch(),
                 qPrintable(tokenRef));
        const QString headers = moved.options.value(QStringLiteral("headers")).toString();
        QVERIFY2(
            QRegularExpression(QStringLiteral("^Authorization: \\$\\{keychain:ticks/"
                                              "Authorization/[0-9a-f]{6}\\}\nX-Feed-Tag: demo\n"
                                              "X-Api-Key: \\$\\{env:KEY\\}$"))
                .match(headers)
                .hasMatch(),
            qPrintable(headers));
        QCOMPARE(x.dashboard.feeds[1], plain);
        QVERIFY(plaintextSecrets(Schema, moved.options).isEmpty());
        for (const SecretToStore &s : x.secrets)
            QVERIFY(s.value == QLatin1String("typed-token-123") ||
                    s.value == QLatin1String("Bearer hdr-456"));

        // Editing the token again reuses its entry (the keychain holds one value per field).
        Dashboard edited = x.dashboard;
        edited.feeds[0].options.insert(QStringLiteral("token"), QStringLiteral("new-token-789"));
        const SecretExtraction again = extractSecrets(edited, schemaOf, x.dashboard);
        QCOMPARE(again.secrets.size(), 1);
        QCOMPARE(again.dashboard.feeds[0].options.value(QStringLiteral("token")).toString(),
                 tokenRef);
        QCOMPARE(again.secrets.first().value, QStringLiteral("new-token-789"));

        // Nothing to move: the dashboard is unchanged.
        QCOMPARE(extractSecrets(x.dashboard, schemaOf).dashboard, x.dashboard);
        QCOMPARE(keychainReference(QStringLiteral("a/b/c")), QStringLiteral("${keychain:a/b/c}"));
    }
};

QTEST_MAIN(TestRedact)
#include "tst_redact.moc"
