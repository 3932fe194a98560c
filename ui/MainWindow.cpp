#include "ui/MainWindow.h"

#include <QApplication>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QVBoxLayout>

#include "ui/TimelineWidget.h"
#include "ui/ViewerWidget.h"

namespace rm::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("Rotomatch"));
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  viewer_ = new ViewerWidget(central);
  timeline_ = new TimelineWidget(central);
  layout->addWidget(viewer_, 1);
  layout->addWidget(timeline_);
  setCentralWidget(central);
  createMenus();
  statusBar()->showMessage(tr("Ready"));
  resize(1280, 800);
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->setObjectName(QStringLiteral("fileMenu"));
  QAction* open = file->addAction(tr("&Open..."), this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open clip"));
    if (!path.isEmpty()) openPath(path);
  });
  open->setShortcut(QKeySequence::Open);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->setObjectName(QStringLiteral("editMenu"));
  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->setObjectName(QStringLiteral("viewMenu"));
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->setObjectName(QStringLiteral("helpMenu"));
  help->addAction(tr("&About Rotomatch"), this, &MainWindow::showAbout);
}

bool MainWindow::openPath(const QString& path) {
  QMessageBox::warning(this, tr("Open"), tr("Cannot open %1: media reading is not available yet.").arg(path));
  return false;
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About Rotomatch"),
                     tr("<b>Rotomatch %1</b><p>Rotoscoping workstation with deep feature "
                        "matching.</p>")
                         .arg(QApplication::applicationVersion()));
}

}  // namespace rm::ui
