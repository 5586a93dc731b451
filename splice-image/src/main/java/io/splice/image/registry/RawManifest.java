package io.splice.image.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import java.nio.charset.StandardCharsets;

/**
 * A manifest pushed exactly as stored: the registry client writes these bytes unchanged, so the
 * registry computes the same digest as the build printed.
 */
final class RawManifest implements ManifestTemplate {
  private final String json;
  private final String mediaType;

  RawManifest(byte[] json, String mediaType) {
    this.json = new String(json, StandardCharsets.UTF_8);
    this.mediaType = mediaType;
  }

  @JsonValue
  @JsonRawValue
  String json() {
    return json;
  }

  @JsonIgnore
  @Override
  public int getSchemaVersion() {
    return 2;
  }

  @JsonIgnore
  @Override
  public String getManifestMediaType() {
    return mediaType;
  }
}
