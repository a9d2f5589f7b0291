package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A PATCH that cannot be applied, carrying the {@code metav1.Status} the real kube-apiserver answers with
 * (apiserver {@code pkg/endpoints/handlers/patch.go}): 400 BadRequest for a body that is not a patch, 422
 * Invalid ({@code the server rejected our request due to an error in our request}) for a JSON patch operation
 * that fails, 413 for more than 10 000 operations, and the strategic-merge errors of apimachinery
 * {@code mergepatch}.
 *
 * <p>{@link #getMessage()} is the detailed reason (for logs and tests, e.g.
 * {@code testing value /data/b failed: test failed}); {@link #status()} is what goes on the wire, whose message
 * can be less specific, exactly as on a real server.
 */
public final class PatchException extends RuntimeException {
  private final ObjectNode status;

  public PatchException(ObjectNode status, String detail) {
    super(detail);
    this.status = Objects.requireNonNull(status, "status");
  }

  /** 400 BadRequest whose Status message is {@code message}. */
  static PatchException badRequest(String message) {
    return new PatchException(StatusErrors.badRequest(message), message);
  }

  /** 422 Invalid with the generic "rejected our request" message; {@code detail} stays in {@link #getMessage()}. */
  static PatchException rejected(String detail) {
    return new PatchException(StatusErrors.patchRejected(), detail);
  }

  /** The HTTP status code to answer with. */
  public int code() {
    return StatusErrors.code(status);
  }

  /** A copy of the Status body to answer with. */
  public ObjectNode status() {
    return status.deepCopy();
  }
}
