/**
 * Java counterpart of {@code k8s.io/utils/clock}: {@link io.kubeloop.core.clock.Clock} is injected into every
 * time-based component; {@code io.kubeloop.testing.FakeClock} stands in for it in tests.
 */
package io.kubeloop.core.clock;
