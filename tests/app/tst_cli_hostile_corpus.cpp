// Issue #17: the hostile-input corpus as a test. HostileCorpus writes broken or abusive
// inputs at test time (truncated and random media, 1-32 px and odd-size yuv420p clips, bad
// masks of every kind, bad models, manifests and projects); each row feeds one to
// rotomatch-cli, alone or with abused arguments and unwritable outputs, and checks: exit
// code 1 (failure) or 2 (usage), no signal, finished within its limit, stderr naming the
// file or argument at fault, nothing left at the output target, no input changed.
// The runs start in initTestCase, three at a time (each costs a process start that loads
// LibTorch); the rows check what each run did.
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "HostileCorpus.h"
#include "tests/CliProcess.h"

namespace fs = std::filesystem;

namespace {

constexpr int kLimitMs = 30000;  // a run taking longer counts as a hang
constexpr int kParallelRuns = 3;

struct Row {
  QString tag;
  QStringList args;  // C/ = the corpus folder, B/ = its bad/ folder, OUT = the row's target
  int exitCode = 1;
  QString named;           // what stderr must name
  bool outExists = false;  // OUT is an existing empty folder beforehand
};

std::vector<Row> corpusRows() {
  std::vector<Row> rows;
  const QStringList prop{"propagate", "--model", "colour", "--threads", "1"};
  auto propagate = [&](const QString& tag, const QString& input, const QString& mask,
                       const QString& named, const QStringList& extra = {}, int code = 1) {
    rows.push_back({tag,
                    prop + QStringList{"--input", input, "--mask", mask, "--out", "OUT"} + extra,
                    code, named, false});
  };
  auto exportRow = [&](const QString& tag, const QString& source, const QString& masks,
                       const QString& format, const QString& out, const QString& named,
                       const QStringList& extra = {}, int code = 1) {
    rows.push_back({tag,
                    QStringList{"export", "--source", source, "--masks", masks, "--format", format,
                                "--out", out} +
                        extra,
                    code, named, true});
  };
  auto command = [&](const QString& tag, const QStringList& args, int code, const QString& named) {
    rows.push_back({tag, args, code, named, false});
  };

  // Media: missing, empty, random, truncated, not video, no frames.
  for (const char* file : {"random.mp4", "random.mov", "random.mkv", "random.avi", "empty.mp4",
                           "text.avi", "head-only.mp4", "half.mov", "audio.wav", "missing.mp4"})
    propagate(QString("propagate %1").arg(file), QString("B/") + file, "0=C/mask.png", file);
  for (const char* file : {"random.mp4", "head-only.mp4", "half.mov", "audio.wav"})
    command(QString("info %1").arg(file), {"info", QString("B/") + file}, 1, file);
  propagate("propagate folder without frames", "B/no-frames", "0=C/mask.png", "no-frames");
  propagate("propagate pattern without files", "B/none.%04d.png", "0=C/mask.png", "none.%04d");
  propagate("propagate unreadable frames", "B/broken-frames", "0=C/mask.png", "broken-frames");
  exportRow("export random source", "B/random.mov", "C/masks", "png8", "OUT/m.%04d.png",
            "random.mov");
  exportRow("export truncated source", "B/half.mov", "C/masks", "prores4444", "OUT/m.mov",
            "half.mov");
  // 1-32 px and odd-size yuv420p: decoded, then refused for the mask's size.
  for (const char* file :
       {"tiny-1x1.nut", "tiny-2x3.nut", "odd-7x5.nut", "odd-31x33.nut", "odd-1000x562.mp4"})
    propagate(QString("propagate %1").arg(file), QString("B/") + file, "0=C/mask.png", "mask.png");
  exportRow("export tiny-1x1 source", "B/tiny-1x1.nut", "B/masks-three", "png8", "OUT/m.%04d.png",
            "00000.png");

  // Masks of every kind.
  for (const char* mask :
       {"mask-empty.png", "mask-random.png", "mask-text.png", "mask-truncated.png", "mask-huge.png",
        "mask-wide-rgba.png", "mask-50x40.png", "mask-1x1.png", "mask-blank.png",
        "mask-65-objects.png", "mask-colours.png", "mask-transparent.png", "mask-folder.png",
        "mask-missing.png"})
    propagate(QString("propagate %1").arg(mask), "C/frames", QString("0=B/") + mask, mask);
  propagate("--mask without frame", "C/frames", "C/mask.png", "--mask", {}, 2);
  propagate("--mask frame past the end", "C/frames", "999=C/mask.png", "999");
  propagate("--mask negative frame", "C/frames", "-1=C/mask.png", "-1");
  propagate("--mask frame not a number", "C/frames", "abc=C/mask.png", "abc", {}, 2);
  propagate("--mask empty path", "C/frames", "0=", "--mask", {}, 2);
  for (const char* dir :
       {"masks-empty", "masks-50x40", "masks-random", "masks-three", "masks-missing"})
    exportRow(QString("export %1").arg(dir), "C/frames", QString("B/") + dir, "png8",
              "OUT/m.%04d.png", dir);

  // Models.
  for (const char* model :
       {"model-missing.pt", "model-empty.pt", "model-random.pt", "model-text.pt",
        "model-no-metadata.pt", "model-bad-metadata.pt", "model-stride0.pt", "model-channels.pt",
        "model-nan.pt", "model-two-inputs.pt", "model-empty-output.pt"})
    rows.push_back({QString("propagate --model %1").arg(model),
                    {"propagate", "--input", "C/frames", "--mask", "0=C/mask.png", "--out", "OUT",
                     "--model", QString("B/") + model, "--threads", "1"},
                    1,
                    model,
                    false});

  // Manifests and the projects they name, as `batch validate`, `run` and `submit` read them.
  for (const char* manifest :
       {"manifest-empty.json", "manifest-syntax.json", "manifest-array.json",
        "manifest-number.json", "manifest-version.json", "manifest-no-shots.json",
        "manifest-duplicate.json", "manifest-unknown-key.json", "manifest-format.json",
        "manifest-no-frame.json", "manifest-name.json", "manifest-types.json",
        "manifest-missing.json"})
    command(QString("batch validate %1").arg(manifest),
            {"batch", "validate", QString("B/") + manifest}, 1, manifest);
  command("batch run manifest-duplicate.json", {"batch", "run", "B/manifest-duplicate.json"}, 2,
          "manifest-duplicate.json");
  command("batch submit manifest-syntax.json",
          {"batch", "submit", "B/manifest-syntax.json", "--slurm", "--dry-run"}, 2,
          "manifest-syntax.json");
  for (const char* project :
       {"project-missing", "project-syntax", "project-format", "project-no-keyframe",
        "project-escape", "project-absolute", "project-types"})
    command(QString("batch validate %1").arg(project),
            {"batch", "validate", QString("B/manifest-%1.json").arg(project)}, 1, project);

  // Argument abuse: usage errors naming the option.
  command("unknown command", {"frobnicate", "--input", "C/frames"}, 2, "frobnicate");
  command("no arguments to propagate", {"propagate"}, 2, "--input");
  propagate("unknown option", "C/frames", "0=C/mask.png", "--bogus", {"--bogus", "1"}, 2);
  command("option without value",
          {"propagate", "--out", "OUT", "--mask", "0=C/mask.png", "--input"}, 2, "--input");
  command("--out swallowing an option",
          {"propagate", "--input", "C/frames", "--mask", "0=C/mask.png", "--out", "--threads", "2"},
          2, "--out");
  for (const char* threads : {"100000", "-1", "abc"})
    propagate(QString("--threads %1").arg(threads), "C/frames", "0=C/mask.png", "--threads",
              {"--threads", threads}, 2);
  for (const char* budget : {"inf", "nan", "-1", "1e9"})
    propagate(QString("--finetune %1").arg(budget), "C/frames", "0=C/mask.png", "--finetune",
              {"--finetune", budget}, 2);
  for (const char* range : {"5-2", "x"})
    propagate(QString("--range %1").arg(range), "C/frames", "0=C/mask.png", "--range",
              {"--range", range}, 2);
  propagate("--range past the end", "C/frames", "0=C/mask.png", "--range", {"--range", "0-999"});
  propagate("--direction sideways", "C/frames", "0=C/mask.png", "--direction",
            {"--direction", "sideways"}, 2);
  propagate("--preset nope", "C/frames", "0=C/mask.png", "nope", {"--preset", "nope"}, 2);
  propagate("--device quantum", "C/frames", "0=C/mask.png", "quantum", {"--device", "quantum"}, 2);
  exportRow("--format gif", "C/frames", "C/masks", "gif", "OUT/m.%04d.gif", "gif", {}, 2);
  for (const char* instance : {"-1", "256"})
    exportRow(QString("--instance %1").arg(instance), "C/frames", "C/masks", "png8",
              "OUT/m.%04d.png", "--instance", {"--instance", instance}, 2);
  for (const char* start : {"-5", "99999999999999999999"})
    exportRow(QString("--start-number %1").arg(start), "C/frames", "C/masks", "png8",
              "OUT/m.%04d.png", "--start-number", {"--start-number", start}, 2);
  propagate("a 5000-character input path", "C/" + QString(5000, 'x'), "0=C/mask.png", "xxxxxxxx");
  command("info without a file", {"info"}, 2, "info");
  command("eval on a missing dataset", {"eval", "--dataset", "B/no-dataset"}, 1, "no-dataset");

  // Outputs that cannot or must not be written.
  command("propagate into /proc",
          prop + QStringList{"--input", "C/frames", "--mask", "0=C/mask.png", "--out",
                             "/proc/rotomatch-out"},
          1, "/proc/rotomatch-out");
  command("propagate under a file",
          prop + QStringList{"--input", "C/frames", "--mask", "0=C/mask.png", "--out",
                             "C/mask.png/labels"},
          1, "mask.png");
  propagate("propagate into its input", "C/frames", "0=C/mask.png", "input",
            {"--out", "C/frames", "--overwrite"});
  exportRow("export onto its source", "C/clip.mp4", "C/masks", "prores4444", "C/clip.mp4",
            "clip.mp4", {"--overwrite"});
  exportRow("export into its masks", "C/frames", "C/masks", "label", "C/masks/%05d.png", "input",
            {"--overwrite"});
  exportRow("export into /proc", "C/frames", "C/masks", "png8", "/proc/rotomatch/m.%04d.png",
            "/proc/rotomatch");
  exportRow("export sequence without a frame number", "C/frames", "C/masks", "png8", "OUT/m.png",
            "m.png");
  return rows;
}

// Every file under `root` with its size and modification time: inputs must stay as they are.
std::map<std::string, std::pair<uintmax_t, fs::file_time_type>> snapshot(const fs::path& root) {
  std::map<std::string, std::pair<uintmax_t, fs::file_time_type>> files;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    files[entry.path().string()] = {entry.is_regular_file() ? entry.file_size() : 0,
                                    entry.last_write_time()};
  return files;
}

QStringList entries(const fs::path& dir) {
  QStringList names;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec))
    names << QString::fromStdString(fs::relative(entry.path(), dir).string());
  names.sort();
  return names;
}

}  // namespace

class CliHostileCorpusTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QVERIFY(corpusDir_.isValid() && targetsDir_.isValid());
    corpus_ = corpusDir_.path().toStdString();
    const rm::Status made = rm::test::writeHostileCorpus(corpus_);
    QVERIFY2(made.ok(), made.message().c_str());
    before_ = snapshot(corpus_);
    rows_ = corpusRows();
    QVERIFY2(rows_.size() >= 60, "the corpus holds at least 60 hostile inputs");
    runs_.resize(rows_.size());
    QElapsedTimer total;
    total.start();
    std::atomic<size_t> next{0};
    auto worker = [&] {
      for (size_t i = next++; i < rows_.size(); i = next++) {
        if (rows_[i].outExists) fs::create_directories(target(i));
        QElapsedTimer timer;
        timer.start();
        runs_[i].run = rm::test::runCli(filled(rows_[i].args, i), kLimitMs);
        runs_[i].ms = timer.elapsed();
      }
    };
    std::vector<std::thread> workers;
    for (int w = 0; w < kParallelRuns; ++w)
      workers.emplace_back(worker);
    for (auto& t : workers)
      t.join();
    qInfo("%zu hostile inputs through rotomatch-cli in %.1f s (%d at a time)", rows_.size(),
          total.elapsed() / 1000.0, kParallelRuns);
  }

  void refusedCleanly_data() {
    QTest::addColumn<int>("row");
    for (size_t i = 0; i < corpusRows().size(); ++i)
      QTest::newRow(qPrintable(corpusRows()[i].tag)) << static_cast<int>(i);
  }

  void refusedCleanly() {
    QFETCH(int, row);
    const Row& r = rows_.at(size_t(row));
    const rm::test::CliRun& run = runs_[size_t(row)].run;
    QVERIFY2(run.exitCode != -1, qPrintable(QString("no exit within %1 ms").arg(kLimitMs)));
    QVERIFY2(run.exitCode != -2, qPrintable("killed by a signal: " + run.err));
    QVERIFY2(run.exitCode == r.exitCode, qPrintable(QString("exit %1 (expected %2) after %3 ms: %4")
                                                        .arg(run.exitCode)
                                                        .arg(r.exitCode)
                                                        .arg(runs_[size_t(row)].ms)
                                                        .arg(run.err)));
    QVERIFY2(run.err.contains(r.named),
             qPrintable(QString("'%1' not named in: %2").arg(r.named, run.err)));
    // Nothing at the target: absent, or the empty folder it was.
    const fs::path out = target(size_t(row));
    QVERIFY2(!fs::exists(out) || entries(out).isEmpty(), qPrintable(entries(out).join(", ")));
  }

  void noInputChanged() {
    QVERIFY2(snapshot(corpus_) == before_, "an input of the corpus was changed or added to");
  }

 private:
  fs::path target(size_t row) const {
    return fs::path(targetsDir_.path().toStdString()) / std::to_string(row) / "target";
  }

  // The row's arguments with C/, B/ and OUT filled in.
  QStringList filled(const QStringList& args, size_t row) const {
    const QString corpus = QString::fromStdString(corpus_.string());
    QStringList out;
    for (QString a : args) {
      if (a.startsWith("C/")) a = corpus + "/" + a.mid(2);
      if (a.startsWith("B/")) a = corpus + "/bad/" + a.mid(2);
      a.replace("=C/", "=" + corpus + "/").replace("=B/", "=" + corpus + "/bad/");
      if (a.startsWith("OUT")) a = QString::fromStdString(target(row).string()) + a.mid(3);
      out << a;
    }
    return out;
  }

  struct Run {
    rm::test::CliRun run;
    qint64 ms = 0;
  };
  QTemporaryDir corpusDir_, targetsDir_;
  fs::path corpus_;
  std::vector<Row> rows_;
  std::vector<Run> runs_;
  std::map<std::string, std::pair<uintmax_t, fs::file_time_type>> before_;
};

QTEST_GUILESS_MAIN(CliHostileCorpusTest)
#include "tst_cli_hostile_corpus.moc"
