package dev.fusedrnn.fuzz;

import dev.fusedrnn.Tensor;
import dev.fusedrnn.layers.Bidirectional;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Dropout;
import dev.fusedrnn.layers.Embedding;
import dev.fusedrnn.layers.Flatten;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.layers.Masking;
import dev.fusedrnn.layers.Recurrent;
import dev.fusedrnn.layers.SimpleRNN;
import dev.fusedrnn.layers.TimeDistributed;

import java.util.ArrayList;
import java.util.List;

/**
 * A small valid model drawn at random — the base that a case then breaks in one place: token ids or
 * sequences {@code [N, T, C]} in, a recurrent layer (plain or Bidirectional, maybe two stacked), a head
 * giving {@code [N, K]} or {@code [N, T, K]}, and a loss that fits the head. Layers are named l0, l1, ...
 * so that messages can be matched. Sizes stay tiny: every case runs in milliseconds.
 */
final class Blueprint {
    final int time, features, vocab;    // vocab > 0: the input is token ids [N, T]
    final int classes;                  // K
    final boolean sequenceOut;          // output [N, T, K] instead of [N, K]
    final String loss;
    final String description;
    private final long layerSeed;

    private Blueprint(Gen g) {
        time = g.between(1, 4);
        vocab = g.chance(0.25) ? g.between(2, 12) : 0;
        features = vocab > 0 ? g.between(1, 3) : g.between(1, 3);   // for ids: the embedding's output size
        classes = g.between(1, 4);
        sequenceOut = g.chance(0.3);
        loss = g.pick("mse", "mae", "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy");
        layerSeed = g.nextLong();
        description = "model " + layerNames() + " on " + (vocab > 0 ? "ids (" + time + "), vocab " + vocab : "(" + time + ", " + features + ")")
                + ", loss " + loss;
    }

    static Blueprint draw(Gen g) { return new Blueprint(g); }

    /** The per-sample input shape. */
    int[] sample() { return vocab > 0 ? new int[] {time} : new int[] {time, features}; }

    /** The per-sample output shape. */
    int[] outSample() { return sequenceOut ? new int[] {time, classes} : new int[] {classes}; }

    /** Fresh layers (each call new instances, same configuration). */
    List<Layer> layers() {
        Gen g = new Gen(layerSeed);
        List<Layer> out = new ArrayList<>();
        if (vocab > 0) out.add(new Embedding(vocab, features).maskZero(g.chance(0.5)));
        else if (g.chance(0.2)) out.add(new Masking(0.0));
        boolean stacked = g.chance(0.3);
        if (stacked) out.add(recurrent(g, true));
        boolean seqFromRnn = sequenceOut || g.chance(0.3);
        Recurrent last = recurrent(g, seqFromRnn);
        out.add(g.chance(0.25) ? new Bidirectional(last, g.pick("concat", "sum", "mul", "ave")) : last);
        if (g.chance(0.3)) out.add(new Dropout(g.pick(0.0, 0.25, 0.5)));
        if (seqFromRnn && !sequenceOut) out.add(new Flatten());
        String act = headActivation();
        out.add(sequenceOut && g.chance(0.5) ? new TimeDistributed(new Dense(classes, act)) : new Dense(classes, act));
        for (int i = 0; i < out.size(); i++) out.get(i).name("l" + i);
        return out;
    }

    private String layerNames() {
        StringBuilder sb = new StringBuilder("[");
        for (Layer l : layers()) sb.append(sb.length() > 1 ? ", " : "").append(l.typeName());
        return sb.append(']').toString();
    }

    private static Recurrent recurrent(Gen g, boolean returnSequences) {
        int units = g.between(1, 4);
        Recurrent r = g.pick(0, 1, 2) == 0 ? new SimpleRNN(units) : g.chance(0.5) ? new LSTM(units) : new GRU(units).resetAfter(g.chance(0.5));
        return r.returnSequences(returnSequences).goBackwards(g.chance(0.2));
    }

    private String headActivation() {
        switch (loss) {
            case "binary_crossentropy": return "sigmoid";
            case "categorical_crossentropy": case "sparse_categorical_crossentropy": return "softmax";
            default: return "linear";
        }
    }

    /** Valid inputs for n samples. */
    Tensor inputs(Gen g, int n) {
        if (vocab > 0) {
            float[] ids = new float[n * time];
            for (int i = 0; i < ids.length; i++) ids[i] = g.between(0, vocab - 1);
            return Tensor.of(ids, n, time);
        }
        return Tensor.of(g.values(n * time * features, false), n, time, features);
    }

    /** Valid targets for n samples, as the loss wants them. */
    Tensor targets(Gen g, int n) {
        int rows = n * (sequenceOut ? time : 1);
        int[] outShape = sequenceOut ? new int[] {n, time, classes} : new int[] {n, classes};
        switch (loss) {
            case "sparse_categorical_crossentropy": {
                float[] ids = new float[rows];
                for (int i = 0; i < rows; i++) ids[i] = g.between(0, classes - 1);
                return sequenceOut ? Tensor.of(ids, n, time) : Tensor.of(ids, n);
            }
            case "categorical_crossentropy": {
                float[] y = new float[rows * classes];
                for (int i = 0; i < rows; i++) y[i * classes + g.between(0, classes - 1)] = 1f;
                return Tensor.of(y, outShape);
            }
            case "binary_crossentropy": {
                float[] y = new float[rows * classes];
                for (int i = 0; i < y.length; i++) y[i] = g.chance(0.5) ? 1f : 0f;
                return Tensor.of(y, outShape);
            }
            default:
                return Tensor.of(g.values(rows * classes, false), outShape);
        }
    }
}
