#pragma once
// `rotomatch --automation SCRIPT.json`: drives the real window from a JSON list of steps,
// for end-to-end tests that must run the GUI as its own process (crash recovery after
// kill -9) and for reproducing an artist's session. Strokes go through the viewer's mouse
// handlers, prompts are answered by clicking their buttons, so the paths are the artist's.
// Each finished step prints "step N KIND" on stdout; a failed step prints
// "automation error: …" on stderr and exits with code 3. The steps (README, Automation):
//   {"do": "stroke", "frame": F, "points": [[x, y], …], "diameter": D}  image pixels
//   {"do": "propagate", "direction": "forward"|"backward"|"both"}
//   {"do": "reportPropagation"}   prints "propagated F" as each frame arrives,
//                                 "progress T ms: STATUS" (T since the run started), and
//                                 "autosave started" / "autosaved" around each autosave
//   {"do": "waitIdle"}            until no propagation runs
//   {"do": "answer", "title": T, "button": "yes"|"no"|"ok"|…}  prints "dialog: TEXT"
//   {"do": "waitShown"}           until a shot is open and its current frame is on screen
//   {"do": "save", "path": P}     File > Save As to P
//   {"do": "menu", "text": T}     triggers the menu command T ("Overlay: Matte", "Preferences...")
//   {"do": "frame", "frame": F}   shows frame F and waits for it
//   {"do": "select", "object": K} selects object K in the Objects panel
//   {"do": "zoom", "factor": Z}   zooms the viewer about its centre
//   {"do": "wait", "ms": N}
//   {"do": "grab", "path": P}     saves a picture of the window
//   {"do": "grabDialog", "title": T, "path": P}  waits for dialog T, saves it, closes it
//   {"do": "crash"}               SIGKILL to itself (no clean-up, as a crash)
//   {"do": "quit"}
// "propagate" also takes "first" and "last" (frames; default the whole clip).

#include <QElapsedTimer>
#include <QJsonArray>
#include <QObject>
#include <QString>
#include <functional>

namespace rm::ui {

class MainWindow;

class AutomationScript : public QObject {
  Q_OBJECT
 public:
  AutomationScript(MainWindow* window, QJsonArray steps);
  // Reads `path`; false with `error` naming the file when it is not a JSON list of steps.
  static AutomationScript* load(MainWindow* window, const QString& path, QString* error);
  void start();

 private:
  void runStep();
  void stepDone();
  void fail(const QString& message);
  // Polls `ready` until true (then `then`), failing after `timeoutMs`.
  void waitFor(const std::function<bool()>& ready, const std::function<void()>& then,
               const QString& what, int timeoutMs = 60000);
  void stroke(const QJsonObject& step);
  void answer(const QJsonObject& step);
  void grabDialog(const QJsonObject& step);

  MainWindow* window_;
  QJsonArray steps_;
  int next_ = 0;
  QElapsedTimer runClock_;  // since the last propagation started (reportPropagation)
};

}  // namespace rm::ui
