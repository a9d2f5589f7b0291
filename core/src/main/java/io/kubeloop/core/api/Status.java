package io.kubeloop.core.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Java counterpart of {@code metav1.Status}: the body of every API error, of some delete responses, and of a
 * watch {@code ERROR} event.
 *
 * @param status {@code "Success"} or {@code "Failure"}
 * @param reason a machine-readable {@code StatusReason} such as {@code NotFound}, {@code Conflict},
 *     {@code Expired}; may be empty
 * @param code the HTTP status code the server meant (0 when unknown)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Status(
    String apiVersion,
    String kind,
    ListMeta metadata,
    String status,
    String message,
    String reason,
    Details details,
    int code,
    @JsonAnySetter @JsonAnyGetter @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, Object> unknown) {

  @JsonCreator
  public Status {
    unknown = Unknown.freeze(unknown);
  }

  /** A failure Status as a client reports one it made up itself (no server body). */
  public static Status failure(int code, String reason, String message) {
    return new Status("v1", "Status", null, "Failure", message, reason, null, code, null);
  }

  /** The causes in {@code details}, or an empty list. */
  public List<Cause> causes() {
    return details == null ? List.of() : details.causes();
  }

  /**
   * {@code metav1.StatusDetails}: which object the status is about, why, and when to retry.
   *
   * @param kind the resource (plural) or kind the status concerns
   * @param retryAfterSeconds how long the server asks the client to wait before retrying, if it said
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Details(
      String name,
      String group,
      String kind,
      String uid,
      List<Cause> causes,
      Integer retryAfterSeconds,
      @JsonAnySetter @JsonAnyGetter @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, Object> unknown) {

    @JsonCreator
    public Details {
      causes = Unknown.list(causes);
      unknown = Unknown.freeze(unknown);
    }
  }

  /**
   * {@code metav1.StatusCause}: one reason a request failed, e.g. one invalid field of a 422.
   *
   * @param reason e.g. {@code FieldValueInvalid}, {@code FieldValueRequired}
   * @param field the field path, e.g. {@code spec.replicas}
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Cause(
      String reason,
      String message,
      String field,
      @JsonAnySetter @JsonAnyGetter @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, Object> unknown) {

    @JsonCreator
    public Cause {
      unknown = Unknown.freeze(unknown);
    }
  }
}
