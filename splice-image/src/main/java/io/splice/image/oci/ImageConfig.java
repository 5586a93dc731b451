package io.splice.image.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * An OCI image config: how an image's layers are run, their uncompressed digests and the history
 * that made them.
 *
 * <pre>{@code
 * {
 *   "created": "1970-01-01T00:00:00Z",
 *   "architecture": "amd64",
 *   "os": "linux",
 *   "config": {"Env": ["PATH=/usr/bin"], "Entrypoint": ["/app"], "WorkingDir": "/srv"},
 *   "rootfs": {"type": "layers", "diff_ids": ["sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"]},
 *   "history": [
 *     {"created": "1970-01-01T00:00:00Z", "created_by": "COPY app /app"},
 *     {"created": "1970-01-01T00:00:00Z", "created_by": "WORKDIR /srv", "empty_layer": true}
 *   ]
 * }
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"created", "author", "architecture", "os", "variant", "config", "rootfs", "history"})
public record ImageConfig(
    String created,
    String author,
    String architecture,
    String os,
    String variant,
    ContainerConfig config,
    RootFs rootfs,
    List<History> history) {

  /** The config section, never null. */
  @Override
  public ContainerConfig config() {
    return config == null ? ContainerConfig.EMPTY : config;
  }

  /** The history, never null. */
  @Override
  public List<History> history() {
    return history == null ? List.of() : history;
  }

  /** The layers' uncompressed digests: {@code {"type": "layers", "diff_ids": [...]}}. */
  public record RootFs(String type, @JsonProperty("diff_ids") List<String> diffIds) {
    /** A {@code layers} rootfs of these diff IDs. */
    public static RootFs of(List<String> diffIds) {
      return new RootFs("layers", List.copyOf(diffIds));
    }

    @Override
    public List<String> diffIds() {
      return diffIds == null ? List.of() : diffIds;
    }
  }

  /** One step of the history; {@code emptyLayer} is true when the step added no layer. */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  @JsonPropertyOrder({"created", "created_by", "comment", "empty_layer"})
  public record History(
      String created,
      @JsonProperty("created_by") String createdBy,
      String comment,
      @JsonProperty("empty_layer") boolean emptyLayer) {}
}
