package dev.fusedrnn.cli.parity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layer runner's plumbing and error computation, against {@link FakeBackend}, which answers with
 * each case's own reference values and records any call that differs from what the case prescribes.
 */
class LayerCaseRunnerTest {
    private static final List<ParityCase> CASES = ParityCases.loadBundled().stream()
            .filter(c -> c.kind() == ParityCase.Kind.LAYER).toList();

    @Test
    void everyLayerCaseIsPassedToTheBackendAsItsFileSays() {
        FakeBackend fake = new FakeBackend(CASES, true);
        ParityRunner runner = new ParityRunner(null);
        for (ParityCase c : CASES) {
            ParityResult r = runner.run(c, fake);
            assertEquals(ParityResult.Status.PASS, r.status(), c.name() + ": " + r);
            // the reference values come back unchanged, so every error is exactly zero
            for (Map.Entry<String, Double> e : r.errors().entrySet()) assertEquals(0.0, e.getValue(), c.name() + " " + e.getKey());
        }
        assertEquals(List.of(), fake.problems);
        assertEquals(94, CASES.size(), "9 reference and 85 generated layer cases");
    }

    @Test
    void comparesEveryTensorTheCaseDefines() {
        FakeBackend fake = new FakeBackend(CASES, true);
        for (ParityCase c : CASES) {
            Map<String, Double> errors = LayerCaseRunner.run(c, fake);
            boolean lstm = c.cell() == dev.fusedrnn.backend.CellType.LSTM;
            boolean given = c.options().initialStateGiven();
            int expected = 6 + (lstm ? 1 : 0) + (given ? 1 : 0) + (given && lstm ? 1 : 0);
            assertEquals(expected, errors.size(), c.name() + " " + errors.keySet());
            assertTrue(errors.keySet().containsAll(List.of("output", "last_h", "d_x", "d_kernel", "d_recurrent_kernel", "d_bias")));
        }
    }

    @Test
    void float32RoundingStaysFarBelowTheFloat32Bound() {
        FakeBackend fake = new FakeBackend(CASES, false);
        ParityRunner runner = new ParityRunner(null);
        double worst = 0;
        for (ParityCase c : CASES) {
            ParityResult r = runner.run(c, fake);
            assertEquals(ParityResult.Status.PASS, r.status(), c.name() + ": " + r);
            assertEquals(Tolerance.FLOAT32, r.tolerance());
            worst = Math.max(worst, r.maxError());
        }
        assertEquals(List.of(), fake.problems);
        // rounding a value to float32 moves it by at most half an ulp: 2^-24 relative
        assertTrue(worst > 0 && worst <= 0x1p-24, "worst " + worst);
    }

    @Test
    void aWrongValueFailsWithItsScaledError() {
        ParityCase c = CASES.stream().filter(k -> k.name().equals("gru_backwards_mask")).findFirst().orElseThrow();
        double[] ref = c.layer().gradients().get("kernel").data();
        double maxRef = 0;
        for (double v : ref) maxRef = Math.max(maxRef, Math.abs(v));
        double delta = 1e-6;
        FakeBackend fake = new FakeBackend(CASES, true).perturb(c.name(), "d_kernel", 3, delta);
        ParityResult r = new ParityRunner(null).run(c, fake);
        assertEquals(ParityResult.Status.FAIL, r.status());
        assertEquals(delta / Math.max(1, maxRef), r.errors().get("d_kernel"), 1e-15);
        assertEquals(0.0, r.errors().get("d_x"));
        assertNull(r.reason());

        // a NaN never passes
        r = new ParityRunner(null).run(c, new FakeBackend(CASES, true).perturb(c.name(), "output", 0, Double.NaN));
        assertEquals(ParityResult.Status.FAIL, r.status());
        assertTrue(Double.isNaN(r.errors().get("output")));
    }

    @Test
    void anErrorJustInsideTheBoundPassesAndJustOutsideFails() {
        ParityCase c = CASES.stream().filter(k -> k.name().equals("lstm_long_t100")).findFirst().orElseThrow();
        double scale = 0;
        for (double v : c.layer().forward().get("last_c").data()) scale = Math.max(scale, Math.abs(v));
        scale = Math.max(1, scale);
        ParityRunner runner = new ParityRunner(null);
        assertEquals(ParityResult.Status.PASS, runner.run(c, new FakeBackend(CASES, true)
                .perturb(c.name(), "last_c", 1, 0.5 * Tolerance.FLOAT64 * scale)).status());
        assertEquals(ParityResult.Status.FAIL, runner.run(c, new FakeBackend(CASES, true)
                .perturb(c.name(), "last_c", 1, 2 * Tolerance.FLOAT64 * scale)).status());
    }

    @Test
    void aMissingTapeIsAFailureWithAReason() {
        ParityCase c = CASES.get(0);
        ParityResult r = new ParityRunner(null).run(c, new FakeBackend(CASES, true).withoutTape());
        assertEquals(ParityResult.Status.FAIL, r.status());
        assertTrue(r.reason().contains("no tape"), r.reason());
    }
}
