#!/usr/bin/python3
"""A straightforward PyTorch implementation of VideoMatch (Hu et al., ECCV 2018) as the
paper describes it, for `rotomatch-cli bench segment --reference-python`.

It runs the same TorchScript feature model as Rotomatch (`rotomatch-cli model-path`) on the
frames of one image folder, propagating frame 0's mask forward:
  - cosine similarity of every pixel feature of the frame to the full FG and BG sets,
    score = mean of the top K (K = 20), 2-way softmax, bilinear upsampling to frame size;
  - outlier removal: foreground farther than d_c (100 px at 480p) from the previous mask
    is dropped;
  - online updates (c1 = 0.95): BG gains cells predicted foreground outside the extruded
    previous mask; FG gains cells of the eroded prediction with probability > c1;
    sets are bounded (keyframe rows + the newest online rows).
Nothing is chunked, blocked or restricted: one matmul per set per frame and torch.topk.

It prints `reference seconds/frame=S frames=N` (wall time from frame 0's features to the
last frame, divided by the frames propagated, like the C++ benchmark), then, when
--annotations is given, `reference J=...` (mean IoU over frames 1..N-1), and when --compare
is given, the mean IoU between its masks and the label maps in that folder.

Needs Debian's python3-torch, python3-opencv and python3-numpy (scripts/setup-bench.sh).
"""

import argparse
import json
import os
import sys
import time

import cv2
import numpy as np
import torch
import torch.nn.functional as F


def list_frames(folder):
    names = sorted(n for n in os.listdir(folder)
                   if n.lower().endswith((".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff")))
    if not names:
        sys.exit(f"videomatch_reference: no images in {folder}")
    return [os.path.join(folder, n) for n in names]


def read_rgb(path, size=None):
    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    if bgr is None:
        sys.exit(f"videomatch_reference: cannot read {path}")
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    if size is not None and (rgb.shape[1], rgb.shape[0]) != size:
        rgb = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
    return rgb


def read_mask(path, size=None):
    m = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if m is None:
        sys.exit(f"videomatch_reference: cannot read mask {path}")
    if size is not None and (m.shape[1], m.shape[0]) != size:
        m = cv2.resize(m, size, interpolation=cv2.INTER_NEAREST)
    return m > 0


def features(model, rgb):
    x = torch.from_numpy(rgb).permute(2, 0, 1).unsqueeze(0).float().div(255.0)
    return F.normalize(model(x)[0], dim=0)  # [C, h, w], unit length along C


def cell_fraction(mask, h, w, stride):
    """Fraction of each stride x stride cell covered by mask (cells past the border count
    only the pixels inside)."""
    m = torch.from_numpy(mask.astype(np.float32))[None, None]
    inside = torch.ones_like(m)
    pad = (0, w * stride - m.shape[3], 0, h * stride - m.shape[2])
    covered = F.avg_pool2d(F.pad(m, pad), stride)
    area = F.avg_pool2d(F.pad(inside, pad), stride)
    return (covered / area.clamp_min(1e-12))[0, 0]


