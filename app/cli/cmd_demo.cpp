// `rotomatch-cli demo`: the headless demo of the README. Opens the bundled demo keyframe
// (two pedestrians painted on frame 0 of Debian opencv-doc's vtest.avi), propagates it
// forward, writes the label maps, a ProRes 4444 cut-out with alpha, a preview picture and a
// strip of five evenly spaced frames (docs/demo-strip.png is one), and prints where they went.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>

#include "app/cli/CommandRegistry.h"
#include "app/cli/SegmentFlags.h"
#include "engine/core/PolygonKeyframe.h"
#include "engine/media/FrameSource.h"
#include "engine/media/MaskIO.h"
#include "engine/media/writers/MatteWriter.h"

namespace rm::cli {
namespace {
namespace fs = std::filesystem;

int fail(const std::string& message, int code = kExitFailure) {
  std::cerr << "rotomatch-cli demo: " << message << "\n";
  return code;
}

// The bundled keyframe: next to the build tree's sources, or installed under share/.
std::string defaultKeyframe() {
  std::error_code ec;
  const fs::path exeDir = fs::read_symlink("/proc/self/exe", ec).parent_path();
  for (const fs::path& candidate : {exeDir / "../../../resources/demo/vtest-keyframe.json",
                                    exeDir / "../share/rotomatch/demo/vtest-keyframe.json"})
    if (fs::exists(candidate, ec)) return fs::weakly_canonical(candidate, ec).string();
  return "resources/demo/vtest-keyframe.json";
}

// Instance colours blended over the picture, for a quick look at the result.
cv::Mat overlay(const cv::Mat& rgb, const cv::Mat& labels) {
  static const cv::Vec3b kColours[] = {
      {240, 160, 40}, {63, 178, 127}, {70, 130, 240}, {220, 60, 140}};
  cv::Mat out = rgb.clone();
  for (int y = 0; y < out.rows; ++y)
    for (int x = 0; x < out.cols; ++x)
      if (const int id = labels.at<uchar>(y, x)) {
        const cv::Vec3b& c = kColours[(id - 1) % 4];
        cv::Vec3b& p = out.at<cv::Vec3b>(y, x);
        for (int k = 0; k < 3; ++k)
          p[k] = static_cast<uchar>((p[k] + c[k]) / 2);
      }
  cv::cvtColor(out, out, cv::COLOR_RGB2BGR);
  return out;
}

// Frames first, first + step, ..., last (five, or fewer on a short run): where the strip looks.
std::set<int64_t> stripFrames(int64_t first, int64_t last) {
  std::set<int64_t> frames;
  for (int i = 0; i <= 4; ++i)
    frames.insert(first + (last - first) * i / 4);
  return frames;
}

// The overlays of `tiles` side by side at half size, each with its frame number.
cv::Mat strip(const std::map<int64_t, cv::Mat>& tiles) {
  std::vector<cv::Mat> row;
  for (const auto& [frame, tile] : tiles) {
    cv::Mat small;
    cv::resize(tile, small, cv::Size(tile.cols / 2, tile.rows / 2), 0, 0, cv::INTER_AREA);
    const std::string text = "frame " + std::to_string(frame);
    cv::putText(small, text, {8, 22}, cv::FONT_HERSHEY_SIMPLEX, 0.6, {0, 0, 0}, 3, cv::LINE_AA);
    cv::putText(small, text, {8, 22}, cv::FONT_HERSHEY_SIMPLEX, 0.6, {255, 255, 255}, 1,
                cv::LINE_AA);
    row.push_back(small);
  }
  cv::Mat out;
  cv::hconcat(row, out);
  return out;
}

int runDemo(const std::vector<std::string>& argv) {
  auto args = Args::parse(argv);
  if (!args) return fail(args.message(), kExitUsage);
  std::set<std::string> known = segmentFlagNames();
  known.insert({"keyframe", "out", "frames"});
  if (Status s = args->rejectUnknown(known); !s) return fail(s.message(), kExitUsage);
  auto frames = args->getInt("frames", 101);
  if (!frames || *frames < 1) return fail("--frames expects a positive integer", kExitUsage);
  auto params = parseSegmentFlags(*args);
  if (!params) return fail(params.message(), kExitUsage);
  const fs::path out = args->get("out", "rotomatch-demo");

  const std::string keyPath = args->get("keyframe", defaultKeyframe());
  auto key = loadPolygonKeyframe(keyPath);
  if (!key) return fail(key.message());
  auto source = openFrameSource(key->clip);
  if (!source) return fail(source.message() + " (install Debian's opencv-doc for the demo clip)");
  const StreamInfo& info = (*source)->info();
  if (info.width != key->width || info.height != key->height)
    return fail(keyPath + " is drawn for " + std::to_string(key->width) + "x" +
                std::to_string(key->height) + " but " + key->clip + " is " +
                std::to_string(info.width) + "x" + std::to_string(info.height));
  const int64_t first = key->frame;
  const int64_t last = std::min<int64_t>(info.frameCount - 1, first + *frames - 1);

  std::error_code ec;
  fs::create_directories(out / "masks", ec);
  if (ec) return fail("cannot create " + (out / "masks").string() + ": " + ec.message());
  std::cout << "Demo: " << key->clip << " (" << info.width << "x" << info.height << ", "
            << info.frameCount << " frames), " << key->instances.size()
            << " objects painted on frame " << first << "; propagating frames " << first + 1 << ".."
            << last << "\n";

  auto segmenter = createSegmenter(*params);
  if (!segmenter) return fail(segmenter.message());
  MatteWriterOptions movie;
  movie.format = MatteFormat::ProRes4444;
  movie.outPath = (out / "demo_cutout_prores4444.mov").string();
  movie.width = info.width;
  movie.height = info.height;
  movie.fps = info.fps;
  auto writer = createMatteWriter(movie);
  if (!writer) return fail(writer.message());

  PropagationRequest request;
  request.keyframes[first] = key->rasterize();
  request.first = first;
  request.last = last;
  request.direction = Direction::Forward;
  // Label maps arrive in frame order going forward; the keyframe comes first.
  Status status;
  cv::Mat lastLabels;
  int64_t lastFrame = first;
  const std::set<int64_t> stripAt = stripFrames(first, last);
  std::map<int64_t, cv::Mat> stripTiles;
  auto emit = [&](int64_t frame, const cv::Mat& labels) -> bool {
    status =
        writeLabelMap((out / "masks" / ((*source)->frameName(frame) + ".png")).string(), labels);
    if (!status) return false;
    auto rgb = (*source)->readRgb8(frame);
    if (!rgb) {
      status = rgb.error();
      return false;
    }
    status = (*writer)->write({labels, *rgb});
    if (stripAt.count(frame)) stripTiles[frame] = overlay(*rgb, labels);
    lastLabels = labels;
    lastFrame = frame;
    return status.ok();
  };
  if (!emit(first, request.keyframes[first])) return fail(status.message());
  PropagationCallbacks callbacks;
  callbacks.onFrame = [&](const FrameMasks& m) { return emit(m.frame, m.labels); };
  callbacks.onProgress = [](int64_t done, int64_t total) {
    std::cerr << "\rpropagated " << done << "/" << total << std::flush;
  };
  const Status propagated = (*segmenter)->propagate(**source, request, callbacks);
  std::cerr << "\n";
  if (!status) return fail(status.message());
  if (!propagated) return fail(propagated.message());
  if (Status s = (*writer)->finish(); !s) return fail(s.message());

  const fs::path preview = out / "preview_last_frame.png";
  auto rgb = (*source)->readRgb8(lastFrame);
  if (rgb && !cv::imwrite(preview.string(), overlay(*rgb, lastLabels)))
    return fail("cannot write " + preview.string());
  const fs::path stripPath = out / "strip.png";
  if (!cv::imwrite(stripPath.string(), strip(stripTiles)))
    return fail("cannot write " + stripPath.string());
  std::cout << "Label maps:      " << fs::absolute(out / "masks").string() << "/ ("
            << last - first + 1 << " PNGs)\n"
            << "Cut-out movie:   " << fs::absolute(movie.outPath).string()
            << " (ProRes 4444 with alpha)\n"
            << "Preview:         " << fs::absolute(preview).string() << " (frame " << lastFrame
            << ")\n"
            << "Strip:           " << fs::absolute(stripPath).string() << " (frames";
  for (int64_t f : stripAt)
    std::cout << " " << f;
  std::cout << ")\n";
  return kExitOk;
}

const RegisterCommand kDemo{
    {"demo", std::string("[--keyframe JSON] [--out DIR] [--frames N] ") + segmentFlagsUsage(),
     "headless demo: propagate the bundled keyframe through vtest.avi and export mattes", runDemo}};

}  // namespace
}  // namespace rm::cli
