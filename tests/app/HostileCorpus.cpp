#include "HostileCorpus.h"

#include <torch/script.h>

#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "ClipMaker.h"
#include "HostilePng.h"
#include "engine/media/MaskIO.h"
#include "tests/segment/SyntheticClip.h"

namespace rm::test {
namespace {

namespace fs = std::filesystem;

constexpr int kWidth = 96, kHeight = 64, kFrames = 6;

std::string readBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool writeBytes(const fs::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary);
  out << bytes;
  return static_cast<bool>(out.flush());
}

std::string randomBytes(size_t size, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes)
    c = static_cast<char>(rng());
  return bytes;
}

std::string padded(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%05d.png", i);
  return buf;
}

// A TorchScript feature model: one stride-8 convolution to 16 channels, then `tail`
// (TorchScript applied to y), with `metadata` as rotomatch.json (none when empty).
void saveModel(const fs::path& path, const std::string& tail, const std::string& metadata,
               const std::string& signature = "self, x") {
  torch::manual_seed(1);
  torch::jit::Module m("HostileModel");
  m.register_parameter("w", torch::randn({16, 3, 8, 8}) / 14.0, false);
  m.define("def forward(" + signature + "):\n    y = torch.conv2d(x, self.w, None, [8, 8])\n" +
           "    return " + tail + "\n");
  torch::jit::ExtraFilesMap extra;
  if (!metadata.empty()) extra["rotomatch.json"] = metadata;
  m.save(path.string(), extra);
}

Status media(const fs::path& bad, const fs::path& clip) {
  for (const char* ext : {"mp4", "mov", "mkv", "avi"})
    if (!writeBytes(bad / (std::string("random.") + ext), randomBytes(4096, 11)))
      return makeError("cannot write " + (bad / "random.").string() + ext);
  writeBytes(bad / "empty.mp4", "");
  writeBytes(bad / "text.avi", "this is not a movie\n");
  const std::string movie = readBytes(clip);
  writeBytes(bad / "head-only.mp4", movie.substr(0, 300));
  ClipSpec late;  // moov at the end: cut in half, the index is gone
  late.width = kWidth;
  late.height = kHeight;
  late.frames = 12;
  if (Status s = makeClip((bad / "full.mov").string(), late); !s) return s;
  const std::string mov = readBytes(bad / "full.mov");
  fs::remove(bad / "full.mov");
  writeBytes(bad / "half.mov", mov.substr(0, mov.size() / 2));
  if (Status s = makeAudioOnly((bad / "audio.wav").string()); !s) return s;
  fs::create_directories(bad / "no-frames");
  writeBytes(bad / "no-frames" / "readme.txt", "no pictures here");
  fs::create_directories(bad / "broken-frames");
  for (int i = 0; i < 3; ++i)
    writeBytes(bad / "broken-frames" / padded(i), randomBytes(300, 20 + i));
  // Valid but unusual: 1-32 px and odd-size yuv420p (their pictures never match mask.png).
  auto tiny = [&](const char* name, const char* encoder, int w, int h) {
    ClipSpec s;
    s.encoder = encoder;
    s.width = w;
    s.height = h;
    s.frames = 3;
    return makeClip((bad / name).string(), s);
  };
  for (Status s : {tiny("tiny-1x1.nut", "rawvideo", 1, 1), tiny("tiny-2x3.nut", "rawvideo", 2, 3),
                   tiny("odd-31x33.nut", "rawvideo", 31, 33), tiny("odd-7x5.nut", "rawvideo", 7, 5),
                   tiny("odd-1000x562.mp4", "libx264", 1000, 562)})
    if (!s) return s;
  return {};
}

