// A minimal test harness for the native tests: CHECK records a failure with its location and goes
// on, so one run reports every failure; main returns check_report(), nonzero when anything failed.
#pragma once

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cmath>

namespace check {

inline int& failures() {
    static int count = 0;
    return count;
}

inline bool record(bool ok, const char* file, int line, const char* text) {
    if (!ok) {
        ++failures();
        fprintf(stderr, "FAILED %s:%d: %s\n", file, line, text);
    }
    return ok;
}

// |got - want| in units of the float spacing just above |want| (its ulp; for subnormal values the
// subnormal spacing).
inline double ulp_distance(float got, float want) {
    const float a = std::fabs(want);
    const double spacing = static_cast<double>(std::nextafter(a, INFINITY)) - static_cast<double>(a);
    return std::fabs(static_cast<double>(got) - static_cast<double>(want)) / spacing;
}

// Same value for the special cases: both NaN, equal infinities, or zeros of the same sign.
inline bool same_special(float got, float want) {
    if (std::isnan(want)) return std::isnan(got);
    return got == want && std::signbit(got) == std::signbit(want);
}

inline int report(const char* name) {
    if (failures() == 0) {
        printf("%s: all checks passed\n", name);
        return 0;
    }
    fprintf(stderr, "%s: %d check(s) failed\n", name, failures());
    return 1;
}

}  // namespace check

#define CHECK(cond) ::check::record((cond), __FILE__, __LINE__, #cond)

// got within max_ulp units in the last place of want (exact match required for NaN, ±inf and ±0).
#define CHECK_ULP(got, want, max_ulp)                                                                  \
    do {                                                                                               \
        const float g_ = (got), w_ = (want);                                                           \
        const bool special_ = std::isnan(w_) || std::isinf(w_) || w_ == 0.0f;                          \
        const bool ok_ = special_ ? ::check::same_special(g_, w_) : ::check::ulp_distance(g_, w_) <= (max_ulp); \
        if (!::check::record(ok_, __FILE__, __LINE__, #got " ~ " #want))                               \
            fprintf(stderr, "    got %.9g, want %.9g (%.2f ulp, max %g)\n", (double)g_, (double)w_,        \
                    special_ ? 0.0 : ::check::ulp_distance(g_, w_), (double)(max_ulp));               \
    } while (0)

// A message contains a substring.
#define CHECK_CONTAINS(text, part)                                                                     \
    do {                                                                                               \
        const char* t_ = (text);                                                                       \
        if (!::check::record(t_ != nullptr && strstr(t_, (part)) != nullptr, __FILE__, __LINE__,       \
                             #text " contains \"" part "\""))                                          \
            fprintf(stderr, "    text: %s\n", t_ ? t_ : "(null)");                                     \
    } while (0)
