package io.kubeloop.core.client;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Json;
import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectList;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.api.Status;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The verbs of one {@link ResourceType} over a {@link DefaultKubeClient}: the Java counterpart of a generated
 * client-go typed client ({@code typed/coordination/v1/lease.go} on {@code gentype.Client}) and of the dynamic
 * client's {@code dynamicResourceClient}, one class for both since a {@code ResourceType} names the path and the
 * Java class.
 *
 * <p>Each verb builds a {@link KubeRequest} (method, path, API query parameters, JSON body), runs it through the
 * client's chain, maps refusals to {@link ApiException} and decodes the body with {@link Json}. Immutable: the
 * {@code inNamespace}/{@code withContext}/{@code withRequestTimeout} views are new instances.
 */
final class DefaultResourceClient<T> implements ResourceClient<T> {
  private static final System.Logger LOG = System.getLogger(DefaultResourceClient.class.getName());
  private static final String JSON = "application/json";

  private final DefaultKubeClient client;
  private final ResourceType<T> type;
  /** Null: all namespaces (namespaced resource) or none (cluster-scoped). */
  private final String namespace;
  private final Context context;
  private final Duration timeout;
  private final JavaType listType;

  DefaultResourceClient(DefaultKubeClient client, ResourceType<T> type, String namespace, Context context, Duration timeout) {
    this.client = client;
    this.type = type;
    this.namespace = type.namespaced() ? namespace : null;
    this.context = context;
    this.timeout = timeout;
    this.listType = Json.type(ObjectList.class, type.type());
  }

  @Override
  public ResourceType<T> type() {
    return type;
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public ResourceClient<T> inNamespace(String value) {
    Objects.requireNonNull(value, "namespace");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("expected a namespace name but was empty; use inAllNamespaces() for all");
    }
    return new DefaultResourceClient<>(client, type, value, context, timeout);
  }

  @Override
  public ResourceClient<T> inAllNamespaces() {
    return new DefaultResourceClient<>(client, type, null, context, timeout);
  }

  @Override
  public ResourceClient<T> withContext(Context value) {
    return new DefaultResourceClient<>(client, type, namespace, Objects.requireNonNull(value, "context"), timeout);
  }

  @Override
  public ResourceClient<T> withRequestTimeout(Duration value) {
    if (value != null && value.isNegative()) {
      throw new IllegalArgumentException("expected a request timeout >= 0 but was " + value);
    }
    return new DefaultResourceClient<>(client, type, namespace, context, value == null || value.isZero() ? null : value);
  }

  // ---- reads

  @Override
  public T get(String name) throws IOException, ApiException {
    KubeRequest request = request("GET", objectPath(namespaceForName("get"), name, ""), "", name);
    return decode(request, client.call(request), type.type());
  }

  @Override
  public ObjectList<T> list(ListOptions options) throws IOException, ApiException {
    KubeRequest request = request("GET", type.collectionPath(namespace), Query.of(options).toString(), "");
    return decodeList(request, client.call(request));
  }

  @Override
  public WatchStream<T> watch(WatchOptions options) throws IOException, ApiException {
    KubeRequest request = request("GET", type.collectionPath(namespace), Query.of(options).toString(), "").asWatch();
    KubeResponse response;
    try {
      response = client.execute(request);
    } catch (IOException e) {
      if (RetryStage.isRetryable(request, e)) {
        // client-go's Request.Watch: a dropped connection after the retries ran out is an empty watch, not an
        // error; the caller (a reflector) simply watches again.
        LOG.log(Level.DEBUG, () -> "watch could not be established; returning an empty watch request="
            + request.describe() + " error=" + e.getMessage());
        return DefaultWatchStream.empty();
      }
      throw e;
    }
    if (response.code() != 200) {
      // Success for a watch is 200 only (client-go); anything else is read whole and mapped to an error. The body
      // is a live stream here (not read by the transport), so cancellation and close() must be able to end the read
      // of a body the server stalls.
      byte[] body;
      Context.Registration cancelling = context.onCancel(response::close);
      Context.Registration closing = client.lifetime().onCancel(response::close);
      try (response) {
        body = response.body().readNBytes(ResponseErrors.MAX_BODY_BYTES * 8);
      } catch (IOException e) {
        InterruptedIOException cancelled = cancelledWhileRefused(request, response.code());
        throw cancelled != null ? cancelled : e;
      } finally {
        cancelling.remove();
        closing.remove();
      }
      InterruptedIOException cancelled = cancelledWhileRefused(request, response.code());
      if (cancelled != null) {
        throw cancelled; // the close may have ended the body early instead of failing the read
      }
      ApiException error = ResponseErrors.check(request, response.code(), response.header("Content-Type"),
          response.header("Retry-After"), body);
      throw error != null ? error : new ApiException(request.describe(), Status.failure(response.code(), "",
          "expected 200 OK to start a watch but the server answered " + response.code()));
    }
    return new DefaultWatchStream<>(request.describe(), response.body(), type.type(), context, client.lifetime());
  }

