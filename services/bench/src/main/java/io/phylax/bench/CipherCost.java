package io.phylax.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link CipherBenchmarks} in a forked JVM and returns each benchmark's mean µs per operation and error. */
final class CipherCost {

    /** Microseconds per operation and JMH's 99.9% error half-width (wide on two shared cores: report both). */
    record Cost(double microseconds, double error) {}

    private CipherCost() {}

    static Map<String, Cost> measure(int iterations, int secondsPerIteration) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(CipherBenchmarks.class.getName() + "\\.")
                .forks(1)
                .threads(1)
                .warmupIterations(iterations)
                .warmupTime(TimeValue.seconds(secondsPerIteration))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(secondsPerIteration))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Cost> costs = new LinkedHashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            costs.put(
                    name,
                    new Cost(
                            result.getPrimaryResult().getScore(),
                            result.getPrimaryResult().getScoreError()));
        }
        return costs;
    }
}
