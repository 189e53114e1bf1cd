package io.patio.broker;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A broker that accepts connections from peers on addresses of its own, such as the TCP
 * server. The Spring integration reads it to announce where a started broker listens.
 */
public interface ListeningBroker {

	/**
	 * The addresses the broker is bound to, with the real port where port 0 was asked
	 * for; empty before it starts and after it closes.
	 */
	List<InetSocketAddress> getBoundAddresses();

}
