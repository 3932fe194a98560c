// The German catalogue is complete: lupdate run over the GUI sources (into a copy of
// translations/rotomatch_de.ts) finds no untranslated or vanished string, and the
// catalogue compiled into the GUI translates.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

namespace {
const QString kSourceDir = QStringLiteral(ROTOMATCH_SOURCE_DIR);

QStringList guiSources() {
  QStringList files;
  const std::pair<const char*, QStringList> folders[] = {
      {"ui/widgets", {QStringLiteral("*.cpp"), QStringLiteral("*.h")}},
      {"app/gui", {QStringLiteral("*.cpp")}},
      {"ui/model", {QStringLiteral("*.cpp")}}};
  for (const auto& [folder, patterns] : folders) {
    const QDir dir(kSourceDir + QLatin1Char('/') + QLatin1String(folder));
    for (const QString& f : dir.entryList(patterns, QDir::Files))
      files << dir.filePath(f);
  }
  return files;
}
}  // namespace

class TranslationsTest : public QObject {
  Q_OBJECT
 private slots:
  void everyStringIsTranslated() {
    const QString lupdate = QStringLiteral(ROTOMATCH_LUPDATE);
    if (!QFileInfo(lupdate).isExecutable()) QSKIP("lupdate not found");
    QTemporaryDir dir;
    const QString ts = dir.filePath(QStringLiteral("rotomatch_de.ts"));
    QVERIFY(QFile::copy(kSourceDir + QStringLiteral("/translations/rotomatch_de.ts"), ts));
    QFile::setPermissions(ts, QFile::ReadOwner | QFile::WriteOwner);
    QProcess run;
    run.start(lupdate, QStringList{QStringLiteral("-silent"), QStringLiteral("-locations"),
                                   QStringLiteral("none"), QStringLiteral("-I"), kSourceDir}
                           << guiSources() << QStringLiteral("-ts") << ts);
    QVERIFY(run.waitForFinished(60000));
    QCOMPARE(run.exitCode(), 0);
    QFile file(ts);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString xml = QString::fromUtf8(file.readAll());
    static const QRegularExpression message(QStringLiteral("<message.*?</message>"),
                                            QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression source(QStringLiteral("<source>(.*?)</source>"),
                                           QRegularExpression::DotMatchesEverythingOption);
    QStringList missing;
    int count = 0;
    for (auto it = message.globalMatch(xml); it.hasNext();) {
      const QString m = it.next().captured(0);
      ++count;
      if (m.contains(QLatin1String("type=\"unfinished\"")) ||
          m.contains(QLatin1String("type=\"vanished\"")) ||
          m.contains(QLatin1String("type=\"obsolete\"")))
        missing << source.match(m).captured(1);
    }
    QVERIFY(count > 100);
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("untranslated or vanished in translations/rotomatch_de.ts "
                                       "(run the rotomatch_ui_lupdate target, translate): ") +
                        missing.join(QStringLiteral(" | "))));
  }

  void compiledCatalogueTranslates_data() {
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("german");
    QTest::newRow("menu") << "rm::ui::MainWindow"
                          << "Softer Brush"
                          << "Weicherer Pinsel";
    QTest::newRow("overlay") << "rm::ui::MainWindow"
                             << "Side by side / matte"
                             << "Nebeneinander / Matte";
  }
  void compiledCatalogueTranslates() {
    QFETCH(QString, context);
    QFETCH(QString, text);
    QFETCH(QString, german);
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/rotomatch_de.qm")));
    QCOMPARE(translator.translate(context.toUtf8().constData(), text.toUtf8().constData()), german);
  }
};

QTEST_MAIN(TranslationsTest)
#include "tst_translations.moc"
