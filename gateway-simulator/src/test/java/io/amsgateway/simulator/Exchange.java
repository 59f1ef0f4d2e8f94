package io.amsgateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** One response as the test client received it. */
record Exchange(int status, HttpHeaders headers, byte[] body, long millis) {
    private static final ObjectMapper JSON = new ObjectMapper();

    JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text(), e);
        }
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    String resultCode() {
        return json().path("result").path("resultCode").asText();
    }

    String resultStatus() {
        return json().path("result").path("resultStatus").asText();
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
