// A child process for the exec feed's tests, doing what its arguments say, in order:
//   out:TEXT      print TEXT and a newline on standard output
//   err:TEXT      the same on standard error
//   big:N         a line of N 'x' on standard output
//   lines:N       N lines {"i": 1} ... {"i": N} on standard output, as fast as it can
//   sleep:MS      wait
//   pidfile:PATH  write this process's id to PATH
//   touch:PATH    create PATH
//   count:PATH    append a line to PATH (counts the runs)
//   ignoreterm    ignore SIGTERM (and, on Windows, nothing more is needed: terminate() is a
//                 WM_CLOSE that a console program never sees)
//   spawn:PATH    start a copy of itself that ignores SIGTERM, writes its id to PATH and
//                 sleeps until killed (a grandchild of the feed), and go on
//   forever       sleep until killed
//   exit:CODE     exit with CODE (the default after the last argument is 0)
//   crash         abort()
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        const qsizetype colon = arg.indexOf(':');
        const QByteArray verb = colon < 0 ? arg : arg.left(colon);
        const QByteArray value = colon < 0 ? QByteArray() : arg.mid(colon + 1);
        if (verb == "out" || verb == "err") {
            std::FILE *to = verb == "out" ? stdout : stderr;
            std::fprintf(to, "%s\n", value.constData());
            std::fflush(to);
        } else if (verb == "big") {
            QByteArray line(value.toLongLong(), 'x');
            line.append('\n');
            std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
            std::fflush(stdout);
        } else if (verb == "lines") {
            const long long n = value.toLongLong();
            for (long long k = 1; k <= n; ++k)
                std::fprintf(stdout, "{\"i\": %lld}\n", k);
            std::fflush(stdout);
        } else if (verb == "sleep") {
            QThread::msleep(value.toULong());
        } else if (verb == "pidfile" || verb == "touch" || verb == "count") {
            QFile f(QString::fromLocal8Bit(value));
            if (!f.open(verb == "count" ? QIODevice::Append : QIODevice::WriteOnly))
                return 99;
            f.write(verb == "pidfile" ? QByteArray::number(QCoreApplication::applicationPid())
                                      : QByteArray("run\n"));
        } else if (verb == "spawn") {
            auto *child = new QProcess; // left running: this process may be killed before it
            child->setProcessChannelMode(QProcess::ForwardedChannels);
            child->start(QString::fromLocal8Bit(argv[0]),
                         {QStringLiteral("ignoreterm"),
                          QStringLiteral("pidfile:") + QString::fromLocal8Bit(value),
                          QStringLiteral("forever")});
            if (!child->waitForStarted())
                return 97;
            while (!QFile::exists(QString::fromLocal8Bit(value)))
                QThread::msleep(10);
        } else if (verb == "ignoreterm") {
            std::signal(SIGTERM, SIG_IGN);
        } else if (verb == "forever") {
            for (;;)
                QThread::sleep(1);
        } else if (verb == "exit") {
            return value.toInt();
        } else if (verb == "crash") {
            std::abort();
        } else {
            std::fprintf(stderr, "exechelper: unknown argument %s\n", argv[i]);
            return 98;
        }
    }
    return 0;
}
