#pragma once
// Answers the modal dialogs (QMessageBox, QFileDialog) a test triggers through blocking
// calls such as QMessageBox::question or QFileDialog::getOpenFileName: a timer polls
// QApplication::activeModalWidget() and runs the next expected step on each new dialog.
// An unexpected dialog, a wrong title or a step not reached within the timeout is
// recorded as a failure and the dialog is rejected, so a test never hangs on a prompt.

#include <QApplication>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTimer>
#include <functional>
#include <vector>

namespace rm::test {

class ModalDriver : public QObject {
 public:
  // Acts on the dialog; returns an error message, or an empty string on success.
  using Action = std::function<QString(QWidget* dialog)>;

  explicit ModalDriver(int timeoutMs = 8000) : timeoutMs_(timeoutMs) {
    QApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
    connect(&poll_, &QTimer::timeout, this, &ModalDriver::poll);
    poll_.start(10);
    clock_.start();
  }
  ~ModalDriver() override { poll_.stop(); }

  // The next modal dialog must have a title containing `title`; `act` answers it.
  void expect(const QString& title, Action act) { steps_.push_back({title, std::move(act)}); }

  bool allAnswered() const { return next_ == steps_.size(); }
  const QString& failure() const { return failure_; }
  const QStringList& texts() const { return texts_; }  // message texts seen, in order

  static Action click(QMessageBox::StandardButton button) {
    return [button](QWidget* dialog) -> QString {
      auto* box = qobject_cast<QMessageBox*>(dialog);
      if (!box) return QStringLiteral("not a message box");
      QAbstractButton* b = box->button(button);
      if (!b) return QStringLiteral("the message box has no such button");
      b->click();
      return {};
    };
  }
  // Types `path` (absolute) into the dialog's file name field and accepts. (selectFile()
  // leaves the field alone while it has focus, which depends on window activation.)
  static Action chooseFile(const QString& path) {
    return [path](QWidget* dialog) -> QString {
      auto* files = qobject_cast<QFileDialog*>(dialog);
      if (!files) return QStringLiteral("not a file dialog");
      auto* name = files->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
      if (!name) return QStringLiteral("the file dialog has no file name field");
      name->setText(path);
      static_cast<QDialog*>(files)->accept();  // QFileDialog::accept is protected
      return {};
    };
  }
  static Action cancelDialog() {
    return [](QWidget* dialog) -> QString {
      auto* d = qobject_cast<QDialog*>(dialog);
      if (!d) return QStringLiteral("not a dialog");
      d->reject();
      return {};
    };
  }

 private:
  struct Step {
    QString title;
    Action act;
  };

  void poll() {
    QWidget* modal = QApplication::activeModalWidget();
    const bool fresh = modal && modal->isVisible() && modal != answered_.data();
    if (!fresh && modal && modal->isVisible() && clock_.elapsed() > timeoutMs_) {
      // Answered, yet still open: the answer did not take.
      fail(
          QStringLiteral("the dialog '%1' stayed open after its answer").arg(modal->windowTitle()));
      dismiss(modal);
      return;
    }
    if (!fresh) {
      if (!allAnswered() && clock_.elapsed() > timeoutMs_) {
        fail(QStringLiteral("timed out waiting for a dialog titled '%1'").arg(steps_[next_].title));
        next_ = steps_.size();
      }
      return;
    }
    answered_ = modal;
    if (auto* box = qobject_cast<QMessageBox*>(modal)) texts_ << box->text();
    if (allAnswered()) {
      fail(QStringLiteral("unexpected dialog '%1'").arg(modal->windowTitle()));
      dismiss(modal);
      return;
    }
    const Step& step = steps_[next_++];
    if (!modal->windowTitle().contains(step.title)) {
      fail(QStringLiteral("expected a dialog titled '%1', got '%2'")
               .arg(step.title, modal->windowTitle()));
      dismiss(modal);
      return;
    }
    const QString error = step.act(modal);
    if (!error.isEmpty()) {
      fail(step.title + QStringLiteral(": ") + error);
      dismiss(modal);
    }
    clock_.restart();  // the timeout counts from the last answer
  }
  void fail(const QString& message) {
    if (failure_.isEmpty()) failure_ = message;
  }
  static void dismiss(QWidget* modal) {
    if (auto* d = qobject_cast<QDialog*>(modal))
      d->reject();
    else
      modal->close();
  }

  QTimer poll_;
  QElapsedTimer clock_;
  int timeoutMs_;
  std::vector<Step> steps_;
  size_t next_ = 0;
  QPointer<QWidget> answered_;
  QString failure_;
  QStringList texts_;
};

}  // namespace rm::test
