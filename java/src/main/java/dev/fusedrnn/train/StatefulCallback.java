package dev.fusedrnn.train;

import java.util.Map;

/**
 * A callback whose decisions depend on what it saw in earlier epochs (EarlyStopping's patience count,
 * ReduceLROnPlateau's best value): its state is saved in checkpoints and restored when a fit resumes.
 * Values are numbers, strings, booleans or float arrays.
 */
public interface StatefulCallback extends Callback {
    /** The state after the latest epoch. */
    Map<String, Object> state();

    /** Puts back a state from {@link #state()}; called after {@code onTrainBegin} of the resumed fit. */
    void restoreState(Map<String, Object> state);

    /**
     * Whether this callback saves the training state (a checkpoint): fit then calls it after every other
     * callback of the epoch, so that what it saves includes their decisions.
     */
    default boolean savesTrainingState() { return false; }
}
