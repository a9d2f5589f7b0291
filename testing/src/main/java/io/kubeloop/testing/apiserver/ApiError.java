package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A request that the server refuses, carried as an exception up to the HTTP layer, which writes its
 * {@link #status()} (built by {@link StatusErrors}) as the response body. Java counterpart of apimachinery's
 * {@code errors.StatusError} (k8s.io/apimachinery pkg/api/errors/errors.go).
 */
final class ApiError extends RuntimeException {
  private final transient ObjectNode status;
  private final String retryAfter;

  ApiError(ObjectNode status) {
    this(status, null);
  }

  ApiError(ObjectNode status, String retryAfter) {
    super(status.path("message").asText(""), null, false, false);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  int code() {
    return StatusErrors.code(status);
  }

  /** The {@code metav1.Status} body; callers must not modify it. */
  ObjectNode status() {
    return status;
  }

  /** Value for a {@code Retry-After} header, or {@code null}. */
  String retryAfter() {
    return retryAfter;
  }

  static ApiError unknownPath() {
    return new ApiError(StatusErrors.notFoundPath());
  }

  static ApiError notFound(ResourceType type, String name) {
    return new ApiError(StatusErrors.notFound(type.group(), type.plural(), name));
  }

  static ApiError namespaceNotFound(String namespace) {
    return new ApiError(StatusErrors.notFound("", "namespaces", namespace));
  }

  static ApiError alreadyExists(ResourceType type, String name) {
    return new ApiError(StatusErrors.alreadyExists(type.group(), type.plural(), name));
  }

  static ApiError staleResourceVersion(ResourceType type, String name) {
    return new ApiError(StatusErrors.conflictModified(type.group(), type.plural(), name));
  }

  static ApiError badRequest(String message) {
    return new ApiError(StatusErrors.badRequest(message));
  }

  static ApiError unsupportedMediaType(List<String> accepted) {
    return new ApiError(StatusErrors.unsupportedMediaType(accepted));
  }

  static ApiError invalid(ResourceType type, String name, List<FieldError> errors) {
    return new ApiError(StatusErrors.invalid(type.group(), type.kind(), name, errors));
  }

  static ApiError tooLargeResourceVersion(long requested, long current) {
    return new ApiError(StatusErrors.tooLargeResourceVersion(requested, current), "1");
  }
}
