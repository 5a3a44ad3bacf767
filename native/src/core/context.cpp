#include "core/context.h"

#include <stdlib.h>
#include <unistd.h>

#include "core/error.h"

namespace frnn {

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
