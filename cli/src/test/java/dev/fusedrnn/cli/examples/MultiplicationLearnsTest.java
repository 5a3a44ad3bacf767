package dev.fusedrnn.cli.examples;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.train.Adam;
import dev.fusedrnn.train.FitOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end, the model must learn: the multiplication problem with T = 20 steps, a fixed seed, and at
 * least 85 % of held-out predictions within 0.04 of the product. A model that only predicted the mean
 * product (0.25) would be right for about 11 % of samples, so passing needs real learning of both the
 * marker gating and the multiplication.
 */
class MultiplicationLearnsTest {
    @Test
    void lstmLearnsToMultiplyMarkedValues() {
        int time = 20;
        Tensor[] train = MultiplicationExample.data(2560, time, 11);
        Tensor[] test = MultiplicationExample.data(440, time, 12);
        try (Sequential model = MultiplicationExample.model(CellType.LSTM, 30, time, "reference", 13)) {
            model.compile(new Adam(MultiplicationExample.LEARNING_RATE), "mse");
            model.fit(train[0], train[1], new FitOptions().epochs(EPOCHS).batchSize(32).seed(14).verbose(2));
            double correctness = MultiplicationExample.correctness(model.predict(test[0]), test[1]);
            System.out.printf("multiplication, T = %d, LSTM 2x30, %d epochs: held-out correctness %.4f%n", time, EPOCHS, correctness);
            assertTrue(correctness >= 0.85, "held-out correctness " + correctness + " < 0.85");
        }
    }

    static final int EPOCHS = 30;
}
