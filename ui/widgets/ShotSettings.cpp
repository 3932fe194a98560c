#include "ui/widgets/ShotSettings.h"

namespace rm::ui {

namespace {
const QString kFrame = QStringLiteral("currentFrame");
const QString kDiameter = QStringLiteral("brushDiameter");
const QString kRadius = QStringLiteral("brushRadius");
const QString kHardness = QStringLiteral("brushHardness");
const QString kTool = QStringLiteral("tool");
const QString kExport = QStringLiteral("export");
const QString kFolder = QStringLiteral("folder");
const QString kFormat = QStringLiteral("format");
const QString kInstance = QStringLiteral("instance");
const QString kFileName = QStringLiteral("fileName");
}  // namespace

ShotSettings ShotSettings::read(const QJsonObject& s) {
  ShotSettings r;
  r.currentFrame = s.value(kFrame).toInt(-1);
  if (s.contains(kDiameter))
    r.brushDiameter = s.value(kDiameter).toDouble();
  else if (s.contains(kRadius))
    r.brushDiameter = 2 * s.value(kRadius).toDouble();
  r.brushHardness = s.value(kHardness).toDouble(-1);
  r.tool = s.value(kTool).toString();
  const QJsonObject e = s.value(kExport).toObject();
  r.exports.folder = e.value(kFolder).toString();
  r.exports.format = e.value(kFormat).toString();
  r.exports.instance = e.value(kInstance).toInt();
  r.exports.fileName = e.value(kFileName).toString();
  return r;
}

void ShotSettings::writeView(QJsonObject* s) const {
  s->insert(kFrame, currentFrame);
  s->insert(kDiameter, brushDiameter);
  s->remove(kRadius);
  s->insert(kHardness, brushHardness);
  s->insert(kTool, tool);
}

void ShotSettings::takeViewFrom(const ShotSettings& newer) {
  if (newer.currentFrame >= 0) currentFrame = newer.currentFrame;
  if (newer.brushDiameter > 0) brushDiameter = newer.brushDiameter;
  if (newer.brushHardness >= 0) brushHardness = newer.brushHardness;
  if (!newer.tool.isEmpty()) tool = newer.tool;
}

void ShotSettings::write(QJsonObject* s) const {
  writeView(s);
  QJsonObject e;
  e.insert(kFolder, exports.folder);
  e.insert(kFormat, exports.format);
  e.insert(kInstance, exports.instance);
  e.insert(kFileName, exports.fileName);
  s->insert(kExport, e);
}

}  // namespace rm::ui
