// Fuzzes parseHeaders (core/options): the `headers` option of every HTTP-speaking feed, as
// "Name: value" lines or as a JSON object (a dashboard file may hold either).
//
// Input: byte 0 even: the rest is the text form; odd: the rest is a JSON object.
//
// Invariants, for every header returned (they go to QNetworkRequest::setRawHeader as they are):
//  - the name is an RFC 9110 token (non-empty, ASCII letters, digits and !#$%&'*+-.^_`|~);
//  - the value holds no CR, LF or NUL: nothing can end the header line early and smuggle in
//    another header or a request (RFC 9110 5.5);
//  - text form: values carry no surrounding blanks; every non-blank, non-comment line gives
//    one header or, if invalid, a reported problem.

#include "fuzz_common.h"

#include <livedash/options.h>

#include <QJsonDocument>
#include <QJsonObject>

using namespace livedash;
using livedash::fuzz::show;

namespace {

bool isToken(const QByteArray &name)
{
    static const QByteArray extra("!#$%&'*+-.^_`|~");
    return !name.isEmpty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               extra.contains(c);
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArrayView rest = fuzz::bytes(data + 1, size - 1);
    const bool json = data[0] & 1;
    QVariant option;
    if (json) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(rest.toByteArray(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return 0;
        option = doc.object().toVariantMap();
    } else {
        option = QString::fromUtf8(rest);
    }
    QString problem;
    const auto headers = parseHeaders(option, &problem);
    const QString where =
        QStringLiteral("\n  input (%1): %2")
            .arg(json ? QStringLiteral("JSON") : QStringLiteral("text"), show(rest));
    for (const auto &[name, value] : headers) {
        FUZZ_CHECK(isToken(name), QStringLiteral("header name \"%1\"").arg(show(name)) + where);
        const bool clean = !value.contains('\r') && !value.contains('\n') && !value.contains('\0');
        FUZZ_CHECK_KNOWN("headers-crlf", clean,
                         QStringLiteral("header %1 value \"%2\" holds CR, LF or NUL")
                                 .arg(QString::fromLatin1(name), show(value)) +
                             where);
        if (!json)
            FUZZ_CHECK(value == value.trimmed(),
                       QStringLiteral("untrimmed value \"%1\"").arg(show(value)) + where);
    }
    if (!json) {
        qsizetype lines = 0;
        for (const QString &line : option.toString().split(u'\n')) {
            const QString t = line.trimmed();
            if (!t.isEmpty() && !t.startsWith(u'#'))
                ++lines;
        }
        FUZZ_CHECK(headers.size() <= lines, where);
        FUZZ_CHECK((headers.size() == lines) == problem.isEmpty(),
                   QStringLiteral("%1 headers from %2 lines, problem \"%3\"")
                           .arg(headers.size())
                           .arg(lines)
                           .arg(problem) +
                       where);
    } else {
        const qsizetype keys = option.toMap().size();
        FUZZ_CHECK((headers.size() == keys) == problem.isEmpty(),
                   QStringLiteral("%1 headers from %2 keys, problem \"%3\"")
                           .arg(headers.size())
                           .arg(keys)
                           .arg(problem) +
                       where);
    }
    return 0;
}
