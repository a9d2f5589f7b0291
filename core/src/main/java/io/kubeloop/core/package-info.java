/**
 * kubeloop's core: talking to an API server. Java counterpart of client-go's {@code rest}, {@code transport} and
 * {@code tools/clientcmd} packages and of the apimachinery types they carry. The {@code watch}, {@code lease} and
 * {@code testing} modules build on it and nothing here depends on them.
 *
 * <p>The packages, in the order a request meets them:
 * <ol>
 *   <li>{@link io.kubeloop.core.config}: where the server is and who we are (kubeconfig, in-cluster, exec plugins,
 *       token files), resolved into an immutable {@link io.kubeloop.core.config.ClientConfig}.
 *   <li>{@link io.kubeloop.core.tls}: the cluster's CA and the client certificate, as the JDK's
 *       {@code SSLContext}.
 *   <li>{@link io.kubeloop.core.client}: {@link io.kubeloop.core.client.KubeClient} (one {@code HttpClient}, a chain
 *       of request stages) and the resource verbs of {@link io.kubeloop.core.client.ResourceClient}, including
 *       watch streams.
 *   <li>{@link io.kubeloop.core.api}: the objects on the wire ({@code ObjectMeta}, {@code Status}, {@code Lease},
 *       {@code DynamicObject}) and {@link io.kubeloop.core.api.ApiException} with client-go's predicates.
 *   <li>{@link io.kubeloop.core.clock}: the injectable clock every time-based part uses.
 * </ol>
 *
 * <p>This package holds {@link io.kubeloop.core.Context}, the counterpart of Go's {@code context.Context}
 * (cancellation and deadlines on a clock), which every blocking call of every module accepts.
 *
 * <p>{@code core/README.md} walks through a request stage by stage and lists the deliberate differences from
 * client-go.
 */
package io.kubeloop.core;
