package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * List and deletecollection: resourceVersion and resourceVersionMatch semantics, selectors, and pagination with
 * {@code limit}/{@code continue}/{@code remainingItemCount}. Java counterpart of the generic store's
 * {@code List}/{@code DeleteCollection} (k8s.io/apiserver pkg/registry/generic/registry/store.go), the list
 * options validation (apimachinery pkg/apis/meta/internalversion/validation) and the etcd3 continue token
 * (pkg/storage/etcd3/store.go). The token here is base64 JSON {@code {"rv":N,"start":"<last key>"}}; a
 * token with {@code rv} -1 (handed out with an expired-token 410) continues at the latest state.
 */
final class Lists {
  private final ObjectStore store;

  Lists(ObjectStore store) {
    this.store = store;
  }

  /**
   * One page of a list: the items, the RV it was read at and the paging fields. {@code encoded} runs parallel to
   * {@code items}: each item's stored JSON encoding, or {@code null} where the item is not the stored tree (a
   * state rebuilt from history, an object presented in another version).
   */
  record Page(List<ObjectNode> items, List<byte[]> encoded, long resourceVersion, String continueToken,
      Long remaining) {}

  /** Parses a resourceVersion parameter: {@code ""} → -1, else an unsigned decimal. */
  static long parseResourceVersion(String rv) {
    if (rv.isEmpty()) {
      return -1;
    }
    try {
      long v = Long.parseLong(rv);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("invalid resource version: strconv.ParseUint: parsing " + FieldError.goQuote(rv)
          + ": invalid syntax");
    }
  }

  private static ApiError invalidListOptions(FieldError error) {
    return new ApiError(StatusErrors.invalid("meta.k8s.io", "ListOptions", "", List.of(error)));
  }

