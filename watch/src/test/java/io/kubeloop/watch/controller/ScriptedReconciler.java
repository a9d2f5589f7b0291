package io.kubeloop.watch.controller;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A reconciler that plays a script per key (each call takes the next step: a {@link Result}, an exception to throw,
 * or a latch to wait on before answering done) and records every call with its thread. Unscripted calls answer
 * {@link Result#done()}.
 */
final class ScriptedReconciler implements Reconciler<String> {
  /** One recorded call. */
  record Call(String key, String thread) {}

  private final Map<String, Deque<Object>> script = new ConcurrentHashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final List<String> finished = new ArrayList<>();

  /** Appends steps for {@code key}: {@link Result}, {@link Exception}, or {@link CountDownLatch} (block, then done). */
  ScriptedReconciler then(String key, Object... steps) {
    Deque<Object> d = script.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (d) {
      d.addAll(List.of(steps));
    }
    return this;
  }

  @Override
  public Result reconcile(String key) throws Exception {
    synchronized (this) {
      calls.add(new Call(key, Thread.currentThread().getName()));
    }
    Deque<Object> d = script.get(key);
    Object step = null;
    if (d != null) {
      synchronized (d) {
        step = d.poll();
      }
    }
    try {
      if (step instanceof Exception e) {
        throw e;
      }
      if (step instanceof CountDownLatch latch) {
        latch.await();
        return Result.done();
      }
      return step instanceof Result r ? r : Result.done();
    } finally {
      synchronized (this) {
        finished.add(key);
      }
    }
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized int callsFor(String key) {
    return (int) calls.stream().filter(c -> c.key().equals(key)).count();
  }

  synchronized int finishedFor(String key) {
    return (int) finished.stream().filter(key::equals).count();
  }
}
