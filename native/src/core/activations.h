// Element-wise activations: the single C++ home of their math, used by host and device code.
// Mirrors dev.fusedrnn.Activation (apply and derivative) exactly, evaluated in float32; the ids are
// frnn.h's frnn_activation values, equal to the Java enum's ordinals.
//
// Clipping is written with comparisons, not fminf/fmaxf, so that NaN propagates as it does through
// Java's Math.min/Math.max.
#pragma once

#include <math.h>

#include "fusedrnn/frnn.h"
#include "hd.h"

namespace frnn {

// Number of element-wise activation ids (0 .. kActivationCount - 1), SOFTMAX excluded.
constexpr int kActivationCount = FRNN_ACT_HARD_SIGMOID_KERAS3 + 1;

FRNN_HD inline bool is_elementwise_activation(int activation) {
    return activation >= 0 && activation < kActivationCount;
}

FRNN_HD inline float clip01(float v) { return v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v); }

// The logistic function in the form that never overflows: exp is only taken of a value <= 0.
FRNN_HD inline float sigmoid(float x) {
    if (x >= 0.0f) return 1.0f / (1.0f + expf(-x));
    float e = expf(x);
    return e / (1.0f + e);
}

// f(x) for a valid activation id (callers check with is_elementwise_activation first; an invalid id
// gives NaN rather than undefined behaviour, since device code cannot report errors).
FRNN_HD inline float activation_forward(int activation, float x) {
    switch (activation) {
        case FRNN_ACT_LINEAR: return x;
        case FRNN_ACT_TANH: return tanhf(x);
        case FRNN_ACT_SIGMOID: return sigmoid(x);
        case FRNN_ACT_RELU: return x > 0.0f ? x : 0.0f;
        case FRNN_ACT_HARD_SIGMOID_KERAS2: return clip01(0.2f * x + 0.5f);
        case FRNN_ACT_HARD_SIGMOID_KERAS3: return clip01(x / 6.0f + 0.5f);
        default: return NAN;
    }
}

// f'(x) given the input x and the output y = f(x). At the kinks of relu and the hard sigmoids the
// derivative is 0 outside the open linear region, as in Activation.derivative.
FRNN_HD inline float activation_derivative(int activation, float x, float y) {
    switch (activation) {
        case FRNN_ACT_LINEAR: return 1.0f;
        case FRNN_ACT_TANH: return 1.0f - y * y;
        case FRNN_ACT_SIGMOID: return y * (1.0f - y);
        case FRNN_ACT_RELU: return x > 0.0f ? 1.0f : 0.0f;
        case FRNN_ACT_HARD_SIGMOID_KERAS2: return (x > -2.5f && x < 2.5f) ? 0.2f : 0.0f;
        case FRNN_ACT_HARD_SIGMOID_KERAS3: return (x > -3.0f && x < 3.0f) ? 1.0f / 6.0f : 0.0f;
        default: return NAN;
    }
}

// Java enum constant names by id, for error messages.
inline const char* activation_name(int activation) {
    static const char* const names[kActivationCount] = {
        "LINEAR", "TANH", "SIGMOID", "RELU", "HARD_SIGMOID_KERAS2", "HARD_SIGMOID_KERAS3"};
    return is_elementwise_activation(activation) ? names[activation] : "unknown";
}

}  // namespace frnn