  /** The error for a watch refusal whose body read was cut short by cancellation or close(); null if neither. */
  private InterruptedIOException cancelledWhileRefused(KubeRequest request, int code) {
    if (!context.isCancelled() && !client.lifetime().isCancelled()) {
      return null;
    }
    return new InterruptedIOException(request.describe() + ": cancelled while reading the " + code
        + " that refused the watch: " + (context.isCancelled() ? context.cause() : "the client was closed"));
  }

  // ---- writes

  @Override
  public T create(T object, WriteOptions options) throws IOException, ApiException {
    ObjectMeta meta = metadataOf(object);
    KubeRequest request = request("POST", type.collectionPath(namespaceForWrite(meta, "create")),
        Query.of(options).toString(), nullToEmpty(meta.name())).withBody(JSON, Json.writeBytes(object));
    return decode(request, client.call(request), type.type());
  }

  @Override
  public T update(T object, WriteOptions options) throws IOException, ApiException {
    return put(object, options, "", "update");
  }

  @Override
  public T updateStatus(T object, WriteOptions options) throws IOException, ApiException {
    return put(object, options, "/status", "updateStatus");
  }

  private T put(T object, WriteOptions options, String subresource, String verb) throws IOException, ApiException {
    ObjectMeta meta = metadataOf(object);
    String name = requireName(meta.name(), verb);
    KubeRequest request = request("PUT", objectPath(namespaceForWrite(meta, verb), name, subresource),
        Query.of(options).toString(), name).withBody(JSON, Json.writeBytes(object));
    return decode(request, client.call(request), type.type());
  }

  @Override
  public T patch(String name, PatchType patchType, String patch, PatchOptions options) throws IOException, ApiException {
    return patch(name, patchType, patch, options, "");
  }

  @Override
  public T patchStatus(String name, PatchType patchType, String patch, PatchOptions options) throws IOException, ApiException {
    return patch(name, patchType, patch, options, "/status");
  }

