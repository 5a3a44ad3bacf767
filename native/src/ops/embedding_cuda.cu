// Embedding lookup and its gradient on the device; ids are floats holding exact integers (checked by
// the ABI). The CUDA twin of ops/embedding_cpu.cpp.
#include "core/cuda_status.h"
#include "ops/ops_cuda.h"

namespace frnn::cuda::ops {
namespace {

// out[i, d] = table[ids[i], d]
__global__ void lookup_kernel(int64_t count, const float* ids, const float* table, int64_t dim, float* out) {
    FRNN_GRID_LOOP(e, count * dim) {
        const int64_t i = e / dim, d = e % dim;
        out[e] = table[static_cast<int64_t>(ids[i]) * dim + d];
    }
}

// d_table[ids[i], d] += d_out[i, d] for i = 0, 1, ... in order: one thread per column d, so a repeated id
// accumulates in the order of i without atomics (d_table was zeroed first).
__global__ void scatter_add_kernel(int64_t count, const float* ids, const float* d_out, int64_t dim, float* d_table) {
    FRNN_GRID_LOOP(d, dim) {
        for (int64_t i = 0; i < count; i++) d_table[static_cast<int64_t>(ids[i]) * dim + d] += d_out[i * dim + d];
    }
}

}  // namespace

void embedding_forward(frnn_cuda_context* ctx, int64_t count, const float* ids, const float* table, int64_t dim,
                       float* out) {
    if (count == 0) return;
    FRNN_LAUNCH(blocks_for(count * dim), kThreads, ctx->stream, lookup_kernel)(count, ids, table, dim, out);
    FRNN_CUDA_CHECK(cudaGetLastError());
}

void embedding_backward(frnn_cuda_context* ctx, int64_t count, const float* ids, const float* d_out, int64_t vocab,
                        int64_t dim, float* d_table) {
    fill(ctx, vocab * dim, 0.0f, d_table);
    if (count == 0) return;
    FRNN_LAUNCH(blocks_for(dim), kThreads, ctx->stream, scatter_add_kernel)(count, ids, d_out, dim, d_table);
    FRNN_CUDA_CHECK(cudaGetLastError());
}

}  // namespace frnn::cuda::ops
