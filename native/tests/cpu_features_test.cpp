// frnn_cpu_features agrees with the flags the Linux kernel reports in /proc/cpuinfo: each
// FRNN_CPU_* bit is set exactly when its named flag is listed (the kernel also lists only features
// whose register state the OS enables, as the detection checks).
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "check.h"
#include "fusedrnn/frnn.h"

namespace {

std::set<std::string> cpuinfo_flags() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("flags", 0) != 0) continue;  // "flags\t\t: fpu vme ..."
        std::istringstream words(line.substr(line.find(':') + 1));
        std::set<std::string> flags;
        for (std::string w; words >> w;) flags.insert(w);
        return flags;
    }
    return {};
}

}  // namespace

int main() {
    const std::set<std::string> flags = cpuinfo_flags();
    if (flags.empty()) {
        printf("cpu_features_test: /proc/cpuinfo has no flags line here; skipped\n");
        return 77;  // ctest SKIP_RETURN_CODE
    }
    const int mask = frnn_cpu_features();
    CHECK((mask & ~((1 << FRNN_CPU_FEATURE_BITS) - 1)) == 0);
    for (int i = 0; i < FRNN_CPU_FEATURE_BITS; ++i) {
        const char* name = frnn_cpu_feature_name(1 << i);
        if (!CHECK(name != nullptr)) continue;
        const bool detected = (mask & (1 << i)) != 0, listed = flags.count(name) != 0;
        if (!check::record(detected == listed, __FILE__, __LINE__, "detected == listed in /proc/cpuinfo"))
            fprintf(stderr, "    %s: detected %d, listed %d\n", name, detected, listed);
        printf("  %-12s %s\n", name, detected ? "yes" : "no");
    }
    return check::report("cpu_features_test");
}
