package io.kubeloop.watch.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link Reflector} is in its list-and-watch protocol: the explicit form of the control flow spread over
 * client-go's {@code ListAndWatch}, {@code watch} and {@code handleWatch} ({@code tools/cache/reflector.go}),
 * in the style of kube-rs's watcher {@code State}.
 *
 * <pre>
 *   NeedsList ──list ok──▶ Watching ──normal end / watchdog──▶ Watching (same RV, no relist)
 *       ▲                     │ 410 / too large RV ──▶ NeedsList(latest)      (one relist at RV "")
 *       │                     │ 429 / refused ──▶ BackingOff ─▶ Watching      (no relist)
 *       └──── BackingOff ◀────┘ anything else, or a list that failed
 *   any state ──context cancelled──▶ Stopped
 * </pre>
 */
public sealed interface ReflectorState {
  /**
   * The next step is a list.
   *
   * @param atLatest list at resourceVersion {@code ""} (a consistent read) because the last one we had is no
   *     longer served (client-go's {@code isLastSyncResourceVersionUnavailable})
   */
  record NeedsList(boolean atLatest) implements ReflectorState {}

  /** The next step is to open a watch from {@code resourceVersion} (or go on reading one already open). */
  record Watching(String resourceVersion) implements ReflectorState {
    public Watching {
      Objects.requireNonNull(resourceVersion, "resourceVersion");
    }
  }

  /**
   * Waiting {@code delay} on the clock after {@code cause}, then {@code then}.
   *
   * @param cause what failed; never null
   */
  record BackingOff(Duration delay, ReflectorState then, Throwable cause) implements ReflectorState {
    public BackingOff {
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(then, "then");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /** Terminal: the reflector's context ended ({@code cause} is the context's cause). */
  record Stopped(String cause) implements ReflectorState {}
}
