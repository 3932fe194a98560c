// rotomatch: the desktop workstation.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include "engine/core/Version.h"
#include "ui/MainWindow.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Rotomatch"));
  QApplication::setOrganizationName(QStringLiteral("Rotomatch"));
  QApplication::setApplicationVersion(QString::fromLatin1(rm::kVersion));
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
  parser.addPositionalArgument(QStringLiteral("file"),
                               QCoreApplication::translate("main", "Clip or project to open"));
  parser.process(app);

  rm::ui::MainWindow window;
  window.show();
  if (!parser.positionalArguments().isEmpty())
    window.openPath(parser.positionalArguments().constFirst());
  return app.exec();
}
