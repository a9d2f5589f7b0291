/**
 * The VirtualMachine controller (sample-controller's counterpart): the {@code cloudnative.czs/v1alpha1} records
 * ({@link io.kubeloop.examples.vm.VirtualMachine} and its spec and status), the reconciler, its wiring and the
 * {@code vm-controller} command. The backend it drives is in {@code vm.backend}.
 */
package io.kubeloop.examples.vm;
