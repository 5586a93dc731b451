package io.splice.image.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.blob.BlobDescriptor;
import com.google.cloud.tools.jib.blob.Blobs;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.image.json.BuildableManifestTemplate;
import com.google.cloud.tools.jib.image.json.ManifestListTemplate;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import com.google.cloud.tools.jib.registry.RegistryClient;
import io.splice.image.core.ImageFailure;
import io.splice.image.oci.Descriptor;
import io.splice.image.oci.ImageConfig;
import io.splice.image.oci.Manifest;
import io.splice.image.oci.MediaTypes;
import io.splice.image.oci.OciJson;
import io.splice.image.oci.Platform;
import io.splice.image.store.BlobStore;
import io.splice.image.store.OciLayout;
import io.splice.image.store.StoredImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pulls images from and pushes images to registries over the distribution API, with jib-core's
 * registry client (bearer and basic auth, plain HTTP for insecure hosts).
 *
 * <pre>{@code
 * Registries.Pulled base = Registries.pull(ImageReference.parse("127.0.0.1:5000/busybox:1"),
 *     RegistryAccess.defaults(), store.layout(), scratch);
 * String digest = Registries.push(store.layout(), image, ImageReference.parse("127.0.0.1:5000/app:1"),
 *     RegistryAccess.defaults());
 * }</pre>
 *
 * <p>A pulled image is written into the layout with blobs as the registry served them (the
 * config and layers keep their digests) under an OCI manifest; the registry's manifest digest is
 * returned, for the {@code base.digest} annotation. A push sends the stored manifest's bytes
 * unchanged, so the registry's digest is the build's.
 */
public final class Registries {
  private static final String USER_AGENT = "splice";

  private Registries() {}

  /** A pulled image and the digest the registry gave its manifest. */
  public record Pulled(StoredImage image, String registryDigest) {}

  /** Pulls {@code reference} (for this machine's platform) into {@code into}. */
  public static Pulled pull(ImageReference reference, RegistryAccess access, OciLayout into, Path scratch)
      throws ImageFailure {
    try {
      RegistryClient client = client(reference, access);
      if (!client.doPullBearerAuth()) {
        basicAuth(client, reference, access);
      }
      ManifestAndDigest<ManifestTemplate> pulled = client.pullManifest(reference.qualifier());
      if (pulled.getManifest() instanceof ManifestListTemplate) {
        Platform here = Platform.current();
        List<String> digests =
            ((ManifestListTemplate) pulled.getManifest()).getDigestsForPlatform(here.architecture(), here.os());
        if (digests.isEmpty()) {
          throw new ImageFailure(reference + " has no image for " + here.os() + "/" + here.architecture());
        }
        pulled = client.pullManifest(digests.get(0));
      }
      if (!(pulled.getManifest() instanceof BuildableManifestTemplate)) {
        throw new ImageFailure(reference + ": manifest type " + pulled.getManifest().getManifestMediaType()
            + " is not supported (expected: an OCI or Docker v2 schema 2 manifest)");
      }
      BuildableManifestTemplate manifest = (BuildableManifestTemplate) pulled.getManifest();
      BuildableManifestTemplate.ContentDescriptorTemplate configRef = manifest.getContainerConfiguration();
      fetch(client, configRef.getDigest(), into, scratch);
      List<Descriptor> layers = new ArrayList<>();
      for (BuildableManifestTemplate.ContentDescriptorTemplate layer : manifest.getLayers()) {
        fetch(client, layer.getDigest(), into, scratch);
        String digest = layer.getDigest().toString();
        layers.add(Descriptor.of(BlobStore.layerMediaType(into.blobs().path(digest)), digest, layer.getSize()));
      }
      String configDigest = configRef.getDigest().toString();
      Manifest ours = Manifest.of(Descriptor.of(MediaTypes.CONFIG, configDigest, configRef.getSize()), layers, null);
      Descriptor descriptor = into.writeManifest(ours);
      ImageConfig config = OciJson.read(into.blobs().read(configDigest), ImageConfig.class);
      return new Pulled(new StoredImage(descriptor, ours, config), pulled.getDigest().toString());
    } catch (RegistryException | IOException e) {
      throw failure("cannot pull " + reference, reference, access, e);
    }
  }

