package io.kubeloop.core.config;

/**
 * A configuration that cannot be used: a kubeconfig that is missing, malformed or inconsistent, an in-cluster
 * environment that is incomplete, or a certificate or key that cannot be read. Counterpart of the errors returned
 * by client-go's {@code clientcmd} ({@code ConfirmUsable}, {@code LoadFromFile}) and {@code rest.InClusterConfig}.
 *
 * <p>The message names the input (file, field, context, user or cluster), the problem and the fix. It never
 * contains a token, a password or key material: callers may log it as it is.
 *
 * <p>Unchecked, unlike the {@code IOException} of a failing request: a broken configuration is fixed by a person,
 * not retried by code.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
