package io.kubeloop.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void noArgumentsPrintsUsageAndExits2() {
    assertEquals(2, run());
    String usage = err.toString(StandardCharsets.UTF_8);
    for (String c : new String[] {"leader-election", "vm-controller", "demo", "apiserver"}) {
      assertTrue(usage.contains(c), usage);
    }
  }

  @Test
  void unknownSubcommandNamesTheChoices() {
    assertEquals(2, run("vm-controler"));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("unknown subcommand \"vm-controler\"; choose one of leader-election, vm-controller"));
  }

  @Test
  void badFlagExits2WithTheCommandName() {
    assertEquals(2, run("leader-election", "--nope"));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("leader-election: unknown flag --nope"), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aBrokenKubeconfigIsOneLineNotAStackTrace(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path kc = dir.resolve("kc");
    java.nio.file.Files.writeString(kc, "apiVersion: v1\nkind: Config\ncurrent-context: nope\n");
    assertEquals(1, run("vm-controller", "--kubeconfig=" + kc, "--metrics-addr=0"));
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("vm-controller: "), text);
    assertEquals(1, text.lines().count(), text);
  }

  @Test
  void helpExits0() {
    assertEquals(0, run("leader-election", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--lease-lock-name"));
  }
}
