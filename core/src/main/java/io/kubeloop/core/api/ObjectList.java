package io.kubeloop.core.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Java counterpart of the generated {@code XxxList} types of client-go ({@code v1.ConfigMapList},
 * {@code unstructured.UnstructuredList}): a list response, the items, and the {@link ListMeta}
 * carrying the resourceVersion the list was read at and the continue token of the next page.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectList<T>(
    String apiVersion,
    String kind,
    ListMeta metadata,
    List<T> items,
    @JsonAnySetter @JsonAnyGetter @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, Object> unknown) {

  @JsonCreator
  public ObjectList {
    items = Unknown.list(items);
    metadata = metadata == null ? new ListMeta(null, null, null, null) : metadata;
    unknown = Unknown.freeze(unknown);
  }

  /** The resourceVersion the list was read at. */
  public String resourceVersion() {
    return metadata.resourceVersion();
  }
}
