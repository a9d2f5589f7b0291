package io.kubeloop.watch.cache;

import java.util.List;
import java.util.stream.Collectors;

/** Asserts that a component's threads are gone the moment its {@code close()} returned (no waiting). */
public final class ThreadsGone {
  private ThreadsGone() {}

  /** Fails naming every live thread whose name contains one of {@code fragments}. */
  public static void assertNoThreads(String... fragments) {
    List<String> alive = Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> List.of(fragments).stream().anyMatch(n::contains))
        .sorted()
        .collect(Collectors.toList());
    if (!alive.isEmpty()) {
      throw new AssertionError("threads still alive after close(): " + alive);
    }
  }
}
