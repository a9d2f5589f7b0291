package io.kubeloop.core.client;

/** Java counterpart of apimachinery {@code types.PatchType}: the patch formats and their media types. */
public enum PatchType {
  /** RFC 6902 operations: {@code [{"op":"replace","path":"/spec/x","value":1}]}. */
  JSON_PATCH("application/json-patch+json"),
  /** RFC 7386: a partial object; {@code null} deletes a field. */
  MERGE_PATCH("application/merge-patch+json"),
  /** Kubernetes strategic merge patch: built-in kinds only (custom resources answer 415). */
  STRATEGIC_MERGE_PATCH("application/strategic-merge-patch+json"),
  /** Server-side apply: the full intent of one field manager. Needs a field manager. */
  APPLY_PATCH("application/apply-patch+yaml");

  private final String contentType;

  PatchType(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }
}
