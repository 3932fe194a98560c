#include "ui/widgets/AutomationScript.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QMouseEvent>
#include <QTimer>
#include <csignal>
#include <cstdio>

#include "ui/model/Autosaver.h"
#include "ui/widgets/InstancesPanel.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/PropagationStatus.h"
#include "ui/widgets/ViewerWidget.h"

namespace rm::ui {

namespace {
constexpr int kPollMs = 20;

void say(const QString& line) {
  std::fprintf(stdout, "%s\n", qPrintable(line));
  std::fflush(stdout);
}

void sendMouse(QWidget* target, QEvent::Type type, QPointF at) {
  const Qt::MouseButtons held = type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::LeftButton;
  QMouseEvent event(type, at, target->mapToGlobal(at), Qt::LeftButton, held, Qt::NoModifier);
  QCoreApplication::sendEvent(target, &event);
}

const std::pair<const char*, QMessageBox::StandardButton> kButtons[] = {
    {"yes", QMessageBox::Yes},   {"no", QMessageBox::No},
    {"ok", QMessageBox::Ok},     {"cancel", QMessageBox::Cancel},
    {"save", QMessageBox::Save}, {"discard", QMessageBox::Discard}};
}  // namespace

AutomationScript::AutomationScript(MainWindow* window, QJsonArray steps)
    : QObject(window), window_(window), steps_(std::move(steps)) {}

AutomationScript* AutomationScript::load(MainWindow* window, const QString& path, QString* error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    *error = QCoreApplication::translate("AutomationScript", "cannot read %1").arg(path);
    return nullptr;
  }
  QJsonParseError parse;
  const QJsonDocument json = QJsonDocument::fromJson(file.readAll(), &parse);
  if (!json.isArray()) {
    *error = QCoreApplication::translate("AutomationScript", "%1: not a JSON list of steps (%2)")
                 .arg(path, parse.errorString());
    return nullptr;
  }
  return new AutomationScript(window, json.array());
}

void AutomationScript::start() {
  QTimer::singleShot(0, this, &AutomationScript::runStep);
}

void AutomationScript::stepDone() {
  say(QStringLiteral("step %1 %2")
          .arg(next_)
          .arg(steps_.at(next_).toObject().value(QStringLiteral("do")).toString()));
  ++next_;
  QTimer::singleShot(0, this, &AutomationScript::runStep);
}

void AutomationScript::fail(const QString& message) {
  std::fprintf(stderr, "automation error: step %d: %s\n", next_, qPrintable(message));
  std::fflush(stderr);
  std::exit(3);  // a script that went wrong must not leave a window waiting
}

void AutomationScript::waitFor(const std::function<bool()>& ready,
                               const std::function<void()>& then, const QString& what,
                               int timeoutMs) {
  auto* timer = new QTimer(this);
  auto clock = std::make_shared<QElapsedTimer>();
  clock->start();
  connect(timer, &QTimer::timeout, this, [=, this] {
    if (ready()) {
      timer->deleteLater();
      timer->stop();
      then();
    } else if (clock->elapsed() > timeoutMs) {
      fail(QStringLiteral("timed out waiting for %1").arg(what));
    }
  });
  timer->start(kPollMs);
}

