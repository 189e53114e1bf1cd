package io.patio.autoconfigure.client.scannedhere;

import io.patio.client.PatioClient;

/** A contract in the package of the configuration that imports clients. */
@PatioClient
public interface Local {

	int one();

}
