package dev.fusedrnn;

import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.MetricKind;
import dev.fusedrnn.backend.OptimizerSpec;
import dev.fusedrnn.layers.Act;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.layers.Shapes;
import dev.fusedrnn.layers.Step;
import dev.fusedrnn.train.Batch;
import dev.fusedrnn.train.Callback;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.History;
import dev.fusedrnn.train.Objective;
import dev.fusedrnn.train.Optimizer;
import dev.fusedrnn.train.ProgressLogger;
import dev.fusedrnn.train.TrainingControl;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The training loop of a {@link Sequential} model, plainly: for each epoch, shuffle, and for each batch
 * run the layers forward, the loss, the layers backward, clip, and one optimizer step over the flat
 * parameter buffer. Evaluation and prediction run the same forward pass without training.
 */
final class Training implements AutoCloseable {
    private final Sequential model;
    private Buffer optimizerState;
    private long iterations;
    private final FitPosition position = new FitPosition();

    Training(Sequential model) { this.model = model; }

    /** Forgets the optimizer's state (a new compile starts a new optimizer). */
    void reset() {
        if (optimizerState != null) optimizerState.close();
        optimizerState = null;
        iterations = 0;
        position.reset();
    }

    /** The training position now (between epochs, or after fit). */
    TrainingState state() { return position.state(optimizerState, iterations); }

    /** Puts back a position from {@link #state()}; the next fit continues it (needs the same optimizer). */
    void restore(TrainingState s) {
        long slots = model.optimizer().spec().stateSlots();
        long expected = slots * model.parameterBuffer().length();
        long given = s.optimizerState() == null ? 0 : s.optimizerState().length;
        if (given != 0 && given != expected) {
            throw new IllegalArgumentException("training state: the optimizer state has " + given + " values, but this model's"
                    + " optimizer keeps " + slots + " per parameter (" + expected + ")");
        }
        reset();
        if (given != 0) {
            optimizerState = model.backend().allocate(expected);
            optimizerState.set(s.optimizerState());
        }
        iterations = s.iterations();
        position.resumeFrom(s);
    }

    /** Sums of one pass over batches: Σ loss·n, Σ n, and Σ w·m, Σ w per metric. */
    private static final class Totals {
        double lossSum;
        long samples;
        final double[][] metricSums;

        Totals(int metrics) { metricSums = new double[metrics][2]; }

        Map<String, Double> logs(List<String> names, String prefix) {
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put(prefix + "loss", lossSum / Math.max(1, samples));
            for (int i = 0; i < names.size(); i++) {
                logs.put(prefix + names.get(i), metricSums[i][0] / Math.max(Double.MIN_VALUE, metricSums[i][1]));
            }
            return logs;
        }
    }

    History fit(Tensor x, Tensor y, FitOptions o) {
        model.objective();
        model.buildFor(x, "fit");
        FitData.checkTargets(model, x, y, "fit");
        float[] weights = FitData.sampleWeights(model, o, y, "fit");
        Tensor trainX = x;
        Tensor trainY = y;
        Tensor valX = o.validationX();
        Tensor valY = o.validationY();
        int n = x.dim(0);
        if (o.validationSplit() > 0 && valX == null) {
            // Keras: the last fraction of the samples, taken before any shuffling.
            int split = (int) (n * (1 - o.validationSplit()));
            if (split == 0 || split == n) {
                throw new IllegalArgumentException("fit: validation split " + o.validationSplit() + " of " + n
                        + " samples leaves " + (split == 0 ? "no training" : "no validation") + " samples");
            }
            trainX = x.rows(0, split);
            trainY = y.rows(0, split);
            valX = x.rows(split, n);
            valY = y.rows(split, n);
            n = split;
        }
        FitRandom random = random(o);
        Iterable<Batch> epoch = FitData.batches(trainX, trainY, weights, o.batchSize(), o.shuffle(), random);
        return loop(epoch, (n + o.batchSize() - 1) / o.batchSize(), valX, valY, o, random);
    }

    /** fit from a source of batches, iterated once per epoch (for data that does not fit in memory). */
    History fit(Iterable<Batch> source, FitOptions o) {
        model.objective();
        if (o.validationSplit() > 0) {
            throw new IllegalArgumentException("fit: validationSplit needs the whole data set; with a batch source,"
                    + " pass validationData instead");
        }
        if (o.sampleWeight() != null) {
            throw new IllegalArgumentException("fit: with a batch source, sample weights travel in each Batch");
        }
        Iterable<Batch> checked = () -> new Iterator<>() {
            private final Iterator<Batch> it = source.iterator();

            @Override public boolean hasNext() { return it.hasNext(); }

            @Override
            public Batch next() {
                Batch b = it.next();
                model.buildFor(b.x(), "fit (batch source)");
                FitData.checkTargets(model, b.x(), b.y(), "fit (batch source)");
                if (b.sampleWeight() != null && o.classWeight() != null) {
                    throw new IllegalArgumentException("fit: give class weights or sample weights, not both (as Keras)");
                }
                float[] w = b.sampleWeight() != null ? b.sampleWeight() : FitData.sampleWeights(model, o, b.y(), "fit (batch source)");
                if (w != null) SampleWeights.check(w, b.x().dim(0), "fit (batch source)");
                return new Batch(b.x(), b.y(), w);
            }
        };
        return loop(checked, -1, o.validationX(), o.validationY(), o, random(o));
    }

