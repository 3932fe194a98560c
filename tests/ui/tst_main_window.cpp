#include <QMenuBar>
#include <QtTest>

#include "ui/MainWindow.h"
#include "ui/TimelineWidget.h"
#include "ui/ViewerWidget.h"

class MainWindowTest : public QObject {
  Q_OBJECT
 private slots:
  void init() { window_ = std::make_unique<rm::ui::MainWindow>(); }
  void cleanup() { window_.reset(); }

  void mainPartsExist_data() {
    QTest::addColumn<QString>("objectName");
    QTest::newRow("viewer") << QStringLiteral("viewer");
    QTest::newRow("timeline") << QStringLiteral("timeline");
    QTest::newRow("file menu") << QStringLiteral("fileMenu");
    QTest::newRow("edit menu") << QStringLiteral("editMenu");
    QTest::newRow("view menu") << QStringLiteral("viewMenu");
    QTest::newRow("help menu") << QStringLiteral("helpMenu");
  }
  void mainPartsExist() {
    QFETCH(QString, objectName);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QWidget* part = window_->findChild<QWidget*>(objectName);
    QVERIFY2(part, qPrintable(objectName));
  }

  void viewerAndTimelineAreVisible() {
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QVERIFY(window_->viewer()->isVisible());
    QVERIFY(window_->timeline()->isVisible());
    QVERIFY(window_->viewer()->height() > window_->timeline()->height());
  }

 private:
  std::unique_ptr<rm::ui::MainWindow> window_;
};

QTEST_MAIN(MainWindowTest)
#include "tst_main_window.moc"
