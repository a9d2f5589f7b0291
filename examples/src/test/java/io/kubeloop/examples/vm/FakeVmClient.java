package io.kubeloop.examples.vm;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.core.api.ObjectList;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.api.Status;
import io.kubeloop.core.client.DeleteOptions;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.client.PatchOptions;
import io.kubeloop.core.client.PatchType;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.client.WatchOptions;
import io.kubeloop.core.client.WatchStream;
import io.kubeloop.core.client.WriteOptions;
import io.kubeloop.watch.cache.Lister;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake of the VM API for reconciler tests, in the way of client-go's fake clientset with its recorded actions:
 * objects in a map, resourceVersion checks (409 on a stale write), the status subresource (update keeps the
 * stored status, updateStatus keeps everything but status), and a log of every write in {@link #actions}, shared
 * with the backend's log so tests can assert the order "delete server" before "remove finalizer".
 * {@link #lister()} reads the same map, i.e. a cache that is never stale unless a test {@link #stale stales} it.
 */
final class FakeVmClient implements ResourceClient<VirtualMachine> {
  final List<String> actions;
  final Map<ObjectKey, VirtualMachine> objects = new TreeMap<>();
  private final Map<ObjectKey, VirtualMachine> staleView = new TreeMap<>();
  private final AtomicLong rv = new AtomicLong(100);
  int conflictsToInject;

  FakeVmClient(List<String> actions) {
    this.actions = actions;
  }

  /** Seeds an object as the server would store it (uid and resourceVersion assigned). */
  VirtualMachine seed(VirtualMachine vm) {
    ObjectMeta m = vm.metadata();
    ObjectMeta stored = new ObjectMeta(m.name(), null, m.namespace(), m.uid() == null ? "uid-" + m.name() : m.uid(),
        String.valueOf(rv.incrementAndGet()), 1L, null, m.deletionTimestamp(), null, m.labels(), m.annotations(),
        m.finalizers(), null, null, m.unknown());
    VirtualMachine s = vm.withMetadata(stored);
    objects.put(s.key(), s);
    return s;
  }

  /** From now on the lister returns {@code key}'s current object even after writes. */
  void stale(ObjectKey key) {
    staleView.put(key, objects.get(key));
  }

  VirtualMachine get(ObjectKey key) {
    return objects.get(key);
  }

  Lister<VirtualMachine> lister() {
    return new Lister<>() {
      @Override
      public Optional<VirtualMachine> get(ObjectKey key) {
        return Optional.ofNullable(staleView.containsKey(key) ? staleView.get(key) : objects.get(key));
      }

      @Override
      public List<VirtualMachine> list() {
        return List.copyOf(objects.values());
      }

      @Override
      public List<VirtualMachine> list(String namespace) {
        return objects.values().stream().filter(v -> namespace.equals(v.metadata().namespace())).toList();
      }

      @Override
      public Set<ObjectKey> keys() {
        return Set.copyOf(objects.keySet());
      }

      @Override
      public List<VirtualMachine> byIndex(String indexName, String value) {
        throw new IllegalArgumentException("Index with name " + indexName + " does not exist");
      }

      @Override
      public List<ObjectKey> indexKeys(String indexName, String value) {
        throw new IllegalArgumentException("Index with name " + indexName + " does not exist");
      }

      @Override
      public Set<String> indexValues(String indexName) {
        return Set.of();
      }

      @Override
      public int size() {
        return objects.size();
      }
    };
  }

  private VirtualMachine checkedStored(VirtualMachine vm, String verb) throws ApiException {
    if (conflictsToInject > 0) {
      conflictsToInject--;
      throw new ApiException(Status.failure(409, "Conflict", "injected conflict"));
    }
    VirtualMachine stored = objects.get(vm.key());
    if (stored == null) {
      throw new ApiException(Status.failure(404, "NotFound", "virtualmachines \"" + vm.metadata().name() + "\" not found"));
    }
    if (!stored.metadata().resourceVersion().equals(vm.metadata().resourceVersion())) {
      throw new ApiException(Status.failure(409, "Conflict", "Operation cannot be fulfilled on virtualmachines.cloudnative.czs \""
          + vm.metadata().name() + "\": the object has been modified; please apply your changes to the latest version and try again"));
    }
    return stored;
  }

  @Override
  public synchronized VirtualMachine update(VirtualMachine vm, WriteOptions options) throws ApiException {
    VirtualMachine stored = checkedStored(vm, "update");
    VirtualMachine next = vm.withStatus(stored.status())
        .withMetadata(vm.metadata().withResourceVersion(String.valueOf(rv.incrementAndGet())));
    if (next.metadata().isDeleting() && next.metadata().finalizers().isEmpty()) {
      objects.remove(vm.key());
      actions.add("update " + vm.key() + " finalizers=[] (deleted)");
      return next;
    }
    objects.put(vm.key(), next);
    actions.add("update " + vm.key() + " finalizers=" + next.metadata().finalizers());
    return next;
  }

  @Override
  public synchronized VirtualMachine updateStatus(VirtualMachine vm, WriteOptions options) throws ApiException {
    VirtualMachine stored = checkedStored(vm, "updateStatus");
    VirtualMachine next = stored.withStatus(vm.status())
        .withMetadata(stored.metadata().withResourceVersion(String.valueOf(rv.incrementAndGet())));
    objects.put(vm.key(), next);
    VirtualMachineStatus s = vm.status();
    actions.add("updateStatus " + vm.key() + " phase=" + s.phase()
        + (s.server() == null ? "" : " server=" + s.server().id()) + (s.reason() == null ? "" : " reason=" + s.reason()));
    return next;
  }

  // Verbs the reconciler must not use: a call fails the test, as client-go's catch-all reactor does.
  private static UnsupportedOperationException unexpected(String verb) {
    return new UnsupportedOperationException("the reconciler must not call " + verb);
  }

  @Override
  public ResourceType<VirtualMachine> type() {
    return VirtualMachine.TYPE;
  }

  @Override
  public String namespace() {
    return null;
  }

  @Override
  public ResourceClient<VirtualMachine> inNamespace(String namespace) {
    return this;
  }

  @Override
  public ResourceClient<VirtualMachine> inAllNamespaces() {
    return this;
  }

  @Override
  public ResourceClient<VirtualMachine> withContext(Context context) {
    return this;
  }

  @Override
  public ResourceClient<VirtualMachine> withRequestTimeout(Duration timeout) {
    return this;
  }

  @Override
  public VirtualMachine get(String name) {
    throw unexpected("get (read the lister)");
  }

  @Override
  public ObjectList<VirtualMachine> list(ListOptions options) {
    throw unexpected("list");
  }

  @Override
  public WatchStream<VirtualMachine> watch(WatchOptions options) {
    throw unexpected("watch");
  }

  @Override
  public VirtualMachine create(VirtualMachine object, WriteOptions options) {
    throw unexpected("create");
  }

  @Override
  public VirtualMachine patch(String name, PatchType type, String patch, PatchOptions options) {
    throw unexpected("patch");
  }

  @Override
  public VirtualMachine patchStatus(String name, PatchType type, String patch, PatchOptions options) {
    throw unexpected("patchStatus");
  }

  @Override
  public VirtualMachine apply(VirtualMachine object, String fieldManager, boolean force) {
    throw unexpected("apply");
  }

  @Override
  public Optional<VirtualMachine> delete(String name, DeleteOptions options) {
    throw unexpected("delete");
  }

  @Override
  public Status deleteCollection(ListOptions listOptions, DeleteOptions deleteOptions) {
    throw unexpected("deleteCollection");
  }

  static List<String> log() {
    return new ArrayList<>();
  }
}
