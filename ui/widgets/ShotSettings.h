#pragma once
// What a project remembers of the workstation besides its masks, kept in project.json's
// "settings": the frame on screen, the brush, and the Export dialog's last choices, so
// reopening a project (or recovering it) puts the artist back where they were.

#include <QJsonObject>
#include <QString>

namespace rm::ui {

struct ExportSettings {
  QString folder;    // empty: ~/mattes
  QString format;    // "png8", "prores4444", …; empty: the dialog's first
  int instance = 0;  // 0: all objects
  QString fileName;  // typed by the artist; empty: suggested from clip, object and format
  bool operator==(const ExportSettings&) const = default;
};

struct ShotSettings {
  int currentFrame = -1;      // -1: not stored
  double brushDiameter = 0;   // image pixels; 0: not stored
  double brushHardness = -1;  // 0..1; < 0: not stored
  QString tool;               // "brush", "eraser", "polygon", "lasso", "smart"; empty: not stored
  ExportSettings exports;

  // Also reads "brushRadius" (a radius, as sizes were once given) as half a diameter.
  static ShotSettings read(const QJsonObject& settings);
  // Adds its keys to `settings`, leaving the others.
  void write(QJsonObject* settings) const;
  // Only the view's keys (frame, brush, tool): what ProjectViewStates keeps outside the project.
  void writeView(QJsonObject* settings) const;
  // The frame, brush and tool `newer` stores replace these.
  void takeViewFrom(const ShotSettings& newer);
};

}  // namespace rm::ui
