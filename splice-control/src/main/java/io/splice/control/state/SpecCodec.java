package io.splice.control.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.splice.spec.App;

/** Stores a validated app as JSON, so a restarted daemon runs exactly what was brought up. */
public final class SpecCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  private SpecCodec() {}

  public static String encode(App app) {
    try {
      return MAPPER.writeValueAsString(app);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode app " + app.name() + ": " + e.getMessage(), e);
    }
  }

  /** One service as JSON, for comparing and digesting. */
  public static String encodeService(io.splice.spec.ServiceSpec service) {
    try {
      return MAPPER.writeValueAsString(service);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode service " + service.name() + ": " + e.getMessage(), e);
    }
  }

  public static App decode(String json) throws StateException {
    try {
      return MAPPER.readValue(json, App.class);
    } catch (JsonProcessingException e) {
      throw new StateException("cannot decode a stored app: " + e.getOriginalMessage(), e);
    }
  }
}
