// Scratch memory for the operations of native/src/ops: one growable array per calling thread and slot,
// reused from call to call (steady-state calls allocate nothing). Not the context's workspace, which
// the shared GEMM may use for its own packing while an operation's scratch is still live. The arrays
// live until the thread exits; the Java binding calls from a bounded set of threads.
#pragma once

#include <cstddef>
#include <vector>

namespace frnn::ops {

template <class T, int kSlot>
T* thread_scratch(size_t n) {
    thread_local std::vector<T> buffer;
    if (buffer.size() < n) buffer.resize(n);
    return buffer.data();
}

}  // namespace frnn::ops
