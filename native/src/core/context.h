// frnn_context: what one caller's calls share — the ISA path, a pool of persistent worker threads and
// workspaces that grow to the largest size asked for and are then reused, so steady-state calls
// allocate nothing.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <type_traits>
#include <vector>

#include "core/isa.h"
#include "fusedrnn/frnn.h"

namespace frnn {

// A growable float buffer aligned to 64 bytes (one cache line, one zmm register). Growing discards the
// old contents.
class AlignedBuffer {
public:
    AlignedBuffer() = default;
    AlignedBuffer(const AlignedBuffer&) = delete;
    AlignedBuffer& operator=(const AlignedBuffer&) = delete;
    ~AlignedBuffer();
    float* get(size_t n);  // at least n floats

private:
    float* data_ = nullptr;
    size_t size_ = 0;
};

// A spin-then-block barrier for the participants of one ThreadPool::run. Waiters spin briefly (a
// barrier between two busy cores costs well under a microsecond) and then sleep on a futex, so an
// oversubscribed machine does not burn its cores on spinning threads.
class SpinBarrier {
public:
    explicit SpinBarrier(int parties) : parties_(parties) {}
    void arrive_and_wait();

private:
    const int parties_;
    alignas(64) std::atomic<int> count_{0};
    alignas(64) std::atomic<uint32_t> generation_{0};
};

// Waits until `word` differs from `seen`: spins first, then blocks in std::atomic::wait.
void spin_then_wait(const std::atomic<uint32_t>& word, uint32_t seen);

// Persistent workers: run(fn) calls fn(tid) for tid = 0 .. size()-1, tid 0 on the calling thread, and
// returns when every call has returned. The workers start on the first run and live until the pool
// is destroyed; between runs they spin briefly and then sleep. fn must not throw.
class ThreadPool {
public:
    explicit ThreadPool(int threads) : threads_(threads), barrier_(threads) {}
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;
    ~ThreadPool();

    int size() const { return threads_; }

    template <class F>
    void run(F&& fn) {
        run_job(&fn, [](void* f, int tid) { (*static_cast<std::remove_reference_t<F>*>(f))(tid); }, false);
    }

    // Like run, but a worker that has not started fn by the time the caller's fn(0) returns skips it: for
    // jobs whose work any participant may take (StepTasks) and that use no barrier. On a machine with more
    // runnable threads than cores the caller so never waits for a worker the system has not scheduled yet.
    template <class F>
    void run_some(F&& fn) {
        run_job(&fn, [](void* f, int tid) { (*static_cast<std::remove_reference_t<F>*>(f))(tid); }, true);
    }

    // Inside run: waits until every participant has arrived.
    void barrier() { barrier_.arrive_and_wait(); }

private:
    using Trampoline = void (*)(void*, int);
    void run_job(void* fn, Trampoline call, bool some);
    void start_workers();
    void stop_workers();
    void worker(int tid, uint32_t seen_generation);

    const int threads_;
    SpinBarrier barrier_;
    std::vector<std::thread> workers_;
    void* job_fn_ = nullptr;
    Trampoline job_call_ = nullptr;
    alignas(64) std::atomic<uint32_t> job_generation_{0};
    alignas(64) std::atomic<int> pending_{0};  // workers yet to finish (or to be skipped) the current job
    alignas(64) std::atomic<int> seats_{0};    // workers that may still join the current job
    uint32_t seat_generation_ = 0;             // the job_generation_ of the job whose seats those are
    alignas(64) std::atomic<uint32_t> done_generation_{0};
    std::atomic<bool> stop_{false};
};

// The steps of a recurrent loop as tasks over unit blocks that any participant of a ThreadPool::run may
// compute: run(task, ...) claims blocks one at a time (the thread's own range first, then any block still
// unclaimed, from the back) and returns once every block of the task is done, by whichever thread. A
// thread that the system deschedules (more runnable threads than cores) so delays a step by at most the
// block it holds, and catches up without a barrier holding the others back. Tasks run in the order
// 0, 1, 2, ...; a block's result must not depend on the thread that computes it.
class StepTasks {
public:
    StepTasks() = default;
    StepTasks(const StepTasks&) = delete;
    StepTasks& operator=(const StepTasks&) = delete;

    // Before a ThreadPool::run: `blocks` per task, none claimed.
    void reset(int64_t blocks);

    // Calls f(b) for the blocks of `task` this thread claims; own blocks are [own_begin, own_end).
    template <class F>
    void run(uint32_t task, int64_t own_begin, int64_t own_end, F&& f) {
        int64_t count = 0;
        for (int64_t b = own_begin; b < own_end; b++) {
            if (claim(b, task)) {
                f(b);
                count++;
            }
        }
        for (int64_t b = blocks_ - 1; b >= 0; b--) {
            if ((b < own_begin || b >= own_end) && claim(b, task)) {
                f(b);
                count++;
            }
        }
        finish(task, count);
    }

private:
    bool claim(int64_t b, uint32_t task) {
        uint32_t expected = task;
        return claimed_[b].load(std::memory_order_relaxed) == task &&
               claimed_[b].compare_exchange_strong(expected, task + 1, std::memory_order_acq_rel);
    }
    void finish(uint32_t task, int64_t count);  // counts this thread's blocks, waits for the whole task

    int64_t blocks_ = 0, capacity_ = 0;
    std::unique_ptr<std::atomic<uint32_t>[]> claimed_;  // per block: tasks claimed so far
    alignas(64) std::atomic<int64_t> done_blocks_{0};   // blocks finished, all tasks together
    alignas(64) std::atomic<uint32_t> done_tasks_{0};   // tasks finished
};

// Work split for thread tid of n over `units` items in blocks of `grain`: the half-open item range
// [begin, end), block-aligned, as even as possible (every thread gets whole blocks).
struct Range {
    int64_t begin, end;
};
Range split(int64_t units, int64_t grain, int tid, int n);

}  // namespace frnn

struct frnn_context {
    explicit frnn_context(int threads) : num_threads(threads), isa(frnn::cpu_isa()), pool(threads) {}

    int num_threads = 1;
    frnn::Isa isa;
    frnn::ThreadPool pool;

    // General scratch for kernels that call no other kernel using it: at least n floats, valid until the
    // next call that asks for scratch. The GEMM and the recurrent drivers keep their own buffers below.
    float* scratch(size_t n) { return scratch_.get(n); }

    frnn::AlignedBuffer rnn_workspace;                 // the recurrent drivers' per-call buffers
    frnn::StepTasks step_tasks;                        // the recurrent drivers' time loops
    frnn::AlignedBuffer packed_weights;                // weights packed for a micro-kernel, per call
    std::vector<std::unique_ptr<frnn::AlignedBuffer>> gemm_packs;  // one per thread: GEMM panels

private:
    frnn::AlignedBuffer scratch_;
};

namespace frnn {

// The thread count for a requested one: n >= 1 as is; 0 from FRNN_NUM_THREADS or the available cores.
int resolve_num_threads(int requested);

}  // namespace frnn
