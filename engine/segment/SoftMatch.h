#pragma once
// The soft matching layer of VideoMatch (Hu et al., ECCV 2018) as differentiable torch ops:
// for every query feature, the cosine similarity to every vector of a set, and the score =
// mean of the K largest similarities. Also a local variant that matches each cell only to
// nearby cells of previous frames (label-aware), used by the default preset.

#include <cstdint>
#include <vector>

#include <torch/types.h>

namespace rm {

// Rows scaled to unit L2 norm along `dim` (zero vectors stay zero).
torch::Tensor l2Normalize(const torch::Tensor& x, int64_t dim);

struct SoftMatchOptions {
  int topK = 20;                       // <= 0: all vectors of the set
  int64_t maxChunkElements = 1 << 23;  // bound on query-rows x set-size per matmul (32 MB)
  float emptySetScore = -1.0f;         // score of an empty set (lowest cosine similarity)
  int64_t blockSize = 32;              // exact two-stage top-K over blocks (<= 1: plain)
  // Without autograd on the CPU: one pass per similarity row, chunks kept in cache, rows
  // split over threads (no [P, M] top-k tensors). Same result; off = the torch ops below.
  bool fusedCpu = true;
  int64_t fusedChunkRows = 256;  // query rows per matmul in the fused path
};

// query [P,C] and every set [M_i,C] are L2-normalised. Returns [I,P]: row i holds, for each
// query, the mean of the top min(K, M_i) cosine similarities to set i. All sets are matched
// by one matmul per chunk of queries, so instances are batched; differentiable (the fused
// CPU path runs only when no gradient is needed).
torch::Tensor softMatch(const torch::Tensor& query, const std::vector<torch::Tensor>& sets,
                        const SoftMatchOptions& options);

struct LocalMatchOptions {
  int radius = 8;  // cells: candidates within a (2r+1)^2 window
  int topK = 1;    // mean of the top K similarities among candidates of a label
  int tile = 8;    // query cells are matched in tile x tile blocks (one bmm)
};

// Local matching to previous frames. query [C,h,w]; prev [L,C,h,w] features of L previous
// frames (L2-normalised along C); prevLabels [L,h,w] int64 (0 = background, k = instance k).
// `active` [h,w] bool: only these query cells are computed (others get NaN).
// Returns {fg, bg}, each [I,h*w]: for instance i (label i+1), the top-K mean similarity to
// candidates labelled i+1 (fg) and to candidates with any other label (bg); NaN where a
// cell has no such candidate in its window.
std::pair<torch::Tensor, torch::Tensor> localMatch(const torch::Tensor& query,
                                                   const torch::Tensor& prev,
                                                   const torch::Tensor& prevLabels,
                                                   int64_t instances, const torch::Tensor& active,
                                                   const LocalMatchOptions& options);

}  // namespace rm
