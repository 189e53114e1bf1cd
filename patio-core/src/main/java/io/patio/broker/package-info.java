/**
 * The broker API: PatioBroker delivers calls to an executor, here or elsewhere.
 * AbstractPatioBroker holds what every broker shares (the call's budget, the
 * interceptors, the result conversion), MemoryBroker delivers to the executor of this
 * process, CallResponder is the worker side of a call for any transport, and small
 * capability interfaces (ListeningBroker, ConnectedBroker) say what a broker can report.
 */
@NullMarked
package io.patio.broker;

import org.jspecify.annotations.NullMarked;
