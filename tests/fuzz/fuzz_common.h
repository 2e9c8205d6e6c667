#pragma once

// Shared helpers of the libFuzzer targets: invariant checks that abort with a readable message
// (libFuzzer then saves the input as a crash file), and input splitting.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <QStringList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace livedash::fuzz {

[[noreturn]] inline void fail(const char *file, int line, const char *what, const QString &detail)
{
    std::fprintf(stderr, "\n%s:%d: invariant violated: %s\n  %s\n", file, line, what,
                 detail.toUtf8().constData());
    std::fflush(stderr);
    std::abort();
}

/// Findings already reported and not fixed yet, by id (see regressions/README.md), listed in
/// LIVEDASH_FUZZ_KNOWN (comma-separated) to keep fuzzing past them. Unset, everything fails.
inline bool known(const char *id)
{
    static const QStringList ids = QString::fromLocal8Bit(qgetenv("LIVEDASH_FUZZ_KNOWN"))
                                       .split(QLatin1Char(','), Qt::SkipEmptyParts);
    return ids.contains(QLatin1String(id));
}

inline QByteArrayView bytes(const uint8_t *data, size_t size)
{
    return QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size));
}

/// Printable form of arbitrary bytes for failure messages (C escapes, at most 200 bytes).
inline QString show(QByteArrayView b)
{
    QString out;
    for (qsizetype i = 0; i < b.size() && i < 200; ++i) {
        const unsigned char c = static_cast<unsigned char>(b[i]);
        if (c >= 0x20 && c < 0x7f && c != '\\')
            out += QLatin1Char(char(c));
        else
            out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
    }
    if (b.size() > 200)
        out += QStringLiteral("...(%1 bytes)").arg(b.size());
    return out;
}

} // namespace livedash::fuzz

/// Aborts (a libFuzzer finding) when `cond` is false; `detail` is a QString describing the case.
#define FUZZ_CHECK(cond, detail)                                                                   \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ::livedash::fuzz::fail(__FILE__, __LINE__, #cond, (detail));                           \
    } while (false)

/// FUZZ_CHECK for the invariant a reported finding breaks: skipped while `id` is listed in
/// LIVEDASH_FUZZ_KNOWN, so a long run can look for other findings before the fix lands.
#define FUZZ_CHECK_KNOWN(id, cond, detail)                                                         \
    do {                                                                                           \
        if (!(cond) && !::livedash::fuzz::known(id))                                               \
            ::livedash::fuzz::fail(__FILE__, __LINE__, "[" id "] " #cond, (detail));               \
    } while (false)
