// frnn_context: what one caller's calls share — the thread count and a workspace that grows to the
// largest size asked for and is then reused, so steady-state calls allocate nothing.
#pragma once

#include <cstddef>
#include <vector>

#include "fusedrnn/frnn.h"

struct frnn_context {
    int num_threads = 1;
    std::vector<float> workspace;

    // At least n floats of scratch, valid until the next call that asks for workspace.
    float* scratch(size_t n) {
        if (workspace.size() < n) workspace.resize(n);
        return workspace.data();
    }
};

namespace frnn {

// The thread count for a requested one: n >= 1 as is; 0 from FRNN_NUM_THREADS or the available cores.
int resolve_num_threads(int requested);

}  // namespace frnn
