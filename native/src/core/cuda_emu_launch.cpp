// Kernel launches of the host emulation (see core/cuda_emu.h): threadIdx and friends, FRNN_LAUNCH,
// FRNN_LAUNCH_SYNC and __syncthreads.
//
// FRNN_LAUNCH runs the CUDA threads one after another on the calling thread. FRNN_LAUNCH_SYNC runs the
// CUDA threads of a block as fibers on the calling thread, each on a stack of its own, so every CUDA
// thread keeps its own locals across __syncthreads. __syncthreads switches back to the scheduler,
// which resumes the fibers in rounds: in one round, every fiber runs from the barrier it waits at to
// its next one (or to the end of the block), so no fiber passes barrier k before every fiber of the
// block has reached it. Fibers that finished the block wait until all have, then start the next block
// together (blocks run one at a time: the __shared__ arrays are static, one copy).
//
// A switch saves the callee-saved registers and swaps stack pointers (switch_stack below): no system
// call and no OS thread hand-off (ucontext's swapcontext makes a system call per switch: the emulation's
// ctest tests took 16 s with it, 1 s without). The stacks are mapped once and reused by later launches.
#include <sys/mman.h>
#include <unistd.h>

#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/cuda_emu.h"
#include "core/error.h"

// AddressSanitizer must be told of every switch between stacks, or it reports false stack errors.
#if defined(__SANITIZE_ADDRESS__)
#define FRNN_EMU_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FRNN_EMU_ASAN 1
#endif
#endif
#ifdef FRNN_EMU_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

#if !defined(__x86_64__)
#error "the CUDA host emulation switches fibers with x86-64 code (switch_stack); port it for this target"
#endif

// switch_stack(from, to): pushes rbp, rbx, r12-r15 (the registers a call must preserve, System V
// x86-64 ABI) on the current stack, stores the stack pointer in *from, loads `to` and pops the same
// registers from there, then returns to the code that switched away from `to` (or, for a new stack,
// to the address prepared below it). MXCSR and the x87 control word are shared by all fibers: the
// kernels never change them, so every fiber runs with the calling thread's floating-point modes.
extern "C" void frnn_emu_switch_stack(void** from, void* to);
asm(R"(
    .text
    .p2align 4
    .type frnn_emu_switch_stack, @function
frnn_emu_switch_stack:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size frnn_emu_switch_stack, .-frnn_emu_switch_stack
)");

constinit thread_local dim3 threadIdx;
constinit thread_local dim3 blockIdx;
constinit thread_local dim3 blockDim;
constinit thread_local dim3 gridDim;

namespace {

thread_local const char* current_kernel = nullptr;

dim3 coordinates(unsigned index, const dim3& extent) {
    return dim3(index % extent.x, index / extent.x % extent.y, index / (extent.x * extent.y));
}

unsigned volume(const dim3& d) { return d.x * d.y * d.z; }

// One mapped stack per fiber: kStackBytes usable above an inaccessible guard page, so an overflow
// faults instead of writing over the neighbouring stack. Pages are committed only when touched.
constexpr size_t kStackBytes = 256 * 1024;

class Stack {
public:
    Stack() {
        guard_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
        void* p = mmap(nullptr, guard_ + kStackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                       -1, 0);
        if (p == MAP_FAILED) FRNN_FAIL(FRNN_ERR_OUT_OF_MEMORY, "cannot map a %zu-byte stack for a CUDA thread", kStackBytes);
        base_ = static_cast<char*>(p);
        mprotect(base_, guard_, PROT_NONE);
    }
    ~Stack() { munmap(base_, guard_ + kStackBytes); }
    Stack(const Stack&) = delete;
    Stack& operator=(const Stack&) = delete;

    char* bottom() const { return base_ + guard_; }  // lowest usable address; the stack grows down to it

    // A stack pointer from which frnn_emu_switch_stack starts entry(): six zero registers (rbp = 0 ends
    // frame-pointer walks), entry's address for the `ret`, and a zero return address for entry itself;
    // entry then sees the stack as after a call (rsp + 8 a multiple of 16).
    void* start(void (*entry)()) const {
        auto* top = reinterpret_cast<uintptr_t*>(bottom() + kStackBytes);  // 16-byte aligned (page)
        top[-1] = 0;
        top[-2] = reinterpret_cast<uintptr_t>(entry);
        for (int r = 3; r <= 8; r++) top[-r] = 0;
        return top - 8;
    }

private:
    char* base_ = nullptr;
    size_t guard_ = 0;
};

enum class State { kRunning, kAtBarrier, kAtBlockEnd, kDone };

struct Fiber {
    void* sp = nullptr;  // its stack pointer while switched out
    Stack stack;
    dim3 thread;  // its threadIdx
    State state = State::kDone;
    void* fake_stack = nullptr;  // AddressSanitizer's record of the fiber's fake stack while switched out
};

// Runs FRNN_LAUNCH_SYNC launches (one at a time: the caller holds the launch mutex). The fibers and their
// stacks are kept for later launches, and the object for the whole process.
class Fibers {
public:
    void run(const frnn::emu::Launch& l, const std::function<void()>& body);
    void wait(State state);  // from a fiber: back to the scheduler until the next round

private:
    static void entry();
    void run_thread();
    void resume(unsigned i);

