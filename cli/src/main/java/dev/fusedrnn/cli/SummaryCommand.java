package dev.fusedrnn.cli;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.cli.examples.Example;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code fusedrnn summary <example>}: the example model's Keras-style summary. */
@Command(name = "summary", description = "Print an example model's summary (layers, output shapes, parameter counts).")
final class SummaryCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Example: ${COMPLETION-CANDIDATES}", completionCandidates = Example.Names.class)
    String example;

    @Option(names = "--cell", description = "Recurrent cell: simple, lstm or gru (default: the example's).")
    String cell;

    @Override
    public Integer call() {
        Example ex = Example.named(example);
        try (Sequential model = ex.model(ex.cell(cell), "reference", 0L)) {
            System.out.print(model.summary());
        }
        return 0;
    }
}
