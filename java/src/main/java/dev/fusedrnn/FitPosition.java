package dev.fusedrnn;

import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.train.Callback;
import dev.fusedrnn.train.StatefulCallback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a model's fit stands, for checkpoints: the latest fit's random source, the epochs it completed
 * and its callbacks; and, after {@link Training#restore}, the saved position that the next fit continues.
 */
final class FitPosition {
    private FitRandom random;
    private int epochsDone;
    private List<Callback> callbacks = List.of();
    private TrainingState resume;

    void reset() {
        random = null;
        epochsDone = 0;
        callbacks = List.of();
        resume = null;
    }

    /** Continue {@code s} with the next fit (a position with no epochs done is a fresh start). */
    void resumeFrom(TrainingState s) {
        reset();
        epochsDone = s.epochsDone();
        resume = s.epochsDone() > 0 ? s : null;
    }

    /** The position now, with the optimizer's state and step count. */
    TrainingState state(Buffer optimizerState, long iterations) {
        if (resume != null) return resume;   // restored and not yet continued: still that position
        List<TrainingState.CallbackState> states = new ArrayList<>();
        for (StatefulCallback c : stateful(callbacks)) states.add(new TrainingState.CallbackState(c.getClass().getSimpleName(), c.state()));
        return new TrainingState(optimizerState == null ? null : optimizerState.toDoubleArray(), iterations, epochsDone,
                random == null ? 0 : random.state(), states);
    }

    /** The random source of a starting fit: the continued position's, else a new one from {@code seed}. */
    FitRandom newFit(long seed) {
        random = new FitRandom(resume != null ? resume.randomState() : seed);
        return random;
    }

    /** Checkpoints run after the other callbacks (a stable sort), so that they save the others' decisions too. */
    static void checkpointsLast(List<Callback> callbacks) {
        callbacks.sort(Comparator.comparing(c -> c instanceof StatefulCallback sc && sc.savesTrainingState()));
    }

    /**
     * After the callbacks' onTrainBegin: when continuing a position, puts back the stateful callbacks' states
     * (they must be the same kinds in the same order). Returns the epoch to start at.
     */
    int begin(List<Callback> fitCallbacks) {
        callbacks = fitCallbacks;
        if (resume == null) return 0;
        List<StatefulCallback> ours = stateful(fitCallbacks);
        List<String> types = new ArrayList<>();
        for (StatefulCallback c : ours) types.add(c.getClass().getSimpleName());
        List<String> saved = new ArrayList<>();
        for (TrainingState.CallbackState c : resume.callbacks()) saved.add(c.type());
        if (!types.equals(saved)) {
            throw new IllegalArgumentException("fit: the training being continued had the stateful callbacks " + saved
                    + ", this fit has " + types + "; pass the same callbacks to continue it, or compile again to start anew");
        }
        for (int i = 0; i < ours.size(); i++) ours.get(i).restoreState(resume.callbacks().get(i).values());
        int first = resume.epochsDone();
        resume = null;
        return first;
    }

    /** Called before the callbacks see the end of {@code epoch}. */
    void epochDone(int epoch) { epochsDone = epoch + 1; }

    private static List<StatefulCallback> stateful(List<Callback> callbacks) {
        List<StatefulCallback> out = new ArrayList<>();
        for (Callback c : callbacks) if (c instanceof StatefulCallback sc) out.add(sc);
        return out;
    }
}
