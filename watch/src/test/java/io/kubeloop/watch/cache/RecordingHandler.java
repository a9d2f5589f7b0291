package io.kubeloop.watch.cache;

import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.testing.Await;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ResourceEventHandler} that keeps what it saw: every notification as text ("add a@2 initial",
 * "update a@2->a@3", "delete a@3", "tombstone a@3"), per key in order, and the state it implies. It also checks,
 * as it goes, that each object's sequence is consistent: no add of a key it believes present, no update or delete
 * of a key it believes absent, an update's old object equal to the last one it was given, resourceVersions that
 * never go backwards. Violations are collected, not thrown, so the informer's log does not swallow them.
 */
class RecordingHandler<T extends KubernetesObject> implements ResourceEventHandler<T> {
  private final List<String> events = new ArrayList<>();
  private final Map<ObjectKey, List<String>> perKey = new LinkedHashMap<>();
  private final Map<ObjectKey, T> state = new LinkedHashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final Lister<T> lister;

  RecordingHandler() {
    this(null);
  }

  /** With a lister: also checks that the cache already holds what each notification announces. */
  RecordingHandler(Lister<T> lister) {
    this.lister = lister;
  }

  @Override
  public synchronized void onAdd(T object, boolean isInInitialList) {
    record(object.key(), "add " + d(object) + (isInInitialList ? " initial" : ""));
    if (state.containsKey(object.key())) {
      violations.add("add of present " + object);
    }
    state.put(object.key(), object);
  }

  @Override
  public synchronized void onUpdate(T oldObject, T newObject) {
    record(newObject.key(), "update " + d(oldObject) + "->" + d(newObject));
    T mine = state.get(newObject.key());
    if (mine == null) {
      violations.add("update of absent " + newObject);
    } else if (!mine.equals(oldObject)) {
      violations.add("update from " + oldObject + " but last seen " + mine);
    } else if (Long.parseLong(rv(newObject)) < Long.parseLong(rv(mine))) {
      violations.add("went back in time " + mine + " -> " + newObject);
    }
    state.put(newObject.key(), newObject);
  }

  @Override
  public synchronized void onDelete(T object) {
    record(object.key(), "delete " + d(object));
    deleted(object);
  }

  @Override
  public synchronized void onDeleteFinalStateUnknown(DeletedFinalStateUnknown<T> tombstone) {
    record(tombstone.key(), "tombstone " + d(tombstone.object()));
    deleted(tombstone.object());
  }

  private void deleted(T object) {
    if (state.remove(object.key()) == null) {
      violations.add("delete of absent " + object);
    }
  }

  private void record(ObjectKey key, String event) {
    events.add(event);
    perKey.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
    if (lister != null && !event.startsWith("delete") && !event.startsWith("tombstone")) {
      // the cache is updated before handlers are told, and never goes back: it holds this version or a newer one
      String rv = lister.get(key).map(RecordingHandler::rv).orElse(null);
      if (rv == null) {
        return; // deleted since: fine
      }
      String announced = event.substring(event.lastIndexOf('@') + 1).replace(" initial", "");
      if (Long.parseLong(rv) < Long.parseLong(announced)) {
        violations.add("cache at " + rv + " older than announced " + event);
      }
    }
  }

  static String rv(KubernetesObject o) {
    return o.metadata().resourceVersion();
  }

  /** {@code namespace/name@resourceVersion}. */
  static String d(KubernetesObject o) {
    return o.key() + "@" + rv(o);
  }

  synchronized List<String> events() {
    return List.copyOf(events);
  }

  synchronized List<String> events(ObjectKey key) {
    return List.copyOf(perKey.getOrDefault(key, List.of()));
  }

  synchronized Map<ObjectKey, T> state() {
    return Map.copyOf(state);
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  synchronized int count() {
    return events.size();
  }

  void awaitCount(int n) {
    Await.until(n + " notifications, have " + events(), () -> count() >= n);
  }
}
