package io.kubeloop.lease;

import io.kubeloop.core.api.LeaseSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * Java counterpart of client-go {@code tools/leaderelection/resourcelock/interface.go}
 * ({@code LeaderElectionRecord}): who holds the lock, for how long, and since when. The elector reads and writes
 * only this; {@link LeaseLock} maps it onto a Lease's spec ({@code LeaseSpecToLeaseElectionRecord} and
 * {@code LeaderElectionRecordToLeaseSpec}).
 *
 * <p>Missing values are the zero values Go uses: {@code ""} for strings, 0 for numbers, {@code null} for times
 * (Go's zero time). Strings are never {@code null}.
 *
 * <p>Times are truncated to microseconds on construction, the precision of the {@code MicroTime} they are
 * stored as, so a record compares equal to itself after a round trip through the API server.
 *
 * <p>Difference from client-go: the elector compares records with {@link #equals} (times at microsecond
 * precision), where client-go compares {@code json.Marshal(record)} with times truncated to seconds. Seeing more
 * changes can only make a follower wait longer, never shorter, so this is at least as safe; it matters only
 * when a leader renews twice within one second (a retry period under 1 s).
 *
 * @param leaseDurationSeconds how long followers must see no change before they may take over, as advertised
 *     by the holder; followers use this value, not their own configuration
 * @param leaderTransitions how many times the lock changed hands (incremented by each takeover)
 * @param strategy {@code coordination.k8s.io} coordinated strategy; {@code ""} when unset (omitted on write)
 * @param preferredHolder set by a coordinated-election controller; {@code ""} when unset (omitted on write)
 */
public record LeaderElectionRecord(
    String holderIdentity,
    int leaseDurationSeconds,
    Instant acquireTime,
    Instant renewTime,
    int leaderTransitions,
    String strategy,
    String preferredHolder) {

  /** The record of a lock that nobody ever wrote (all zero values). */
  public static final LeaderElectionRecord EMPTY = new LeaderElectionRecord("", 0, null, null, 0, "", "");

  public LeaderElectionRecord {
    // A record holds only what a Lease can carry: MicroTime has microseconds. Without this, a record written from a
    // real (nanosecond) clock never equals the same record read back, and the leader would not recognise its own
    // write when it comes to release.
    acquireTime = acquireTime == null ? null : acquireTime.truncatedTo(ChronoUnit.MICROS);
    renewTime = renewTime == null ? null : renewTime.truncatedTo(ChronoUnit.MICROS);
    holderIdentity = holderIdentity == null ? "" : holderIdentity;
    strategy = strategy == null ? "" : strategy;
    preferredHolder = preferredHolder == null ? "" : preferredHolder;
  }

  /** A record with only the fields the non-coordinated elector writes. */
  public static LeaderElectionRecord of(String holderIdentity, int leaseDurationSeconds, Instant acquireTime,
      Instant renewTime, int leaderTransitions) {
    return new LeaderElectionRecord(holderIdentity, leaseDurationSeconds, acquireTime, renewTime, leaderTransitions, "", "");
  }

  public LeaderElectionRecord withAcquireTime(Instant value) {
    return new LeaderElectionRecord(holderIdentity, leaseDurationSeconds, value, renewTime, leaderTransitions, strategy, preferredHolder);
  }

  public LeaderElectionRecord withLeaderTransitions(int value) {
    return new LeaderElectionRecord(holderIdentity, leaseDurationSeconds, acquireTime, renewTime, value, strategy, preferredHolder);
  }

  /**
   * The record stored in {@code spec} ({@code LeaseSpecToLeaseElectionRecord}); a {@code null} spec or field
   * reads as the zero value.
   */
  public static LeaderElectionRecord fromSpec(LeaseSpec spec) {
    if (spec == null) {
      return EMPTY;
    }
    return new LeaderElectionRecord(
        spec.holderIdentity(),
        spec.leaseDurationSeconds() == null ? 0 : spec.leaseDurationSeconds(),
        spec.acquireTime(),
        spec.renewTime(),
        spec.leaseTransitions() == null ? 0 : spec.leaseTransitions(),
        spec.strategy(),
        spec.preferredHolder());
  }

  /**
   * This record as a Lease spec ({@code LeaderElectionRecordToLeaseSpec}). As in client-go,
   * {@code holderIdentity}, {@code leaseDurationSeconds}, both times and {@code leaseTransitions} are always
   * written (an empty holder as {@code ""}), while {@code strategy} and {@code preferredHolder} are written only
   * when set. Fields of {@code base} that the record does not model are kept.
   */
  public LeaseSpec toSpec(LeaseSpec base) {
    Map<String, Object> unknown = base == null ? null : base.unknown();
    return new LeaseSpec(
        holderIdentity,
        leaseDurationSeconds,
        acquireTime,
        renewTime,
        leaderTransitions,
        strategy.isEmpty() ? null : strategy,
        preferredHolder.isEmpty() ? null : preferredHolder,
        unknown);
  }

  /** Whether {@code identity} holds this record. */
  public boolean isHeldBy(String identity) {
    return holderIdentity.equals(Objects.requireNonNull(identity, "identity"));
  }
}
