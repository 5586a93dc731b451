package io.splice.image.oci;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Documents that exercise every property and every inclusion rule of the OCI JSON codec. */
final class OciJsonSamples {
  private OciJsonSamples() {}

  static Map<String, Object> all() {
    Map<String, Object> out = new LinkedHashMap<>();
    Descriptor layer = Descriptor.of(MediaTypes.LAYER_GZIP, "sha256:" + "a".repeat(64), 32654);
    Descriptor annotated = new Descriptor(MediaTypes.MANIFEST, "sha256:" + "b".repeat(64), 0,
        new TreeMap<>(Map.of("z", "last", "a", "first \"quoted\" \u00e9\n")), new Platform("arm64", "linux", "v8"));
    out.put("descriptor", layer);
    out.put("descriptorAnnotatedWithPlatform", annotated);
    out.put("descriptorEmptyFields", new Descriptor("", null, 0, Map.of(), new Platform(null, "linux", null)));
    out.put("indexEmpty", ImageIndex.of(List.of()));
    out.put("index", new ImageIndex(2, MediaTypes.INDEX, List.of(layer, annotated), Map.of("k", "v")));
    out.put("manifestNoLayers", Manifest.of(Descriptor.of(MediaTypes.CONFIG, "sha256:" + "c".repeat(64), 2), List.of(), null));
    out.put("manifest", Manifest.of(Descriptor.of(MediaTypes.CONFIG, "sha256:" + "c".repeat(64), 2), List.of(layer, layer),
        new TreeMap<>(Map.of(MediaTypes.BASE_NAME, "base:1", MediaTypes.BASE_DIGEST, "sha256:" + "d".repeat(64)))));
    out.put("configMinimal", new ImageConfig(null, null, null, null, null, null, null, null));
    out.put("configEmptyParts", new ImageConfig("", "", "amd64", "linux", "", ContainerConfig.EMPTY,
        ImageConfig.RootFs.of(List.of()), List.of()));
    ContainerConfig full = new ContainerConfig(
        "65532:65532",
        new TreeMap<>(Map.of("8080/tcp", Map.of(), "53/udp", Map.of())),
        List.of("PATH=/usr/bin", "Q=a\"b\\c\td"),
        List.of("/app/run"),
        List.of("--port", "8080"),
        new TreeMap<>(Map.of("/data", Map.of())),
        "/srv/app",
        new TreeMap<>(Map.of("org.example", "x", "a", "")),
        "SIGINT",
        new ContainerConfig.HealthConfig(List.of("CMD-SHELL", "wget -q localhost"), 30_000_000_000L, 0, 5, 0, 2),
        List.of("/bin/ash", "-c"));
    out.put("configFull", new ImageConfig("1970-01-01T00:00:00Z", "me <m@example.com>", "amd64", "linux", "v2", full,
        ImageConfig.RootFs.of(List.of("sha256:" + "e".repeat(64))),
        List.of(new ImageConfig.History("1970-01-01T00:00:00Z", "COPY a /", null, false),
            new ImageConfig.History("1970-01-01T00:00:00Z", "ENV X=1", "a comment", true),
            new ImageConfig.History(null, null, null, false))));
    out.put("containerEmptyCollections", new ContainerConfig("", Map.of(), List.of(), List.of(), List.of(), Map.of(), "",
        Map.of(), "", new ContainerConfig.HealthConfig(List.of(), 0, 0, 0, 0, 0), List.of()));
    out.put("healthNone", new ContainerConfig.HealthConfig(List.of("NONE"), 0, 0, 0, 0, 0));
    out.put("platform", new Platform("amd64", "linux", null));
    return out;
  }
}
