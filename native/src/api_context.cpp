// The frnn_cpu C ABI for contexts (see include/fusedrnn/frnn.h).
#include "core/context.h"
#include "core/error.h"
#include "core/isa.h"
#include "fusedrnn/frnn.h"

extern "C" {

frnn_status frnn_context_create(int num_threads, frnn_context** out) {
    return frnn::guarded("frnn_context_create", [&] {
        FRNN_REQUIRE(out != nullptr, "out is NULL; pass the address of a frnn_context* to receive the context");
        FRNN_REQUIRE(num_threads >= 0 && num_threads <= 1024,
                     "num_threads is %d; pass 1..1024, or 0 for FRNN_NUM_THREADS or all cores", num_threads);
        *out = nullptr;
        const char* isa_problem = frnn::cpu_isa_env_problem();
        FRNN_REQUIRE(isa_problem[0] == '\0', "%s", isa_problem);
        *out = new frnn_context(frnn::resolve_num_threads(num_threads));
    });
}

void frnn_context_destroy(frnn_context* ctx) { delete ctx; }

int frnn_context_num_threads(const frnn_context* ctx) { return ctx == nullptr ? -1 : ctx->num_threads; }

const char* frnn_cpu_isa(void) { return frnn::isa_name(frnn::cpu_isa()); }

}  // extern "C"
