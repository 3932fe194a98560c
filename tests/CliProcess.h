#pragma once
// Runs rotomatch-cli (from ROTOMATCH_BIN_DIR, set by CTest) as a child process, for
// black-box tests of its exit codes and messages.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace rm::test {

struct CliRun {
  int exitCode = -1;  // -2: crashed (signal), -1: timed out
  QString out;
  QString err;
};

inline QString cliPath() {
  return qEnvironmentVariable("ROTOMATCH_BIN_DIR") + QStringLiteral("/rotomatch-cli");
}

inline CliRun runCli(const QStringList& args, int timeoutMs = 120000,
                     const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
  QProcess p;
  p.setProcessEnvironment(env);
  p.start(cliPath(), args);
  CliRun r;
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished();
    return r;
  }
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
  r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
  r.err = QString::fromLocal8Bit(p.readAllStandardError());
  return r;
}

}  // namespace rm::test
