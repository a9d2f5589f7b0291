package io.kubeloop.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo as a user runs it: it must end with one server per VM and a new leader after the stop. */
class DemoCommandTest {
  @TempDir
  Path dir;

  @Test
  void handsOverAndConverges() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = new DemoCommand().run(new String[] {"--vms=3", "--kubeconfig-out=" + dir.resolve("kc")});
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    assertEquals(0, exit, out);
    Matcher leader = Pattern.compile("   leader: (replica-\\d)").matcher(out);
    Matcher next = Pattern.compile("   new leader: (replica-\\d)").matcher(out);
    assertTrue(leader.find() && next.find(), out);
    assertTrue(!leader.group(1).equals(next.group(1)), "leadership moved: " + out);
    assertTrue(out.contains("existing: 4 for 4 VMs"), out);
    assertTrue(!out.contains("not reached"), out);
  }

  /* Bad flags must fail before anything starts, naming the flag: the failure rate went to Double.parseDouble (a
   * NumberFormatException and a stack trace) or to the backend's options (an IllegalArgumentException), and a stray
   * argument ended the flags silently. */
  @Test
  void badFlagsNameTheFlagAndTheFix() {
    assertEquals("invalid value \"abc\" for flag --backend-failure-rate: expected a number from 0 to 1, such as 0.2",
        org.junit.jupiter.api.Assertions.assertThrows(io.kubeloop.examples.cli.FlagException.class,
            () -> new DemoCommand().run(new String[] {"--backend-failure-rate=abc"})).getMessage());
    assertEquals("invalid value \"2\" for flag --backend-failure-rate: expected a number from 0 to 1, such as 0.2",
        org.junit.jupiter.api.Assertions.assertThrows(io.kubeloop.examples.cli.FlagException.class,
            () -> new DemoCommand().run(new String[] {"--backend-failure-rate=2"})).getMessage());
    assertEquals("unexpected argument \"true\" (and the 1 after it); demo takes only flags, and a boolean flag takes "
        + "its value after '=': write --stay=true",
        org.junit.jupiter.api.Assertions.assertThrows(io.kubeloop.examples.cli.FlagException.class,
            () -> new DemoCommand().run(new String[] {"--stay", "true", "--vms=1"})).getMessage());
  }
}
