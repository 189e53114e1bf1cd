package io.patio.broker.tcp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.patio.broker.BrokerHealth;

/**
 * What the TCP brokers tell Actuator through {@link io.patio.broker.BrokerDescription}:
 * plain maps and lists of strings and numbers, so that any JSON mapper writes them.
 * Nothing here reads the key.
 */
final class TcpBrokerDescriptions {

	private TcpBrokerDescriptions() {
	}

	static Map<String, Object> server(TcpServerBroker broker) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("listening", listening(broker));
		details.put("authenticatedConnections", broker.getAuthenticatedConnections());
		details.put("unauthenticatedConnections", broker.getUnauthenticatedConnections());
		details.put("evictedConnections", broker.getEvictedConnections());
		details.put("refusedConnections", broker.getRefusedConnections());
		common(broker, details);
		return details;
	}

	static Map<String, Object> client(TcpClientBroker broker) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("servers", servers(broker));
		common(broker, details);
		return details;
	}

	/** UP while listening, with the connection counts. */
	static BrokerHealth serverHealth(TcpServerBroker broker) {
		Map<String, Object> details = new LinkedHashMap<>();
		List<String> listening = listening(broker);
		details.put("listening", listening);
		details.put("connections", broker.getConnections().size());
		details.put("readyConnections", broker.getConnections().stream().filter(TcpConnection::isReady).count());
		return (broker.isRunning() && !listening.isEmpty()) ? BrokerHealth.up(details) : BrokerHealth.down(details);
	}

	/**
	 * UP while at least one server is connected, DOWN when none is; the state of each.
	 */
	static BrokerHealth clientHealth(TcpClientBroker broker) {
		Map<String, Object> details = new LinkedHashMap<>();
		List<TcpServerStatus> statuses = broker.getServerStatuses();
		long connected = statuses.stream().filter((s) -> s.state() == TcpServerStatus.State.CONNECTED).count();
		details.put("connectedServers", connected);
		details.put("configuredServers", statuses.size());
		details.put("servers", servers(broker));
		return (broker.isRunning() && connected > 0) ? BrokerHealth.up(details) : BrokerHealth.down(details);
	}

	private static List<String> listening(TcpServerBroker broker) {
		if (!broker.isRunning()) {
			return List.of();
		}
		return broker.getBoundAddresses().stream().map(TcpBrokerDescriptions::address).toList();
	}

	private static List<Map<String, Object>> servers(TcpClientBroker broker) {
		List<Map<String, Object>> servers = new ArrayList<>();
		for (TcpServerStatus status : broker.getServerStatuses()) {
			Map<String, Object> server = new LinkedHashMap<>();
			server.put("address", status.server().toString());
			server.put("state", status.state().display());
			if (status.since() != null) {
				server.put("since", status.since().toString());
			}
			if (status.lastError() != null) {
				server.put("lastError", status.lastError());
			}
			servers.add(server);
		}
		return servers;
	}

	private static void common(AbstractTcpBroker broker, Map<String, Object> details) {
		details.put("serializer", broker.getOptions().getSerializer().getName());
		details.put("tls", broker.getOptions().getSslContext() != null);
		details.put("lateAnswers", broker.getLateAnswers());
		details.put("waitingCalls", broker.getWaitingCalls());
		List<Map<String, Object>> connections = new ArrayList<>();
		broker.getConnections()
			.stream()
			.sorted(Comparator.comparing((TcpConnection c) -> String.valueOf(c.getRemoteAddress())))
			.forEach((connection) -> connections.add(connection(connection)));
		details.put("connections", connections);
	}

	private static Map<String, Object> connection(TcpConnection connection) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("remoteAddress", address(connection.getRemoteAddress()));
		details.put("localAddress", address(connection.getLocalAddress()));
		details.put("direction",
				(connection.getDirection() == TcpConnection.Direction.INBOUND) ? "accepted" : "dialled");
		details.put("tls", connection.isTls());
		details.put("ready", connection.isReady());
		details.put("connectedSince",
				(connection.getConnectedSince() != null) ? connection.getConnectedSince().toString() : null);
		details.put("advertisedTasks", List.copyOf(new TreeSet<>(connection.getAdvertisedTasks())));
		details.put("callsInFlight", connection.getInFlight());
		details.put("callsExecuting", connection.getExecuting());
		details.put("callsSent", connection.getCallsSent());
		details.put("callsReceived", connection.getCallsReceived());
		details.put("lateAnswers", connection.getLateAnswers());
		details.put("errors", connection.getErrors());
		return details;
	}

	private static String address(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			String host = (inet.getAddress() != null) ? inet.getAddress().getHostAddress() : inet.getHostString();
			return new TcpAddress(host, inet.getPort()).toString();
		}
		return String.valueOf(address);
	}

}
