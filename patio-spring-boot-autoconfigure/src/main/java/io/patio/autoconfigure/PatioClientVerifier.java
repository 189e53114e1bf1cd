package io.patio.autoconfigure;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.patio.autoconfigure.client.PatioClientFactoryBean;
import io.patio.broker.PatioBroker;
import io.patio.broker.client.PatioClients;
import io.patio.broker.tcp.AbstractTcpBroker;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpConnection;
import io.patio.broker.tcp.TcpServerBroker;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.ApplicationListener;

/**
 * With {@code patio.client.verify=true}: once the broker has started and discovery is
 * done, logs a warning naming each method of an imported client that no connected peer
 * offers. A {@code tcp-client} waits for every server's first attempt (handshake and
 * discovery), on a thread of its own so that the startup does not wait; the memory broker
 * checks its own registry. A {@code tcp-server} learns its peers' tasks whenever clients
 * connect, so it has no moment to check at: it says so and checks nothing.
 */
public class PatioClientVerifier implements ApplicationListener<PatioBrokerStartedEvent> {

	private static final Log logger = LogFactory.getLog(PatioClientVerifier.class);

	private final ListableBeanFactory beanFactory;

	public PatioClientVerifier(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void onApplicationEvent(PatioBrokerStartedEvent event) {
		List<Class<?>> contracts = new ArrayList<>();
		for (String name : this.beanFactory.getBeanNamesForType(PatioClientFactoryBean.class, true, false)) {
			contracts.add(this.beanFactory.getBean(name, PatioClientFactoryBean.class).getContract());
		}
		PatioBroker broker = event.getBroker();
		if (contracts.isEmpty()) {
			return;
		}
		if (broker instanceof TcpServerBroker) {
			logger.info("patio.client.verify: a tcp-server learns its peers' tasks as clients connect, so the "
					+ contracts.size() + " imported client(s) are not checked");
			return;
		}
		Thread verifier = new Thread(() -> verify(broker, contracts), "patio-client-verify");
		verifier.setDaemon(true);
		verifier.start();
	}

	private void verify(PatioBroker broker, List<Class<?>> contracts) {
		if (broker instanceof TcpClientBroker client) {
			try {
				client.connect();
			}
			catch (RuntimeException ex) {
				logger.debug("patio.client.verify: not every server is connected (" + ex.getMessage()
						+ "); checking those that are");
			}
		}
		Set<String> offered = offered(broker);
		for (Class<?> contract : contracts) {
			List<String> missing = new ArrayList<>();
			for (Map.Entry<Method, String> entry : PatioClients.taskNames(broker.getRegistry(), contract).entrySet()) {
				if (!offered.contains(entry.getValue())) {
					missing.add(entry.getKey().getName() + " ('" + entry.getValue() + "')");
				}
			}
			if (missing.isEmpty()) {
				logger.info("patio.client.verify: every method of " + contract.getName() + " is offered");
			}
			else {
				logger.warn("patio.client.verify: no connected peer offers " + missing.size() + " method(s) of "
						+ contract.getName() + ": " + String.join(", ", missing));
			}
		}
	}

	private static Set<String> offered(PatioBroker broker) {
		if (broker instanceof AbstractTcpBroker tcp) {
			Set<String> offered = new HashSet<>();
			for (TcpConnection connection : tcp.getConnections()) {
				offered.addAll(connection.getAdvertisedTasks());
			}
			return offered;
		}
		return broker.getRegistry().asMap().keySet();
	}

}
