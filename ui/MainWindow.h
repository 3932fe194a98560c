#pragma once
// The workstation's main window: viewer in the centre, timeline below, menus.

#include <QMainWindow>

namespace rm::ui {

class ViewerWidget;
class TimelineWidget;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);

  ViewerWidget* viewer() const { return viewer_; }
  TimelineWidget* timeline() const { return timeline_; }

 public slots:
  // Opens a clip, image sequence or project; errors are shown to the user.
  bool openPath(const QString& path);

 private:
  void createMenus();
  void showAbout();

  ViewerWidget* viewer_ = nullptr;
  TimelineWidget* timeline_ = nullptr;
};

}  // namespace rm::ui
