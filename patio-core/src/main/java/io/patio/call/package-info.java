/**
 * The call model, below brokers and executors because both pass it around: a Call and its
 * CallRequest (task name, arguments, budget, headers), the one CallTimer that ends calls
 * at their deadline, and PeriodicTask for work that repeats on that timer.
 */
@NullMarked
package io.patio.call;

import org.jspecify.annotations.NullMarked;
