package io.kubeloop.testing.apiserver;

/**
 * A {@code labelSelector} or {@code fieldSelector} that does not parse, or names a field the resource cannot
 * select on. The message is the real kube-apiserver's text (for example
 * {@code unable to parse requirement: found '', expected: identifier} or
 * {@code field label not supported: foo}), so the server answers with
 * {@code StatusErrors.badRequest(e.getMessage())} exactly like kube-apiserver does.
 */
public final class SelectorException extends RuntimeException {
  public SelectorException(String message) {
    super(message);
  }
}
