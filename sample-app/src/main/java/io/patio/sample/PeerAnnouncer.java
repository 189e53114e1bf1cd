package io.patio.sample;

import java.net.InetSocketAddress;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.patio.autoconfigure.PatioBrokerStartedEvent;
import io.patio.autoconfigure.PatioProperties;
import io.patio.broker.tcp.TcpAddress;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says where the worker listens (with the bound port, so that {@code listen=...:0} shows
 * which port it got) and which workers the caller dials, once the broker has started.
 */
@Component
public class PeerAnnouncer {

	private static final Log logger = LogFactory.getLog(PeerAnnouncer.class);

	private final PatioProperties properties;

	public PeerAnnouncer(PatioProperties properties) {
		this.properties = properties;
	}

	@EventListener
	public void announce(PatioBrokerStartedEvent event) {
		if (!event.getBoundAddresses().isEmpty()) {
			logger.info("patio worker listening on "
					+ event.getBoundAddresses().stream().map(PeerAnnouncer::format).collect(Collectors.joining(", ")));
		}
		else if ("tcp-client".equals(event.getBroker().getType())) {
			logger
				.info("patio caller dialling " + String.join(", ", this.properties.getBroker().getTcp().getConnect()));
		}
	}

	private static String format(InetSocketAddress address) {
		return new TcpAddress(address.getAddress().getHostAddress(), address.getPort()).toString();
	}

}
