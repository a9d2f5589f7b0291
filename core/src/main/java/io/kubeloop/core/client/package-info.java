/**
 * Requests to an API server: Java counterpart of client-go's {@code rest} package ({@code RESTClient},
 * {@code Request}, {@code with_retry.go}), its {@code transport} round trippers, the typed and dynamic clients, and
 * apimachinery's {@code StreamWatcher}.
 *
 * <p>Read in this order:
 * <ol>
 *   <li>{@link io.kubeloop.core.client.KubeClient} and {@link io.kubeloop.core.client.ResourceClient}: the public
 *       surface; options records ({@code ListOptions}, {@code WatchOptions}, {@code WriteOptions},
 *       {@code PatchOptions}, {@code DeleteOptions}) become query parameters through {@code Query}.
 *   <li>{@code DefaultKubeClient}: the {@code HttpClient} and, in {@code stages()}, the one place where the order of
 *       the request stages is decided.
 *   <li>{@code RequestStage} and {@code KubeRequest}/{@code KubeResponse}: the chain and what flows through it.
 *   <li>The stages, outermost first: {@code RetryStage} (with {@code TransportErrors}), {@code UserAgentStage},
 *       {@code AcceptStage}, {@code AuthorizationStage}, then {@code TransportStage}, the exchange itself.
 *   <li>{@code DefaultResourceClient}: each verb as a request; {@code ResponseErrors} maps a refusal to
 *       {@link io.kubeloop.core.api.ApiException}.
 *   <li>{@link io.kubeloop.core.client.WatchStream}: {@code DefaultWatchStream} reads one event at a time from the
 *       live body and {@code WatchDecoder} decodes it.
 * </ol>
 *
 * <p>Threads: a {@code KubeClient} owns an executor of daemon threads ({@code kubeloop-http-<n>}) for its
 * {@code HttpClient}; {@code close()} aborts what is in flight, closes open watch streams and stops them. Calls
 * block the caller's thread; a {@link io.kubeloop.core.Context} cancels them.
 */
package io.kubeloop.core.client;
