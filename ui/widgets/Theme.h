#pragma once
// The workstation look: Fusion with a dark, neutral palette (colour judgement needs a
// grey surround, as in compositing and grading software).

class QApplication;

namespace rm::ui {

void applyDarkTheme(QApplication& app);

}  // namespace rm::ui
