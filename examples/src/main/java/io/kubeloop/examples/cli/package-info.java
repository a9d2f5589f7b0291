/**
 * What every subcommand shares: Go-style flags ({@link io.kubeloop.examples.cli.Flags},
 * {@link io.kubeloop.examples.cli.GoDuration}), SIGINT/SIGTERM as a context
 * ({@link io.kubeloop.examples.cli.SignalContext}) and the build's version.
 */
package io.kubeloop.examples.cli;
