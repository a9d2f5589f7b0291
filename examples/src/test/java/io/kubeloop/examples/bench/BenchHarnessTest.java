package io.kubeloop.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchHarnessTest {
  @Test
  void statsUseMedianAndInterpolatedQuartiles() {
    Stats s = Stats.of(List.of(5.0, 1.0, 3.0, 2.0, 100.0));
    assertEquals(3.0, s.median());
    assertEquals(1.0, s.min());
    assertEquals(100.0, s.max());
    assertEquals(2.0, s.p25());
    assertEquals(5.0, s.p75());
    assertEquals(100.0, s.iqrPercent(), 1e-9);
    assertEquals(2.5, Stats.of(List.of(2.0, 3.0)).median());
  }

  @Test
  void harnessDiscardsWarmupsAndEndsWithASummaryLine() throws Exception {
    int[] calls = {0};
    Benchmark counting = new Benchmark() {
      @Override
      public String name() {
        return "counting";
      }

      @Override
      public String description() {
        return "records its call number";
      }

      @Override
      public void run(BenchOptions options, Run run) {
        calls[0]++;
        run.record("call", calls[0], "n", true);
      }
    };
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    var figures = new Harness(new PrintStream(bytes, true, StandardCharsets.UTF_8), new BenchOptions(2, 3, 1.0)).run(List.of(counting));
    assertEquals(5, calls[0]);
    assertEquals(4.0, figures.get(0).stats().median(), "runs 3, 4 and 5 are measured; the 2 warm-ups are not");
    String[] lines = bytes.toString(StandardCharsets.UTF_8).trim().split("\n");
    assertEquals("SUMMARY | counting call=4.00 n", lines[lines.length - 1]);
  }

  @Test
  void badFlagsExitWithUsageAndANamedProblem() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(2, BenchMain.run(new String[] {"workqueue", "--runs", "many"}, System.out, errStream));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("flag --runs expects a whole number but was \"many\""), err.toString());
    assertEquals(2, BenchMain.run(new String[] {"nope"}, System.out, errStream));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown benchmark \"nope\""));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "workqueue, 0.01, workqueue ops/s with 1 worker=",
      "apiserver, 0.002, apiserver creates/s at 2 stored=",
      "client, 0.005, client KubeClient create (4 threads)=",
      "informer, 0.002, informer heap per cached object="})
  void benchmarkRunsAtTinyScale(String name, String scale, String expected) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = BenchMain.run(new String[] {name, "--runs", "1", "--warmup", "0", "--scale", scale},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertEquals(0, code);
    String last = out.toString(StandardCharsets.UTF_8).trim().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("SUMMARY | ") && last.contains(expected), last);
  }
}
