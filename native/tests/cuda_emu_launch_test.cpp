// The host emulation's launches (core/cuda_emu_launch.cpp), compiled into this test with the rest of the
// emulated runtime:
//   - __syncthreads is a real barrier: threads exchange values through __shared__ memory in rounds, and
//     each reads what its neighbour wrote in the same round (a missing or early barrier reads a stale
//     or future value); each thread keeps its own locals, threadIdx and blockIdx across the barriers
//   - 1-thread and 1024-thread blocks, 2-D and 3-D shapes, grids of many blocks
//   - a fiber's stack holds a 64 KiB local array
//   - __syncthreads in a kernel launched with FRNN_LAUNCH fails with a message naming the fix; an
//     exception in one CUDA thread fails the launch, the others finish the grid, later launches work
//   - an injected launch fault makes the launch do nothing and is reported by cudaGetLastError
//   - launches from several OS threads at once each see their own results (launches are serialised)
#include <stdint.h>

#include <string>
#include <thread>
#include <vector>

#include "check.h"
#include "core/cuda_api.h"
#include "core/error.h"

namespace {

constexpr int kRounds = 5;
constexpr unsigned kMaxThreads = 1024;

// out[(block * threads + t) * 4 + {0..3}] = (sum over rounds of the neighbour's value, t, block, the
// thread's own running count of barriers passed). The neighbour of t is t + 1 mod threads; in round r
// thread t writes value(block, t, r) = block * 1000000 + t * 100 + r.
__global__ void exchange_kernel(int64_t* out) {
    __shared__ int64_t slot[kMaxThreads];
    const unsigned threads = blockDim.x * blockDim.y * blockDim.z;
    const unsigned t = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
    const unsigned block = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
    int64_t sum = 0, barriers = 0;
    for (int r = 0; r < kRounds; r++) {
        slot[t] = static_cast<int64_t>(block) * 1000000 + t * 100 + r;
        __syncthreads();
        barriers++;
        sum += slot[(t + 1) % threads];
        __syncthreads();
        barriers++;
    }
    const unsigned t_after = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
    const unsigned block_after = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
    int64_t* o = out + (static_cast<int64_t>(block) * threads + t) * 4;
    o[0] = sum;
    o[1] = t_after;
    o[2] = block_after;
    o[3] = barriers;
}

// Runs exchange_kernel and checks every thread's record; returns false at the first wrong one.
bool exchange(dim3 grid, dim3 block) {
    const unsigned threads = block.x * block.y * block.z, blocks = grid.x * grid.y * grid.z;
    std::vector<int64_t> out(static_cast<size_t>(threads) * blocks * 4, -1);
    FRNN_LAUNCH_SYNC(grid, block, nullptr, exchange_kernel)(out.data());
    if (cudaGetLastError() != cudaSuccess) return false;
    for (unsigned b = 0; b < blocks; b++) {
        for (unsigned t = 0; t < threads; t++) {
            const int64_t* o = &out[(static_cast<size_t>(b) * threads + t) * 4];
            int64_t want = 0;
            for (int r = 0; r < kRounds; r++) want += static_cast<int64_t>(b) * 1000000 + (t + 1) % threads * 100 + r;
            if (o[0] != want || o[1] != t || o[2] != b || o[3] != 2 * kRounds) {
                fprintf(stderr, "block %u thread %u: got (%lld, %lld, %lld, %lld), expected sum %lld\n", b, t,
                        static_cast<long long>(o[0]), static_cast<long long>(o[1]), static_cast<long long>(o[2]),
                        static_cast<long long>(o[3]), static_cast<long long>(want));
                return false;
            }
        }
    }
    return true;
}

// Each thread fills a 64 KiB local array, waits for the block, then checks it was not overwritten.
__global__ void big_frame_kernel(int* ok) {
    volatile uint8_t local[64 * 1024];
    for (size_t i = 0; i < sizeof local; i++) local[i] = static_cast<uint8_t>(i + threadIdx.x);
    __syncthreads();
    int good = 1;
    for (size_t i = 0; i < sizeof local; i++) good &= local[i] == static_cast<uint8_t>(i + threadIdx.x);
    ok[threadIdx.x] = good;
}

__global__ void unsynchronised_kernel(int* x) {
    x[threadIdx.x] = 1;
    __syncthreads();
}

// Thread 3 of block 1 throws before the second barrier; the others count their barriers.
__global__ void throwing_kernel(int* barriers) {
    __syncthreads();
    if (blockIdx.x == 1 && threadIdx.x == 3) FRNN_FAIL(FRNN_ERR_INTERNAL, "thrown by thread 3");
    __syncthreads();
    barriers[blockIdx.x * blockDim.x + threadIdx.x] += 2;
}

void test_barrier_semantics() {
    CHECK(exchange(dim3(1), dim3(1)));
    CHECK(exchange(dim3(1), dim3(128)));
    CHECK(exchange(dim3(3, 2), dim3(8, 4)));
    CHECK(exchange(dim3(2, 1, 2), dim3(4, 2, 3)));
    CHECK(exchange(dim3(2), dim3(1024)));
    CHECK(exchange(dim3(40), dim3(16, 16)));  // the tiled GEMM's shape
}

void test_big_frames() {
    std::vector<int> ok(32, 0);
    FRNN_LAUNCH_SYNC(2, 32, nullptr, big_frame_kernel)(ok.data());
    int good = 0;
    for (int v : ok) good += v;
    CHECK(good == 32);
}

void test_errors() {
    std::vector<int> x(4, 0);
    std::string message;
    try {
        FRNN_LAUNCH(1, 4, nullptr, unsynchronised_kernel)(x.data());
    } catch (const frnn::Error& e) {
        message = e.what();
    }
    CHECK_CONTAINS(message.c_str(), "unsynchronised_kernel called __syncthreads but was launched with FRNN_LAUNCH");

    std::vector<int> barriers(3 * 8, 0);
    message.clear();
    try {
        FRNN_LAUNCH_SYNC(3, 8, nullptr, throwing_kernel)(barriers.data());
    } catch (const frnn::Error& e) {
        message = e.what();
    }
    CHECK_CONTAINS(message.c_str(), "thrown by thread 3");
    // Thread 3 takes no part after it threw (blocks 1 and 2); every other thread runs the whole grid.
    for (int i = 0; i < 3 * 8; i++) CHECK(barriers[i] == (i == 8 + 3 || i == 16 + 3 ? 0 : 2));
    CHECK(exchange(dim3(2), dim3(64)));  // the fibers serve the next launch

    frnn::emu::inject_fault("launch:exchange_kernel", 0, cudaErrorLaunchFailure, false);
    std::vector<int64_t> out(4 * 16, -1);
    FRNN_LAUNCH_SYNC(1, 16, nullptr, exchange_kernel)(out.data());
    CHECK(cudaGetLastError() == cudaErrorLaunchFailure);
    CHECK(out[0] == -1);  // nothing ran
    CHECK(cudaGetLastError() == cudaSuccess);
    CHECK(exchange(dim3(1), dim3(16)));
}

void test_concurrent_launches() {
    std::vector<int> good(4, 0);
    std::vector<std::thread> callers;
    for (int c = 0; c < 4; c++) {
        callers.emplace_back([&good, c] {
            int ok = 1;
            for (int i = 0; i < 50; i++) ok &= exchange(dim3(1 + (c + i) % 3), dim3(32 + 32 * c)) ? 1 : 0;
            good[c] = ok;
        });
    }
    for (std::thread& t : callers) t.join();
    for (int c = 0; c < 4; c++) CHECK(good[c] == 1);
}

}  // namespace

int main() {
    test_barrier_semantics();
    test_big_frames();
    test_errors();
    test_concurrent_launches();
    return check::report("cuda_emu_launch_test");
}
