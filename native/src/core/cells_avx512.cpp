// The cells' pointwise row loops (<cell>/<cell>.h) instantiated for the AVX-512 policy. Compiled with
// the AVX-512 flags; the tables are read only after cpu_isa() chose avx512.
#include "core/simd_avx512.h"
#include "gru/gru.h"
#include "lstm/lstm.h"
#include "simple_rnn/simple_rnn.h"

namespace frnn {
const simple_rnn::RowFns simple_rnn::kRowsAvx512 = simple_rnn::row_fns<Avx512Policy>();
const lstm::RowFns lstm::kRowsAvx512 = lstm::row_fns<Avx512Policy>();
const gru::RowFns gru::kRowsAvx512 = gru::row_fns<Avx512Policy>();
}  // namespace frnn
