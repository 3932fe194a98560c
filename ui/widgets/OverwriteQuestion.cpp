#include "ui/widgets/OverwriteQuestion.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>

namespace rm::ui {

bool askOverwrite(QWidget* parent, const QString& target, const QStringList& present) {
  const QString first = present.isEmpty() ? QString() : QFileInfo(present.front()).fileName();
  QMessageBox box(
      QMessageBox::Warning,
      QCoreApplication::translate("rm::ui::OverwriteQuestion", "Overwrite exported files?"),
      QCoreApplication::translate("rm::ui::OverwriteQuestion",
                                  "%1 already holds %2 file(s) of this export, such as %3.\n\n"
                                  "Overwrite deletes them before exporting; other files stay.")
          .arg(target)
          .arg(present.size())
          .arg(first),
      QMessageBox::Yes | QMessageBox::Cancel, parent);
  // A standard button with our label: Yes is the accept role tests and platforms know.
  box.button(QMessageBox::Yes)
      ->setText(QCoreApplication::translate("rm::ui::OverwriteQuestion", "Overwrite"));
  box.setDefaultButton(QMessageBox::Cancel);
  return box.exec() == QMessageBox::Yes;
}

}  // namespace rm::ui
