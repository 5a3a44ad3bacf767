#include "core/context.h"

#include "core/fp_mode.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <new>

#include "core/error.h"

namespace frnn {

AlignedBuffer::~AlignedBuffer() { free(data_); }

float* AlignedBuffer::get(size_t n) {
    if (n > size_) {
        free(data_);
        data_ = nullptr;
        size_ = 0;
        const size_t bytes = ((n * sizeof(float) + 63) / 64) * 64;
        data_ = static_cast<float*>(aligned_alloc(64, bytes));
        if (data_ == nullptr) throw std::bad_alloc();
        size_ = bytes / sizeof(float);
    }
    return data_;
}

namespace {

// How long a waiter spins before it blocks: up to 50 us, longer than one recurrent step's work (1-100 us)
// but short next to a scheduler time slice. Adaptive per thread: a wait that ended in blocking halves the
// next spin (down to 1 us), a wait the spin caught doubles it, so on an oversubscribed machine (other
// processes, or more callers than cores) the threads soon stop burning cores on spinning.
constexpr int64_t kMaxSpinNs = 50000, kMinSpinNs = 1000;

inline void cpu_relax() { __builtin_ia32_pause(); }

}  // namespace

void spin_then_wait(const std::atomic<uint32_t>& word, uint32_t seen) {
    thread_local int64_t spin_ns = kMaxSpinNs;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 1;; i++) {
        if (word.load(std::memory_order_acquire) != seen) {
            spin_ns = std::min(kMaxSpinNs, spin_ns * 2);
            return;
        }
        cpu_relax();
        if (i % 64 == 0 && std::chrono::steady_clock::now() - start > std::chrono::nanoseconds(spin_ns)) break;
    }
    spin_ns = std::max(kMinSpinNs, spin_ns / 2);
    while (word.load(std::memory_order_acquire) == seen) word.wait(seen, std::memory_order_acquire);
}

void SpinBarrier::arrive_and_wait() {
    if (parties_ == 1) return;
    const uint32_t gen = generation_.load(std::memory_order_acquire);
    if (count_.fetch_add(1, std::memory_order_acq_rel) + 1 == parties_) {
        count_.store(0, std::memory_order_relaxed);
        generation_.fetch_add(1, std::memory_order_release);
        generation_.notify_all();
        return;
    }
    spin_then_wait(generation_, gen);
}

ThreadPool::~ThreadPool() { stop_workers(); }

void ThreadPool::run_job(void* fn, Trampoline call, bool some) {
    if (threads_ == 1) {
        call(fn, 0);
        return;
    }
    if (workers_.empty()) start_workers();
    job_fn_ = fn;
    job_call_ = call;
    pending_.store(threads_ - 1, std::memory_order_relaxed);
    const uint32_t generation = job_generation_.load(std::memory_order_relaxed) + 1;  // only this thread bumps it
    seat_generation_ = generation;
    seats_.store(threads_ - 1, std::memory_order_release);  // publishes the job to workers that take a seat
    const uint32_t done = done_generation_.load(std::memory_order_relaxed);
    job_generation_.store(generation, std::memory_order_release);
    job_generation_.notify_all();
    call(fn, 0);
    if (some) {
        // Close the job: workers that have not taken a seat skip it and no longer count as pending.
        const int skipped = seats_.exchange(0, std::memory_order_acq_rel);
        if (skipped > 0 && pending_.fetch_sub(skipped, std::memory_order_acq_rel) == skipped) return;
    }
    spin_then_wait(done_generation_, done);
}

// Starts threads_ - 1 workers, or none: if the system refuses a thread, the ones started are stopped again
// and the error propagates (the ABI reports it), leaving the pool as before.
void ThreadPool::start_workers() {
    const uint32_t generation = job_generation_.load(std::memory_order_acquire);
    try {
        workers_.reserve(threads_ - 1);
        for (int tid = 1; tid < threads_; tid++)
            workers_.emplace_back([this, tid, generation] { worker(tid, generation); });
    } catch (...) {
        stop_workers();
        throw;
    }
}

void ThreadPool::stop_workers() {
    if (workers_.empty()) return;
    stop_.store(true, std::memory_order_release);
    job_generation_.fetch_add(1, std::memory_order_release);
    job_generation_.notify_all();
    for (std::thread& t : workers_) t.join();
    workers_.clear();
    stop_.store(false, std::memory_order_release);
}

void ThreadPool::worker(int tid, uint32_t seen) {
    flush_subnormals_on_this_thread();   // only the kernels run here (core/fp_mode.h)
    for (;;) {
        spin_then_wait(job_generation_, seen);
        seen = job_generation_.load(std::memory_order_acquire);
        if (stop_.load(std::memory_order_acquire)) return;
        // Take a seat, unless the caller closed the job (run_some) before this worker got here.
        int free_seats = seats_.load(std::memory_order_acquire);
        while (free_seats > 0 &&
               !seats_.compare_exchange_weak(free_seats, free_seats - 1, std::memory_order_acq_rel))
            continue;
        if (free_seats <= 0) continue;
        seen = seat_generation_;  // the job taken may be newer than the wake-up: never take a second seat in it
        job_call_(job_fn_, tid);
        if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            done_generation_.fetch_add(1, std::memory_order_release);
            done_generation_.notify_all();
        }
    }
}

void StepTasks::reset(int64_t blocks) {
    if (blocks > capacity_) {
        claimed_ = std::make_unique<std::atomic<uint32_t>[]>(static_cast<size_t>(blocks));
        capacity_ = blocks;
    }
    blocks_ = blocks;
    for (int64_t b = 0; b < blocks; b++) claimed_[b].store(0, std::memory_order_relaxed);
    done_blocks_.store(0, std::memory_order_relaxed);
    done_tasks_.store(0, std::memory_order_relaxed);
}

void StepTasks::finish(uint32_t task, int64_t count) {
    if (count > 0) {
        // The last block of the task publishes it (the counter's read-modify-write chain carries every
        // block's writes to this thread, its release store to the waiters).
        const int64_t total = done_blocks_.fetch_add(count, std::memory_order_acq_rel) + count;
        if (total == (static_cast<int64_t>(task) + 1) * blocks_) {
            done_tasks_.store(task + 1, std::memory_order_release);
            done_tasks_.notify_all();
            return;
        }
    }
    for (;;) {
        const uint32_t seen = done_tasks_.load(std::memory_order_acquire);
        if (seen > task) return;
        spin_then_wait(done_tasks_, seen);
    }
}

Range split(int64_t units, int64_t grain, int tid, int n) {
    const int64_t blocks = (units + grain - 1) / grain;
    const int64_t per = blocks / n, extra = blocks % n;
    const int64_t b0 = tid * per + (tid < extra ? tid : extra);
    const int64_t b1 = b0 + per + (tid < extra ? 1 : 0);
    const int64_t begin = b0 * grain < units ? b0 * grain : units;
    const int64_t end = b1 * grain < units ? b1 * grain : units;
    return {begin, end};
}

int resolve_num_threads(int requested) {
    if (requested > 0) return requested;
    if (const char* env = getenv("FRNN_NUM_THREADS")) {
        char* end = nullptr;
        long n = strtol(env, &end, 10);
        FRNN_REQUIRE(end != env && *end == '\0' && n >= 1 && n <= 1024,
                     "FRNN_NUM_THREADS='%s' is not a thread count in [1, 1024]; unset it or fix it", env);
        return static_cast<int>(n);
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores >= 1 ? static_cast<int>(cores) : 1;
}

}  // namespace frnn
