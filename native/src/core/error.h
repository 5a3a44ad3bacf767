// Errors inside the native libraries: thrown as frnn::Error with a status and a message that names
// the source location, caught at the ABI by frnn::guarded and turned into a frnn_status plus the
// calling thread's last error. Nothing here exits or lets an exception cross the C ABI.
#pragma once

#include <stdarg.h>
#include <stdio.h>

#include <exception>
#include <new>
#include <string>
#include <utility>

#include "fusedrnn/frnn.h"

namespace frnn {

class Error : public std::exception {
public:
    Error(frnn_status status, std::string message) : status_(status), message_(std::move(message)) {}
    frnn_status status() const noexcept { return status_; }
    const char* what() const noexcept override { return message_.c_str(); }

private:
    frnn_status status_;
    std::string message_;
};

// printf-style formatting into a std::string (messages are short; two passes keep it simple).
__attribute__((format(printf, 1, 2))) inline std::string format(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    va_list copy;
    va_copy(copy, args);
    int size = vsnprintf(nullptr, 0, fmt, copy);
    va_end(copy);
    std::string out(size > 0 ? static_cast<size_t>(size) : 0, '\0');
    if (size > 0) vsnprintf(&out[0], out.size() + 1, fmt, args);
    va_end(args);
    return out;
}

// The calling thread's last error of this shared library. Each library compiles its own copy (the
// symbol is hidden), so frnn_cpu and frnn_cuda keep separate last errors.
inline std::string& last_error_slot() {
    thread_local std::string message;
    return message;
}

// Runs body() and maps its outcome to a status, recording the message as the last error. `function` is
// the ABI function name, which prefixes the message.
template <class Body>
frnn_status guarded(const char* function, Body&& body) noexcept {
    std::string& slot = last_error_slot();
    try {
        body();
        slot.clear();
        return FRNN_OK;
    } catch (const Error& e) {
        slot = std::string(function) + ": " + e.what();
        return e.status();
    } catch (const std::bad_alloc&) {
        slot = std::string(function) + ": out of host memory; free memory or use smaller inputs";
        return FRNN_ERR_OUT_OF_MEMORY;
    } catch (const std::exception& e) {
        slot = std::string(function) + ": unexpected internal error: " + e.what();
        return FRNN_ERR_INTERNAL;
    } catch (...) {
        slot = std::string(function) + ": unexpected internal error (unknown exception)";
        return FRNN_ERR_INTERNAL;
    }
}

}  // namespace frnn

#define FRNN_STRINGIFY_(x) #x
#define FRNN_STRINGIFY(x) FRNN_STRINGIFY_(x)

// Throws frnn::Error(status, formatted message + " [file:line]"). __FILE__ is relative to the source
// tree (the build maps the tree's absolute prefix away).
#define FRNN_FAIL(status, ...) \
    throw ::frnn::Error((status), ::frnn::format(__VA_ARGS__) + " [" __FILE__ ":" FRNN_STRINGIFY(__LINE__) "]")

// Argument check: FRNN_ERR_ARGUMENT with the message when cond is false.
#define FRNN_REQUIRE(cond, ...)                              \
    do {                                                     \
        if (!(cond)) FRNN_FAIL(FRNN_ERR_ARGUMENT, __VA_ARGS__); \
    } while (0)
