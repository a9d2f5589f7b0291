/**
 * The API types kubeloop itself needs (client-go: {@code k8s.io/apimachinery/pkg/apis/meta/v1},
 * {@code k8s.io/api/coordination/v1}, {@code unstructured}): {@link io.kubeloop.core.api.ObjectMeta},
 * {@link io.kubeloop.core.api.Status}, {@link io.kubeloop.core.api.Lease}, {@link io.kubeloop.core.api.WatchEvent},
 * {@link io.kubeloop.core.api.DynamicObject} for everything else, and {@link io.kubeloop.core.api.ResourceType} to
 * name a resource. All are immutable and keep the JSON fields they do not model.
 */
package io.kubeloop.core.api;
