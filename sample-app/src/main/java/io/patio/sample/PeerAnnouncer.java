package io.patio.sample;

import java.net.InetSocketAddress;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.patio.broker.PatioBroker;
import io.patio.broker.tcp.TcpAddress;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.broker.tcp.TcpServerBroker;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says where the worker listens (with the bound port, so that {@code listen=...:0} shows
 * which port it got) and which workers the caller dials, once the application is ready.
 */
@Component
public class PeerAnnouncer {

	private static final Log logger = LogFactory.getLog(PeerAnnouncer.class);

	private final PatioBroker broker;

	public PeerAnnouncer(PatioBroker broker) {
		this.broker = broker;
	}

	@EventListener(ApplicationReadyEvent.class)
	public void announce() {
		if (this.broker instanceof TcpServerBroker server) {
			logger.info("patio worker listening on "
					+ server.getBoundAddresses().stream().map(PeerAnnouncer::format).collect(Collectors.joining(", ")));
		}
		else if (this.broker instanceof TcpClientBroker client) {
			logger.info("patio caller dialling "
					+ client.getServers().stream().map(TcpAddress::toString).collect(Collectors.joining(", ")));
		}
	}

	private static String format(InetSocketAddress address) {
		return new TcpAddress(address.getAddress().getHostAddress(), address.getPort()).toString();
	}

}