Status masks(const fs::path& bad, const fs::path& goodMask, const cv::Mat& labels) {
  const std::string png = readBytes(goodMask);
  writeBytes(bad / "mask-empty.png", "");
  writeBytes(bad / "mask-random.png", randomBytes(2048, 5));
  writeBytes(bad / "mask-text.png", "hello\n");
  writeBytes(bad / "mask-truncated.png", png.substr(0, png.size() / 2));
  if (!writeHugeHeaderPng((bad / "mask-huge.png").string(), 100000, 100000,
                          PNG_COLOR_TYPE_PALETTE) ||
      !writeHugeHeaderPng((bad / "mask-wide-rgba.png").string(), 20000, 2,
                          PNG_COLOR_TYPE_RGB_ALPHA))
    return makeError("cannot write the huge-header masks");
  cv::Mat wrong(40, 50, CV_8UC1, cv::Scalar(0)), many(kHeight, kWidth, CV_8UC1, cv::Scalar(0));
  wrong(cv::Rect(5, 5, 10, 10)).setTo(1);
  for (int k = 0; k < 65; ++k)
    many.at<uint8_t>(k / 16, k % 16) = static_cast<uint8_t>(k + 1);
  cv::Mat colours(kHeight, kWidth, CV_8UC3);
  cv::randu(colours, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::Mat transparent(kHeight, kWidth, CV_8UC4, cv::Scalar(255, 255, 255, 0));
  const std::pair<const char*, cv::Mat> files[] = {
      {"mask-50x40.png", wrong},
      {"mask-1x1.png", cv::Mat(1, 1, CV_8UC1, cv::Scalar(1))},
      {"mask-blank.png", cv::Mat::zeros(kHeight, kWidth, CV_8UC1)},
      {"mask-65-objects.png", many}};
  for (const auto& [name, m] : files)
    if (!writeLabelMap((bad / name).string(), m))
      return makeError(std::string("cannot write ") + name);
  if (!cv::imwrite((bad / "mask-colours.png").string(), colours) ||
      !cv::imwrite((bad / "mask-transparent.png").string(), transparent))
    return makeError("cannot write the colour masks");
  fs::create_directories(bad / "mask-folder.png");
  // Label-map folders for export.
  for (const char* dir : {"masks-empty", "masks-50x40", "masks-random", "masks-three"})
    fs::create_directories(bad / dir);
  for (int i = 0; i < kFrames; ++i) {
    if (Status s = writeLabelMap((bad / "masks-50x40" / padded(i)).string(), wrong); !s) return s;
    writeBytes(bad / "masks-random" / padded(i), randomBytes(500, 40 + i));
    if (i >= 3) continue;
    if (Status s = writeLabelMap((bad / "masks-three" / padded(i)).string(), labels); !s) return s;
  }
  return {};
}

Status models(const fs::path& bad) {
  writeBytes(bad / "model-empty.pt", "");
  writeBytes(bad / "model-random.pt", randomBytes(4096, 9));
  writeBytes(bad / "model-text.pt", "not a model\n");
  const std::string meta = R"({"name": "hostile", "stride": 8, "channels": 16, "cellOffset": 3.5})";
  try {
    saveModel(bad / "model-no-metadata.pt", "y", "");
    saveModel(bad / "model-bad-metadata.pt", "y", "{\"stride\": ");
    saveModel(bad / "model-stride0.pt", "y", R"({"stride": 0, "channels": 16})");
    saveModel(bad / "model-channels.pt", "y", R"({"stride": 8, "channels": 32})");
    saveModel(bad / "model-nan.pt", "y * float('nan')", meta);
    saveModel(bad / "model-two-inputs.pt", "y + z", meta, "self, x, z: torch.Tensor");
    saveModel(bad / "model-empty-output.pt", "y[:, :, 0:0, :]", meta);
  } catch (const std::exception& e) {
    return makeError(std::string("cannot save the hostile models: ") + e.what());
  }
  return {};
}

Status manifests(const fs::path& bad, const fs::path& root) {
  const std::string shot = "{\"name\": \"sh010\", \"source\": \"" + (root / "frames").string() +
                           "\", \"masks\": [\"0=" + (root / "mask.png").string() + "\"]";
  const std::string outputs =
      "\"outputs\": [{\"format\": \"png8\", \"path\": \"out/{shot}.{frame:04}.png\"}]";
  auto manifest = [&](const std::string& name, const std::string& text) {
    return writeBytes(bad / name, text);
  };
  manifest("manifest-empty.json", "");
  manifest("manifest-syntax.json", "{\"version\": 1, \"shots\": [");
  manifest("manifest-array.json", "[1, 2, 3]");
  manifest("manifest-number.json", "{\"version\": 1e99999, \"shots\": []}");  // fuzz_manifest
  manifest("manifest-version.json",
           "{\"version\": 2, \"shots\": [" + shot + ", " + outputs + "}]}");
  manifest("manifest-no-shots.json", "{\"version\": 1, \"shots\": []}");
  manifest("manifest-duplicate.json", "{\"version\": 1, \"shots\": [" + shot + ", " + outputs +
                                          "}, " + shot + ", " + outputs + "}]}");
  manifest("manifest-unknown-key.json",
           "{\"version\": 1, \"shots\": [" + shot + ", \"colour\": \"red\", " + outputs + "}]}");
  manifest("manifest-format.json",
           "{\"version\": 1, \"shots\": [" + shot +
               ", \"outputs\": [{\"format\": \"gif\", \"path\": \"o/{shot}.{frame}.gif\"}]}]}");
  manifest("manifest-no-frame.json",
           "{\"version\": 1, \"shots\": [" + shot +
               ", \"outputs\": [{\"format\": \"png8\", \"path\": \"o/{shot}.png\"}]}]}");
  manifest("manifest-name.json",
           "{\"version\": 1, \"shots\": [{\"name\": \"../escape\", "
           "\"source\": \"x.mp4\", \"masks\": [\"0=m.png\"], " +
               outputs + "}]}");
  manifest("manifest-types.json", "{\"version\": 1, \"shots\": [" + shot +
                                      ", \"threads\": \"many\", \"range\": 7, " + outputs + "}]}");
  // Projects as batch reads them (project.json without Qt).
  const std::pair<const char*, std::string> projects[] = {
      {"project-missing", ""},
      {"project-syntax", "{\"format\": "},
      {"project-format", R"({"format": "something-else", "source": {"path": "x.mp4"}})"},
      {"project-no-keyframe",
       R"({"format": "rotomatch-project", "source": {"path": "x.mp4"}, "frames": []})"},
      {"project-escape",
       R"({"format": "rotomatch-project", "source": {"path": "x.mp4"},
           "frames": [{"frame": 0, "state": "keyframe", "mask": "../../mask.png"}]})"},
      {"project-absolute",
       R"({"format": "rotomatch-project", "source": {"path": "x.mp4"},
           "frames": [{"frame": 0, "state": "keyframe", "mask": "/etc/passwd"}]})"},
      {"project-types",
       R"({"format": "rotomatch-project", "source": {"path": 5},
           "frames": [{"frame": "zero", "state": "keyframe", "mask": 1}]})"}};
  for (const auto& [name, json] : projects) {
    const fs::path folder = bad / (std::string(name) + ".rotomatch");
    fs::create_directories(folder);
    if (!json.empty()) writeBytes(folder / "project.json", json);
    manifest(std::string("manifest-") + name + ".json",
             "{\"version\": 1, \"shots\": [{\"name\": \"p\", \"project\": \"" + folder.string() +
                 "\", " + outputs + "}]}");
  }
  return {};
}

}  // namespace

