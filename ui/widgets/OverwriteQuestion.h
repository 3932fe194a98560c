#pragma once
// The question before an export replaces files: Overwrite / Cancel (Cancel is the default,
// so Enter never destroys files). The answer for bridge::prepareExportTarget.

#include <QString>
#include <QStringList>

class QWidget;

namespace rm::ui {

// True when the artist chose Overwrite for the `present` files of `target`.
bool askOverwrite(QWidget* parent, const QString& target, const QStringList& present);

}  // namespace rm::ui
