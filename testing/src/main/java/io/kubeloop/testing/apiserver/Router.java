package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The HTTP front: authentication, the request log, faults, then routing by path to version, discovery, OpenAPI
 * and the resource verbs. Java counterpart of the kube-apiserver handler chain and its {@code RequestInfo}
 * resolution (k8s.io/apiserver pkg/server/filters, pkg/endpoints/request/requestinfo.go, installer.go).
 */
final class Router implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(Router.class.getName());
  private static final List<String> BODY_TYPES = List.of("application/json", "application/yaml");

  /** How long a read "not older than" a future resourceVersion waits for it, as the real server. */
  static final Duration TOO_LARGE_WAIT = Duration.ofSeconds(3);

  private final ServerState state;

  Router(ServerState state) {
    this.state = state;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String identity = state.auth().identify(exchange);
      RecordedRequest recorded = record(exchange, body, identity == null ? "" : identity);
      state.hooks().record(recorded);
      if (identity == null) {
        send(exchange, 401, StatusErrors.unauthorized("Unauthorized"), null, List.of(), null);
        return;
      }
      CountDownLatch partition = state.hooks().partition(identity);
      if (partition != null) {
        state.awaitPartition(partition);
        exchange.close(); // the request never got through: no answer at all
        return;
      }
      Duration latency = state.hooks().latency(recorded);
      if (!latency.isZero()) {
        Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
      }
      ServerHooks.Failure injected = state.hooks().failure(recorded);
      if (injected != null) {
        throw new ApiError(injected.status(), injected.retryAfter());
      }
      route(new ApiRequest(exchange, body, identity));
    } catch (ApiError e) {
      send(exchange, e.code(), e.status(), null, List.of(), e.retryAfter());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.close();
    } catch (IOException e) {
      exchange.close();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "internal error serving " + exchange.getRequestMethod() + " "
          + exchange.getRequestURI(), e);
      send(exchange, 500, StatusErrors.internalError(String.valueOf(e)), null, List.of(), null);
    }
  }

  private RecordedRequest record(HttpExchange exchange, byte[] body, String identity) {
    Map<String, List<String>> headers = new HashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT),
        k.equalsIgnoreCase("Authorization") ? v.stream().map(Router::redact).toList() : List.copyOf(v)));
    String query = exchange.getRequestURI().getRawQuery();
    return new RecordedRequest(state.clock().instant(), exchange.getRequestMethod().toUpperCase(Locale.ROOT),
        exchange.getRequestURI().getRawPath(), query == null ? "" : query, headers, identity,
        new String(body, StandardCharsets.UTF_8));
  }

  /** Keeps the scheme of an Authorization header and hides the credential. */
  private static String redact(String authorization) {
    int space = authorization.indexOf(' ');
    return (space < 0 ? "" : authorization.substring(0, space + 1)) + "<redacted>";
  }

  private void route(ApiRequest r) throws IOException {
    String[] segs = Arrays.stream(r.path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    if (segs.length == 0) {
      throw ApiError.unknownPath();
    }
    switch (segs[0]) {
      case "version" -> sendGet(r, segs.length == 1 ? Discovery.version() : null);
      case "healthz", "readyz", "livez" -> {
        requireGet(r);
        byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
        r.exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        r.exchange.sendResponseHeaders(200, ok.length);
        try (OutputStream out = r.exchange.getResponseBody()) {
          out.write(ok);
        }
      }
      case "openapi" -> openapi(r, segs);
      case "api" -> {
        if (segs.length == 1) {
          discoveryRoot(r, true);
        } else if (!segs[1].equals("v1")) {
          throw ApiError.unknownPath();
        } else if (segs.length == 2) {
          sendGet(r, state.discovery().resourceList("", "v1"));
        } else {
          resource(r, "", "v1", Arrays.copyOfRange(segs, 2, segs.length));
        }
      }
      case "apis" -> {
        if (segs.length == 1) {
          discoveryRoot(r, false);
        } else if (segs.length == 2) {
          sendGet(r, state.discovery().legacyGroup(segs[1]));
        } else if (segs.length == 3) {
          sendGet(r, segs[1].isEmpty() ? null : state.discovery().resourceList(segs[1], segs[2]));
        } else {
          resource(r, segs[1], segs[2], Arrays.copyOfRange(segs, 3, segs.length));
        }
      }
      default -> throw ApiError.unknownPath();
    }
  }

  private void discoveryRoot(ApiRequest r, boolean core) throws IOException {
    requireGet(r);
    if (Discovery.wantsAggregated(r)) {
      send(r.exchange, 200, state.discovery().aggregated(core), Discovery.AGGREGATED_TYPE, List.of(), null);
    } else {
      send(r.exchange, 200, core ? state.discovery().legacyApi(state.hostPort()) : state.discovery().legacyApis(),
          null, List.of(), null);
    }
  }

  private void openapi(ApiRequest r, String[] segs) throws IOException {
    requireGet(r);
    if (segs.length == 2 && segs[1].equals("v3")) {
      sendGet(r, state.openApi().root());
    } else if (segs.length == 4 && segs[1].equals("v3") && segs[2].equals("api")) {
      sendGet(r, segs[3].equals("v1") ? state.openApi().groupVersion("", "v1") : null);
    } else if (segs.length == 5 && segs[1].equals("v3") && segs[2].equals("apis")) {
      sendGet(r, state.openApi().groupVersion(segs[3], segs[4]));
    } else {
      throw ApiError.unknownPath();
    }
  }

  private static void requireGet(ApiRequest r) {
    if (!r.method.equals("GET") && !r.method.equals("HEAD")) {
      throw new ApiError(failure405(r.method));
    }
  }

  private static ObjectNode failure405(String method) {
    ObjectNode s = StatusErrors.badRequest("the server does not allow this method on the requested resource");
    s.put("reason", "MethodNotAllowed").put("code", 405);
    return s;
  }

  private void sendGet(ApiRequest r, ObjectNode body) throws IOException {
    requireGet(r);
    if (body == null) {
      throw ApiError.unknownPath();
    }
    send(r.exchange, 200, body, null, List.of(), null);
  }

  // ------------------------------------------------------------------ resources

  private void resource(ApiRequest r, String group, String version, String[] rest) throws IOException {
    requireAcceptableJson(r);
    Registry registry = state.registry();
    if (rest[0].equals("watch") && rest.length > 1) {
      // Deprecated form GET <gv>/watch/[namespaces/<ns>/]<res>[/<name>]: a watch, by name if one is given.
      rest = Arrays.copyOfRange(rest, 1, rest.length);
      r.query.put("watch", "true");
      boolean namespaced = rest[0].equals("namespaces") && rest.length >= 3
          && registry.find(group, version, rest[2]) != null && registry.find(group, version, rest[2]).namespaced();
      int nameIndex = namespaced ? 3 : 1;
      if (rest.length == nameIndex + 1) {
        r.query.put("fieldSelector", "metadata.name=" + rest[nameIndex]);
        rest = Arrays.copyOfRange(rest, 0, nameIndex);
      }
      if (!r.method.equals("GET")) {
        throw ApiError.unknownPath();
      }
    }
    String namespace = "";
    if (rest[0].equals("namespaces") && rest.length >= 3) {
      ResourceType inNs = registry.find(group, version, rest[2]);
      if (inNs != null && inNs.namespaced()) {
        namespace = rest[1];
        rest = Arrays.copyOfRange(rest, 2, rest.length);
      }
    }
    ResourceType type = registry.find(group, version, rest[0]);
    if (type == null || rest.length > 3) {
      throw ApiError.unknownPath();
    }
    String name = rest.length > 1 ? rest[1] : null;
    String sub = rest.length > 2 ? rest[2] : null;
    if (!type.namespaced() && !namespace.isEmpty()) {
      throw ApiError.unknownPath();
    }
    if (type.namespaced() && namespace.isEmpty() && name != null) {
      throw ApiError.unknownPath();
    }
    boolean status = false;
    if (sub != null) {
      boolean finalize = sub.equals("finalize") && type.plural().equals("namespaces") && group.isEmpty();
      if (!(sub.equals("status") && type.statusSubresource()) && !finalize) {
        throw ApiError.unknownPath();
      }
      status = sub.equals("status");
    }
    if (name == null) {
      collection(r, type, namespace);
    } else {
      item(r, type, namespace, name, status);
    }
  }

  private void collection(ApiRequest r, ResourceType type, String namespace) throws IOException {
    switch (r.method) {
      case "GET" -> {
        if (r.flag("watch")) {
          state.watches().serve(r, type, namespace);
        } else {
          Lists.Page page = state.lists().list(r, type, namespace);
          send(r.exchange, 200, state.lists().encode(r, type, page));
        }
      }
      case "POST" -> {
        requireCrdLive(type);
        ObjectNode body = objectBody(r, type);
        ObjectStore.Result result = state.store().create(type, namespace, body, WriteOptions.from(r));
        send(r.exchange, result.code(), result.body(), null, result.warnings(), null);
      }
      case "DELETE" -> {
        JsonNode options = deleteOptions(r);
        send(r.exchange, 200, state.lists().deleteCollection(r, type, namespace, isDryRun(r, options)), null,
            List.of(), null);
      }
      default -> throw new ApiError(StatusErrors.methodNotSupported(type.group(), type.plural(),
          r.method.toLowerCase(Locale.ROOT)));
    }
  }

  private void item(ApiRequest r, ResourceType type, String namespace, String name, boolean status)
      throws IOException {
    ObjectStore store = state.store();
    switch (r.method) {
      case "GET" -> {
        long rv = Lists.parseResourceVersion(r.param("resourceVersion"));
        if (rv > 0 && !store.storage.awaitRevision(rv, TOO_LARGE_WAIT)) {
          throw ApiError.tooLargeResourceVersion(rv, store.storage.revision());
        }
        ObjectNode object = store.get(type, namespace, name);
        String table = r.tableVersion();
        if (table != null) {
          ObjectNode t = Tables.table(type, List.of(object), table, Tables.includeObject(r), true,
              state.clock().instant());
          Json.meta(t).put("resourceVersion", Json.resourceVersion(object));
          object = t;
        }
        send(r.exchange, 200, object, null, List.of(), null);
      }
      case "PUT" -> {
        ObjectNode body = objectBody(r, type);
        ObjectStore.Result result = store.update(type, namespace, name, body, status, WriteOptions.from(r),
            type.createsOnUpdate());
        send(r.exchange, result.code(), result.body(), null, result.warnings(), null);
      }
      case "PATCH" -> {
        ObjectStore.Result result = state.patching().patch(type, namespace, name, r.contentType(), r.body, status,
            WriteOptions.from(r));
        send(r.exchange, result.code(), result.body(), null, result.warnings(), null);
      }
      case "DELETE" -> {
        if (status) {
          throw new ApiError(StatusErrors.methodNotSupported(type.group(), type.plural(), "delete"));
        }
        JsonNode options = deleteOptions(r);
        ObjectStore.Result result = store.delete(type, namespace, name, options, isDryRun(r, options));
        send(r.exchange, result.code(), result.body(), null, List.of(), null);
      }
      default -> throw new ApiError(StatusErrors.methodNotSupported(type.group(), type.plural(),
          r.method.toLowerCase(Locale.ROOT)));
    }
  }

  /** Every answer here is JSON: an Accept header that rules JSON out gets 406, as from a JSON-only server. */
  private static void requireAcceptableJson(ApiRequest r) {
    List<String> accept = r.accept();
    if (accept.isEmpty()) {
      return;
    }
    for (String entry : accept) {
      String type = entry.split(";")[0].trim().toLowerCase(Locale.ROOT);
      if (type.equals("application/json") || type.equals("*/*") || type.equals("application/*")) {
        return;
      }
    }
    throw new ApiError(StatusErrors.notAcceptable(List.of("application/json", "application/yaml",
        "application/vnd.kubernetes.protobuf")));
  }

  /** Creates of custom resources are refused while their CRD is being deleted. */
  private void requireCrdLive(ResourceType type) {
    if (type.crdName() == null) {
      return;
    }
    ObjectNode crd = state.store().storage.locked(() -> state.store().storage.get(
        "apiextensions.k8s.io/customresourcedefinitions", type.crdName()));
    if (crd != null && Json.isDeleting(crd)) {
      ObjectNode s = StatusErrors.methodNotSupported(type.group(), type.plural(), "create");
      s.put("message", "create not allowed while custom resource definition is terminating");
      throw new ApiError(s);
    }
  }

  /** Decodes a POST/PUT body: JSON or YAML object; anything else is 415 (protobuf included) or 400. */
  private static ObjectNode objectBody(ApiRequest r, ResourceType type) {
    String ct = r.contentType();
    JsonNode node;
    if (ct.isEmpty() || ct.equals("application/json")) {
      node = parseObject(r.body, type);
    } else if (ct.equals("application/vnd.kubernetes.protobuf") && ProtobufBodies.decode(type, r.body) != null) {
      node = ProtobufBodies.decode(type, r.body);
    } else if (ct.equals("application/yaml")) {
      node = Json.parseYaml(r.body, type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
          + type.kind());
    } else {
      throw ApiError.unsupportedMediaType(BODY_TYPES);
    }
    if (!node.isObject()) {
      throw ApiError.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
          + type.kind() + ": json: cannot unmarshal " + node.getNodeType().toString().toLowerCase(Locale.ROOT)
          + " into Go value of type struct");
    }
    return (ObjectNode) node;
  }

  private static JsonNode parseObject(byte[] body, ResourceType type) {
    if (body.length == 0) {
      throw ApiError.badRequest("the body of the request is empty; expected a " + type.kind() + " object");
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      String detail = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage()
          : e.getMessage();
      throw ApiError.badRequest("couldn't get version/kind; json parse error: " + detail);
    }
  }

  private static JsonNode deleteOptions(ApiRequest r) {
    ObjectNode options = Json.object();
    if (r.body.length > 0) {
      JsonNode body = Json.parse(r.body, "DeleteOptions");
      if (!body.isObject()) {
        throw ApiError.badRequest("DeleteOptions must be a JSON object");
      }
      options.setAll((ObjectNode) body);
    }
    for (String p : List.of("propagationPolicy", "orphanDependents", "gracePeriodSeconds")) {
      if (r.query.containsKey(p)) {
        options.put(p, r.param(p));
      }
    }
    if (options.path("orphanDependents").isTextual()) {
      options.put("orphanDependents", Boolean.parseBoolean(options.get("orphanDependents").asText()));
    }
    return options;
  }

  private static boolean isDryRun(ApiRequest r, JsonNode options) {
    boolean inBody = false;
    for (JsonNode d : options.path("dryRun")) {
      if (!d.asText().equals("All")) {
        throw ApiError.badRequest("Invalid dry run value \"" + d.asText() + "\": valid values are \"All\"");
      }
      inBody = true;
    }
    return inBody || WriteOptions.from(r).dryRun();
  }

  // ------------------------------------------------------------------ responses

  static void send(HttpExchange exchange, int code, JsonNode body, String contentType, List<String> warnings,
      String retryAfter) throws IOException {
    send(exchange, code, List.of(Json.bytes(body)), contentType, warnings, retryAfter);
  }

  /** Sends a JSON body already encoded as consecutive parts (a list), streaming them with a known length. */
  static void send(HttpExchange exchange, int code, List<byte[]> parts) throws IOException {
    send(exchange, code, parts, null, List.of(), null);
  }

  private static void send(HttpExchange exchange, int code, List<byte[]> parts, String contentType,
      List<String> warnings, String retryAfter) throws IOException {
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", contentType == null ? "application/json" : contentType);
    headers.set("Cache-Control", "no-cache, private");
    headers.set("Audit-Id", UUID.randomUUID().toString());
    for (String w : warnings) {
      headers.add("Warning", "299 - \"" + w.replace("\"", "\\\"") + "\"");
    }
    if (retryAfter != null) {
      headers.set("Retry-After", retryAfter);
    }
    boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
    long length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    exchange.sendResponseHeaders(code, head ? -1 : length);
    try (OutputStream out = parts.size() == 1 ? exchange.getResponseBody()
        : new BufferedOutputStream(exchange.getResponseBody(), 1 << 16)) {
      if (!head) {
        for (byte[] part : parts) {
          out.write(part);
        }
      }
    }
  }

  /** Default watch lifetime: like the real server, a random 30 to 60 minutes. */
  static Duration defaultWatchLifetime() {
    return Duration.ofSeconds(1800 + ThreadLocalRandom.current().nextLong(1800));
  }
}
