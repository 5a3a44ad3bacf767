// The cells' pointwise row loops (<cell>/<cell>.h) instantiated for the AVX2+FMA policy. Compiled with
// the AVX2 flags; the tables are read only after cpu_isa() chose avx2.
#include "core/simd_avx2.h"
#include "gru/gru.h"
#include "lstm/lstm.h"
#include "simple_rnn/simple_rnn.h"

namespace frnn {
const simple_rnn::RowFns simple_rnn::kRowsAvx2 = simple_rnn::row_fns<Avx2Policy>();
const lstm::RowFns lstm::kRowsAvx2 = lstm::row_fns<Avx2Policy>();
const gru::RowFns gru::kRowsAvx2 = gru::row_fns<Avx2Policy>();
}  // namespace frnn
