// frnn_activation_forward against hand-computed values, plus the derivatives of core/activations.h.
//
// Expected values are the exact function values (computed to 40 digits and written to ~17) rounded
// to float: 0.5 ulp away from the truth. Error bounds, in ulp of the result:
//  - linear, relu: exact (no arithmetic).
//  - tanh: glibc's tanhf is within 2 ulp; with the expected value's rounding, 2.5 -> allow 3.
//  - sigmoid: expf within 1 ulp (it scales the result's relative error by at most e/(1+e) <= 1), one
//    addition and one division of 0.5 ulp each, and the expected rounding: 2.5 -> allow 3.
//  - hard sigmoids: 0.2f or the division by 6, one product and one sum, each rounding at most 2^-25
//    absolute for magnitudes below 1; the chosen inputs give results in [0.25, 1], where an ulp is
//    at least 2^-25, so at most 3 ulp with the expected rounding.
#include <math.h>

#include <vector>

#include "check.h"
#include "core/activations.h"
#include "fusedrnn/frnn.h"

namespace {

struct Case {
    int activation;
    float x;
    float want;
    double max_ulp;
};

const Case kCases[] = {
    {FRNN_ACT_LINEAR, -7.25f, -7.25f, 0},
    {FRNN_ACT_LINEAR, 3.0e30f, 3.0e30f, 0},
    {FRNN_ACT_TANH, 0.5f, 0.46211715726000976f, 3},
    {FRNN_ACT_TANH, -3.0f, -0.99505475368673045f, 3},
    {FRNN_ACT_TANH, 0.0009765625f, 0.00097656218955926022f, 3},
    {FRNN_ACT_TANH, 8.0f, 0.99999977492967589f, 3},
    {FRNN_ACT_TANH, 20.0f, 1.0f, 3},
    {FRNN_ACT_SIGMOID, 1.0f, 0.73105857863000488f, 3},
    {FRNN_ACT_SIGMOID, -1.0f, 0.26894142136999512f, 3},
    {FRNN_ACT_SIGMOID, 4.5f, 0.98901305736940682f, 3},
    {FRNN_ACT_SIGMOID, -20.0f, 2.0611536181902036e-9f, 3},
    {FRNN_ACT_SIGMOID, -100.0f, 3.7200759760208360e-44f, 3},  // subnormal result: no overflow, no flush
    {FRNN_ACT_SIGMOID, 200.0f, 1.0f, 3},
    {FRNN_ACT_RELU, -2.0f, 0.0f, 0},
    {FRNN_ACT_RELU, 3.5f, 3.5f, 0},
    {FRNN_ACT_HARD_SIGMOID_KERAS2, 1.0f, 0.7f, 3},     // 0.2 + 0.5
    {FRNN_ACT_HARD_SIGMOID_KERAS2, -1.0f, 0.3f, 3},    // -0.2 + 0.5
    {FRNN_ACT_HARD_SIGMOID_KERAS2, 2.0f, 0.9f, 3},
    {FRNN_ACT_HARD_SIGMOID_KERAS2, 2.5f, 1.0f, 3},     // upper kink
    {FRNN_ACT_HARD_SIGMOID_KERAS2, -2.5f, 0.0f, 0},    // lower kink: 0.2f * -2.5f + 0.5f rounds to 0 exactly
    {FRNN_ACT_HARD_SIGMOID_KERAS2, -3.0f, 0.0f, 0},    // clipped
    {FRNN_ACT_HARD_SIGMOID_KERAS2, 3.0f, 1.0f, 0},     // clipped
    {FRNN_ACT_HARD_SIGMOID_KERAS3, 1.5f, 0.75f, 3},    // 1.5/6 + 0.5
    {FRNN_ACT_HARD_SIGMOID_KERAS3, -1.5f, 0.25f, 3},
    {FRNN_ACT_HARD_SIGMOID_KERAS3, 2.0f, 0.83333333333333333f, 3},
    {FRNN_ACT_HARD_SIGMOID_KERAS3, -3.0f, 0.0f, 0},    // lower kink: -3/6 + 0.5 is exactly 0
    {FRNN_ACT_HARD_SIGMOID_KERAS3, 6.0f, 1.0f, 0},     // clipped
    {FRNN_ACT_HARD_SIGMOID_KERAS3, -6.0f, 0.0f, 0},    // clipped
};

// One call over all inputs of one activation, to exercise the array path as well as the values.
void check_hand_computed() {
    for (int a = 0; a <= FRNN_ACT_HARD_SIGMOID_KERAS3; ++a) {
        std::vector<float> x, want, got;
        std::vector<double> tolerance;
        for (const Case& c : kCases) {
            if (c.activation != a) continue;
            x.push_back(c.x);
            want.push_back(c.want);
            tolerance.push_back(c.max_ulp);
        }
        CHECK(!x.empty());
        got.assign(x.size(), -12345.0f);
        CHECK(frnn_activation_forward(a, static_cast<int64_t>(x.size()), x.data(), got.data()) == FRNN_OK);
        for (size_t i = 0; i < x.size(); ++i) CHECK_ULP(got[i], want[i], tolerance[i]);
    }
}

// Non-finite inputs follow Activation.java: NaN stays NaN except relu (NaN > 0 is false: 0); the
// hard sigmoids clip infinities; ±0 keeps its sign where Java's does.
void check_special_values() {
    const float inf = INFINITY, nan = NAN;
    struct Special { int activation; float x, want; };
    const Special specials[] = {
        {FRNN_ACT_LINEAR, nan, nan},        {FRNN_ACT_LINEAR, -0.0f, -0.0f},
        {FRNN_ACT_TANH, nan, nan},          {FRNN_ACT_TANH, inf, 1.0f},      {FRNN_ACT_TANH, -inf, -1.0f},
        {FRNN_ACT_TANH, -0.0f, -0.0f},      {FRNN_ACT_SIGMOID, nan, nan},    {FRNN_ACT_SIGMOID, inf, 1.0f},
        {FRNN_ACT_SIGMOID, -inf, 0.0f},     {FRNN_ACT_RELU, nan, 0.0f},      {FRNN_ACT_RELU, -0.0f, 0.0f},
        {FRNN_ACT_RELU, inf, inf},          {FRNN_ACT_RELU, -inf, 0.0f},
        {FRNN_ACT_HARD_SIGMOID_KERAS2, nan, nan}, {FRNN_ACT_HARD_SIGMOID_KERAS2, inf, 1.0f},
        {FRNN_ACT_HARD_SIGMOID_KERAS2, -inf, 0.0f}, {FRNN_ACT_HARD_SIGMOID_KERAS3, nan, nan},
        {FRNN_ACT_HARD_SIGMOID_KERAS3, inf, 1.0f}, {FRNN_ACT_HARD_SIGMOID_KERAS3, -inf, 0.0f},
    };
    for (const Special& s : specials) {
        float y = 12345.0f;
        CHECK(frnn_activation_forward(s.activation, 1, &s.x, &y) == FRNN_OK);
        CHECK_ULP(y, s.want, 0);
    }
}

// y == x is allowed and gives the same values as separate arrays.
void check_in_place() {
    std::vector<float> x = {-4.0f, -1.0f, -0.25f, 0.0f, 0.25f, 1.0f, 4.0f};
    std::vector<float> separate(x.size());
    CHECK(frnn_activation_forward(FRNN_ACT_TANH, 7, x.data(), separate.data()) == FRNN_OK);
    CHECK(frnn_activation_forward(FRNN_ACT_TANH, 7, x.data(), x.data()) == FRNN_OK);
    for (size_t i = 0; i < x.size(); ++i) CHECK_ULP(x[i], separate[i], 0);
}

// activation_derivative mirrors Activation.derivative(x, y); these are its defining formulas at
// points where each is exact in float, including the kinks (0 outside the open linear region).
void check_derivatives() {
    using frnn::activation_derivative;
    CHECK(activation_derivative(FRNN_ACT_LINEAR, 5.0f, 5.0f) == 1.0f);
    CHECK(activation_derivative(FRNN_ACT_TANH, 0.0f, 0.5f) == 0.75f);      // 1 - y^2
    CHECK(activation_derivative(FRNN_ACT_SIGMOID, 0.0f, 0.5f) == 0.25f);   // y (1 - y)
    CHECK(activation_derivative(FRNN_ACT_RELU, 0.0f, 0.0f) == 0.0f);
    CHECK(activation_derivative(FRNN_ACT_RELU, 1.0f, 1.0f) == 1.0f);
    CHECK(activation_derivative(FRNN_ACT_HARD_SIGMOID_KERAS2, 2.4f, 0.98f) == 0.2f);
    CHECK(activation_derivative(FRNN_ACT_HARD_SIGMOID_KERAS2, 2.5f, 1.0f) == 0.0f);
    CHECK(activation_derivative(FRNN_ACT_HARD_SIGMOID_KERAS2, -2.5f, 0.0f) == 0.0f);
    CHECK(activation_derivative(FRNN_ACT_HARD_SIGMOID_KERAS3, 2.9f, 0.98f) == 1.0f / 6.0f);
    CHECK(activation_derivative(FRNN_ACT_HARD_SIGMOID_KERAS3, -3.0f, 0.0f) == 0.0f);
    CHECK(activation_derivative(FRNN_ACT_HARD_SIGMOID_KERAS3, 3.0f, 1.0f) == 0.0f);
}

}  // namespace

int main() {
    check_hand_computed();
    check_special_values();
    check_in_place();
    check_derivatives();
    return check::report("activation_test");
}