Status writeHostileCorpus(const fs::path& root) {
  const fs::path bad = root / "bad";
  fs::create_directories(bad);
  fs::create_directories(root / "frames");
  fs::create_directories(root / "masks");
  const Clip clip = makeClip(kFrames, {kWidth, kHeight}, true);
  for (int i = 0; i < kFrames; ++i) {
    cv::Mat bgr;
    cv::cvtColor(clip.frames[size_t(i)], bgr, cv::COLOR_RGB2BGR);
    if (!cv::imwrite((root / "frames" / padded(i)).string(), bgr))
      return makeError("cannot write the frames");
    if (Status s = writeLabelMap((root / "masks" / padded(i)).string(), clip.labels[size_t(i)]); !s)
      return s;
  }
  if (Status s = writeLabelMap((root / "mask.png").string(), clip.labels[0]); !s) return s;
  ClipSpec spec;
  spec.width = kWidth;
  spec.height = kHeight;
  spec.frames = kFrames;
  if (Status s = makeClip((root / "clip.mp4").string(), spec); !s) return s;
  for (Status s : {media(bad, root / "clip.mp4"), masks(bad, root / "mask.png", clip.labels[0]),
                   models(bad), manifests(bad, root)})
    if (!s) return s;
  return {};
}

}  // namespace rm::test