    /**
     * The epochs: for each, the batches of {@code epochData} (one training step each), then validation,
     * then the callbacks. {@code batchesPerEpoch} is −1 when unknown (a streaming source).
     */
    private History loop(Iterable<Batch> epochData, int batchesPerEpoch, Tensor valX, Tensor valY, FitOptions o,
                         FitRandom random) {
        Objective objective = model.objective();
        if (valX != null) {
            model.buildFor(valX, "fit (validation data)");
            FitData.checkTargets(model, valX, valY, "fit (validation data)");
        }
        History history = new History();
        List<Callback> callbacks = new ArrayList<>(o.callbacks());
        FitPosition.checkpointsLast(callbacks);
        if (o.verbose() > 0) callbacks.add(0, new ProgressLogger(o.out(), o.verbose(), o.epochs()));
        callbacks.add(history);
        boolean[] stop = {false};
        Optimizer optimizer = model.optimizer();
        TrainingControl control = new TrainingControl() {
            @Override public void stop() { stop[0] = true; }
            @Override public float[] parameters() { return model.getParameters(); }
            @Override public void setParameters(float[] v) { model.setParameters(v); }
            @Override public double learningRate() { return optimizer.learningRate(); }
            @Override public void setLearningRate(double lr) { optimizer.learningRate(lr); }
        };
        for (Callback c : callbacks) c.onTrainBegin(control);
        int first = position.begin(callbacks);
        Map<String, Double> logs = Map.of();
        for (int epoch = first; epoch < o.epochs() && !stop[0]; epoch++) {
            for (Callback c : callbacks) c.onEpochBegin(epoch);
            Totals totals = new Totals(objective.metricNames().size());
            int b = 0;
            for (Batch batch : epochData) {
                NumericGuard guard = o.checkFinite() ? new NumericGuard(epoch + 1, b + 1, iterations + 1) : null;
                runBatch(batch.x(), batch.y(), batch.sampleWeight(), true, random, totals, true, guard);
                Map<String, Double> running = totals.logs(objective.metricNames(), "");
                for (Callback c : callbacks) c.onBatchEnd(epoch, b, batchesPerEpoch, running);
                b++;
            }
            if (b == 0) throw new IllegalArgumentException("fit: epoch " + (epoch + 1) + " had no batches");
            logs = totals.logs(objective.metricNames(), "");
            if (valX != null) logs.putAll(pass(valX, valY, o.batchSize(), "val_"));
            position.epochDone(epoch);
            model.epochCompleted(epoch);   // device backends: the parameters of this epoch to the host
            for (Callback c : callbacks) c.onEpochEnd(epoch, logs);
        }
        for (Callback c : callbacks) c.onTrainEnd(logs);
        return history;
    }

