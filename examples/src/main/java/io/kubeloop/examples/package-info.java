/**
 * Programs people run, one subcommand of {@code kubeloop-examples.jar} each ({@link io.kubeloop.examples.Main}):
 * {@code vm-controller} ({@code vm}), {@code demo}, {@code leader-election} ({@code leaderelection}) and
 * {@code apiserver}. Read {@code examples/README.md} first; then, for the controller, in this order:
 * {@code vm.VmReconciler} (the logic), {@code vm.VmController} (informer, queue, workers), {@code vm.Replica}
 * (leader election, events, endpoints), {@code vm.VmControllerCommand} (flags and the embedded default).
 */
package io.kubeloop.examples;
