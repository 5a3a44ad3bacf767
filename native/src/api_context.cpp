// The frnn_cpu C ABI for contexts (see include/fusedrnn/frnn.h).
#include "core/context.h"
#include "core/error.h"
#include "fusedrnn/frnn.h"

extern "C" {

frnn_status frnn_context_create(int num_threads, frnn_context** out) {
    return frnn::guarded("frnn_context_create", [&] {
        FRNN_REQUIRE(out != nullptr, "out is NULL; pass the address of a frnn_context* to receive the context");
        FRNN_REQUIRE(num_threads >= 0, "num_threads is %d; pass >= 1, or 0 for FRNN_NUM_THREADS or all cores", num_threads);
        *out = nullptr;
        frnn_context* ctx = new frnn_context();
        ctx->num_threads = frnn::resolve_num_threads(num_threads);
        *out = ctx;
    });
}

void frnn_context_destroy(frnn_context* ctx) { delete ctx; }

int frnn_context_num_threads(const frnn_context* ctx) { return ctx == nullptr ? -1 : ctx->num_threads; }

const char* frnn_cpu_isa(void) { return "scalar"; }

}  // extern "C"