    /** The fit's random source: a continued position's, else a new one from the seed. */
    private FitRandom random(FitOptions o) {
        return position.newFit(o.seed() != null ? o.seed() : model.seed() ^ 0x5DEECE66DL);
    }

    Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
        model.objective();
        model.buildFor(x, "evaluate");
        FitData.checkTargets(model, x, y, "evaluate");
        requireBatchSize(batchSize);
        return pass(x, y, batchSize, "");
    }

    private Map<String, Double> pass(Tensor x, Tensor y, int batchSize, String prefix) {
        Totals totals = new Totals(model.objective().metricNames().size());
        for (int from = 0; from < x.dim(0); from += batchSize) {
            int to = Math.min(x.dim(0), from + batchSize);
            runBatch(x.rows(from, to), y.rows(from, to), null, false, null, totals, false, null);
        }
        return totals.logs(model.objective().metricNames(), prefix);
    }

    Tensor predict(Tensor x, int batchSize) {
        model.buildFor(x, "predict");
        requireBatchSize(batchSize);
        Shapes.requireFinite("predict", "x", x);
        int n = x.dim(0);
        int[] outShape = model.outputShape();
        int per = 1;
        for (int d : outShape) per *= d;
        float[] out = new float[Math.multiplyExact(n, per)];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            try (Step step = new Step(model.backend(), false, null)) {
                Act y = forward(step, x.rows(from, to), null);
                y.data().read(0, out, from * per, (to - from) * per);
            }
        }
        int[] shape = new int[outShape.length + 1];
        shape[0] = n;
        System.arraycopy(outShape, 0, shape, 1, outShape.length);
        return Tensor.of(out, shape);
    }

    /** The layers' forward pass; each layer's output is also added to {@code outputs} when it is not null. */
    private Act forward(Step step, Tensor x, List<Act> outputs) {
        return forward(step, new Act(step.upload(x.toArray()), x.shape(), null), outputs);
    }

    /** As {@link #forward(Step, Tensor, List)} from an input already on the backend. */
    private Act forward(Step step, Act a, List<Act> outputs) {
        for (Layer l : model.layers()) {
            a = l.forward(step, a);
            if (outputs != null) outputs.add(a);
        }
        return a;
    }

    /**
     * The loss of one batch and its gradient in the model's gradient buffer, without updating anything
     * (dropout is active if the model has any: pass a seeded random to make it repeatable).
     * For gradient checks.
     */
    double lossAndGradient(Tensor x, Tensor y, SplittableRandom random) {
        model.buildFor(x, "lossAndGradient");
        FitData.checkTargets(model, x, y, "lossAndGradient");
        Totals totals = new Totals(model.objective().metricNames().size());
        runBatch(x, y, null, true, random, totals, false, null);
        return totals.lossSum / totals.samples;
    }

    /**
     * One batch: forward, loss and metrics; when training also backward, then (if {@code update}) clipping and
     * the update. A {@code guard}, if given, checks the loss and the gradients before the update.
     */
    private void runBatch(Tensor x, Tensor y, float[] sampleWeight, boolean train, RandomGenerator random, Totals totals,
                          boolean update, NumericGuard guard) {
        Objective objective = model.objective();
        Backend be = model.backend();
        try (Step step = new Step(be, train, random)) {
            List<Act> outputs = guard == null ? null : new ArrayList<>();
            // The batch's inputs, targets and sample weights reach the backend in one copy.
            Buffer[] in = step.uploadAll(x.toArray(), y.toArray(), SampleWeights.perRow(sampleWeight, model.outputShape()));
            Act out = forward(step, new Act(in[0], x.shape(), null), outputs);
            int rows = out.rows();
            int cols = out.lastDim();
            Buffer target = in[1];
            // Losses and metrics on sequence outputs are weighted by the mask, as Keras does, and by sample weights.
            SampleWeights.Rows w = SampleWeights.rows(step, out, sampleWeight, in[2]);
            Buffer weights = w.weights();
            Buffer dPred = train ? step.allocate(out.size()) : null;
            double loss = be.loss(objective.loss(), out.data(), target, weights, rows, cols, dPred) * w.scale();
            if (guard != null) guard.checkLoss(loss, objective.loss().kerasName(), be, model.layers(), outputs);
            if (dPred != null && w.scale() != 1.0) be.axpby(w.scale(), dPred, 0, null, dPred);
            totals.lossSum += loss * x.dim(0);
            totals.samples += x.dim(0);
            List<MetricKind> kinds = objective.resolve(model.outputShape(), FitData.sampleShape(y));
            for (int i = 0; i < kinds.size(); i++) {
                double[] s = be.metric(kinds.get(i), out.data(), target, weights, rows, cols);
                totals.metricSums[i][0] += s[0];
                totals.metricSums[i][1] += s[1];
            }
            if (!train) return;
            Act grad = new Act(dPred, out.shape(), out.mask());
            List<Layer> layers = model.layers();
            for (int i = layers.size() - 1; i >= 0; i--) grad = layers.get(i).backward(step, grad, i > 0);
            if (guard != null) guard.checkGradients(be, layers, model.gradientBuffer());
            if (update) {
                update(be);
                if (guard != null) guard.checkParameters(be, layers, model.parameterBuffer());
            }
        }
    }

    private void update(Backend be) {
        Optimizer opt = model.optimizer();
        if (!Double.isNaN(opt.clipvalue())) be.clip(model.gradientBuffer(), -opt.clipvalue(), opt.clipvalue());
        if (!Double.isNaN(opt.clipnorm())) {
            // Keras clips each weight's gradient to the norm on its own: g·c/max(‖g‖, c).
            for (Layer l : model.layers()) {
                for (Layer.Weight w : l.weights()) {
                    double norm = Math.sqrt(be.sumOfSquares(w.gradient()));
                    if (norm > opt.clipnorm()) be.axpby(opt.clipnorm() / norm, w.gradient(), 0, null, w.gradient());
                }
            }
        }
        OptimizerSpec spec = opt.spec();   // read each step: callbacks may change the learning rate
        if (optimizerState == null && spec.stateSlots() > 0) {
            optimizerState = be.allocate(spec.stateSlots() * model.parameterBuffer().length());
        }
        be.optimizerStep(spec, model.parameterBuffer(), model.gradientBuffer(), optimizerState, iterations++);
    }

    private static void requireBatchSize(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }

    @Override
    public void close() { reset(); }
}
