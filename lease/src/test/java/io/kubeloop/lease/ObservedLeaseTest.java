package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The observation rules: a change restarts the countdown, an unchanged read does not, a watch never un-leads us. */
class ObservedLeaseTest {
  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  final ObservedLease observed = new ObservedLease();

  @Test
  void onlyAChangedRecordRestartsTheCountdown() {
    LeaderElectionRecord bing = LeaderElectionRecord.of("bing", 10, T, T, 0);
    observed.observeRead(bing, T);
    observed.observeRead(bing, T.plusSeconds(9));
    assertEquals(T, observed.get().time());
    assertTrue(observed.get().isLeaseValid(T.plusSeconds(9)));
    assertFalse(observed.get().isLeaseValid(T.plusSeconds(10)), "valid strictly before time + advertised seconds");
    observed.observeRead(bing.withLeaderTransitions(1), T.plusSeconds(11));
    assertEquals(T.plusSeconds(11), observed.get().time());
  }

  @Test
  void ourOwnWriteMakesTheNextReadCountAsAChange() {
    observed.observeRead(LeaderElectionRecord.of("bing", 10, T, T, 0), T);
    LeaderElectionRecord mine = LeaderElectionRecord.of("baz", 10, T.plusSeconds(5), T.plusSeconds(5), 1);
    observed.set(mine, T.plusSeconds(5));
    observed.observeRead(mine, T.plusSeconds(6));
    assertEquals(T.plusSeconds(6), observed.get().time(), "raw is the last read (bing), so reading our write is a change");
    observed.observeRead(mine, T.plusSeconds(8));
    assertEquals(T.plusSeconds(6), observed.get().time(), "reading it again is not");
  }

  @Test
  void aLateWatchEventDoesNotReplaceOurOwnHolding() {
    LeaderElectionRecord mine = LeaderElectionRecord.of("baz", 10, T, T, 1);
    observed.set(mine, T);
    ObservedLease.Observation o = observed.observeWatched(LeaderElectionRecord.of("bing", 10, T, T, 0), T.plusSeconds(1), "baz");
    assertSame(mine, o.record());
    assertEquals("baz", observed.get().record().holderIdentity());
    ObservedLease following = new ObservedLease();
    following.observeWatched(LeaderElectionRecord.of("bing", 10, T, T, 0), T, "baz");
    assertEquals("bing", following.get().record().holderIdentity());
  }
}
