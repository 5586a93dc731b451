package io.splice.runtime.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient;
import io.splice.runtime.RuntimeDriverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns docker-java's unchecked failures into {@link RuntimeDriverException}s whose messages say
 * what failed and why, in the Engine's own words, without a stack trace: an Engine that does not
 * answer gets one message that names its address and what to do.
 */
final class EngineCalls {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineCalls() {}

  /** One request to the Engine. */
  @FunctionalInterface
  interface Call<T> {
    T run();
  }

  /** Runs {@code call}; a failure becomes "{@code what}: REASON". */
  static <T> T run(String host, String what, Call<T> call) throws RuntimeDriverException {
    try {
      return call.run();
    } catch (RuntimeException e) {
      throw translate(host, what, e);
    }
  }

  /**
   * {@code GET path} as JSON, for the few answers that docker-java's model does not carry whole;
   * empty when the Engine answers 404 (no such object).
   */
  static Optional<JsonNode> getJson(DockerHttpClient http, String host, String what, String path)
      throws RuntimeDriverException {
    DockerHttpClient.Request request = DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.GET)
        .path(path)
        .build();
    try (DockerHttpClient.Response response = http.execute(request)) {
      byte[] body = response.getBody().readAllBytes();
      int status = response.getStatusCode();
      if (status == 404) {
        return Optional.empty();
      }
      if (status / 100 != 2) {
        throw new RuntimeDriverException(what + ": " + engineMessage(status, new String(body, StandardCharsets.UTF_8)));
      }
      return Optional.of(JSON.readTree(body));
    } catch (JsonProcessingException e) {
      throw new RuntimeDriverException(what + ": the Engine's answer is not JSON: " + e.getOriginalMessage());
    } catch (IOException | RuntimeException e) {
      throw translate(host, what, e);
    }
  }

  static RuntimeDriverException translate(String host, String what, Throwable error) {
    if (error instanceof DockerException docker) {
      return new RuntimeDriverException(what + ": " + engineMessage(docker));
    }
    IOException io = ioCause(error);
    if (io != null) {
      return new RuntimeDriverException(unreachable(host, io.getMessage()));
    }
    return new RuntimeDriverException(what + ": " + error.getMessage());
  }

  /** The message for an Engine that does not answer at {@code host}. */
  static String unreachable(String host, String reason) {
    return "the Docker Engine at " + host + " does not answer (" + reason + "): start it"
        + " (systemctl start docker, or run dockerd), or set DOCKER_HOST to the address of an Engine that runs";
  }

  private static IOException ioCause(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException io) {
        return io;
      }
    }
    return null;
  }

  /** docker-java words errors as {@code Status 404: {"message":"No such image: x"}}; keep the message. */
  private static String engineMessage(DockerException error) {
    return engineMessage(error.getHttpStatus(), error.getMessage());
  }

  private static String engineMessage(int status, String answer) {
    String text = answer == null ? "" : answer.strip();
    int body = text.indexOf('{');
    if (body >= 0) {
      try {
        String message = JSON.readTree(text.substring(body)).path("message").asText("");
        if (!message.isEmpty()) {
          return message;
        }
      } catch (JsonProcessingException e) {
        // not JSON after all: keep the whole text
      }
    }
    return text.isEmpty() ? "HTTP status " + status : text;
  }
}
