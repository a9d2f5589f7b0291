/**
 * Operations endpoints on the JDK alone: a Prometheus text registry ({@link io.kubeloop.examples.metrics.MetricsRegistry}),
 * adapters for the workqueue's and the elector's metrics listeners, and {@code /metrics}, {@code /healthz},
 * {@code /readyz} ({@link io.kubeloop.examples.metrics.OpsServer}).
 */
package io.kubeloop.examples.metrics;
