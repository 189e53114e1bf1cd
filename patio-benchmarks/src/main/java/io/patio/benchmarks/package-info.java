/**
 * The benchmark suite behind docs/benchmarks.md: patio's memory and TCP brokers and its
 * process pool under closed-loop load, beside gRPC, a bare Netty floor and the JDK's own
 * pool, each in a forked JVM.
 */
@NullMarked
package io.patio.benchmarks;

import org.jspecify.annotations.NullMarked;
