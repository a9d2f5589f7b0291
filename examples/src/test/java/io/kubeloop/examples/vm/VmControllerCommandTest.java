package io.kubeloop.examples.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.examples.cli.FlagException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VmControllerCommandTest {
  @Test
  void defaults() throws Exception {
    VmControllerCommand.Options o = VmControllerCommand.parse(new String[0]);
    assertEquals(2, o.threads());
    assertTrue(o.leaderElect());
    assertEquals("kubeloop-vm", o.leaseLockName());
    assertEquals(":8080", o.metricsAddr());
    assertEquals(Duration.ofSeconds(30), o.resync());
  }

  @Test
  void versionShortCircuits() throws Exception {
    assertNull(VmControllerCommand.parse(new String[] {"--version"}));
  }

  @Test
  void holderIdentityPrefersTheFlag() throws Exception {
    assertEquals("pod-a", VmControllerCommand.identity(VmControllerCommand.parse(new String[] {"--holder-identity=pod-a"})));
  }

  @Test
  void badValuesNameTheFlagAndTheFix() {
    assertEquals("invalid value \"0\" for flag --threads: expected at least 1 worker",
        assertThrows(FlagException.class, () -> VmControllerCommand.parse(new String[] {"--threads=0"})).getMessage());
    assertEquals("invalid value \"2\" for flag --backend-failure-rate: expected a number from 0 to 1, such as 0.2",
        assertThrows(FlagException.class, () -> VmControllerCommand.parse(new String[] {"--backend-failure-rate=2"})).getMessage());
    assertTrue(assertThrows(FlagException.class, () -> VmControllerCommand.parse(new String[] {"--metrics-addr=8080"}))
        .getMessage().startsWith("invalid value \"8080\" for flag --metrics-addr: expected host:port"));
  }

  @Test
  void aMissingKubeconfigFileSaysSo() {
    FlagException e = assertThrows(FlagException.class,
        () -> new VmControllerCommand().run(new String[] {"--kubeconfig=/nonexistent/kc"}));
    assertEquals("invalid value \"/nonexistent/kc\" for flag --kubeconfig: no such file; give the path of a "
        + "kubeconfig file, or leave the flag out to use the default rules", e.getMessage());
  }

  /* Parsing stops at the first argument that is not a flag, so "--leader-elect false --threads 4" left leader
   * election on and two threads, silently. */
  @Test
  void aStrayArgumentIsAnErrorNotTheSilentEndOfTheFlags() {
    FlagException e = assertThrows(FlagException.class,
        () -> VmControllerCommand.parse(new String[] {"--leader-elect", "false", "--threads", "4"}));
    assertEquals("unexpected argument \"false\" (and the 2 after it); vm-controller takes only flags, and a boolean "
        + "flag takes its value after '=': write --leader-elect=false", e.getMessage());
  }

  @Test
  void negativeBackendDurationsNameTheFlag() {
    assertEquals("invalid value \"-1s\" for flag --backend-latency: expected 0 or a positive duration such as 100ms",
        assertThrows(FlagException.class, () -> VmControllerCommand.parse(new String[] {"--backend-latency=-1s"}))
            .getMessage());
    assertEquals("invalid value \"-2s\" for flag --backend-provisioning: expected 0 or a positive duration such as 2s",
        assertThrows(FlagException.class, () -> VmControllerCommand.parse(new String[] {"--backend-provisioning=-2s"}))
            .getMessage());
  }
}
