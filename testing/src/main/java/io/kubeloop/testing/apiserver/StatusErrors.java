package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Java counterpart of apimachinery {@code pkg/api/errors/errors.go} ({@code NewNotFound}, {@code NewConflict},
 * {@code NewInvalid}, …): builders of {@code metav1.Status} failure bodies with the real server's codes,
 * reasons and message texts (Kubernetes 1.32).
 *
 * <p>Every builder returns a fresh {@link ObjectNode} shaped like the Go JSON encoding: keys in the order
 * {@code kind, apiVersion, metadata, status, message, reason, details, code}; empty strings and zero numbers
 * are omitted ({@code omitempty}); {@code details} is present exactly when Go sets a {@code StatusDetails}
 * pointer (so {@link #badRequest} has none, {@link #notFound} always has one). Read the HTTP status with
 * {@link #code(ObjectNode)}.
 *
 * <p>Naming: {@code group} is the API group ({@code ""} for core), {@code resource} the plural resource
 * ({@code configmaps}); the pair renders as {@code resource.group} or just {@code resource} for core
 * (Go's {@code GroupResource.String()}).
 *
 * <p>Internal to the embedded API server; stateless.
 */
public final class StatusErrors {
  /** apimachinery {@code OptimisticLockErrorMsg}: the cause text of a stale-resourceVersion conflict. */
  public static final String OPTIMISTIC_LOCK_MESSAGE =
      "the object has been modified; please apply your changes to the latest version and try again";

  /** The message of a 404 for a path, group, version or resource the server does not serve. */
  public static final String NOT_FOUND_PATH_MESSAGE = "the server could not find the requested resource";

  /** The message of a 422 for a failed JSON patch operation (apiserver {@code patch.go}). */
  public static final String REJECTED_REQUEST_MESSAGE =
      "the server rejected our request due to an error in our request";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private StatusErrors() {}

  /** {@code resource.group}, or {@code resource} when the group is empty (Go's {@code GroupResource.String()}). */
  public static String qualified(String group, String resourceOrKind) {
    return group == null || group.isEmpty() ? resourceOrKind : resourceOrKind + "." + group;
  }

  /** 404 NotFound {@code <resource>[.<group>] "<name>" not found}, details name, group, kind=resource. */
  public static ObjectNode notFound(String group, String resource, String name) {
    return failure(404, "NotFound", qualified(group, resource) + " " + FieldError.goQuote(name) + " not found",
        details(name, group, resource));
  }

  /** 404 NotFound {@value #NOT_FOUND_PATH_MESSAGE} with empty details: unknown path, group, version or resource. */
  public static ObjectNode notFoundPath() {
    return failure(404, "NotFound", NOT_FOUND_PATH_MESSAGE, JSON.objectNode());
  }

  /** 409 AlreadyExists {@code <resource>[.<group>] "<name>" already exists}. */
  public static ObjectNode alreadyExists(String group, String resource, String name) {
    return failure(409, "AlreadyExists",
        qualified(group, resource) + " " + FieldError.goQuote(name) + " already exists", details(name, group, resource));
  }

  /**
   * 409 Conflict {@code Operation cannot be fulfilled on <resource>[.<group>] "<name>": <cause>}. For the delete
   * preconditions the real server passes the Kind (e.g. {@code ConfigMap}) as {@code resource}; see
   * {@link #uidPreconditionFailed} and {@link #resourceVersionPreconditionFailed}.
   */
  public static ObjectNode conflict(String group, String resource, String name, String cause) {
    return failure(409, "Conflict",
        "Operation cannot be fulfilled on " + qualified(group, resource) + " " + FieldError.goQuote(name) + ": " + cause,
        details(name, group, resource));
  }

  /** 409 Conflict for a write carrying a stale {@code resourceVersion} (PUT or PATCH), with {@link #OPTIMISTIC_LOCK_MESSAGE}. */
  public static ObjectNode conflictModified(String group, String resource, String name) {
    return conflict(group, resource, name, OPTIMISTIC_LOCK_MESSAGE);
  }

  /** 409 Conflict for an update whose body uid differs from the stored uid (storage precondition). */
  public static ObjectNode conflictUid(String group, String resource, String name, String bodyUid, String storedUid) {
    return conflict(group, resource, name,
        "Precondition failed: UID in precondition: " + bodyUid + ", UID in object meta: " + storedUid);
  }

  /** 409 Conflict for a DELETE whose {@code preconditions.uid} does not match (apiserver {@code rest/delete.go}). */
  public static ObjectNode uidPreconditionFailed(String group, String kind, String name, String preconditionUid,
      String recordUid) {
    return conflict(group, kind, name, "the UID in the precondition (" + preconditionUid
        + ") does not match the UID in record (" + recordUid + "). The object might have been deleted and then recreated");
  }

  /** 409 Conflict for a DELETE whose {@code preconditions.resourceVersion} does not match. */
  public static ObjectNode resourceVersionPreconditionFailed(String group, String kind, String name,
      String preconditionResourceVersion, String recordResourceVersion) {
    return conflict(group, kind, name, "the ResourceVersion in the precondition (" + preconditionResourceVersion
        + ") does not match the ResourceVersion in record (" + recordResourceVersion + "). The object might have been modified");
  }

  /**
   * 422 Invalid {@code <Kind>[.<group>] "<name>" is invalid: <errors>} with one {@code details.causes} entry per
   * error ({@code reason}, {@code message} = {@link FieldError#errorBody()}, {@code field}); several errors
   * render as {@code [a, b]} (see {@link FieldError#aggregate}). Note the real server passes the Kind here
   * ({@code VirtualMachine.example.com}), except for the "must be specified for an update" case where it passes
   * the plural resource ({@code leases.coordination.k8s.io}); the caller chooses.
   */
  public static ObjectNode invalid(String group, String kind, String name, List<FieldError> errors) {
    ObjectNode details = details(name, group, kind);
    ArrayNode causes = JSON.arrayNode();
    for (FieldError e : errors) {
      ObjectNode cause = causes.addObject();
      cause.put("reason", e.reason());
      cause.put("message", e.errorBody());
      if (!e.field().isEmpty()) {
        cause.put("field", e.field());
      }
    }
    if (!causes.isEmpty()) {
      details.set("causes", causes);
    }
    String aggregate = FieldError.aggregate(errors);
    String message = qualified(group, kind) + " " + FieldError.goQuote(name) + " is invalid"
        + (aggregate.isEmpty() ? "" : ": " + aggregate);
    return failure(422, "Invalid", message, details);
  }

  /** 422 Invalid with the fixed {@value #REJECTED_REQUEST_MESSAGE} and empty details: a JSON patch op failed. */
  public static ObjectNode patchRejected() {
    return failure(422, "Invalid", REJECTED_REQUEST_MESSAGE, JSON.objectNode());
  }

  /** 400 BadRequest with the message as given and no details. */
  public static ObjectNode badRequest(String message) {
    return failure(400, "BadRequest", message, null);
  }

  /** 410 Gone (deprecated by the real server in favour of {@link #expired}). */
  public static ObjectNode gone(String message) {
    return failure(410, "Gone", message, null);
  }

  /** 410 Expired with the message as given. */
  public static ObjectNode expired(String message) {
    return failure(410, "Expired", message, null);
  }

  /** 410 Expired {@code too old resource version: <requested> (<oldestAvailable>)} (watch cache text). */
  public static ObjectNode tooOldResourceVersion(long requested, long oldestAvailable) {
    return expired("too old resource version: " + requested + " (" + oldestAvailable + ")");
  }

  /** apiserver {@code etcd3/errors.go}: the 410 text for an expired continue token that comes with a fresh one. */
  public static final String INCONSISTENT_CONTINUE_MESSAGE = "The provided continue parameter is too old to display a "
      + "consistent list result. You can start a new list without the continue parameter, or use the continue token in "
      + "this response to retrieve the remainder of the results. Continuing with the provided token results in an "
      + "inconsistent list - objects that were created, modified, or deleted between the time the first chunk was "
      + "returned and now may show up in the list.";

  /**
   * 410 Expired for a list continued with a token whose resourceVersion was compacted away: the
   * {@link #INCONSISTENT_CONTINUE_MESSAGE} and, in the Status's own {@code metadata.continue}, a fresh token that
   * continues at the latest version (the real server encodes resourceVersion -1 in it).
   */
  public static ObjectNode continueExpired(String freshContinueToken) {
    ObjectNode status = expired(INCONSISTENT_CONTINUE_MESSAGE);
    if (freshContinueToken != null && !freshContinueToken.isEmpty()) {
      ((ObjectNode) status.get("metadata")).put("continue", freshContinueToken);
    }
    return status;
  }

  /**
   * 403 Forbidden: {@code <resource>[.<group>] "<name>" is forbidden: <cause>}; without a name
   * {@code <resource>[.<group>] is forbidden: <cause>}; without a resource {@code forbidden: <cause>}.
   */
  public static ObjectNode forbidden(String group, String resource, String name, String cause) {
    String message;
    boolean noResource = (group == null || group.isEmpty()) && (resource == null || resource.isEmpty());
    if (noResource) {
      message = "forbidden: " + cause;
    } else if (name == null || name.isEmpty()) {
      message = qualified(group, resource) + " is forbidden: " + cause;
    } else {
      message = qualified(group, resource) + " " + FieldError.goQuote(name) + " is forbidden: " + cause;
    }
    return failure(403, "Forbidden", message, details(name, group, resource));
  }

  /** 405 MethodNotAllowed {@code <action> is not supported on resources of kind "<resource>[.<group>]"}. */
  public static ObjectNode methodNotSupported(String group, String resource, String action) {
    return failure(405, "MethodNotAllowed",
        action + " is not supported on resources of kind " + FieldError.goQuote(qualified(group, resource)),
        details(null, group, resource));
  }

  /**
   * 405 for a write to a custom resource whose CRD is being deleted: Go's {@code NewMethodNotSupported} with the
   * message replaced by {@code <verb> not allowed while custom resource definition is terminating}.
   */
  public static ObjectNode crdTerminating(String group, String resource, String verb) {
    ObjectNode status = methodNotSupported(group, resource, verb);
    status.put("message", verb + " not allowed while custom resource definition is terminating");
    return status;
  }

  /** 415 UnsupportedMediaType {@code the body of the request was in an unknown format - accepted media types include: a, b}. */
  public static ObjectNode unsupportedMediaType(List<String> accepted) {
    return failure(415, "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: " + String.join(", ", accepted),
        null);
  }

  /** 406 NotAcceptable {@code only the following media types are accepted: a, b}. */
  public static ObjectNode notAcceptable(List<String> accepted) {
    return failure(406, "NotAcceptable",
        "only the following media types are accepted: " + String.join(", ", accepted), null);
  }

  /** 429 TooManyRequests with the message as given and {@code details.retryAfterSeconds} (Go's {@code NewTooManyRequests}). */
  public static ObjectNode tooManyRequests(String message, int retryAfterSeconds) {
    ObjectNode details = JSON.objectNode();
    if (retryAfterSeconds != 0) {
      details.put("retryAfterSeconds", retryAfterSeconds);
    }
    return failure(429, "TooManyRequests", message, details);
  }

  /** 413 RequestEntityTooLarge {@code Request entity too large: <message>}. */
  public static ObjectNode requestEntityTooLarge(String message) {
    return failure(413, "RequestEntityTooLarge", "Request entity too large: " + message, null);
  }

  /** 500 InternalError {@code Internal error occurred: <cause>} with one cause carrying {@code cause}. */
  public static ObjectNode internalError(String cause) {
    ObjectNode details = JSON.objectNode();
    details.putArray("causes").addObject().put("message", cause);
    return failure(500, "InternalError", "Internal error occurred: " + cause, details);
  }

  /** 503 ServiceUnavailable with the message as given. */
  public static ObjectNode serviceUnavailable(String message) {
    return failure(503, "ServiceUnavailable", message, null);
  }

  /** 401 Unauthorized with the message as given, or {@code not authorized} when empty. */
  public static ObjectNode unauthorized(String message) {
    return failure(401, "Unauthorized", message == null || message.isEmpty() ? "not authorized" : message, null);
  }

  /** 504 Timeout {@code Timeout: <message>} with {@code details.retryAfterSeconds} (Go's {@code NewTimeoutError}). */
  public static ObjectNode timeout(String message, int retryAfterSeconds) {
    ObjectNode details = JSON.objectNode();
    if (retryAfterSeconds != 0) {
      details.put("retryAfterSeconds", retryAfterSeconds);
    }
    return failure(504, "Timeout", "Timeout: " + message, details);
  }

  /**
   * 504 Timeout for a get/list at a resourceVersion newer than the store (apiserver {@code storage/errors.go}):
   * {@code Timeout: Too large resource version: N, current: C}, a {@code ResourceVersionTooLarge} cause and
   * {@code retryAfterSeconds} 1. The server should also send {@code Retry-After: 1}.
   */
  public static ObjectNode tooLargeResourceVersion(long requested, long current) {
    ObjectNode status = timeout("Too large resource version: " + requested + ", current: " + current, 1);
    ObjectNode details = (ObjectNode) status.get("details");
    ObjectNode cause = JSON.objectNode();
    cause.put("reason", "ResourceVersionTooLarge");
    cause.put("message", "Too large resource version");
    // Go declares causes before retryAfterSeconds: rebuild to keep the wire order.
    details.removeAll();
    details.putArray("causes").add(cause);
    details.put("retryAfterSeconds", 1);
    return status;
  }

  /**
   * The 200 {@code Success} Status a DELETE answers for most kinds:
   * {@code {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name","group","kind":<resource>,"uid"}}}.
   */
  public static ObjectNode deleted(String group, String resource, String name, String uid) {
    ObjectNode status = header("Success");
    ObjectNode details = details(name, group, resource);
    if (uid != null && !uid.isEmpty()) {
      details.put("uid", uid);
    }
    status.set("details", details);
    return status;
  }

  /**
   * 500 with no reason and the raw message: what kube-apiserver answers for an error that is not a Status
   * ({@code responsewriters.ErrorToAPIStatus}), e.g. a strategic merge patch naming a list element without its
   * merge key.
   */
  public static ObjectNode unexpected(String message) {
    return failure(500, "", message, null);
  }

  /** The HTTP status code of a Status built here ({@code code}), or 500 if it has none. */
  public static int code(ObjectNode status) {
    return status.path("code").asInt(500);
  }

  private static ObjectNode failure(int code, String reason, String message, ObjectNode details) {
    ObjectNode status = header("Failure");
    if (message != null && !message.isEmpty()) {
      status.put("message", message);
    }
    if (!reason.isEmpty()) {
      status.put("reason", reason);
    }
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", code);
    return status;
  }

  private static ObjectNode header(String outcome) {
    ObjectNode status = JSON.objectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", outcome);
    return status;
  }

  private static ObjectNode details(String name, String group, String kind) {
    ObjectNode details = JSON.objectNode();
    if (name != null && !name.isEmpty()) {
      details.put("name", name);
    }
    if (group != null && !group.isEmpty()) {
      details.put("group", group);
    }
    if (kind != null && !kind.isEmpty()) {
      details.put("kind", kind);
    }
    return details;
  }
}
