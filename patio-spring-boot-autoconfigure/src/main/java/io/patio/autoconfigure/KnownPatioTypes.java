package io.patio.autoconfigure;

import java.util.List;

/**
 * Every value of patio's type properties that patio's own modules provide, with the
 * artifact of each: what a failure report suggests adding when a value's module is
 * missing from the class path. The values on the class path are known from their
 * {@link PatioTypeContribution} beans, not from here.
 */
final class KnownPatioTypes {

	static final String CORE = "io.patio:patio-core";

	static final String TCP = "io.patio:patio-tcp";

	static final String PROCESS = "io.patio:patio-process";

	static final String PICKLE = "io.patio:patio-pickle";

	static final String RABBITMQ = "io.patio:patio-rabbitmq";

	static final List<PatioTypeContribution> ALL = List.of(PatioTypeContribution.broker("memory", CORE),
			PatioTypeContribution.broker("tcp-server", TCP), PatioTypeContribution.broker("tcp-client", TCP),
			PatioTypeContribution.broker("rabbitmq", RABBITMQ), PatioTypeContribution.executor("thread-pool", CORE),
			PatioTypeContribution.executor("virtual-threads", CORE), PatioTypeContribution.executor("async", CORE),
			PatioTypeContribution.executor("none", CORE), PatioTypeContribution.executor("process-pool", PROCESS),
			PatioTypeContribution.tcpSerializer("json", CORE), PatioTypeContribution.tcpSerializer("cbor", TCP),
			PatioTypeContribution.tcpSerializer("pickle", PICKLE));

	private KnownPatioTypes() {
	}

}
