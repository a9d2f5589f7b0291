package io.kubeloop.examples.bench;

/**
 * One benchmark of the {@code bench} harness: a scenario that is set up once, run several times, and reports
 * one or more figures per run. The harness does warm-up, repetition and statistics; a benchmark only measures.
 *
 * <p>Benchmarks measure with {@link System#nanoTime()} and real threads: they are the place for wall-clock
 * figures, which unit tests never assert.
 */
interface Benchmark extends AutoCloseable {
  /** The name used on the command line, e.g. {@code workqueue}. */
  String name();

  /** One line on what is measured and at what size. */
  String description();

  /** Prepares shared state (servers, clients, seeded data). Called once before warm-up. */
  default void setUp(BenchOptions options) throws Exception {}

  /** Runs the scenario once and records its figures into {@code run}. */
  void run(BenchOptions options, Run run) throws Exception;

  @Override
  default void close() throws Exception {}

  /** The figures of one run: name, value, unit; "higher is better" decides which way "best" points. */
  interface Run {
    void record(String figure, double value, String unit, boolean higherIsBetter);
  }
}
