package io.kubeloop.watch.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kubeloop.core.api.ObjectKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ports client-go's thread_safe_store_test.go and index_test.go (reference §2.8). */
class IndexerTest {
  private ThreadSafeIndexer<Obj> indexer;

  @AfterEach
  void indicesMatchItems() {
    if (indexer != null) {
      indexer.checkInvariants();
    }
  }

  private static List<ObjectKey> keys(String... names) {
    return Arrays.stream(names).map(ObjectKey::of).sorted().toList();
  }

  @Test
  void multipleValuesPerObjectAreFiledAndUnfiled() {
    // TestThreadSafeStoreIndexingFunctionsWithMultipleValues: index = comma split of the value
    indexer = new ThreadSafeIndexer<>(Map.of("v", o -> List.of(o.value().split(","))));
    indexer.put(Obj.of("key1", "1").withValue("foo"));
    indexer.put(Obj.of("key2", "1").withValue("bar"));
    indexer.put(Obj.of("key2", "2").withValue("foo,bar"));
    assertEquals(keys("key1", "key2"), indexer.indexKeys("v", "foo"));
    assertEquals(keys("key2"), indexer.indexKeys("v", "bar"));
    indexer.put(Obj.of("key1", "2").withValue("foo,bar"));
    assertEquals(keys("key1", "key2"), indexer.indexKeys("v", "bar"));
    indexer.put(Obj.of("key3", "1").withValue("foo,bar,baz"));
    indexer.put(Obj.of("key1", "3").withValue("foo"));
    assertEquals(keys("key2", "key3"), indexer.indexKeys("v", "bar"));
    indexer.put(Obj.of("key2", "3").withValue("bar"));
    assertEquals(keys("key1", "key3"), indexer.indexKeys("v", "foo"));
    indexer.delete(ObjectKey.of("key1"));
    assertEquals(keys("key3"), indexer.indexKeys("v", "foo"));
    indexer.delete(ObjectKey.of("key3"));
    assertEquals(keys(), indexer.indexKeys("v", "foo"));
    assertEquals(keys("key2"), indexer.indexKeys("v", "bar"));
    assertEquals(Set.of("bar"), indexer.indexValues("v"), "empty sets are removed");
  }

  @Test
  void multiIndexKeys() {
    // TestMultiIndexKeys: index = the "users" label split on dots
    indexer = new ThreadSafeIndexer<>(Map.of("byUser", o -> List.of(o.metadata().labels().getOrDefault("users", "").split("\\."))));
    indexer.put(Obj.of("one", "1").withLabels(Map.of("users", "ernie.bert")));
    indexer.put(Obj.of("two", "1").withLabels(Map.of("users", "bert.oscar")));
    indexer.put(Obj.of("tre", "1").withLabels(Map.of("users", "ernie.elmo")));
    assertEquals(keys("one", "tre"), indexer.indexKeys("byUser", "ernie"));
    assertEquals(keys("one", "two"), indexer.indexKeys("byUser", "bert"));
    assertEquals(keys("tre"), indexer.indexKeys("byUser", "elmo"));
    assertEquals(keys("two"), indexer.indexKeys("byUser", "oscar"));
    assertEquals(keys(), indexer.indexKeys("byUser", "elmo1"));
    indexer.delete(ObjectKey.of("tre"));
    assertEquals(keys("one"), indexer.indexKeys("byUser", "ernie"));
    assertEquals(keys(), indexer.indexKeys("byUser", "elmo"));
    indexer.put(Obj.of("two", "2").withLabels(Map.of("users", "oscar")));
    assertEquals(keys("one"), indexer.indexKeys("byUser", "bert"));
    assertEquals(2, indexer.byIndex("byUser", "ernie").size() + indexer.byIndex("byUser", "oscar").size());
  }

  @Test
  void namespaceIndexAndReplace() {
    indexer = new ThreadSafeIndexer<>(Map.of());
    indexer.put(Obj.of("a", "x", "1"));
    indexer.put(Obj.of("b", "x", "2"));
    indexer.put(Obj.of("cluster-scoped", "3"));
    assertEquals(1, indexer.list("a").size());
    assertEquals(Set.of("a", "b"), indexer.indexValues(Indexer.NAMESPACE_INDEX));
    assertEquals("3", indexer.resourceVersion());
    indexer.replace(List.of(Obj.of("b", "y", "9")), "10");
    assertEquals(List.of(), indexer.list("a"));
    assertEquals(Set.of(ObjectKey.of("b", "y")), indexer.keys());
    assertEquals("10", indexer.resourceVersion());
  }

  @Test
  void addIndexersFilesExistingObjectsAndRejectsConflicts() {
    indexer = new ThreadSafeIndexer<>(Map.of());
    indexer.put(Obj.of("a", "1").withValue("red"));
    indexer.addIndexers(Map.of("color", o -> List.of(o.value())));
    assertEquals(keys("a"), indexer.indexKeys("color", "red"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> indexer.addIndexers(Map.of("color", o -> List.of())));
    assertEquals("indexer conflict: [color]", e.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> indexer.byIndex("size", "x"));
    assertEquals("Index with name size does not exist", unknown.getMessage());
  }

  @Test
  void anIndexFunctionThatThrowsLeavesTheStoreAsItWas() {
    // A user's index function meets an object shape it did not expect (a missing field): the put fails, and the
    // cache must not be left holding the new object filed under the old object's index values.
    IndexFunc<Obj> fragile = o -> {
      if (o.value().equals("no-owner")) {
        throw new NullPointerException("spec.owner");
      }
      return List.of(o.value());
    };
    indexer = new ThreadSafeIndexer<>(new java.util.LinkedHashMap<>(Map.of("a", o -> List.of("x" + o.value()), "byOwner", fragile)));
    indexer.put(Obj.of("ns", "one", "1").withValue("alice"));
    assertThrows(NullPointerException.class, () -> indexer.put(Obj.of("ns", "one", "2").withValue("no-owner")));
    assertEquals("alice", indexer.get(ObjectKey.of("ns", "one")).orElseThrow().value());
    assertThrows(NullPointerException.class, () -> indexer.put(Obj.of("ns", "two", "3").withValue("no-owner")));
    assertEquals(Set.of(ObjectKey.of("ns", "one")), indexer.keys());
    assertThrows(NullPointerException.class, () -> indexer.replace(
        List.of(Obj.of("ns", "one", "4").withValue("bob"), Obj.of("ns", "two", "4").withValue("no-owner")), "4"));
    assertEquals("alice", indexer.get(ObjectKey.of("ns", "one")).orElseThrow().value());
    assertEquals(List.of(ObjectKey.of("ns", "one")), indexer.indexKeys("byOwner", "alice"));
    IndexFunc<Obj> failing = o -> {
      throw new IllegalStateException("bad index");
    };
    assertThrows(IllegalStateException.class, () -> indexer.addIndexers(Map.of("failing", failing)));
    assertEquals(Set.of(Indexer.NAMESPACE_INDEX, "a", "byOwner"), Set.copyOf(indexer.indexNames()),
        "a failed addIndexers adds nothing");
  }
}