  /** Pushes {@code image} from {@code from} as {@code reference}; returns the registry's digest. */
  public static String push(OciLayout from, StoredImage image, ImageReference reference, RegistryAccess access)
      throws ImageFailure {
    try {
      RegistryClient client = client(reference, access);
      if (!client.doPushBearerAuth()) {
        basicAuth(client, reference, access);
      }
      List<String> blobs = new ArrayList<>();
      image.manifest().layers().forEach(l -> blobs.add(l.digest()));
      blobs.add(image.manifest().config().digest());
      for (String blob : blobs) {
        DescriptorDigest digest = DescriptorDigest.fromDigest(blob);
        if (client.checkBlob(digest).isEmpty()) {
          client.pushBlob(digest, Blobs.from(from.blobs().path(blob)), null, written -> {});
        }
      }
      byte[] manifest = from.blobs().read(image.digest());
      String tag = reference.digest() != null ? reference.digest() : reference.tag();
      DescriptorDigest pushed = client.pushManifest(new RawManifest(manifest, image.descriptor().mediaType()), tag);
      if (!pushed.toString().equals(image.digest())) {
        throw new ImageFailure("pushed " + reference + " but the registry computed digest " + pushed
            + " instead of " + image.digest());
      }
      return pushed.toString();
    } catch (RegistryException | IOException | DigestException e) {
      throw failure("cannot push to " + reference, reference, access, e);
    }
  }

  private static RegistryClient client(ImageReference reference, RegistryAccess access) {
    boolean insecure = access.insecure(reference.registry());
    FailoverHttpClient http = new FailoverHttpClient(insecure, insecure, event -> {});
    RegistryClient.Factory factory =
        RegistryClient.factory(EventHandlers.NONE, reference.registry(), reference.repository(), http)
            .setUserAgent(USER_AGENT);
    access.credentialsFor(reference.registry())
        .ifPresent(c -> factory.setCredential(Credential.from(c.username(), c.password())));
    return factory.newRegistryClient();
  }

  private static void basicAuth(RegistryClient client, ImageReference reference, RegistryAccess access) {
    if (access.credentialsFor(reference.registry()).isPresent()) {
      client.configureBasicAuth();
    }
  }

  private static void fetch(RegistryClient client, DescriptorDigest digest, OciLayout into, Path scratch)
      throws IOException, ImageFailure {
    String name = digest.toString();
    if (into.blobs().has(name)) {
      return;
    }
    Path tmp = Files.createTempFile(scratch, "blob", ".tmp");
    BlobDescriptor got;
    try (OutputStream out = Files.newOutputStream(tmp)) {
      got = client.pullBlob(digest, size -> {}, written -> {}).writeTo(out);
    }
    if (!got.getDigest().equals(digest)) {
      Files.deleteIfExists(tmp);
      throw new ImageFailure("blob " + name + " arrived with digest " + got.getDigest());
    }
    into.blobs().putFile(tmp, name);
  }

  private static String refusal(String registry, RegistryAccess access) {
    Optional<String> source = access.credentialSource(registry);
    if (source.isPresent() && source.get().equals("given")) {
      return "check the user name and password";
    }
    if (source.isPresent()) {
      return "it refused the login for " + registry + " in " + source.get() + "; check it, or run docker login " + registry;
    }
    DockerConfig config = access.dockerConfig();
    if (config == null) {
      return "it needs credentials; none were given";
    }
    String helpers = config.helpers().isEmpty() ? ""
        : "; Splice does not run the credential helpers it names (" + String.join(", ", config.helpers()) + ")";
    return "it needs credentials; none were given, and " + config.file() + " has no login for " + registry + helpers;
  }

  private static ImageFailure failure(String what, ImageReference reference, RegistryAccess access, Exception e) {
    if (e instanceof ImageFailure) {
      return (ImageFailure) e;
    }
    if (e instanceof RegistryUnauthorizedException) {
      return new ImageFailure(what + ": the registry " + reference.registry() + " refused access ("
          + refusal(reference.registry(), access) + ")", e);
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof ConnectException) {
      return new ImageFailure(what + ": cannot connect to the registry " + reference.registry() + " ("
          + root.getMessage() + ")", e);
    }
    return new ImageFailure(what + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
  }
}