    std::vector<std::unique_ptr<Fiber>> fibers_;
    void* scheduler_sp_ = nullptr;
    unsigned current_ = 0, count_ = 0, blocks_ = 0;
    dim3 grid_;
    const std::function<void()>* body_ = nullptr;
    std::exception_ptr error_;
    const void* scheduler_stack_ = nullptr;  // the calling thread's stack, for AddressSanitizer
    size_t scheduler_stack_bytes_ = 0;
};

thread_local Fibers* active = nullptr;  // the fibers running on this thread, in a FRNN_LAUNCH_SYNC launch

Fibers& fibers() {
    static Fibers* f = new Fibers();  // never destroyed: the process may end with a launch under way
    return *f;
}

std::mutex& launch_mutex() {
    static std::mutex m;
    return m;
}

void Fibers::run(const frnn::emu::Launch& l, const std::function<void()>& body) {
    count_ = volume(l.block);
    while (fibers_.size() < count_) fibers_.push_back(std::make_unique<Fiber>());
    blocks_ = volume(l.grid);
    grid_ = l.grid;
    body_ = &body;
    error_ = nullptr;
    for (unsigned i = 0; i < count_; i++) {
        Fiber& f = *fibers_[i];
        f.sp = f.stack.start(&Fibers::entry);  // entry never returns
        f.thread = coordinates(i, l.block);
        f.state = State::kAtBarrier;
        f.fake_stack = nullptr;
    }
    active = this;
    // Each pass resumes the fibers waiting at a barrier; when none is (all finished the block, or the
    // kernel), those at the block's end start the next block.
    for (;;) {
        bool at_barrier = false, at_block_end = false;
        for (unsigned i = 0; i < count_; i++) {
            at_barrier |= fibers_[i]->state == State::kAtBarrier;
            at_block_end |= fibers_[i]->state == State::kAtBlockEnd;
        }
        const State next = at_barrier ? State::kAtBarrier : State::kAtBlockEnd;
        if (!at_barrier && !at_block_end) break;
        for (unsigned i = 0; i < count_; i++)
            if (fibers_[i]->state == next) resume(i);
    }
    active = nullptr;
    if (error_) std::rethrow_exception(error_);
}

void Fibers::resume(unsigned i) {
    Fiber& f = *fibers_[i];
    current_ = i;
    threadIdx = f.thread;
    f.state = State::kRunning;
#ifdef FRNN_EMU_ASAN
    void* fake_stack = nullptr;
    __sanitizer_start_switch_fiber(&fake_stack, f.stack.bottom(), kStackBytes);
#endif
    frnn_emu_switch_stack(&scheduler_sp_, f.sp);
#ifdef FRNN_EMU_ASAN
    __sanitizer_finish_switch_fiber(fake_stack, nullptr, nullptr);
#endif
}

void Fibers::wait(State state) {
    Fiber& f = *fibers_[current_];
    f.state = state;
#ifdef FRNN_EMU_ASAN
    // A finished fiber is never resumed: nullptr lets AddressSanitizer drop its fake stack.
    __sanitizer_start_switch_fiber(state == State::kDone ? nullptr : &f.fake_stack, scheduler_stack_,
                                   scheduler_stack_bytes_);
#endif
    frnn_emu_switch_stack(&f.sp, scheduler_sp_);
#ifdef FRNN_EMU_ASAN
    __sanitizer_finish_switch_fiber(f.fake_stack, &scheduler_stack_, &scheduler_stack_bytes_);
#endif
}

void Fibers::entry() {
    Fibers& self = *active;
#ifdef FRNN_EMU_ASAN
    __sanitizer_finish_switch_fiber(nullptr, &self.scheduler_stack_, &self.scheduler_stack_bytes_);
#endif
    self.run_thread();
    self.wait(State::kDone);  // does not return
}

// One CUDA thread, through every block. An exception ends this thread only (it no longer counts at the
// barriers); the others finish, then the launch rethrows the first one.
void Fibers::run_thread() {
    try {
        for (unsigned b = 0; b < blocks_; b++) {
            if (b > 0) wait(State::kAtBlockEnd);
            blockIdx = coordinates(b, grid_);
            (*body_)();
        }
    } catch (...) {
        if (!error_) error_ = std::current_exception();
    }
}

}  // namespace

void __syncthreads() {
    if (active == nullptr)
        FRNN_FAIL(FRNN_ERR_INTERNAL, "kernel %s called __syncthreads but was launched with FRNN_LAUNCH; launch it "
                  "with FRNN_LAUNCH_SYNC", current_kernel != nullptr ? current_kernel : "?");
    active->wait(State::kAtBarrier);
}

namespace frnn::emu {

void run(const Launch& l, const std::function<void()>& body) {
    std::lock_guard<std::mutex> serial(launch_mutex());
    const unsigned blocks = volume(l.grid), threads = volume(l.block);
    FRNN_REQUIRE(threads >= 1 && threads <= 1024, "kernel %s launched with %u threads per block; expected 1..1024",
                 l.name, threads);
    if (blocks == 0) return;
    if (const cudaError_t e = fault_for("launch", l.name)) {
        record_error(e);
        return;
    }
    current_kernel = l.name;
    gridDim = l.grid;
    blockDim = l.block;
    if (l.sync) {
        fibers().run(l, body);
        return;
    }
    for (unsigned b = 0; b < blocks; b++) {
        blockIdx = coordinates(b, l.grid);
        for (unsigned t = 0; t < threads; t++) {
            threadIdx = coordinates(t, l.block);
            body();
        }
    }
}

}  // namespace frnn::emu
