// rotomatch: the desktop workstation.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>
#include <cstdio>

#include "engine/Engine.h"
#include "engine/core/Version.h"
#include "ui/model/AppSettings.h"
#include "ui/widgets/AutomationScript.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/Theme.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Rotomatch"));
  QApplication::setOrganizationName(QStringLiteral("Rotomatch"));
  QApplication::setApplicationVersion(QString::fromLatin1(rm::kVersion));
  rm::ui::applyDarkTheme(app);
  // Once, before any worker starts (MainWindow re-applies a change made in the preferences).
  rm::setComputeThreads(rm::bridge::AppSettings::load().engine.threads);
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/rotomatch/icons/rotomatch.svg")));

  // Catalogues are compiled into the binary under :/i18n.
  QTranslator qtTranslator;
  if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                        QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    app.installTranslator(&qtTranslator);
  QTranslator translator;
  if (translator.load(QLocale(), QStringLiteral("rotomatch"), QStringLiteral("_"),
                      QStringLiteral(":/i18n")))
    app.installTranslator(&translator);

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QCoreApplication::translate("main", "Rotoscoping workstation with deep feature matching"));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption demo(
      QStringLiteral("demo"),
      QCoreApplication::translate("main",
                                  "Open the bundled demo shot (or the polygon keyframe file given "
                                  "as argument): a real clip with painted objects."));
  parser.addOption(demo);
  const QCommandLineOption screenshot(
      QStringLiteral("screenshot"),
      QCoreApplication::translate("main", "Save a picture of the window to <png> and quit."),
      QStringLiteral("png"));
  parser.addOption(screenshot);
  const QCommandLineOption propagateTo(
      QStringLiteral("propagate-to"),
      QCoreApplication::translate("main", "With --screenshot: first propagate up to <frame>."),
      QStringLiteral("frame"));
  parser.addOption(propagateTo);
  const QCommandLineOption automation(
      QStringLiteral("automation"),
      QCoreApplication::translate("main",
                                  "Run the steps of the JSON <script> in the window (tests; see "
                                  "the README)."),
      QStringLiteral("script"));
  parser.addOption(automation);
  parser.addPositionalArgument(QStringLiteral("file"),
                               QCoreApplication::translate("main", "Clip or project to open"));
  parser.process(app);

  rm::ui::MainWindow window;
  window.show();
  const QStringList args = parser.positionalArguments();
  if (parser.isSet(demo)) {
    QString keyframe = args.isEmpty() ? QString() : args.constFirst();
    if (keyframe.isEmpty()) {
      // Installed layout first, then the source tree of a developer build.
      const QStringList candidates = {
          QCoreApplication::applicationDirPath() +
              QStringLiteral("/../share/rotomatch/demo/vtest-keyframe.json"),
          QStringLiteral(ROTOMATCH_SOURCE_DIR "/resources/demo/vtest-keyframe.json")};
      for (const QString& c : candidates)
        if (QFileInfo::exists(c)) {
          keyframe = QDir::cleanPath(c);
          break;
        }
    }
    window.openDemo(keyframe);
  } else if (!args.isEmpty()) {
    window.openPath(args.constFirst());
  } else if (!parser.isSet(screenshot)) {
    QTimer::singleShot(0, &window, &rm::ui::MainWindow::offerRecovery);
  }
  if (parser.isSet(automation)) {
    QString error;
    rm::ui::AutomationScript* script =
        rm::ui::AutomationScript::load(&window, parser.value(automation), &error);
    if (!script) {
      std::fprintf(stderr, "rotomatch: %s\n", qPrintable(error));
      return 2;
    }
    script->start();
  }
  if (parser.isSet(screenshot)) {
    const int until = parser.value(propagateTo).toInt();
    window.screenshotWhenReady(parser.value(screenshot), until);
  }
  return app.exec();
}
