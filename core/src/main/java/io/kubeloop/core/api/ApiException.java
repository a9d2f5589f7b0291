package io.kubeloop.core.api;

import java.util.Objects;
import java.util.Set;

/**
 * An API server's refusal, carrying its {@link Status}: the Java counterpart of apimachinery's
 * {@code errors.StatusError}, with the predicates of {@code k8s.io/apimachinery/pkg/api/errors} that
 * controllers branch on. Transport failures (refused connections, resets, timeouts) are {@link java.io.IOException}s
 * instead, as {@code HttpClient} reports them.
 *
 * <p>Like client-go, a predicate trusts the {@code reason} when it is one of the reasons apimachinery knows, and
 * falls back to the HTTP code when the reason is empty or one it does not know (an aggregated API server or a
 * proxy may send its own reason with a 404 or a 409). The message never contains credentials.
 */
public class ApiException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Status status;

  /** An exception for {@code status}; {@code context} (such as {@code "GET /api/v1/..."}) starts the message. */
  public ApiException(String context, Status status) {
    super(message(context, status));
    this.status = Objects.requireNonNull(status, "status");
  }

  public ApiException(Status status) {
    this(null, status);
  }

  private static String message(String context, Status status) {
    StringBuilder m = new StringBuilder();
    if (context != null) {
      m.append(context).append(": ");
    }
    m.append(status.code());
    if (status.reason() != null && !status.reason().isEmpty()) {
      m.append(' ').append(status.reason());
    }
    if (status.message() != null && !status.message().isEmpty()) {
      m.append(": ").append(status.message());
    }
    return m.toString();
  }

  public Status status() {
    return status;
  }

  /** The HTTP status code (from the Status, or of the response when the body was not a Status). */
  public int code() {
    return status.code();
  }

  /** The Status reason, or {@code ""} when the server gave none. */
  public String reason() {
    return status.reason() == null ? "" : status.reason();
  }

  /** Seconds the server asked us to wait before retrying ({@code details.retryAfterSeconds}), or 0. */
  public int retryAfterSeconds() {
    Status.Details d = status.details();
    return d == null || d.retryAfterSeconds() == null ? 0 : d.retryAfterSeconds();
  }

  /**
   * apimachinery's {@code knownReasons}: a reason outside this set says nothing, so the code decides. The empty
   * reason ({@code StatusReasonUnknown}) is not in it.
   */
  private static final Set<String> KNOWN_REASONS = Set.of("Unauthorized", "Forbidden", "NotFound", "AlreadyExists",
      "Conflict", "Gone", "Invalid", "ServerTimeout", "StoreReadError", "Timeout", "TooManyRequests", "BadRequest",
      "MethodNotAllowed", "NotAcceptable", "RequestEntityTooLarge", "UnsupportedMediaType", "InternalError", "Expired",
      "ServiceUnavailable");

  private boolean is(String reason, int code) {
    return reason().equals(reason) || (!KNOWN_REASONS.contains(reason()) && code() == code);
  }

  /** 404 NotFound ({@code errors.IsNotFound}). */
  public boolean isNotFound() {
    return is("NotFound", 404);
  }

  /** 409 AlreadyExists: a create named an object that exists ({@code errors.IsAlreadyExists}). */
  public boolean isAlreadyExists() {
    return reason().equals("AlreadyExists");
  }

  /** 409 Conflict: a write lost an optimistic-concurrency race ({@code errors.IsConflict}). */
  public boolean isConflict() {
    return is("Conflict", 409);
  }

  /** 410 Expired: the resourceVersion asked for is older than the server keeps ({@code errors.IsResourceExpired}). */
  public boolean isResourceExpired() {
    return reason().equals("Expired");
  }

  /**
   * The server cannot serve the resourceVersion asked for: 410 Gone or Expired, or "too large resource version"
   * (a 504 Timeout with cause {@code ResourceVersionTooLarge}). A reflector relists on this
   * ({@code isExpiredError || isTooLargeResourceVersionError} in {@code reflector.go}).
   */
  public boolean isGone() {
    return is("Gone", 410) || isResourceExpired() || isTooLargeResourceVersion();
  }

  /**
   * The three shapes client-go recognises for "Too large resource version" ({@code isTooLargeResourceVersionError}
   * in {@code reflector.go}): a cause of type {@code ResourceVersionTooLarge} (1.18.6+); a Timeout whose cause
   * message is exactly {@code Too large resource version} (1.17.0 to 1.18.5); a Timeout whose message contains it
   * (before 1.17).
   */
  public boolean isTooLargeResourceVersion() {
    for (Status.Cause c : status.causes()) {
      if ("ResourceVersionTooLarge".equals(c.reason())) {
        return true;
      }
    }
    if (!is("Timeout", 504)) {
      return false;
    }
    for (Status.Cause c : status.causes()) {
      if ("Too large resource version".equals(c.message())) {
        return true;
      }
    }
    return status.message() != null && status.message().contains("Too large resource version");
  }

  /** 429 TooManyRequests, by reason or by code alone ({@code errors.IsTooManyRequests}). */
  public boolean isTooManyRequests() {
    return reason().equals("TooManyRequests") || code() == 429;
  }

  /** 403 Forbidden ({@code errors.IsForbidden}). */
  public boolean isForbidden() {
    return is("Forbidden", 403);
  }

  /** 401 Unauthorized ({@code errors.IsUnauthorized}). */
  public boolean isUnauthorized() {
    return is("Unauthorized", 401);
  }

  /** 422 Invalid: the object failed validation; {@link Status#causes()} names the fields ({@code errors.IsInvalid}). */
  public boolean isInvalid() {
    return is("Invalid", 422);
  }

  /** 400 BadRequest ({@code errors.IsBadRequest}). */
  public boolean isBadRequest() {
    return is("BadRequest", 400);
  }

  /** 500 InternalError ({@code errors.IsInternalError}). */
  public boolean isInternalError() {
    return is("InternalError", 500);
  }

  /** 503 ServiceUnavailable ({@code errors.IsServiceUnavailable}). */
  public boolean isServiceUnavailable() {
    return is("ServiceUnavailable", 503);
  }

  /** 504 Timeout ({@code errors.IsTimeout}) or 500 ServerTimeout ({@code errors.IsServerTimeout}). */
  public boolean isTimeout() {
    return is("Timeout", 504) || reason().equals("ServerTimeout");
  }

  /** 415 UnsupportedMediaType ({@code errors.IsUnsupportedMediaType}). */
  public boolean isUnsupportedMediaType() {
    return is("UnsupportedMediaType", 415);
  }
}
