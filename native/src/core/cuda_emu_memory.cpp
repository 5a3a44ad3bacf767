// The host emulation's memory (see core/cuda_emu.h): cudaMalloc, the stream-ordered pool of
// cudaMallocAsync, pinned host memory, copies, synchronisation, and the counters tests read.
// Launches finish before they return, so every stream is always idle: stream order holds trivially
// and synchronising only applies the pool's release threshold.
#include <stdlib.h>
#include <string.h>

#include <atomic>
#include <map>
#include <mutex>

#include "core/cuda_emu.h"

namespace {

// A live device block: the bytes asked for (for cudaPointerGetAttributes and the limit) and, for a
// pool block, the rounded size it is cached under once freed.
struct Block {
    size_t bytes;
    size_t rounded;
    bool pooled;
};

// Device memory: live blocks by start address, the pool's cached blocks by rounded size. `used` counts
// everything taken from the device: live blocks and cached ones (as cudaMemGetInfo does on a GPU).
struct Memory {
    std::mutex mutex;
    std::map<uintptr_t, Block> blocks;
    std::multimap<size_t, void*> cached;
    size_t used = 0;
    size_t limit = 0;  // 0: no limit but the host's
    size_t pool_used = 0, pool_cached = 0;
    uint64_t release_threshold = 0;  // CUDA's default: give cached memory back at every synchronisation

    Memory() {
        if (const char* v = getenv("FRNN_CUDA_EMU_MEMORY_BYTES")) limit = strtoull(v, nullptr, 10);
    }

    // Frees cached blocks, largest first, until the pool holds at most `keep` bytes or nothing is cached.
    void trim(uint64_t keep) {
        while (!cached.empty() && pool_used + pool_cached > keep) {
            auto last = std::prev(cached.end());
            pool_cached -= last->first;
            used -= last->first;
            free(last->second);
            cached.erase(last);
        }
    }
};

Memory& memory() {
    static Memory* m = new Memory();
    return *m;
}

struct Counters {
    std::atomic<int64_t> copy_h2d{0}, sync{0}, malloc{0}, malloc_async{0}, pool_grow{0};
};

Counters& counters() {
    static Counters* c = new Counters();
    return *c;
}

// The only pool: the device's default one.
cudaMemPool_t const kDefaultPool = reinterpret_cast<cudaMemPool_t>(0x4);

size_t rounded_size(size_t bytes) { return bytes == 0 ? 256 : (bytes + 255) / 256 * 256; }

using frnn::emu::record_error;

// A new block of `rounded` bytes from the device, or nullptr when the limit (or the host) says no. With
// `reclaim`, cached pool blocks go back first when they are in the way.
void* take_from_device(Memory& m, size_t rounded, bool reclaim) {
    if (m.limit != 0 && rounded > m.limit - m.used && reclaim) m.trim(rounded > m.limit ? 0 : m.limit - rounded);
    if (m.limit != 0 && rounded > m.limit - m.used) return nullptr;
    void* q = aligned_alloc(256, rounded);
    if (q != nullptr) m.used += rounded;
    return q;
}

}  // namespace

namespace frnn::emu {

size_t memory_limit() { return memory().limit; }

int64_t count(const char* counter) {
    const Counters& c = counters();
    if (counter == nullptr) return -1;
    if (strcmp(counter, "copy_h2d") == 0) return c.copy_h2d.load();
    if (strcmp(counter, "sync") == 0) return c.sync.load();
    if (strcmp(counter, "malloc") == 0) return c.malloc.load();
    if (strcmp(counter, "malloc_async") == 0) return c.malloc_async.load();
    if (strcmp(counter, "pool_grow") == 0) return c.pool_grow.load();
    return -1;
}

}  // namespace frnn::emu

// ---- allocation
cudaError_t cudaMalloc(void** p, size_t bytes) {
    counters().malloc++;
    if (const cudaError_t e = frnn::emu::fault_for("malloc")) return record_error(e);
    Memory& m = memory();
    std::lock_guard<std::mutex> g(m.mutex);
    const size_t rounded = rounded_size(bytes);
    void* q = take_from_device(m, rounded, true);
    if (q == nullptr) return record_error(cudaErrorMemoryAllocation);
    m.blocks[reinterpret_cast<uintptr_t>(q)] = Block{bytes, rounded, false};
    *p = q;
    return cudaSuccess;
}

cudaError_t cudaMallocAsync(void** p, size_t bytes, cudaStream_t) {
    counters().malloc_async++;
    if (const cudaError_t e = frnn::emu::fault_for("malloc")) return record_error(e);
    Memory& m = memory();
    std::lock_guard<std::mutex> g(m.mutex);
    const size_t rounded = rounded_size(bytes);
    void* q = nullptr;
    auto hit = m.cached.find(rounded);
    if (hit != m.cached.end()) {
        q = hit->second;
        m.cached.erase(hit);
        m.pool_cached -= rounded;
    } else {
        counters().pool_grow++;
        q = take_from_device(m, rounded, true);
        if (q == nullptr) return record_error(cudaErrorMemoryAllocation);
    }
    m.pool_used += rounded;
    m.blocks[reinterpret_cast<uintptr_t>(q)] = Block{bytes, rounded, true};
    *p = q;
    return cudaSuccess;
}

// Frees a block now (cudaFree) or into the pool's cache (cudaFreeAsync of a pool block).
static cudaError_t release(void* p, bool to_cache) {
    if (p == nullptr) return cudaSuccess;
    Memory& m = memory();
    std::lock_guard<std::mutex> g(m.mutex);
    auto it = m.blocks.find(reinterpret_cast<uintptr_t>(p));
    if (it == m.blocks.end()) return record_error(cudaErrorInvalidDevicePointer);
    const Block b = it->second;
    m.blocks.erase(it);
    if (b.pooled) m.pool_used -= b.rounded;
    if (b.pooled && to_cache) {
        m.cached.emplace(b.rounded, p);
        m.pool_cached += b.rounded;
        return cudaSuccess;
    }
    m.used -= b.rounded;
    free(p);
    return cudaSuccess;
}

