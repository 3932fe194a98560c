#pragma once
// Every knob of the matching pipeline, resolved from SegmenterParams: the preset fixes the
// method ("paper" = VideoMatch exactly; "default" = the best combination measured on the
// DAVIS dev set), the user's K/d_c/c1/c2/cap/working size and named tuning values override.

#include <map>
#include <string>
#include <vector>

#include "engine/core/Expected.h"
#include "engine/segment/Segmenter.h"

namespace rm {

struct MatchConfig {
  // The paper's parameters.
  int topK = 20;
  double outlierDistance480 = 100;  // d_c at 480p
  double c1 = 0.95;
  double c2 = 0.4;
  int bankCap = 20000;
  int workingShortSide = 480;
  bool outlierRemoval = true;
  bool updateBackground = true;
  bool updateForeground = true;
  double erosion480 = 8;  // erosion (px at 480p) of the prediction before FG selection
  // probability = softmax(scale * [fg, bg] + [bias, 0]); the paper: scale 1, bias 0.
  double softmaxScale = 1;
  double bias = 0;
  // Beyond the paper.
  int bgSubsample = 1;     // keyframe background cells: keep every n-th row and column
  double localWeight = 0;  // weight of local matching to previous frames (0 = off)
  int localRadius = 8;     // cells
  int localFrames = 1;     // previous frames matched locally
  int localTopK = 1;
  double colorWeight = 0;              // colour features fused with deep features (0 = off)
  double colorPositionWeight = 1;      // weight of x, y within the colour features
  bool globalInsideExtrusion = false;  // match only cells that outlier removal can keep
  // After outlier removal keep only the connected components of a prediction that come
  // within this distance (px at 480p) of the previous mask; < 0 = off. A look-alike near
  // the object otherwise survives inside the extruded region and, once in the mask, for good.
  double componentReach480 = -1;
  // The dropped components' cells join m_B. Measured (one fold model, 2026-11-30): the filter
  // alone moved J by < 0.01 per shot; with this on, blackswan +0.05 but breakdance -0.16 and
  // soapbox -0.18 (a limb or cart part that comes off is learnt as background), so that stays
  // off; the filter (reach 0) is on in the default preset since 2026-12-03 (MatchConfig.cpp).
  bool componentsToBackground = false;
  // Motion prior (MotionPrior.h): each object's previous mask carried by dense optical flow.
  // motionWeight: probability = (1 - w) * matching + w * carried mask (0 = off): where two
  // objects' matching ties (look-alikes), the one that was there wins. Keep w below c2 so a
  // pixel the matching calls background leaves the mask (no sticky halo).
  // motionReach480 > 0: outlier removal keeps pixels within this distance (px at 480p) of
  // the carried mask instead of d_c around the previous one (a search region that follows
  // the object). flowShortSide: the flow's resolution (short side, px).
  // Off in both presets: measured 2026-12-03 (default preset, --threads 2) motionWeight 0.3,
  // motionReach480 40 and a presence test (since replaced by the likeness floor) lift
  // identity-dev look-alike shots (car-shadow J&F 0.511 -> 0.693, dog 0.361 -> 0.535) but drop
  // davis2016-val-dev J to 0.593 (landed 0.700): on fast shots (breakdance 0.624 -> 0.212,
  // bmx-trees 0.435 -> 0.239, presence off too) the carried mask lags the object and the reach
  // window cuts it off.
  double motionWeight = 0;
  double motionReach480 = -1;
  int flowShortSide = 240;
  int flowPreset = 0;  // DIS preset: 0 ultrafast, 1 fast, 2 medium
  // Likeness floor: cells whose foreground score (top-K mean similarity to the object's
  // bank) falls more than likenessMargin below the object's running level on its own mask are
  // not the object, even where they are more like it than like the background (an occluder
  // sliding over it); an object whose mask falls below absentArea x its running area is
  // absent (empty mask, banks frozen) and is looked for in the whole frame. 0 = off.
  double likenessMargin = 0;
  double absentArea = 0.15;
  // Several objects (IdentitySplit.h): sharedBackground: one background bank of what belongs
  // to no object, so each object's probability says "an object like this one" rather than
  // "this one and not its look-alike" (which appearance cannot tell); identitySplit: the
  // pixels any object claims go to the object whose previous mask, carried by the flow, is
  // nearest (the flow is computed whenever this is on). identityAppearance480: px at 480p
  // that one unit of matching probability is worth against that distance.
  bool sharedBackground = false;
  bool identitySplit = false;
  double identityAppearance480 = 8;
  // > 0: px at 480p that one unit of foreground score (similarity to the object's own bank)
  // below the best object's is worth against that distance; 0 = off. Off in both presets:
  // measured 2026-12-03 (default preset, --threads 2) 200 lifts the first 30 frames of
  // drift-chicane, dog, libby, breakdance and kite-surf (identity-dev J&F 0.373 -> 0.397) but
  // not the whole set (0.424 -> 0.405: car-shadow 0.725 -> 0.630, soapbox 0.503 -> 0.351, where
  // the look-alikes' scales cross over and each bank prefers the wrong one); 500: 0.371 there;
  // 50 on the whole set: 0.421.
  double identityLikeness480 = 0;
  // Depth at crossings (ObjectLayers.h). identityMotion > 0: the split adds, per object,
  // this many px per px that a pixel's flow differs from the object's own shift (the median
  // flow of its carried mask), so where look-alikes overlap the pixels go to the one they
  // move with, the one in front. hiddenExtents: each object's whole extent moves on with it
  // while it is partly or fully hidden, and counts in the split as half a carried mask, so
  // it is found again where it comes out. 0 = off.
  // hiddenReach480 >= 0: a partly hidden object shows only within this distance (px at
  // 480p) of its extent and keeps its last shift (a sliver left on the occluder's edge
  // goes); < 0 = off. All off in both presets: measured 2026-12-03 on identity-dev (default
  // preset, --threads 2; default 0.424): identityMotion 2 + hiddenExtents 0.439 (breakdance
  // .267 -> .318, dance-twirl .297 -> .359, kite-surf .231 -> .351, libby .274 -> .324 but
  // bmx-trees .396 -> .241, drift-chicane .280 -> .237; 0.459 s/frame); identityMotion 2 alone
  // 0.416; with the shift held while hidden 0.406; identityMotion 4 + hiddenExtents +
  // hiddenReach480 12: 0.354 (car-shadow .725 -> .446, dog .542 -> .243: a car that shrinks as
  // it drives away reads as hidden and is cut to an extent that does not follow it).
  double identityMotion = 0;
  bool hiddenExtents = false;
  double hiddenReach480 = -1;
  double updateGate = 0;       // > 0: skip updates when the mask area changes by more
                               // than this factor from the previous frame
  bool refine = false;         // edge-aware refinement at source size (guided filter)
  double refineRadius480 = 4;  // its radius, pixels at 480p
  double refineEps = 1e-3;     // its regularisation
  int refineSubsample = 0;     // fast guided filter factor; 0: auto, 1: exact
  // Two directions between keyframes (see DirectionFusion.h): temporal weight exponent,
  // mask-area plausibility exponent, per-pixel confidence exponent.
  double fusionTemporalPower = 1;
  double fusionAreaPower = 0;
  double fusionConfidence = 0;
  std::string preset;
};

// Whether propagating `instances` objects with `config` needs the optical flow (and so each
// frame's grey image).
bool usesFlow(const MatchConfig& config, int instances);

// Names accepted in SegmenterParams::tuning (and `--set name=value` on the CLI).
std::vector<std::string> matchTuningNames();

// Layers, lowest first: the preset, the model's own tuning (FeatureInfo::tuning; only its
// softmaxScale for the paper preset), the user's K/d_c/c1/c2/cap/size, the user's tuning.
Expected<MatchConfig> resolveMatchConfig(const SegmenterParams& params,
                                         const std::map<std::string, double>& modelTuning = {},
                                         const std::string& modelName = {});

}  // namespace rm
