package dev.fusedrnn;

import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Backends;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.layers.Embedding;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.train.Batch;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.History;
import dev.fusedrnn.train.Objective;
import dev.fusedrnn.train.Optimizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Keras Sequential model: a stack of layers, compiled with an optimizer, a loss and metrics, then
 * fit, evaluated and used to predict. Its parameters live in one flat buffer on its backend (each layer's
 * weights are slices of it, in Keras order), as do their gradients and the optimizer's state.
 *
 * <pre>{@code
 * try (Sequential model = new Sequential(new LSTM(20), new Dense(1))) {
 *     model.build(12, 1);                                  // per-sample input shape: 12 steps, 1 feature
 *     model.compile(new Adam(), "mse", "mae");
 *     History h = model.fit(x, y, new FitOptions().epochs(50).validationSplit(0.1));
 *     Tensor forecast = model.predict(xTest);
 * }
 * }</pre>
 *
 * <p>Threads (docs/threading.md): a built model may serve {@code predict} and {@code evaluate} from any number
 * of threads at once; each call runs its own pass in its own buffers and only reads the weights. Every call
 * that changes the model ({@code build}, {@code compile}, {@code fit}, {@code setParameters}, a layer's
 * {@code setWeights}, {@code restoreTrainingState}, {@code close}) needs it to itself: no other call on the model
 * may run meanwhile. To predict while the model trains, predict on a {@link #snapshot()}.
 */
public final class Sequential implements AutoCloseable {
    private final List<Layer> layers = new ArrayList<>();
    private Backend backend;
    private boolean ownsBackend;
    private String backendReason;
    private long seed = new SplittableRandom().nextLong();
    private int[] inputShape;
    private Buffer params, grads;
    private Optimizer optimizer;
    private Objective objective;
    private boolean closed;
    final Training training = new Training(this);
    private final HostCopy hostCopy = new HostCopy();

    public Sequential(Layer... layers) {
        for (Layer l : layers) add(l);
    }

    /** Appends a layer (before the model is built). */
    public Sequential add(Layer layer) {
        if (layer == null) throw new IllegalArgumentException("cannot add a null layer");
        if (isBuilt()) throw new IllegalStateException("cannot add " + layer.typeName() + ": the model is already built");
        if (layers.contains(layer)) throw new IllegalArgumentException("layer " + layer.typeName() + " is already in the model; a layer can be added only once");
        if (layer.isBuilt()) {
            // its weights are bound to another model's buffers: sharing them would leave one model reading freed memory
            throw new IllegalArgumentException(layer.label() + " is already built (part of another model?): a model needs"
                    + " layers of its own");
        }
        Map<String, Integer> used = new HashMap<>();
        for (Layer l : layers) used.merge(l.defaultNameStem(), 1, Integer::sum);
        if (layer.name() == null) {
            int k = used.getOrDefault(layer.defaultNameStem(), 0);
            layer.name(k == 0 ? layer.defaultNameStem() : layer.defaultNameStem() + "_" + k);
        }
        layers.add(layer);
        return this;
    }

    /**
     * Runs on this backend (before build); the caller keeps ownership of it. By default
     * {@link Backends#select()} chooses, and says why.
     */
    public Sequential backend(Backend b) {
        setBackend(b, b.name() + " set by the caller", false);
        return this;
    }

    /**
     * Runs on the named backend: auto, reference, cpu or cuda. The model owns it and closes it. On a built
     * model this moves the parameters there (after a device failure, those of the last completed epoch);
     * the optimizer state starts afresh.
     */
    public Sequential backend(String name) {
        Backends.Selection s = Backends.select(name);
        setBackend(s.backend(), s.reason(), true);
        return this;
    }

    private void setBackend(Backend b, String reason, boolean owned) {
        if (isBuilt()) {
            float[] values = hostCopy.forMove(backend, params);
            Buffer oldParams = params, oldGrads = grads;
            Backend old = ownsBackend ? backend : null;
            training.reset();
            params = b.allocate(values.length);
            grads = b.allocate(values.length);
            long offset = 0;
            for (Layer l : layers) offset = l.bind(params, grads, offset);
            params.set(values);
            hostCopy.take(b, values, "when the model moved to " + b.name());
            HostCopy.release(oldParams, oldGrads, old);
        } else if (backend != null && ownsBackend) {
            backend.close();
        }
        this.backend = b;
        this.backendReason = reason;
        this.ownsBackend = owned;
    }

    /** Seed for weight initialization, shuffling and dropout (default: random). */
    public Sequential seed(long s) {
        if (isBuilt()) throw new IllegalStateException("set the seed before the model is built (it initializes the weights)");
        this.seed = s;
        return this;
    }

    public Backend backend() {
        if (backend == null) {
            Backends.Selection s = Backends.select();
            setBackend(s.backend(), s.reason(), true);
        }
        return backend;
    }

    /** Why this backend runs the model (e.g. "auto: cuda skipped (...); chose cpu"). */
    public String backendReason() { backend(); return backendReason; }

    public List<Layer> layers() { return Collections.unmodifiableList(layers); }

    public boolean isBuilt() { return inputShape != null; }

    /**
     * Builds the model for a per-sample input shape ({@code 12, 1} for 12 steps of 1 feature; {@code 200}
     * for 200 token ids), allocates the parameters and initializes them with Keras's defaults.
     */
    public Sequential build(int... sampleShape) {
        if (isBuilt()) {
            if (!Arrays.equals(sampleShape, inputShape)) {
                throw new IllegalArgumentException("the model is built for input " + Layer.shapeString(inputShape)
                        + ", got " + Layer.shapeString(sampleShape));
            }
            return this;
        }
        if (layers.isEmpty()) throw new IllegalStateException("the model has no layers");
        requireOpen("build");
        for (int d : sampleShape) {
            if (d < 1) {
                throw new IllegalArgumentException("input shape " + Arrays.toString(sampleShape) + " has a dimension < 1;"
                        + " every dimension must be >= 1");
            }
        }
        int[] shape = sampleShape.clone();
        for (Layer l : layers) shape = l.build(shape);
        long count = countParamsOfLayers();
        if (count > Layer.MAX_VALUES) {
            Layer largest = Collections.max(layers, (a, b) -> Long.compare(a.countParams(), b.countParams()));
            throw new IllegalArgumentException("the model would have " + count + " parameters (" + largest.label() + " alone "
                    + largest.countParams() + "); a model holds at most " + Layer.MAX_VALUES);
        }
        Backend b = backend();
        params = b.allocate(count);
        grads = b.allocate(count);
        long offset = 0;
        for (Layer l : layers) offset = l.bind(params, grads, offset);
        SplittableRandom rng = new SplittableRandom(seed);
        for (Layer l : layers) l.initialize(rng.split());
        inputShape = sampleShape.clone();
        hostCopy.take(b, params, "when the model was built");
        return this;
    }

    /** Per-sample input shape, once built. */
    public int[] inputShape() { return inputShape == null ? null : inputShape.clone(); }

    /** Per-sample output shape, once built. */
    public int[] outputShape() { return layers.get(layers.size() - 1).outputShape(); }

    /** Keras parameter count. */
    public long countParams() {
        requireBuilt("countParams");
        return countParamsOfLayers();
    }

    private long countParamsOfLayers() {
        long n = 0;
        for (Layer l : layers) n += l.countParams();
        return n;
    }

    /** Configures training: optimizer, loss (Keras name) and metrics (Keras names). */
    public void compile(Optimizer optimizer, String loss, String... metrics) {
        if (optimizer == null) throw new IllegalArgumentException("compile needs an optimizer");
        this.objective = Objective.of(loss, metrics);
        this.optimizer = optimizer;
        training.reset();
    }

    /** As {@link #compile(Optimizer, String, String...)} with an optimizer's Keras name and defaults. */
    public void compile(String optimizer, String loss, String... metrics) {
        compile(Optimizer.parse(optimizer), loss, metrics);
    }

    /** The optimizer given to compile, or null before compile. */
    public Optimizer optimizer() { return optimizer; }

    public boolean isCompiled() { return objective != null; }

    /** The loss and metrics given to compile. */
    public Objective objective() {
        if (objective == null) throw new IllegalStateException("the model must be compiled before fit or evaluate: call compile(optimizer, loss, metrics...)");
        return objective;
    }

    /** Trains the model; see {@link FitOptions} for epochs, batch size, validation and callbacks. */
    public History fit(Tensor x, Tensor y, FitOptions options) { return hostCopy.run(backend(), "fit", () -> training.fit(x, y, options)); }

    public History fit(float[][][] x, float[][] y, FitOptions options) { return fit(Tensor.of(x), Tensor.of(y), options); }

    public History fit(float[][][] x, float[][][] y, FitOptions options) { return fit(Tensor.of(x), Tensor.of(y), options); }

    public History fit(int[][] ids, int[] labels, FitOptions options) { return fit(Tensor.ofIds(ids), Tensor.ofLabels(labels), options); }

    public History fit(int[][] ids, float[][] y, FitOptions options) { return fit(Tensor.ofIds(ids), Tensor.of(y), options); }

    /**
     * Trains from a source of batches, iterated once per epoch: for data that does not fit in memory (the
     * source may read it from disk as it goes). Shuffling is the source's business.
     */
    public History fit(Iterable<Batch> batches, FitOptions options) { return hostCopy.run(backend(), "fit", () -> training.fit(batches, options)); }

    /** Loss and metrics on data, batch size 32, keyed by Keras names. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) { return evaluate(x, y, 32); }

    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) { return hostCopy.run(backend(), "evaluate", () -> training.evaluate(x, y, batchSize)); }

    /** The model's output for every sample, batch size 32. */
    public Tensor predict(Tensor x) { return predict(x, 32); }

    public Tensor predict(Tensor x, int batchSize) { return hostCopy.run(backend(), "predict", () -> training.predict(x, batchSize)); }

    /** Called by fit at each epoch end: on a device backend, the parameters are copied to the host. */
    void epochCompleted(int epoch) { hostCopy.take(backend, params, "after epoch " + (epoch + 1)); }

    public float[][] predict(float[][][] x) { return predict(Tensor.of(x)).toArray2(); }

    /** A copy of all parameters, flat, layers and weights in Keras order. */
    public float[] getParameters() {
        requireBuilt("getParameters");
        return params.toFloatArray();
    }

    /** Replaces all parameters (the layout of {@link #getParameters()}). */
    public void setParameters(float[] values) {
        requireBuilt("setParameters");
        params.set(values);
        hostCopy.take(backend, values, "when they were last set");
    }

    /**
     * An independent copy of this built model for inference: the same layers, the current parameters, seed
     * and compile settings (no optimizer state or training position), on a new backend of the same kind that
     * the copy owns. Close it when done. Between epochs (from a callback), it lets other threads predict
     * with the parameters of that moment while this model trains on; see docs/threading.md.
     */
    public Sequential snapshot() {
        requireBuilt("snapshot");
        return dev.fusedrnn.io.ModelFile.snapshot(this);
    }

    Buffer parameterBuffer() { return params; }

    Buffer gradientBuffer() { return grads; }

    /** The seed of weight initialization and of fit's shuffling and dropout. */
    public long seed() { return seed; }

    /**
     * Where training stands — optimizer state and steps, epochs done, fit's random state, stateful callbacks'
     * state — for checkpoints ({@code dev.fusedrnn.io.ModelFile}).
     */
    public TrainingState trainingState() {
        requireBuilt("trainingState");
        return training.state();
    }

    /**
     * Puts back a {@link #trainingState()} into this compiled model with the same optimizer. The next fit
     * continues that training: it starts at the saved epoch (running up to its {@code epochs}, like Keras's
     * initial_epoch), with the saved random state, and restores its stateful callbacks, which must be the
     * same kinds in the same order. Compiling again starts a new training instead.
     */
    public void restoreTrainingState(TrainingState state) {
        requireBuilt("restoreTrainingState");
        objective();
        training.restore(state);
    }

    /** Throws when the model was closed: its buffers are freed, and native ones must not be touched again. */
    void requireOpen(String what) {
        if (closed) throw new IllegalStateException(what + ": the model is closed (its parameters were freed) and cannot be used");
    }

    void requireBuilt(String what) {
        requireOpen(what);
        if (!isBuilt()) {
            throw new IllegalStateException(what + " needs a built model: call build(inputShape...) or fit first");
        }
    }

    /** Builds from data when needed, then checks that the data fits the model. */
    void buildFor(Tensor x, String what) {
        requireOpen(what);
        if (x == null) throw new IllegalArgumentException(what + ": x must not be null");
        int[] s = x.shape();
        if (s.length < 2) {
            throw new IllegalArgumentException(what + ": x must have a batch dimension and a sample shape, got " + Arrays.toString(s));
        }
        int[] sample = Arrays.copyOfRange(s, 1, s.length);
        if (!isBuilt()) build(sample);
        if (!Arrays.equals(sample, inputShape)) {
            throw new IllegalArgumentException(what + ": " + layers.get(0).label() + " expects input " + Layer.shapeString(inputShape)
                    + ", got " + Arrays.toString(s));
        }
        if (layers.get(0) instanceof Embedding) ((Embedding) layers.get(0)).checkIds(x);
    }

    /** The Keras-style summary table with exact parameter counts. */
    public String summary() {
        requireBuilt("summary");
        return Summary.of(this);
    }

    @Override
    public void close() {
        closed = true;
        if (params != null) params.close();
        if (grads != null) grads.close();
        training.close();
        if (backend != null && ownsBackend) backend.close();
    }
}