cudaError_t cudaFree(void* p) {
    counters().sync++;  // cudaFree waits for the device
    return release(p, false);
}

cudaError_t cudaFreeAsync(void* p, cudaStream_t) { return release(p, true); }

cudaError_t cudaGetDevice(int* device) {
    *device = 0;
    return cudaSuccess;
}

cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attr, int device) {
    if (device != 0 || attr != cudaDevAttrMemoryPoolsSupported) return record_error(cudaErrorInvalidValue);
    *value = 1;
    return cudaSuccess;
}

cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t* pool, int device) {
    if (device != 0) return record_error(cudaErrorInvalidValue);
    *pool = kDefaultPool;
    return cudaSuccess;
}

cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t pool, cudaMemPoolAttr attr, void* value) {
    if (pool != kDefaultPool || attr != cudaMemPoolAttrReleaseThreshold) return record_error(cudaErrorInvalidValue);
    Memory& m = memory();
    std::lock_guard<std::mutex> g(m.mutex);
    m.release_threshold = *static_cast<const uint64_t*>(value);
    return cudaSuccess;
}

cudaError_t cudaMemPoolGetAttribute(cudaMemPool_t pool, cudaMemPoolAttr attr, void* value) {
    if (pool != kDefaultPool) return record_error(cudaErrorInvalidValue);
    Memory& m = memory();
    std::lock_guard<std::mutex> g(m.mutex);
    uint64_t& out = *static_cast<uint64_t*>(value);
    switch (attr) {
        case cudaMemPoolAttrReleaseThreshold: out = m.release_threshold; return cudaSuccess;
        case cudaMemPoolAttrReservedMemCurrent: out = m.pool_used + m.pool_cached; return cudaSuccess;
        case cudaMemPoolAttrUsedMemCurrent: out = m.pool_used; return cudaSuccess;
    }
    return record_error(cudaErrorInvalidValue);
}

cudaError_t cudaMemPoolTrimTo(cudaMemPool_t pool, size_t min_bytes_to_keep) {
    if (pool != kDefaultPool) return record_error(cudaErrorInvalidValue);
    Memory& m = memory();
    std::lock_guard<std::mutex> g(m.mutex);
    m.trim(min_bytes_to_keep);
    return cudaSuccess;
}

cudaError_t cudaMemGetInfo(size_t* free_bytes, size_t* total_bytes) {
    Memory& m = memory();
    std::lock_guard<std::mutex> g(m.mutex);
    *total_bytes = m.limit != 0 ? m.limit : SIZE_MAX;
    *free_bytes = m.limit != 0 ? m.limit - m.used : SIZE_MAX;
    return cudaSuccess;
}

cudaError_t cudaPointerGetAttributes(cudaPointerAttributes* a, const void* p) {
    Memory& m = memory();
    std::lock_guard<std::mutex> g(m.mutex);
    memset(a, 0, sizeof *a);
    const uintptr_t x = reinterpret_cast<uintptr_t>(p);
    auto it = m.blocks.upper_bound(x);
    if (it != m.blocks.begin()) {
        --it;
        if (x < it->first + (it->second.bytes == 0 ? 1 : it->second.bytes)) {
            a->type = cudaMemoryTypeDevice;
            a->devicePointer = const_cast<void*>(p);
            return cudaSuccess;
        }
    }
    a->type = cudaMemoryTypeUnregistered;
    a->hostPointer = const_cast<void*>(p);
    return cudaSuccess;
}

cudaError_t cudaHostAlloc(void** p, size_t bytes, unsigned) {
    *p = malloc(bytes == 0 ? 1 : bytes);
    return *p != nullptr ? cudaSuccess : record_error(cudaErrorMemoryAllocation);
}

cudaError_t cudaFreeHost(void* p) {
    free(p);
    return cudaSuccess;
}

// ---- copies and synchronisation
cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind, cudaStream_t) {
    if (kind < cudaMemcpyHostToHost || kind > cudaMemcpyDefault) return record_error(cudaErrorInvalidMemcpyDirection);
    if (const cudaError_t e = frnn::emu::fault_for("copy")) return record_error(e);
    if (kind == cudaMemcpyHostToDevice) counters().copy_h2d++;
    if (bytes > 0) memmove(dst, src, bytes);
    return cudaSuccess;
}

cudaError_t cudaMemcpy(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind) {
    counters().sync++;  // returns when the copy (and the legacy stream's earlier work) is done
    return cudaMemcpyAsync(dst, src, bytes, kind, cudaStreamLegacy);
}

cudaError_t cudaMemsetAsync(void* p, int value, size_t bytes, cudaStream_t) {
    if (const cudaError_t e = frnn::emu::fault_for("copy")) return record_error(e);
    if (bytes > 0) memset(p, value, bytes);
    return cudaSuccess;
}

// A synchronisation: counted, the pool gives back what it holds above its release threshold.
static cudaError_t synchronise() {
    counters().sync++;
    if (const cudaError_t e = frnn::emu::fault_for("sync")) return record_error(e);
    Memory& m = memory();
    std::lock_guard<std::mutex> g(m.mutex);
    m.trim(m.release_threshold);
    return cudaSuccess;
}

cudaError_t cudaStreamSynchronize(cudaStream_t) { return synchronise(); }
cudaError_t cudaDeviceSynchronize() { return synchronise(); }