  private T patch(String name, PatchType patchType, String patch, PatchOptions options, String subresource)
      throws IOException, ApiException {
    Objects.requireNonNull(patchType, "patchType");
    Objects.requireNonNull(patch, "patch");
    if (patchType == PatchType.APPLY_PATCH && (options.fieldManager() == null || options.fieldManager().isEmpty())) {
      throw new IllegalArgumentException("a server-side apply patch of " + type + " " + name
          + " needs a field manager; use PatchOptions.apply(\"my-controller\", false)");
    }
    KubeRequest request = request("PATCH", objectPath(namespaceForName("patch"), name, subresource),
        Query.of(options).toString(), name).withBody(patchType.contentType(), patch.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return decode(request, client.call(request), type.type());
  }

  @Override
  public T apply(T object, String fieldManager, boolean force) throws IOException, ApiException {
    ObjectMeta meta = metadataOf(object);
    String name = requireName(meta.name(), "apply");
    if (fieldManager == null || fieldManager.isEmpty()) {
      throw new IllegalArgumentException("apply of " + type + " " + name + " needs a field manager, e.g. the controller's name");
    }
    // The apply body is the caller's full intent. JSON is valid YAML, so the object goes as JSON.
    KubeRequest request = request("PATCH", objectPath(namespaceForWrite(meta, "apply"), name, ""),
        Query.of(PatchOptions.apply(fieldManager, force)).toString(), name)
        .withBody(PatchType.APPLY_PATCH.contentType(), Json.writeBytes(object));
    return decode(request, client.call(request), type.type());
  }

  @Override
  public Optional<T> delete(String name, DeleteOptions options) throws IOException, ApiException {
    KubeRequest request = request("DELETE", objectPath(namespaceForName("delete"), name, ""), "", name)
        .withBody(JSON, deleteBody(options));
    byte[] body = client.call(request);
    if (body.length == 0 || ResponseErrors.statusOf(body, false) != null) {
      return Optional.empty(); // a Success Status: the object is gone
    }
    return Optional.of(decode(request, body, type.type()));
  }

  @Override
  public Status deleteCollection(ListOptions listOptions, DeleteOptions deleteOptions) throws IOException, ApiException {
    KubeRequest request = request("DELETE", type.collectionPath(namespace), Query.of(listOptions).toString(), "")
        .withBody(JSON, deleteBody(deleteOptions));
    byte[] body = client.call(request);
    Status status = ResponseErrors.statusOf(body, false);
    // The server answers with the list of deleted objects (or a Status); client-go ignores the body.
    return status != null ? status : new Status("v1", "Status", null, "Success", null, null, null, 200, null);
  }

  /** {@code metav1.DeleteOptions} as the JSON body of a DELETE. */
  static byte[] deleteBody(DeleteOptions o) {
    ObjectNode body = Json.object().put("kind", "DeleteOptions").put("apiVersion", "v1");
    if (o.gracePeriodSeconds() != null) {
      body.put("gracePeriodSeconds", o.gracePeriodSeconds());
    }
    if (o.preconditionUid() != null || o.preconditionResourceVersion() != null) {
      ObjectNode pre = body.putObject("preconditions");
      if (o.preconditionUid() != null) {
        pre.put("uid", o.preconditionUid());
      }
      if (o.preconditionResourceVersion() != null) {
        pre.put("resourceVersion", o.preconditionResourceVersion());
      }
    }
    if (o.propagationPolicy() != null) {
      body.put("propagationPolicy", o.propagationPolicy().name());
    }
    if (o.dryRun()) {
      body.putArray("dryRun").add("All");
    }
    return Json.writeBytes(body);
  }

  // ---- helpers

  private KubeRequest request(String method, String path, String query, String name) {
    return client.request(method, path, query).withContext(context).withTimeout(timeout).describing(type.toString(), name);
  }

  private String objectPath(String ns, String name, String subresource) {
    return type.objectPath(ns, requireName(name, "a request")) + subresource;
  }

  private String namespaceForName(String verb) {
    if (type.namespaced() && namespace == null) {
      throw new IllegalStateException(verb + " of a " + type + " by name needs a namespace, but this client spans all"
          + " namespaces; use inNamespace(\"...\") first");
    }
    return namespace;
  }

  private String namespaceForWrite(ObjectMeta meta, String verb) {
    if (!type.namespaced()) {
      return null;
    }
    if (namespace != null) {
      return namespace; // as client-go, the bound namespace wins; the server rejects an object naming another
    }
    if (meta.namespace() == null || meta.namespace().isEmpty()) {
      throw new IllegalArgumentException(verb + " of a " + type + " named '" + meta.name() + "' needs a namespace:"
          + " set metadata.namespace on the object or use inNamespace(\"...\")");
    }
    return meta.namespace();
  }

  private String requireName(String name, String verb) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(verb + " of a " + type + " needs a name (metadata.name) but it was empty");
    }
    if (name.contains("/") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("'" + name + "' is not a valid object name for " + type
          + ": names may not contain '/' or be '.' or '..'");
    }
    return name;
  }

  static ObjectMeta metadataOf(Object object) {
    Objects.requireNonNull(object, "object");
    if (object instanceof KubernetesObject k && k.metadata() != null) {
      return k.metadata();
    }
    JsonNode meta = Json.toTree(object).path("metadata");
    return meta.isObject() ? Json.convert(meta, ObjectMeta.class) : ObjectMeta.of(null, null);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private <R> R decode(KubeRequest request, byte[] body, Class<R> as) throws IOException {
    try {
      return Json.reader(as).readValue(body);
    } catch (IOException e) {
      // Json.describe, and no cause: Jackson's message quotes the value, which may be a Secret's data.
      throw new IOException(request.describe() + ": cannot decode the response as " + as.getSimpleName() + ": "
          + Json.describe(e));
    }
  }

  private ObjectList<T> decodeList(KubeRequest request, byte[] body) throws IOException {
    try {
      return Json.reader(listType).readValue(body);
    } catch (IOException e) {
      throw new IOException(request.describe() + ": cannot decode the response as a list of " + type.kind() + ": "
          + Json.describe(e));
    }
  }

  @Override
  public String toString() {
    return "ResourceClient[" + type + (namespace == null ? "" : " in " + namespace) + "]";
  }
}
