package io.kubeloop.core.client;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Json;
import io.kubeloop.core.api.Status;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Turns an API server response into an {@link ApiException}: the Java counterpart of client-go's
 * {@code Request.transformResponse} and {@code newUnstructuredResponseError} ({@code rest/request.go}) with
 * apimachinery's {@code errors.NewGenericServerResponse}.
 *
 * <ol>
 *   <li>A body that decodes as a {@code Status} with a non-empty {@code status} field that is not
 *       {@code Success} is the error, as the server wrote it (a 200 carrying a Failure Status is an error too).
 *   <li>Otherwise a code outside 200..206 gets a Status made up from the code, with client-go's reason and message
 *       for it (404: {@code the server could not find the requested resource (get leases.coordination.k8s.io x)})
 *       and a cause {@code UnexpectedServerResponse} holding up to 2 KiB of the body.
 * </ol>
 *
 * <p>Differences from client-go: the body snippet is kept for any textual or JSON body, not only {@code text/*}
 * (client-go says {@code unknown} for a non-Status JSON body), and it is repeated in the exception message; a
 * server Status with code 0 gets the HTTP code, so the code-based predicates still work.
 */
final class ResponseErrors {
  /** client-go's {@code maxUnstructuredResponseTextBytes}. */
  static final int MAX_BODY_BYTES = 2048;
  private static final int MAX_MESSAGE_SNIPPET = 200;

  private ResponseErrors() {}

  /**
   * The server's Status in {@code body} when it is one, else {@code null}. A body is a Status when its top-level
   * {@code kind} is {@code Status}, or, for an error response ({@code lenient}), when it parses as a Status with a
   * {@code status} field (client-go's {@code DecodeInto} check, which also accepts old servers that omit the kind).
   */
  static Status statusOf(byte[] body, boolean lenient) {
    if (body.length == 0 || firstNonSpace(body) != '{') {
      return null;
    }
    if (!lenient && !"Status".equals(topLevelKind(body))) {
      return null; // a 2xx object or list: do not build a Status (and copy every field) just to look at it
    }
    try {
      Status s = Json.read(body, Status.class);
      return "Status".equals(s.kind()) || (s.status() != null && !s.status().isEmpty()) ? s : null;
    } catch (IOException | RuntimeException notAStatus) {
      return null;
    }
  }

  /** The top-level {@code kind} of a JSON object, read with the streaming parser without building anything. */
  static String topLevelKind(byte[] body) {
    try (JsonParser p = Json.reader(JsonNode.class).createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("kind")) {
          return value == JsonToken.VALUE_STRING ? p.getText() : null;
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The error a response stands for, or {@code null} when it is a success: a 2xx (200..206) whose body is not a
   * Failure Status.
   */
  static ApiException check(KubeRequest request, int code, String contentType, String retryAfter, byte[] body) {
    Status status = statusOf(body, code < 200 || code > 206);
    if (status != null && status.status() != null && !status.status().isEmpty() && !"Success".equals(status.status())) {
      if (status.code() == 0) {
        status = new Status(status.apiVersion(), status.kind(), status.metadata(), status.status(), status.message(),
            status.reason(), status.details(), code, status.unknown());
      }
      return new ApiException(request.describe(), status);
    }
    if (code >= 200 && code <= 206) {
      return null;
    }
    String snippet = snippet(contentType, body);
    Status made = genericServerResponse(code, request.method(), request.resource(), request.name(), snippet,
        retryAfterSeconds(retryAfter));
    String context = request.describe();
    if (!snippet.equals("unknown") && !snippet.isEmpty() && !made.message().contains(snippet)) {
      String shortSnippet = snippet.length() > MAX_MESSAGE_SNIPPET ? snippet.substring(0, MAX_MESSAGE_SNIPPET) + "..." : snippet;
      context = context + " (response body: \"" + shortSnippet + "\")";
    }
    return new ApiException(context, made);
  }

  /**
   * apimachinery's {@code NewGenericServerResponse}: the reason and message client-go reports for a response code
   * when the server sent no Status.
   *
   * @param resource {@code plural.group}, or {@code ""}
   * @param serverMessage the body snippet, or {@code "unknown"}
   */
  static Status genericServerResponse(int code, String verb, String resource, String name, String serverMessage,
      int retryAfterSeconds) {
    String reason = "";
    String message = "the server responded with the status code " + code + " but did not return more information";
    switch (code) {
      case 409 -> {
        reason = verb.equals("POST") ? "AlreadyExists" : "Conflict";
        message = "the server reported a conflict";
      }
      case 404 -> {
        reason = "NotFound";
        message = "the server could not find the requested resource";
      }
      case 400 -> {
        reason = "BadRequest";
        message = "the server rejected our request for an unknown reason";
      }
      case 401 -> {
        reason = "Unauthorized";
        message = "the server has asked for the client to provide credentials";
      }
      case 403 -> {
        reason = "Forbidden";
        message = serverMessage;
      }
      case 406 -> {
        reason = "NotAcceptable";
        message = serverMessage.isEmpty() || serverMessage.equals("unknown")
            ? "the server was unable to respond with a content type that the client supports"
            : serverMessage;
      }
      case 415 -> {
        reason = "UnsupportedMediaType";
        message = serverMessage;
      }
      case 405 -> {
        reason = "MethodNotAllowed";
        message = "the server does not allow this method on the requested resource";
      }
      case 422 -> {
        reason = "Invalid";
        message = "the server rejected our request due to an error in our request";
      }
      case 503 -> {
        reason = "ServiceUnavailable";
        message = "the server is currently unable to handle the request";
      }
      case 504 -> {
        reason = "Timeout";
        message = "the server was unable to return a response in the time allotted, but may still be processing the request";
      }
      case 429 -> {
        reason = "TooManyRequests";
        message = "the server has received too many requests and has asked us to try again later";
      }
      default -> {
        if (code >= 500) {
          reason = "InternalError";
          message = "an error on the server (" + quote(serverMessage) + ") has prevented the request from succeeding";
        }
      }
    }
    if (!resource.isEmpty()) {
      message = message + " (" + verb.toLowerCase(Locale.ROOT) + " " + resource + (name.isEmpty() ? "" : " " + name) + ")";
    }
    String group = resource.contains(".") ? resource.substring(resource.indexOf('.') + 1) : null;
    String plural = resource.isEmpty() ? null : resource.contains(".") ? resource.substring(0, resource.indexOf('.')) : resource;
    Status.Details details = new Status.Details(name.isEmpty() ? null : name, group, plural, null,
        List.of(new Status.Cause("UnexpectedServerResponse", serverMessage, null, null)),
        retryAfterSeconds == 0 ? null : retryAfterSeconds, null);
    return new Status("v1", "Status", null, "Failure", message, reason, details, code, null);
  }

  /** Up to 2 KiB of a textual or JSON body, trimmed; {@code "unknown"} for other media types (client-go). */
  static String snippet(String contentType, byte[] body) {
    String media = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    boolean textual = media.isEmpty() || media.startsWith("text/") || media.contains("json") || media.contains("yaml");
    if (!textual) {
      return "unknown";
    }
    int n = Math.min(body.length, MAX_BODY_BYTES);
    return new String(body, 0, n, StandardCharsets.UTF_8).trim();
  }

  /** Integer seconds of a {@code Retry-After} header, else 0 (client-go's {@code retryAfterSeconds}). */
  static int retryAfterSeconds(String header) {
    if (header == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(header.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Go's {@code %q} for the plain messages servers send: quotes and backslashes escaped. */
  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static int firstNonSpace(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return b;
      }
    }
    return -1;
  }
}
