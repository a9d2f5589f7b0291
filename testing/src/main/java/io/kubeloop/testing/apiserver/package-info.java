/**
 * The embedded Kubernetes API server: an in-memory kube-apiserver (1.32) on a loopback port that kubeloop's tests,
 * the examples' embedded default and users' tests run against, and that the real {@code kubectl} drives.
 * {@code testing/README.md} lists what is faithful and every deliberate simplification.
 *
 * <p><b>Public API</b> (five classes):
 *
 * <ul>
 *   <li>{@link io.kubeloop.testing.apiserver.ApiServer}: start, stop, address, users, kubeconfig and
 *       {@code ClientConfig} for clients;
 *   <li>{@link io.kubeloop.testing.apiserver.Faults}: latency, injected errors, dropped or stalled watches, history
 *       compaction, partitions of one client identity;
 *   <li>{@link io.kubeloop.testing.apiserver.RequestLog} and {@link io.kubeloop.testing.apiserver.RecordedRequest}:
 *       what clients sent, to assert on;
 *   <li>{@link io.kubeloop.testing.apiserver.Credentials}: a user's token or client certificate.
 * </ul>
 *
 * <p>Everything else here is internal: public only so the server's parts can reach each other, not supported API.
 * Read it in this order to see how a request is served:
 *
 * <ol>
 *   <li>{@code EmbeddedServer} and {@code Router}: HTTP, authentication, faults, routing to a verb;
 *   <li>{@code ObjectStore} with {@code Storage}: the generic registry store (k8s.io/apiserver
 *       {@code pkg/registry/generic/registry/store.go}) over sorted maps, one global resourceVersion and a bounded
 *       history; {@code Watches} and {@code WatchStream} fan changes out to watchers;
 *   <li>the pure building blocks, with no I/O, threads or clocks: {@link io.kubeloop.testing.apiserver.StatusErrors}
 *       and {@link io.kubeloop.testing.apiserver.FieldError} (every failure the server sends),
 *       {@link io.kubeloop.testing.apiserver.LabelSelector} and {@link io.kubeloop.testing.apiserver.FieldSelector},
 *       {@link io.kubeloop.testing.apiserver.JsonMergePatch}, {@link io.kubeloop.testing.apiserver.JsonPatch} and
 *       {@link io.kubeloop.testing.apiserver.StrategicMergePatch}, {@link io.kubeloop.testing.apiserver.StructuralSchema}
 *       (validation, pruning and defaulting of custom resources), and
 *       {@link io.kubeloop.testing.apiserver.TableConverter} (the Table that {@code kubectl get} asks for);
 *   <li>{@code Discovery}, {@code OpenApi}: what kubectl reads before it acts; {@code Lifecycle}: the namespace,
 *       CRD-cleanup and garbage-collection controllers, in process.
 * </ol>
 *
 * <p>Conventions: JSON is Jackson's tree model; pure functions never mutate their inputs; nothing holds static
 * mutable state, so several servers can run in one JVM.
 */
package io.kubeloop.testing.apiserver;
