package io.kubeloop.core.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Java counterpart of {@code metav1.ListMeta}: the resourceVersion a list was read at, and the continue token and
 * remaining count of a paginated list.
 *
 * @param continueToken {@code continue} on the wire (a Java keyword); empty or null on the last page
 * @param remainingItemCount how many items follow this page, when the server knows (never with a selector)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ListMeta(
    String resourceVersion,
    @JsonProperty("continue") String continueToken,
    Long remainingItemCount,
    @JsonAnySetter @JsonAnyGetter @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, Object> unknown) {

  @JsonCreator
  public ListMeta {
    unknown = Unknown.freeze(unknown);
  }

  /** Whether another page follows. */
  public boolean hasContinue() {
    return continueToken != null && !continueToken.isEmpty();
  }
}
