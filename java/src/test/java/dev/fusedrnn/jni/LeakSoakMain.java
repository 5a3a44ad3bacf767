package dev.fusedrnn.jni;

/**
 * The soak's child process: {@code LeakSoakMain <backend> <predicts> <fitSteps>} runs {@link SoakWork} and
 * prints a memory line ({@link MemoryFigures#line}) before, after warm-up, at the end and after close.
 */
public final class LeakSoakMain {
    private LeakSoakMain() { }

    public static void main(String[] args) throws Exception {
        String backend = args[0];
        int predicts = Integer.parseInt(args[1]);
        int fitSteps = Integer.parseInt(args[2]);
        System.out.println(MemoryFigures.now().line("start"));
        long t0 = System.nanoTime();
        SoakWork.run(backend, predicts, fitSteps, label -> System.out.println(MemoryFigures.now().line(label)));
        MemoryFigures.settle();
        System.out.println(MemoryFigures.now().line("closed"));
        System.out.printf("seconds %.1f%n", (System.nanoTime() - t0) / 1e9);
    }
}
