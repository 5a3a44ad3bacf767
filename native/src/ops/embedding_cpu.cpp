// Embedding lookup and its gradient on the host. Ids arrive as floats (the model's tensors are float32)
// and are exact integers below 2^24, so the conversion is exact. Mirrors DenseRef.embedding*.
#include <math.h>
#include <string.h>

#include "ops/ops_cpu.h"

namespace frnn::ops {

int64_t first_bad_id(int64_t count, const float* ids, int64_t vocab) {
    for (int64_t i = 0; i < count; i++) {
        const float v = ids[i];
        // !(v >= 0) also catches NaN; rintf(v) != v catches fractions (and infinities fail v < vocab).
        if (!(v >= 0.0f && static_cast<double>(v) < static_cast<double>(vocab)) || rintf(v) != v) return i;
    }
    return -1;
}

// out[i, :] = table[ids[i], :]
void embedding_forward(int64_t count, const float* ids, const float* table, int64_t dim, float* out) {
    for (int64_t i = 0; i < count; i++) {
        const int64_t id = static_cast<int64_t>(ids[i]);
        memcpy(out + i * dim, table + id * dim, static_cast<size_t>(dim) * sizeof(float));
    }
}

// d_table = 0, then rows of d_out added in increasing i (a repeated id accumulates in that order).
void embedding_backward(int64_t count, const float* ids, const float* d_out, int64_t vocab, int64_t dim,
                        float* d_table) {
    fill(vocab * dim, 0.0f, d_table);
    for (int64_t i = 0; i < count; i++) {
        float* row = d_table + static_cast<int64_t>(ids[i]) * dim;
        const float* g = d_out + i * dim;
        for (int64_t d = 0; d < dim; d++) row[d] += g[d];
    }
}

}  // namespace frnn::ops
