/**
 * The controller runner: sample-controller's {@code Run} / {@code runWorker} / {@code processNextWorkItem} loop,
 * written once. Read in this order:
 *
 * <ol>
 *   <li>{@link io.kubeloop.watch.controller.Reconciler} and {@link io.kubeloop.watch.controller.Result}: your
 *       logic for one key, and what it asks for next (done, requeue, requeue after a delay).
 *   <li>{@link io.kubeloop.watch.controller.Controller}: waits for the caches to sync, runs N named workers over a
 *       {@link io.kubeloop.watch.workqueue.RateLimitingQueue}, forgets keys on success, re-queues them rate-limited
 *       on error, and stops by draining in-flight reconciles. Built with
 *       {@link io.kubeloop.watch.controller.ControllerBuilder}.
 *   <li>{@link io.kubeloop.watch.controller.ReconcileErrorHandler}: where failures are reported (logged by default).
 * </ol>
 */
package io.kubeloop.watch.controller;
