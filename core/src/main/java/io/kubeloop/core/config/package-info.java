/**
 * Where the API server is and how to talk to it: Java counterpart of client-go {@code tools/clientcmd}
 * (kubeconfig), {@code rest.InClusterConfig}, {@code transport} token sources and
 * {@code plugin/pkg/client/auth/exec}.
 *
 * <p>Read in this order: {@link io.kubeloop.core.config.ClientConfig} (the result, {@code rest.Config}),
 * {@link io.kubeloop.core.config.KubeConfigLoader} (which source is used), {@code LoadingRules} (which files and how
 * they merge), {@code KubeConfigFile} (one file), {@link io.kubeloop.core.config.KubeConfig} (the schema),
 * {@code DirectClientConfig} (kubeconfig + context to {@code ClientConfig}), {@code InClusterConfig}, then the
 * credential providers {@code BearerToken}, {@code TokenFileCredentials}, {@code BasicAuth} and
 * {@code ExecCredentialProvider} over {@code ExecPlugin}. TLS lives in {@code io.kubeloop.core.tls}.
 *
 * <p>Secrets: no class here puts a token, password or key in a log line, an exception message or
 * {@code toString}.
 */
package io.kubeloop.core.config;
