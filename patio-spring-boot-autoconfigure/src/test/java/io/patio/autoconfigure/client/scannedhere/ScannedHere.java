package io.patio.autoconfigure.client.scannedhere;

import io.patio.autoconfigure.client.ImportPatioClients;

import org.springframework.context.annotation.Configuration;

/** Imports the clients of its own package. */
@Configuration(proxyBeanMethods = false)
@ImportPatioClients
public class ScannedHere {

}
