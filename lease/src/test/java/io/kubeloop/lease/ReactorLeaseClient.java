package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.api.ObjectList;
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
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code ResourceClient<Lease>} in the manner of client-go's fake clientset with reactors: an in-memory store of
 * Leases with resourceVersions and 409s, where each verb can be replaced by a reactor, and every call is recorded
 * as its verb ({@code "get"}, {@code "create"}, {@code "update"}). Verbs the lock never uses fail loudly, like a
 * catch-all reactor for an unreachable action.
 */
final class ReactorLeaseClient implements ResourceClient<Lease> {
  /**
   * Answers one call; {@code input} is null for get. May throw to simulate a server error, or return null to let
   * the in-memory store answer.
   */
  interface Reactor {
    Lease react(String name, Lease input) throws IOException, ApiException;
  }

  private final State state;
  private final String namespace;
  private final Context context;

  ReactorLeaseClient() {
    this(new State(), null, null);
  }

  private ReactorLeaseClient(State state, String namespace, Context context) {
    this.state = state;
    this.namespace = namespace;
    this.context = context;
  }

  private static final class State {
    final Map<String, Lease> store = new HashMap<>();
    final List<String> actions = new ArrayList<>();
    long resourceVersion;
    Reactor onGet;
    Reactor onCreate;
    Reactor onUpdate;
  }

  void onGet(Reactor r) {
    synchronized (state) {
      state.onGet = r;
    }
  }

  void onCreate(Reactor r) {
    synchronized (state) {
      state.onCreate = r;
    }
  }

  void onUpdate(Reactor r) {
    synchronized (state) {
      state.onUpdate = r;
    }
  }

  List<String> actions() {
    synchronized (state) {
      return List.copyOf(state.actions);
    }
  }

  /** Puts a Lease into the store directly (as the server would hold it), assigning a resourceVersion. */
  Lease seed(Lease lease) {
    synchronized (state) {
      Lease stored = lease.withMetadata(lease.metadata().withResourceVersion(Long.toString(++state.resourceVersion)));
      state.store.put(lease.metadata().name(), stored);
      return stored;
    }
  }

  Optional<Lease> stored(String name) {
    synchronized (state) {
      return Optional.ofNullable(state.store.get(name));
    }
  }

  static ApiException notFound(String name) {
    return new ApiException(Status.failure(404, "NotFound", "leases.coordination.k8s.io \"" + name + "\" not found"));
  }

  static ApiException conflict(String name) {
    return new ApiException(Status.failure(409, "Conflict", "Operation cannot be fulfilled on leases.coordination.k8s.io \""
        + name + "\": the object has been modified; please apply your changes to the latest version and try again"));
  }

  private void enter(String verb) throws InterruptedIOException {
    synchronized (state) {
      state.actions.add(verb);
    }
    if (context != null && context.isCancelled()) {
      throw new InterruptedIOException(context.cause());
    }
  }

  private Reactor reactor(String verb) {
    synchronized (state) {
      return switch (verb) {
        case "get" -> state.onGet;
        case "create" -> state.onCreate;
        default -> state.onUpdate;
      };
    }
  }

  @Override
  public Lease get(String name) throws IOException, ApiException {
    enter("get");
    Reactor r = reactor("get");
    if (r != null) {
      Lease answer = r.react(name, null);
      if (answer != null) {
        return answer;
      }
    }
    synchronized (state) {
      Lease l = state.store.get(name);
      if (l == null) {
        throw notFound(name);
      }
      return l;
    }
  }

  @Override
  public Lease create(Lease object, WriteOptions options) throws IOException, ApiException {
    enter("create");
    Reactor r = reactor("create");
    if (r != null) {
      Lease answer = r.react(object.metadata().name(), object);
      if (answer != null) {
        return answer;
      }
    }
    synchronized (state) {
      String name = object.metadata().name();
      if (state.store.containsKey(name)) {
        throw new ApiException(Status.failure(409, "AlreadyExists", "leases.coordination.k8s.io \"" + name + "\" already exists"));
      }
      Lease stored = object.withMetadata(object.metadata().withResourceVersion(Long.toString(++state.resourceVersion)));
      state.store.put(name, stored);
      return stored;
    }
  }

  @Override
  public Lease update(Lease object, WriteOptions options) throws IOException, ApiException {
    enter("update");
    Reactor r = reactor("update");
    if (r != null) {
      Lease answer = r.react(object.metadata().name(), object);
      if (answer != null) {
        return answer;
      }
    }
    synchronized (state) {
      String name = object.metadata().name();
      Lease current = state.store.get(name);
      if (current == null) {
        throw notFound(name);
      }
      String rv = object.metadata().resourceVersion();
      if (rv != null && !rv.equals(current.metadata().resourceVersion())) {
        throw conflict(name);
      }
      Lease stored = object.withMetadata(object.metadata().withResourceVersion(Long.toString(++state.resourceVersion)));
      state.store.put(name, stored);
      return stored;
    }
  }

  @Override
  public ResourceType<Lease> type() {
    return Lease.TYPE;
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public ResourceClient<Lease> inNamespace(String ns) {
    return new ReactorLeaseClient(state, ns, context);
  }

  @Override
  public ResourceClient<Lease> inAllNamespaces() {
    return new ReactorLeaseClient(state, null, context);
  }

  @Override
  public ResourceClient<Lease> withContext(Context ctx) {
    return new ReactorLeaseClient(state, namespace, ctx);
  }

  @Override
  public ResourceClient<Lease> withRequestTimeout(Duration timeout) {
    return this;
  }

  @Override
  public ObjectList<Lease> list(ListOptions options) {
    throw new UnsupportedOperationException("unreachable action: list");
  }

  @Override
  public WatchStream<Lease> watch(WatchOptions options) {
    throw new UnsupportedOperationException("unreachable action: watch");
  }

  @Override
  public Lease updateStatus(Lease object, WriteOptions options) {
    throw new UnsupportedOperationException("unreachable action: updateStatus");
  }

  @Override
  public Lease patch(String name, PatchType type, String patch, PatchOptions options) {
    throw new UnsupportedOperationException("unreachable action: patch");
  }

  @Override
  public Lease patchStatus(String name, PatchType type, String patch, PatchOptions options) {
    throw new UnsupportedOperationException("unreachable action: patchStatus");
  }

  @Override
  public Lease apply(Lease object, String fieldManager, boolean force) {
    throw new UnsupportedOperationException("unreachable action: apply");
  }

  @Override
  public Optional<Lease> delete(String name, DeleteOptions options) {
    throw new UnsupportedOperationException("unreachable action: delete");
  }

  @Override
  public Status deleteCollection(ListOptions listOptions, DeleteOptions deleteOptions) {
    throw new UnsupportedOperationException("unreachable action: deleteCollection");
  }
}