def extrude(mask, distance):
    if not mask.any():
        return np.zeros_like(mask)
    dist = cv2.distanceTransform((~mask).astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    return dist <= distance


def erode(mask, distance):
    padded = np.pad(mask, 1).astype(np.uint8)
    dist = cv2.distanceTransform(padded, cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    return dist[1:-1, 1:-1] > distance


def top_k_mean(query, bank, k):
    sim = query @ bank.t()  # [P, M]: the full similarity matrix
    return sim.topk(min(k, bank.shape[0]), dim=1).values.mean(1)


class Bank:
    """Keyframe rows are kept; online rows are dropped oldest first beyond the cap."""

    def __init__(self, rows, cap):
        self.key, self.online, self.cap = rows, rows[:0], cap

    def add(self, rows):
        self.online = torch.cat([self.online, rows])
        room = max(0, self.cap - self.key.shape[0])
        self.online = self.online[self.online.shape[0] - min(room, self.online.shape[0]):]

    def rows(self):
        return torch.cat([self.key, self.online])


def propagate(model, frames, first_mask, args):
    """Returns the masks of frames 1..N-1 (bool, working size) and the seconds taken."""
    start = time.perf_counter()
    rgb0 = read_rgb(frames[0], args.size)
    height, width = rgb0.shape[:2]
    scale = min(width, height) / 480.0
    d_c, erosion = args.dc * scale, args.erosion * scale
    x0 = features(model, rgb0)
    c, h, w = x0.shape
    s = args.stride
    rows0 = x0.reshape(c, h * w).t()
    frac = cell_fraction(first_mask, h, w, s).reshape(-1)
    fg_cells = frac >= 0.5
    if not fg_cells.any():
        fg_cells = frac > 0
    fg, bg = Bank(rows0[fg_cells], args.bank_cap), Bank(rows0[~fg_cells], args.bank_cap)
    previous = first_mask
    masks = []
    for path in frames[1:]:
        x = features(model, read_rgb(path, args.size))
        query = x.reshape(c, h * w).t()
        scores = torch.stack([top_k_mean(query, fg.rows(), args.k),
                              top_k_mean(query, bg.rows(), args.k)])
        cell_prob = torch.softmax(args.softmax_scale * scores, dim=0)[0].reshape(h, w)
        # Bilinear upsampling; cell centres sit at stride * j + (stride - 1) / 2.
        up = F.interpolate(cell_prob[None, None], size=(h * s, w * s), mode="bilinear",
                           align_corners=False)[0, 0, :height, :width]
        prob = up.numpy().copy()
        initial_fg = prob > 0.5
        extruded = extrude(previous, d_c)
        prob[~extruded] = 0.0  # outlier removal
        mask = prob >= 0.5
        # Online updates on the feature grid.
        to_bg = (cell_fraction(initial_fg, h, w, s) >= 0.5) & (cell_fraction(extruded, h, w, s) < 0.5)
        to_fg = ((cell_prob > args.c1) & (cell_fraction(erode(mask, erosion), h, w, s) >= 0.5)
                 & ~to_bg)
        bg.add(query[to_bg.reshape(-1)])
        fg.add(query[to_fg.reshape(-1)])
        previous = mask
        masks.append(mask)
    return masks, time.perf_counter() - start


def iou(a, b):
    union = np.count_nonzero(a | b)
    return 1.0 if union == 0 else np.count_nonzero(a & b) / union


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", required=True, help="TorchScript feature model (rotomatch-cli model-path)")
    p.add_argument("--frames", required=True, help="folder of numbered frames")
    p.add_argument("--mask", required=True, help="frame 0's mask (0 = background)")
    p.add_argument("--max-frames", type=int, default=0, help="use only the first N frames")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--k", type=int, default=20)
    p.add_argument("--dc", type=float, default=100.0, help="outlier distance in px at 480p")
    p.add_argument("--c1", type=float, default=0.95)
    p.add_argument("--erosion", type=float, default=8.0, help="px at 480p before FG selection")
    p.add_argument("--bank-cap", type=int, default=20000)
    p.add_argument("--working-size", type=int, default=480, help="short side frames are matched at")
    p.add_argument("--annotations", help="folder of ground-truth masks named like the frames")
    p.add_argument("--compare", help="folder of label maps (e.g. rotomatch-cli propagate --out)")
    p.add_argument("--out", help="write the masks here as 0/255 PNGs")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    cv2.setNumThreads(1)  # as the C++ engine: OpenCV work on the calling thread
    frames = list_frames(args.frames)
    if args.max_frames > 0:
        frames = frames[:args.max_frames]
    if len(frames) < 2:
        sys.exit("videomatch_reference: need at least two frames")
    first = cv2.imread(frames[0])
    short = min(first.shape[:2])
    # Same working size rule as the engine: short side at most --working-size.
    f = min(1.0, args.working_size / short)
    args.size = (max(1, round(first.shape[1] * f)), max(1, round(first.shape[0] * f)))
    extra = {"rotomatch.json": ""}
    model = torch.jit.load(args.model, map_location="cpu", _extra_files=extra).eval()
    meta = json.loads(extra["rotomatch.json"] or "{}")
    args.stride = int(meta.get("stride", 8))
    # A trained model carries its softmax temperature; the engine's paper preset applies it.
    args.softmax_scale = float(meta.get("tuning", {}).get("softmaxScale",
                                                          meta.get("softmaxScale", 1.0)))
    first_mask = read_mask(args.mask, args.size)
    with torch.inference_mode():
        masks, seconds = propagate(model, frames, first_mask, args)
    print(f"reference seconds/frame={seconds / len(masks):.4f} frames={len(masks)} "
          f"threads={args.threads}", flush=True)

    stems = [os.path.splitext(os.path.basename(f))[0] for f in frames[1:]]
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for stem, m in zip(stems, masks):
            cv2.imwrite(os.path.join(args.out, stem + ".png"), m.astype(np.uint8) * 255)
    if args.annotations:
        j = [iou(m, read_mask(os.path.join(args.annotations, stem + ".png"), args.size))
             for stem, m in zip(stems, masks)]
        print(f"reference J={np.mean(j):.4f}")
    if args.compare:
        a = [iou(m, read_mask(os.path.join(args.compare, stem + ".png"), args.size))
             for stem, m in zip(stems, masks)]
        print(f"agreement IoU={np.mean(a):.4f} min={np.min(a):.4f}")


if __name__ == "__main__":
    main()
