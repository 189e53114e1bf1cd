package io.patio.autoconfigure.client.scanned;

import io.patio.client.PatioClient;

/** A contract found by scanning its package. */
@PatioClient
public interface Greetings {

	String greet(String name);

}