void AutomationScript::runStep() {
  if (next_ >= steps_.size()) return;
  const QJsonObject step = steps_.at(next_).toObject();
  const QString kind = step.value(QStringLiteral("do")).toString();
  if (kind == QLatin1String("stroke")) {
    stroke(step);
  } else if (kind == QLatin1String("propagate")) {
    const QString d = step.value(QStringLiteral("direction")).toString(QStringLiteral("both"));
    const Direction direction = d == QLatin1String("forward")    ? Direction::Forward
                                : d == QLatin1String("backward") ? Direction::Backward
                                                                 : Direction::Both;
    QString error;
    if (!window_->engine()->propagate(direction, step.value(QStringLiteral("first")).toInt(0),
                                      step.value(QStringLiteral("last")).toInt(-1), &error))
      fail(error);
    stepDone();
  } else if (kind == QLatin1String("reportPropagation")) {
    connect(window_->engine(), &bridge::EngineController::frameFinished, this,
            [](int frame) { say(QStringLiteral("propagated %1").arg(frame)); });
    // Autosaves in the same stream: the frames reported before "autosave started" are on
    // disk once the "autosaved" after it is printed (one save runs at a time).
    connect(window_->session()->autosaver(), &bridge::Autosaver::started, this,
            [] { say(QStringLiteral("autosave started")); });
    connect(window_->session()->autosaver(), &bridge::Autosaver::saved, this, [](bool ok) {
      say(ok ? QStringLiteral("autosaved") : QStringLiteral("autosave failed"));
    });
    // What the status bar says, with the milliseconds since the run started.
    connect(window_->engine(), &bridge::EngineController::started, this,
            [this] { runClock_.start(); });
    connect(window_->engine(), &bridge::EngineController::progressChanged, this,
            [this](const bridge::PropagationProgress& p) {
              say(QStringLiteral("progress %1 ms: %2")
                      .arg(runClock_.isValid() ? runClock_.elapsed() : -1)
                      .arg(PropagationStatus::of(p).text));
            });
    stepDone();
  } else if (kind == QLatin1String("waitIdle")) {
    waitFor([this] { return !window_->engine()->isRunning(); }, [this] { stepDone(); },
            QStringLiteral("the propagation to end"), 600000);
  } else if (kind == QLatin1String("answer")) {
    answer(step);
  } else if (kind == QLatin1String("waitShown")) {
    waitFor(
        [this] {
          return window_->document()->isOpen() && !QApplication::activeModalWidget() &&
                 window_->viewer()->frameIndex() == window_->currentFrame() &&
                 !window_->viewer()->frame().isNull();
        },
        [this] { stepDone(); }, QStringLiteral("a frame on screen"));
  } else if (kind == QLatin1String("save")) {
    const QString path = step.value(QStringLiteral("path")).toString();
    if (!window_->saveProjectTo(path)) fail(QStringLiteral("cannot save %1").arg(path));
    stepDone();
  } else if (kind == QLatin1String("menu")) {
    const QString text = step.value(QStringLiteral("text")).toString();
    QAction* found = nullptr;
    for (QAction* a : window_->findChildren<QAction*>())
      if (a->text().remove(QLatin1Char('&')).section(QLatin1Char('\t'), 0, 0) == text) found = a;
    if (!found) {
      fail(QStringLiteral("no menu command \"%1\"").arg(text));
      return;
    }
    // Queued: a command that opens a modal dialog must not block the script.
    QTimer::singleShot(0, found, &QAction::trigger);
    stepDone();
  } else if (kind == QLatin1String("frame")) {
    const int frame = step.value(QStringLiteral("frame")).toInt();
    window_->showFrame(frame);
    waitFor(
        [this] {
          return window_->viewer()->frameIndex() == window_->currentFrame() &&
                 !window_->viewer()->frame().isNull();
        },
        [this] { stepDone(); }, QStringLiteral("frame %1 on screen").arg(frame));
  } else if (kind == QLatin1String("select")) {
    window_->instancesPanel()->setCurrentInstance(step.value(QStringLiteral("object")).toInt());
    stepDone();
  } else if (kind == QLatin1String("zoom")) {
    ViewerWidget* viewer = window_->viewer();
    viewer->zoomBy(step.value(QStringLiteral("factor")).toDouble(1.0),
                   QPointF(viewer->width() / 2.0, viewer->height() / 2.0));
    stepDone();
  } else if (kind == QLatin1String("wait")) {
    QTimer::singleShot(step.value(QStringLiteral("ms")).toInt(), this, [this] { stepDone(); });
  } else if (kind == QLatin1String("grab")) {
    const QString path = step.value(QStringLiteral("path")).toString();
    if (!window_->grab().save(path, "PNG")) fail(QStringLiteral("cannot write %1").arg(path));
    stepDone();
  } else if (kind == QLatin1String("grabDialog")) {
    grabDialog(step);
  } else if (kind == QLatin1String("crash")) {
    std::fflush(stdout);
    ::raise(SIGKILL);
  } else if (kind == QLatin1String("quit")) {
    stepDone();
    QCoreApplication::exit(0);
  } else {
    fail(QStringLiteral("unknown step \"%1\"").arg(kind));
  }
}