  Page list(ApiRequest request, ResourceType type, String namespace) {
    String rvText = request.param("resourceVersion");
    String match = request.param("resourceVersionMatch");
    String token = request.param("continue");
    if (!match.isEmpty() && !match.equals("Exact") && !match.equals("NotOlderThan")) {
      throw invalidListOptions(FieldError.notSupported("resourceVersionMatch", match,
          List.of("Exact", "NotOlderThan", "")));
    }
    if (!match.isEmpty() && rvText.isEmpty()) {
      throw invalidListOptions(FieldError.forbidden("resourceVersionMatch",
          "resourceVersionMatch is forbidden unless resourceVersion is provided"));
    }
    if (!match.isEmpty() && !token.isEmpty()) {
      throw invalidListOptions(FieldError.forbidden("resourceVersionMatch",
          "resourceVersionMatch is forbidden when continue is provided"));
    }
    if (match.equals("Exact") && rvText.equals("0")) {
      throw invalidListOptions(FieldError.forbidden("resourceVersionMatch",
          "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
    }
    if (request.query.containsKey("sendInitialEvents")) {
      throw invalidListOptions(FieldError.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
    }
    long limit = parseLimit(request.param("limit"));
    long rv = parseResourceVersion(rvText);
    ObjectFilter filter = ObjectFilter.from(request, type);
    String startAfter = null;
    long readAt = -1;
    if (!token.isEmpty()) {
      if (rv > 0) {
        throw ApiError.badRequest("specifying resource version is not allowed when using continue");
      }
      JsonNode t = decodeToken(token);
      readAt = t.path("rv").asLong();
      startAfter = t.path("start").asText();
    } else if (match.equals("Exact") || (match.isEmpty() && limit > 0 && rv > 0)) {
      readAt = rv;
    }
    if (Math.max(rv, readAt) > 0) {
      store.storage.awaitRevision(Math.max(rv, readAt), Router.TOO_LARGE_WAIT);
    }
    long exactAt = readAt;
    String after = startAfter;
    boolean continuing = !token.isEmpty();
    return store.storage.locked(() -> {
      long current = store.storage.revision();
      Iterable<Map.Entry<String, ObjectNode>> entries;
      long listRv;
      if (exactAt >= 0) {
        if (exactAt > current) {
          throw ApiError.tooLargeResourceVersion(exactAt, current);
        }
        if (exactAt < store.storage.compactedThrough()) {
          throw new ApiError(continuing ? StatusErrors.continueExpired(encodeToken(-1, after))
              : StatusErrors.tooOldResourceVersion(exactAt, store.storage.compactedThrough()));
        }
        entries = store.storage.listAt(type.storageKey(), namespace, exactAt);
        listRv = exactAt;
      } else {
        if (rv > current) {
          throw ApiError.tooLargeResourceVersion(rv, current);
        }
        String name = filter.fields().requiresExactMatch("metadata.name");
        if (name != null && (!type.namespaced() || !namespace.isEmpty())) {
          // One object at most (kubectl get NAME -w, kubectl delete's informer): look it up, do not scan.
          entries = store.storage.entry(type.storageKey(), ObjectStore.key(type, namespace, name));
        } else {
          entries = store.storage.view(type.storageKey(), namespace, after);
        }
        listRv = current;
      }
      List<ObjectNode> items = new ArrayList<>();
      List<byte[]> encoded = new ArrayList<>();
      String lastKey = null;
      long remaining = 0;
      boolean more = false;
      for (Map.Entry<String, ObjectNode> e : entries) {
        if (after != null && e.getKey().compareTo(after) <= 0) {
          continue;
        }
        if (!filter.matches(e.getValue())) {
          continue;
        }
        if (limit > 0 && items.size() >= limit) {
          more = true;
          if (!filter.isEverything()) {
            break; // remainingItemCount is only reported without selectors
          }
          remaining++;
          continue;
        }
        ObjectNode item = ObjectStore.present(type, e.getValue());
        items.add(item);
        encoded.add(store.storage.encoded(type.storageKey(), e.getKey(), item));
        lastKey = e.getKey();
      }
      String next = more ? encodeToken(listRv, lastKey) : null;
      Long remainingCount = more && filter.isEverything() ? remaining : null;
      return new Page(items, encoded, listRv, next, remainingCount);
    });
  }

  private static long parseLimit(String limit) {
    if (limit.isEmpty()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(limit));
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("limit: Invalid value: " + FieldError.goQuote(limit) + ": must be an integer");
    }
  }

  static String encodeToken(long rv, String startKey) {
    ObjectNode t = Json.object();
    t.put("rv", rv).put("start", startKey);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(t));
  }

  private static JsonNode decodeToken(String token) {
    try {
      JsonNode t = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      if (!t.path("rv").canConvertToLong() || !t.path("start").isTextual()) {
        throw new IllegalArgumentException("missing fields");
      }
      return t;
    } catch (Exception e) {
      throw ApiError.badRequest("continue key is not valid: " + e.getMessage());
    }
  }

  private static final byte[] COMMA = {','};
  private static final byte[] END_OF_LIST = {']', '}'};

  /**
   * The list body as consecutive byte arrays to write out: a {@code <Kind>List} assembled from the items' stored
   * encodings (so nothing is serialised twice and no copy of the whole body is built), or, when the client asked
   * for a Table, the serialised Table. The arrays must not be modified.
   */
  List<byte[]> encode(ApiRequest request, ResourceType type, Page page) {
    if (request.tableVersion() != null) {
      return List.of(Json.bytes(render(request, type, page)));
    }
    // The envelope with an empty items array, which Jackson writes last and as "[]}": cut those two bytes and
    // write the items in their place.
    ObjectNode envelope = envelope(type, page, List.of());
    byte[] head = Json.bytes(envelope);
    List<byte[]> parts = new ArrayList<>(2 * page.items().size() + 2);
    parts.add(java.util.Arrays.copyOf(head, head.length - 2));
    for (int i = 0; i < page.items().size(); i++) {
      if (i > 0) {
        parts.add(COMMA);
      }
      byte[] json = page.encoded().get(i);
      parts.add(json != null ? json : Json.bytes(page.items().get(i)));
    }
    parts.add(END_OF_LIST);
    return parts;
  }

  /** The list body: a {@code <Kind>List} or, when asked for, a Table. */
  ObjectNode render(ApiRequest request, ResourceType type, Page page) {
    String tableVersion = request.tableVersion();
    if (tableVersion != null) {
      ObjectNode body = Tables.table(type, page.items(), tableVersion, Tables.includeObject(request), true,
          store.clock.instant());
      paging(body, page);
      return body;
    }
    return envelope(type, page, page.items());
  }

  private static ObjectNode envelope(ResourceType type, Page page, List<ObjectNode> items) {
    ObjectNode body = Json.object();
    body.put("kind", type.listKind()).put("apiVersion", type.apiVersion());
    body.putObject("metadata");
    ArrayNode array = body.putArray("items");
    items.forEach(array::add);
    paging(body, page);
    return body;
  }

  private static void paging(ObjectNode body, Page page) {
    ObjectNode meta = Json.meta(body);
    meta.put("resourceVersion", Long.toString(page.resourceVersion()));
    if (page.continueToken() != null) {
      meta.put("continue", page.continueToken());
    }
    if (page.remaining() != null) {
      meta.put("remainingItemCount", page.remaining());
    }
  }

  /** DELETE on a collection: deletes every current match; answers the list of deleted or terminating objects. */
  ObjectNode deleteCollection(ApiRequest request, ResourceType type, String namespace, boolean dryRun) {
    ObjectFilter filter = ObjectFilter.from(request, type);
    List<ObjectNode> affected = store.storage.locked(() -> {
      List<ObjectNode> out = new ArrayList<>();
      for (Map.Entry<String, ObjectNode> e : store.storage.list(type.storageKey(), namespace)) {
        if (filter.matches(e.getValue())) {
          out.add(ObjectStore.present(type, store.deleteLocked(type, e.getKey(), e.getValue(), dryRun)));
        }
      }
      return out;
    });
    ObjectNode body = Json.object();
    body.put("kind", type.listKind()).put("apiVersion", type.apiVersion());
    body.putObject("metadata").put("resourceVersion", Long.toString(store.storage.revision()));
    ArrayNode items = body.putArray("items");
    affected.forEach(items::add);
    return body;
  }
}
