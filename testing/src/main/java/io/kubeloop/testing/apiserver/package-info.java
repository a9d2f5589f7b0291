/**
 * Pure building blocks of the embedded API server in {@code io.kubeloop.testing}: no I/O, no threads, no clocks
 * (time is always a parameter). Each class mirrors one piece of apimachinery, apiserver or
 * apiextensions-apiserver and reproduces its observable behaviour and message texts for Kubernetes 1.32.
 *
 * <p><b>Internal.</b> These classes are public so that the embedded server and its tests can use them from any
 * package; they are not part of kubeloop's supported API and may change without notice. Read in this order:
 *
 * <ol>
 *   <li>{@link io.kubeloop.testing.apiserver.StatusErrors} and {@link io.kubeloop.testing.apiserver.FieldError}:
 *       every failure the server sends ({@code metav1.Status}, {@code field.Error}).
 *   <li>{@link io.kubeloop.testing.apiserver.LabelSelector} and {@link io.kubeloop.testing.apiserver.FieldSelector}
 *       ({@code labelSelector=} and {@code fieldSelector=}), failing with
 *       {@link io.kubeloop.testing.apiserver.SelectorException}.
 *   <li>{@link io.kubeloop.testing.apiserver.JsonMergePatch}, {@link io.kubeloop.testing.apiserver.JsonPatch} and
 *       {@link io.kubeloop.testing.apiserver.StrategicMergePatch}: the PATCH algorithms, failing with
 *       {@link io.kubeloop.testing.apiserver.PatchException}.
 *   <li>{@link io.kubeloop.testing.apiserver.StructuralSchema}: validation, pruning and defaulting of custom
 *       resources against their CRD's {@code openAPIV3Schema}.
 *   <li>{@link io.kubeloop.testing.apiserver.TableConverter} with {@link io.kubeloop.testing.apiserver.Column},
 *       {@link io.kubeloop.testing.apiserver.JsonPathLite} and {@link io.kubeloop.testing.apiserver.HumanDuration}:
 *       the {@code meta.k8s.io/v1} Table that {@code kubectl get} asks for.
 * </ol>
 *
 * <p>Conventions: JSON is Jackson's tree model; functions never mutate their inputs and return fresh trees;
 * nothing holds static mutable state, so every class is safe to use from any thread.
 */
package io.kubeloop.testing.apiserver;