void AutomationScript::stroke(const QJsonObject& step) {
  const int frame = step.value(QStringLiteral("frame")).toInt();
  const QJsonArray points = step.value(QStringLiteral("points")).toArray();
  if (!window_->document()->isOpen() || points.isEmpty()) {
    fail(QStringLiteral("a stroke needs an open shot and points"));
    return;
  }
  window_->showFrame(frame);
  waitFor(
      [this, frame] {
        return window_->viewer()->frameIndex() == frame && !window_->viewer()->frame().isNull();
      },
      [this, step, points] {
        ViewerWidget* viewer = window_->viewer();
        viewer->setTool(Tool::Brush);
        if (step.contains(QStringLiteral("diameter")))
          viewer->setBrushRadius(step.value(QStringLiteral("diameter")).toDouble() / 2);
        auto at = [viewer, &points](qsizetype i) {
          const QJsonArray p = points.at(i).toArray();
          return viewer->imageToWidget(QPointF(p.at(0).toDouble(), p.at(1).toDouble()));
        };
        sendMouse(viewer, QEvent::MouseButtonPress, at(0));
        for (qsizetype i = 1; i < points.size(); ++i)
          sendMouse(viewer, QEvent::MouseMove, at(i));
        sendMouse(viewer, QEvent::MouseButtonRelease, at(points.size() - 1));
        stepDone();
      },
      QStringLiteral("frame %1 on screen").arg(frame));
}

void AutomationScript::grabDialog(const QJsonObject& step) {
  const QString title = step.value(QStringLiteral("title")).toString();
  const QString path = step.value(QStringLiteral("path")).toString();
  waitFor(
      [title] {
        QWidget* modal = QApplication::activeModalWidget();
        return modal && modal->windowTitle() == title;
      },
      [this, path] {
        // A moment for the dialog to lay itself out and paint.
        QTimer::singleShot(300, this, [this, path] {
          auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
          if (!dialog || !dialog->grab().save(path, "PNG")) {
            fail(QStringLiteral("cannot grab the dialog into %1").arg(path));
            return;
          }
          dialog->reject();
          stepDone();
        });
      },
      QStringLiteral("the dialog \"%1\"").arg(title));
}

void AutomationScript::answer(const QJsonObject& step) {
  const QString title = step.value(QStringLiteral("title")).toString();
  const QString name = step.value(QStringLiteral("button")).toString().toLower();
  QMessageBox::StandardButton button = QMessageBox::NoButton;
  for (const auto& [text, value] : kButtons)
    if (name == QLatin1String(text)) button = value;
  if (button == QMessageBox::NoButton) {
    fail(QStringLiteral("unknown button \"%1\"").arg(name));
    return;
  }
  waitFor(
      [title] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        return box && box->windowTitle() == title;
      },
      [this, button] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        say(QStringLiteral("dialog: %1")
                .arg(box->text().replace(QLatin1Char('\n'), QLatin1Char(' '))));
        QAbstractButton* b = box->button(button);
        if (!b) {
          fail(QStringLiteral("the dialog has no such button"));
          return;
        }
        b->click();
        stepDone();
      },
      QStringLiteral("the dialog \"%1\"").arg(title));
}

}  // namespace rm::ui
