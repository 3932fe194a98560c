#include "engine/segment/SoftMatch.h"

#include <algorithm>
#include <functional>
#include <limits>

#include <ATen/Parallel.h>
#include <torch/torch.h>

namespace rm {

torch::Tensor l2Normalize(const torch::Tensor& x, int64_t dim) {
  return x / x.norm(2, dim, /*keepdim=*/true).clamp_min(1e-12);
}

namespace {

// Mean of the k largest values of each row of s [n, m]. With blocks, first keeps the k blocks
// (of `block` columns) with the largest maxima: every value above the k-th largest lies in
// one of them, and enough copies of a tied k-th value do too, so the result is exact while
// the full top-k runs on k*block columns instead of m.
torch::Tensor topKMean(const torch::Tensor& s, int64_t k, int64_t block) {
  const int64_t n = s.size(0), m = s.size(1);
  if (k >= m) return s.mean(1);
  if (block <= 1 || m < 4 * k * block) return std::get<0>(s.topk(k, 1, true, false)).mean(1);
  namespace F = torch::nn::functional;
  const int64_t blocks = (m + block - 1) / block;
  const torch::Tensor padded =
      blocks * block == m ? s
                          : F::pad(s, F::PadFuncOptions({0, blocks * block - m})
                                          .value(-std::numeric_limits<double>::infinity()));
  const torch::Tensor grouped = padded.view({n, blocks, block});
  const torch::Tensor best = std::get<1>(grouped.amax(2).topk(k, 1, true, false));  // [n, k]
  const torch::Tensor candidates =
      grouped.gather(1, best.unsqueeze(2).expand({n, k, block})).reshape({n, k * block});
  return std::get<0>(candidates.topk(k, 1, true, false)).mean(1);
}

// The per-row kernels below are compiled for AVX-512, AVX2 and baseline x86-64 and picked at
// load time: the rest of the build targets baseline x86-64.
#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define ROTOMATCH_SIMD_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#endif
#ifndef ROTOMATCH_SIMD_CLONES
#define ROTOMATCH_SIMD_CLONES
#endif

// out[j] = max over u < 8 of v[u * g + j]: the maxima of 8-element groups taken with stride
// g, so the loop is an element-wise max of contiguous rows (vectorises).
ROTOMATCH_SIMD_CLONES void stridedGroupMax(const float* v, int64_t g, float* out) {
  std::copy(v, v + g, out);
  for (int64_t u = 1; u < 8; ++u) {
    const float* row = v + u * g;
    for (int64_t j = 0; j < g; ++j)
      out[j] = std::max(out[j], row[j]);
  }
}

ROTOMATCH_SIMD_CLONES float rangeMax(const float* x, int64_t n) {
  float best = x[0];
  for (int64_t j = 1; j < n; ++j)
    best = std::max(best, x[j]);
  return best;
}

float meanOfLargest(float* values, int64_t n, int64_t k) {
  std::nth_element(values, values + (k - 1), values + n, std::greater<>());
  double sum = 0;
  for (int64_t i = 0; i < k; ++i)
    sum += values[i];
  return float(sum / double(k));
}

// Mean of the k largest of v[0, m), 1 <= k. Groups of 8 elements (stride m / 8) get their
// maxima in one vectorised pass; the k-th largest maximum of >= k disjoint runs of groups
// is a lower bound on the k-th largest value (k distinct elements reach it), so the top k
// lie in the few groups whose maximum reaches it. Exact whatever the order of v (rows of
// similarities are spatially correlated, which defeats a running top-k buffer).
float topKMeanRow(const float* v, int64_t m, int64_t k, std::vector<float>& scratch) {
  if (k >= m) {
    double sum = 0;
    for (int64_t i = 0; i < m; ++i)
      sum += v[i];
    return float(sum / double(m));
  }
  const int64_t g = m / 8;
  if (g < k) {  // small sets: select on a copy
    scratch.assign(v, v + m);
    return meanOfLargest(scratch.data(), m, k);
  }
  const int64_t runs = std::min(g, 4 * k), len = g / runs;
  scratch.resize(size_t(g + runs + m));
  float* groupMax = scratch.data();
  float* runMax = groupMax + g;
  float* candidates = runMax + runs;
  stridedGroupMax(v, g, groupMax);
  for (int64_t r = 0; r < runs; ++r)
    runMax[r] = rangeMax(groupMax + r * len, len);
  std::nth_element(runMax, runMax + (k - 1), runMax + runs, std::greater<>());
  const float bound = runMax[k - 1];
  int64_t n = 0;
  for (int64_t j = 0; j < g; ++j) {
    if (groupMax[j] < bound) continue;
    for (int64_t u = 0; u < 8; ++u)
      if (v[u * g + j] >= bound) candidates[n++] = v[u * g + j];
  }
  for (int64_t i = 8 * g; i < m; ++i)  // the tail outside the groups
    if (v[i] >= bound) candidates[n++] = v[i];
  return meanOfLargest(candidates, n, k);
}

bool canFuse(const torch::Tensor& query, const std::vector<torch::Tensor>& sets,
             const SoftMatchOptions& options) {
  if (!options.fusedCpu || !query.device().is_cpu() || query.scalar_type() != torch::kFloat)
    return false;
  bool grad = torch::GradMode::is_enabled() && query.requires_grad();
  for (const auto& s : sets) {
    if (!s.device().is_cpu() || s.scalar_type() != torch::kFloat) return false;
    grad = grad || (torch::GradMode::is_enabled() && s.requires_grad());
  }
  return !grad;
}

// The fused CPU path: a cache-sized chunk of similarity rows per matmul, then one pass per
// row and set, rows split over threads. Writes the non-empty sets' rows of `out` [I,P].
void softMatchFused(const torch::Tensor& query, const torch::Tensor& all,
                    const std::vector<int64_t>& sizes, const SoftMatchOptions& options,
                    torch::Tensor& out) {
  const int64_t p = query.size(0), total = all.size(0);
  const torch::Tensor q = query.contiguous();
  const torch::Tensor allT = all.contiguous().t();
  float* o = out.data_ptr<float>();
  std::vector<int64_t> offsets;
  int64_t offset = 0;
  for (int64_t m : sizes) {
    offsets.push_back(offset);
    offset += m;
  }
  const int64_t rowsPerChunk = std::max<int64_t>(1, std::min(p, options.fusedChunkRows));
  torch::Tensor buffer = torch::empty({rowsPerChunk, total}, q.options());
  for (int64_t start = 0; start < p; start += rowsPerChunk) {
    const int64_t len = std::min(rowsPerChunk, p - start);
    torch::Tensor sim = buffer.narrow(0, 0, len);  // reused: no page faults per chunk
    torch::mm_out(sim, q.narrow(0, start, len), allT);
    const float* rows = sim.data_ptr<float>();
    at::parallel_for(0, len, 16, [&](int64_t begin, int64_t end) {
      std::vector<float> scratch;
      for (int64_t r = begin; r < end; ++r)
        for (size_t i = 0; i < sizes.size(); ++i) {
          const int64_t m = sizes[i];
          if (m == 0) continue;
          const int64_t k = options.topK <= 0 ? m : std::min<int64_t>(options.topK, m);
          o[int64_t(i) * p + start + r] = topKMeanRow(rows + r * total + offsets[i], m, k, scratch);
        }
    });
  }
}

}  // namespace

torch::Tensor softMatch(const torch::Tensor& query, const std::vector<torch::Tensor>& sets,
                        const SoftMatchOptions& options) {
  const int64_t p = query.size(0);
  const auto numSets = static_cast<int64_t>(sets.size());
  std::vector<int64_t> sizes;
  std::vector<torch::Tensor> nonEmpty;
  for (const auto& s : sets) {
    sizes.push_back(s.size(0));
    if (s.size(0) > 0) nonEmpty.push_back(s);
  }
  torch::Tensor out = torch::full({numSets, p}, options.emptySetScore, query.options());
  if (nonEmpty.empty() || p == 0) return out;
  const torch::Tensor all = torch::cat(nonEmpty, 0);  // [sum M, C]
  if (canFuse(query, sets, options)) {
    softMatchFused(query, all, sizes, options, out);
    return out;
  }
  const int64_t total = all.size(0);
  const int64_t chunk =
      std::max<int64_t>(1, options.maxChunkElements / std::max<int64_t>(1, total));
  std::vector<torch::Tensor> rows(static_cast<size_t>(numSets));
  std::vector<std::vector<torch::Tensor>> pieces(static_cast<size_t>(numSets));
  for (int64_t start = 0; start < p; start += chunk) {
    const int64_t len = std::min(chunk, p - start);
    const torch::Tensor sim = torch::matmul(query.narrow(0, start, len), all.t());  // [len, sum M]
    int64_t offset = 0;
    for (int64_t i = 0; i < numSets; ++i) {
      const int64_t m = sizes[static_cast<size_t>(i)];
      if (m == 0) continue;
      const int64_t k = options.topK <= 0 ? m : std::min<int64_t>(options.topK, m);
      const torch::Tensor part = sim.narrow(1, offset, m);
      // Ties do not matter: the K largest values are the same whichever tied index is taken.
      const torch::Tensor score = topKMean(part, k, options.blockSize);
      pieces[static_cast<size_t>(i)].push_back(score);
      offset += m;
    }
  }
  std::vector<torch::Tensor> result;
  for (int64_t i = 0; i < numSets; ++i) {
    if (sizes[static_cast<size_t>(i)] == 0)
      result.push_back(out[i]);
    else
      result.push_back(torch::cat(pieces[static_cast<size_t>(i)], 0));
  }
  return torch::stack(result, 0);
}

std::pair<torch::Tensor, torch::Tensor> localMatch(const torch::Tensor& query,
                                                   const torch::Tensor& prev,
                                                   const torch::Tensor& prevLabels,
                                                   int64_t instances, const torch::Tensor& active,
                                                   const LocalMatchOptions& options) {
  namespace F = torch::nn::functional;
  const int64_t c = query.size(0), h = query.size(1), w = query.size(2);
  const int64_t frames = prev.size(0);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float ninf = -std::numeric_limits<float>::infinity();
  const int64_t r = std::max(0, options.radius);
  const int64_t t = std::max(1, options.tile);
  const int64_t win = t + 2 * r;
  const int64_t ty = (h + t - 1) / t, tx = (w + t - 1) / t;
  const int64_t hp = ty * t, wp = tx * t;
  // Query tiles [T, t*t, C] and the tiles' active flags.
  const torch::Tensor qTiles = F::pad(query, F::PadFuncOptions({0, wp - w, 0, hp - h}))
                                   .view({c, ty, t, tx, t})
                                   .permute({1, 3, 2, 4, 0})
                                   .reshape({ty * tx, t * t, c});
  const torch::Tensor activePadded =
      F::pad(active.to(torch::kFloat).unsqueeze(0), F::PadFuncOptions({0, wp - w, 0, hp - h}))
          .squeeze(0);
  const torch::Tensor tileActive =
      activePadded.view({ty, t, tx, t}).amax({1, 3}).reshape({ty * tx}) > 0;
  const torch::Tensor tiles = tileActive.nonzero().squeeze(1);
  torch::Tensor fg = torch::full({instances, h * w}, nan, query.options());
  torch::Tensor bg = torch::full({instances, h * w}, nan, query.options());
  if (tiles.numel() == 0) return {fg, bg};
  const int64_t nt = tiles.size(0);
  // Candidate windows [T, C, L*win*win] of previous frames (zero features, label -1 outside).
  const F::PadFuncOptions around({r, r + wp - w, r, r + hp - h});
  const F::UnfoldFuncOptions unfold = F::UnfoldFuncOptions({win, win}).stride(t);
  const torch::Tensor cand = F::unfold(F::pad(prev, around), unfold)  // [L, C*win*win, T]
                                 .view({frames, c, win * win, ty * tx})
                                 .index_select(3, tiles)
                                 .permute({3, 1, 0, 2})
                                 .reshape({nt, c, frames * win * win});
  const torch::Tensor labels = F::unfold(F::pad(prevLabels.to(query.dtype()).unsqueeze(1),
                                                F::PadFuncOptions(around).value(-1.0)),
                                         unfold)
                                   .view({frames, win * win, ty * tx})
                                   .index_select(2, tiles)
                                   .permute({2, 0, 1})
                                   .reshape({nt, 1, frames * win * win});
  // Window geometry, the same for every tile: |dy| <= r and |dx| <= r.
  const auto iopts = torch::TensorOptions().dtype(torch::kLong).device(query.device());
  const torch::Tensor q = torch::arange(t, iopts), k = torch::arange(win, iopts) - r;
  const torch::Tensor near1d = (q.unsqueeze(1) - k.unsqueeze(0)).abs() <= r;  // [t, win]
  const torch::Tensor geometry = (near1d.view({t, 1, win, 1}) & near1d.view({1, t, 1, win}))
                                     .reshape({1, t * t, win * win})
                                     .repeat({1, 1, frames});
  const torch::Tensor sim = torch::bmm(qTiles.index_select(0, tiles), cand);  // [nt, t*t, L*win^2]
  const torch::Tensor valid = geometry & (labels >= 0);
  const int64_t kk = std::min<int64_t>(std::max(1, options.topK), frames * win * win);
  for (int64_t i = 0; i < instances; ++i) {
    const torch::Tensor isFg = labels == double(i + 1);
    for (int side = 0; side < 2; ++side) {
      const torch::Tensor masked = sim.masked_fill(~(valid & (side == 0 ? isFg : ~isFg)), ninf);
      const torch::Tensor top =
          kk == 1 ? std::get<0>(masked.max(2, true)) : std::get<0>(masked.topk(kk, 2, true, false));
      const torch::Tensor finite = torch::isfinite(top);
      const torch::Tensor count = finite.sum(2);
      const torch::Tensor mean =
          torch::where(finite, top, torch::zeros_like(top)).sum(2) / count.clamp_min(1);
      const torch::Tensor value =
          torch::where(count > 0, mean, torch::full_like(mean, nan));  // [nt, t*t]
      // Scatter tiles back onto the padded grid, then crop.
      torch::Tensor grid = torch::full({ty * tx, t * t}, nan, query.options());
      grid.index_copy_(0, tiles, value);
      grid = grid.view({ty, tx, t, t}).permute({0, 2, 1, 3}).reshape({hp, wp});
      (side == 0 ? fg : bg)[i].copy_(grid.narrow(0, 0, h).narrow(1, 0, w).reshape({h * w}));
    }
  }
  const torch::Tensor inactive = ~active.reshape({h * w}).unsqueeze(0);
  return {fg.masked_fill(inactive, nan), bg.masked_fill(inactive, nan)};
}

}  // namespace rm
