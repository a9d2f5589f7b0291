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
}
