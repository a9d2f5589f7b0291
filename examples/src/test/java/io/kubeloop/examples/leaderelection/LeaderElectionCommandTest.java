package io.kubeloop.examples.leaderelection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.examples.cli.FlagException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeaderElectionCommandTest {
  @Test
  void defaultsAreTheGoExamples() throws Exception {
    LeaderElectionCommand.Options o = LeaderElectionCommand.parse(
        new String[] {"--lease-lock-name=example", "--lease-lock-namespace=default"});
    assertEquals(Duration.ofSeconds(60), o.leaseDuration());
    assertEquals(Duration.ofSeconds(15), o.renewDeadline());
    assertEquals(Duration.ofSeconds(5), o.retryPeriod());
    assertTrue(o.releaseOnCancel());
    assertEquals(false, o.watchFollower());
    UUID.fromString(o.id());   // a random UUID when --id is absent
  }

  @Test
  void takesDurationsLikeGo() throws Exception {
    LeaderElectionCommand.Options o = LeaderElectionCommand.parse(new String[] {"--lease-lock-name", "x",
        "--lease-lock-namespace", "y", "--id=1", "--lease-duration=15s", "--renew-deadline", "10s",
        "--retry-period=1500ms", "--watch-follower"});
    assertEquals("1", o.id());
    assertEquals(Duration.ofMillis(1500), o.retryPeriod());
    assertTrue(o.watchFollower());
  }

  @Test
  void missingLeaseFlagsFailWithClientGosText() {
    FlagException name = assertThrows(FlagException.class,
        () -> LeaderElectionCommand.parse(new String[] {"--lease-lock-namespace=default"}));
    assertEquals("unable to get lease lock resource name (missing lease-lock-name flag).", name.getMessage());
    FlagException ns = assertThrows(FlagException.class,
        () -> LeaderElectionCommand.parse(new String[] {"--lease-lock-name=x"}));
    assertEquals("unable to get lease lock resource namespace (missing lease-lock-namespace flag).", ns.getMessage());
  }

  @Test
  void badTimingIsABadCommandLineWithClientGosRule() {
    FlagException e = assertThrows(FlagException.class, () -> new LeaderElectionCommand().run(new String[] {
        "--lease-lock-name=x", "--lease-lock-namespace=y", "--lease-duration=10s", "--renew-deadline=15s"}));
    assertEquals("leaseDuration must be greater than renewDeadline (--lease-duration=10s --renew-deadline=15s"
        + " --retry-period=5s)", e.getMessage());
  }
}
